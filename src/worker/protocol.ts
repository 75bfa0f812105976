/** Messages between the extension host and the analysis worker: plain data only. */
import type { AnalyzeRequest, AnalyzeResponse } from '../core/analysis/pipeline';

export type ToWorker =
  /** The models' bytes, sent once: the entity model and the reported-speech model (null: none). */
  | { type: 'init'; model: Uint8Array | null; reported: Uint8Array | null }
  | { type: 'analyze'; id: number; req: AnalyzeRequest }
  | { type: 'lexicon'; id: number };

export type FromWorker =
  | { type: 'result'; id: number; res: AnalyzeResponse; ms: number }
  | { type: 'lexicon'; id: number; entries: { words: string; flags: Uint8Array } | null }
  | { type: 'error'; id: number; message: string };

/** What the client needs of a worker (Node's worker_threads Worker or a browser Web Worker). */
export interface WorkerPort {
  post(msg: ToWorker): void;
  onMessage(cb: (msg: FromWorker) => void): void;
  /** The worker died (an uncaught error or exit). */
  onError(cb: (e: Error) => void): void;
  terminate(): void;
}
