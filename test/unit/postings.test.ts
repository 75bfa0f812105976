import * as assert from 'node:assert/strict';
import { NONE, Postings, SATURATED } from '../../src/core/compare/postings';
import { mulberry32 } from '../../src/core/random';

/** The lists a key holds, as `get` and `list` give them. */
function read(p: Postings, key: number): number[] | 'none' | 'saturated' {
  const v = p.get(key);
  if (v === NONE) return 'none';
  if (v === SATURATED) return 'saturated';
  if (v >= 0) return [v];
  const out: number[] = [];
  for (let k = 0; k < p.listLength(v); k++) out.push(p.listAt(v, k));
  return out.sort((a, b) => a - b);
}

describe('compare postings (typed-array posting lists)', () => {
  it('keeps one unit in the slot, a list past one, and saturates a key past its cap for good', () => {
    const p = new Postings(3);
    assert.equal(read(p, 42), 'none');
    p.add(42, 7);
    assert.deepEqual(read(p, 42), [7]);
    p.add(42, 9);
    p.add(42, 8);
    assert.deepEqual(read(p, 42), [7, 8, 9]);
    p.remove(42, 8);
    p.remove(42, 9);
    assert.deepEqual(read(p, 42), [7]);
    p.remove(42, 7);
    assert.equal(read(p, 42), 'none');
    assert.equal(p.size, 0);
    for (const id of [1, 2, 3, 4]) p.add(5, id);
    assert.equal(read(p, 5), 'saturated');
    p.remove(5, 1);
    p.add(5, 6);
    assert.equal(read(p, 5), 'saturated');
  });

  for (const cap of [4, 40]) {
      it(`agrees with a Map through growth and deletions that shift colliding keys back (cap ${cap})`, () => {
      const r = mulberry32(3);
      const p = new Postings(cap, 8);
      const ref = new Map<number, number[] | 'saturated'>();
      // few distinct keys in a small range: many collisions and probes past deleted slots
      for (let step = 0; step < 20000; step++) {
        const key = Math.floor(r() * (cap > 4 ? 300 : 3000)) * 7919;
        const id = Math.floor(r() * (cap + 2));
        const cur = ref.get(key);
        if (r() < 0.55) {
          p.add(key, id);
          if (cur === 'saturated') continue;
          if (!cur) ref.set(key, [id]);
          else if (cur.length >= cap) ref.set(key, 'saturated');
          else cur.push(id);
        } else {
          p.remove(key, id);
          if (!cur || cur === 'saturated') continue;
          const at = cur.indexOf(id);
          if (at >= 0) cur.splice(at, 1);
          if (!cur.length) ref.delete(key);
        }
      }
      assert.equal(p.size, ref.size);
      for (let k = 0; k < 3000; k++) {
        const key = k * 7919;
        const want = ref.get(key);
        assert.deepEqual(read(p, key), want === undefined ? 'none' : want === 'saturated' ? want : [...want].sort((a, b) => a - b), `key ${key}`);
      }
    });
  }
});
