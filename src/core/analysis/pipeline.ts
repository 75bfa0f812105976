/**
 * The whole analysis of one article as one call on plain data: decode the bytes, build the article
 * model, tag and merge entities, find quotes. What a worker thread runs (and the in-thread
 * fallback): requests and responses are plain data, so they cross a `postMessage` unchanged.
 */
import { analyzeArticle, formatOf } from '../article/analyze';
import { articleQuotes } from '../articleQuotes';
import { extractPlainEntities, type Tagger } from '../entities/extract';
import type { Quote } from '../quotes/types';
import { ArticleInputError, decodeArticleBytes } from '../text/decode';
import { encodeRecord, type EncodedRecord } from './record';
import { DocumentMemos, type DocumentMemo } from './incremental';

export interface AnalyzeRequest {
  uri: string;
  /** The file's bytes (decoded here), or… */
  bytes?: Uint8Array;
  /** …the text of an open document. */
  text?: string;
  /** Warnings already known for `text` (from decoding). */
  warnings?: string[];
  maxBytes: number;
  /** Also tag entities and find quotes (needs a tagger). */
  entities: boolean;
}

export type AnalyzeResponse =
  | { ok: true; /** the decoded text (only when bytes were sent) */ text?: string; record: EncodedRecord; /** quotes found without entities */ quotes?: Quote[] }
  | { ok: false; code: 'binary' | 'too-large' | 'unreadable'; reason: string };

/**
 * `memo`: what earlier versions of the same document left (incremental.ts): only the stages whose
 * input changed run again; the result is the same as without it.
 */
export function runAnalysis(req: AnalyzeRequest, tagger?: Tagger, memo?: DocumentMemo): AnalyzeResponse {
  try {
    return analyse(req, memo && tagger?.withMemo ? tagger.withMemo(memo.sentenceLabels) : tagger, memo);
  } finally {
    memo?.done();
  }
}

/**
 * `runAnalysis` for a stream of requests: the open documents (requests with `text`, sent again
 * after each edit) are analysed incrementally, a memo kept for the few most recent.
 */
export function createAnalyzer(): (req: AnalyzeRequest, tagger?: Tagger) => AnalyzeResponse {
  const memos = new DocumentMemos();
  return (req, tagger) => runAnalysis(req, tagger, req.text !== undefined && req.entities && tagger ? memos.of(req.uri) : undefined);
}

function analyse(req: AnalyzeRequest, tagger: Tagger | undefined, memo: DocumentMemo | undefined): AnalyzeResponse {
  let text: string;
  let warnings: string[];
  if (req.text !== undefined) {
    text = req.text;
    warnings = req.warnings ?? [];
  } else {
    try {
      const decoded = decodeArticleBytes(req.bytes ?? new Uint8Array(0), { maxBytes: req.maxBytes });
      text = decoded.text;
      warnings = decoded.warnings;
    } catch (e) {
      if (e instanceof ArticleInputError) return { ok: false, code: e.code, reason: e.message };
      return { ok: false, code: 'unreadable', reason: `file cannot be read: ${(e as Error).message}` };
    }
  }
  const analysis = analyzeArticle(text, { uri: req.uri, format: formatOf(req.uri), warnings, blocks: memo?.blockFacts });
  if (!req.entities || !tagger) return { ok: true, text: req.bytes ? text : undefined, record: encodeRecord(analysis) };
  let plain;
  try {
    plain = extractPlainEntities(analysis, tagger, memo?.aliasScan);
  } catch {
    plain = undefined;
  }
  const quotes = articleQuotes(analysis, plain, memo && { paragraphs: memo.quoteParagraphs, speakers: memo.quoteSpeakers });
  // without entities (the tagger failed) the quotes still go back, with speakers as written
  if (!plain) return { ok: true, text: req.bytes ? text : undefined, record: encodeRecord(analysis), quotes };
  return { ok: true, text: req.bytes ? text : undefined, record: encodeRecord(analysis, plain, quotes) };
}
