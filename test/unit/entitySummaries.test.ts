import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EntityIndex, type CorpusEntity } from '../../src/core/entities/corpusIndex';
import { EntitySummaries, entityListDigest, SUMMARIES_FILE } from '../../src/core/cache/entitySummaries';
import { AnalysisCache } from '../../src/core/cache/analysisCache';
import { InMemoryCacheStorage } from '../../src/core/cache/storage';
import { hashBytes } from '../../src/core/cache/hash';
import { Corpus, utf8TextLength } from '../../src/core/corpus';
import { InMemoryWorkspace } from '../../src/core/workspace';
import { InThreadBackend } from '../../src/core/analysis/backend';
import type { Tagger } from '../../src/core/entities/extract';
import type { DocumentEntity, EntityType } from '../../src/core/entities/types';
import { tag } from './helpers';

/** Everything the index gives, as plain data (maps as entry lists, in their order). */
function snapshot(idx: EntityIndex, keys: string[]) {
  const plain = (e: CorpusEntity | undefined) => e && { ...e, articles: [...e.articles] };
  return { all: idx.all().map(plain), byKey: keys.map(k => [k, plain(idx.byKey(k))?.id]) };
}

// names drawn from small pools, so documents share keys, forms and titles (and merges happen)
const WORDS = ['Ada', 'Adams', 'Adamss', 'Berg', 'Bergman', 'Cole', 'North', 'Bank', 'NB', 'City', 'Harbour', 'Lee'];
const TYPES: EntityType[] = ['PER', 'ORG', 'LOC', 'MISC', 'DATE'];
const nameArb = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map(ws => ws.join(' '));
const entityArb: fc.Arbitrary<DocumentEntity> = fc
  .record({ type: fc.constantFrom(...TYPES), canonical: nameArb, aliases: fc.array(nameArb, { maxLength: 3 }), titles: fc.array(fc.constantFrom('Dr', 'Mr', 'Ms', 'President'), { maxLength: 2 }), mentions: fc.nat(9) })
  .map(e => ({ ...e, key: `${e.type}:${e.canonical.toLowerCase()}` }));
const docsArb = fc.array(fc.record({ entities: fc.array(entityArb, { maxLength: 8 }), summarised: fc.boolean() }), { maxLength: 12 });

describe('Entity summaries (the compact entity lists of the analysis cache)', () => {
  it('the corpus index built from summaries (all, some or none of the documents) equals the index built from the lists', () => {
    fc.assert(
      fc.property(docsArb, fc.boolean(), (docs, placeLexicon) => {
        const lexicon = placeLexicon ? { isFirstName: (w: string) => w === 'Ada', isPlace: (w: string) => w === 'Cole' } : undefined;
        const fromLists = new EntityIndex(lexicon);
        const fromSummaries = new EntityIndex(lexicon);
        // summaries read back from the file's bytes, as a warm open gets them
        const made = new EntitySummaries();
        docs.forEach((d, i) => made.add(`${String(i).padStart(16, '0')}`, 'd'.repeat(16), JSON.stringify(d.entities)));
        const read = EntitySummaries.decode(made.encode('v'), 'v');
        assert.ok(typeof read !== 'string', String(read));
        docs.forEach((d, i) => {
          const uri = `file:///ws/${i}.txt`;
          fromLists.set(uri, { entities: d.entities, mentions: [] });
          fromSummaries.set(uri, { entities: d.entities, mentions: [] }, d.summarised ? read.get(`${String(i).padStart(16, '0')}`, 'd'.repeat(16)) : undefined);
        });
        const keys = [...new Set(docs.flatMap(d => d.entities.map(e => e.key)))];
        assert.deepEqual(snapshot(fromSummaries, keys), snapshot(fromLists, keys));
      }),
      { numRuns: 300 },
    );
  }).timeout(30_000);

  it('a summary is given only for the digest it was made from; a list that is not a list of entities gets none', () => {
    const s = new EntitySummaries();
    s.add('00000000000000aa', '1111111111111111', JSON.stringify([{ type: 'PER', canonical: 'Ada Lee', aliases: ['Lee'], titles: [], mentions: 2, key: 'PER:ada lee' }]));
    assert.ok(s.get('00000000000000aa', '1111111111111111'));
    assert.equal(s.get('00000000000000aa', '2222222222222222'), undefined);
    s.add('00000000000000bb', '1111111111111111', '[{"type":"PER"}]');
    s.add('00000000000000cc', '1111111111111111', 'not json');
    assert.equal(s.size, 1);
  });

  const damages: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
    ['a corrupt byte', b => b.map((x, i) => (i === b.length - 3 ? x ^ 0x01 : x)), /checksum/],
    ['a truncated file', b => b.slice(0, Math.floor(b.length * 0.7)), /truncated/],
    ['another version', b => new TextEncoder().encode(new TextDecoder().decode(b).replace(/^(\S+ \d+) \S+/, '$1 0.other')), /version/],
    ['garbage', () => new TextEncoder().encode('nothing like it'), /no header|not an entity summary/],
  ];
  for (const [what, damage, problem] of damages) {
    it(`${what} in the summary file: rejected, with what is wrong`, async () => {
      const made = new EntitySummaries();
      made.add('00000000000000aa', '1111111111111111', '[]');
      const bytes = made.encode('v');
      assert.ok(EntitySummaries.decode(bytes, 'v') instanceof EntitySummaries);
      assert.match(String(EntitySummaries.decode(damage(bytes), 'v')), problem);
    });
  }
});

