/**
 * Where `npm run bench` meets the persistent analysis cache (issue 7, part 1): the cache registers
 * an adapter here and the dashboard measures a warm open with it. With none registered, the warm
 * open is reported as not available — never estimated.
 */
import type { Corpus, InMemoryWorkspace } from '../src/core';

export interface WarmOpenAdapter {
  name: string;
  /** Fills a cache in `dir` for `workspace`, after a cold open (`corpus` holds every article's analysis and entities). */
  build(workspace: InMemoryWorkspace, dir: string, corpus: Corpus): Promise<void>;
  /**
   * Opens `workspace` again as the extension does on a new session, with the cache in `dir`: every
   * article's model and entities ready (for the tree and the entity index). Returns the number of articles.
   */
  open(workspace: InMemoryWorkspace, dir: string): Promise<number>;
}

/** The caches to measure; the first one is used. */
export const warmOpenAdapters: WarmOpenAdapter[] = [];
