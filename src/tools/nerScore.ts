/**
 * Scoring of named entities, as /work/shared/eval/README.md ("Named entities") defines it:
 * PER, ORG, LOC only, micro-averaged; both sides normalised (drop a leading "the ", quote marks
 * and brackets, trailing punctuation and "'s"); exact = same normalised span and type; lenient =
 * overlapping span and same type (one-to-one). MISC gold is ignored; a prediction on a MISC span
 * is simply a false positive. Used by the trainer and by bench/ner.ts.
 */

export const SCORED_TYPES = ['PER', 'ORG', 'LOC'] as const;

export interface SpanLike {
  start: number;
  end: number;
  type: string;
}

const QUOTES_BRACKETS = `"'“”‘’«»„‚\`()[]{}<>`;

/** Normalised [start, end) of a span of text, or null if nothing is left. */
export function normaliseSpan(text: string, start: number, end: number): [number, number] | null {
  let s = Math.max(0, start);
  let e = Math.min(text.length, end);
  for (let guard = 0; guard < 20; guard++) {
    const s0 = s;
    const e0 = e;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    while (s < e && QUOTES_BRACKETS.includes(text[s])) s++;
    while (e > s && QUOTES_BRACKETS.includes(text[e - 1])) e--;
    if (e - s > 4 && /^the\s/i.test(text.slice(s, s + 4))) s += 4;
    while (e > s && /[.,;:!?]/.test(text[e - 1])) e--;
    if (e - s > 2 && /['’]s$/i.test(text.slice(e - 2, e))) e -= 2;
    if (s === s0 && e === e0) break;
  }
  return e > s ? [s, e] : null;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Score {
  exact: Record<string, Counts>;
  lenient: Record<string, Counts>;
}

export function emptyScore(): Score {
  const mk = () => Object.fromEntries([...SCORED_TYPES, 'micro'].map(t => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<string, Counts>;
  return { exact: mk(), lenient: mk() };
}

/** Add one document's predictions vs gold to the running score. */
export function scoreDocument(score: Score, text: string, gold: SpanLike[], pred: SpanLike[]): void {
  const norm = (xs: SpanLike[]) =>
    xs
      .filter(x => (SCORED_TYPES as readonly string[]).includes(x.type))
      .map(x => {
        const r = normaliseSpan(text, x.start, x.end);
        return r ? { start: r[0], end: r[1], type: x.type } : null;
      })
      .filter((x): x is SpanLike => x !== null);
  const g = norm(gold);
  const p = norm(pred);
  for (const type of SCORED_TYPES) {
    const gt = g.filter(x => x.type === type);
    const pt = p.filter(x => x.type === type);
    // exact: multiset intersection
    const gk = new Map<string, number>();
    for (const x of gt) gk.set(`${x.start}:${x.end}`, (gk.get(`${x.start}:${x.end}`) ?? 0) + 1);
    let tp = 0;
    for (const x of pt) {
      const k = `${x.start}:${x.end}`;
      const c = gk.get(k) ?? 0;
      if (c > 0) {
        tp++;
        gk.set(k, c - 1);
      }
    }
    add(score.exact[type], tp, pt.length - tp, gt.length - tp);
    add(score.exact.micro, tp, pt.length - tp, gt.length - tp);
    // lenient: one-to-one greedy by overlap (exact matches first, then largest overlap)
    const used = new Uint8Array(gt.length);
    let ltp = 0;
    const pairs: [number, number, number][] = [];
    for (let i = 0; i < pt.length; i++) {
      for (let j = 0; j < gt.length; j++) {
        const ov = Math.min(pt[i].end, gt[j].end) - Math.max(pt[i].start, gt[j].start);
        if (ov > 0) pairs.push([i, j, ov + (pt[i].start === gt[j].start && pt[i].end === gt[j].end ? 1e9 : 0)]);
      }
    }
    pairs.sort((a, b) => b[2] - a[2]);
    const pUsed = new Uint8Array(pt.length);
    for (const [i, j] of pairs) {
      if (pUsed[i] || used[j]) continue;
      pUsed[i] = 1;
      used[j] = 1;
      ltp++;
    }
    add(score.lenient[type], ltp, pt.length - ltp, gt.length - ltp);
    add(score.lenient.micro, ltp, pt.length - ltp, gt.length - ltp);
  }
}

function add(c: Counts, tp: number, fp: number, fn: number): void {
  c.tp += tp;
  c.fp += fp;
  c.fn += fn;
}

export function prf(c: Counts): { p: number; r: number; f: number } {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

export function formatScore(score: Score): string {
  const lines = ['type      exact P / R / F1            lenient P / R / F1      (tp fp fn exact)'];
  for (const t of [...SCORED_TYPES, 'micro']) {
    const e = prf(score.exact[t]);
    const l = prf(score.lenient[t]);
    const f = (x: number) => (100 * x).toFixed(2).padStart(6);
    const c = score.exact[t];
    lines.push(`${t.padEnd(8)}  ${f(e.p)} ${f(e.r)} ${f(e.f)}      ${f(l.p)} ${f(l.r)} ${f(l.f)}      (${c.tp} ${c.fp} ${c.fn})`);
  }
  return lines.join('\n');
}
