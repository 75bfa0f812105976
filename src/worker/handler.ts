/** The worker's side: runs the core's analysis pipeline on each request, the models loaded once. */
import { createAnalyzer } from '../core/analysis/pipeline';
import { primer } from '../core/analysis/prime';
import { nerTaggerOf } from '../core/entities/nerTagger';
import type { Tagger } from '../core/entities/extract';
import { lexiconEntries, loadNerModel, type NerModel } from '../core/ner';
import { installReportedBytes } from './reportedModel';
import type { FromWorker, ToWorker } from './protocol';

export interface HandlerOptions {
  /**
   * After the first analysis with entities, warm the incremental paths in idle time (core
   * analysis/prime.ts: a short typing session on a small built-in article, one analysis per turn,
   * each turn yielding to requests that arrived), so the first edits of an opened article do not
   * run them cold. The number of edits; 0 (the default) for none.
   */
  primeEdits?: number;
  /** Called once the warm-up has run its last step (for tests). */
  onPrimed?: () => void;
}

/** How long the worker waits, idle, before each warm-up step (a request that arrives meanwhile goes first). */
const PRIME_IDLE_MS = 4;

export function createHandler(post: (msg: FromWorker) => void, options: HandlerOptions = {}): (msg: ToWorker) => void {
  // open documents, sent again after each edit, are analysed incrementally
  const analyze = createAnalyzer();
  let prime: (() => boolean) | undefined;
  let primeTimer: ReturnType<typeof setTimeout> | undefined;
  let primed = !options.primeEdits;
  let primeWanted = false; // after the first analysis with entities
  const primeLater = (): void => {
    if (primed || !primeWanted || primeTimer !== undefined) return;
    primeTimer = setTimeout(() => {
      primeTimer = undefined;
      const t = getTagger();
      if (!t) return;
      prime ??= primer(t, options.primeEdits);
      try {
        primed = !prime();
      } catch {
        primed = true; // a warm-up that fails is given up: it only ever saves time
      }
      if (primed) options.onPrimed?.();
      else primeLater();
    }, PRIME_IDLE_MS);
  };
  let modelBytes: Uint8Array | null = null;
  let model: NerModel | null | undefined;
  let tagger: Tagger | undefined;
  let reportedBytes: Uint8Array | null = null;
  const getModel = (): NerModel | undefined => {
    if (model === undefined) {
      try {
        model = modelBytes ? loadNerModel(modelBytes) : null;
      } catch {
        model = null;
      }
      modelBytes = null;
    }
    return model ?? undefined;
  };
  const getTagger = (): Tagger | undefined => {
    const m = getModel();
    if (m && !tagger) tagger = nerTaggerOf(m);
    return tagger;
  };
  return msg => {
    if (msg.type === 'init') {
      modelBytes = msg.model;
      model = undefined;
      tagger = undefined;
      reportedBytes = msg.reported;
      return;
    }
    // a request goes before the next warm-up step (which waits for the worker to be idle again)
    if (primeTimer !== undefined) {
      clearTimeout(primeTimer);
      primeTimer = undefined;
    }
    try {
      if (msg.type === 'analyze') {
        if (reportedBytes) {
          // decoded and installed in this thread on first need (a bad file leaves the rules alone)
          installReportedBytes(reportedBytes);
          reportedBytes = null;
        }
        const t0 = performance.now();
        const res = analyze(msg.req, msg.req.entities ? getTagger() : undefined);
        post({ type: 'result', id: msg.id, res, ms: performance.now() - t0 });
        if (msg.req.entities) primeWanted = true;
      } else if (msg.type === 'lexicon') {
        const m = getModel();
        post({ type: 'lexicon', id: msg.id, entries: m ? lexiconEntries(m) : null });
      }
    } catch (e) {
      post({ type: 'error', id: msg.id, message: (e as Error).message });
    }
    primeLater();
  };
}
