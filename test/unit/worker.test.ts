import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerBackend } from '../../src/worker/client';
import { createHandler } from '../../src/worker/handler';
import type { FromWorker, ToWorker, WorkerPort } from '../../src/worker/protocol';
import { spawnNodeWorker } from '../../src/worker/spawnNode';
import { runAnalysis } from '../../src/core/analysis/pipeline';
import { createNerTagger } from '../../src/core/entities/nerTagger';
import { Corpus } from '../../src/core/corpus';
import { InMemoryWorkspace } from '../../src/core/workspace';
import { decodeReportedModel, installReportedModel } from '../../src/core/quotes';
import { REPORTED_MODEL_BYTES, ROOT, seeds } from './helpers';

const MODEL = join(ROOT, 'media', 'models', 'ner.bin');
const WORKER = join(ROOT, 'out', 'worker.js');

/** A worker in this thread: messages are handled on a later turn, as across threads. */
function fakePort(options: { hangOn?: string; crashOn?: string } = {}): WorkerPort & { posted: ToWorker[] } {
  let onMessage: (m: FromWorker) => void = () => {};
  let onError: (e: Error) => void = () => {};
  let dead = false;
  const handle = createHandler(m => setTimeout(() => !dead && onMessage(m), 0));
  const posted: ToWorker[] = [];
  return {
    posted,
    post: msg => {
      posted.push(msg);
      if (msg.type === 'analyze' && msg.req.uri === options.hangOn) return; // never answers
      if (msg.type === 'analyze' && msg.req.uri === options.crashOn) {
        setTimeout(() => onError(new Error('worker crashed')), 0);
        return;
      }
      setTimeout(() => !dead && handle(msg), 0);
    },
    onMessage: cb => (onMessage = cb),
    onError: cb => (onError = cb),
    terminate: () => (dead = true),
  };
}

const bytes = (s: string) => new TextEncoder().encode(s);

