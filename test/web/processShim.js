// `process` for code in the browser test bundle that reads it (mocha, assert).
import process from 'process';
export { process };
