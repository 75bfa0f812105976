/**
 * The entity stage of one edit of a 5,000-word article, in process: the article model, the
 * tagger with the document's memo (what the worker runs after an edit) within the whole entity
 * stage, the rest of the stage (heading and outlet passes, resolveEntities), the whole stage; also the tokeniser and the value
 * rules alone; the whole analysis of the worker (`runAnalysis` with its own memo). CPU time (process.cpuUsage), min and median over the edits.
 *
 *   node esbuild.mjs --only=bench && node out/bench/editEntities.js [--edits 30] [--words 5000] [--stage-only | --analysis-only]
 *
 * `--analysis-only`: the worker's `runAnalysis` alone, the reported-speech model installed as in
 * the worker (for a CPU profile of what an edit costs the worker).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeArticle } from '../src/core/article/analyze';
import { createNerTagger } from '../src/core/entities/nerTagger';
import { extractPlainEntities } from '../src/core/entities/extract';
import { DocumentMemo } from '../src/core/analysis/incremental';
import { runAnalysis } from '../src/core/analysis/pipeline';
import { primer } from './prime';
import { ruleEntities, tokenise } from '../src/core/ner';
import { mulberry32 } from '../src/core/random';
import { installReportedBytes } from '../src/worker/reportedModel';
import { articleOfWords, seedParagraphs } from './articles';

const root = resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const edits = opt('--edits', 30);
const words = opt('--words', 5000);
const stageOnly = args.includes('--stage-only');
const analysisOnly = args.includes('--analysis-only');
/** `--per-edit`: also the CPU time of each edit in order (with --analysis-only), to see the first edits apart. */
const perEdit = args.includes('--per-edit');
/** `--warm N`: first a session of N edits on another article (other paragraphs), so the JIT has compiled the edit paths before the measured document is opened. */
const warm = opt('--warm', 0);

const tagger = createNerTagger(readFileSync(join(root, 'media', 'models', 'ner.bin')));
const memo = new DocumentMemo();
const memoised = tagger.withMemo!(memo.sentenceLabels);
// the whole analysis the worker runs (model, entities, quotes, record), with a memo of its own
const analysisMemo = new DocumentMemo();
if (analysisOnly) {
  const problem = installReportedBytes(readFileSync(join(root, 'media', 'models', 'reported.bin')));
  if (problem) throw new Error(problem);
}

function cpu<T>(f: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const v = f();
  const c = process.cpuUsage(c0);
  return [v, (c.user + c.system) / 1000];
}

