/**
 * Incremental analysis of a document being edited: the expensive stages that read only a bounded
 * piece of the text are remembered from one version to the next and run again only where their
 * input changed; the document-level passes (entity merging, speaker resolution, carrying speakers
 * across paragraphs) always run in full. The result is the same as a fresh analysis (property test
 * in test/unit/incremental.test.ts):
 *   - the entity tagger's features and decoding of a sentence, keyed by the sentence's words and
 *     the document statistics its features read — they are not sentence-local (whether a word is
 *     written lower case elsewhere in the document, its other contexts, whether it starts or ends a
 *     longer name elsewhere, in the second pass the first pass's labels of its other mentions), so
 *     the key holds those of the sentence's own words (ner/features.ts `documentDigest`): a sentence
 *     whose statistics changed is featurised and decoded again, the others are neither;
 *   - the entity tagger's tokens and sentences of a block of text (a line or paragraph), keyed by
 *     its text (no token crosses the line break that ends a block: ner/tokenize.ts);
 *   - the article model's facts of a block of text (boilerplate class, sentences relative to the
 *     block, word count), keyed by its text (article/analyze.ts `BlockFacts`);
 *   - the quote engine's analysis of a paragraph (tokens, author sentences, reporting cues, the
 *     attribution of each quotation from its neighbourhood, the attribution tagger's run), keyed by
 *     the paragraph's text and quotation regions relative to its start; its character offsets are
 *     moved to where the paragraph is now (quotes/extract.ts `ParagraphAnalysis`);
 *   - the speaker ranker's candidates of a quote and their scores before salience, keyed by the
 *     analyses of its paragraph and the two before (their ids), where those are, and the
 *     attributions of the quote and its neighbours, offsets relative to its paragraph
 *     (quotes/extract.ts `RankedCandidates`); salience, counted over the document, is added anew;
 *   - entity merging's alias scan (later mentions of a known name the tagger missed): a line's
 *     whole-word matches of the document's list of forms, keyed by the line's text while the list
 *     is the same (entities/resolve.ts `wholeWordMatchesByLine`); what is done with each match runs anew.
 * Entries used by one version are kept for the next; the others are dropped (two generations).
 */
import type { BlockFacts, BlockMemo } from '../article/analyze';
import { sameSentenceKey, type SentenceKey, type SentenceLabelMemo, type SentenceProbe, type Tokenised } from '../ner';
import type { ParagraphAnalysis, ParagraphMemo, RankedCandidates, SpeakerMemo } from '../quotes/extract';
import type { AliasScanMemo, WordMatch } from '../entities/resolve';

/**
 * Values by key over two generations: what the current analysis uses survives into the next. Keys
 * are looked up as `P` (a probe: the key's content without a copy made) and stored as `K`.
 */
class GenerationMemo<K, V, H extends string | number = string, P = K> {
  private previous = new Map<H, { key: K; value: V }[]>();
  private current = new Map<H, { key: K; value: V }[]>();
  hits = 0;
  misses = 0;

  constructor(private readonly same: (stored: K, probe: P) => boolean) {}

  get(hash: H, key: P): V | undefined {
    for (const e of this.current.get(hash) ?? []) {
      if (this.same(e.key, key)) {
        this.hits++;
        return e.value;
      }
    }
    for (const e of this.previous.get(hash) ?? []) {
      if (this.same(e.key, key)) {
        this.keep(hash, e);
        this.hits++;
        return e.value;
      }
    }
    this.misses++;
    return undefined;
  }

  set(hash: H, key: K, value: V): void {
    this.keep(hash, { key, value });
  }

  private keep(hash: H, e: { key: K; value: V }): void {
    const list = this.current.get(hash);
    if (!list) this.current.set(hash, [e]);
    else if (!list.includes(e)) list.push(e);
  }

