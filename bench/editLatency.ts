/**
 * Edit-to-decoration latency, loaded by bench/vscodeHost.ts after the `vscode` stub is installed:
 * the extension's real services, decorator and entity and quote layers (src/features), a 5,000-word
 * article open in a stub editor; each edit changes the text and bumps the version, then the
 * decorator's refresh runs — what runs after the typing pause: analysis of the new version,
 * entities, quotes, decoration ranges, setDecorations — and is timed to its end. The headline is
 * the first 20 edits after the document is opened; the same session then goes on typing, and the
 * last 40 of 60 further edits are reported apart ("steady"), once the JIT has compiled what an edit
 * runs (the memos and incremental passes are not exercised by the first open).
 */
import { createServices } from '../src/services';
import { spawnNodeWorker } from '../src/worker/spawnNode';
import { Decorator } from '../src/features/decorations';
import * as entities from '../src/features/entities';
import * as quotes from '../src/features/quotes';
import { countWords } from '../src/core/text/sentences';
import { mulberry32 } from '../src/core/random';
import { articleOfWords, seedParagraphs } from './articles';
import { decorationCalls, StubDocument, stubContext, stubEditor, visibleTextEditors } from './vscodeStub';
import * as vscode from 'vscode';

export async function run(root: string, words = 5000, edits = 20, later = 60, steady = 40): Promise<Record<string, unknown>> {
  const context = stubContext(root) as unknown as vscode.ExtensionContext;
  // the desktop set-up: analysis in a worker thread (out/worker.js), as src/extension.ts starts it
  const services = createServices(context, { name: 'node', spawnWorker: () => spawnNodeWorker(`${root}/out/worker.js`) });
  const decorator = new Decorator(services);
  entities.activate(context, services, decorator);
  quotes.activate(context, services, decorator);
  let text = articleOfWords(seedParagraphs(root), words);
  const doc = new StubDocument(vscode.Uri.file(`${root}/bench-article.txt`) as never, text);
  const editor = stubEditor(doc);
  visibleTextEditors.push(editor);
  const t0 = performance.now();
  await decorator.refresh(editor as unknown as vscode.TextEditor); // the first open: model load, first analysis
  const firstMs = performance.now() - t0;
  const r = mulberry32(7);
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  const workerSamples: number[] = [];
  const calls0 = decorationCalls.count;
  /** Types a word into a random paragraph and times the refresh that follows. */
  const editOnce = async () => {
    const at = text.indexOf(' ', Math.floor(r() * text.length));
    text = at < 0 ? `${text} new` : `${text.slice(0, at)} new${text.slice(at)}`;
    doc.edit(text);
    const c0 = process.cpuUsage();
    const w0 = services.backend.stats.workerMs;
    const t = performance.now();
    await decorator.refresh(editor as unknown as vscode.TextEditor);
    const c = process.cpuUsage(c0);
    return { ms: performance.now() - t, worker: services.backend.stats.workerMs - w0, cpu: (c.user + c.system) / 1000 };
  };
  // the first edits after the document is opened: the headline figure
  for (let k = 0; k < edits; k++) {
    const e = await editOnce();
    samples.push(e.ms);
    workerSamples.push(e.worker);
    cpuSamples.push(e.cpu);
  }
  const calls1 = decorationCalls.count;
  // a longer typing session: the last `steady` of `later` further edits, once the code paths that
  // an edit runs (the memos, the incremental passes) have been compiled by the JIT
  const steadySamples: number[] = [];
  const steadyWorker: number[] = [];
  for (let k = 0; k < later; k++) {
    const e = await editOnce();
    if (k >= later - steady) {
      steadySamples.push(e.ms);
      steadyWorker.push(e.worker);
    }
  }
  samples.sort((a, b) => a - b);
  cpuSamples.sort((a, b) => a - b);
  workerSamples.sort((a, b) => a - b);
  steadySamples.sort((a, b) => a - b);
  steadyWorker.sort((a, b) => a - b);
  return {
    words: countWords(text),
    chars: text.length,
    first_open_ms: firstMs,
    edits,
    set_decorations_calls: calls1 - calls0,
    p50_ms: samples[Math.floor(samples.length / 2)],
    p95_ms: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))],
    max_ms: samples[samples.length - 1],
    cpu_p50_ms: cpuSamples[Math.floor(cpuSamples.length / 2)],
    /** The analysis in the worker thread (incremental: unchanged sentences and paragraphs reused). */
    worker_p50_ms: workerSamples[Math.floor(workerSamples.length / 2)],
    /** Edits `edits + later - steady + 1` to `edits + later` of the same session. */
    steady_edits: steadySamples.length,
    steady_after_edits: edits + later - steady,
    steady_p50_ms: steadySamples[Math.floor(steadySamples.length / 2)],
    steady_p95_ms: steadySamples[Math.min(steadySamples.length - 1, Math.floor(steadySamples.length * 0.95))],
    steady_worker_p50_ms: steadyWorker[Math.floor(steadyWorker.length / 2)],
  };
}
