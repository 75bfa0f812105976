import * as assert from 'node:assert/strict';
import { Corpus } from '../../src/core/corpus';
import { InMemoryWorkspace } from '../../src/core/workspace';
import './helpers'; // installs the shipped reported-speech model, as the CLI and the extension do

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
