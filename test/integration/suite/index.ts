// Mocha entry point in the shape @vscode/test-electron (and code-server's smoke-test driver) expects:
// the extension host loads this file and awaits run(). It runs every *.test.js beside it (TDD UI)
// and ends with a plain "N passed, M failed" line that test/integration/run.mjs reads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { runMocha } from '../../shared/runMocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 30_000, slow: 5_000, forbidOnly: !!process.env.CI });
  const files = fs.readdirSync(__dirname).filter(f => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return runMocha(done => mocha.run(done));
}
