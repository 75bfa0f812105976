/**
 * One analysis per (uri, version), computed lazily and shared by every consumer: the tree, the
 * decorations, the hovers, the panel and the CLI. A new version replaces the old one; nothing
 * re-parses per provider.
 */
import { analyzeArticle, formatOf, type ArticleAnalysis } from './article/analyze';
import { ArticleInputError, decodeArticleBytes, DEFAULT_MAX_BYTES, formatBytes } from './text/decode';
import type { IWorkspace } from './workspace';
import { EntityIndex } from './entities/corpusIndex';
import { entitiesToSource, extractPlainEntities, type Tagger } from './entities/extract';
import type { DocumentEntities } from './entities/types';
import { articleQuotes } from './articleQuotes';
import type { Quote } from './quotes/types';

export interface LoadedArticle {
  uri: string;
  ok: true;
  version: string;
  analysis: ArticleAnalysis;
}

export interface SkippedArticle {
  uri: string;
  ok: false;
  version: string;
  /** Why the file was not analysed, in words for the user. */
  reason: string;
  code: 'binary' | 'too-large' | 'unreadable';
}

export type ArticleEntry = LoadedArticle | SkippedArticle;

export interface CorpusOptions {
  maxBytes?: number;
}

export class Corpus {
  private readonly entries = new Map<string, ArticleEntry>();
  private readonly pending = new Map<string, Promise<ArticleEntry>>();
  /** Bumped when a file is forgotten, so a read still in flight does not bring it back. */
  private readonly generation = new Map<string, number>();
  private readonly documentEntities = new WeakMap<LoadedArticle, { plain: DocumentEntities; source: DocumentEntities }>();
  private readonly documentQuotes = new WeakMap<LoadedArticle, Quote[]>();
  private tagger: Promise<Tagger> | undefined;
  private taggerFactory: (() => Promise<Tagger>) | undefined;
  /** Applied to an article's quotes on every read (the reader's speaker corrections). */
  quoteFilter: ((entry: LoadedArticle, quotes: Quote[]) => Quote[]) | undefined;
  /** Which articles mention whom: filled as articles' entities are computed. */
  readonly entityIndex = new EntityIndex();
  maxBytes: number;

