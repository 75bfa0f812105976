import * as assert from 'node:assert/strict';
import { Corpus } from '../../src/core/corpus';
import { InMemoryWorkspace } from '../../src/core/workspace';
import { AnalysisCache, shardOf } from '../../src/core/cache/analysisCache';
import { InMemoryCacheStorage } from '../../src/core/cache/storage';
import { hashBytes } from '../../src/core/cache/hash';
import { measureOpen } from '../../src/core/cache/openBench';
import { InThreadBackend } from '../../src/core/analysis/backend';
import { decodeRecord, encodeRecord } from '../../src/core/analysis/record';
import { analyzeArticle } from '../../src/core/article/analyze';
import { articleQuotes } from '../../src/core/articleQuotes';
import { extractPlainEntities, entitiesToSource } from '../../src/core/entities/extract';
import { tag } from './helpers';
import type { Tagger } from '../../src/core/entities/extract';

/** Polls until `ok` holds (at most 2 s). */
async function waitFor(ok: () => boolean): Promise<void> {
  for (const t0 = Date.now(); !ok() && Date.now() - t0 < 2000; ) await new Promise(r => setTimeout(r, 5));
}

/** A stand-in tagger that knows the fixture's names. */
const stubTagger = (): Tagger => (text: string) => tag(text, [['Jane Example', 'PER'], ['Sam Sample', 'PER'], ['weather office', 'ORG']]);

const ARTICLES: Record<string, string> = {
  'file:///ws/a.txt': 'Council approves new budget\n\nThe mayor, Jane Example, said on Monday: "We will balance the books." The council voted 7-2.\n',
  'file:///ws/b.md': '# Storm reaches the coast\n\nThe **weather office** warned of flooding. "Stay indoors," said forecaster Sam Sample.\n',
  'file:///ws/c.txt': 'Schools reopen after repairs\n\nPupils returned on Tuesday, the head teacher said.\n',
};

async function openAll(storage: InMemoryCacheStorage, ws: InMemoryWorkspace, tagger = true) {
  const cache = new AnalysisCache(storage, { modelVersion: 'test' });
  const corpus = new Corpus(ws, { cache, backend: tagger ? new InThreadBackend(async () => stubTagger()) : undefined });
  const entries = await corpus.loadAll();
  for (const e of entries) if (e.ok && tagger) await corpus.quotes(e);
  await corpus.flushCache({ prune: true });
  return { corpus, cache, entries };
}

/** The bytes of the one shard file that holds `uri`'s record. */
function shardFileOf(ws: Record<string, string>, uri: string): string {
  const seed = /\.md$/.test(uri) ? 1 : 0;
  return `analysis-${shardOf(hashBytes(new TextEncoder().encode(ws[uri]), seed))}.cache`;
}

describe('Analysis record', () => {
  it('round-trips an analysis with entities and quotes (Markdown: offsets into the source)', () => {
    const source = ARTICLES['file:///ws/b.md'];
    const analysis = analyzeArticle(source, { uri: 'b.md' });
    const plain = extractPlainEntities(analysis, stubTagger());
    const quotes = articleQuotes(analysis, plain);
    const back = decodeRecord(source, JSON.parse(JSON.stringify(encodeRecord(analysis, plain, quotes))));
    assert.deepEqual(back.analysis.model, analysis.model);
    assert.equal(back.analysis.plain.text, analysis.plain.text);
    assert.deepEqual([0, 5, 30].map(i => back.analysis.plain.map.toSource(i)), [0, 5, 30].map(i => analysis.plain.map.toSource(i)));
    assert.deepEqual(back.entities!.plain.entities, plain.entities);
    assert.equal(back.entities!.source.entities, back.entities!.plain.entities, "one list, parsed once, for both views");
    assert.deepEqual(back.entities!.plain.mentions, plain.mentions);
    assert.deepEqual(back.entities!.source.mentions, entitiesToSource(analysis, plain).mentions);
    assert.ok(plain.mentions.length > 0 && quotes.length > 0, 'the fixture has mentions and quotes');
    assert.deepEqual(back.quotes!(), quotes);
  });

  it('refuses a record made for another text', () => {
    const analysis = analyzeArticle('Short text here.');
    assert.throws(() => decodeRecord('A different, longer text here.', encodeRecord(analysis)), /length/);
  });
});

