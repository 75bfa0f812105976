/**
 * Where the corpus sends work that is too slow for the caller's thread: a worker thread in the
 * extension (the VS Code layer provides one), or this same thread (the CLI, tests, and the
 * fallback when no worker can be started).
 */
import type { Tagger } from '../entities/extract';
import type { NameLexicon } from '../entities/types';
import { createAnalyzer, type AnalyzeRequest, type AnalyzeResponse } from './pipeline';

/** Set when the caller no longer wants the result (a VS Code CancellationToken fits). */
export interface CancelSignal {
  readonly isCancellationRequested: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export interface AnalysisBackend {
  /** Whether `analyze` also computes entities and quotes (a tagger is available). */
  readonly tagsEntities: boolean;
  analyze(req: AnalyzeRequest, signal?: CancelSignal): Promise<AnalyzeResponse>;
  /** The tagger's word lists, for merging entities across articles. */
  lexicon(): Promise<NameLexicon | undefined>;
  dispose?(): void;
}

/** Runs the pipeline on the calling thread, one request at a time, yielding between requests. */
export class InThreadBackend implements AnalysisBackend {
  private tagger: Promise<Tagger | undefined> | undefined;
  /** Open documents (requests with text) are analysed incrementally. */
  private readonly run = createAnalyzer();

  constructor(private readonly loadTagger?: () => Promise<Tagger>) {}

  get tagsEntities(): boolean {
    return this.loadTagger !== undefined;
  }

  private getTagger(): Promise<Tagger | undefined> {
    if (!this.tagger) this.tagger = this.loadTagger ? this.loadTagger().catch(() => undefined) : Promise.resolve(undefined);
    return this.tagger;
  }

  async analyze(req: AnalyzeRequest, signal?: CancelSignal): Promise<AnalyzeResponse> {
    const tagger = req.entities ? await this.getTagger() : undefined;
    await new Promise(r => setTimeout(r, 0));
    if (signal?.isCancellationRequested) throw new CancelledError();
    return this.run(req, tagger);
  }

  async lexicon(): Promise<NameLexicon | undefined> {
    return (await this.getTagger())?.lexicon;
  }
}
