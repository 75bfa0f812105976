/** Loads the entity model shipped with the extension, lazily, once (through workspace.fs). */
import * as vscode from 'vscode';
import type { Tagger } from './core/entities/extract';
import { createNerTagger } from './core/entities/nerTagger';

export function modelUri(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'models', 'ner.bin');
}

export function taggerFactory(extensionUri: vscode.Uri): () => Promise<Tagger> {
  return async () => createNerTagger(await vscode.workspace.fs.readFile(modelUri(extensionUri)));
}
