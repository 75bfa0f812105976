import * as assert from 'node:assert/strict';
import { OffsetMap } from '../../src/core/text/offsetMap';

describe('OffsetMap', () => {
  it('identity maps every offset to itself', () => {
    const m = OffsetMap.identity(10);
    for (let i = 0; i <= 10; i++) assert.equal(m.toSource(i), i);
    assert.deepEqual(m.spanToSource(2, 5), { start: 2, end: 5 });
    assert.ok(m.isIdentity);
  });

  it('maps runs with gaps (markup dropped) and joins adjacent runs', () => {
    // source "**ab** cd" -> plain "ab cd"
    const m = new OffsetMap();
    m.addRun(0, 2, 1);
    m.addRun(1, 3, 1); // adjacent: merged
    m.addRun(2, 6, 3);
    assert.equal(m.toSource(0), 2);
    assert.equal(m.toSource(1), 3);
    assert.equal(m.toSource(2), 6);
    assert.equal(m.toSource(4), 8);
    assert.deepEqual(m.spanToSource(0, 2), { start: 2, end: 4 }, 'an end offset maps just after its last unit');
    assert.deepEqual(m.spanToSource(3, 5), { start: 7, end: 9 });
    assert.equal(m.toPlain(6), 2);
    assert.equal(m.toPlain(0), 0, 'markup before the first run maps to the first plain offset');
    assert.equal(m.isIdentity, false);
  });
});
