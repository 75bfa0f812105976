/**
 * Runs extension code against the `vscode` stub, in a process of its own (so a bundle's load is
 * cold), and prints one JSON line:
 *   node out/bench/vscodeHost.js activation BUNDLE ROOT [open] — load the bundle, call activate()
 *     (and say whether that loaded the analysis core); `open`: with an article already open in an editor
 *   node out/bench/vscodeHost.js edit ROOT               — bench/editLatency.ts
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { installVscodeStub, StubDocument, stubContext, stubEditor, visibleTextEditors } from './vscodeStub';

async function main(): Promise<void> {
  const [mode, a, b, variant] = process.argv.slice(2);
  installVscodeStub();
  if (mode === 'activation') {
    if (variant === 'open') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the stub, installed above
      const vscode = require('vscode') as typeof import('vscode');
      visibleTextEditors.push(stubEditor(new StubDocument(vscode.Uri.file(join(b, 'open-article.txt')) as never, 'Talks resume\n\n"We will meet again," the minister said on Monday.\n')));
    }
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is loaded at run time, after the stub
    const ext = require(a) as { activate(c: unknown): unknown };
    const t1 = performance.now();
    ext.activate(stubContext(b));
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    // whether activation loaded the analysis core (out/core.js beside the main file) after all
    const coreLoaded = Object.keys(require.cache).some(f => f.endsWith(`${sep}core.js`));
    // what the first use (the Articles tree's first fill, highlights) pays on top: loading the core
    const t3 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the core file beside the bundle, as lazyCore.ts loads it
    if (existsSync(join(dirname(a), 'core.js'))) require(join(dirname(a), 'core.js'));
    const coreMs = coreLoaded ? 0 : performance.now() - t3;
    process.stdout.write(JSON.stringify({ load_ms: t1 - t0, activate_ms: t2 - t1, cpu_ms: (c.user + c.system) / 1000, core_loaded: coreLoaded ? 1 : 0, core_load_ms: coreMs }) + '\n');
    process.exit(0);
  } else if (mode === 'edit') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded after the stub
    const edit = require(join(__dirname, 'editLatency.js')) as typeof import('./editLatency');
    process.stdout.write(JSON.stringify(await edit.run(a)) + '\n');
    process.exit(0);
  } else throw new Error(`unknown mode ${mode}`);
}

main().catch(e => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