const stages: Record<string, number[]> = { model: [], tokenise: [], rules: [], tagger: [], rest: [], entities: [], analysis: [] };
/** `--prime N`: first a warm-up session of N edits on a small built-in article (bench/prime.ts). */
const prime = opt('--prime', 0);
if (prime > 0) {
  const [, tPrime] = cpu(() => {
    const step = primer(tagger, prime);
    while (step());
  });
  process.stderr.write(`primer: ${prime} edits, ${tPrime.toFixed(0)} ms CPU\n`);
}
if (warm > 0) {
  const other = new DocumentMemo();
  // letters shifted by one (case, punctuation and quotation marks kept): the same code paths, none
  // of the measured article's words (so no cache keyed by text is warmed for it)
  const shift = (c: string) => (c === 'z' ? 'a' : c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1));
  // (--warm-same: the measured session itself, replayed first with a memo of its own)
  const same = args.includes('--warm-same');
  let t = same ? articleOfWords(seedParagraphs(root), words) : articleOfWords(seedParagraphs(root), words).replace(/[a-zA-Z]/g, shift);
  const rw = mulberry32(same ? 7 : 11);
  for (let k = -1; k < warm; k++) {
    if (k >= 0) {
      const at = t.indexOf(' ', Math.floor(rw() * t.length));
      t = at < 0 ? `${t} new` : `${t.slice(0, at)} new${t.slice(at)}`;
    }
    runAnalysis({ uri: 'file:///other.txt', text: t, maxBytes: 1e8, entities: true }, tagger, other);
  }
}
let text = articleOfWords(seedParagraphs(root), words);
const r = mulberry32(opt('--seed', 7));
const order: number[] = [];
/** Per edit: the memo's misses (sentences / quote paragraphs / speaker candidate sets). */
const misses: string[] = [];
let lastMiss = [0, 0, 0];
for (let k = -1; k < edits; k++) {
  if (k >= 0) {
    const at = text.indexOf(' ', Math.floor(r() * text.length));
    text = at < 0 ? `${text} new` : `${text.slice(0, at)} new${text.slice(at)}`;
  }
  if (analysisOnly) {
    // (--per-edit: each analysis's start on the monotonic clock, µs, to cut a CPU profile by edit)
    if (perEdit) process.stderr.write(`edit ${k} ${process.hrtime.bigint() / 1000n}\n`);
    const [, tAll] = cpu(() => runAnalysis({ uri: 'file:///bench.txt', text, maxBytes: 1e8, entities: true }, tagger, analysisMemo));
    if (k >= 0) stages.analysis.push(tAll);
    // (--rerun N: the opened version analysed N more times with its memo, as a warm-up at open time)
    if (k < 0) for (let j = 0; j < opt('--rerun', 0); j++) runAnalysis({ uri: 'file:///bench.txt', text, maxBytes: 1e8, entities: true }, tagger, analysisMemo);
    order.push(tAll);
    const st = analysisMemo.stats;
    misses.push(`${st.sentenceMisses - lastMiss[0]}/${st.paragraphMisses - lastMiss[1]}/${st.speakerMisses - lastMiss[2]}`);
    lastMiss = [st.sentenceMisses, st.paragraphMisses, st.speakerMisses];
    continue;
  }
  const [analysis, tModel] = cpu(() => analyzeArticle(text, { uri: 'file:///bench.txt', format: 'text', warnings: [] }));
  const plain = analysis.plain.text;
  // (--stage-only: the entity stage alone, for a profile)
  const [, tTok] = stageOnly ? [0, 0] : cpu(() => tokenise(plain));
  const [, tRules] = stageOnly ? [0, 0] : cpu(() => ruleEntities(plain));
  // the whole stage, the tagger's share timed within it
  let tTag = 0;
  const timed = Object.assign((t: string) => {
    const [v, ms] = cpu(() => memoised(t));
    tTag += ms;
    return v;
  }, { lexicon: memoised.lexicon });
  const [, tEnt] = cpu(() => extractPlainEntities(analysis, timed));
  memo.done();
  const [, tAll] = stageOnly ? [0, 0] : cpu(() => runAnalysis({ uri: 'file:///bench.txt', text, maxBytes: 1e8, entities: true }, tagger, analysisMemo));
  if (k < 0) continue; // the first analysis fills the memo
  stages.model.push(tModel);
  stages.tokenise.push(tTok);
  stages.rules.push(tRules);
  stages.tagger.push(tTag);
  stages.entities.push(tEnt);
  stages.rest.push(tEnt - tTag);
  stages.analysis.push(tAll);
}
const out: Record<string, string> = {};
for (const [name, xs] of Object.entries(stages)) {
  if (!xs.length) continue;
  xs.sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  out[name] = `min ${xs[0].toFixed(1)} ms, p25 ${xs[Math.floor(xs.length / 4)].toFixed(1)} ms, median ${xs[Math.floor(xs.length / 2)].toFixed(1)} ms, mean ${mean.toFixed(1)} ms`;
}
const med = (xs: number[]) => ([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN);
const each = perEdit ? { first20_median_ms: med(order.slice(1, 21)).toFixed(1), later_median_ms: med(order.slice(21)).toFixed(1), first_analysis_ms: order[0]?.toFixed(1), per_edit_ms: order.slice(1).map(x => Math.round(x)).join(' '), per_edit_misses: misses.slice(1).join(' ') } : {};
console.log(JSON.stringify({ words, chars: text.length, edits, cpu: out, ...each, memo: analysisOnly ? analysisMemo.stats : memo.stats }, null, 1));
