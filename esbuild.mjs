// Bundles the extension, the CLI, the tests and the benchmarks with esbuild (CommonJS output,
// `vscode` external). unified/remark-parse are ESM-only, so everything that runs goes through here.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
const only = (args.find(a => a.startsWith('--only=')) ?? '').slice('--only='.length);
// --outdir=DIR: the extension (and its core) written to DIR instead of out/ (the benchmark's production copy)
const extensionOutdir = (args.find(a => a.startsWith('--outdir=')) ?? '--outdir=out').slice('--outdir='.length);

function files(dir, re) {
  const out = [];
  let names;
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, re));
    else if (re.test(name)) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  external: ['vscode'],
  logLevel: 'warning',
  legalComments: 'none',
  // Node 20 and VS Code's Electron read \p{…} in regular expressions: without this, esbuild writes
  // each such literal as `new RegExp(…)`, built again at every evaluation (in hot loops of the analysis)
  supported: { 'regexp-unicode-property-escapes': true },
};

// The extension's analysis core is a file of its own, out/core.js, loaded on first use (src/lazyCore.ts):
// in the extension build, src/coreApi.ts is not bundled in but required as ./core.js.
const coreAsFile = {
  name: 'core-as-file',
  setup(build) {
    build.onResolve({ filter: /^\.\/coreApi$/ }, () => ({ path: './core.js', external: true }));
  },
};
const hostBundle = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
  // the web extension host is a Web Worker: no DOM (the "worker" export of micromark's entity decoder)
  conditions: ['worker'],
  external: ['vscode', 'node:worker_threads'],
  outdir: extensionOutdir,
};

const builds = {
  // the extension, one bundle for the desktop and the web extension host (package.json "main" and
  // "browser"): built for the browser, no Node built-ins (worker_threads is asked for at run time);
  // what activate() needs only, the analysis core beside it in out/core.js
  extension: { ...hostBundle, entryPoints: { extension: 'src/extension.ts' }, plugins: [coreAsFile] },
  core: { ...hostBundle, entryPoints: { core: 'src/coreApi.ts' } },
  // the analysis worker, one script for both hosts: a Node worker thread (desktop) or a Web Worker (web)
  worker: {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    conditions: ['worker'],
    external: ['node:worker_threads'],
    entryPoints: { worker: 'src/worker/entry.ts' },
    outdir: 'out',
  },
  cli: { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'out', banner: { js: '#!/usr/bin/env node' } },
  unit: { ...common, entryPoints: files('test/unit', /\.test\.ts$/), outdir: 'out/test/unit', outbase: 'test/unit', external: ['vscode', 'mocha'] },
  integration: {
    ...common,
    entryPoints: [...files('test/integration/suite', /\.ts$/), 'test/integration/runElectron.ts'].filter(f => statSync(f, { throwIfNoEntry: false })),
    outdir: 'out/test/integration', outbase: 'test/integration', external: ['vscode', 'mocha', '@vscode/test-electron'],
  },
  bench: { ...common, entryPoints: files('bench', /\.ts$/), outdir: 'out/bench', outbase: 'bench' },
  // the Compare sources webview: a browser script, plus its CSS and the codicon font copied beside it
  webview: { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { compare: 'media/compare/main.ts' }, outdir: 'out/webview' },
  // developer tools (model training and the like): never shipped
  tools: { ...common, entryPoints: files('src/tools', /\.ts$/), outdir: 'out/tools', outbase: 'src/tools' },
};

const selected = only ? only.split(',') : production ? ['extension', 'core', 'worker', 'cli', 'webview'] : Object.keys(builds);
if (selected.includes('webview')) {
  mkdirSync('out/webview', { recursive: true });
  copyFileSync('media/compare/compare.css', 'out/webview/compare.css');
  copyFileSync('node_modules/@vscode/codicons/dist/codicon.css', 'out/webview/codicon.css');
  copyFileSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'out/webview/codicon.ttf');
}
const t0 = Date.now();
for (const name of selected) {
  const options = builds[name];
  if (!options) throw new Error(`unknown build "${name}" (have: ${Object.keys(builds).join(', ')})`);
  const entries = Array.isArray(options.entryPoints) ? options.entryPoints : Object.values(options.entryPoints);
  if (entries.length === 0) continue;
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}
if (!watch) console.error(`esbuild: ${selected.join(', ')} built in ${Date.now() - t0} ms`);
