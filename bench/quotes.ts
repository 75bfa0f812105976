/**
 * npm run bench:quotes — quotes and speakers scored as /work/shared/eval/README.md says.
 *
 *   node out/bench/quotes.js [--in-process] [--ner] [--stance] [--attributions] [--set NAME[,NAME…]]
 *                            [--data DIR] [--cli PATH] [--errors N] [--breakdown] [--json] [--dump PREFIX]
 *
 * By default every set goes through the CLI (`node out/cli.js extract --input GOLD --output PRED`);
 * `--in-process` calls the core directly (`--ner` then also feeds it the entities of the NER model in
 * media/models/ner.bin; `--stance` turns on ExtractOptions.stance). Sets: quotemarks, ukstyle, all (polnear dev), seeds, and the train splits
 * train-quotemarks, train (for tuning). Data stay where they are: nothing is copied into the repo.
 *
 * Scoring (README): spans normalised (whitespace, quote marks “”"‘’'«», trailing . , ; : trimmed; a
 * quote with fragments is the union of its fragments); one-to-one greedy matching by character
 * overlap covering ≥ 50% of the gold span and ≥ 50% of the predicted one ("lenient"); "strict" =
 * identical normalised spans; speaker correct when the predicted mention overlaps the gold one, or
 * both have none; end-to-end: a true positive needs a matched quote and a correct speaker.
 *
 * `--dump PREFIX` writes each set's predictions to PREFIX.SET.jsonl (for analysis outside the bench).
 * `--breakdown` counts the errors by kind: each unmatched gold quote by what the prediction overlapping
 * it most does (none; too long: it holds ≥ 50% of the gold span, the gold < 50% of it; too short: the
 * other way round; both under 50%; and whether that prediction is matched to another gold quote), each
 * unmatched prediction by where it lies (outside every gold quote; ≥ 50% inside a gold quote that is
 * matched to another prediction — a second piece of one attribution —, or that is not; overlapping).
 *
 * Views. Each gold view is a selection of quotes, and predictions are put in the same view before
 * scoring (both figures are printed, the view-matched one first):
 * - quote-mark views (quotemarks, ukstyle): quotation-mark regions of ≥ 2 words — predictions of kind
 *   direct or partial with ≥ 2 words; reported speech has no quote marks and is not in this view.
 *   The view was cut by a scanner that does not read the straight single quote as a quotation mark
 *   (no gold span of train or dev opens with ', though the texts hold many '…' quotations), so
 *   predictions opened by ' are left out of this view too;
 * - all attributions (all) and the seeds: every prediction as the CLI wrote it (a record with
 *   `fragments` is their union). `--attributions` runs `extract --attributions` (one record per
 *   attribution, the convention of the PolNeAR annotation) instead of the default records (one per
 *   quotation and reported clause, the convention of the seed annotation).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractQuotes, quoteRecords, type QuoteRecord } from '../src/core/quotes';
import { resolveEntities } from '../src/core/entities/resolve';
import { installRepoReportedModel } from '../src/node/reportedModel';
import type { DocumentEntities, RawMention } from '../src/core/entities/types';

interface Span {
  start: number;
  end: number;
}
interface GoldQuote extends Span {
  fragments?: Span[];
  speaker_start?: number | null;
  speaker_end?: number | null;
  speaker?: string | null;
  speaker_canonical?: string | null;
  kind?: string;
  type?: string;
}
interface Doc {
  doc_id: string;
  text: string;
  quotes: GoldQuote[];
}
interface PredQuote extends QuoteRecord {
  fragments?: Span[];
}

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find(a => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : undefined;
};
const root = resolve(__dirname, '..', '..');
const dataDir = option('data') ?? process.env.CORROBORATE_EVAL ?? '/work/shared/eval';
const inProcess = flag('in-process');
const useNer = flag('ner');
const stance = flag('stance');
const attributions = flag('attributions');
const asJson = flag('json');
const errorsN = Number(option('errors') ?? 0);
const breakdown = flag('breakdown');
const cliPath = option('cli') ?? join(root, 'out', 'cli.js');

const SETS: Record<string, { file: string; view: 'marks' | 'all' | 'seeds'; label: string }> = {
  quotemarks: { file: 'polnear/polnear_dev_quotemarks.jsonl', view: 'marks', label: 'PolNeAR dev, quote-mark view' },
  ukstyle: { file: 'polnear/polnear_dev_quotemarks_ukstyle.jsonl', view: 'marks', label: 'PolNeAR dev, quote-mark view, British marks' },
  all: { file: 'polnear/polnear_dev.jsonl', view: 'all', label: 'PolNeAR dev, all attributions' },
  seeds: { file: 'seeds/seeds_quotes.jsonl', view: 'seeds', label: 'seed articles' },
  'train-quotemarks': { file: 'polnear/polnear_train_quotemarks.jsonl', view: 'marks', label: 'PolNeAR train, quote-mark view' },
  train: { file: 'polnear/polnear_train.jsonl', view: 'all', label: 'PolNeAR train, all attributions' },
};
const chosen = (option('set') ?? 'quotemarks,ukstyle,all,seeds').split(',');

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(l => l.trim())
    .map(l => JSON.parse(l) as T);
}

// ---------- normalisation and matching ----------

const TRIM_BOTH = /[\s“”"‘’'«»]/u;
const TRIM_END = /[\s“”"‘’'«».,;:]/u;

function normaliseFragment(text: string, s: number, e: number): Span | null {
  while (s < e && TRIM_BOTH.test(text[s])) s++;
  while (e > s && TRIM_END.test(text[e - 1])) e--;
  return e > s ? { start: s, end: e } : null;
}

/** Sorted, merged intervals of the normalised fragments. */
function normalise(text: string, frags: Span[]): Span[] {
  const parts = frags.map(f => normaliseFragment(text, f.start, f.end)).filter((x): x is Span => x !== null);
  parts.sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else out.push({ ...p });
  }
  return out;
}

