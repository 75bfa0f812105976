/**
 * Maps offsets of an analysed (plain) text back to the source document it was derived from.
 *
 * The plain text is built from runs; each run copies `length` code units of the source starting at
 * `source` to `plain`. Offsets between runs (inserted separators) map to the end of the previous
 * run. Identity maps (plain .txt files) cost nothing.
 */
export class OffsetMap {
  private readonly plainStarts: number[] = [];
  private readonly sourceStarts: number[] = [];
  private readonly lengths: number[] = [];

  static identity(length: number): OffsetMap {
    const map = new OffsetMap();
    map.addRun(0, 0, length);
    return map;
  }

  /** Append a run; runs must be added in increasing plain and source order. */
  addRun(plain: number, source: number, length: number): void {
    if (length <= 0) return;
    const n = this.plainStarts.length;
    if (n > 0) {
      const lp = this.plainStarts[n - 1] + this.lengths[n - 1];
      const ls = this.sourceStarts[n - 1] + this.lengths[n - 1];
      if (lp === plain && ls === source) {
        this.lengths[n - 1] += length;
        return;
      }
    }
    this.plainStarts.push(plain);
    this.sourceStarts.push(source);
    this.lengths.push(length);
  }

  /** The runs as flat triples [plainStart, sourceStart, length, …]: plain data for caches and workers. */
  toRuns(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.plainStarts.length; i++) out.push(this.plainStarts[i], this.sourceStarts[i], this.lengths[i]);
    return out;
  }

  /** The map of `toRuns()`; throws on anything that is not increasing triples of non-negative integers. */
  static fromRuns(runs: readonly number[]): OffsetMap {
    if (runs.length % 3 !== 0) throw new Error('offset map: runs are not triples');
    const map = new OffsetMap();
    let lastPlain = -1;
    let lastSource = -1;
    for (let i = 0; i < runs.length; i += 3) {
      const [p, s, n] = [runs[i], runs[i + 1], runs[i + 2]];
      if (!Number.isInteger(p) || !Number.isInteger(s) || !Number.isInteger(n) || n <= 0 || p <= lastPlain || s <= lastSource) throw new Error('offset map: invalid run');
      map.plainStarts.push(p);
      map.sourceStarts.push(s);
      map.lengths.push(n);
      lastPlain = p + n - 1;
      lastSource = s + n - 1;
    }
    return map;
  }

  get isIdentity(): boolean {
    return this.plainStarts.length <= 1 && (this.plainStarts.length === 0 || (this.plainStarts[0] === 0 && this.sourceStarts[0] === 0));
  }

  /** Source offset of a plain offset. An end offset (`isEnd`) maps to just after the previous unit. */
  toSource(plain: number, isEnd = false): number {
    const n = this.plainStarts.length;
    if (n === 0) return plain;
    const probe = isEnd ? plain - 1 : plain;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.plainStarts[mid] <= probe) lo = mid;
      else hi = mid - 1;
    }
    const rel = probe - this.plainStarts[lo];
    if (rel < 0) return this.sourceStarts[0];
    if (rel >= this.lengths[lo]) return this.sourceStarts[lo] + this.lengths[lo];
    return this.sourceStarts[lo] + rel + (isEnd ? 1 : 0);
  }

  /** Plain offset of a source offset (the nearest run start when the source offset is markup). */
  toPlain(source: number): number {
    const n = this.sourceStarts.length;
    if (n === 0) return source;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.sourceStarts[mid] <= source) lo = mid;
      else hi = mid - 1;
    }
    const rel = source - this.sourceStarts[lo];
    if (rel < 0) return this.plainStarts[0];
    return this.plainStarts[lo] + Math.min(rel, this.lengths[lo]);
  }

  spanToSource(start: number, end: number): { start: number; end: number } {
    const s = this.toSource(start);
    const e = end > start ? this.toSource(end, true) : s;
    return { start: s, end: Math.max(s, e) };
  }
}
