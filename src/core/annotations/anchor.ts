/**
 * Finding an annotation again in an article that may have changed since it was written: by its
 * stored position, then by its exact quote (the occurrence whose surroundings best match the stored
 * prefix and suffix), then between its unchanged prefix and suffix, then by approximate match near
 * where it was (then anywhere, within a work budget). What cannot be found is orphaned, never dropped.
 */
import { approxSearch, editDistance } from './approx';
import type { AnchorResult, TextQuote, TextRange } from './types';

/** Characters of context kept either side of the quote (TextQuoteSelector prefix and suffix). */
export const CONTEXT_CHARS = 32;
/** At most this many occurrences of a quote (or of its prefix) are compared. */
const MAX_OCCURRENCES = 20000;
/** Edits allowed in an approximate match, as a share of the quote's length. */
const MAX_ERROR_RATE = 0.4;
/** Approximate search over the whole text only when ⌈m/32⌉ · n stays below this. */
const GLOBAL_BUDGET = 40_000_000;

export interface AnchorTarget {
  quote: TextQuote;
  position?: TextRange;
}

/** The TextQuoteSelector of `[start, end)` in `text`. */
export function quoteAt(text: string, range: TextRange): TextQuote {
  return {
    exact: text.slice(range.start, range.end),
    prefix: text.slice(Math.max(0, range.start - CONTEXT_CHARS), range.start),
    suffix: text.slice(range.end, range.end + CONTEXT_CHARS),
  };
}

/** Characters of `prefix` that match the text just before `start` (read backwards). */
function prefixMatch(text: string, start: number, prefix: string): number {
  let k = 0;
  while (k < prefix.length && start - 1 - k >= 0 && text.charCodeAt(start - 1 - k) === prefix.charCodeAt(prefix.length - 1 - k)) k++;
  return k;
}

/** Characters of `suffix` that match the text just after `end`. */
function suffixMatch(text: string, end: number, suffix: string): number {
  let k = 0;
  while (k < suffix.length && end + k < text.length && text.charCodeAt(end + k) === suffix.charCodeAt(k)) k++;
  return k;
}

/** How well the text around [start, end) matches the stored context: 0…1. */
function contextSimilarity(text: string, start: number, end: number, quote: TextQuote): number {
  const sim = (a: string, b: string) => (a.length === 0 && b.length === 0 ? 1 : 1 - editDistance(a, b) / Math.max(a.length, b.length));
  const before = text.slice(Math.max(0, start - quote.prefix.length), start);
  const after = text.slice(end, end + quote.suffix.length);
  return (sim(quote.prefix, before) + sim(quote.suffix, after)) / 2;
}

export function anchor(target: AnchorTarget, text: string): AnchorResult {
  const { quote, position } = target;
  const exact = quote.exact;
  const m = exact.length;
  const n = text.length;
  const near = position ? Math.min(position.start, n) : 0;
  const orphaned: AnchorResult = { state: 'orphaned', start: near, end: near };
  if (m === 0) return orphaned;

  // 1. the stored position still holds the quote
  if (position && position.end - position.start === m && text.startsWith(exact, position.start)) {
    return { state: 'position', start: position.start, end: position.end };
  }

  // 2. the exact quote elsewhere: the occurrence with the best context, then the nearest
  let best = -1;
  let bestCtx = -1;
  let count = 0;
  for (let i = text.indexOf(exact); i >= 0 && count < MAX_OCCURRENCES; i = text.indexOf(exact, i + 1), count++) {
    const ctx = prefixMatch(text, i, quote.prefix) + suffixMatch(text, i + m, quote.suffix);
    if (ctx > bestCtx || (ctx === bestCtx && Math.abs(i - near) < Math.abs(best - near))) {
      best = i;
      bestCtx = ctx;
    }
  }
  const fullContext = quote.prefix.length + quote.suffix.length;
  // A unique occurrence, or one with most of its context, is taken at once; a common phrase whose
  // context has changed everywhere may be a different occurrence than the one annotated: the
  // annotated one, edited, is looked for between its prefix and suffix first.
  if (best >= 0 && (count === 1 || bestCtx >= Math.min(16, fullContext))) return { state: 'quote', start: best, end: best + m };

  // 3. between the unchanged prefix and suffix (the quote itself was edited)
  const between = betweenContext(text, quote, near);
  if (between) return between;
  if (best >= 0) return { state: 'quote', start: best, end: best + m };

  // 4. approximate match, near the old position first
  const maxErrors = Math.floor(m * MAX_ERROR_RATE);
  if (maxErrors < 1) return orphaned;
  const window = Math.max(2048, 4 * m);
  const lo = position ? Math.max(0, near - window) : 0;
  const hi = position ? Math.min(n, near + m + window) : n;
  let found = bestApprox(text, target, maxErrors, lo, hi, near);
  if (!found && (lo > 0 || hi < n) && Math.ceil(m / 32) * n <= GLOBAL_BUDGET) found = bestApprox(text, target, maxErrors, 0, n, near);
  return found ?? orphaned;
}

function betweenContext(text: string, quote: TextQuote, near: number): AnchorResult | undefined {
  const { prefix, suffix, exact } = quote;
  // Short contexts are weak evidence: an empty side counts only when the quote was at the very
  // start or end of the article (the context is then shorter than CONTEXT_CHARS).
  if (prefix.length + suffix.length < 24) return undefined;
  const m = exact.length;
  const maxLen = 2 * m + 256;
  let best: AnchorResult | undefined;
  let bestScore = Infinity;
  const consider = (s: number) => {
    let e: number;
    if (suffix.length === 0) e = text.length;
    else {
      e = text.indexOf(suffix, s);
      if (e < 0) return;
    }
    const len = e - s;
    if (len < 1 || len > maxLen) return;
    const score = Math.abs(len - m) * 4 + Math.abs(s - near) / 1024;
    if (score < bestScore) {
      bestScore = score;
      best = { state: 'fuzzy', start: s, end: e };
    }
  };
  if (prefix.length === 0) consider(0);
  else {
    let count = 0;
    for (let i = text.indexOf(prefix); i >= 0 && count < MAX_OCCURRENCES; i = text.indexOf(prefix, i + 1), count++) consider(i + prefix.length);
  }
  if (best) {
    const found = text.slice(best.start, best.end);
    best.errors = found.length <= 4096 && m <= 4096 ? editDistance(found, exact) : Math.abs(found.length - m);
  }
  return best;
}

function bestApprox(text: string, target: AnchorTarget, maxErrors: number, lo: number, hi: number, near: number): AnchorResult | undefined {
  const { quote } = target;
  const m = quote.exact.length;
  let best: AnchorResult | undefined;
  let bestScore = -Infinity;
  for (const c of approxSearch(text, quote.exact, maxErrors, lo, hi, 12)) {
    const quoteSim = 1 - c.errors / m;
    const ctx = contextSimilarity(text, c.start, c.end, quote);
    // short quotes match by chance: they need their context too
    if (m < 24 && ctx < 0.5) continue;
    const score = 50 * quoteSim + 40 * ctx + 2 * (1 - Math.abs(c.start - near) / Math.max(1, text.length));
    if (score > bestScore) {
      bestScore = score;
      best = { state: 'fuzzy', start: c.start, end: c.end, errors: c.errors };
    }
  }
  return best;
}
