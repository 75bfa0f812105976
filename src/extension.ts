/** The desktop (Node) entry: the analysis worker is a worker thread running out/worker.js. */
import * as vscode from 'vscode';
import { activateWith, type CorroborateApi } from './activate';
import { spawnNodeWorker } from './worker/spawnNode';

export type { CorroborateApi } from './activate';

export function activate(context: vscode.ExtensionContext): CorroborateApi {
  return activateWith(context, {
    name: 'node',
    spawnWorker: () => spawnNodeWorker(vscode.Uri.joinPath(context.extensionUri, 'out', 'worker.js').fsPath),
  });
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