  /** One analysis done: entries it did not use are dropped after the next one. */
  nextGeneration(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  clear(): void {
    this.previous.clear();
    this.current.clear();
  }
}

/** The memo of one document across its versions. */
export class DocumentMemo {
  private readonly sentences = new GenerationMemo<SentenceKey, Int32Array, number, SentenceProbe>(sameSentenceKey);
  private readonly blocks = new GenerationMemo<string, Tokenised>((a, b) => a === b);
  private readonly paragraphs = new GenerationMemo<string, ParagraphAnalysis>((a, b) => a === b);
  private readonly speakers = new GenerationMemo<string, RankedCandidates>((a, b) => a === b);
  private readonly articleBlocks = new GenerationMemo<string, BlockFacts>((a, b) => a === b);
  private readonly aliasLines = new GenerationMemo<string, WordMatch[]>((a, b) => a === b);
  /** The list of forms (joined) the remembered alias-scan lines were found with. */
  private aliasForms = '';

  /** For the entity tagger (`Tagger.withMemo`). */
  readonly sentenceLabels: SentenceLabelMemo = {
    get: (hash, key) => this.sentences.get(hash, key),
    set: (hash, key, labels) => this.sentences.set(hash, key, labels),
    blocks: {
      get: block => this.blocks.get(block, block),
      set: (block, tokenised) => this.blocks.set(block, block, tokenised),
    },
  };

  /** For the article model (`AnalyzeOptions.blocks`). */
  readonly blockFacts: BlockMemo = {
    get: text => this.articleBlocks.get(text, text),
    set: (text, facts) => this.articleBlocks.set(text, text, facts),
  };

  /** For the quote engine (`ExtractOptions.paragraphs`). */
  readonly quoteParagraphs: ParagraphMemo = {
    get: key => this.paragraphs.get(key, key),
    set: (key, value) => this.paragraphs.set(key, key, value),
  };

  /** For the quote engine's speaker ranker (`ExtractOptions.speakers`). */
  readonly quoteSpeakers: SpeakerMemo = {
    get: key => this.speakers.get(key, key),
    set: (key, value) => this.speakers.set(key, key, value),
  };

  /** For entity merging's alias scan (`resolveEntities`): a line's matches, for one list of forms at a time. */
  readonly aliasScan: AliasScanMemo = {
    linesOf: forms => {
      if (forms !== this.aliasForms) {
        this.aliasLines.clear();
        this.aliasForms = forms;
      }
      return { get: line => this.aliasLines.get(line, line), set: (line, matches) => this.aliasLines.set(line, line, matches) };
    },
  };

  /** Called after each analysis of the document. */
  done(): void {
    this.sentences.nextGeneration();
    this.blocks.nextGeneration();
    this.paragraphs.nextGeneration();
    this.speakers.nextGeneration();
    this.articleBlocks.nextGeneration();
    this.aliasLines.nextGeneration();
  }

  /** Reuse counts, for tests and benchmarks. */
  get stats(): { sentenceHits: number; sentenceMisses: number; blockHits: number; blockMisses: number; paragraphHits: number; paragraphMisses: number; speakerHits: number; speakerMisses: number; articleBlockHits: number; articleBlockMisses: number } {
    return { sentenceHits: this.sentences.hits, sentenceMisses: this.sentences.misses, blockHits: this.blocks.hits, blockMisses: this.blocks.misses, paragraphHits: this.paragraphs.hits, paragraphMisses: this.paragraphs.misses, speakerHits: this.speakers.hits, speakerMisses: this.speakers.misses, articleBlockHits: this.articleBlocks.hits, articleBlockMisses: this.articleBlocks.misses };
  }
}

/** Memos of the few documents edited most recently (open editors), by uri. */
export class DocumentMemos {
  private readonly memos = new Map<string, DocumentMemo>();

  constructor(private readonly max = 4) {}

  of(uri: string): DocumentMemo {
    let m = this.memos.get(uri);
    if (m) this.memos.delete(uri);
    else m = new DocumentMemo();
    this.memos.set(uri, m);
    while (this.memos.size > this.max) this.memos.delete(this.memos.keys().next().value!);
    return m;
  }
}
