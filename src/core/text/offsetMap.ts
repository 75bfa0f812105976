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
