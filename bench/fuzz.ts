/**
 * npm run fuzz — hostile input through the whole core (test/hostile/pipeline.ts): the explicit
 * catastrophic cases at full size, then fast-check runs of generated and mutated articles.
 * Prints counts and times; exits 1 when an input throws or one of up to 100 KB takes more than 1 s
 * of CPU time (CPU time, not wall-clock, so that other jobs on a shared machine do not count; both
 * are printed).
 *   npm run fuzz -- [--runs 100000] [--seed N] [--workers N] [--max-slice 1500] [--max-paragraphs 3] [--limit-ms 1000] [--dump DIR] [--skip-explicit] [--only-explicit] [--case REGEX] [--scale F] [--json]
 * (--case picks explicit cases by name; --scale shrinks them, 0.1 = a tenth of the sizes the issue names)
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { explicitCases, HostilePipeline, hostileInputArb, loadTagger, seedTexts, type HostileInput } from '../test/hostile/pipeline';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const runs = opt('runs', 100_000);
const seed = opt('seed', 20250101);
const workers = opt('workers', 1);
/** Size of the generated articles before mutation: slices of up to this many characters, mixes of up to this many paragraphs. */
const maxSlice = opt('max-slice', 1500);
const maxParagraphs = opt('max-paragraphs', 3);
const asJson = args.includes('--json') || args.includes('--generated-json');
const scale = opt('scale', 1);
const caseIndex = args.indexOf('--case');
const casePattern = caseIndex >= 0 ? new RegExp(args[caseIndex + 1], 'i') : undefined;
const LIMIT_CHARS = 100 * 1024;
const LIMIT_MS = opt('limit-ms', 1000);
/** --dump DIR: inputs over the bound are written there (content and format), to replay them. */
const dumpIndex = args.indexOf('--dump');
const dumpDir = dumpIndex >= 0 ? args[dumpIndex + 1] : undefined;

const seeds = seedTexts();
const tagger = loadTagger();
const pipeline = new HostilePipeline(tagger);
const log = (s: string) => {
  if (!asJson) console.log(s);
};

interface CaseFigure { name: string; format: string; chars: number; ms: number; cpu_ms: number; kb_per_s: number; refused?: string; error?: string }
const explicit: CaseFigure[] = [];
let failures = 0;

if (!args.includes('--skip-explicit')) {
  log('Explicit cases (each as plain text and as Markdown):');
  for (const c of explicitCases(seeds, scale).filter(x => !casePattern || casePattern.test(x.name))) {
    const content = c.make();
    for (const format of ['txt', 'md'] as const) {
      try {
        const r = pipeline.run({ content, format });
        const fig: CaseFigure = { name: c.name, format, chars: r.chars, ms: r.ms, cpu_ms: r.cpuMs, kb_per_s: r.chars / 1024 / (r.cpuMs / 1000), ...(r.refused ? { refused: r.refused } : {}) };
        explicit.push(fig);
        // the rate the issue sets (100 KB in 1 s), at any size
        const slow = r.cpuMs > LIMIT_MS * Math.max(1, r.chars / LIMIT_CHARS);
        if (slow) failures++;
        log(`  ${slow ? 'SLOW' : 'ok  '} ${c.name.padEnd(58)} ${format}  ${(r.chars / 1e6).toFixed(2).padStart(5)} M chars  ${r.cpuMs.toFixed(0).padStart(6)} ms CPU (${r.ms.toFixed(0)} ms wall)${r.refused ? `  (refused: ${r.refused})` : ''}`);
      } catch (e) {
        failures++;
        explicit.push({ name: c.name, format, chars: 0, ms: 0, cpu_ms: 0, kb_per_s: 0, error: String((e as Error).stack ?? e) });
        log(`  THROW ${c.name} ${format}: ${String((e as Error).stack ?? e).slice(0, 2000)}`);
      }
    }
  }
}

interface GeneratedFigures {
  runs: number;
  seeds: number[];
  refused: number;
  throws: number;
  under10k: number;
  under100k: number;
  over100k: number;
  largest: number;
  chars: number;
  maxCpuMs: number;
  maxCpuMsChars: number;
  maxCpuMsUpTo100k: number;
  maxWallMs: number;
  maxGroupsMs: number;
  over: number;
  failed: boolean;
  firstFailure?: string;
}

