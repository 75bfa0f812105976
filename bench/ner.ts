/**
 * Named-entity benchmark (prints figures; not a test).
 *
 *   npm run bench:ner -- FILE.jsonl [--model media/models/ner.bin]
 *
 * FILE.jsonl: lines {"doc_id", "text", "entities": [{start, end, type, text}]} (e.g.
 * ../shared/eval/conll2003/testa.jsonl or ../shared/eval/seeds/seeds_entities.jsonl).
 * Goes through the CLI like every benchmark: spawns `node out/cli.js extract --input FILE --output
 * TMP`, scores the `entities` of its output against the gold of FILE by the rules of the eval
 * README (PER/ORG/LOC, micro, exact and lenient; src/tools/nerScore.ts), then measures in-process:
 * model load time, tagger throughput on the file's text (KB/s of UTF-8 input, one core), and the
 * model asset's size (raw and gzipped) against out/extension.js.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadNerModel, tagEntities } from '../src/core/ner';
import { emptyScore, formatScore, scoreDocument, type SpanLike } from '../src/tools/nerScore';

const root = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const mi = args.indexOf('--model');
const modelPath = path.resolve(mi >= 0 ? args[mi + 1] : path.join(root, 'media', 'models', 'ner.bin'));
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--model');
if (!file) {
  process.stderr.write('usage: npm run bench:ner -- FILE.jsonl [--model PATH]\n');
  process.exit(2);
}

interface GoldDoc {
  doc_id: string;
  text: string;
  entities: SpanLike[];
}

const docs: GoldDoc[] = readFileSync(file, 'utf8').split('\n').filter(l => l.trim()).map(l => JSON.parse(l) as GoldDoc);
const totalBytes = docs.reduce((a, d) => a + Buffer.byteLength(d.text), 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

// ---- 1. end to end through the CLI
const tmp = mkdtempSync(path.join(tmpdir(), 'corroborate-ner-'));
const predFile = path.join(tmp, 'pred.jsonl');
const cli = path.join(root, 'out', 'cli.js');
const t0 = performance.now();
const run = spawnSync(process.execPath, [cli, 'extract', '--input', file, '--output', predFile], { encoding: 'utf8' });
const cliMs = performance.now() - t0;
if (run.status !== 0) {
  process.stderr.write(`cli failed (${run.status}):\n${run.stderr}\n`);
  process.exit(1);
}
const preds = new Map<string, SpanLike[]>();
for (const l of readFileSync(predFile, 'utf8').split('\n')) {
  if (!l.trim()) continue;
  const r = JSON.parse(l) as { doc_id: string; entities: SpanLike[] };
  preds.set(String(r.doc_id), r.entities);
}
rmSync(tmp, { recursive: true, force: true });
const score = emptyScore();
const predTypes = new Map<string, number>();
for (const d of docs) {
  const p = preds.get(String(d.doc_id)) ?? [];
  for (const e of p) predTypes.set(e.type, (predTypes.get(e.type) ?? 0) + 1);
  scoreDocument(score, d.text, d.entities, p);
}
console.log(`${file}: ${docs.length} documents, ${kb(totalBytes)} of text`);
console.log(`CLI extract (whole process, incl. startup and article analysis): ${cliMs.toFixed(0)} ms`);
console.log(`predicted entity types: ${[...predTypes].map(([t, n]) => `${t} ${n}`).join(', ')}`);
console.log(formatScore(score));

// ---- 1b. alias merging (when the gold gives a canonical id per mention): over the PER/ORG/LOC gold
// mentions that a prediction overlaps, pairs with one gold id should share one predicted canonical
// (recall) and pairs sharing a predicted canonical should share a gold id (precision).
const matched: { gold: string; pred: string }[] = [];
for (const d of docs) {
  const p = (preds.get(String(d.doc_id)) ?? []) as (SpanLike & { canonical?: string })[];
  for (const g of d.entities as (SpanLike & { canonical?: string })[]) {
    if (!g.canonical || !['PER', 'ORG', 'LOC'].includes(g.type)) continue;
    const hit = p.find(x => ['PER', 'ORG', 'LOC'].includes(x.type) && x.start < g.end && g.start < x.end && x.canonical);
    if (hit) matched.push({ gold: `${g.type}:${g.canonical}`, pred: hit.canonical! });
  }
}
if (matched.length) {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < matched.length; i++) {
    for (let j = i + 1; j < matched.length; j++) {
      const sameGold = matched[i].gold === matched[j].gold;
      const samePred = matched[i].pred === matched[j].pred;
      if (sameGold && samePred) tp++;
      else if (samePred) fp++;
      else if (sameGold) fn++;
    }
  }
  const P = tp / Math.max(1, tp + fp), R = tp / Math.max(1, tp + fn);
  const golds = new Set(matched.map(m => m.gold)).size, predsN = new Set(matched.map(m => m.pred)).size;
  console.log(`alias merging over ${matched.length} matched mentions (${golds} gold entities, ${predsN} predicted): pair P ${(100 * P).toFixed(2)} R ${(100 * R).toFixed(2)} F1 ${((200 * P * R) / Math.max(1e-9, P + R)).toFixed(2)}`);
}

// ---- 2. in process: load time, throughput
const tl = performance.now();
const bytes = readFileSync(modelPath);
let model = loadNerModel(bytes); // the first load in this process: cold, as the extension sees it
const coldMs = performance.now() - tl;
const loads: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  model = loadNerModel(readFileSync(modelPath));
  loads.push(performance.now() - t);
}
loads.sort((a, b) => a - b);
for (const d of docs.slice(0, 3)) tagEntities(model, d.text); // warm-up
// each run with a model loaded afresh (outside the timing): the tagger caches the words of the
// documents it tags, and a second run over the same documents would find every word cached
const times: number[] = [];
for (let rep = 0; rep < 3; rep++) {
  const fresh = loadNerModel(bytes);
  const t = performance.now();
  for (const d of docs) tagEntities(fresh, d.text);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const ms = times[1];
console.log(`model load (read + parse): first ${coldMs.toFixed(1)} ms, then median ${loads[2].toFixed(1)} ms`);
console.log(`tagger throughput (in process, one core, median of 3 runs, each with a fresh model): ${(totalBytes / 1024 / (ms / 1000)).toFixed(0)} KB/s (${ms.toFixed(0)} ms for ${kb(totalBytes)})`);

// ---- 3. size
const gz = gzipSync(bytes, { level: 9 }).length;
console.log(`model asset ${path.relative(process.cwd(), modelPath)}: ${kb(bytes.length)} raw, ${kb(gz)} gzipped`);
const ext = path.join(root, 'out', 'extension.js');
if (existsSync(ext)) {
  const e = readFileSync(ext);
  const egz = gzipSync(e, { level: 9 }).length;
  console.log(`out/extension.js: ${kb(statSync(ext).size)} raw, ${kb(egz)} gzipped; model share of extension + model: ${((100 * bytes.length) / (bytes.length + e.length)).toFixed(0)}% raw, ${((100 * gz) / (gz + egz)).toFixed(0)}% gzipped`);
} else console.log('out/extension.js not built (npm run build): no bundle comparison');
