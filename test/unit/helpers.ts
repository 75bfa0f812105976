import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EntityType, RawMention } from '../../src/core/entities/types';
import { decodeReportedModel, installReportedModel } from '../../src/core/quotes';

/** The repository root (tests run from out/test/unit, bundled). */
export const ROOT = resolve(__dirname, '..', '..', '..');

/**
 * The shipped reported-speech model (media/models/reported.bin), installed in every test file that
 * imports this module, as the CLI and the extension install it: a missing or broken asset fails the
 * run here (readFileSync / decodeReportedModel throw), it is never skipped.
 */
export const REPORTED_MODEL_BYTES: Uint8Array = readFileSync(join(ROOT, 'media', 'models', 'reported.bin'));
installReportedModel(decodeReportedModel(REPORTED_MODEL_BYTES));

export function seeds(): { name: string; text: string }[] {
  const dir = join(ROOT, 'seeds');
  return readdirSync(dir)
    .filter(n => n.endsWith('.txt') || n.endsWith('.md'))
    .sort()
    .map(name => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

export function seed(prefix: string): { name: string; text: string } {
  const s = seeds().find(x => x.name.startsWith(prefix));
  if (!s) throw new Error(`no seed ${prefix}`);
  return s;
}

export function ms(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** Mentions of the given names wherever they occur in `text`, typed as given (a stand-in tagger). */
export function tag(text: string, names: [string, EntityType][]): RawMention[] {
  const out: RawMention[] = [];
  for (const [name, type] of names) {
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
      if (out.some(m => m.start < i + name.length && i < m.end)) continue;
      out.push({ start: i, end: i + name.length, type, text: name });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Runs a CLI command in-process and captures what it prints. */
export async function captureCli(command: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = process.stdout.write;
  const e = process.stderr.write;
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await command(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

/**
 * A random text of 1 to `most` + 1 of `pieces` and a random range [from, to) of it, drawn from `r`
 * (the pieces first, then the range).
 */
export function randomPiecesAndRange(r: () => number, pieces: readonly string[], most: number): { text: string; from: number; to: number } {
  let text = '';
  for (let j = Math.floor(r() * most); j >= 0; j--) text += pieces[Math.floor(r() * pieces.length)];
  const from = Math.floor(r() * (text.length + 1));
  const to = from + Math.floor(r() * (text.length - from + 1));
  return { text, from, to };
}