describe('Persistent analysis cache', () => {
  it('a warm open still gives the entity index the tagger\'s word lists (they change how names merge)', async () => {
    const storage = new InMemoryCacheStorage();
    const lexicon = { isFirstName: () => false, isPlace: (w: string) => w === 'Sample' };
    const withLexicon = async () => Object.assign(stubTagger(), { lexicon });
    const open = async () => {
      const corpus = new Corpus(new InMemoryWorkspace(ARTICLES), { cache: new AnalysisCache(storage, { modelVersion: 'test' }), backend: new InThreadBackend(withLexicon) });
      await corpus.loadAll();
      await corpus.flushCache();
      return corpus;
    };
    const cold = await open();
    assert.equal(cold.entityIndex.lexicon, lexicon);
    const warm = await open();
    assert.deepEqual(warm.counters, { analysed: 0, fromCache: 3 });
    await waitFor(() => warm.entityIndex.lexicon !== undefined);
    assert.equal(warm.entityIndex.lexicon, lexicon);
  });

  it('reopening an unchanged workspace analyses nothing; a changed file alone is analysed again', async () => {
    const storage = new InMemoryCacheStorage();
    const ws = new InMemoryWorkspace(ARTICLES);
    const cold = await openAll(storage, ws);
    assert.equal(cold.corpus.counters.analysed, 3);
    assert.ok(storage.files.size > 0);
    const warm = await openAll(storage, new InMemoryWorkspace(ARTICLES));
    assert.deepEqual(warm.corpus.counters, { analysed: 0, fromCache: 3 });
    // the cached results equal freshly computed ones
    for (const e of warm.entries) {
      const fresh = cold.entries.find(c => c.uri === e.uri)!;
      assert.ok(e.ok && fresh.ok);
      assert.deepEqual(e.analysis.model, fresh.analysis.model);
      assert.deepEqual(await warm.corpus.quotes(e), await cold.corpus.quotes(fresh));
      assert.deepEqual((await warm.corpus.entities(e)).mentions, (await cold.corpus.entities(fresh)).mentions);
    }
    const changed = { ...ARTICLES, 'file:///ws/c.txt': ARTICLES['file:///ws/c.txt'].replace('Tuesday', 'Wednesday') };
    const third = await openAll(storage, new InMemoryWorkspace(changed));
    assert.deepEqual(third.corpus.counters, { analysed: 1, fromCache: 2 });
  });

  it('keys by content: a file renamed or copied is not analysed again', async () => {
    const storage = new InMemoryCacheStorage();
    await openAll(storage, new InMemoryWorkspace(ARTICLES));
    const moved = new InMemoryWorkspace({ 'file:///ws/renamed.txt': ARTICLES['file:///ws/a.txt'] });
    const { corpus, entries } = await openAll(storage, moved);
    assert.deepEqual(corpus.counters, { analysed: 0, fromCache: 1 });
    assert.ok(entries[0].ok && entries[0].analysis.model.uri === 'file:///ws/renamed.txt');
  });

  const damages: [string, (bytes: Uint8Array) => Uint8Array, RegExp][] = [
    ['a corrupt byte in the body', b => b.map((x, i) => (i === b.length - 20 ? x ^ 0x01 : x)), /checksum/],
    ['a truncated file', b => b.slice(0, Math.floor(b.length * 0.6)), /truncated/],
    ['a wrong format version', b => replaceHeader(b, h => h.replace(/^(\S+) \d+/, '$1 999')), /format/],
    ['a wrong analyser/model version', b => replaceHeader(b, h => h.replace(/^(\S+ \d+) \S+/, '$1 0.other')), /version/],
    ['garbage', () => new TextEncoder().encode('{"not":"a cache"}'), /not a cache file|no header/],
  ];
  for (const [what, damage, problem] of damages) {
    it(`${what}: the shard is rejected, its files analysed again and the shard rewritten`, async () => {
      const storage = new InMemoryCacheStorage();
      await openAll(storage, new InMemoryWorkspace(ARTICLES));
      const name = shardFileOf(ARTICLES, 'file:///ws/a.txt');
      storage.files.set(name, damage(storage.files.get(name)!));
      const again = await openAll(storage, new InMemoryWorkspace(ARTICLES));
      assert.ok(again.corpus.counters.analysed >= 1, 'a.txt analysed again');
      assert.equal(again.corpus.counters.analysed + again.corpus.counters.fromCache, 3);
      assert.ok(again.cache.stats.rejectedShards >= 1);
      assert.match(again.cache.stats.lastProblem ?? '', problem);
      const healed = await openAll(storage, new InMemoryWorkspace(ARTICLES));
      assert.deepEqual(healed.corpus.counters, { analysed: 0, fromCache: 3 }, 'rebuilt: the next open reuses everything');
    });
  }

  it('a record whose content does not fit the file it is found for is not used', async () => {
    const storage = new InMemoryCacheStorage();
    await openAll(storage, new InMemoryWorkspace(ARTICLES));
    // an entry moved under another hash (same shard, valid checksum): it does not fit the file it now names
    const uri = 'file:///ws/a.txt';
    const hash = hashBytes(new TextEncoder().encode(ARTICLES[uri]));
    const cache = new AnalysisCache(storage, { modelVersion: 'test' });
    const record = (await cache.get(hash, new TextEncoder().encode(ARTICLES[uri]).length))!;
    const other = 'Other headline\n\nA different article of the same byte length, more or less.';
    const otherHash = hashBytes(new TextEncoder().encode(other));
    await cache.put(otherHash, new TextEncoder().encode(other).length, record);
    await cache.flush();
    const ws = new InMemoryWorkspace({ 'file:///ws/other.txt': other });
    const { corpus, entries } = await openAll(storage, ws);
    assert.equal(corpus.counters.analysed, 1, 'analysed, not taken from a record of another text');
    assert.ok(entries[0].ok && entries[0].analysis.model.title === 'Other headline');
  });

  it('a shard holding a line whose hash belongs to another shard is rejected', async () => {
    const storage = new InMemoryCacheStorage();
    await openAll(storage, new InMemoryWorkspace(ARTICLES));
    const name = shardFileOf(ARTICLES, 'file:///ws/a.txt');
    const text = new TextDecoder().decode(storage.files.get(name)!);
    const forged = text.replace(/\n([0-9a-f]{2})/, (_, p) => `\n${p === 'ff' ? '00' : 'ff'}`);
    storage.files.set(name, reencode(forged));
    const again = await openAll(storage, new InMemoryWorkspace(ARTICLES));
    assert.match(again.cache.stats.lastProblem ?? '', /does not belong/);
    assert.ok(again.corpus.counters.analysed >= 1);
  });

  it('a record part that is not UTF-8 (checksum right) is never used: a core rejects the record, an entity list reads as none, a body is computed again', async () => {
    const uri = 'file:///ws/a.txt';
    const name = shardFileOf(ARTICLES, uri);
    const fresh = analyzeArticle(ARTICLES[uri], { uri, format: 'text' });
    for (const part of [2, 3, 4]) {
      const storage = new InMemoryCacheStorage();
      await openAll(storage, new InMemoryWorkspace(ARTICLES));
      // an invalid byte inside the part (tab-separated field `part` of a.txt's line)
      const bytes = storage.files.get(name)!.slice();
      const hash = hashBytes(new TextEncoder().encode(ARTICLES[uri]));
      const line = new TextDecoder().decode(bytes).indexOf(`\n${hash}\t`) + 1;
      let at = line;
      for (let k = 0; k < part; k++) at = bytes.indexOf(0x09, at) + 1;
      bytes[at + 3] = 0xff;
      storage.files.set(name, rechecksum(bytes));
      const again = await openAll(storage, new InMemoryWorkspace(ARTICLES));
      const entry = again.entries.find(e => e.uri === uri)!;
      assert.ok(entry.ok);
      assert.equal(again.cache.stats.rejectedShards, 0, 'the shard itself is sound');
      if (part === 2) {
        assert.equal(again.corpus.counters.analysed, 1, 'a core that is not UTF-8: the record is rejected, the file analysed again');
        assert.match(again.cache.stats.lastProblem ?? '', /JSON|Unexpected|record/);
      } else if (part === 3) {
        assert.equal(again.corpus.counters.analysed, 0, 'the core is sound: taken from the cache');
        const doc = await again.corpus.entities(entry);
        assert.deepEqual([doc.entities, doc.mentions], [[], []], 'an entity list that is not UTF-8 is not used (no exception)');
      } else {
        assert.equal(again.corpus.counters.analysed, 0, 'the core is sound: taken from the cache');
        assert.deepEqual(entry.analysis.model.paragraphs, fresh.model.paragraphs, 'a body that is not UTF-8 is computed again from the source');
        assert.equal(entry.analysis.plain.text, fresh.plain.text);
      }
    }
  });

  it('prunes records of files that are gone after a full pass', async () => {
    const storage = new InMemoryCacheStorage();
    await openAll(storage, new InMemoryWorkspace(ARTICLES));
    const one = { 'file:///ws/a.txt': ARTICLES['file:///ws/a.txt'] };
    await openAll(storage, new InMemoryWorkspace(one));
    const cache = new AnalysisCache(storage, { modelVersion: 'test' });
    for (const uri of Object.keys(ARTICLES)) {
      const bytes = new TextEncoder().encode(ARTICLES[uri]);
      const rec = await cache.get(hashBytes(bytes, /\.md$/.test(uri) ? 1 : 0), bytes.length);
      assert.equal(rec !== undefined, uri === 'file:///ws/a.txt', uri);
    }
  });

  it('measureOpen reports cold and warm opens (what the benchmark calls)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`file:///ws/n${i}.txt`] = `Headline number ${i}\n\nThe spokesperson said the plan ${i} would go ahead. "It is ready," she said.\n`;
    const res = await measureOpen({ workspace: new InMemoryWorkspace(files), storage: new InMemoryCacheStorage(), backend: new InThreadBackend(async () => stubTagger()) });
    assert.equal(res.articles, 30);
    assert.deepEqual([res.cold.analysed, res.cold.fromCache], [30, 0]);
    assert.deepEqual([res.warm.analysed, res.warm.fromCache], [0, 30]);
    assert.ok(res.cold.seconds > 0 && res.warm.seconds > 0);
  });
});

