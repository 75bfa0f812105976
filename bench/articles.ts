/** Generated articles for the benchmarks: seed paragraphs mixed, deterministic (no seed-specific rules). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../src/core/random';

export function seedParagraphs(root: string): string[] {
  const dir = join(root, 'seeds');
  return readdirSync(dir)
    .filter(f => /\.(txt|md)$/.test(f))
    .sort()
    .flatMap(f => readFileSync(join(dir, f), 'utf8').split(/\n+/))
    .filter(p => p.trim().length > 40);
}

/** An article of 8–37 seed paragraphs under a dated headline (text), or a Markdown heading with some bold words. */
export function makeArticle(paragraphs: string[], r: () => number, i: number, markdown = false): string {
  const n = 8 + Math.floor(r() * 30);
  const body: string[] = [];
  for (let k = 0; k < n; k++) body.push(paragraphs[Math.floor(r() * paragraphs.length)]);
  const title = `Story ${i}: ${paragraphs[Math.floor(r() * paragraphs.length)].split(' ').slice(0, 8).join(' ')}`;
  return markdown
    ? `# ${title}\n\n${body.map(p => p.replace(/\b(\w{6,})\b/, '**$1**')).join('\n\n')}\n`
    : `date 2025-0${1 + (i % 9)}-1${i % 10}\n${title}\n\n${body.join('\n\n')}\n`;
}

export function makeArticles(paragraphs: string[], n: number, seed: number, markdown = false): string[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => makeArticle(paragraphs, r, i, markdown));
}

/** An article of at least `words` words (seed paragraphs in order, repeated as needed). */
export function articleOfWords(paragraphs: string[], words: number): string {
  const out: string[] = ['date 2025-03-02', 'A long report on the talks', ''];
  let count = 0;
  for (let k = 0; count < words; k++) {
    const p = paragraphs[k % paragraphs.length];
    out.push(p, '');
    count += p.split(/\s+/).filter(Boolean).length;
  }
  return out.join('\n');
}
