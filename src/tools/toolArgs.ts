/** Command-line options shared by the training tools: `--name value` pairs, flags, and where things are. */
import { resolve } from 'node:path';

export const args = process.argv.slice(2);

/** The value after `--name`, or undefined. */
export function option(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The repository (the tools run from out/tools/). */
export const root = resolve(__dirname, '..', '..');

/** The evaluation data: `--data DIR`, else $CORROBORATE_EVAL, else the shared folder of this machine. */
export const dataDir = option('data') ?? process.env.CORROBORATE_EVAL ?? '/work/shared/eval';
