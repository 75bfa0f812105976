import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { AnnotationStore, MemoryAnnotationFs, applySpeakerCorrections, exportCollection, importCollection, parseStore, type Annotation, type StoreProblem } from '../../src/core/annotations';
import type { Quote } from '../../src/core/quotes/types';
import { annotationsCommand } from '../../src/cli/annotations';
import { NodeAnnotationFs } from '../../src/cli/annotationFs';
import { captureCli } from './helpers';

const TEXT = 'Minister resigns\n\nThe minister said on Tuesday that "the plan is dead", according to aides. Critics called it a U-turn.\n';
const FILE = '.corroborate/annotations/news/a.txt.jsonld';

/** A clock shared by several stores, one millisecond per reading. */
function clock(start = Date.parse('2025-03-01T10:00:00.000Z')) {
  let t = start;
  return () => new Date(t++);
}

const run = (argv: string[]) => captureCli(annotationsCommand, argv);

describe('annotations: store and format', () => {
  it('writes one W3C AnnotationCollection per article, pretty-printed, stable, sorted by position', async () => {
    const fs = new MemoryAnnotationFs();
    let n = 0;
    const store = new AnnotationStore(fs, { now: clock(), newId: () => `urn:uuid:00000000-0000-4000-8000-00000000000${n++}` });
    const q = TEXT.indexOf('the plan is dead');
    store.add('news/a.txt', TEXT, { start: TEXT.indexOf('Critics'), end: TEXT.indexOf('U-turn') + 6 }, { status: 'needs-checking', creator: 'Ann' });
    const a = store.add('news/a.txt', TEXT, { start: q, end: q + 16 }, { note: 'Checked against the transcript.', status: 'verified', speaker: 'Jane Doe', creator: 'Ann' });
    const r = await store.save();
    assert.deepEqual(r.written, [FILE]);
    const json = JSON.parse(fs.text(FILE)!);
    assert.deepEqual(json['@context'], ['http://www.w3.org/ns/anno.jsonld', { corroborate: 'urn:x-corroborate:' }]);
    assert.equal(json.type, 'AnnotationCollection');
    assert.equal(json.total, 2);
    const first = json.first.items[0];
    assert.equal(first.id, a.id);
    assert.deepEqual(Object.keys(first), ['id', 'type', 'motivation', 'creator', 'created', 'modified', 'body', 'target']);
    assert.deepEqual(first.motivation, ['commenting', 'assessing', 'editing']);
    assert.deepEqual(first.body[2], { type: 'TextualBody', purpose: 'editing', value: 'Jane Doe', 'corroborate:corrects': 'speaker' });
    assert.deepEqual(first.target, {
      source: 'news/a.txt',
      selector: [
        { type: 'TextQuoteSelector', exact: 'the plan is dead', prefix: TEXT.slice(q - 32, q), suffix: TEXT.slice(q + 16, q + 48) },
        { type: 'TextPositionSelector', start: q, end: q + 16 },
      ],
    });
    assert.match(fs.text(FILE)!, /^\{\n {2}"@context": \[/);
    // saving again without changes writes nothing; a second store reads the same annotations
    assert.deepEqual((await store.save()).written, []);
    const again = new AnnotationStore(fs);
    assert.deepEqual(await again.load('news/a.txt'), store.list('news/a.txt'));
  });

  it('update and remove; a deletion is a tombstone in the file', async () => {
    const fs = new MemoryAnnotationFs();
    const store = new AnnotationStore(fs, { now: clock() });
    const a = store.add('news/a.txt', TEXT, { start: 0, end: 8 }, { note: 'x' });
    const u = store.update(a.id, { note: null, status: 'disputed' });
    assert.equal(u.note, undefined);
    assert.equal(u.status, 'disputed');
    assert.ok(u.modified > a.modified);
    await store.save();
    assert.equal(store.remove(a.id), true);
    assert.equal(store.remove(a.id), false);
    await store.save();
    const json = JSON.parse(fs.text(FILE)!);
    assert.equal(json.total, 0);
    assert.equal(json['corroborate:deleted'].length, 1);
    assert.equal(json['corroborate:deleted'][0].id, a.id);
  });

  it('two windows: merge by id, last writer wins, deletions are not resurrected, losers are reported', async () => {
    const fs = new MemoryAnnotationFs();
    const now = clock();
    const problems: StoreProblem[] = [];
    const A = new AnnotationStore(fs, { now, onProblem: p => problems.push(p) });
    const B = new AnnotationStore(fs, { now, onProblem: p => problems.push(p) });
    const x = A.add('news/a.txt', TEXT, { start: 0, end: 8 }, { note: 'x' });
    const y = A.add('news/a.txt', TEXT, { start: 10, end: 20 }, { note: 'y' });
    await A.save();
    await B.load('news/a.txt');
    // A deletes x; B (which still has x) adds z and saves: x stays deleted
    A.remove(x.id);
    await A.save();
    const z = B.add('news/a.txt', TEXT, { start: 20, end: 30 }, { note: 'z' });
    await B.save();
    assert.deepEqual(B.list('news/a.txt').map(a => a.note).sort(), ['y', 'z']);
    // both edit y concurrently: the later edit wins and the other is reported
    A.update(y.id, { note: 'y by A' });
    B.update(y.id, { note: 'y by B' });
    await Promise.all([A.save(), B.save()]);
    await A.load('news/a.txt');
    assert.equal(A.get(y.id)!.note, 'y by B');
    const sup = problems.filter(p => p.kind === 'superseded');
    assert.equal(sup.length, 1);
    assert.equal(sup[0].kind === 'superseded' && sup[0].lost.kind === 'live' && sup[0].lost.annotation.note, 'y by A');
    assert.deepEqual(A.list().map(a => a.id).sort(), [y.id, z.id].sort());
  });

  it('property: several windows saving concurrently lose nothing', async () => {
    type Op = { w: number; kind: 'add' | 'edit' | 'remove' | 'save' | 'load'; pick: number };
    const op = fc.record({ w: fc.integer({ min: 0, max: 2 }), kind: fc.constantFrom('add', 'add', 'edit', 'remove', 'save', 'load'), pick: fc.nat() }) as fc.Arbitrary<Op>;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 60 }), async ops => {
        const fs = new MemoryAnnotationFs();
        const now = clock();
        const lost = new Set<string>();
        const stores = [0, 1, 2].map(() => new AnnotationStore(fs, { now, onProblem: p => p.kind === 'superseded' && lost.add(p.id) }));
        const saves: Promise<unknown>[] = [];
        // expected: for each id, its newest version (by modified) across every window
        const latest = new Map<string, { at: string; live: Annotation | undefined }>();
        const note = (id: string, at: string, live: Annotation | undefined) => {
          const prev = latest.get(id);
          if (!prev || at >= prev.at) latest.set(id, { at, live });
        };
        let k = 0;
        for (const o of ops) {
          const s = stores[o.w];
          const mine = s.list();
          if (o.kind === 'add') {
            const a = s.add('news/a.txt', TEXT, { start: o.pick % 50, end: (o.pick % 50) + 5 }, { note: `n${k++}` });
            note(a.id, a.modified, a);
          } else if (o.kind === 'edit' && mine.length) {
            const a = s.update(mine[o.pick % mine.length].id, { note: `e${k++}` });
            note(a.id, a.modified, a);
          } else if (o.kind === 'remove' && mine.length) {
            const id = mine[o.pick % mine.length].id;
            s.remove(id);
            note(id, now().toISOString(), undefined);
          } else if (o.kind === 'save') saves.push(s.save());
          else if (o.kind === 'load') saves.push(s.load('news/a.txt'));
        }
        await Promise.all(saves);
        for (const s of stores) await s.save();
        const final = new AnnotationStore(fs);
        await final.load('news/a.txt');
        for (const [id, v] of latest) {
          const got = final.get(id);
          if (v.live) {
            // an add is never lost; an edit is there unless a newer change of the same annotation won, which was reported
            if (!got) assert.ok(lost.has(id), `annotation ${id} lost without a report`);
            else if (got.note !== v.live.note) assert.ok(lost.has(id), `edit of ${id} lost without a report`);
          } else if (got) assert.ok(lost.has(id), `deleted ${id} came back without a report`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a store file that cannot be parsed is moved aside untouched and reported, never overwritten', async () => {
    const fs = new MemoryAnnotationFs();
    const garbage = new TextEncoder().encode('<<<<<<< HEAD\n{"type": "AnnotationCollection"\n=======\n');
    fs.files.set(FILE, garbage);
    const problems: StoreProblem[] = [];
    const store = new AnnotationStore(fs, { now: clock(), onProblem: p => problems.push(p) });
    assert.deepEqual(await store.load('news/a.txt'), []);
    assert.equal(problems[0].kind, 'corrupt');
    assert.ok(fs.files.get(FILE), 'loading does not move or change it');
    const a = store.add('news/a.txt', TEXT, { start: 0, end: 8 });
    await store.save();
    const aside = [...fs.files.keys()].find(k => k.startsWith(`${FILE}.corrupt-`))!;
    assert.ok(aside, 'moved aside');
    assert.deepEqual(fs.files.get(aside), garbage);
    assert.equal(problems.at(-1)!.kind === 'corrupt' && problems.at(-1)!.kind === 'corrupt' && (problems.at(-1) as { movedTo?: string }).movedTo, aside);
    assert.deepEqual(parseStore(fs.files.get(FILE)!).records.map(r => r.kind === 'live' && r.annotation.id), [a.id]);
  });

  it('one bad item: the file is kept aside, the readable annotations are kept', async () => {
    const fs = new MemoryAnnotationFs();
    const store = new AnnotationStore(fs, { now: clock() });
    const a = store.add('news/a.txt', TEXT, { start: 0, end: 8 });
    await store.save();
    const json = JSON.parse(fs.text(FILE)!);
    json.first.items.push({ type: 'Annotation', id: 'urn:uuid:bad', target: 'nowhere' });
    fs.files.set(FILE, new TextEncoder().encode(JSON.stringify(json)));
    const problems: StoreProblem[] = [];
    const s2 = new AnnotationStore(fs, { now: clock(), onProblem: p => problems.push(p) });
    assert.deepEqual((await s2.load('news/a.txt')).map(x => x.id), [a.id]);
    s2.add('news/a.txt', TEXT, { start: 10, end: 18 });
    await s2.save();
    assert.ok(problems.some(p => p.kind === 'invalid-item'));
    assert.ok([...fs.files.keys()].some(k => k.includes('.corrupt-')));
    assert.equal(s2.list().length, 2);
  });

  it('a failed write keeps the changes for the next save', async () => {
    const fs = new MemoryAnnotationFs();
    const store = new AnnotationStore(fs, { now: clock() });
    const a = store.add('news/a.txt', TEXT, { start: 0, end: 8 });
    fs.failNextWrites = 1;
    await assert.rejects(store.save(), /disk full/);
    assert.ok(store.isDirty);
    await store.save();
    assert.equal(new AnnotationStore(fs).list().length, 0);
    const s2 = new AnnotationStore(fs);
    assert.deepEqual((await s2.load('news/a.txt')).map(x => x.id), [a.id]);
  });

  it('speaker corrections override the speaker of the quote they cover', () => {
    const q = TEXT.indexOf('the plan is dead');
    const quotes: Quote[] = [{ start: q, end: q + 16, kind: 'direct', speaker: 'Minister', speakerText: 'The minister', confidence: 0.9 }];
    const store = new AnnotationStore(new MemoryAnnotationFs(), { now: clock() });
    store.add('a.txt', TEXT, { start: q, end: q + 16 }, { speaker: 'Jane Doe' });
    const { quotes: out, corrections } = applySpeakerCorrections(quotes, store.anchorAll('a.txt', TEXT));
    assert.equal(out[0].speaker, 'Jane Doe');
    assert.equal(corrections.size, 1);
    assert.equal(quotes[0].speaker, 'Minister');
  });
});

describe('annotations: import and export', () => {
  it('export → import into an empty workspace → export gives the same annotations; orphans are marked', async () => {
    const texts: Record<string, string> = { 'news/a.txt': TEXT, 'b.md': '# Title\n\nSome words here, and more words there.\n' };
    const getText = async (s: string) => texts[s];
    const store = new AnnotationStore(new MemoryAnnotationFs(), { now: clock() });
    store.add('news/a.txt', TEXT, { start: 20, end: 40 }, { note: 'first', creator: { name: 'Ann', id: 'mailto:ann@example.org' } });
    store.add('news/a.txt', TEXT, { start: 60, end: 75 }, { status: 'verified' });
    store.add('b.md', texts['b.md'], { start: 9, end: 19 }, { speaker: 'Someone' });
    store.add('gone.txt', 'An article since deleted from the workspace.', { start: 3, end: 10 }, { note: 'orphan' });
    texts['news/a.txt'] = 'Update\n' + TEXT; // moved by 7
    const first = await exportCollection(store, getText);
    assert.equal(first.summary.orphaned, 1);
    assert.equal(first.summary.moved, 2);
    const items = (first.collection.first as { items: Record<string, unknown>[] }).items;
    for (const it of items) {
      const t = it.target as { source: string; selector: { type: string; exact?: string; start?: number; end?: number }[] };
      const pos = t.selector.find(s => s.type === 'TextPositionSelector');
      const quote = t.selector.find(s => s.type === 'TextQuoteSelector')!;
      if (it['corroborate:state'] === 'orphaned') assert.equal(pos, undefined);
      else assert.equal(texts[t.source].slice(pos!.start, pos!.end), quote.exact);
    }
    const empty = new AnnotationStore(new MemoryAnnotationFs());
    const report = await importCollection(empty, JSON.parse(JSON.stringify(first.collection)), getText);
    assert.equal(report.added.length, 4);
    assert.deepEqual(report.invalid, []);
    const second = await exportCollection(empty, getText);
    assert.deepEqual(second.collection, first.collection);
    // importing again changes nothing
    const again = await importCollection(empty, first.collection, getText);
    assert.equal(again.unchanged.length, 4);
  });

  it('imports what other tools write: items on the collection, bodyValue, a position alone; rejects with reasons', async () => {
    const store = new AnnotationStore(new MemoryAnnotationFs());
    const json = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      items: [
        { type: 'Annotation', id: 'https://example.org/anno/1', bodyValue: 'A plain note', target: { source: './news/a.txt', selector: { type: 'TextPositionSelector', start: 0, end: 8 } } },
        { type: 'Annotation', body: [{ type: 'TextualBody', purpose: 'tagging', value: 'economy' }], target: { source: 'news/a.txt', selector: { type: 'TextQuoteSelector', exact: 'Critics' } }, 'schema:keywords': 'x' },
        { type: 'Annotation', id: 'x', target: { source: '../etc/passwd', selector: { type: 'TextQuoteSelector', exact: 'root' } } },
        { type: 'Annotation', id: 'y', target: 'https://example.org/page' },
      ],
    };
    const r = await importCollection(store, json, async s => (s === 'news/a.txt' ? TEXT : undefined));
    assert.equal(r.added.length, 2);
    assert.deepEqual(r.invalid.map(x => x.index), [2, 3]);
    const [one, two] = store.list('news/a.txt');
    assert.equal(one.note, 'A plain note');
    assert.equal(one.quote.exact, 'Minister');
    assert.deepEqual(two.extra, { bodies: [{ type: 'TextualBody', purpose: 'tagging', value: 'economy' }], properties: { 'schema:keywords': 'x' } });
    assert.deepEqual(two.position, { start: TEXT.indexOf('Critics'), end: TEXT.indexOf('Critics') + 7 });
  });

  it('CLI: import then export on disk, articles untouched, BOM dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corroborate-anno-'));
    try {
      mkdirSync(join(dir, 'news'));
      const article = Buffer.from('\uFEFF' + TEXT, 'utf8');
      writeFileSync(join(dir, 'news', 'a.txt'), article);
      const hash = () => createHash('sha256').update(readFileSync(join(dir, 'news', 'a.txt'))).digest('hex');
      const before = hash();
      const q = TEXT.indexOf('the plan is dead');
      const input = { type: 'AnnotationCollection', items: [{ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'Annotation', id: 'urn:uuid:6f1c1c7e-2f57-4d0e-9d35-2f7c4c8f0a11', modified: '2025-01-01T00:00:00.000Z', body: { type: 'TextualBody', purpose: 'commenting', value: 'check' }, target: { source: 'news/a.txt', selector: [{ type: 'TextQuoteSelector', exact: 'the plan is dead' }] } }] };
      writeFileSync(join(dir, 'in.jsonld'), JSON.stringify(input));
      const imp = await run(['import', join(dir, 'in.jsonld'), '--workspace', dir]);
      assert.equal(imp.code, 0, imp.err);
      assert.match(imp.err, /1 new/);
      const exp = await run(['export', '--workspace', dir]);
      assert.equal(exp.code, 0, exp.err);
      const out = JSON.parse(exp.out);
      const sel = out.first.items[0].target.selector;
      assert.deepEqual(sel[1], { type: 'TextPositionSelector', start: q, end: q + 16 });
      assert.equal(out.first.items[0].id, input.items[0].id);
      assert.equal(hash(), before, 'the article is never written');
      assert.deepEqual(readdirSync(join(dir, '.corroborate', 'annotations', 'news')), ['a.txt.jsonld']);
      const usage = await run(['export']);
      assert.equal(usage.code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('NodeAnnotationFs: atomic writes, listing, a lock that serialises two stores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corroborate-annofs-'));
    try {
      const fs = new NodeAnnotationFs(dir);
      const A = new AnnotationStore(fs);
      const B = new AnnotationStore(new NodeAnnotationFs(dir));
      for (let i = 0; i < 20; i++) {
        A.add('a.txt', TEXT, { start: i, end: i + 5 }, { note: `A${i}` });
        B.add('a.txt', TEXT, { start: i, end: i + 5 }, { note: `B${i}` });
        await Promise.all([A.save(), B.save()]);
      }
      const C = new AnnotationStore(fs);
      assert.equal((await C.load('a.txt')).length, 40);
      assert.deepEqual(await fs.list('.corroborate'), ['.corroborate/annotations/a.txt.jsonld']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
