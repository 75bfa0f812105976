// Entry point of the web suites: @vscode/test-web loads this bundle in the web extension host and
// awaits run(). test/web/run.mjs reads mocha's summary ("N passing", "M failing").
import './setup';
import './web.test';
import { runMocha } from '../../shared/runMocha';

export function run(): Promise<void> {
  const m = (globalThis as unknown as { mocha: { run(cb: (failures: number) => void): { stats?: { passes: number } } } }).mocha;
  return runMocha(done => m.run(done));
}
