/** Command-line words for the CLI's commands: positional arguments and `--name value` options. */

/** A bad command line: the message is shown with the usage. */
export class UsageError extends Error {}

export interface Parsed {
  positional: string[];
  flags: Map<string, string>;
}

/**
 * Splits `argv` into positional arguments, the options named in `valued` (each takes a value) and
 * the switches named in `switches` (no value; present in `flags` with the value "true").
 */
export function parseArgs(argv: string[], valued: string[], switches: string[] = []): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (switches.includes(name) && eq < 0) {
        flags.set(name, 'true');
        continue;
      }
      if (!valued.includes(name)) throw new UsageError(`unknown option --${name}`);
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else positional.push(a);
  }
  return { positional, flags };
}
