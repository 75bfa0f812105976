/**
 * Crash test: writer processes (test/unit/fixtures/annotationWriter.ts, bundled here with the
 * esbuild binary) are killed with SIGKILL at random moments while they save; two run at once on
 * the same store file. Afterwards the store always parses and holds every annotation whose save
 * had returned (and none whose removal had returned).
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnnotationStore, parseStore, type StoreProblem } from '../../src/core/annotations';
import { NodeAnnotationFs } from '../../src/cli/annotationFs';
import { ROOT, seeds } from './helpers';

const TARGET_SAVES = 1000;

interface RunResult {
  lines: string[];
  killed: boolean;
  stderr: string;
}

function runWriter(script: string, root: string, name: string, seed: number, killAfterMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, root, name, '100000', String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    // killed at a random moment after it is ready (or, for a negative delay, during start-up and load)
    let timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs < 0 ? -killAfterMs : 60000);
    child.stdout.once('data', () => {
      if (killAfterMs < 0) return;
      clearTimeout(timer);
      timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // only complete lines: a line cut by the kill was not reported
      const lines = out.split('\n').slice(0, -1);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`writer exited with ${code}: ${err}`));
      else resolve({ lines, killed: signal === 'SIGKILL', stderr: err });
    });
  });
}

describe('annotations: crash safety', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'corroborate-crash-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`SIGKILL at random moments during ${TARGET_SAVES} saves by two writers: the store always parses and keeps every returned save`, async () => {
    const t0 = Date.now();
    const script = join(dir, 'annotationWriter.js');
    const esbuildBin = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'esbuild.cmd' : 'esbuild');
    execFileSync(esbuildBin, [join(ROOT, 'test/unit/fixtures/annotationWriter.ts'), '--bundle', '--platform=node', '--format=cjs', '--target=node20', `--outfile=${script}`, '--log-level=warning']);
    const root = join(dir, 'ws');
    const storeFile = join(root, '.corroborate', 'annotations', 'article.txt.jsonld');
    execFileSync('mkdir', ['-p', root]);
    const text = seeds()[0].text;
    writeFileSync(join(root, 'article.txt'), text);

    const saved = new Set<string>();
    const removing = new Set<string>();
    const removed = new Set<string>();
    let runs = 0;
    let kills = 0;
    let saves = 0;
    let seed = 1;
    let tempsRecovered = 0;
    let tempsDropped = 0;
    let checks = 0;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
    while (saves < TARGET_SAVES) {
      // two writers at once, each killed 0–1200 ms after it is ready (one run in ten during start-up or the first load)
      const results = await Promise.all(['A', 'B'].map(name => runWriter(script, root, name, seed++ * 7919, rand() < 0.1 ? -Math.floor(50 + rand() * 300) : Math.floor(rand() * 1200))));
      for (const r of results) {
        runs++;
        if (r.killed) kills++;
        tempsRecovered += (r.stderr.match(/temp-file recovered=true/g) ?? []).length;
        tempsDropped += (r.stderr.match(/temp-file recovered=false/g) ?? []).length;
        for (const line of r.lines) {
          const [what, id] = line.split(' ');
          if (what === 'ready') continue;
          if (what === 'saved') {
            saves++;
            saved.add(id);
          } else if (what === 'removing') removing.add(id);
          else if (what === 'removed') {
            saves++;
            removed.add(id);
          }
        }
      }
      // after every round: the store file parses and holds every returned save
      if (existsSync(storeFile)) {
        const parsed = parseStore(readFileSync(storeFile));
        assert.deepEqual(parsed.errors, []);
        const live = new Set(parsed.records.filter(r => r.kind === 'live').map(r => (r.kind === 'live' ? r.annotation.id : '')));
        for (const id of saved) if (!removing.has(id)) assert.ok(live.has(id), `saved annotation ${id} missing after a crash`);
        for (const id of removed) assert.ok(!live.has(id), `removed annotation ${id} came back`);
        checks++;
      }
    }
    const problems: StoreProblem[] = [];
    const store = new AnnotationStore(new NodeAnnotationFs(root), { onProblem: p => problems.push(p) });
    const all = new Set((await store.load('article.txt')).map(a => a.id));
    assert.deepEqual(problems.filter(p => p.kind === 'corrupt' || p.kind === 'invalid-item'), []);
    let missing = 0;
    for (const id of saved) if (!removing.has(id) && !all.has(id)) missing++;
    for (const id of removed) assert.ok(!all.has(id), `removed ${id} is back`);
    assert.equal(missing, 0);
    const leftovers = readdirSync(join(root, '.corroborate', 'annotations')).filter(n => n !== 'article.txt.jsonld');
    assert.equal(readFileSync(join(root, 'article.txt'), 'utf8'), text, 'the article is never written');
    console.log(`      crash test: ${runs} writer runs, ${kills} SIGKILLs, ${saves} returned saves (${saved.size} adds, ${removed.size} removals), ${all.size} annotations in the store, ${checks} checks after kills, 0 missing; temp files of killed saves merged ${tempsRecovered}, unreadable removed ${tempsDropped}; left in the folder: ${leftovers.length ? leftovers.join(', ') : 'nothing'}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });
});