  constructor(readonly workspace: IWorkspace, options: CorpusOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** The analysis of a text at a version (an open editor's document), cached. */
  analyzeText(uri: string, text: string, version: string | number, warnings: string[] = []): LoadedArticle {
    const key = `text:${version}:${text.length}`;
    const hit = this.entries.get(uri);
    if (hit?.ok && hit.version === key) return hit;
    const entry: LoadedArticle = { uri, ok: true, version: key, analysis: analyzeArticle(text, { uri, format: formatOf(uri), warnings }) };
    this.entries.set(uri, entry);
    return entry;
  }

  /** The article at `uri`: the open document's text if there is one, else the file on disk. */
  async load(uri: string): Promise<ArticleEntry> {
    const open = this.workspace.getOpenDocument?.(uri);
    if (open) return this.analyzeText(uri, open.text, open.version);
    const inFlight = this.pending.get(uri);
    if (inFlight) return inFlight;
    const p = this.loadFromDisk(uri).finally(() => this.pending.delete(uri));
    this.pending.set(uri, p);
    return p;
  }

  private async loadFromDisk(uri: string): Promise<ArticleEntry> {
    const gen = this.generation.get(uri) ?? 0;
    const entry = await this.readFromDisk(uri);
    if ((this.generation.get(uri) ?? 0) === gen && entry.version !== 'missing') this.entries.set(uri, entry);
    return entry;
  }

  private async readFromDisk(uri: string): Promise<ArticleEntry> {
    let stat;
    try {
      stat = await this.workspace.stat(uri);
    } catch {
      stat = undefined;
    }
    if (!stat) {
      this.entries.delete(uri);
      return { uri, ok: false, version: 'missing', reason: 'file cannot be read', code: 'unreadable' };
    }
    const version = `disk:${stat.mtime}:${stat.size}:${this.maxBytes}`;
    const hit = this.entries.get(uri);
    if (hit && hit.version === version) return hit;
    let entry: ArticleEntry;
    if (stat.size > this.maxBytes) {
      entry = { uri, ok: false, version, code: 'too-large', reason: `file is ${formatBytes(stat.size)}, above the ${formatBytes(this.maxBytes)} limit for articles (setting corroborate.maxFileSizeMB)` };
    } else {
      try {
        const bytes = await this.workspace.readFile(uri);
        const decoded = decodeArticleBytes(bytes, { maxBytes: this.maxBytes });
        entry = { uri, ok: true, version, analysis: analyzeArticle(decoded.text, { uri, format: formatOf(uri), warnings: decoded.warnings }) };
      } catch (e) {
        if (e instanceof ArticleInputError) entry = { uri, ok: false, version, code: e.code, reason: e.message };
        else entry = { uri, ok: false, version, code: 'unreadable', reason: `file cannot be read: ${(e as Error).message}` };
      }
    }
    return entry;
  }

  /** Every article of the workspace, ordered by date (undated last), then by path. */
  async loadAll(onProgress?: (done: number, total: number) => void, isCancelled?: () => boolean): Promise<ArticleEntry[]> {
    const uris = await this.workspace.findArticles();
    const out: ArticleEntry[] = [];
    for (const [i, uri] of uris.entries()) {
      if (isCancelled?.()) break;
      out.push(await this.load(uri));
      onProgress?.(i + 1, uris.length);
    }
    return sortArticles(out);
  }

  invalidate(uri: string): void {
    this.entries.delete(uri);
  }

  forget(uri: string): void {
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    this.entries.delete(uri);
    this.pending.delete(uri);
    this.entityIndex.delete(uri);
  }

  /** How to make the entity tagger (loading its model); called once, on first need. */
  setTaggerFactory(factory: () => Promise<Tagger>): void {
    this.taggerFactory = factory;
    this.tagger = undefined;
  }

  private getTagger(): Promise<Tagger> {
    if (!this.tagger) {
      if (!this.taggerFactory) return Promise.reject(new Error('no entity tagger configured'));
      this.tagger = this.taggerFactory();
      this.tagger.catch(() => (this.tagger = undefined));
    }
    return this.tagger;
  }

  /** The entities of an analysed article, computed once per version; the corpus index follows. */
  async entities(entry: LoadedArticle): Promise<DocumentEntities> {
    return (await this.entityViews(entry)).source;
  }

  private async entityViews(entry: LoadedArticle): Promise<{ plain: DocumentEntities; source: DocumentEntities }> {
    const hit = this.documentEntities.get(entry);
    if (hit) return hit;
    const tagger = await this.getTagger();
    this.entityIndex.lexicon ??= tagger.lexicon;
    const again = this.documentEntities.get(entry);
    if (again) return again;
    const plain = extractPlainEntities(entry.analysis, tagger);
    const views = { plain, source: entitiesToSource(entry.analysis, plain) };
    this.documentEntities.set(entry, views);
    if (this.entries.get(entry.uri) === entry) this.entityIndex.set(entry.uri, views.source);
    return views;
  }

  /** The entities if they are already computed (no work). */
  peekEntities(entry: LoadedArticle): DocumentEntities | undefined {
    return this.documentEntities.get(entry)?.source;
  }

  /**
   * The quotes of an analysed article, once per version, speakers resolved to its entities (when
   * the entity model cannot be loaded, quotes are still found, with speakers as written).
   */
  async quotes(entry: LoadedArticle): Promise<Quote[]> {
    const raw = await this.rawQuotes(entry);
    return this.quoteFilter ? this.quoteFilter(entry, raw) : raw;
  }

  private async rawQuotes(entry: LoadedArticle): Promise<Quote[]> {
    const hit = this.documentQuotes.get(entry);
    if (hit) return hit;
    let plain: DocumentEntities | undefined;
    try {
      plain = (await this.entityViews(entry)).plain;
    } catch {
      plain = undefined;
    }
    const again = this.documentQuotes.get(entry);
    if (again) return again;
    const quotes = articleQuotes(entry.analysis, plain);
    this.documentQuotes.set(entry, quotes);
    return quotes;
  }

  peekQuotes(entry: LoadedArticle): Quote[] | undefined {
    const raw = this.documentQuotes.get(entry);
    return raw && this.quoteFilter ? this.quoteFilter(entry, raw) : raw;
  }

  /** Computes the entities of every article, so the corpus index is complete. */
  async indexAllEntities(onProgress?: (done: number, total: number) => void, isCancelled?: () => boolean): Promise<void> {
    const all = await this.loadAll(undefined, isCancelled);
    // the index mirrors the corpus: articles gone (or no longer readable) leave it
    const current = new Set(all.filter(e => e.ok).map(e => e.uri));
    for (const uri of this.entityIndex.uris()) if (!current.has(uri)) this.entityIndex.delete(uri);
    let done = 0;
    for (const e of all) {
      if (isCancelled?.()) return;
      if (e.ok) await this.entities(e);
      onProgress?.(++done, all.length);
    }
  }

  /** The cached entry without loading anything. */
  peek(uri: string): ArticleEntry | undefined {
    return this.entries.get(uri);
  }
}

export function sortArticles(entries: ArticleEntry[]): ArticleEntry[] {
  const date = (e: ArticleEntry) => (e.ok ? e.analysis.model.date : null);
  return [...entries].sort((a, b) => {
    const da = date(a);
    const db = date(b);
    if (da !== db) {
      if (da === null) return 1;
      if (db === null) return -1;
      return da < db ? -1 : 1;
    }
    return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0;
  });
}
