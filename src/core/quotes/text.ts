/** Words and author sentences for attribution: bounded, linear, quote-aware. */
import type { MarkRegion } from './marks';
import { isQuoteMark } from './marks';
import { firstAtOrAfter } from '../sorted';
import { mapPacked } from '../packed';

export interface Token {
  s: number;
  e: number;
  /** The text as written. */
  t: string;
  /** Lower case. */
  l: string;
  /** A word (letters or digits) rather than punctuation. */
  w: boolean;
  /** Starts with an upper-case letter. */
  cap: boolean;
  /** Index of the depth-0 quote region the token is inside, or -1. */
  q: number;
}

const TOKEN = /(?:\p{L}\.){2,}|\p{N}+(?:[.,:]\p{N}+)+|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|\S/gu;
/** TOKEN at one position (its last branch, \S, matches any code point but white space: a token starts at every other one) */
const TOKEN_AT = new RegExp(TOKEN.source, 'uy');
const UPPER = /^\p{Lu}/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;
const SPACE = /\s/u;

/** Tokens of text[from, to). `regionOf` maps an offset to the region it is inside (or -1). */
export function tokenize(text: string, from: number, to: number, regionOf?: (at: number) => number): Token[] {
  const out: Token[] = [];
  const n = text.length;
  // (a start inside a surrogate pair: the expression's own scan, which steps back to the pair)
  if (from > 0 && from < n && isTrail(text.charCodeAt(from)) && isLead(text.charCodeAt(from - 1))) return tokenizeByScan(text, from, to, regionOf, out);
  // white space skipped here and the token's end read from the sticky expression's lastIndex: what the
  // global expression finds, without a match array per token
  const stop = Math.min(n, to);
  for (let i = from; i < stop; ) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13) || (c >= 128 && SPACE.test(text[i]))) {
      i++;
      continue;
    }
    TOKEN_AT.lastIndex = i;
    TOKEN_AT.test(text);
    const end = Math.min(TOKEN_AT.lastIndex, to);
    pushToken(out, i, text.slice(i, end), regionOf);
    i = TOKEN_AT.lastIndex;
  }
  return out;
}

function isLead(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isTrail(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function tokenizeByScan(text: string, from: number, to: number, regionOf: ((at: number) => number) | undefined, out: Token[]): Token[] {
  TOKEN.lastIndex = from;
  for (let m; (m = TOKEN.exec(text)); ) {
    if (m.index >= to) break;
    let t = m[0];
    if (m.index + t.length > to) t = t.slice(0, to - m.index);
    pushToken(out, m.index, t, regionOf);
  }
  return out;
}

function pushToken(out: Token[], at: number, t: string, regionOf: ((at: number) => number) | undefined): void {
  // ASCII letters and digits answered without the Unicode expressions
  const c = t.charCodeAt(0);
  const lower = c >= 97 && c <= 122;
  const upper = c >= 65 && c <= 90;
  const w = lower || upper || (c >= 48 && c <= 57) || (c > 127 && LETTER_OR_DIGIT.test(t));
  const cap = upper || (w && c > 127 && UPPER.test(t));
  out.push({ s: at, e: at + t.length, t, l: t.toLowerCase(), w, cap, q: regionOf ? regionOf(at) : -1 });
}

const NON_FINAL = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'rev', 'fr', 'sr', 'jr', 'st', 'mt', 'ft', 'hon', 'pres', 'gov', 'sen', 'rep',
  'reps', 'sens', 'gen', 'lt', 'col', 'maj', 'capt', 'cmdr', 'adm', 'sgt', 'cpl', 'pvt', 'supt', 'det', 'atty', 'amb',
  'sec', 'asst', 'dept', 'no', 'vol', 'art', 'fig', 'vs', 'v', 'approx', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug',
  'sep', 'sept', 'oct', 'nov', 'dec', 'ave', 'blvd', 'rd', 'inc', 'corp', 'co', 'ltd', 'bros', 'e.g', 'i.e', 'cf', 'al',
]);

