// `npm start` (after the esbuild build): opens seeds/ in VS Code with this extension loaded, for a person.
//   1. `code` on PATH           → code --extensionDevelopmentPath=<repo> <repo>/seeds
//   2. else a downloadable VS Code (@vscode/test-electron, cached in .vscode-test/) → the same arguments
//   3. else code-server in the browser: tools.sh, the packaged .vsix installed in a throwaway profile,
//      127.0.0.1 on a free port (or $PORT); prints the URL and runs until Ctrl-C, then cleans up.
// CORROBORATE_START=code|electron|code-server forces one of them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO, SEEDS, ensureTools, log, makeScratch, onPath, packageVsix, startCodeServer, tail, withTimeout,
} from './codeServer.mjs';

const force = process.env.CORROBORATE_START ?? '';
const devArgs = [`--extensionDevelopmentPath=${REPO}`, SEEDS];

if (!fs.existsSync(path.join(REPO, 'out', 'extension.js'))) {
  console.error('out/extension.js is missing: run `node esbuild.mjs` first (npm start does).');
  process.exit(1);
}

/** Runs a desktop VS Code until it exits; resolves its exit code. */
function runDesktop(exe, args) {
  log(`${exe} ${args.join(' ')}`);
  return new Promise(resolve => {
    const child = spawn(exe, args, { stdio: 'inherit' });
    child.on('error', e => { console.error(String(e)); resolve(1); });
    child.on('exit', code => resolve(code ?? 1));
  });
}

async function tryElectron() {
  try {
    const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
    log('looking for a downloadable VS Code (@vscode/test-electron)…');
    // Offline machines fail at the version lookup within a second or two; cap it anyway.
    const exe = await withTimeout(downloadAndUnzipVSCode({ version: 'stable', timeout: 15_000 }), 5 * 60_000, 'VS Code download');
    return exe && fs.existsSync(exe) ? exe : null;
  } catch (e) {
    log(`no desktop VS Code download (${String(e?.message ?? e).split('\n')[0]})`);
    return null;
  }
}

async function codeServer() {
  log('starting code-server (browser VS Code) …');
  const tools = await ensureTools();
  const scratch = makeScratch('corr-start-');
  process.env.TMPDIR = scratch;
  const { vsix } = await packageVsix(scratch);
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  const cs = await startCodeServer({ tools, scratch, folder: SEEDS, vsix, port, name: 'cs-start' });
  const line = '-'.repeat(72);
  console.log(`\n${line}\n  Corroborate in VS Code (code-server) is running. Open in a browser:\n\n    ${cs.url}\n\n` +
    `  Workspace: ${SEEDS}\n  Press Ctrl-C to stop.\n${line}\n`);
  // Runs until Ctrl-C (the exit hook in codeServer.mjs kills code-server and removes the scratch folder)
  // or until code-server exits on its own.
  const code = await new Promise(resolve => cs.child.on('exit', c => resolve(c ?? 1)));
  console.log(`code-server exited (${code}); log tail:\n${tail(cs.logFile, 20)}`);
  return 1;
}

async function main() {
  if (force === 'code' || (!force && onPath('code'))) return runDesktop('code', devArgs);
  if (force === 'electron' || !force) {
    const exe = await tryElectron();
    if (exe) return runDesktop(exe, devArgs);
    if (force === 'electron') return 1;
  }
  return codeServer();
}

main().then(code => process.exit(code), e => { console.error(e?.stack ?? e); process.exit(1); });
