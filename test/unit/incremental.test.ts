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
import { analyzeArticle } from '../../src/core/article/analyze';
import { extractPlainEntities } from '../../src/core/entities/extract';
import { cleanCacheStats, clearCleanCache, wholeWordMatches, wholeWordMatchesByLine } from '../../src/core/entities/resolve';
import { extractQuotes } from '../../src/core/quotes';
import type { SpeakerMemo } from '../../src/core/quotes/extract';
import { loadNerModel, tagEntities, tokenise, type SentenceKey, type Tokenised } from '../../src/core/ner';
import { documentDigest, documentStats, sentenceFeatures } from '../../src/core/ner/features';
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
  switch (Math.floor(r() * 12)) {
    case 10: { // the word before a capitalised word replaced: the context of one of its mentions changes, not the count
      const before = /\b\p{Ll}+ (?=\p{Lu}\p{Ll})/u.exec(text.slice(at));
      return before ? `${text.slice(0, at + before.index)}${pick(['near', 'with', 'told', 'from'])} ${text.slice(at + before.index + before[0].length)}` : text;
    }
    case 11: { // the word after a capitalised word replaced, or a capitalised word put after it (a longer name)
      const after = /(?<=\b\p{Lu}\p{Ll}+ )\p{Ll}+\b/u.exec(text.slice(at));
      return after ? `${text.slice(0, at + after.index)}${pick(['met', 'and', 'Ross', 'Lima'])}${text.slice(at + after.index + after[0].length)}` : text;
    }
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

const model = loadNerModel(readFileSync(join(ROOT, 'media', 'models', 'ner.bin')));

describe('incremental analysis', () => {
  it("a sentence's words and its digest of the document statistics determine its features (the entity memo's key)", function () {
    this.timeout(120_000);
    // every (words, digest) pair met, in any version of any document, with the features it gave
    const seen = new Map<string, string>();
    let sentences = 0;
    let changedDigests = 0;
    /** Checks every sentence of a version; `before`: the digests of the previous versions' sentences, by words. */
    // the tokeniser with a memo of blocks, kept over all versions (never emptied): the same tokens and sentences
    const blocks = new Map<string, Tokenised>();
    const blockMemo = { get: (b: string) => blocks.get(b), set: (b: string, t: Tokenised) => void blocks.set(b, t) };
    const check = (text: string, before: Map<string, string>, where: string) => {
      const { tokens, sentences: sents } = tokenise(text);
      assert.deepEqual(tokenise(text, blockMemo), { tokens, sentences: sents }, `${where}: tokens with the memo of blocks`);
      const doc = { words: tokens.map(t => t.text), sentences: sents };
      const st = documentStats(doc, model.resources);
      for (let s = 0; s < sents.length; s++) {
        const digest: number[] = [];
        documentDigest(st, s, digest);
        const words = doc.words.slice(sents[s].first, sents[s].end).join('\u0001');
        const keys: number[] = [];
        sentenceFeatures(st, s, false, keys, new Uint32Array(sents[s].end - sents[s].first + 1), sents[s].first);
        const key = `${words}\u0002${digest.join(',')}`;
        const features = keys.join(',');
        const known = seen.get(key);
        if (known === undefined) seen.set(key, features);
        else assert.equal(features, known, `${where}, sentence ${s}: same words and digest, other features`);
        // the same sentence with another digest: a change elsewhere that its features read
        const d = before.get(words);
        if (d !== undefined && d !== digest.join(',')) changedDigests++;
        before.set(words, digest.join(','));
        sentences++;
      }
    };
    for (const [i, seed] of seeds().slice(0, 4).entries()) {
      const r = mulberry32(300 + i);
      let text = seed.text;
      const before = new Map<string, string>();
      for (let k = 0; k < 40; k++) {
        if (k > 0) text = edit(text, r);
        check(text, before, `${seed.name}, edit ${k}`);
      }
    }
    // a word met in more contexts than the statistics keep (8): a longer name elsewhere changes only
    // whether it starts a sequence of capitalised words, which its other sentences read
    const contexts = ['with', 'from', 'told', 'near', 'after', 'before', 'beside', 'behind', 'against', 'about'];
    const mentions = contexts.map((w, i) => `The talks ${w} Ross ${contexts[(i + 3) % contexts.length]} them went on.`).join(' ');
    const before = new Map<string, string>();
    for (const added of ['', ' Later Ross Lima arrived.', ' Later Ross Lima Quay arrived.', ' Later Anna Ross arrived.']) check(`${mentions}${added}`, before, `added "${added}"`);
    assert.ok(sentences > 5000, `${sentences} sentences`);
    assert.ok(changedDigests > 20, `digests changed by edits elsewhere: ${changedDigests}`);
  });

  it("the tagger's memo key of a sentence determines its labels, in either pass", function () {
    this.timeout(120_000);
    // a memo that answers nothing and records every key the tagger stores: one key, one result
    const seen = new Map<string, string>();
    let stored = 0;
    const recorder = {
      get: () => undefined,
      set: (_hash: number, key: SentenceKey, labels: Int32Array) => {
        const k = `${key.words.join('\u0001')}\u0002${key.keys.join(',')}`;
        const known = seen.get(k);
        if (known === undefined) seen.set(k, labels.join(','));
        else assert.equal(labels.join(','), known, `same key, other labels: ${key.words.join(' ')}`);
        stored++;
      },
    };
    for (const [i, seed] of seeds().slice(0, 4).entries()) {
      const r = mulberry32(500 + i);
      let text = seed.text;
      for (let k = 0; k < 30; k++) {
        if (k > 0) text = edit(text, r);
        tagEntities(model, text, { memo: recorder });
      }
    }
    // the same sentence where the other mentions of its name are places, people or a company: in the
    // second pass (the first pass's labels of the other mentions) it is decoded anew
    const line = 'Officials said Corvo would respond.';
    const others = ['', 'Talks were held in Corvo on Monday. The weather in Corvo was fine.', 'Mr Corvo said he was pleased. Mr Corvo told reporters.', 'Corvo Inc. reported profits. Shares in Corvo Inc. rose.'];
    for (const o of others) tagEntities(model, `${line} ${o}`, { memo: recorder });
    assert.ok(stored > 1000, `${stored} sentences decoded`);
  });

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
      assert.ok(st.blockHits > st.blockMisses, `${seed.name}: blocks reused ${st.blockHits}, tokenised ${st.blockMisses}`);
      assert.ok(st.sentenceHits > st.sentenceMisses, `${seed.name}: sentences reused ${st.sentenceHits}, decoded ${st.sentenceMisses}`);
      assert.ok(st.paragraphHits > st.paragraphMisses, `${seed.name}: paragraphs reused ${st.paragraphHits}, analysed ${st.paragraphMisses}`);
      assert.ok(st.speakerHits > st.speakerMisses, `${seed.name}: speaker candidates reused ${st.speakerHits}, built ${st.speakerMisses}`);
    }
    assert.equal(checked, 48);
  });

  it('gives what a fresh analysis gives when paragraphs repeat and move (memo entries used once per version, offsets moved)', function () {
    this.timeout(60_000);
    const seed = seeds()[0];
    const paras = seed.text.split(/\n+/).filter(p => p.trim());
    const quoted = paras.filter(p => /["“]/.test(p)).slice(0, 3);
    assert.ok(quoted.length >= 2, 'the seed has paragraphs with quotes');
    const memo = new DocumentMemo();
    const versions = [
      seed.text,
      `${quoted[0]}\n\n${seed.text}`, // everything moves down
      `${quoted[0]}\n\n${quoted[0]}\n\n${seed.text}`, // the same paragraph three times
      `Breaking:\n\n${quoted[0]}\n\n${quoted[0]}\n\n${seed.text}`,
      `${quoted[1]}\n\n${seed.text}\n\n${quoted[1]}`, // moved up, and repeated at the end
      seed.text.replace(quoted[0], `${quoted[0]}\n\n${quoted[0]}`),
      seed.text,
    ];
    for (const [k, text] of versions.entries()) {
      const req: AnalyzeRequest = { uri: `file:///ws/${seed.name}`, text, maxBytes: 1e8, entities: true };
      assert.deepEqual(runAnalysis(req, tagger, memo), runAnalysis(req, tagger), `version ${k}`);
    }
    assert.ok(memo.stats.paragraphHits > memo.stats.paragraphMisses, `paragraphs reused ${memo.stats.paragraphHits}, analysed ${memo.stats.paragraphMisses}`);
  });

  it("the speaker memo's key of a quote determines its candidates (with the paragraph memo, edit after edit)", function () {
    this.timeout(120_000);
    // a memo that answers nothing and records what is stored under each key: one key, one value
    const seen = new Map<string, string>();
    let stored = 0;
    let repeated = 0;
    const recorder: SpeakerMemo = {
      get: () => undefined,
      set: (key, value) => {
        const v = JSON.stringify(value.cands);
        const known = seen.get(key);
        if (known === undefined) seen.set(key, v);
        else {
          assert.equal(v, known, `same key, other candidates: ${key}`);
          repeated++;
        }
        stored++;
      },
    };
    for (const [i, seed] of seeds().slice(0, 4).entries()) {
      const r = mulberry32(900 + i);
      const memo = new DocumentMemo();
      let text = seed.text;
      for (let k = 0; k < 40; k++) {
        if (k > 0) {
          text = edit(text, r);
          // and a change of spacing only: a blank line more or less between two paragraphs
          const br = text.indexOf('\n', Math.floor(r() * text.length));
          if (br > 0) text = r() < 0.5 ? `${text.slice(0, br)}\n${text.slice(br)}` : text.slice(0, br) + text.slice(br).replace(/^\n\n+/, '\n');
        }
        extractQuotes(text, undefined, { paragraphs: memo.quoteParagraphs, speakers: recorder });
        memo.done();
      }
    }
    assert.ok(stored > 1000 && repeated > 500, `${stored} candidate lists built, ${repeated} under a key met before`);
  });

  it("the article model with the memo of blocks is the model without it, in text and Markdown, edit after edit", function () {
    this.timeout(60_000);
    let checked = 0;
    for (const [i, seed] of seeds().slice(0, 3).entries()) {
      for (const format of ['text', 'markdown'] as const) {
        const r = mulberry32(700 + i);
        const memo = new DocumentMemo();
        // Markdown headings and lists, and hard-wrapped lines (blocks of several lines), among the edits
        let text = format === 'markdown' ? `# ${seed.text.replace(/\n\n/, '\n\n- a point\n- another\n\n## Later\n\n')}` : seed.text.replace(/\. /, '.\n');
        for (let k = 0; k < 12; k++) {
          if (k > 0) text = edit(text, r);
          const opts = { uri: `file:///ws/${seed.name}.${format === 'markdown' ? 'md' : 'txt'}`, format, warnings: [] };
          assert.deepEqual(analyzeArticle(text, { ...opts, blocks: memo.blockFacts }), analyzeArticle(text, opts), `${seed.name} (${format}), edit ${k}`);
          memo.done();
          checked++;
        }
        const st = memo.stats;
        assert.ok(st.articleBlockHits > 4 * st.articleBlockMisses, `${seed.name} (${format}): blocks reused ${st.articleBlockHits}, read ${st.articleBlockMisses}`);
      }
    }
    assert.equal(checked, 72);
  });

  it("the entity clean-up's repairs remembered per mention (by the text they read) are those made anew, edit after edit", function () {
    this.timeout(120_000);
    let checked = 0;
    const hits0 = cleanCacheStats.hits;
    for (const [i, seed] of seeds().slice(0, 4).entries()) {
      const r = mulberry32(900 + i);
      let text = seed.text;
      for (let k = 0; k < 12; k++) {
        if (k > 0) text = edit(text, r);
        // names joined by "and" (split when each stands alone elsewhere, which reads the mention list)
        if (k % 4 === 3) {
          const at = text.indexOf('. ', Math.floor(r() * text.length));
          if (at >= 0) text = `${text.slice(0, at + 2)}${['Anna Lindqvist and Geneva', 'Okafor and Lindqvist', 'Reuters and Geneva officials', 'the Ministry and Okafor'][Math.floor(r() * 4)]} met. ${text.slice(at + 2)}`;
        }
        const analysis = analyzeArticle(text, { uri: `file:///ws/${seed.name}.txt`, warnings: [] });
        // with what the versions before left in the cache, then from an empty cache
        const warm = extractPlainEntities(analysis, tagger);
        clearCleanCache();
        assert.deepEqual(warm, extractPlainEntities(analysis, tagger), `${seed.name}, edit ${k}`);
        checked++;
      }
    }
    // the same mention, other words after it: an adjective of place is a place when written as a noun
    for (const variant of ['They sailed across the Pacific on Monday.', 'They sailed across the Pacific coast.', 'They sailed across the Pacific.', 'They sailed across the Pacific fleet.']) {
      const analysis = analyzeArticle(`Talks went on. ${variant} Officials said so.`, { uri: 'file:///ws/x.txt', warnings: [] });
      const warm = extractPlainEntities(analysis, tagger);
      clearCleanCache();
      assert.deepEqual(warm, extractPlainEntities(analysis, tagger), variant);
      extractPlainEntities(analyzeArticle(`Talks went on. They sailed across the Pacific trade. Officials said so.`, { uri: 'file:///ws/x.txt', warnings: [] }), tagger);
    }
    assert.equal(checked, 48);
    assert.ok(cleanCacheStats.hits - hits0 > 1000, `${cleanCacheStats.hits - hits0} mentions found in the cache`);
  });

  it("entity merging's alias scan, line by line with the lines of earlier versions remembered, finds what one scan of the whole text finds", () => {
    const r = mulberry32(77);
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    // pieces that meet at line breaks and the text's ends: forms cut by a break, letters and digits
    // and surrogate pairs (a letter outside the BMP, an emoji) on either side, forms that start
    // inside one another, forms holding a line break (scanned whole)
    const pieces = ['Ann', 'Anna', 'Anna Lind', 'Lind', 'US', 'USA', '\n', '\n\n', ' ', '. ', 'x', '7', 'é', '𝐀', '😀', 'Éire', 'Anna\nLind', '"', '-'];
    const formSets = [['Anna Lind', 'Anna', 'Lind', 'US'], ['Anna', 'Anna Lind', 'USA', 'US', 'Éire'], ['Lind', '𝐀x', 'Ann'], ['Anna\nLind', 'Anna'], ['Éire', 'US']];
    const memo = new DocumentMemo();
    let text = 'Anna Lind\nUS';
    let checked = 0;
    for (let k = 0; k < 3000; k++) {
      // an edit: a piece put in or a span taken out, and now and then another list of forms
      const at = Math.floor(r() * (text.length + 1));
      text = r() < 0.7 ? text.slice(0, at) + pick(pieces) + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 6));
      if (text.length > 400) text = text.slice(text.length - 200);
      const forms = k % 50 < 45 ? formSets[Math.floor(k / 50) % formSets.length] : pick(formSets);
      assert.deepEqual(wholeWordMatchesByLine(text, forms, memo.aliasScan), [...wholeWordMatches(text, forms)], JSON.stringify({ text, forms }));
      memo.done();
      checked++;
    }
    assert.equal(checked, 3000);
  });

  it("entity merging's alias scan finds what a regular expression of the forms (the first in order winning) finds, with thousands of forms sharing a first letter", () => {
    const r = mulberry32(91);
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    const words = ['I', 'Ia', 'Ann', 'said', 'a', ' ', ' ', '.', ',', '“', '”', '\n', 'é', '𝐀', '7'];
    const escape = (f: string) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    let compared = 0;
    for (let k = 0; k < 40; k++) {
      let text = '';
      while (text.length < 3000) text += pick(words);
      // "names" of one to four pieces, most of them starting with the same letter; in random order
      const forms = new Set<string>();
      const n = k < 20 ? 30 : 3000;
      while (forms.size < n) {
        let f = r() < 0.9 ? 'I' : pick(['Ann', 'Ia', '𝐀']);
        for (let j = Math.floor(r() * 4); j > 0; j--) f += pick(words.filter(w => w !== '\n'));
        forms.add(f);
      }
      const list = [...forms];
      const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
      const expected = [...text.matchAll(re)].map(m => ({ index: m.index!, form: m[0] }));
      const found = [...wholeWordMatches(text, list)];
      assert.deepEqual(found, expected, JSON.stringify({ k, text: text.slice(0, 200) }));
      compared += found.length;
    }
    assert.ok(compared > 1000, `${compared} matches compared`);
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
