import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (tests run from out/test/unit, bundled). */
export const ROOT = resolve(__dirname, '..', '..', '..');

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
