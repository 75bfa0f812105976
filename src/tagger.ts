/** The models shipped with the extension (media/models/), read through workspace.fs, once. */
import * as vscode from 'vscode';
import type { Tagger } from './core/entities/extract';
import { lazyCore } from './lazyCore';

export function modelUri(extensionUri: vscode.Uri, name: 'ner.bin' | 'reported.bin' = 'ner.bin'): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'models', name);
}

/**
 * The host-thread tagger factory: installs the reported-speech model in this thread first (quotes
 * found here, not in the worker, use it too), then loads the entity model.
 */
export function taggerFactory(extensionUri: vscode.Uri, installReported: () => Promise<void>): () => Promise<Tagger> {
  return async () => {
    await installReported();
    return lazyCore.nerTagger().createNerTagger(await vscode.workspace.fs.readFile(modelUri(extensionUri)));
  };
}