/** A stand-in tagger that knows the fixture's names. */
const stubTagger = (): Tagger => (text: string) => tag(text, [['Jane Example', 'PER'], ['Sam Sample', 'PER'], ['weather office', 'ORG'], ['Example', 'PER']]);

const ARTICLES: Record<string, string> = {
  'file:///ws/a.txt': 'Council approves new budget\n\nThe mayor, Jane Example, said on Monday: "We will balance the books." Example added that the weather office agreed.\n',
  'file:///ws/b.md': '# Storm reaches the coast\n\nThe **weather office** warned of flooding. "Stay indoors," said forecaster Sam Sample.\n',
  'file:///ws/c.txt': 'Schools reopen after repairs\n\nPupils returned on Tuesday, Jane Example said.\n',
};

async function open(storage: InMemoryCacheStorage) {
  const cache = new AnalysisCache(storage, { modelVersion: 'test' });
  const corpus = new Corpus(new InMemoryWorkspace(ARTICLES), { cache, backend: new InThreadBackend(async () => stubTagger()) });
  const entries = await corpus.loadAll();
  for (const e of entries) if (e.ok) await corpus.entities(e);
  await corpus.flushCache({ prune: true });
  const keys = [...new Set(entries.flatMap(e => (e.ok ? corpus.peekEntities(e)?.entities.map(x => x.key) ?? [] : [])))];
  return { corpus, cache, index: snapshot(corpus.entityIndex, keys) };
}

/** Whether the cache hands out `uri`'s record with a summary. */
async function summarised(storage: InMemoryCacheStorage, uri: string): Promise<boolean> {
  const bytes = new TextEncoder().encode(ARTICLES[uri]);
  const rec = await new AnalysisCache(storage, { modelVersion: 'test' }).get(hashBytes(bytes, /\.md$/.test(uri) ? 1 : 0), bytes.length);
  return rec?.entitySummary?.() !== undefined;
}

describe('Entity summaries in the persistent cache', () => {
  it('are written with the records; a warm open builds the same index from them', async () => {
    const storage = new InMemoryCacheStorage();
    const cold = await open(storage);
    assert.ok(storage.files.has(SUMMARIES_FILE));
    assert.ok(cold.index.all.length > 0);
    for (const uri of Object.keys(ARTICLES)) assert.ok(await summarised(storage, uri), uri);
    const warm = await open(storage);
    assert.deepEqual(warm.corpus.counters, { analysed: 0, fromCache: 3 });
    assert.deepEqual(warm.index, cold.index);
  });

  it('a damaged summary file is rejected, the index built from the records, and the file written again', async () => {
    const storage = new InMemoryCacheStorage();
    const cold = await open(storage);
    const b = storage.files.get(SUMMARIES_FILE)!;
    storage.files.set(SUMMARIES_FILE, b.map((x, i) => (i === b.length - 2 ? x ^ 0x04 : x)));
    const again = await open(storage);
    assert.match(again.cache.stats.lastProblem ?? '', /entities\.cache: checksum/);
    assert.deepEqual(again.index, cold.index);
    assert.ok(await summarised(storage, 'file:///ws/a.txt'), 'rewritten');
    const healed = await open(storage);
    assert.equal(healed.cache.stats.rejectedShards, 0);
    assert.deepEqual(healed.index, cold.index);
  });

  it('a summary made from another entity list than the record\'s (digest differs) is not used', async () => {
    const storage = new InMemoryCacheStorage();
    const cold = await open(storage);
    // a sound file (checksum right) whose summaries say every article names one "Forged Name"
    const forged = new EntitySummaries();
    const wrong = JSON.stringify([{ type: 'PER', canonical: 'Forged Name', aliases: [], titles: [], mentions: 5, key: 'PER:forged name' }]);
    for (const uri of Object.keys(ARTICLES)) {
      const bytes = new TextEncoder().encode(ARTICLES[uri]);
      forged.add(hashBytes(bytes, /\.md$/.test(uri) ? 1 : 0), entityListDigest(new TextEncoder().encode(wrong)), wrong);
    }
    storage.files.set(SUMMARIES_FILE, forged.encode(new AnalysisCache(storage, { modelVersion: 'test' }).version));
    for (const uri of Object.keys(ARTICLES)) assert.equal(await summarised(storage, uri), false, uri);
    const again = await open(storage);
    assert.deepEqual(again.index, cold.index);
    assert.ok(!JSON.stringify(again.index).includes('Forged'));
    // and the flush replaced them with summaries of the records' own lists
    for (const uri of Object.keys(ARTICLES)) assert.ok(await summarised(storage, uri), uri);
  });

  it('summaries of records pruned go with them', async () => {
    const storage = new InMemoryCacheStorage();
    await open(storage);
    const before = EntitySummaries.decode(storage.files.get(SUMMARIES_FILE)!, new AnalysisCache(storage, { modelVersion: 'test' }).version);
    assert.ok(typeof before !== 'string' && before.size === 3);
    const cache = new AnalysisCache(storage, { modelVersion: 'test' });
    const corpus = new Corpus(new InMemoryWorkspace({ 'file:///ws/a.txt': ARTICLES['file:///ws/a.txt'] }), { cache, backend: new InThreadBackend(async () => stubTagger()) });
    await corpus.loadAll();
    await corpus.flushCache({ prune: true });
    const after = EntitySummaries.decode(storage.files.get(SUMMARIES_FILE)!, cache.version);
    assert.ok(typeof after !== 'string' && after.size === 1);
  });
});

