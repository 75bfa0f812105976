/** The worker's side: runs the core's analysis pipeline on each request, the models loaded once. */
import { createAnalyzer } from '../core/analysis/pipeline';
import { nerTaggerOf } from '../core/entities/nerTagger';
import type { Tagger } from '../core/entities/extract';
import { lexiconEntries, loadNerModel, type NerModel } from '../core/ner';
import { installReportedBytes } from './reportedModel';
import type { FromWorker, ToWorker } from './protocol';

export function createHandler(post: (msg: FromWorker) => void): (msg: ToWorker) => void {
  // open documents, sent again after each edit, are analysed incrementally
  const analyze = createAnalyzer();
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
      } else if (msg.type === 'lexicon') {
        const m = getModel();
        post({ type: 'lexicon', id: msg.id, entries: m ? lexiconEntries(m) : null });
      }
    } catch (e) {
      post({ type: 'error', id: msg.id, message: (e as Error).message });
    }
  };
}
