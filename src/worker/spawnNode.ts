/** Starts the analysis worker as a Node worker thread (desktop and remote extension hosts). */
import type * as WorkerThreads from 'node:worker_threads';
import type { FromWorker, WorkerPort } from './protocol';

/**
 * Node's worker_threads when this extension host is Node; undefined in the web extension host (the
 * bundle is one for both, so the module is asked for at run time, never imported).
 */
export function nodeWorkerThreads(): typeof WorkerThreads | undefined {
  if (typeof process !== 'object' || typeof process.versions?.node !== 'string' || typeof require !== 'function') return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('node:worker_threads') as typeof WorkerThreads;
  } catch {
    return undefined;
  }
}

export function spawnNodeWorker(script: string): WorkerPort {
  const threads = nodeWorkerThreads();
  if (!threads) throw new Error('worker threads are not available in this extension host');
  const w = new threads.Worker(script);
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
