import * as assert from 'node:assert/strict';
import { extractQuotes, type Quote } from '../../src/core/quotes';
import { bestCandidate, CandidateSet, distBucket, mentionsIn, mentionsWithin, type Candidate, type Weights } from '../../src/core/quotes/ranker';
import { SPEAKER_WEIGHTS } from '../../src/core/quotes/speakerModel';
import { tokenize } from '../../src/core/quotes/text';
import './helpers'; // installs the shipped reported-speech model, as the CLI and the extension do

const speakerOf = (text: string, q: Quote) => (q.speakerStart === undefined ? null : text.slice(q.speakerStart, q.speakerEnd));
const quoteOf = (text: string, quotes: Quote[], words: string) => {
  const q = quotes.find(x => text.slice(x.start, x.end) === words);
  assert.ok(q, `no quote "${words}"`);
  return q;
};

describe('speaker ranker: candidates', () => {
  it('merges overlapping mentions, pools their features and conjoins them with the quote class', () => {
    const set = new CandidateSet('direct', ['null']);
    set.add(10, 20, ['rule'], false, 3, 21, 25);
    set.add(15, 18, ['m', 'm:t=name'], false, 3);
    set.add(30, 32, ['m', 'm:t=pron:he'], true, 2);
    const list = set.done(c => [`sal=${c.s}`]);
    assert.equal(list.length, 3);
    assert.equal(list[0].s, -1);
    assert.deepEqual([...list[1].f].sort(), ['m', 'm:t=name', 'm:t=name|direct', 'm|direct', 'rule', 'rule|direct', 'sal=10', 'sal=10|direct'].sort());
    assert.equal(list[1].cueStart, 21);
    assert.ok(list[2].pronoun);
  });

  it('has no "nobody" candidate when the rules found a speaker', () => {
    const set = new CandidateSet('partial', null);
    set.add(0, 3, ['rule'], false, 3);
    assert.ok(set.done().every(c => c.s >= 0));
  });

  it('picks the highest-scoring candidate, the first on ties', () => {
    const c = (f: string[]): Candidate => ({ s: 0, e: 1, f, pronoun: false, quality: 1, cueStart: -1, cueEnd: -1 });
    assert.equal(bestCandidate({ a: 1, b: 2 }, [c(['a']), c(['b']), c(['a', 'x'])]), 1);
    assert.equal(bestCandidate({}, [c(['a']), c(['b'])]), 0);
  });

  it('scores candidates as bestCandidate does on their listed features, without building them', () => {
    const build = () => {
      const set = new CandidateSet('direct', ['null']);
      set.add(10, 20, ['rule', 'm'], false, 3);
      set.add(12, 14, ['m', 'm:t=name'], false, 3);
      set.add(30, 32, ['m', 'cue'], true, 2);
      // a base feature that is the conjunction of another: the full feature set decides
      set.add(40, 42, ['m:t=name|direct', 'm:t=name'], false, 3);
      return set;
    };
    const extra = (c: Candidate) => [`sal=${c.s}`];
    const weightSets: Weights[] = [{ 'm|direct': 0.5, rule: 0.25, 'sal=30|direct': 1, null: 0.1 }, { 'm:t=name|direct': 2, 'm:t=name': 0.5, cue: 2 }, { null: 5 }, {}, { 'sal=10': 0.3, 'sal=30': 0.3 }];
    for (const w of weightSets) {
      const listed = build().done(extra);
      assert.equal(build().best(w, extra), bestCandidate(w, listed), JSON.stringify(w));
    }
  });

  it('buckets distances and finds names, pronouns, descriptions and "who" outside quotes', () => {
    assert.deepEqual([0, 1, 2, 4, 8, 16, 32, 99].map(distBucket), ['0', '1', '2', '3-4', '5-8', '9-16', '17-32', '33+']);
    const text = 'Nadia Petrov, who chairs the board, met the harbour master and she agreed.';
    const toks = tokenize(text, 0, text.length);
    const found = mentionsIn(toks).map(p => text.slice(toks[p.s].s, toks[p.e - 1].e));
    assert.ok(found.includes('Nadia Petrov'), found.join('|'));
    assert.ok(found.includes('who'), found.join('|'));
    assert.ok(found.includes('she'), found.join('|'));
    const all = mentionsIn(toks);
    assert.deepEqual(mentionsWithin(all, 0, 3), all.filter(p => p.s < 3 && p.e <= 3));
  });
});

describe('speaker ranker: the shipped model', () => {
  it('is small and loaded', () => {
    assert.ok(SPEAKER_WEIGHTS && Object.keys(SPEAKER_WEIGHTS).length > 100);
    assert.ok(JSON.stringify(SPEAKER_WEIGHTS).length < 300 * 1024);
  });

  it('keeps the plain attributions the rules get right', () => {
    const text =
      'The harbour authority met on Friday.\n' +
      '“We will reopen the east pier next month,” said Nadia Petrov, who chairs the authority.\n' +
      '“The repairs are paid for.”\n' +
      'Tomas Berg, a fisherman, was less sure: “I have heard that before.”\n' +
      'Petrov called the delays “regrettable but unavoidable.”';
    const quotes = extractQuotes(text);
    assert.equal(speakerOf(text, quoteOf(text, quotes, 'We will reopen the east pier next month,')), 'Nadia Petrov');
    assert.equal(speakerOf(text, quoteOf(text, quotes, 'The repairs are paid for.')), 'Nadia Petrov');
    assert.match(speakerOf(text, quoteOf(text, quotes, 'I have heard that before.')) ?? '', /^Tomas Berg/);
    assert.equal(speakerOf(text, quoteOf(text, quotes, 'regrettable but unavoidable.')), 'Petrov');
  });

  it('can be switched off, and shows its candidates to a training hook', () => {
    const text = '“It is done,” the engineer said.';
    const seen: Candidate[][] = [];
    const quotes = extractQuotes(text, undefined, { speakerModel: null, onCandidates: (_q, c) => seen.push(c) });
    assert.equal(speakerOf(text, quotes[0]), 'the engineer');
    assert.equal(seen.length, 1);
    const rule = seen[0].find(c => c.f.includes('rule'));
    assert.ok(rule && text.slice(rule.s, rule.e) === 'the engineer');
  });

  it('is deterministic', () => {
    const text = 'Ana Ruiz spoke first.\n“Prices will fall,” she said. “Not soon, but they will.”\nHer rival disagreed, calling it “wishful thinking.”';
    assert.deepEqual(extractQuotes(text), extractQuotes(text));
  });
});
