/**
 * Viterbi decoding over BILOU labels for a linear-chain model, with the BILOU grammar enforced
 * (I-/L-X only after B-/I-X; a sentence never ends inside an entity).
 */

export const ENTITY_TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;

export function bilouLabels(): string[] {
  const out = ['O'];
  for (const t of ENTITY_TYPES) for (const p of ['B', 'I', 'L', 'U']) out.push(`${p}-${t}`);
  return out;
}

/** allowed[prev * (L+1) + next]; prev = L is the start, next = L is the end. */
export function allowedTransitions(labels: readonly string[]): Uint8Array {
  const L = labels.length;
  const a = new Uint8Array((L + 1) * (L + 1));
  const pre = (i: number) => (i === L ? 'S' : labels[i][0]);
  const typ = (i: number) => (i === L || labels[i] === 'O' ? '' : labels[i].slice(2));
  for (let p = 0; p <= L; p++) {
    for (let q = 0; q <= L; q++) {
      if (p === L && q === L) continue;
      const pp = pre(p);
      const qp = q === L ? 'E' : labels[q][0];
      const open = pp === 'B' || pp === 'I';
      let ok: boolean;
      if (open) ok = (qp === 'I' || qp === 'L') && typ(p) === typ(q);
      else ok = qp === 'O' || qp === 'B' || qp === 'U' || qp === 'E';
      a[p * (L + 1) + q] = ok ? 1 : 0;
    }
  }
  return a;
}

/**
 * Best label sequence for emission scores em[t * L + y] (t in [0, n)), transition scores
 * trans[(L+1) x (L+1)] and the allowed-transition mask. Writes labels into out[0..n).
 */
/** For each label, its allowed predecessors in increasing order (flat, with offsets): the inner loop of Viterbi skips the rest. */
const predecessorCache = new WeakMap<Uint8Array, { from: Int32Array; list: Int32Array }>();

function predecessors(allowed: Uint8Array, L: number): { from: Int32Array; list: Int32Array } {
  const hit = predecessorCache.get(allowed);
  if (hit && hit.from.length === L + 1) return hit;
  const L1 = L + 1;
  const from = new Int32Array(L + 1);
  const list: number[] = [];
  for (let y = 0; y < L; y++) {
    from[y] = list.length;
    for (let p = 0; p < L; p++) if (allowed[p * L1 + y]) list.push(p);
  }
  from[L] = list.length;
  const out = { from, list: Int32Array.from(list) };
  predecessorCache.set(allowed, out);
  return out;
}

/**
 * Best label sequence for emission scores em[t * L + y] (t in [0, n)), transition scores
 * trans[(L+1) x (L+1)] and the allowed-transition mask. Writes labels into out[0..n).
 * Ties go to the lowest previous label.
 */
export function viterbi(em: Float32Array, n: number, L: number, trans: ArrayLike<number>, allowed: Uint8Array, out: Int32Array, back?: Int32Array): void {
  if (n === 0) return;
  const L1 = L + 1;
  const NEG = -1e30;
  const { from, list } = predecessors(allowed, L);
  // the transition score of each (predecessor, label) pair in the order of `list`
  if (scratch.length < list.length + 2 * L) scratch = new Float64Array(list.length + 2 * L);
  const tl = scratch;
  for (let y = 0; y < L; y++) for (let k = from[y], e = from[y + 1]; k < e; k++) tl[k] = trans[list[k] * L1 + y];
  let prev = scratch.subarray(list.length, list.length + L);
  let cur = scratch.subarray(list.length + L, list.length + 2 * L);
  const bp = back && back.length >= n * L ? back : new Int32Array(n * L);
  for (let y = 0; y < L; y++) prev[y] = allowed[L * L1 + y] ? trans[L * L1 + y] + em[y] : NEG;
  for (let t = 1; t < n; t++) {
    const base = t * L;
    for (let y = 0; y < L; y++) {
      let best = NEG;
      let arg = 0;
      for (let k = from[y], e = from[y + 1]; k < e; k++) {
        const p = list[k];
        const s = prev[p] + tl[k];
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      cur[y] = best + em[base + y];
      bp[base + y] = arg;
    }
    const tmp = prev;
    prev = cur;
    cur = tmp;
  }
  let best = NEG;
  let arg = 0;
  for (let y = 0; y < L; y++) {
    if (!allowed[y * L1 + L]) continue;
    const s = prev[y] + trans[y * L1 + L];
    if (s > best) {
      best = s;
      arg = y;
    }
  }
  out[n - 1] = arg;
  for (let t = n - 1; t > 0; t--) {
    arg = bp[t * L + arg];
    out[t - 1] = arg;
  }
}

/** Viterbi's working memory (transition scores in predecessor order, two score columns), reused by the calls. */
let scratch = new Float64Array(0);

/** Per label name list: each label's prefix letter and type ("" for O). */
const labelParts = new WeakMap<readonly string[], { prefix: string[]; type: string[] }>();

function partsOf(labels: readonly string[]): { prefix: string[]; type: string[] } {
  let parts = labelParts.get(labels);
  if (!parts || parts.prefix.length !== labels.length) {
    parts = { prefix: labels.map(l => l[0]), type: labels.map(l => (l.length > 2 ? l.slice(2) : '')) };
    labelParts.set(labels, parts);
  }
  return parts;
}

/** Entity spans [first, last] (token indices, inclusive) and types from BILOU labels. */
export function labelsToSpans(labels: readonly string[], seq: Int32Array, from: number, to: number): { first: number; last: number; type: string }[] {
  const out: { first: number; last: number; type: string }[] = [];
  const { prefix, type } = partsOf(labels);
  let open = -1;
  let openType = '';
  for (let t = from; t < to; t++) {
    const p = prefix[seq[t]];
    if (p === 'O') {
      open = -1;
      continue;
    }
    const ty = type[seq[t]];
    if (p === 'U') {
      out.push({ first: t, last: t, type: ty });
      open = -1;
    } else if (p === 'B') {
      open = t;
      openType = ty;
    } else if (p === 'L') {
      if (open >= 0 && openType === ty) out.push({ first: open, last: t, type: ty });
      open = -1;
    }
  }
  return out;
}

/** Writes BILOU labels of `type` over tokens first..last (inclusive). */
export function setSpan(labels: readonly string[], seq: Int32Array, first: number, last: number, type: string): void {
  if (first === last) seq[first] = labels.indexOf(`U-${type}`);
  else {
    seq[first] = labels.indexOf(`B-${type}`);
    for (let t = first + 1; t < last; t++) seq[t] = labels.indexOf(`I-${type}`);
    seq[last] = labels.indexOf(`L-${type}`);
  }
}
