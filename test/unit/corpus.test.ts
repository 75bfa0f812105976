import * as assert from 'node:assert/strict';
import { Corpus } from '../../src/core/corpus';
import { InMemoryWorkspace } from '../../src/core/workspace';
import { InThreadBackend, type AnalysisBackend } from '../../src/core/analysis/backend';
import type { Tagger } from '../../src/core/entities/extract';
import { tag } from './helpers'; // installs the shipped reported-speech model, as the CLI and the extension do

describe('Corpus', () => {
  it('analyses each (uri, version) once and re-analyses after a change', async () => {
    const ws = new InMemoryWorkspace({ 'a.txt': 'Headline one\n\nBody text of the first article goes here.' });
    const corpus = new Corpus(ws);
    const first = await corpus.load('a.txt');
    assert.equal(await corpus.load('a.txt'), first, 'same version: the cached analysis');
    ws.set('a.txt', 'A new headline\n\nBody text changed.');
    const second = await corpus.load('a.txt');
    assert.notEqual(second, first);
    assert.ok(second.ok && second.analysis.model.title === 'A new headline');
  });

  it('prefers the open document over the file, keyed by its version', async () => {
    const ws = new InMemoryWorkspace({ 'a.txt': 'On disk\n\nSome body text here.' });
    ws.openDocuments.set('a.txt', { text: 'In the editor\n\nSome body text here.', version: 3 });
    const corpus = new Corpus(ws);
    const a = await corpus.load('a.txt');
    assert.ok(a.ok && a.analysis.model.title === 'In the editor');
    assert.equal(await corpus.load('a.txt'), a);
    ws.openDocuments.set('a.txt', { text: 'Edited\n\nSome body text here.', version: 4 });
    const b = await corpus.load('a.txt');
    assert.ok(b.ok && b.analysis.model.title === 'Edited');
  });

  it('lists skipped files with a reason instead of failing', async () => {
    const ws = new InMemoryWorkspace({
      'bin.txt': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
      'big.txt': 'x'.repeat(2000),
      'ok.txt': 'Fine headline\n\nFine body text for the article.',
    });
    const corpus = new Corpus(ws, { maxBytes: 1000 });
    const all = await corpus.loadAll();
    const byUri = new Map(all.map(e => [e.uri, e]));
    const bin = byUri.get('bin.txt')!;
    const big = byUri.get('big.txt')!;
    assert.ok(!bin.ok && bin.code === 'binary' && /binary/.test(bin.reason));
    assert.ok(!big.ok && big.code === 'too-large' && /limit/.test(big.reason));
    assert.ok(byUri.get('ok.txt')!.ok);
  });

  it('orders articles by date, undated last, then by name', async () => {
    const ws = new InMemoryWorkspace({
      'c.txt': 'date 2024-01-02\nC headline\n\nText of the article c.',
      'a.txt': 'A headline\n\nNo date in this one at all.',
      'b.txt': 'date 2023-05-06\nB headline\n\nText of the article b.',
      'd.txt': 'date 2024-01-02\nD headline\n\nText of the article d.',
    });
    const all = await new Corpus(ws).loadAll();
    assert.deepEqual(all.map(e => e.uri), ['b.txt', 'c.txt', 'd.txt', 'a.txt']);
  });
});

describe('Corpus.prefetch (an open document\'s entities and quotes asked for before its model)', () => {
  const stub: Tagger = (text: string) => tag(text, [['Jane Example', 'PER'], ['Sam Sample', 'PER']]);
  const TEXT = 'Council approves budget\n\nThe mayor, Jane Example, said: "We will balance the books." Sam Sample agreed.\n';

  /** A backend that counts its requests. */
  function counting() {
    const inner = new InThreadBackend(async () => stub);
    const texts: string[] = [];
    const backend: AnalysisBackend = {
      get tagsEntities() {
        return inner.tagsEntities;
      },
      analyze: (req, signal) => {
        texts.push(req.text ?? '');
        return inner.analyze(req, signal);
      },
      lexicon: () => inner.lexicon(),
    };
    return { backend, texts };
  }

  it('the prefetched analysis is the one used, and gives what no prefetch gives', async () => {
    const a = counting();
    const pre = new Corpus(new InMemoryWorkspace(), { backend: a.backend });
    await a.backend.analyze({ uri: 'x', text: 'warm up', maxBytes: 1e9, entities: true }); // the tagger loaded
    a.texts.length = 0;
    pre.prefetch('file:///a.txt', TEXT, 2);
    const entry = pre.analyzeText('file:///a.txt', TEXT, 2);
    const withPrefetch = { entities: await pre.entities(entry), quotes: await pre.quotes(entry) };
    assert.deepEqual(a.texts, [TEXT], 'one request, the prefetch');
    const b = counting();
    const plain = new Corpus(new InMemoryWorkspace(), { backend: b.backend });
    const e2 = plain.analyzeText('file:///a.txt', TEXT, 2);
    assert.deepEqual({ entities: await plain.entities(e2), quotes: await plain.quotes(e2) }, withPrefetch);
    assert.ok(withPrefetch.entities.entities.length > 0 && withPrefetch.quotes.length > 0);
  });

  it('a prefetch for another version or text is not used', async () => {
    const a = counting();
    const corpus = new Corpus(new InMemoryWorkspace(), { backend: a.backend });
    corpus.prefetch('file:///a.txt', TEXT, 1);
    const edited = TEXT.replace('Sam Sample agreed', 'Jane Example agreed');
    const entry = corpus.analyzeText('file:///a.txt', edited, 2);
    const quotes = await corpus.quotes(entry);
    assert.deepEqual(a.texts, [TEXT, edited]);
    assert.ok(quotes.every(q => q.end <= edited.length));
    // the same length, another text, same version number: not taken either
    const b = counting();
    const c2 = new Corpus(new InMemoryWorkspace(), { backend: b.backend });
    const same = TEXT.replace('Jane', 'Joan');
    c2.prefetch('file:///b.txt', TEXT, 5);
    const e = c2.analyzeText('file:///b.txt', same, 5);
    await c2.entities(e);
    assert.deepEqual(b.texts, [TEXT, same]);
  });
});
