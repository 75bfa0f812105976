/**
 * Trains the speaker ranker of the quote extractor (src/core/quotes/ranker.ts) and writes its weights
 * to src/core/quotes/speakerModel.ts, which the core imports (esbuild bundles it).
 *
 *   npm run train:quotes [-- --data DIR] [--out FILE] [--epochs N] [--folds K] [--dry]
 *   (built by node esbuild.mjs --only=tools; runs out/tools/trainQuotes.js)
 *
 * Model: for each quotation-mark region the rules keep as speech, the candidate speakers the
 * extractor proposes (ExtractOptions.onCandidates) are ranked by a linear model over feature
 * strings, trained by default as a conditional logit (softmax over each quote's candidates, L2;
 * `--learner perceptron`: an averaged perceptron, updating towards the best-scoring correct candidate).
 * The number of epochs is chosen by K-fold cross-validation over the training documents; the final
 * model is trained on all of them. Deterministic: fixed document order, fixed-seed shuffles.
 *
 * Data provenance and licence: PolNeAR (Newell, Margolin & Ruths, LREC 2018; github
 * networkdynamics/PolNeAR), PolNeAR: research use. Read at training time from
 * DIR/polnear/polnear_train_quotemarks.jsonl (the quote-mark view of the train split: quote spans and
 * their gold speaker spans); never copied into the repository. The generated file holds only
 * weights and feature strings (feature templates, reporting-verb forms), no text of the data.
 * The dev split is never read here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractQuotes } from '../core/quotes';
import type { Candidate, Weights } from '../core/quotes/ranker';
import { mulberry32, shuffle } from '../core/random';
import { installRepoReportedModel } from '../node/reportedModel';
import { args, dataDir, option, root } from './toolArgs';

interface Span {
  start: number;
  end: number;
}
interface GoldQuote extends Span {
  speaker_start: number | null;
  speaker_end: number | null;
}
interface Doc {
  doc_id: string;
  text: string;
  quotes: GoldQuote[];
}
interface Example {
  doc: number;
  cands: number[][];
  pos: number[];
  /** Index the rules chose (the candidate holding the feature "rule", else the null candidate). */
  rule: number;
}

const outPath = option('out') ?? join(root, 'src', 'core', 'quotes', 'speakerModel.ts');
const maxEpochs = Number(option('epochs') ?? 12);
const folds = Number(option('folds') ?? 5);
const dry = args.includes('--dry');
const learner = option('learner') ?? 'logit';
const l2 = Number(option('l2') ?? 0.3);
const fit = (examples: Example[], nFeat: number, epochs: number, seed: number, onEpoch?: (epoch: number, w: Float64Array) => void) =>
  learner === 'perceptron' ? train(examples, nFeat, epochs, seed, onEpoch) : trainLogit(examples, nFeat, epochs, seed, l2, onEpoch);