const length = (xs: Span[]) => xs.reduce((n, x) => n + x.end - x.start, 0);
function overlap(a: Span[], b: Span[]): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i].start, b[j].start);
    const e = Math.min(a[i].end, b[j].end);
    if (e > s) n += e - s;
    if (a[i].end < b[j].end) i++;
    else j++;
  }
  return n;
}
const sameSpans = (a: Span[], b: Span[]) => a.length === b.length && a.every((x, k) => x.start === b[k].start && x.end === b[k].end);

interface Counts {
  gold: number;
  pred: number;
  strict: number;
  lenient: number;
  e2e: number;
  speakerOk: number;
}
const zero = (): Counts => ({ gold: 0, pred: 0, strict: 0, lenient: 0, e2e: 0, speakerOk: 0 });

interface Scored {
  counts: Counts;
  matches: { g: number; p: number; speakerOk: boolean }[];
  unmatchedGold: number[];
  unmatchedPred: number[];
}

function speakerCorrect(g: GoldQuote, p: PredQuote): boolean {
  const gNone = g.speaker_start === null || g.speaker_start === undefined;
  const pNone = p.speaker_start === null || p.speaker_start === undefined;
  if (gNone) return pNone;
  if (pNone) return false;
  return p.speaker_start! < g.speaker_end! && g.speaker_start! < p.speaker_end!;
}

function scoreDoc(text: string, gold: GoldQuote[], pred: PredQuote[]): Scored {
  const gs = gold.map(g => normalise(text, g.fragments && g.fragments.length ? g.fragments : [g]));
  const ps = pred.map(p => normalise(text, p.fragments && p.fragments.length ? p.fragments : [p]));
  const pairs: { g: number; p: number; o: number }[] = [];
  for (let i = 0; i < gs.length; i++) {
    const gl = length(gs[i]);
    if (gl === 0) continue;
    for (let j = 0; j < ps.length; j++) {
      const pl = length(ps[j]);
      if (pl === 0) continue;
      const o = overlap(gs[i], ps[j]);
      if (o >= 0.5 * gl && o >= 0.5 * pl) pairs.push({ g: i, p: j, o });
    }
  }
  pairs.sort((a, b) => b.o - a.o || a.g - b.g || a.p - b.p);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  const counts = zero();
  counts.gold = gold.length;
  counts.pred = pred.length;
  const matches: Scored['matches'] = [];
  for (const x of pairs) {
    if (usedG.has(x.g) || usedP.has(x.p)) continue;
    usedG.add(x.g);
    usedP.add(x.p);
    const ok = speakerCorrect(gold[x.g], pred[x.p]);
    counts.lenient++;
    if (ok) {
      counts.e2e++;
      counts.speakerOk++;
    }
    matches.push({ g: x.g, p: x.p, speakerOk: ok });
  }
  // strict: identical normalised spans, one-to-one
  const usedS = new Set<number>();
  for (let i = 0; i < gs.length; i++) {
    for (let j = 0; j < ps.length; j++) {
      if (usedS.has(j) || gs[i].length === 0 || !sameSpans(gs[i], ps[j])) continue;
      usedS.add(j);
      counts.strict++;
      break;
    }
  }
  return {
    counts,
    matches,
    unmatchedGold: gold.map((_, i) => i).filter(i => !usedG.has(i)),
    unmatchedPred: pred.map((_, j) => j).filter(j => !usedP.has(j)),
  };
}

