/**
 * npm run bench:open — cold and warm open of a generated workspace through the persistent cache
 * (src/core/cache/openBench.ts, the same code path as the extension's corpus). Prints figures;
 * asserts nothing.
 *   npm run bench:open -- [--articles N] [--entities] [--fs | --dir DIR] [--fill-from K] [--warm-only] [--repeat R] [--json]
 * --entities: records hold entities and quotes too (the entity model runs on this thread: slow cold
 * open); --fs: the cache in a temporary folder (Node fs), --dir: in DIR (kept), else in memory.
 * --fill-from K (with --entities): instead of a cold open, the cache is filled quickly: K distinct
 * articles are analysed in full (model, entities, quotes); article i ≥ K is article i mod K with
 * another number in its title (same length and structure), its article model computed for real and
 * its entities and quotes those of article i mod K; a few of them are analysed in full as well and
 * their records compared with the filled ones (printed). The warm open then reads, checks, hashes
 * and parses every record as it would real ones.
 * --warm-only: no cold open and no fill (the cache in --dir was filled by an earlier run).
 * --repeat R: R warm opens (each a new corpus and cache over the same storage), each printed.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AnalysisCache,
  analyzeArticle,
  createNerTagger,
  decodeArticleBytes,
  decodeRecord,
  encodeRecord,
  formatOf,
  hashBytes,
  InMemoryCacheStorage,
  InMemoryWorkspace,
  InThreadBackend,
  timeOpen,
  type CacheStorage,
  type EncodedRecord,
  type OpenPhase,
} from '../src/core';
import { NodeFsCacheStorage } from '../src/node/fsCacheStorage';
import { installRepoReportedModel } from '../src/node/reportedModel';
import { mulberry32 } from '../src/core/random';

const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const N = Number(opt('--articles') ?? 10_000);
const fillFrom = opt('--fill-from') !== undefined ? Number(opt('--fill-from')) : undefined;
const repeat = Number(opt('--repeat') ?? 1);
const root = resolve(__dirname, '..', '..');
const pool = readdirSync(join(root, 'seeds')).flatMap(f => readFileSync(join(root, 'seeds', f), 'utf8').split(/\n+/).filter(p => p.trim().length > 40));
const next = mulberry32(11);
const distinct = Math.min(N, fillFrom ?? N);
if (fillFrom !== undefined && (!args.includes('--entities') || !(distinct > 0) || distinct % 5 !== 0)) {
  console.error('--fill-from K needs --entities and K a positive multiple of 5 (the .md / .txt pattern)');
  process.exit(2);
}
// every article: a numbered title (fixed width, so article i and i mod K have the same length) and
// seed paragraphs; with --fill-from, the paragraphs of article i mod K
const bodies: string[] = [];
for (let i = 0; i < distinct; i++) {
  const paras = Array.from({ length: 8 + Math.floor(next() * 30) }, () => pool[Math.floor(next() * pool.length)]);
  bodies.push(`${paras[0].slice(0, 60)}\n\n${paras.join('\n\n')}\n`);
}
const numberOf = (i: number) => String(i).padStart(6, '0');
const uriOf = (i: number) => `file:///ws/${i}.${i % 5 === 0 ? 'md' : 'txt'}`;
const files: Record<string, string> = {};
let bytes = 0;
for (let i = 0; i < N; i++) {
  const text = `Article ${numberOf(i)}: ${bodies[i % distinct]}`;
  files[uriOf(i)] = text;
  bytes += text.length;
}

/** Fills the cache as described above (--fill-from); returns what it did, for the output. */
async function fill(storage: CacheStorage, backend: InThreadBackend, workspace: InMemoryWorkspace): Promise<string> {
  const t0 = performance.now();
  const cache = new AnalysisCache(storage);
  const base: { source: string; record: EncodedRecord }[] = [];
  const analyseFully = async (i: number) => {
    const res = await backend.analyze({ uri: uriOf(i), bytes: await workspace.readFile(uriOf(i)), maxBytes: Number.MAX_SAFE_INTEGER, entities: true });
    if (!res.ok || !res.record.detail) throw new Error(`article ${i}: ${res.ok ? 'no entities' : res.reason}`);
    return res.record;
  };
  const derived = async (i: number, b: Uint8Array): Promise<EncodedRecord> => {
    const from = base[i % distinct];
    const m = decodeRecord(from.source, from.record);
    const decoded = decodeArticleBytes(b);
    const analysis = analyzeArticle(decoded.text, { uri: uriOf(i), format: formatOf(uriOf(i)), warnings: decoded.warnings });
    // text copied from the title (a quote engine may read "Article 000012:" as a speaker and a cue)
    const renumber = <T>(x: T): T => JSON.parse(JSON.stringify(x).replaceAll(numberOf(i % distinct), numberOf(i))) as T;
    const plain = m.entities!.plain;
    return encodeRecord(analysis, { entities: renumber(plain.entities), mentions: renumber(plain.mentions) }, renumber(m.quotes!()));
  };
  for (let i = 0; i < N; i++) {
    const uri = uriOf(i);
    const b = await workspace.readFile(uri);
    let record: EncodedRecord;
    if (i < distinct) {
      record = await analyseFully(i);
      base.push({ source: files[uri], record });
    } else record = await derived(i, b);
    await cache.put(hashBytes(b, formatOf(uri) === 'markdown' ? 1 : 0), b.length, record);
  }
  await cache.flush();
  // the check: a few derived articles analysed in full, their records compared with the filled ones
  const sample = N > distinct ? [distinct, distinct + 1, Math.floor((distinct + N) / 2), N - 2, N - 1].filter((x, k, a) => x < N && a.indexOf(x) === k) : [];
  let same = 0;
  for (const i of sample) {
    const real = await analyseFully(i);
    const filled = await derived(i, await workspace.readFile(uriOf(i)));
    if (real.core === filled.core && real.entities === filled.entities && real.body === filled.body && real.detail === filled.detail) same++;
    else if (process.env.FILL_DEBUG) for (const k of ["core", "entities", "body", "detail"] as const) if (real[k] !== filled[k]) { let d = 0; while (real[k]![d] === filled[k]![d]) d++; console.error(i, k, real[k]!.slice(d - 80, d + 200), "\n---\n", filled[k]!.slice(d - 80, d + 200)); }
  }
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  return `filled in ${s} s from ${distinct} articles analysed in full (entities, quotes) and ${N - distinct} derived from them (title number changed, article model computed, entities and quotes reused with the number changed in their texts); ${same} of ${sample.length} derived records checked are identical to a full analysis`;
}