const QUOTE_TRIM = /[\s“”"‘’'«».,;:]/u;
function trimmed(text: string, s: number, e: number): Span {
  while (s < e && QUOTE_TRIM.test(text[s])) s++;
  while (e > s && QUOTE_TRIM.test(text[e - 1])) e--;
  return { start: s, end: e };
}

/** The gold quote matching a predicted span (≥ 50% overlap both ways, as the bench matches). */
function goldFor(text: string, gold: GoldQuote[], s: number, e: number): GoldQuote | null {
  const p = trimmed(text, s, e);
  let best: GoldQuote | null = null;
  let bestO = 0;
  for (const g of gold) {
    const gs = trimmed(text, g.start, g.end);
    const o = Math.min(gs.end, p.end) - Math.max(gs.start, p.start);
    if (o <= 0 || o < 0.5 * (gs.end - gs.start) || o < 0.5 * (p.end - p.start)) continue;
    if (o > bestO) {
      bestO = o;
      best = g;
    }
  }
  return best;
}

const rng = mulberry32;

function collect(docs: Doc[], ids: Map<string, number>): { examples: Example[]; unreachable: number; unmatched: number } {
  const examples: Example[] = [];
  let unreachable = 0;
  let unmatched = 0;
  const id = (f: string) => {
    let i = ids.get(f);
    if (i === undefined) {
      i = ids.size;
      ids.set(f, i);
    }
    return i;
  };
  for (const [di, d] of docs.entries()) {
    const perQuote: { start: number; end: number; cands: Candidate[] }[] = [];
    extractQuotes(d.text, undefined, { speakerModel: null, noReported: false, onCandidates: (q, cands) => perQuote.push({ start: q.start, end: q.end, cands: cands.map(c => ({ ...c, f: [...c.f] })) }) });
    for (const q of perQuote) {
      const g = goldFor(d.text, d.quotes, q.start, q.end);
      if (!g) {
        unmatched++;
        continue;
      }
      const pos: number[] = [];
      q.cands.forEach((c, i) => {
        if (g.speaker_start === null || g.speaker_end === null) {
          if (c.s < 0) pos.push(i);
        } else if (c.s >= 0 && c.s < g.speaker_end && g.speaker_start < c.e) pos.push(i);
      });
      if (pos.length === 0) {
        unreachable++;
        continue;
      }
      const rule = q.cands.findIndex(c => c.f.includes('rule'));
      examples.push({ doc: di, cands: q.cands.map(c => c.f.map(id)), pos, rule: rule >= 0 ? rule : 0 });
    }
  }
  return { examples, unreachable, unmatched };
}

const score = (w: Float64Array, f: number[]) => {
  let s = 0;
  for (const x of f) s += w[x];
  return s;
};
function argmax(w: Float64Array, cands: number[][], among?: number[]): number {
  let best = -1;
  let bestS = -Infinity;
  for (const i of among ?? cands.map((_, k) => k)) {
    const s = score(w, cands[i]);
    if (s > bestS) {
      bestS = s;
      best = i;
    }
  }
  return best;
}

/** Averaged perceptron; returns the averaged weights after each epoch. */
function train(examples: Example[], nFeat: number, epochs: number, seed: number, onEpoch?: (epoch: number, avg: Float64Array) => void): Float64Array {
  const w = new Float64Array(nFeat);
  const u = new Float64Array(nFeat);
  let c = 1;
  const order = examples.map((_, i) => i);
  const rand = rng(seed);
  const avg = new Float64Array(nFeat);
  for (let ep = 1; ep <= epochs; ep++) {
    shuffle(order, rand);
    for (const k of order) {
      const ex = examples[k];
      const pred = argmax(w, ex.cands);
      if (!ex.pos.includes(pred)) {
        const gold = argmax(w, ex.cands, ex.pos);
        for (const f of ex.cands[gold]) {
          w[f] += 1;
          u[f] += c;
        }
        for (const f of ex.cands[pred]) {
          w[f] -= 1;
          u[f] -= c;
        }
      }
      c++;
    }
    for (let f = 0; f < nFeat; f++) avg[f] = w[f] - u[f] / c;
    onEpoch?.(ep, avg);
  }
  return avg;
}

/**
 * Conditional logit (softmax over each quote's candidates, the correct ones pooled), L2-regularised,
 * trained by AdaGrad over shuffled examples. Returns the weights after each epoch.
 */
function trainLogit(examples: Example[], nFeat: number, epochs: number, seed: number, l2: number, onEpoch?: (epoch: number, w: Float64Array) => void): Float64Array {
  const w = new Float64Array(nFeat);
  const g2 = new Float64Array(nFeat).fill(1e-8);
  const last = new Float64Array(nFeat);
  const order = examples.map((_, i) => i);
  const rand = rng(seed);
  const eta = 0.2;
  let step = 0;
  const lam = l2 / examples.length;
  for (let ep = 1; ep <= epochs; ep++) {
    shuffle(order, rand);
    for (const k of order) {
      const ex = examples[k];
      step++;
      const sc = ex.cands.map(f => score(w, f));
      const m = Math.max(...sc);
      const ex2 = sc.map(x => Math.exp(x - m));
      const z = ex2.reduce((a, b) => a + b, 0);
      const zp = ex.pos.reduce((a, i) => a + ex2[i], 0);
      const grad = new Map<number, number>();
      for (let i = 0; i < ex.cands.length; i++) {
        const p = ex2[i] / z;
        const q = ex.pos.includes(i) ? ex2[i] / zp : 0;
        const d = p - q;
        if (d === 0) continue;
        for (const f of ex.cands[i]) grad.set(f, (grad.get(f) ?? 0) + d);
      }
      for (const [f, g0] of grad) {
        // lazy L2 for the steps this feature was idle
        const idle = step - last[f];
        last[f] = step;
        const g = g0 + lam * w[f] * Math.max(1, idle);
        g2[f] += g * g;
        w[f] -= (eta * g) / Math.sqrt(g2[f]);
      }
    }
    onEpoch?.(ep, w);
  }
  return w;
}

function accuracy(w: Float64Array, examples: Example[]): number {
  let ok = 0;
  for (const ex of examples) if (ex.pos.includes(argmax(w, ex.cands))) ok++;
  return examples.length ? ok / examples.length : 0;
}

function main(): void {
  const t0 = performance.now();
  // the candidates are those of the shipped extractor, learned reported speech included
  installRepoReportedModel(root);
  const path = join(dataDir, 'polnear', 'polnear_train_quotemarks.jsonl');
  const docs = readFileSync(path, 'utf8')
    .split('\n')
    .filter(l => l.trim())
    .map(l => JSON.parse(l) as Doc);
  const ids = new Map<string, number>();
  const { examples, unreachable, unmatched } = collect(docs, ids);
  const t1 = performance.now();
  const ruleAcc = examples.filter(e => e.pos.includes(e.rule)).length;
  const all = examples.length + unreachable;
  console.log(`${docs.length} documents, ${all} matched quotes (${unmatched} predicted regions unmatched), ${unreachable} with no correct candidate; ${ids.size} features; candidates in ${((t1 - t0) / 1000).toFixed(1)} s`);
  console.log(`rules alone: ${((100 * ruleAcc) / all).toFixed(1)}% of matched quotes; oracle ${((100 * examples.length) / all).toFixed(1)}%`);

  // cross-validation by document
  const perEpoch = new Array<number>(maxEpochs + 1).fill(0);
  for (let k = 0; k < folds; k++) {
    const trainEx = examples.filter(e => e.doc % folds !== k);
    const testEx = examples.filter(e => e.doc % folds === k);
    fit(trainEx, ids.size, maxEpochs, 17 + k, (ep, avg) => {
      perEpoch[ep] += accuracy(avg, testEx) * testEx.length;
    });
  }
  let bestEp = 1;
  for (let ep = 1; ep <= maxEpochs; ep++) {
    console.log(`  cv epoch ${ep}: ${((100 * perEpoch[ep]) / all).toFixed(2)}% of matched quotes`);
    if (perEpoch[ep] > perEpoch[bestEp]) bestEp = ep;
  }
  console.log(`chosen: ${bestEp} epochs (cv ${((100 * perEpoch[bestEp]) / all).toFixed(2)}%)`);
  const w = fit(examples, ids.size, bestEp, 17);
  console.log(`train accuracy ${((100 * accuracy(w, examples)) / 1).toFixed(2)}% of reachable`);

  const names = [...ids.keys()];
  const weights: Weights = {};
  let kept = 0;
  for (let f = 0; f < names.length; f++) {
    const v = Math.round(w[f] * 1000) / 1000;
    if (Math.abs(v) < 0.001) continue;
    weights[names[f]] = v;
    kept++;
  }
  const sorted = Object.fromEntries(Object.entries(weights).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const json = JSON.stringify(sorted);
  const body =
    `/**\n * Generated by src/tools/trainQuotes.ts (npm run train:quotes): do not edit.\n` +
    ` * Speaker-ranker weights (${learner === 'perceptron' ? 'averaged perceptron' : 'conditional logit'}, ${bestEp} epochs, ${kept} features) trained on\n` +
    ` * PolNeAR train, quote-mark view (Newell et al. 2018; PolNeAR: research use). Feature strings and\n` +
    ` * weights only: no text of the data.\n */\n` +
    `import type { Weights } from './ranker';\n\n` +
    `export const SPEAKER_WEIGHTS: Weights | null = ${json};\n`;
  if (!dry) writeFileSync(outPath, body);
  console.log(`${dry ? 'would write' : 'wrote'} ${outPath}: ${kept} features, ${(body.length / 1024).toFixed(1)} KB; total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main();
