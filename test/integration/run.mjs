// Integration tests in a real VS Code (code-server 4.139.1 = VS Code 1.139.1, driven by Debian's
// Chromium through playwright-core), for machines that cannot download desktop VS Code.
// `npm run test:integration` builds with esbuild and runs this file; it exits non-zero on any failure.
//
//   1. test/integration/tools.sh: chromium, Node 24 and code-server (cached in ~/.cache/corroborate-vscode)
//   2. vsce package --no-dependencies → <scratch>/corroborate.vsix
//   3. throwaway copies of seeds/ as workspaces
//   4. in-process mocha suites (out/test/integration/suite/index.js) in the extension host of a
//      code-server started with the smoke-test driver, through the ?payload= URL
//   5. ui.mjs: the packaged extension in a plain code-server, clicked like a person; screenshot
//      out/test/integration/screenshots/ (CORROBORATE_UPDATE_SHOTS=1: media/screenshots/)
//
// Environment: CORROBORATE_SKIP_UI=1 skips step 5; CORROBORATE_UPDATE_SHOTS=1 replaces the committed
// screenshots in media/screenshots/ (otherwise they stay in out/test/integration/screenshots/).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import {
  CHROMIUM, CHROMIUM_ARGS, REPO, browserEnv, copySeeds, ensureTools, log, makeScratch, packageVsix, startCodeServer, tail, withTimeout,
} from './codeServer.mjs';
import { runUi } from './ui.mjs';

const WATCHDOG_MS = 9.5 * 60_000;   // the whole run, tools install included
const IN_PROCESS_MS = 4 * 60_000;   // from page load to the extension host's exit code
const t0 = Date.now();
// Harmless lines the extension host forwards besides mocha's (remote connection setup, offline marketplace).
const NOISE = /ENOTFOUND|Timed out waiting for authentication provider|^(Resolving|Resolved) connection token|^Creating a socket|^Updating additional builtin extensions cache/;
const seconds = () => ((Date.now() - t0) / 1000).toFixed(1);

const watchdog = setTimeout(() => {
  console.log(`integration: watchdog fired after ${WATCHDOG_MS / 60_000} min; stopping`);
  console.log('integration: 0 passed, 1 failed');
  process.exit(1); // the exit hook in codeServer.mjs kills code-server groups and removes scratch folders
}, WATCHDOG_MS);
watchdog.unref();

/** Runs the mocha suites in code-server's extension host; resolves { passed, failed, exitCode }. */
async function runInProcess({ tools, scratch }) {
  const extTests = path.join(REPO, 'out', 'test', 'integration', 'suite', 'index');
  for (const f of [path.join(REPO, 'out', 'extension.js'), `${extTests}.js`]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(REPO, f)} is missing: run \`node esbuild.mjs\` first`);
  }
  const ws = copySeeds(fs.mkdtempSync(path.join(scratch, 'ws-api-')));
  const cs = await startCodeServer({ tools, scratch, folder: ws, smokeTestDriver: true, name: 'cs-api' });
  log(`code-server (smoke-test driver) on ${cs.authority}`);
  // The smoke-test driver makes the web client honour ?payload=[[extensionDevelopmentPath,…],[extensionTestsPath,…]].
  const remote = p => `vscode-remote://${cs.authority}${p}`;
  const payload = [['extensionDevelopmentPath', remote(REPO)], ['extensionTestsPath', remote(extTests)]];
  const url = `http://${cs.authority}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  let passed = null, failed = null, exitCode, browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: browserEnv(scratch), timeout: 60_000 });
    const page = await browser.newPage();
    let exit;
    const done = new Promise(r => { exit = r; });
    await page.exposeFunction('codeAutomationExit', code => exit(code)); // called when the extension host's run() settles
    // Extension-host console output arrives as ('%c INFO', css, fmt, ...args); workbench chatter starts with '[Component]'.
    let chain = Promise.resolve();
    page.on('console', m => {
      chain = chain.then(async () => {
        let a = await Promise.all(m.args().map(x => x.jsonValue().catch(() => '?')));
        if (typeof a[0] !== 'string' || !a[0].startsWith('%c')) return;
        a = a.slice(2);
        const line = format(...a);
        if (/^\[[A-Za-z]/.test(line) || NOISE.test(line)) return;
        const m2 = /^(\d+) passed, (\d+) failed\s*$/.exec(line.trim());
        if (m2) { passed = Number(m2[1]); failed = Number(m2[2]); }
        console.log(line);
      });
    });
    page.on('pageerror', e => console.log(`page error: ${String(e).split('\n')[0]}`));
    await page.goto(url, { timeout: 60_000 });
    exitCode = await Promise.race([done, new Promise(r => setTimeout(() => r('timeout'), IN_PROCESS_MS))]);
    await new Promise(r => setTimeout(r, 300)); // let the last forwarded lines arrive
    await withTimeout(chain, 5_000, 'console forwarding').catch(() => {});
    log(`extension host exit code: ${exitCode}`);
  } finally {
    if (browser) await withTimeout(browser.close(), 10_000, 'browser close').catch(() => {});
    await cs.stop();
  }
  if (exitCode === 'timeout') {
    console.log(`in-process tests timed out after ${IN_PROCESS_MS / 1000}s; code-server log tail:\n${tail(cs.logFile, 30)}`);
  }
  if (passed === null) { passed = 0; failed = 1; console.log('no "N passed, M failed" line from the extension host'); }
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { passed, failed, exitCode };
}

async function main() {
  log('integration: tools (test/integration/tools.sh)');
  const tools = await ensureTools();
  const scratch = makeScratch();
  process.env.TMPDIR = scratch; // chromium, vsce and friends leave their temporaries here too
  log(`tools: ${tools}; scratch: ${scratch}`);

  log('vsce package');
  const { vsix, warnings } = await packageVsix(scratch);
  for (const w of warnings) console.log(`vsce: ${w.trim()}`);
  log(`packaged ${path.basename(vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB)`);

  let passed = 0, failed = 0;
  log('in-process suites (vscode API, extension host of code-server)');
  try {
    const r = await runInProcess({ tools, scratch });
    passed += r.passed; failed += r.failed;
    console.log(`in-process: ${r.passed} passed, ${r.failed} failed`);
  } catch (e) {
    failed++;
    console.log(`in-process: FAIL ${e.message}`);
    console.log('in-process: 0 passed, 1 failed');
  }

  if (process.env.CORROBORATE_SKIP_UI === '1') {
    log('ui: skipped (CORROBORATE_SKIP_UI=1)');
  } else {
    log('ui run (packaged extension, plain code-server)');
    try {
      const r = await runUi({ tools, scratch, vsix, updateScreenshot: process.env.CORROBORATE_UPDATE_SHOTS === '1' });
      passed += r.passed; failed += r.failed;
      console.log(`ui: ${r.passed} passed, ${r.failed} failed`);
    } catch (e) {
      failed++;
      console.log(`ui: FAIL ${e.message}`);
      console.log('ui: 0 passed, 1 failed');
    }
  }
  console.log(`integration wall time: ${seconds()} s`);
  console.log(`integration: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  code => process.exit(code),
  err => {
    console.log(`integration: ${err?.stack ?? err}`);
    console.log(`integration wall time: ${seconds()} s`);
    console.log('integration: 0 passed, 1 failed');
    process.exit(1);
  },
);