function reencode(text: string): Uint8Array {
  // recompute the header's checksum so only the forged content is wrong
  const nl = text.indexOf('\n');
  const body = new TextEncoder().encode(text.slice(nl + 1));
  const header = text.slice(0, nl).split(' ');
  header[5] = String(body.length);
  header[6] = hashBytes(body);
  return new TextEncoder().encode(`${header.join(' ')}\n${text.slice(nl + 1)}`);
}

/** The shard with its header's checksum recomputed over the (altered) body bytes. */
function rechecksum(bytes: Uint8Array): Uint8Array {
  const nl = bytes.indexOf(0x0a);
  const header = new TextDecoder().decode(bytes.subarray(0, nl)).split(' ');
  header[6] = hashBytes(bytes.subarray(nl + 1));
  const head = new TextEncoder().encode(`${header.join(' ')}\n`);
  const out = new Uint8Array(head.length + bytes.length - nl - 1);
  out.set(head);
  out.set(bytes.subarray(nl + 1), head.length);
  return out;
}

function replaceHeader(bytes: Uint8Array, f: (header: string) => string): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  const nl = text.indexOf('\n');
  return new TextEncoder().encode(f(text.slice(0, nl)) + text.slice(nl));
}

describe('analysis record: the body is read on first use and never trusted blindly', () => {
  const fresh = (uri: string) => analyzeArticle(ARTICLES[uri], { uri });

  it('a record read back gives the model, plain text and map of a fresh analysis, the body parsed only when read', () => {
    for (const uri of Object.keys(ARTICLES)) {
      const analysis = fresh(uri);
      const plain = extractPlainEntities(analysis, stubTagger());
      const record = encodeRecord(analysis, plain, articleQuotes(analysis, plain));
      const m = decodeRecord(ARTICLES[uri], record);
      assert.equal(m.analysis.model.title, analysis.model.title);
      assert.deepEqual(JSON.parse(JSON.stringify(m.analysis.model)), JSON.parse(JSON.stringify(analysis.model)));
      assert.equal(m.analysis.plain.text, analysis.plain.text);
      assert.deepEqual(m.analysis.plain.map.toRuns(), analysis.plain.map.toRuns());
      assert.deepEqual(m.entities!.source.mentions, entitiesToSource(analysis, plain).mentions);
    }
  });

  it('a body that does not parse or does not fit the text is computed again from the source', () => {
    const uri = 'file:///ws/b.md';
    const analysis = fresh(uri);
    const good = encodeRecord(analysis);
    const bodies = ['{"paragraphs":[', '{"paragraphs":[{"start":0,"end":99999}],"sentences":[],"boilerplate":[],"parts":[],"plain":null,"map":[0,0,1]}', 'null'];
    for (const body of bodies) {
      const m = decodeRecord(ARTICLES[uri], { ...good, body });
      assert.deepEqual(JSON.parse(JSON.stringify(m.analysis.model)), JSON.parse(JSON.stringify(analysis.model)), body);
      assert.equal(m.analysis.plain.text, analysis.plain.text);
    }
  });
});
