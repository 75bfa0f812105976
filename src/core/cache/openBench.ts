/**
 * Cold and warm open of a workspace, as the extension does it, for benchmarks: cold = every file
 * analysed and the cache written; warm = a new corpus and a new cache over the same storage, every
 * file read, hashed and its record validated and taken from the cache (nothing analysed).
 */
import type { AnalysisBackend } from '../analysis/backend';
import { Corpus } from '../corpus';
import type { IWorkspace } from '../workspace';
import { AnalysisCache, type CacheStats } from './analysisCache';
import type { CacheStorage } from './storage';

export interface OpenBenchOptions {
  /** The articles (for example an InMemoryWorkspace of generated articles). */
  workspace: IWorkspace;
  /** Where the cache lives; give an empty one for a true cold open. */
  storage: CacheStorage;
  /**
   * How files are analysed. With a backend that tags entities (e.g. `new InThreadBackend(() =>
   * Promise.resolve(tagger))`), records hold entities and quotes too, as in the extension; without
   * one, only the article model (much faster cold open).
   */
  backend?: AnalysisBackend;
  modelVersion?: string;
  /** Files in flight at once (default 4, as in the extension). */
  concurrency?: number;
}

export interface OpenPhase {
  seconds: number;
  /**
   * With a tagging backend: the corpus entity index built after the open (what the Entities view
   * shows first), timed apart; not part of `seconds`.
   */
  indexSeconds?: number;
  /** Files analysed. */
  analysed: number;
  /** Files whose records came from the cache. */
  fromCache: number;
  cache: CacheStats;
}

export interface OpenBenchResult {
  articles: number;
  cold: OpenPhase;
  warm: OpenPhase;
}

/**
 * One open of the workspace with a new corpus and cache over `storage`: every file loaded (from the
 * cache or analysed), with a tagging backend every article's entities too (the entity index), then
 * the cache flushed and pruned.
 */
export async function timeOpen(options: OpenBenchOptions): Promise<{ phase: OpenPhase; articles: number }> {
  const t0 = performance.now();
  const cache = new AnalysisCache(options.storage, { modelVersion: options.modelVersion });
  const corpus = new Corpus(options.workspace, { cache, backend: options.backend, concurrency: options.concurrency });
  const entries = await corpus.loadAll();
  if (options.backend?.tagsEntities) for (const e of entries) if (e.ok) await corpus.entities(e);
  await corpus.flushCache({ prune: true });
  const seconds = (performance.now() - t0) / 1000;
  let indexSeconds: number | undefined;
  if (options.backend?.tagsEntities) {
    const t1 = performance.now();
    corpus.entityIndex.all();
    indexSeconds = (performance.now() - t1) / 1000;
  }
  return { phase: { seconds, indexSeconds, analysed: corpus.counters.analysed, fromCache: corpus.counters.fromCache, cache: { ...cache.stats } }, articles: entries.length };
}

/** Cold open then warm open of `workspace`, timed. */
export async function measureOpen(options: OpenBenchOptions): Promise<OpenBenchResult> {
  const cold = await timeOpen(options);
  const warm = await timeOpen(options);
  return { articles: cold.articles, cold: cold.phase, warm: warm.phase };
}