describe('utf8TextLength (a cached record\'s text length counted on the bytes, the text decoded on first read)', () => {
  it('equals the length of the decoded text for any valid UTF-8, with or without a byte-order mark', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.boolean(), fc.nat(3), (s, bom, pad) => {
        const body = new TextEncoder().encode(s);
        const bytes = new Uint8Array(pad + (bom ? 3 : 0) + body.length).subarray(pad); // unaligned views too
        if (bom) bytes.set([0xef, 0xbb, 0xbf]);
        bytes.set(body, bom ? 3 : 0);
        // (decodeArticleBytes decodes valid UTF-8 so, once it has found the bytes not binary)
        assert.equal(utf8TextLength(bytes), new TextDecoder('utf-8', { fatal: true }).decode(bytes).length);
      }),
      { numRuns: 1000 },
    );
    assert.equal(utf8TextLength(new Uint8Array([0xff, 0xfe, 0x41, 0x00])), -1, 'UTF-16: decoded at once');
  }).timeout(30_000);

  it('a warm open gives every article the text and analysis of a cold one; a text that warned is decoded at once', async () => {
    const files = { ...ARTICLES, 'file:///ws/bad.txt': 'Broken \u00e9 bytes\n\nSome text.\n' };
    const ws = new InMemoryWorkspace(files);
    // invalid UTF-8 in one file (its analysis warns)
    const raw = new TextEncoder().encode(files['file:///ws/bad.txt']);
    const bad = new Uint8Array([...raw.subarray(0, 8), 0xc3, 0x28, ...raw.subarray(8)]);
    const readFile = ws.readFile.bind(ws);
    const stat = ws.stat.bind(ws);
    ws.readFile = async (uri: string) => (uri === 'file:///ws/bad.txt' ? bad : readFile(uri));
    ws.stat = async (uri: string) => (uri === 'file:///ws/bad.txt' ? { mtime: 1, size: bad.length } : stat(uri));
    const storage = new InMemoryCacheStorage();
    const run = async () => {
      const corpus = new Corpus(ws, { cache: new AnalysisCache(storage, { modelVersion: 'test' }), backend: new InThreadBackend(async () => stubTagger()) });
      const entries = await corpus.loadAll();
      const out: Record<string, unknown> = {};
      for (const e of entries) if (e.ok) out[e.uri] = { source: e.analysis.source, model: JSON.parse(JSON.stringify(e.analysis.model)), plain: e.analysis.plain.text, quotes: await corpus.quotes(e) };
      await corpus.flushCache({ prune: true });
      return { corpus, out };
    };
    const cold = await run();
    const warm = await run();
    assert.deepEqual(warm.corpus.counters, { analysed: 0, fromCache: 4 });
    assert.deepEqual(warm.out, cold.out);
    assert.match(String((cold.out['file:///ws/bad.txt'] as { model: { warnings: string[] } }).model.warnings), /not valid UTF-8/);
  });
});
