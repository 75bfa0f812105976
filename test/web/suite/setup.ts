// The browser build of mocha (the web extension host is a Web Worker: no require, no fs).
import 'mocha/mocha';

(globalThis as unknown as { mocha: { setup(o: object): void } }).mocha.setup({ ui: 'tdd', reporter: undefined, timeout: 60_000, slow: 5_000 });
