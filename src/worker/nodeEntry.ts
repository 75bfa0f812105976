/** The analysis worker in Node (the desktop extension host): a worker_threads entry. */
import { parentPort } from 'node:worker_threads';
import { createHandler } from './handler';
import type { ToWorker } from './protocol';

if (parentPort) {
  const port = parentPort;
  const handle = createHandler(msg => port.postMessage(msg));
  port.on('message', (msg: ToWorker) => handle(msg));
}
