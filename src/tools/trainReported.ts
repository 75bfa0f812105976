/**
 * Trains the attribution tagger of the quote extractor (src/core/quotes/reported.ts) and writes it to
 * media/models/reported.bin (format: encodeReportedModel in reported.ts), the asset the CLI, the
 * extension and its worker read once and hand to the core.
 *
 *   npm run train:reported [-- --data DIR] [--out FILE] [--epochs N] [--min-count K] [--holdout] [--dry]
 *   (built by node esbuild.mjs --only=tools; runs out/tools/trainReported.js)
 *
 * Model: a linear-chain tagger over the tokens of each paragraph with labels O, B/I-SRC (source),
 * B/I-CUE (cue), B/I-CON (content), trained as an averaged structured perceptron (Viterbi decoding,
 * update towards the gold sequence). Features: reported.ts. Cue words (words that are a cue in at
 * least a quarter of their occurrences and at least 8 times) are learned from the same data and
 * stored with the weights. `--holdout` trains on 9/10 of the documents and prints, after each epoch,
 * the content-chunk F1 on the other tenth (for choosing the number of epochs); without it the model is
 * trained on all training documents. Deterministic: fixed document order, fixed-seed shuffles.
 *
 * Data provenance and licence: PolNeAR (Newell, Margolin & Ruths, LREC 2018; github
 * networkdynamics/PolNeAR), research use only. Read at training time from
 * DIR/polnear/polnear_train.jsonl (the train split, every attribution: content, source and cue spans);
 * never copied into the repository. The asset holds hashed feature keys, int8 weights and the
 * learned cue words: no text of the data. The dev split is never read here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paragraphsOf, scanQuoteMarks, type MarkRegion } from '../core/quotes/marks';
import { paragraphTokens, type Token } from '../core/quotes/text';
import { NL, encodeReportedModel, groupAttributions, quantizeReportedModel, reportedFeatures, sentenceStarts, viterbiBio } from '../core/quotes/reported';
import { mulberry32, shuffle } from '../core/random';
import { args, dataDir, option, root } from './toolArgs';

interface Span {
  start: number;
  end: number;
}
interface GoldQuote extends Span {
  fragments?: Span[];
  speaker_start: number | null;
  speaker_end: number | null;
  cue_spans?: [number, number][];
}
interface Doc {
  doc_id: string;
  text: string;
  quotes: GoldQuote[];
}
interface Para {
  doc: number;
  toks: Token[];
  sentStart: Uint8Array;
  gold: Int8Array;
}
interface Unit {
  doc: number;
  n: number;
  offs: Int32Array;
  ids: Int32Array;
  gold: Int8Array;
  sentStart: Uint8Array;
}

const outPath = option('out') ?? join(root, 'media', 'models', 'reported.bin');
const epochs = Number(option('epochs') ?? 10);
const minCount = Number(option('min-count') ?? 4);
const holdout = args.includes('--holdout');
const dry = args.includes('--dry');
const SEED = 4242;

const T_SRC = 1;
const T_CUE = 2;
const T_CON = 3;

/**
 * Paragraph token sequences of a document with gold labels. One label per token cannot hold nested
 * attributions ("…, but the agency overruled that request, the source added."): inner attributions
 * are painted first and the outer ones over them, so the tagger learns the whole content of the
 * outer attribution rather than pieces cut by the inner one (PolNeAR dev, all attributions: 1,258 →
 * 1,260 matched; seeds 79.2 → 80.1 lenient).
 */
function paragraphsWithGold(d: Doc, di: number): Para[] {
  const paragraphs = paragraphsOf(d.text);
  const regions = scanQuoteMarks(d.text, paragraphs);
  const out: Para[] = [];
  let ri = 0;
  // shortest first: a longer (outer) attribution paints over the ones inside it
  const quotes = [...d.quotes].sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p];
    const mine: MarkRegion[] = [];
    while (ri < regions.length && regions[ri].paragraph === p) mine.push(regions[ri++]);
    const { toks, sentTok } = paragraphTokens(d.text, para, mine);
    const n = toks.length;
    if (n === 0) continue;
    const owner = new Int32Array(n).fill(-1);
    const type = new Int8Array(n);
    const paint = (s: number, e: number, id: number, ty: number) => {
      if (e <= para.start || s >= para.end) return;
      for (let i = 0; i < n; i++) {
        if (toks[i].e <= s) continue;
        if (toks[i].s >= e) break;
        owner[i] = id;
        type[i] = ty;
      }
    };
    quotes.forEach((q, id) => {
      const frags = q.fragments && q.fragments.length ? q.fragments : [q];
      for (const f of frags) paint(f.start, f.end, id, T_CON);
      if (q.speaker_start !== null && q.speaker_end !== null) paint(q.speaker_start, q.speaker_end, id, T_SRC);
      for (const [s, e] of q.cue_spans ?? []) paint(s, e, id, T_CUE);
    });
    const gold = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      if (!type[i]) continue;
      const begins = i === 0 || owner[i - 1] !== owner[i] || type[i - 1] !== type[i];
      gold[i] = (type[i] - 1) * 2 + (begins ? 1 : 2);
    }
    out.push({ doc: di, toks, sentStart: sentenceStarts(n, sentTok), gold });
  }
  return out;
}

