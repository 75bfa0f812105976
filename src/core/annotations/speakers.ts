/** Speaker corrections: the reader's annotations that say who really said a quote. */
import type { Quote } from '../quotes/types';
import type { AnchoredAnnotation, Annotation } from './types';

export interface CorrectedQuotes {
  /** The quotes, with `speaker` replaced where an annotation corrects it (others are the same objects). */
  quotes: Quote[];
  /** Quote index → the annotation whose correction applies. */
  corrections: Map<number, Annotation>;
}

/**
 * Applies speaker corrections: an anchored (not orphaned) annotation with a `speaker` corrects the
 * quote its range overlaps most (the quote's fragments count as the quote); when several correct
 * one quote, the latest `modified` wins. Offsets of quotes and anchors are both source offsets.
 */
export function applySpeakerCorrections(quotes: Quote[], anchored: AnchoredAnnotation[]): CorrectedQuotes {
  const corrections = new Map<number, Annotation>();
  for (const { annotation, anchor } of anchored) {
    if (annotation.speaker === undefined || anchor.state === 'orphaned') continue;
    let best = -1;
    let bestOverlap = 0;
    for (const [i, q] of quotes.entries()) {
      if (q.kind === 'none') continue;
      const overlap = Math.min(q.end, anchor.end) - Math.max(q.start, anchor.start);
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = i;
      }
    }
    if (best < 0) continue;
    const prev = corrections.get(best);
    if (!prev || Date.parse(annotation.modified) > Date.parse(prev.modified)) corrections.set(best, annotation);
  }
  const out = quotes.map((q, i) => {
    const c = corrections.get(i);
    return c ? { ...q, speaker: c.speaker ?? q.speaker, entity: undefined } : q;
  });
  return { quotes: out, corrections };
}
