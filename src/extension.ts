/**
 * The entry of both extension hosts (package.json `main` and `browser` name this one bundle, so the
 * package holds it once). It is built for the browser (no Node built-ins imported); what differs is
 * only how the analysis worker starts: a Node worker thread running out/worker.js on the desktop
 * (and remote) hosts, a Web Worker made from the same script in the web host (vscode.dev,
 * github.dev). Where no worker can start, the analysis runs in the extension host, one file at a time.
 */
import * as vscode from 'vscode';
import { activateWith, type CorroborateApi } from './activate';
import { nodeWorkerThreads, spawnNodeWorker } from './worker/spawnNode';
import { spawnWebWorker } from './worker/spawnWeb';

export type { CorroborateApi } from './activate';

export function activate(context: vscode.ExtensionContext): CorroborateApi {
  if (nodeWorkerThreads()) {
    return activateWith(context, {
      name: 'node',
      spawnWorker: () => spawnNodeWorker(vscode.Uri.joinPath(context.extensionUri, 'out', 'worker.js').fsPath),
    });
  }
  return activateWith(context, { name: 'web', spawnWorker: () => spawnWebWorker(context.extensionUri) });
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
