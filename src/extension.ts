/**
 * The entry of both extension hosts (package.json `main` and `browser` name this one bundle, so the
 * package holds it once). It is built for the browser (no Node built-ins imported); what differs is
 * only how the analysis worker starts: a Node worker thread running out/worker.js on the desktop
 * (and remote) hosts, a Web Worker made from the same script in the web host (vscode.dev,
 * github.dev). Where no worker can start, the analysis runs in the extension host, one file at a time.
 *
 * The analysis core is out/core.js (src/lazyCore.ts): the desktop host requires it on first use; the
 * web host, whose `require` knows only `vscode`, reads and evaluates it before activating (as VS Code
 * itself loads a web extension's main file).
 */
import * as vscode from 'vscode';
import { activateWith, type CorroborateApi } from './activate';
import { nodeWorkerThreads, spawnNodeWorker } from './worker/spawnNode';
import { spawnWebWorker } from './worker/spawnWeb';
import { provideCore } from './lazyCore';
import type * as CoreApi from './coreApi';

export type { CorroborateApi } from './activate';

export function activate(context: vscode.ExtensionContext): CorroborateApi | Promise<CorroborateApi> {
  if (nodeWorkerThreads()) {
    return activateWith(context, {
      name: 'node',
      spawnWorker: () => spawnNodeWorker(vscode.Uri.joinPath(context.extensionUri, 'out', 'worker.js').fsPath),
    });
  }
  return loadCoreFile(context.extensionUri).then(() => activateWith(context, { name: 'web', spawnWorker: () => spawnWebWorker(context.extensionUri) }));
}

/** Reads and evaluates out/core.js (a CommonJS file that requires nothing) where `require` cannot. */
async function loadCoreFile(extensionUri: vscode.Uri): Promise<void> {
  let source: string;
  try {
    source = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'out', 'core.js')));
  } catch {
    return; // not a split build (tests bundle the core in): lazyCore finds it itself
  }
  const module = { exports: {} as typeof CoreApi };
  new Function('module', 'exports', `${source}\n//# sourceURL=${vscode.Uri.joinPath(extensionUri, 'out', 'core.js').toString()}`)(module, module.exports);
  provideCore(module.exports);
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
