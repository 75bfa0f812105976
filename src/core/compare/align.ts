/**
 * Word-level local alignment (Smith-Waterman over normalised tokens): the shared stretch of two
 * sentences, even when each says more around it; and word differences for display (jsdiff).
 */
import { diffArrays } from 'diff';
import { weight, type Token } from './normalize';

export interface Alignment {
  score: number;
  /** Token ranges [start, end) of the aligned stretch in each sequence. */
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  /** Matched token index pairs, in order. */
  matches: [number, number][];
  /** Sum of the weights of matched tokens. */
  matched: number;
  /** Matched tokens that are not function words. */
  contentMatches: number;
  /** The longest run of consecutive matched tokens. */
  longestRun: number;
}

const MISMATCH = -0.9;
const GAP = -0.45;
const GAP_STOP = -0.15;

/** Tokens as the aligner reads them: stem ids, weights, and whether each is a function word or an insertion. */
export interface PackedTokens {
  stems: ArrayLike<number>;
  weights: ArrayLike<number>;
  /** 1 for function words. */
  stop: ArrayLike<number>;
  /** 1 for [inserted] words (they never match). */
  inserted: ArrayLike<number>;
  /** How many tokens, when the arrays are longer (reused buffers); their length otherwise. */
  length?: number;
}

let scratchH = new Float64Array(0);
let scratchT = new Uint8Array(0);

/** The best local alignment of two packed sequences (O(|a|·|b|), units are sentences). */
export function alignPacked(a: PackedTokens, b: PackedTokens): Alignment {
  const n = a.length ?? a.stems.length;
  const m = b.length ?? b.stems.length;
  const w = m + 1;
  const size = (n + 1) * w;
  if (scratchH.length < size) {
    scratchH = new Float64Array(size * 2);
    scratchT = new Uint8Array(size * 2);
  }
  const H = scratchH;
  const T = scratchT; // 0 stop, 1 diag, 2 up (gap in b), 3 left (gap in a)
  H.fill(0, 0, size);
  T.fill(0, 0, size);
  let best = 0;
  let bi = 0;
  let bj = 0;
  for (let i = 1; i <= n; i++) {
    const as = a.stems[i - 1];
    const ai = a.inserted[i - 1];
    const aw = a.weights[i - 1];
    const gapA = a.stop[i - 1] ? GAP_STOP : GAP;
    for (let j = 1; j <= m; j++) {
      const diag = H[(i - 1) * w + j - 1] + (as === b.stems[j - 1] && !ai && !b.inserted[j - 1] ? aw : MISMATCH);
      const up = H[(i - 1) * w + j] + gapA;
      const left = H[i * w + j - 1] + (b.stop[j - 1] ? GAP_STOP : GAP);
      let h = 0;
      let t = 0;
      if (diag > h) {
        h = diag;
        t = 1;
      }
      if (up > h) {
        h = up;
        t = 2;
      }
      if (left > h) {
        h = left;
        t = 3;
      }
      H[i * w + j] = h;
      T[i * w + j] = t;
      if (h > best) {
        best = h;
        bi = i;
        bj = j;
      }
    }
  }
  const matches: [number, number][] = [];
  let i = bi;
  let j = bj;
  while (i > 0 && j > 0 && T[i * w + j] !== 0) {
    const t = T[i * w + j];
    if (t === 1) {
      if (a.stems[i - 1] === b.stems[j - 1] && !a.inserted[i - 1] && !b.inserted[j - 1]) matches.push([i - 1, j - 1]);
      i--;
      j--;
    } else if (t === 2) i--;
    else j--;
  }
  matches.reverse();
  let matched = 0;
  let contentMatches = 0;
  let longestRun = 0;
  let run = 0;
  for (let k = 0; k < matches.length; k++) {
    const [x, y] = matches[k];
    matched += a.weights[x];
    if (!a.stop[x]) contentMatches++;
    run = k > 0 && matches[k - 1][0] === x - 1 && matches[k - 1][1] === y - 1 ? run + 1 : 1;
    longestRun = Math.max(longestRun, run);
  }
  const first = matches[0];
  const last = matches[matches.length - 1];
  return {
    score: best,
    aStart: first ? first[0] : 0,
    aEnd: last ? last[0] + 1 : 0,
    bStart: first ? first[1] : 0,
    bEnd: last ? last[1] + 1 : 0,
    matches,
    matched,
    contentMatches,
    longestRun,
  };
}

/** Packs tokens for the aligner (stems interned through `ids`). */
export function pack(tokens: Token[], ids: Map<string, number>): PackedTokens {
  const id = (s: string) => {
    let x = ids.get(s);
    if (x === undefined) ids.set(s, (x = ids.size));
    return x;
  };
  return {
    stems: tokens.map(t => id(t.stem)),
    weights: tokens.map(weight),
    stop: tokens.map(t => (t.kind === 'stop' ? 1 : 0)),
    inserted: tokens.map(t => (t.inserted ? 1 : 0)),
  };
}

/** The best local alignment of `a` and `b`. */
export function align(a: Token[], b: Token[]): Alignment {
  const ids = new Map<string, number>();
  return alignPacked(pack(a, ids), pack(b, ids));
}

/** The summed weight of the tokens that carry content. */
export function contentWeight(tokens: Token[], start = 0, end = tokens.length): number {
  let s = 0;
  for (let k = start; k < end; k++) if (tokens[k].kind !== 'stop') s += weight(tokens[k]);
  return s;
}

/** One step of a word diff: offsets into the member's file ('equal', 'added') or the reference's ('removed'). */
export interface DiffOp {
  op: 'equal' | 'added' | 'removed';
  start: number;
  end: number;
}

/**
 * Word differences of `member` against `reference` on normalised keys: what differs only in
 * typography, spelling or number format is equal.
 */
export function wordDiff(reference: Token[], member: Token[]): DiffOp[] {
  const parts = diffArrays(reference.map(t => (t.inserted ? `[${t.key}]` : t.key)), member.map(t => (t.inserted ? `[${t.key}]` : t.key)));
  const ops: DiffOp[] = [];
  let ri = 0;
  let mi = 0;
  for (const p of parts) {
    const n = p.value.length;
    if (p.added) {
      ops.push({ op: 'added', start: member[mi].start, end: member[mi + n - 1].end });
      mi += n;
    } else if (p.removed) {
      ops.push({ op: 'removed', start: reference[ri].start, end: reference[ri + n - 1].end });
      ri += n;
    } else {
      ops.push({ op: 'equal', start: member[mi].start, end: member[mi + n - 1].end });
      ri += n;
      mi += n;
    }
  }
  return ops;
}