const fmt = (p: OpenPhase, cpu?: number) =>
  `${p.seconds.toFixed(2)} s${cpu !== undefined ? ` (CPU ${cpu.toFixed(2)} s)` : ''} (${p.fromCache} from cache, ${p.analysed} analysed)${p.indexSeconds !== undefined ? `; then the corpus entity index built in ${p.indexSeconds.toFixed(2)} s` : ''}`;

(async () => {
  const dir = opt('--dir') ?? (args.includes('--fs') ? mkdtempSync(join(tmpdir(), 'corroborate-cache-')) : undefined);
  const storage: CacheStorage = dir ? new NodeFsCacheStorage(dir) : new InMemoryCacheStorage();
  const backend = args.includes('--entities')
    ? new InThreadBackend(async () => {
        installRepoReportedModel(root);
        return createNerTagger(readFileSync(join(root, 'media', 'models', 'ner.bin')));
      })
    : undefined;
  const workspace = new InMemoryWorkspace(files);
  let how: string;
  let cold: OpenPhase | undefined;
  if (args.includes('--warm-only')) how = `cache in ${dir} filled by an earlier run`;
  else if (fillFrom !== undefined) how = await fill(storage, backend!, workspace);
  else {
    cold = (await timeOpen({ workspace, storage, backend })).phase;
    how = `cold open ${fmt(cold)}`;
  }
  const warm: { phase: OpenPhase; cpu: number }[] = [];
  for (let r = 0; r < repeat; r++) {
    const c0 = process.cpuUsage();
    const { phase } = await timeOpen({ workspace, storage, backend });
    const c = process.cpuUsage(c0);
    warm.push({ phase, cpu: (c.user + c.system) / 1e6 });
  }
  if (dir && !opt('--dir')) rmSync(dir, { recursive: true, force: true });
  const out = {
    articles: N,
    text_mb: bytes / 1e6,
    entities: !!backend,
    storage: dir ? 'node-fs' : 'memory',
    filled: how,
    cold_open_s: cold?.seconds ?? null,
    warm_open_s: warm[0].phase.seconds,
    warm_open_runs_s: warm.map(w => w.phase.seconds),
    warm_cpu_runs_s: warm.map(w => w.cpu),
    warm_index_build_runs_s: warm.map(w => w.phase.indexSeconds ?? null),
    warm_analysed: warm[0].phase.analysed,
    warm_from_cache: warm[0].phase.fromCache,
    warm_rejected: warm.map(w => w.phase.cache.rejectedShards + w.phase.cache.rejectedEntries),
  };
  if (args.includes('--json')) console.log(JSON.stringify(out));
  else {
    console.log(`${out.articles} articles (${out.text_mb.toFixed(1)} MB, ${out.entities ? 'model + entities + quotes' : 'article model'}), cache in ${out.storage}: ${how}`);
    warm.forEach((w, k) => console.log(`warm open ${k + 1}: ${fmt(w.phase, w.cpu)}${out.warm_rejected[k] ? `, ${out.warm_rejected[k]} rejected: ${w.phase.cache.lastProblem}` : ''}`));
  }
})();
