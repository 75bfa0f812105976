/**
 * Measures how long the extension host's event loop is blocked: a timer asks to run every
 * `intervalMs`; how late it runs is how long something else held the thread. Works wherever
 * `setTimeout` does (Node and the browser).
 */
export class LagMonitor {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The longest delay seen (ms) beyond the interval since the last reset. */
  maxLagMs = 0;
  samples = 0;

  constructor(private readonly intervalMs = 10) {}

  start(): void {
    if (this.timer) return;
    let expected = performance.now() + this.intervalMs;
    const tick = () => {
      const now = performance.now();
      const lag = now - expected;
      if (lag > this.maxLagMs) this.maxLagMs = lag;
      this.samples++;
      expected = now + this.intervalMs;
      this.timer = setTimeout(tick, this.intervalMs);
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  reset(): void {
    this.maxLagMs = 0;
    this.samples = 0;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