/** fast-check runs in this process. */
function generated(n: number, s: number): GeneratedFigures {
  const g: GeneratedFigures = { runs: 0, seeds: [s], refused: 0, throws: 0, under10k: 0, under100k: 0, over100k: 0, largest: 0, chars: 0, maxCpuMs: 0, maxCpuMsChars: 0, maxCpuMsUpTo100k: 0, maxWallMs: 0, maxGroupsMs: 0, over: 0, failed: false };
  const t0 = performance.now();
  const property = fc.property(hostileInputArb(seeds, maxSlice, maxParagraphs), (input: HostileInput) => {
    let r;
    try {
      r = pipeline.run(input);
    } catch (e) {
      g.throws++;
      g.firstFailure ??= String((e as Error).stack ?? e).slice(0, 2000);
      throw e;
    }
    g.runs++;
    if (r.refused) g.refused++;
    g.chars += r.chars;
    g.largest = Math.max(g.largest, r.chars);
    if (r.chars < 10_000) g.under10k++;
    else if (r.chars <= LIMIT_CHARS) g.under100k++;
    else g.over100k++;
    g.maxWallMs = Math.max(g.maxWallMs, r.ms);
    g.maxGroupsMs = Math.max(g.maxGroupsMs, r.groupsMs ?? 0);
    if (r.cpuMs > g.maxCpuMs) {
      g.maxCpuMs = r.cpuMs;
      g.maxCpuMsChars = r.chars;
    }
    if (r.chars <= LIMIT_CHARS) {
      g.maxCpuMsUpTo100k = Math.max(g.maxCpuMsUpTo100k, r.cpuMs);
      if (r.cpuMs > LIMIT_MS) {
        g.over++;
        g.firstFailure ??= `${r.cpuMs.toFixed(0)} ms CPU on ${r.chars} chars`;
        if (dumpDir) {
          mkdirSync(dumpDir, { recursive: true });
          writeFileSync(join(dumpDir, `slow-${s}-${g.runs}.${input.format}`), input.content);
        }
      }
    }
    if (g.runs % 2000 === 0) {
      // progress: a line for people, and in a worker the figures so far (on stderr, so a run cut short still tells)
      if (!asJson) console.log(`  ${g.runs} inputs, ${((performance.now() - t0) / 1000).toFixed(0)} s, slowest ${g.maxCpuMs.toFixed(0)} ms CPU`);
      else process.stderr.write(`progress ${JSON.stringify(g)}\n`);
    }
  });
  const out = fc.check(property, { numRuns: n, seed: s, endOnFailure: true });
  if (out.failed) {
    g.failed = true;
    g.firstFailure = `after ${out.numRuns} runs (seed ${out.seed}, path ${out.counterexamplePath}): ${g.firstFailure}`;
  }
  return g;
}

/** The same in `workers` child processes (seeds seed, seed+1, …), summed. */
function inWorkers(n: number, s: number, workers: number): Promise<GeneratedFigures> {
  const per = Math.ceil(n / workers);
  const runs = Array.from({ length: workers }, (_, i) =>
    new Promise<GeneratedFigures>((resolve, reject) => {
      const child = execFile(process.execPath, [__filename, '--skip-explicit', '--generated-json', '--runs', String(Math.min(per, n - i * per)), '--seed', String(s + i), '--max-slice', String(maxSlice), '--max-paragraphs', String(maxParagraphs), '--limit-ms', String(LIMIT_MS), ...(dumpDir ? ['--dump', dumpDir] : [])], { maxBuffer: 1 << 24 }, (err, stdout) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve(JSON.parse(line) as GeneratedFigures);
        } catch {
          reject(err ?? new Error(`worker ${i} printed no figures`));
        }
      });
      child.stderr?.pipe(process.stderr);
    }),
  );
  return Promise.all(runs).then(all =>
    all.reduce((a, b) => ({
      runs: a.runs + b.runs,
      seeds: [...a.seeds, ...b.seeds],
      refused: a.refused + b.refused,
      throws: a.throws + b.throws,
      under10k: a.under10k + b.under10k,
      under100k: a.under100k + b.under100k,
      over100k: a.over100k + b.over100k,
      largest: Math.max(a.largest, b.largest),
      chars: a.chars + b.chars,
      maxCpuMs: Math.max(a.maxCpuMs, b.maxCpuMs),
      maxCpuMsChars: a.maxCpuMs >= b.maxCpuMs ? a.maxCpuMsChars : b.maxCpuMsChars,
      maxCpuMsUpTo100k: Math.max(a.maxCpuMsUpTo100k, b.maxCpuMsUpTo100k),
      maxWallMs: Math.max(a.maxWallMs, b.maxWallMs),
      maxGroupsMs: Math.max(a.maxGroupsMs, b.maxGroupsMs),
      over: a.over + b.over,
      failed: a.failed || b.failed,
      ...(a.firstFailure ?? b.firstFailure ? { firstFailure: a.firstFailure ?? b.firstFailure } : {}),
    })),
  );
}

async function main(): Promise<void> {
  let g: GeneratedFigures | undefined;
  const t0 = performance.now();
  if (!args.includes('--only-explicit') && runs > 0) {
    log(`Generated and mutated articles (seed ${seed}${workers > 1 ? ` … ${seed + workers - 1}, ${workers} processes` : ''}, ${runs} runs):`);
    g = workers > 1 ? await inWorkers(runs, seed, workers) : generated(runs, seed);
    if (args.includes('--generated-json')) {
      process.stdout.write(JSON.stringify(g) + '\n');
      return;
    }
    if (g.failed || g.over) failures++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const summary = { generated: g ? { ...g, seconds, total_mb: g.chars / 1e6 } : null, explicit, failures };
  if (asJson) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else if (g) {
    console.log(
      `  ${g.runs} inputs (${g.under10k} under 10 K chars, ${g.under100k} of 10–100 K, ${g.over100k} over 100 K; largest ${g.largest}), ` +
        `${(g.chars / 1e6).toFixed(1)} M chars in ${seconds.toFixed(0)} s; ${g.refused} refused as binary; ${g.throws} threw; ` +
        `slowest ${g.maxCpuMs.toFixed(0)} ms CPU (${g.maxCpuMsChars} chars; slowest wall-clock ${g.maxWallMs.toFixed(0)} ms); slowest up to 100 KB ${g.maxCpuMsUpTo100k.toFixed(0)} ms CPU; ${g.over} over ${LIMIT_MS} ms CPU; ` +
        `compare groups of the last ${4} articles every 8 inputs: slowest ${g.maxGroupsMs.toFixed(0)} ms`,
    );
    if (g.firstFailure) console.log(`  first failure: ${g.firstFailure}`);
  }
  if (!asJson) console.log(failures ? `${failures} failure(s)` : 'no failure');
  process.exitCode = failures ? 1 : 0;
}

void main();
