/**
 * Starts the analysis worker as a Web Worker (the web extension host: vscode.dev, github.dev): the
 * script out/worker.js is read through workspace.fs and started from a blob URL, which works
 * whatever origin serves the extension. Undefined where Web Workers are not available.
 */
import * as vscode from 'vscode';
import type { FromWorker, WorkerPort } from './protocol';

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

export async function spawnWebWorker(extensionUri: vscode.Uri): Promise<WorkerPort | undefined> {
  const g = globalThis as unknown as Globals;
  if (!g.Worker || !g.Blob || !g.URL.createObjectURL) return undefined;
  const script = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'out', 'worker.js'));
  const url = g.URL.createObjectURL(new g.Blob([script], { type: 'text/javascript' }));
  const w = new g.Worker(url);
  return {
    post: msg => w.postMessage(msg),
    onMessage: cb => (w.onmessage = e => cb(e.data)),
    onError: cb => (w.onerror = e => cb(new Error(e.message ?? 'worker error'))),
    terminate: () => w.terminate(),
  };
}
