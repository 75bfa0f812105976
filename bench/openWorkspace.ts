/**
 * Where `npm run bench` meets the persistent analysis cache (issue 7, part 1): the cache registers
 * an adapter here and the dashboard measures a warm open with it. With none registered, the warm
 * open is reported as not available — never estimated.
 */
import { AnalysisCache, Corpus, InThreadBackend, type InMemoryWorkspace, type Tagger } from '../src/core';
import { NodeFsCacheStorage } from '../src/node/fsCacheStorage';

export interface WarmOpenAdapter {
  name: string;
  /** Fills a cache in `dir` for `workspace` (after the cold open, which is measured apart). */
  build(workspace: InMemoryWorkspace, dir: string): Promise<void>;
  /**
   * Opens `workspace` again as the extension does on a new session, with the cache in `dir`: every
   * article's model and entities ready and the corpus entity index built. Returns the number of articles.
   */
  open(workspace: InMemoryWorkspace, dir: string): Promise<number>;
}

/** The caches to measure; the first one is used. */
export const warmOpenAdapters: WarmOpenAdapter[] = [];

/**
 * The extension's persistent cache (src/core/cache) on disk: `build` opens the workspace once with
 * an empty cache (every article analysed in this thread, records written), `open` opens it again
 * with a new corpus as a new session would — records read, checked and decoded, entities ready.
 */
export function registerAnalysisCache(tagger: Tagger): void {
  const session = async (workspace: InMemoryWorkspace, dir: string) => {
    const corpus = new Corpus(workspace, { cache: new AnalysisCache(new NodeFsCacheStorage(dir)), backend: new InThreadBackend(async () => tagger) });
    const entries = await corpus.loadAll();
    for (const e of entries) if (e.ok) await corpus.entities(e);
    await corpus.flushCache({ prune: true });
    return { corpus, entries };
  };
  warmOpenAdapters.push({
    name: 'analysis cache (src/core/cache, node fs)',
    build: async (workspace, dir) => {
      await session(workspace, dir);
    },
    open: async (workspace, dir) => {
      const { corpus, entries } = await session(workspace, dir);
      // the corpus entity index too (what the Entities view shows first), as a new session builds it
      corpus.entityIndex.all();
      if (corpus.counters.analysed > 0) throw new Error(`warm open analysed ${corpus.counters.analysed} files again`);
      return entries.length;
    },
  });
}