/** The kind of each error of one document (see --breakdown), added to `into`. */
function countErrors(text: string, gold: GoldQuote[], pred: PredQuote[], sc: Scored, into: Map<string, number>): void {
  const gs = gold.map(g => normalise(text, g.fragments && g.fragments.length ? g.fragments : [g]));
  const ps = pred.map(p => normalise(text, p.fragments && p.fragments.length ? p.fragments : [p]));
  const matchedG = new Set(sc.matches.map(m => m.g));
  const matchedP = new Set(sc.matches.map(m => m.p));
  const bump = (k: string) => into.set(k, (into.get(k) ?? 0) + 1);
  const best = (x: Span[], ys: Span[][]) => {
    let arg = -1;
    let o = 0;
    ys.forEach((y, j) => {
      const v = overlap(x, y);
      if (v > o) [o, arg] = [v, j];
    });
    return { arg, o };
  };
  for (const i of sc.unmatchedGold) {
    const g = gold[i];
    const kind = g.type ?? g.kind ?? '?';
    const { arg, o } = best(gs[i], ps);
    if (arg < 0) {
      bump(`missed ${kind}: no prediction overlaps`);
      continue;
    }
    const cg = o / length(gs[i]);
    const cp = o / length(ps[arg]);
    const how = cg >= 0.5 ? 'prediction too long' : cp >= 0.5 ? 'prediction too short' : 'overlap under 50% both ways';
    bump(`missed ${kind}: ${how}${matchedP.has(arg) ? ' (and matched elsewhere)' : ''}`);
  }
  for (const j of sc.unmatchedPred) {
    const { arg, o } = best(ps[j], gs);
    const where = arg < 0 ? 'outside every gold quote' : o >= 0.5 * length(ps[j]) ? (matchedG.has(arg) ? 'inside a gold quote matched to another prediction' : 'inside an unmatched gold quote') : 'overlapping a gold quote';
    bump(`false ${pred[j].kind}: ${where}`);
  }
}

function add(a: Counts, b: Counts): void {
  for (const k of Object.keys(a) as (keyof Counts)[]) a[k] += b[k];
}

function prf(tp: number, pred: number, gold: number) {
  const p = pred ? tp / pred : 0;
  const r = gold ? tp / gold : 0;
  const f = p + r ? (2 * p * r) / (p + r) : 0;
  return { p: 100 * p, r: 100 * r, f: 100 * f };
}

// ---------- views ----------

const WORDS = /[\p{L}\p{N}]+/gu;
/** The mark a quote opens with (the character before its words, past spaces). */
function openingMark(text: string, start: number): string {
  let i = start - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i >= 0 ? text[i] : '';
}
function marksView(text: string, pred: PredQuote[]): PredQuote[] {
  return pred.filter(
    p => (p.kind === 'direct' || p.kind === 'partial') && (text.slice(p.start, p.end).match(WORDS) ?? []).length >= 2 && openingMark(text, p.start) !== "'",
  );
}

// ---------- prediction ----------

let nerTagger: ((text: string) => RawMention[]) | null = null;
async function loadNer(): Promise<void> {
  const path = join(root, 'media', 'models', 'ner.bin');
  if (!existsSync(path)) throw new Error(`--ner: no model at ${path}`);
  const ner = await import('../src/core/ner');
  const model = ner.loadNerModel(new Uint8Array(readFileSync(path)));
  nerTagger = (text: string) => ner.tagEntities(model, text).filter(e => e.type === 'PER' || e.type === 'ORG' || e.type === 'LOC') as RawMention[];
}

