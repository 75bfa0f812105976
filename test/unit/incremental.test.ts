/**
 * Incremental analysis (src/core/analysis/incremental.ts): a document analysed version after
 * version with its memo gives exactly what a fresh analysis of each version gives — entities,
 * mentions, quotes and speakers — whatever the edit: words typed, text deleted, capitalised names,
 * titles before names, names written in lower case and quotation marks added (which change the tagger's document-level features and the quote
 * regions of later paragraphs), paragraphs split and joined, a version sent twice.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNerTagger } from '../../src/core/entities/nerTagger';
import { createAnalyzer, runAnalysis, type AnalyzeRequest } from '../../src/core/analysis/pipeline';
import { DocumentMemo } from '../../src/core/analysis/incremental';
import { mulberry32 } from '../../src/core/random';
import { ROOT, seeds } from './helpers';

const tagger = createNerTagger(readFileSync(join(ROOT, 'media', 'models', 'ner.bin')));

/** Edits of every kind at random places. */
function edit(text: string, r: () => number): string {
  const at = Math.floor(r() * text.length);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  // the next capitalised word after `at` (its other mentions elsewhere read its labels and statistics)
  const cap = /\b\p{Lu}\p{Ll}+/u.exec(text.slice(at));
  const capAt = cap ? at + cap.index : -1;
  switch (Math.floor(r() * 10)) {
    case 8: // a title before a capitalised word: its label here changes, so do the second-pass features of its other mentions
      return capAt < 0 ? text : `${text.slice(0, capAt)}${pick(['Mr ', 'President ', 'the city of ', 'Minister '])}${text.slice(capAt)}`;
    case 9: // a capitalised word written in lower case: the document statistics of every mention change
      return capAt < 0 ? text : `${text.slice(0, capAt)}${cap![0].toLowerCase()}${text.slice(capAt + cap![0].length)}`;
    case 0: // a word typed
      return `${text.slice(0, at)} ${pick(['new', 'the', 'said', 'however', 'talks'])}${text.slice(at)}`;
    case 1: // a span deleted
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(r() * 40)));
    case 2: // a capitalised name (changes the document statistics of its words)
      return `${text.slice(0, at)} ${pick(['Anna Lindqvist', 'the Ministry of Transport', 'Geneva', 'Dr Okafor', 'The'])} ${text.slice(at)}`;
    case 3: // a quotation mark (may open a region that runs on)
      return `${text.slice(0, at)}${pick(['"', '“', '”', "'"])}${text.slice(at)}`;
    case 4: // a sentence with a quote and a speaker
      return `${text.slice(0, at)} "We will not accept this," a spokesman said. ${text.slice(at)}`;
    case 5: // a paragraph split
      return `${text.slice(0, at)}\n\n${text.slice(at)}`;
    case 6: { // a paragraph join
      const br = text.indexOf('\n\n', at);
      return br < 0 ? text : `${text.slice(0, br)} ${text.slice(br + 2)}`;
    }
    default: // a lower-case form of a capitalised word elsewhere
      return `${text.slice(0, at)} reuters and washington ${text.slice(at)}`;
  }
}

describe('incremental analysis', () => {
  it('gives what a fresh analysis gives, edit after edit, and reuses the unchanged sentences and paragraphs', function () {
    this.timeout(120_000);
    const all = seeds();
    let checked = 0;
    for (const [i, seed] of all.slice(0, 3).entries()) {
      const r = mulberry32(100 + i);
      const memo = new DocumentMemo();
      let text = seed.text;
      for (let k = 0; k < 16; k++) {
        if (k > 0) text = edit(text, r);
        const req: AnalyzeRequest = { uri: `file:///ws/${seed.name}`, text, maxBytes: 1e8, entities: true };
        assert.deepEqual(runAnalysis(req, tagger, memo), runAnalysis(req, tagger), `${seed.name}, edit ${k}`);
        checked++;
      }
      const st = memo.stats;
      assert.ok(st.sentenceHits > st.sentenceMisses, `${seed.name}: sentences reused ${st.sentenceHits}, decoded ${st.sentenceMisses}`);
      assert.ok(st.paragraphHits > st.paragraphMisses, `${seed.name}: paragraphs reused ${st.paragraphHits}, tagged ${st.paragraphMisses}`);
    }
    assert.equal(checked, 48);
  });

  it('the analyser keeps a memo per open document only: files read from disk are analysed fresh', () => {
    const analyze = createAnalyzer();
    const [a, b] = seeds();
    const ta: AnalyzeRequest = { uri: 'file:///ws/a.txt', text: a.text, maxBytes: 1e8, entities: true };
    const tb: AnalyzeRequest = { uri: 'file:///ws/b.txt', text: b.text, maxBytes: 1e8, entities: true };
    const bytes: AnalyzeRequest = { uri: 'file:///ws/c.txt', bytes: new TextEncoder().encode(a.text), maxBytes: 1e8, entities: true };
    // interleaved documents each keep their own memo
    for (const req of [ta, tb, ta, bytes, tb, ta]) assert.deepEqual(analyze(req, tagger), runAnalysis(req, tagger));
  });
});
