/** Sorted unsigned 32-bit keys as LEB128 varint deltas: the key lists of the model assets. */

/** Encodes sorted, unique keys as LEB128 varint deltas. */
export function varintDeltas(keys: ArrayLike<number>): Uint8Array {
  const out: number[] = [];
  let prev = 0;
  for (let i = 0; i < keys.length; i++) {
    let d = keys[i] - prev;
    if (d < 0 || (i > 0 && d === 0)) throw new Error('keys must be sorted and unique');
    prev = keys[i];
    while (d >= 0x80) {
      out.push((d & 0x7f) | 0x80);
      d = Math.floor(d / 128);
    }
    out.push(d);
  }
  return Uint8Array.from(out);
}

/** Decodes `n` keys from bytes[from, end); undefined when the bytes run out or are left over. */
export function readVarintDeltas(bytes: Uint8Array, from: number, end: number, n: number): Uint32Array | undefined {
  const keys = new Uint32Array(n);
  let key = 0;
  let q = from;
  for (let i = 0; i < n; i++) {
    let delta = 0;
    let mul = 1;
    for (;;) {
      if (q >= end) return undefined;
      const b = bytes[q++];
      delta += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 128;
    }
    key += delta;
    if (key > 0xffffffff) return undefined;
    keys[i] = key;
  }
  return q === end ? keys : undefined;
}
