/** The analysis worker in the browser (the web extension host): a Web Worker entry. */
import { createHandler } from './handler';
import type { ToWorker } from './protocol';

const scope = globalThis as unknown as { postMessage(msg: unknown): void; onmessage: ((e: { data: ToWorker }) => void) | null };
const handle = createHandler(msg => scope.postMessage(msg));
scope.onmessage = e => handle(e.data);