describe('Analysis worker', () => {
  const model = readFileSync(MODEL);

  it('a real worker thread gives the same records as the pipeline in this thread', async function () {
    this.timeout(30_000);
    assert.ok(existsSync(WORKER), 'out/worker.js is built (npm run test:unit builds it)');
    const backend = new WorkerBackend({ spawn: () => spawnNodeWorker(WORKER), model: async () => model, reportedModel: async () => REPORTED_MODEL_BYTES });
    try {
      const tagger = createNerTagger(model);
      for (const s of seeds().slice(0, 2)) {
        const req = { uri: `file:///ws/${s.name}`, bytes: bytes(s.text), maxBytes: 1e7, entities: true };
        const res = await backend.analyze(req);
        assert.deepEqual(res, runAnalysis(req, tagger));
      }
      assert.equal(backend.stats.jobs, 2);
      assert.equal(backend.stats.fallback, false);
      const lexicon = await backend.lexicon();
      assert.ok(lexicon && lexicon.isPlace('London') && lexicon.isFirstName('Mary') && !lexicon.isPlace('the'));
    } finally {
      backend.dispose();
    }
  });

  it('the worker gets the reported-speech model from the host; without it the rules alone run there', async function () {
    this.timeout(30_000);
    const text = 'Talks resume\n\nThe minister told reporters the talks were going well. According to the harbour master, the ferry will resume service in May.\n';
    const req = { uri: 'file:///ws/r.txt', text, maxBytes: 1e6, entities: true };
    const tagger = createNerTagger(model);
    const learned = runAnalysis(req, tagger);
    installReportedModel(undefined);
    let rules;
    try {
      rules = runAnalysis(req, tagger);
    } finally {
      installReportedModel(decodeReportedModel(REPORTED_MODEL_BYTES));
    }
    assert.notDeepEqual(learned, rules, 'the model changes the quotes of this text');
    for (const [bytes, expected] of [
      [REPORTED_MODEL_BYTES, learned],
      [undefined, rules],
    ] as const) {
      const backend = new WorkerBackend({ spawn: () => spawnNodeWorker(WORKER), model: async () => model, reportedModel: async () => bytes });
      try {
        assert.deepEqual(await backend.analyze(req), expected);
      } finally {
        backend.dispose();
      }
    }
  });

  it('a corpus with the worker backend fills entities and quotes from the worker', async () => {
    const backend = new WorkerBackend({ spawn: () => fakePort(), model: async () => model, reportedModel: async () => REPORTED_MODEL_BYTES });
    const text = 'Minister resigns\n\n"I have done my part," John Smith said on Friday. He left London on Saturday.\n';
    const corpus = new Corpus(new InMemoryWorkspace({ 'file:///ws/a.txt': text }), { backend });
    const [entry] = await corpus.loadAll();
    assert.ok(entry.ok);
    const entities = await corpus.entities(entry);
    assert.ok(entities.entities.some(e => e.type === 'PER' && /Smith/.test(e.canonical)));
    const quotes = await corpus.quotes(entry);
    assert.ok(quotes.some(q => q.kind === 'direct' && /Smith/.test(q.speaker ?? '')), JSON.stringify(quotes));
    assert.equal(corpus.counters.analysed, 1);
    assert.ok(corpus.entityIndex.has('file:///ws/a.txt') && corpus.entityIndex.lexicon, 'indexed, with the lexicon from the worker');
    // the open document's entities also come from the worker
    const open = corpus.analyzeText('file:///ws/b.txt', 'Headline\n\nMary Jones spoke in Paris.', 1);
    assert.ok((await corpus.entities(open)).mentions.length >= 2);
    backend.dispose();
  });

  it('cancelling drops the queued requests', async () => {
    const port = fakePort();
    const backend = new WorkerBackend({ spawn: () => port, model: async () => undefined, reportedModel: async () => undefined, inFlight: 1 });
    const token = { isCancellationRequested: false };
    const jobs = Array.from({ length: 20 }, (_, i) => backend.analyze({ uri: `file:///ws/${i}.txt`, text: `Headline ${i}\n\nBody text.`, maxBytes: 1e6, entities: false }, token));
    const settled = jobs.map(p => p.then(() => 'done', e => (e as Error).name));
    await jobs[0];
    token.isCancellationRequested = true;
    backend.cancelQueued();
    const results = await Promise.all(settled);
    const posted = port.posted.filter(m => m.type === 'analyze').length;
    assert.ok(results.filter(r => r === 'CancelledError').length >= 15, results.join(','));
    assert.ok(posted <= 5, `${posted} requests reached the worker`);
    backend.dispose();
  });

  it('a request that hangs or crashes the worker fails alone; the worker is restarted for the rest', async () => {
    let spawned = 0;
    const backend = new WorkerBackend({
      spawn: () => {
        spawned++;
        return fakePort({ hangOn: 'file:///ws/hang.txt', crashOn: 'file:///ws/crash.txt' });
      },
      model: async () => undefined,
      reportedModel: async () => undefined,
      inFlight: 1,
      timeoutMs: 200,
    });
    const req = (uri: string) => ({ uri, text: 'Headline\n\nBody.', maxBytes: 1e6, entities: false });
    await assert.rejects(backend.analyze(req('file:///ws/hang.txt')), /longer than/);
    await assert.rejects(backend.analyze(req('file:///ws/crash.txt')), /crashed/);
    const ok = await backend.analyze(req('file:///ws/fine.txt'));
    assert.ok(ok.ok);
    assert.equal(spawned, 3);
    assert.equal(backend.stats.restarts, 2);
    backend.dispose();
  });

  it('where no worker can start, the work runs in this thread', async () => {
    const logs: string[] = [];
    const backend = new WorkerBackend({ spawn: () => undefined, model: async () => model, reportedModel: async () => REPORTED_MODEL_BYTES, log: m => logs.push(m) });
    const res = await backend.analyze({ uri: 'file:///ws/a.txt', bytes: bytes('Headline\n\nJohn Smith said "yes".'), maxBytes: 1e6, entities: true });
    assert.ok(res.ok && res.record.detail, 'entities computed in the fallback too');
    assert.equal(backend.stats.fallback, true);
    assert.match(logs.join('\n'), /unavailable/);
    backend.dispose();
  });
});