export interface SentenceSpan {
  start: number;
  end: number;
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const CLOSERS = new Set([')', ']', '}', '"', '”', '’', "'", '»', '›']);

/**
 * Author sentences of the paragraph [from, to): quotation regions of depth 0 are opaque (a quote
 * of several sentences is inside one author sentence), abbreviations do not end sentences.
 */
export function authorSentences(text: string, from: number, to: number, regions: MarkRegion[]): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let sentStart = from;
  let k = 0;
  const top = regions.filter(r => r.depth === 0);
  let i = from;
  const boundaryAfter = (j: number): boolean => {
    // j: first index after the punctuation (and any closers); a boundary when space then a capital, digit or quote
    if (j >= to) return false;
    if (!isSpace(text[j])) return false;
    let n = j;
    while (n < to && isSpace(text[n])) n++;
    if (n >= to) return false;
    const c = text[n];
    return UPPER.test(c) || /\d/.test(c) || isQuoteMark(c) || c === '(' || c === '[' || c === '—' || c === '-';
  };
  while (i < to) {
    if (k < top.length && top[k].open === i) {
      const r = top[k++];
      const close = r.close >= 0 ? r.close : r.end;
      // a quote ending a sentence: "…." He said
      let j = close + 1;
      const last = lastNonSpace(text, r.start, r.end);
      if (r.close >= 0 && /[.!?…]/.test(last) && boundaryAfter(j)) {
        out.push({ start: sentStart, end: j });
        while (j < to && isSpace(text[j])) j++;
        sentStart = j;
      }
      i = Math.max(j, i + 1);
      continue;
    }
    while (k < top.length && top[k].open < i) k++;
    const c = text[i];
    if (c === '.' || c === '!' || c === '?' || c === '…') {
      let j = i + 1;
      while (j < to && (text[j] === '.' || text[j] === '!' || text[j] === '?' || CLOSERS.has(text[j]))) {
        if (isQuoteMark(text[j]) && k < top.length && top[k].open === j) break;
        j++;
      }
      if (boundaryAfter(j) && !(c === '.' && nonFinal(text, i, from))) {
        out.push({ start: sentStart, end: j });
        while (j < to && isSpace(text[j])) j++;
        sentStart = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  if (sentStart < to) out.push({ start: sentStart, end: to });
  return out;
}

function lastNonSpace(text: string, from: number, to: number): string {
  for (let i = to - 1; i >= from; i--) if (!isSpace(text[i])) return text[i];
  return '';
}

/** Is the full stop at `dot` part of an abbreviation or an initial? */
function nonFinal(text: string, dot: number, from: number): boolean {
  let s = dot;
  while (s > from && /[\p{L}.]/u.test(text[s - 1]) && dot - s < 12) s--;
  const word = text.slice(s, dot).toLowerCase();
  if (word.length === 1 && /\p{Lu}/u.test(text[s])) return true; // an initial: John F. Kennedy
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true; // U.S. / U.K. before a capitalised word
  return NON_FINAL.has(word);
}

/**
 * The tokens of a paragraph (each with the depth-0 quotation region it falls inside) and its author
 * sentences as token ranges [s, e). `mine`: the paragraph's quotation regions, in text order.
 */
export function paragraphTokens(text: string, para: { start: number; end: number }, mine: MarkRegion[]): { toks: Token[]; sentTok: { s: number; e: number }[] } {
  const top = mine.filter(r => r.depth === 0);
  const endOf = (r: MarkRegion) => (r.close >= 0 ? r.close + 1 : r.end);
  let k = 0;
  const toks = tokenize(text, para.start, para.end, at => {
    while (k < top.length && endOf(top[k]) < at) k++;
    return k < top.length && top[k].open < at && at < endOf(top[k]) ? k : -1;
  });
  const sentTok = mapPacked(authorSentences(text, para.start, para.end, mine), s => ({ s: lowerBound(toks, s.start), e: lowerBound(toks, s.end) }));
  return { toks, sentTok };
}

/** Index of the first token starting at or after `offset`. */
export function lowerBound(toks: Token[], offset: number): number {
  return firstAtOrAfter(toks, offset, t => t.s);
}
