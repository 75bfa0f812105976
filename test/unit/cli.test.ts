import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { ROOT, captureCli, seeds } from './helpers';

const run = (args: string[]) => captureCli(main, args);

describe('CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'corroborate-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('analyze --format json lists every seed with paths relative to the folder', async () => {
    const r = await run(['analyze', join(ROOT, 'seeds'), '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as { articles: { file: string; title: string; date: string | null; outlet: string | null; paragraphs: unknown[]; sentences: unknown[]; boilerplate: { kind: string }[]; parts: { start: number; end: number; title: string }[] }[] };
    assert.deepEqual(json.articles.map(a => a.file).sort(), seeds().map(s => s.name));
    for (const a of json.articles) {
      assert.ok(a.title, `${a.file} has a title`);
      assert.ok(a.paragraphs.length > 0 && a.sentences.length > 0);
      for (const k of ['date', 'outlet', 'boilerplate', 'parts']) assert.ok(k in a, `${a.file} has ${k}`);
    }
    assert.ok(json.articles.some(a => a.parts.length >= 3 && a.parts.every(p => p.title && p.end > p.start)));
  });

  it('analyze skips binary files with a message and reads CRLF, BOM and Markdown files', async () => {
    writeFileSync(join(dir, 'photo.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    writeFileSync(join(dir, 'crlf.txt'), '\uFEFFA headline here\r\n\r\nBody text, in CRLF lines.\r\n');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'story.md'), '# Markdown *story*\n\nSome **body** text.\n');
    const r = await run(['analyze', dir, '--format', 'json']);
    assert.equal(r.code, 0);
    assert.match(r.err, /skipped photo\.txt: file looks binary/);
    const json = JSON.parse(r.out);
    const byFile = Object.fromEntries(json.articles.map((a: { file: string }) => [a.file, a]));
    assert.equal(byFile['crlf.txt'].title, 'A headline here');
    assert.equal(byFile['sub/story.md'].title, 'Markdown story');
    assert.match(byFile['photo.txt'].error, /binary/);
  });

  it('analyze --format text prints a readable summary', async () => {
    const r = await run(['analyze', join(ROOT, 'seeds')]);
    assert.equal(r.code, 0);
    assert.match(r.out, /title: +\S/);
    assert.match(r.out, /5 articles, 0 skipped/);
  });

  it('extract writes one line per document in the eval format, and reports bad lines', async () => {
    const input = join(dir, 'docs.jsonl');
    const output = join(dir, 'pred.jsonl');
    writeFileSync(input, [JSON.stringify({ doc_id: 'a', text: 'Hello “world”, she said.' }), 'not json', JSON.stringify({ doc_id: 7, text: '' }), ''].join('\n'));
    const r = await run(['extract', '--input', input, '--output', output]);
    assert.equal(r.code, 0);
    assert.match(r.err, /docs\.jsonl:2: not valid JSON/);
    const lines = readFileSync(output, 'utf8').trim().split('\n').map(l => JSON.parse(l));
    assert.deepEqual(lines.map(l => l.doc_id), ['a', 7]);
    for (const l of lines) {
      assert.ok(Array.isArray(l.quotes) && Array.isArray(l.entities));
    }
  });

  /** `extract` of one document, by default and with `flag`: the two output lines. */
  async function extractWithAndWithout(text: string, flag: string) {
    const input = join(dir, 'docs.jsonl');
    writeFileSync(input, JSON.stringify({ doc_id: 'a', text }));
    const lines = [];
    for (const [name, extra] of [['default.jsonl', []], ['flag.jsonl', [flag]]] as const) {
      const out = join(dir, name);
      assert.equal((await run(['extract', '--input', input, '--output', out, ...extra])).code, 0);
      lines.push(JSON.parse(readFileSync(out, 'utf8').trim().split('\n')[0]));
    }
    return lines;
  }

  it('extract --attributions writes one record per attribution, a split quote with its fragments', async () => {
    const text = '"We will not give up," she said. "The fight goes on until the end."';
    const [a, b] = await extractWithAndWithout(text, '--attributions');
    assert.equal(a.quotes.length, 2);
    assert.equal(b.quotes.length, 1);
    const frags = b.quotes[0].fragments.map((f: { start: number; end: number }) => text.slice(f.start, f.end));
    assert.deepEqual(frags, ['We will not give up,', 'The fight goes on until the end.']);
  });

  it('extract --stance adds stances without a verb of speech as reported; the default keeps speech only', async () => {
    const text = 'The union leader Maria Lopez criticised the new pension plan on Monday.\n\nShe urged the government to rethink the reform before the vote.';
    const [a, b] = await extractWithAndWithout(text, '--stance');
    assert.deepEqual(a.quotes, []);
    type Rec = { start: number; end: number; kind: string; speaker: string; cue_start: number; cue_end: number };
    assert.deepEqual(
      b.quotes.map((q: Rec) => [q.kind, text.slice(q.cue_start, q.cue_end), text.slice(q.start, q.end), q.speaker]),
      [
        ['reported', 'criticised', 'the new pension plan on Monday', 'Maria Lopez'],
        ['reported', 'urged', 'the government to rethink the reform before the vote', 'Maria Lopez'],
      ],
    );
  });

  it('extract merges entity names across the documents of the input', async () => {
    const input = join(dir, 'docs.jsonl');
    const output = join(dir, 'pred.jsonl');
    const docs = [
      { doc_id: 'a', text: 'Chancellor Angela Merkel arrived in Berlin on Monday. Merkel said the talks went well.' },
      { doc_id: 'b', text: 'In a speech on Tuesday, Merkel warned that the economy was slowing.' },
    ];
    writeFileSync(input, docs.map(d => JSON.stringify(d)).join('\n'));
    assert.equal((await run(['extract', '--input', input, '--output', output])).code, 0);
    const lines = readFileSync(output, 'utf8').trim().split('\n').map(l => JSON.parse(l));
    const merkel = lines.flatMap(l => l.entities.filter((e: { type: string; start: number; end: number }) => e.type === 'PER').map((e: { canonical: string }) => e.canonical));
    assert.ok(merkel.length >= 3, JSON.stringify(lines));
    assert.deepEqual([...new Set(merkel)], ['Angela Merkel']);
    const berlin = lines[0].entities.find((e: { start: number }) => docs[0].text.slice(e.start).startsWith('Berlin'));
    assert.equal(berlin?.type, 'LOC');
    assert.ok(lines[0].entities.some((e: { type: string }) => e.type === 'DATE'));
  });

  it('says what is wrong with a bad command line', async () => {
    assert.equal((await run(['analyze'])).code, 2);
    assert.match((await run(['analyze', join(dir, 'nope')])).err, /no such file or folder/);
    assert.match((await run(['analyze', dir, '--format', 'xml'])).err, /--format must be json or text/);
    assert.match((await run(['frobnicate'])).err, /unknown command/);
    assert.match((await run(['extract', '--input', 'x'])).err, /needs --input DOCS\.jsonl and --output/);
  });
});
