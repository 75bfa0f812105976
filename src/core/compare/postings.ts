/**
 * Posting lists keyed by non-negative 31-bit integers (anchor hashes, term ids), in typed arrays:
 * open addressing with linear probing, so a look-up is one or two reads of one array where a `Map`
 * of a million keys chases pointers across the heap. Most keys hold one unit, kept in the slot
 * itself; longer lists live in blocks of one pooled Int32Array (sizes 2, 4, 8, … with free lists:
 * a JS array per list would cost several times its contents); a list that reaches its cap is
 * saturated for good (the key is too common to anchor anything).
 */

/** A key with no list. */
export const NONE = -0x80000000;
/** A key past its cap. */
export const SATURATED = -1;
const EMPTY = -1;

export class Postings {
  private keys: Int32Array;
  /** id ≥ 0: one unit; SATURATED; ≤ -2: the list in the block at offset -(v + 2) of `pool`. */
  private vals: Int32Array;
  private mask: number;
  private used = 0;
  /** Blocks: [size class, length, ids…]; class c holds 2 << c ids. */
  private pool = new Int32Array(4096);
  private top = 0;
  private readonly free: number[][] = [];

  constructor(private readonly cap: number, capacity = 1024) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.keys = new Int32Array(n).fill(EMPTY);
    this.vals = new Int32Array(n);
    this.mask = n - 1;
  }

  /** Keys held (saturated ones included). */
  get size(): number {
    return this.used;
  }

  private slot(key: number): number {
    let i = Math.imul(key, 0x9e3779b1) & this.mask;
    for (;;) {
      const k = this.keys[i];
      if (k === key || k === EMPTY) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** What `key` holds: NONE, SATURATED, a unit id (≥ 0), or a list (≤ -2: read it with `list`). */
  get(key: number): number {
    const i = this.slot(key);
    return this.keys[i] === EMPTY ? NONE : this.vals[i];
  }

  /** The length of a list that `get` returned, and its k-th unit. */
  listLength(v: number): number {
    return this.pool[-v - 1];
  }

  listAt(v: number, k: number): number {
    return this.pool[-v + k];
  }

  add(key: number, id: number): void {
    const i = this.slot(key);
    if (this.keys[i] === EMPTY) {
      this.keys[i] = key;
      this.vals[i] = id;
      if (++this.used * 2 > this.keys.length) this.grow();
      return;
    }
    const v = this.vals[i];
    if (v === SATURATED) return;
    if (v >= 0) {
      if (this.cap < 2) this.vals[i] = SATURATED;
      else {
        const b = this.alloc(0);
        this.pool[b + 1] = 2;
        this.pool[b + 2] = v;
        this.pool[b + 3] = id;
        this.vals[i] = -b - 2;
      }
      return;
    }
    let b = -v - 2;
    const n = this.pool[b + 1];
    if (n >= this.cap) {
      this.release(b);
      this.vals[i] = SATURATED;
      return;
    }
    if (n === 2 << this.pool[b]) {
      // full: a block twice the size
      const c = this.alloc(this.pool[b] + 1);
      this.pool.copyWithin(c + 1, b + 1, b + 2 + n);
      this.release(b);
      b = c;
      this.vals[i] = -b - 2;
    }
    this.pool[b + 2 + n] = id;
    this.pool[b + 1] = n + 1;
  }

  remove(key: number, id: number): void {
    const i = this.slot(key);
    if (this.keys[i] === EMPTY) return;
    const v = this.vals[i];
    if (v === SATURATED) return;
    if (v >= 0) {
      if (v === id) this.deleteSlot(i);
      return;
    }
    const b = -v - 2;
    const n = this.pool[b + 1];
    for (let k = 0; k < n; k++) {
      if (this.pool[b + 2 + k] !== id) continue;
      this.pool.copyWithin(b + 2 + k, b + 3 + k, b + 2 + n);
      if (n - 1 === 1) {
        this.vals[i] = this.pool[b + 2];
        this.release(b);
      } else this.pool[b + 1] = n - 1;
      return;
    }
  }

  /** A block of size class `c` (2 << c ids). */
  private alloc(c: number): number {
    const b = this.free[c]?.pop();
    if (b !== undefined) {
      this.pool[b] = c;
      return b;
    }
    const need = this.top + 2 + (2 << c);
    if (need > this.pool.length) {
      const grown = new Int32Array(Math.max(need, this.pool.length * 2));
      grown.set(this.pool);
      this.pool = grown;
    }
    const at = this.top;
    this.top = need;
    this.pool[at] = c;
    return at;
  }

  private release(b: number): void {
    (this.free[this.pool[b]] ??= []).push(b);
  }

  /** Backward-shift deletion: the keys after the hole that probed past it move back, no tombstones. */
  private deleteSlot(i: number): void {
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & this.mask;
      const k = this.keys[j];
      if (k === EMPTY) break;
      const home = Math.imul(k, 0x9e3779b1) & this.mask;
      // move k into the hole when its home is not cyclically in (hole, j]
      if (hole <= j ? home <= hole || home > j : home <= hole && home > j) {
        this.keys[hole] = k;
        this.vals[hole] = this.vals[j];
        hole = j;
      }
    }
    this.keys[hole] = EMPTY;
    this.used--;
  }

  private grow(): void {
    const keys = this.keys;
    const vals = this.vals;
    this.keys = new Int32Array(keys.length * 2).fill(EMPTY);
    this.vals = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === EMPTY) continue;
      const s = this.slot(keys[i]);
      this.keys[s] = keys[i];
      this.vals[s] = vals[i];
    }
  }
}