/** Words that are a cue often enough (a general list of reporting words, learned). */
function learnCueWords(paras: Para[]): string[] {
  const cue = new Map<string, number>();
  const all = new Map<string, number>();
  for (const p of paras) {
    for (let i = 0; i < p.toks.length; i++) {
      const l = p.toks[i].l;
      if (!/^[a-z]{3,}$/.test(l)) continue;
      all.set(l, (all.get(l) ?? 0) + 1);
      if (p.gold[i] === 3 || p.gold[i] === 4) cue.set(l, (cue.get(l) ?? 0) + 1);
    }
  }
  return [...cue.entries()].filter(([w, c]) => c >= 8 && c >= 0.25 * (all.get(w) ?? 0)).map(([w]) => w).sort();
}

function chunkSpans(labels: ArrayLike<number>, n: number, sentStart: Uint8Array): [number, number][] {
  return groupAttributions(labels, n, sentStart).map(a => [a.content[0].s, a.content[a.content.length - 1].e]);
}

/** One-to-one matches at ≥ 50% token overlap both ways (the bench's lenient rule, on tokens). */
function lenientMatches(ps: [number, number][], gs: [number, number][]): number {
  const used = new Set<number>();
  let tp = 0;
  for (const [s, e] of ps) {
    for (let j = 0; j < gs.length; j++) {
      if (used.has(j)) continue;
      const o = Math.min(e, gs[j][1]) - Math.max(s, gs[j][0]);
      if (o >= 0.5 * (e - s) && o >= 0.5 * (gs[j][1] - gs[j][0])) {
        used.add(j);
        tp++;
        break;
      }
    }
  }
  return tp;
}

