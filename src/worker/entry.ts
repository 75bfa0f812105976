/**
 * The analysis worker, one script for both extension hosts (so the package holds it once): a
 * worker_threads worker in Node (the desktop and remote hosts start out/worker.js from its path) or
 * a Web Worker in the browser (the web host reads out/worker.js through workspace.fs and starts it
 * from a blob URL). Built for the browser; Node's worker_threads is asked for at run time.
 */
import { createHandler } from './handler';
import type { FromWorker, ToWorker } from './protocol';

interface NodeParentPort {
  postMessage(msg: FromWorker): void;
  on(event: 'message', cb: (msg: ToWorker) => void): void;
}

/**
 * The worker_threads parent port in Node; null in a Web Worker, where the bundle's `require` shim
 * throws (esbuild rewrites `typeof require` too, so only trying tells).
 */
function nodeParentPort(): NodeParentPort | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('node:worker_threads') as { parentPort: NodeParentPort | null }).parentPort;
  } catch {
    return null;
  }
}

const parent = nodeParentPort();
if (parent) {
  const handle = createHandler(msg => parent.postMessage(msg));
  parent.on('message', msg => handle(msg));
} else {
  const scope = globalThis as unknown as { postMessage(msg: FromWorker): void; onmessage: ((e: { data: ToWorker }) => void) | null };
  const handle = createHandler(msg => scope.postMessage(msg));
  scope.onmessage = e => handle(e.data);
}