function predictInProcess(docs: Doc[]): { preds: PredQuote[][]; ms: number; nerMs: number } {
  installRepoReportedModel(root); // as the CLI does
  const ents: (DocumentEntities | undefined)[] = [];
  const t0 = performance.now();
  for (const d of docs) ents.push(nerTagger ? resolveEntities(d.text, nerTagger(d.text)) : undefined);
  const t1 = performance.now();
  // warm-up (JIT), not timed
  for (const d of docs.slice(0, 20)) extractQuotes(d.text, undefined, { stance });
  const t2 = performance.now();
  const preds = docs.map((d, i) => quoteRecords(extractQuotes(d.text, ents[i], { stance }), { attributions, text: d.text }) as PredQuote[]);
  return { preds, ms: performance.now() - t2, nerMs: t1 - t0 };
}

function predictCli(docs: Doc[], goldPath: string): { preds: PredQuote[][]; ms: number } {
  if (!existsSync(cliPath)) throw new Error(`no CLI at ${cliPath}: run node esbuild.mjs --only=cli (or use --in-process)`);
  const dir = mkdtempSync(join(tmpdir(), 'corroborate-quotes-'));
  try {
    const out = join(dir, 'pred.jsonl');
    const t0 = performance.now();
    execFileSync(process.execPath, [cliPath, 'extract', '--input', goldPath, '--output', out, ...(attributions ? ['--attributions'] : []), ...(stance ? ['--stance'] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
    const ms = performance.now() - t0;
    const byId = new Map<string, PredQuote[]>();
    for (const line of readJsonl<{ doc_id: string; quotes?: PredQuote[] }>(out)) byId.set(String(line.doc_id), line.quotes ?? []);
    return { preds: docs.map(d => byId.get(String(d.doc_id)) ?? []), ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------- report ----------

const fmt = (x: number) => x.toFixed(1).padStart(5);

function line(name: string, c: Counts) {
  const s = prf(c.strict, c.pred, c.gold);
  const l = prf(c.lenient, c.pred, c.gold);
  const e = prf(c.e2e, c.pred, c.gold);
  const acc = c.lenient ? (100 * c.speakerOk) / c.lenient : 0;
  return {
    text: `  ${name.padEnd(26)} gold ${String(c.gold).padStart(5)} pred ${String(c.pred).padStart(5)} | strict P ${fmt(s.p)} R ${fmt(s.r)} F ${fmt(s.f)} | lenient P ${fmt(l.p)} R ${fmt(l.r)} F ${fmt(l.f)} | end-to-end P ${fmt(e.p)} R ${fmt(e.r)} F ${fmt(e.f)} | speaker acc ${fmt(acc)}`,
    json: { gold: c.gold, pred: c.pred, strict: s, lenient: l, endToEnd: e, speakerAccuracy: acc },
  };
}

async function main() {
  if (useNer) await loadNer();
  const report: Record<string, unknown> = {};
  for (const name of chosen) {
    const set = SETS[name];
    if (!set) throw new Error(`unknown set ${name} (have: ${Object.keys(SETS).join(', ')})`);
    const path = join(dataDir, set.file);
    if (!existsSync(path)) {
      console.error(`skipped ${name}: no ${path}`);
      continue;
    }
    const docs = readJsonl<Doc>(path);
    const chars = docs.reduce((n, d) => n + d.text.length, 0);
    const run = inProcess ? predictInProcess(docs) : predictCli(docs, path);
    const dump = option('dump');
    if (dump) writeFileSync(`${dump}.${name}.jsonl`, docs.map((d, i) => JSON.stringify({ doc_id: d.doc_id, quotes: run.preds[i] })).join('\n') + '\n');
    const main = zero();
    const raw = zero();
    const errors: string[] = [];
    const kinds = new Map<string, number>();
    const seeds = { direct: 0, directFound: 0, directSpeaker: 0, canonical: 0, canonicalOf: 0 };
    for (const [i, d] of docs.entries()) {
      const gold = set.view === 'seeds' ? d.quotes.filter(q => q.kind !== 'none') : d.quotes;
      const pred = run.preds[i];
      const viewed = set.view === 'marks' ? marksView(d.text, pred) : pred;
      const sc = scoreDoc(d.text, gold, viewed);
      add(main, sc.counts);
      if (set.view === 'marks') add(raw, scoreDoc(d.text, gold, pred).counts);
      if (set.view === 'seeds') {
        for (const [gi, g] of gold.entries()) {
          if (g.kind !== 'direct') continue;
          seeds.direct++;
          const m = sc.matches.find(x => x.g === gi);
          if (!m) continue;
          seeds.directFound++;
          if (m.speakerOk) seeds.directSpeaker++;
        }
        for (const m of sc.matches) {
          const g = gold[m.g];
          if (!g.speaker_canonical) continue;
          seeds.canonicalOf++;
          if ((viewed[m.p].speaker ?? '').toLowerCase() === g.speaker_canonical.toLowerCase()) seeds.canonical++;
        }
      }
      if (breakdown) countErrors(d.text, gold, viewed, sc, kinds);
      if (errorsN > 0 && errors.length < errorsN) {
        const t = d.text;
        const show = (s: Span) => JSON.stringify(t.slice(s.start, s.end).slice(0, 140));
        const sp = (s: number | null | undefined, e: number | null | undefined) => (s === null || s === undefined ? '∅' : JSON.stringify(t.slice(s, e!)));
        for (const m of sc.matches) if (!m.speakerOk) errors.push(`[${d.doc_id}] SPEAKER gold ${sp(gold[m.g].speaker_start, gold[m.g].speaker_end)} pred ${sp(viewed[m.p].speaker_start, viewed[m.p].speaker_end)} (${viewed[m.p].kind}) ${show(gold[m.g])}`);
        for (const g of sc.unmatchedGold) errors.push(`[${d.doc_id}] MISS ${gold[g].type ?? gold[g].kind ?? ''} ${sp(gold[g].speaker_start, gold[g].speaker_end)} ${show(gold[g].fragments?.length ? { start: gold[g].fragments![0].start, end: gold[g].fragments![gold[g].fragments!.length - 1].end } : gold[g])}`);
        for (const p of sc.unmatchedPred) errors.push(`[${d.doc_id}] FALSE ${viewed[p].kind} ${sp(viewed[p].speaker_start, viewed[p].speaker_end)} ${show(viewed[p])}`);
      }
    }
    const head = `${set.label} (${name}: ${docs.length} documents, ${(chars / 1e6).toFixed(2)} M chars) via ${inProcess ? `core in process${useNer ? ' + NER entities' : ''}` : 'CLI'}${stance ? ', stance verbs on' : ''}${attributions ? ', one record per attribution' : ''}`;
    const a = line(set.view === 'marks' ? 'quote-mark predictions' : set.view === 'all' ? 'every prediction as is' : 'all speech quotes', main);
    const b = set.view === 'marks' ? line('every prediction as is', raw) : null;
    const secs = run.ms / 1000;
    const speed = `  throughput: ${(docs.length / secs).toFixed(0)} docs/s, ${(chars / 1e6 / secs).toFixed(2)} M chars/s (${run.ms.toFixed(0)} ms${inProcess ? ', quotes only' : ', whole CLI run'}${'nerMs' in run && useNer ? `; NER + entities ${(run as { nerMs: number }).nerMs.toFixed(0)} ms` : ''})`;
    if (!asJson) {
      console.log(head);
      console.log(a.text);
      if (b) console.log(b.text);
      if (set.view === 'seeds') {
        console.log(`  direct quotes found ${seeds.directFound}/${seeds.direct}, with the right speaker ${seeds.directSpeaker}/${seeds.directFound}; canonical speaker right on ${seeds.canonical}/${seeds.canonicalOf} matched quotes`);
      }
      console.log(speed);
      if (breakdown) for (const [k, n] of [...kinds].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) console.log(`    ${String(n).padStart(5)}  ${k}`);
      for (const e of errors) console.log('    ' + e);
    }
    report[name] = { view: a.json, raw: b?.json, seeds: set.view === 'seeds' ? seeds : undefined, ms: run.ms, docs: docs.length, chars };
  }
  if (asJson) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});



