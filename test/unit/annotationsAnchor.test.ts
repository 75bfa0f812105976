import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { anchor, approxSearch, editDistance, quoteAt, scanEditDistance, AnnotationStore, MemoryAnnotationFs, type AnchorResult } from '../../src/core/annotations';
import { seeds } from './helpers';
import { mulberry32 } from '../../src/core/random';

/** Semi-global DP: best distance of `p` against a substring of `t` ending at each position. */
function dpEnds(t: string, p: string, anchored: boolean): number[] {
  let prev = Array.from({ length: t.length + 1 }, (_, j) => (anchored ? j : 0));
  for (let i = 1; i <= p.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (p[i - 1] === t[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev.slice(1);
}

const rng = mulberry32;

interface Edited {
  text: string;
  /** For each character of the new text, its index in the original, or -1 if inserted. */
  origin: number[];
}

/** Random insertions, deletions and replacements (words of the article) touching `share` of its characters. */
function randomEdits(text: string, share: number, rand: () => number): Edited {
  const words = text.split(/\s+/).filter(Boolean);
  const budget = Math.round(text.length * share);
  let cur = text;
  const origin = Array.from({ length: text.length }, (_, i) => i);
  let used = 0;
  const phrase = (len: number) => {
    let s = '';
    while (s.length < len) s += (s ? ' ' : '') + words[Math.floor(rand() * words.length)];
    return s;
  };
  while (used < budget) {
    const kind = rand();
    const len = 3 + Math.floor(rand() * Math.min(80, budget - used + 3));
    const at = Math.floor(rand() * cur.length);
    if (kind < 0.33) {
      const ins = ` ${phrase(len)}`;
      cur = cur.slice(0, at) + ins + cur.slice(at);
      origin.splice(at, 0, ...Array<number>(ins.length).fill(-1));
      used += ins.length;
    } else if (kind < 0.66) {
      const end = Math.min(cur.length, at + len);
      cur = cur.slice(0, at) + cur.slice(end);
      origin.splice(at, end - at);
      used += end - at;
    } else {
      const end = Math.min(cur.length, at + len);
      const ins = phrase(Math.max(1, Math.round(len * (0.5 + rand()))));
      cur = cur.slice(0, at) + ins + cur.slice(end);
      origin.splice(at, end - at, ...Array<number>(ins.length).fill(-1));
      used += end - at + ins.length;
    }
  }
  return { text: cur, origin };
}

type Verdict = 'exact' | 'overlap' | 'orphan-ok' | 'wrong' | 'lost';

/** Is the anchor on the right text? `truth`: where the surviving original characters are now. */
function judge(start: number, end: number, edited: Edited, r: AnchorResult, originalExact: string): Verdict {
  const pos: number[] = [];
  for (let j = 0; j < edited.origin.length; j++) if (edited.origin[j] >= start && edited.origin[j] < end) pos.push(j);
  const survive = pos.length / (end - start);
  const unchanged = survive === 1 && pos[pos.length - 1] - pos[0] + 1 === pos.length && edited.text.slice(pos[0], pos[0] + pos.length) === originalExact;
  if (unchanged) return r.state !== 'orphaned' && r.start === pos[0] && r.end === pos[0] + pos.length ? 'exact' : 'wrong';
  const ts = pos.length ? pos[0] : -1;
  const te = pos.length ? pos[pos.length - 1] + 1 : -1;
  const inter = r.state === 'orphaned' ? 0 : Math.max(0, Math.min(te, r.end) - Math.max(ts, r.start));
  const union = Math.max(te, r.end) - Math.min(ts, r.start);
  if (survive >= 0.5) return inter / union >= 0.5 ? 'overlap' : 'wrong';
  return r.state === 'orphaned' || inter > 0 ? 'orphan-ok' : 'wrong';
}

describe('annotations: approximate matching', () => {
  it('Myers bit-parallel distances equal the dynamic programme (patterns of 1–100 characters, several blocks)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), minLength: 0, maxLength: 160 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), minLength: 1, maxLength: 100 }), fc.boolean(), (t, p, anchored) => {
        const got: number[] = [];
        scanEditDistance(t, p, 0, t.length, false, anchored, (_pos, d) => got.push(d));
        assert.deepEqual(got, dpEnds(t, p, anchored));
        const rev: number[] = [];
        scanEditDistance(t, p, 0, t.length, true, anchored, (_pos, d) => rev.push(d));
        const rt = [...t].reverse().join('');
        const rp = [...p].reverse().join('');
        assert.deepEqual(rev, dpEnds(rt, rp, anchored));
      }),
      { numRuns: 300 },
    );
  });

  it('approxSearch finds a quote with a few edits and its start', () => {
    const text = 'The minister told reporters on Tuesday that the plan would be delayed until next spring.';
    const m = approxSearch(text, 'told the reporters on Tuesday', 4);
    assert.ok(m.length > 0);
    assert.equal(m[0].errors, 4);
    assert.equal(text.slice(m[0].start, m[0].end), 'told reporters on Tuesday');
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
});

describe('annotations: re-anchoring', () => {
  const text = 'Alpha said the deal was off. Beta said the deal was off. Gamma said nothing at all about it, and went home early.';
  const at = (s: string, nth = 0) => {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = text.indexOf(s, i + 1);
    return { start: i, end: i + s.length };
  };

  it('by position, then by quote with the best context among occurrences', () => {
    const r = at('the deal was off', 1);
    const target = { quote: quoteAt(text, r), position: r };
    assert.deepEqual(anchor(target, text), { state: 'position', ...r });
    const moved = 'Breaking. ' + text;
    assert.deepEqual(anchor(target, moved), { state: 'quote', start: r.start + 10, end: r.end + 10 });
    // a third occurrence comes first now: the context still says Beta's
    const more = 'Delta said the deal was off. ' + text;
    const got = anchor(target, more);
    assert.equal(got.state, 'quote');
    assert.equal(more.slice(got.start - 10, got.start), 'Beta said ');
  });

  it('an edited quote is found between its context, or approximately; a vanished one is orphaned, not dropped', () => {
    const r = at('nothing at all about it');
    const target = { quote: quoteAt(text, r), position: r };
    const edited = text.replace('nothing at all about it', 'nothing whatsoever about it');
    const got = anchor(target, edited);
    assert.equal(got.state, 'fuzzy');
    assert.equal(edited.slice(got.start, got.end), 'nothing whatsoever about it');
    const gone = 'A completely different article about the weather in Lisbon, which was warm.';
    const o = anchor(target, gone);
    assert.equal(o.state, 'orphaned');
    assert.equal(o.start, o.end);
  });

  it(`random edits touching 10% of an article keep ≥ 95% of annotations on the right text, and lose none`, () => {
    const articles = seeds().map(s => s.text).filter(t => t.length > 1500);
    const tally: Record<Verdict, number> = { exact: 0, overlap: 0, 'orphan-ok': 0, wrong: 0, lost: 0 };
    const states: Record<string, number> = {};
    let runs = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: articles.length - 1 }), fc.integer(), (which, seed) => {
        runs++;
        const rand = rng(seed);
        const base = articles[which];
        const store = new AnnotationStore(new MemoryAnnotationFs());
        const ranges: { start: number; end: number }[] = [];
        for (let i = 0; i < 40; i++) {
          const len = 8 + Math.floor(rand() * 190);
          const start = Math.floor(rand() * (base.length - len));
          ranges.push({ start, end: start + len });
          store.add('a.txt', base, { start, end: start + len }, { note: `n${i}` });
        }
        const edited = randomEdits(base, 0.1, rand);
        const anchored = store.anchorAll('a.txt', edited.text);
        assert.equal(anchored.length, 40, 'no annotation is lost');
        for (const { annotation, anchor: r } of anchored) {
          const i = Number(annotation.note!.slice(1));
          states[r.state] = (states[r.state] ?? 0) + 1;
          if (r.state === 'orphaned') assert.ok(annotation.quote.exact.length > 0, 'an orphan keeps its quote');
          tally[judge(ranges[i].start, ranges[i].end, edited, r, annotation.quote.exact)]++;
        }
      }),
      { numRuns: 60 },
    );
    const total = Object.values(tally).reduce((a, b) => a + b, 0);
    const right = (tally.exact + tally.overlap + tally['orphan-ok']) / total;
    console.log(`      anchoring: ${runs} articles edited, ${total} annotations: ${(right * 100).toFixed(1)}% right (${JSON.stringify(tally)}; states ${JSON.stringify(states)})`);
    assert.equal(tally.lost, 0);
    assert.ok(right >= 0.95, `only ${(right * 100).toFixed(1)}% anchored on the right text`);
  });

  it('stays fast on a 1 MB article (200 annotations after edits; a missing quote searched everywhere)', function () {
    this.timeout(20000);
    const rand = rng(7);
    const unit = seeds().map(s => s.text).join('\n\n');
    let big = '';
    while (big.length < 1_000_000) big += unit.replace(/\d/g, () => String(Math.floor(rand() * 10))) + '\n\n';
    const store = new AnnotationStore(new MemoryAnnotationFs());
    for (let i = 0; i < 200; i++) {
      const start = Math.floor(rand() * (big.length - 300));
      store.add('big.txt', big, { start, end: start + 20 + Math.floor(rand() * 200) });
    }
    const edited = randomEdits(big, 0.01, rand);
    const t0 = performance.now();
    const anchored = store.anchorAll('big.txt', edited.text);
    const t1 = performance.now();
    assert.equal(anchored.length, 200);
    const missing = { quote: { exact: 'Zebra quartz vexing jumpy fjord nymphs waltz by, quickly jinxing the big dwarf.', prefix: 'nothing like this anywhere in it', suffix: 'nor this either, not at all here' }, position: { start: 500_000, end: 500_080 } };
    const t2 = performance.now();
    const r = anchor(missing, edited.text);
    const t3 = performance.now();
    assert.equal(r.state, 'orphaned');
    console.log(`      1 MB article: 200 annotations anchored in ${(t1 - t0).toFixed(0)} ms (${JSON.stringify(anchored.reduce<Record<string, number>>((a, x) => ((a[x.anchor.state] = (a[x.anchor.state] ?? 0) + 1), a), {}))}); an orphan searched in ${(t3 - t2).toFixed(0)} ms`);
    assert.ok(t1 - t0 < 10000 && t3 - t2 < 5000);
  });
});
