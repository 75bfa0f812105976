/**
 * The browser entry (vscode.dev, github.dev, the web extension host): no Node built-ins. The
 * analysis worker is a Web Worker made from out/worker.web.js (read through workspace.fs and
 * started from a blob URL, which works whatever origin serves the extension); where workers
 * cannot be started, the analysis runs in the extension host, one file at a time.
 */
import * as vscode from 'vscode';
import { activateWith, type CorroborateApi } from './activate';
import type { FromWorker, WorkerPort } from './worker/protocol';

export type { CorroborateApi } from './activate';

interface WebWorkerLike {
  postMessage(msg: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: FromWorker }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
}

type Globals = {
  Worker?: new (url: string) => WebWorkerLike;
  Blob?: new (parts: Uint8Array[], options: { type: string }) => unknown;
  URL: { createObjectURL?(blob: unknown): string };
};

async function spawnWebWorker(extensionUri: vscode.Uri): Promise<WorkerPort | undefined> {
  const g = globalThis as unknown as Globals;
  if (!g.Worker || !g.Blob || !g.URL.createObjectURL) return undefined;
  const script = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'out', 'worker.web.js'));
  const url = g.URL.createObjectURL(new g.Blob([script], { type: 'text/javascript' }));
  const w = new g.Worker(url);
  return {
    post: msg => w.postMessage(msg),
    onMessage: cb => (w.onmessage = e => cb(e.data)),
    onError: cb => (w.onerror = e => cb(new Error(e.message ?? 'worker error'))),
    terminate: () => w.terminate(),
  };
}

export function activate(context: vscode.ExtensionContext): CorroborateApi {
  return activateWith(context, { name: 'web', spawnWorker: () => spawnWebWorker(context.extensionUri) });
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