function main(): void {
  const t0 = performance.now();
  const docs = readFileSync(join(dataDir, 'polnear', 'polnear_train.jsonl'), 'utf8')
    .split('\n')
    .filter(l => l.trim())
    .map(l => JSON.parse(l) as Doc);
  const paras = docs.flatMap((d, i) => paragraphsWithGold(d, i));
  const cueWords = learnCueWords(paras);
  const cueSet = new Set(cueWords);
  // features: hashed; kept when seen at least minCount times in the training paragraphs
  const featsOf = paras.map(p => {
    const per: number[][] = p.toks.map(() => []);
    reportedFeatures(p.toks, p.sentStart, cueSet, (i, h) => per[i].push(h));
    return per;
  });
  const counts = new Map<number, number>();
  for (const fp of featsOf) for (const fs of fp) for (const h of fs) counts.set(h, (counts.get(h) ?? 0) + 1);
  const ids = new Map<number, number>();
  for (const [h, c] of counts) if (c >= minCount) ids.set(h, ids.size);
  const units: Unit[] = paras.map((p, k) => {
    const n = p.toks.length;
    const offs = new Int32Array(n + 1);
    const list: number[] = [];
    featsOf[k].forEach((fs, i) => {
      offs[i] = list.length;
      for (const h of fs) {
        const id = ids.get(h);
        if (id !== undefined) list.push(id);
      }
    });
    offs[n] = list.length;
    return { doc: p.doc, n, offs, ids: Int32Array.from(list), gold: p.gold, sentStart: p.sentStart };
  });
  const tokens = units.reduce((a, u) => a + u.n, 0);
  console.log(`${docs.length} documents, ${units.length} paragraphs, ${tokens} tokens; ${cueWords.length} cue words; ${ids.size} features (of ${counts.size}, min count ${minCount}); ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const trainUnits = holdout ? units.filter(u => u.doc % 10 !== 0) : units;
  const testUnits = holdout ? units.filter(u => u.doc % 10 === 0) : [];
  const F = ids.size;
  const L1 = NL + 1;
  const w = new Float32Array(F * NL);
  const u = new Float64Array(F * NL);
  const tw = new Float64Array(L1 * L1);
  const tu = new Float64Array(L1 * L1);
  const avgW = new Float32Array(F * NL);
  const avgT = new Float32Array(L1 * L1);
  let c = 1;
  const rand = mulberry32(SEED);
  const order = trainUnits.map((_, i) => i);
  const em = new Float32Array(NL * 4096);
  const emFor = (un: Unit, W: Float32Array): Float32Array => {
    const e = un.n * NL <= em.length ? em.subarray(0, un.n * NL).fill(0) : new Float32Array(un.n * NL);
    for (let i = 0; i < un.n; i++) {
      for (let k = un.offs[i]; k < un.offs[i + 1]; k++) {
        const o = un.ids[k] * NL;
        for (let y = 0; y < NL; y++) e[i * NL + y] += W[o + y];
      }
    }
    return e;
  };
  const transF = new Float32Array(L1 * L1);
  for (let ep = 1; ep <= epochs; ep++) {
    shuffle(order, rand);
    let wrong = 0;
    for (const k of order) {
      const un = trainUnits[k];
      for (let x = 0; x < tw.length; x++) transF[x] = tw[x];
      const pred = new Int32Array(un.n);
      viterbiBio(emFor(un, w), un.n, transF, pred);
      let same = true;
      for (let i = 0; i < un.n; i++) if (pred[i] !== un.gold[i]) same = false;
      if (!same) {
        wrong++;
        for (let i = 0; i < un.n; i++) {
          const g = un.gold[i];
          const p = pred[i];
          if (g !== p) {
            for (let q = un.offs[i]; q < un.offs[i + 1]; q++) {
              const o = un.ids[q] * NL;
              w[o + g] += 1;
              u[o + g] += c;
              w[o + p] -= 1;
              u[o + p] -= c;
            }
          }
          const gp = i === 0 ? NL : un.gold[i - 1];
          const pp = i === 0 ? NL : pred[i - 1];
          if (gp !== pp || g !== p) {
            tw[gp * L1 + g] += 1;
            tu[gp * L1 + g] += c;
            tw[pp * L1 + p] -= 1;
            tu[pp * L1 + p] -= c;
          }
        }
        const ge = un.gold[un.n - 1];
        const pe = pred[un.n - 1];
        if (ge !== pe) {
          tw[ge * L1 + NL] += 1;
          tu[ge * L1 + NL] += c;
          tw[pe * L1 + NL] -= 1;
          tu[pe * L1 + NL] -= c;
        }
      }
      c++;
    }
    for (let x = 0; x < w.length; x++) avgW[x] = w[x] - u[x] / c;
    for (let x = 0; x < tw.length; x++) avgT[x] = tw[x] - tu[x] / c;
    let msg = `  epoch ${ep}: ${wrong}/${trainUnits.length} paragraphs updated`;
    if (testUnits.length) {
      let tp = 0;
      let np = 0;
      let ng = 0;
      for (const un of testUnits) {
        const pred = new Int32Array(un.n);
        viterbiBio(emFor(un, avgW), un.n, avgT, pred);
        const ps = chunkSpans(pred, un.n, un.sentStart);
        const gs = chunkSpans(un.gold, un.n, un.sentStart);
        np += ps.length;
        ng += gs.length;
        tp += lenientMatches(ps, gs);
      }
      const P = np ? tp / np : 0;
      const R = ng ? tp / ng : 0;
      msg += `; held-out lenient content spans P ${(100 * P).toFixed(1)} R ${(100 * R).toFixed(1)} F ${((200 * P * R) / (P + R || 1)).toFixed(1)}`;
    }
    console.log(msg + ` (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const keys = new Uint32Array(F);
  for (const [h, id] of ids) keys[id] = h;
  const model = quantizeReportedModel(keys, avgW, avgT, cueWords);
  const bytes = encodeReportedModel(model, reportedProvenance(epochs, minCount));
  if (!dry && !holdout) writeFileSync(outPath, bytes);
  console.log(`${dry || holdout ? 'would write' : 'wrote'} ${outPath}: ${model.keys.length} features, ${(bytes.length / 1024).toFixed(0)} KB; total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** The provenance note stored in the asset's header. */
function reportedProvenance(epochs: number, minCount: number): string {
  return (
    `Attribution tagger (averaged structured perceptron, ${epochs} epochs, features seen at least ${minCount} times) ` +
    'trained by src/tools/trainReported.ts on PolNeAR train, all attributions (Newell, Margolin & Ruths, LREC 2018; ' +
    'PolNeAR: research use only). Hashed feature keys, int8 weights and learned cue words only: no text of the data.'
  );
}

main();
