/**
 * npm run bench:open — cold and warm open of a generated workspace through the persistent cache
 * (src/core/cache/openBench.ts, the same code path as the extension's corpus). Prints figures;
 * asserts nothing.
 *   npm run bench:open -- [--articles N] [--entities] [--dir DIR] [--json]
 * --entities: records hold entities and quotes too (the entity model runs on this thread: slow cold
 * open); --dir: the cache in a folder (Node fs) instead of memory.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createNerTagger, InMemoryCacheStorage, InMemoryWorkspace, InThreadBackend, measureOpen, type CacheStorage } from '../src/core';
import { NodeFsCacheStorage } from '../src/node/fsCacheStorage';
import { installRepoReportedModel } from '../src/node/reportedModel';
import { mulberry32 } from '../src/core/random';

const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const N = Number(opt('--articles') ?? 10_000);
const root = resolve(__dirname, '..', '..');
const pool = readdirSync(join(root, 'seeds')).flatMap(f => readFileSync(join(root, 'seeds', f), 'utf8').split(/\n+/).filter(p => p.trim().length > 40));
const next = mulberry32(11);
const files: Record<string, string> = {};
let bytes = 0;
for (let i = 0; i < N; i++) {
  const paras = Array.from({ length: 8 + Math.floor(next() * 30) }, () => pool[Math.floor(next() * pool.length)]);
  const text = `Article ${i}: ${paras[0].slice(0, 60)}\n\n${paras.join('\n\n')}\n`;
  files[`file:///ws/${i}.${i % 5 === 0 ? 'md' : 'txt'}`] = text;
  bytes += text.length;
}

(async () => {
  const dir = opt('--dir') ?? (args.includes('--fs') ? mkdtempSync(join(tmpdir(), 'corroborate-cache-')) : undefined);
  const storage: CacheStorage = dir ? new NodeFsCacheStorage(dir) : new InMemoryCacheStorage();
  const backend = args.includes('--entities')
    ? new InThreadBackend(async () => {
        installRepoReportedModel(root);
        return createNerTagger(readFileSync(join(root, 'media', 'models', 'ner.bin')));
      })
    : undefined;
  const res = await measureOpen({ workspace: new InMemoryWorkspace(files), storage, backend });
  if (dir && !opt('--dir')) rmSync(dir, { recursive: true, force: true });
  const out = { articles: res.articles, text_mb: bytes / 1e6, entities: !!backend, storage: dir ? 'node-fs' : 'memory', cold_open_s: res.cold.seconds, warm_open_s: res.warm.seconds, warm_analysed: res.warm.analysed, warm_from_cache: res.warm.fromCache };
  if (args.includes('--json')) console.log(JSON.stringify(out));
  else console.log(`${out.articles} articles (${out.text_mb.toFixed(1)} MB, ${out.entities ? 'model + entities + quotes' : 'article model'}), cache in ${out.storage}: cold open ${out.cold_open_s.toFixed(2)} s, warm open ${out.warm_open_s.toFixed(2)} s (${out.warm_from_cache} from cache, ${out.warm_analysed} analysed)`);
})();
