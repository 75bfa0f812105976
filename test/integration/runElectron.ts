// Runs the in-process suites (test/integration/suite) in a downloaded desktop VS Code via
// @vscode/test-electron, for machines that can reach update.code.visualstudio.com.
// `npm run test:electron` bundles this to out/test/integration/runElectron.js and runs it.
// (Machines without that access use test/integration/run.mjs, which runs the same suites in code-server.)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  // Bundled to out/test/integration/runElectron.js: the repo root is three levels up.
  const repo = path.resolve(__dirname, '..', '..', '..');
  const extensionTestsPath = path.join(repo, 'out', 'test', 'integration', 'suite', 'index.js');
  if (!fs.existsSync(extensionTestsPath)) {
    console.error(`${extensionTestsPath} is missing: run \`node esbuild.mjs\` first`);
    return 1;
  }
  // Open a throwaway copy of seeds/ so the tests never write into the repo.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'corr-electron-'));
  const workspace = path.join(scratch, 'seeds');
  fs.cpSync(path.join(repo, 'seeds'), workspace, { recursive: true });
  const t0 = Date.now();
  try {
    await runTests({
      extensionDevelopmentPath: repo,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
        `--user-data-dir=${path.join(scratch, 'user-data')}`],
    });
    console.log(`electron integration: passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return 0;
  } catch (err) {
    console.error(`electron integration: failed after ${((Date.now() - t0) / 1000).toFixed(1)} s:`, err instanceof Error ? err.message : err);
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(code => process.exit(code), err => { console.error(err); process.exit(1); });
