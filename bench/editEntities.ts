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
let text = articleOfWords(seedParagraphs(root), words);
const r = mulberry32(7);
for (let k = -1; k < edits; k++) {
  if (k >= 0) {
    const at = text.indexOf(' ', Math.floor(r() * text.length));
    text = at < 0 ? `${text} new` : `${text.slice(0, at)} new${text.slice(at)}`;
  }
  if (analysisOnly) {
    const [, tAll] = cpu(() => runAnalysis({ uri: 'file:///bench.txt', text, maxBytes: 1e8, entities: true }, tagger, analysisMemo));
    if (k >= 0) stages.analysis.push(tAll);
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
console.log(JSON.stringify({ words, chars: text.length, edits, cpu: out, memo: analysisOnly ? analysisMemo.stats : memo.stats }, null, 1));
