/** Starts the analysis worker as a Node worker thread (desktop and remote extension hosts). */
import { Worker } from 'node:worker_threads';
import type { FromWorker, WorkerPort } from './protocol';

export function spawnNodeWorker(script: string): WorkerPort {
  const w = new Worker(script);
  w.unref();
  return {
    post: msg => w.postMessage(msg),
    onMessage: cb => w.on('message', (m: FromWorker) => cb(m)),
    onError: cb => {
      w.on('error', e => cb(e instanceof Error ? e : new Error(String(e))));
      w.on('exit', code => cb(new Error(`the worker exited (code ${code})`)));
    },
    terminate: () => void w.terminate(),
  };
}
