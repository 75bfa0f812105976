/**
 * Edit-to-decoration latency, loaded by bench/vscodeHost.ts after the `vscode` stub is installed:
 * the extension's real services, decorator and entity and quote layers (src/features), a 5,000-word
 * article open in a stub editor; each edit changes the text and bumps the version, then the
 * decorator's refresh runs — what runs after the typing pause: analysis of the new version,
 * entities, quotes, decoration ranges, setDecorations — and is timed to its end.
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

export async function run(root: string, words = 5000, edits = 20): Promise<Record<string, unknown>> {
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
  for (let k = 0; k < edits; k++) {
    // type a word into a random paragraph
    const at = text.indexOf(' ', Math.floor(r() * text.length));
    text = at < 0 ? `${text} new` : `${text.slice(0, at)} new${text.slice(at)}`;
    doc.edit(text);
    const c0 = process.cpuUsage();
    const w0 = services.backend.stats.workerMs;
    const t = performance.now();
    await decorator.refresh(editor as unknown as vscode.TextEditor);
    samples.push(performance.now() - t);
    workerSamples.push(services.backend.stats.workerMs - w0);
    const c = process.cpuUsage(c0);
    cpuSamples.push((c.user + c.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  cpuSamples.sort((a, b) => a - b);
  workerSamples.sort((a, b) => a - b);
  return {
    words: countWords(text),
    chars: text.length,
    first_open_ms: firstMs,
    edits,
    set_decorations_calls: decorationCalls.count - calls0,
    p50_ms: samples[Math.floor(samples.length / 2)],
    p95_ms: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))],
    max_ms: samples[samples.length - 1],
    cpu_p50_ms: cpuSamples[Math.floor(cpuSamples.length / 2)],
    /** The analysis in the worker thread (incremental: unchanged sentences and paragraphs reused). */
    worker_p50_ms: workerSamples[Math.floor(workerSamples.length / 2)],
  };
}
