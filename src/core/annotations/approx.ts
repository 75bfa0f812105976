/**
 * Approximate string matching: Myers' bit-parallel edit distance (1999), in blocks of 32 pattern
 * characters. Time O(n · ⌈m/32⌉) for a pattern of m characters over n characters of text.
 */

/**
 * Scans `text[from, to)` — forwards, or backwards with `reverse` (then the pattern is matched
 * reversed, so a match read backwards from `to` is the pattern read forwards) — and calls `visit`
 * after each character with the position reached (forwards: the end of the text read so far;
 * backwards: its start) and the edit distance:
 * - `anchored` false: of the best match of the pattern ending at that position (starting anywhere);
 * - `anchored` true: between the pattern and all the text read so far (from `from`, or `to` backwards).
 */
export function scanEditDistance(
  text: string,
  pattern: string,
  from: number,
  to: number,
  reverse: boolean,
  anchored: boolean,
  visit: (pos: number, distance: number) => void,
): void {
  const m = pattern.length;
  if (m === 0) return;
  const blocks = (m + 31) >>> 5;
  const peq = new Map<number, Int32Array>();
  for (let i = 0; i < m; i++) {
    const c = pattern.charCodeAt(reverse ? m - 1 - i : i);
    let a = peq.get(c);
    if (!a) peq.set(c, (a = new Int32Array(blocks)));
    a[i >>> 5] |= 1 << (i & 31);
  }
  const zero = new Int32Array(blocks);
  const P = new Int32Array(blocks).fill(-1);
  const M = new Int32Array(blocks);
  const lastHigh = 1 << ((m - 1) & 31);
  const last = blocks - 1;
  let score = m;
  const n = to - from;
  for (let s = 0; s < n; s++) {
    const j = reverse ? to - 1 - s : from + s;
    const eqs = peq.get(text.charCodeAt(j)) ?? zero;
    let hin = anchored ? 1 : 0;
    for (let b = 0; b < blocks; b++) {
      const pv = P[b];
      const mv = M[b];
      let eq = eqs[b];
      const xv = eq | mv;
      if (hin < 0) eq |= 1;
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      const high = b === last ? lastHigh : -2147483648;
      let hout = 0;
      if (ph & high) hout = 1;
      else if (mh & high) hout = -1;
      ph <<= 1;
      mh <<= 1;
      if (hin < 0) mh |= 1;
      else if (hin > 0) ph |= 1;
      P[b] = mh | ~(xv | ph);
      M[b] = ph & xv;
      hin = hout;
    }
    score += hin;
    visit(reverse ? j : j + 1, score);
  }
}

export interface ApproxMatch {
  start: number;
  end: number;
  errors: number;
}

/**
 * The best matches of `pattern` in `text[from, to)` with at most `maxErrors` edits: one per run of
 * adjacent end positions (its best), at most `limit`, fewest errors first.
 */
export function approxSearch(text: string, pattern: string, maxErrors: number, from = 0, to = text.length, limit = 8): ApproxMatch[] {
  const m = pattern.length;
  if (m === 0 || to <= from) return [];
  const ends: { end: number; errors: number }[] = [];
  let runEnd = -2;
  scanEditDistance(text, pattern, from, to, false, false, (pos, d) => {
    if (d > maxErrors) return;
    const lastRun = ends[ends.length - 1];
    if (lastRun && pos === runEnd + 1) {
      if (d < lastRun.errors) {
        lastRun.end = pos;
        lastRun.errors = d;
      }
    } else ends.push({ end: pos, errors: d });
    runEnd = pos;
  });
  ends.sort((a, b) => a.errors - b.errors || a.end - b.end);
  const out: ApproxMatch[] = [];
  for (const e of ends.slice(0, limit)) {
    const start = matchStart(text, pattern, e.end, e.errors, Math.max(from, e.end - m - e.errors));
    out.push({ start, end: e.end, errors: e.errors });
  }
  return out;
}

/** Where the match of `pattern` ending at `end` with `errors` edits starts (length closest to m). */
function matchStart(text: string, pattern: string, end: number, errors: number, lo: number): number {
  let best = end;
  let bestD = Infinity;
  const m = pattern.length;
  scanEditDistance(text, pattern, lo, end, true, true, (pos, d) => {
    if (d < bestD || (d === bestD && Math.abs(end - pos - m) < Math.abs(end - best - m))) {
      bestD = d;
      best = pos;
    }
  });
  return bestD <= errors ? best : Math.max(lo, end - m);
}

/** Plain dynamic-programming edit distance (Levenshtein), for short strings. */
export function editDistance(a: string, b: string): number {
  if (a.length < b.length) [a, b] = [b, a];
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
