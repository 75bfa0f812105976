// Runs a mocha instance (Node's or the browser build) and ends with a plain "N passed, M failed"
// line that the drivers read.
interface Runner {
  stats?: { passes: number };
}

export function runMocha(run: (done: (failures: number) => void) => Runner): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      const runner = run(failures => {
        console.log(`${runner.stats?.passes ?? 0} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
        else resolve();
      });
    } catch (e) {
      console.error(e);
      console.log('0 passed, 1 failed');
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
