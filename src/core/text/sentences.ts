/**
 * Sentence and word segmentation with Intl.Segmenter, repaired where ICU's English rules break
 * news text (after "Mr.", "Gov.", "Jan.", "p.m." or an initial), and bounded on huge paragraphs
 * (the segmenter's cost grows faster than linearly with the string it is given).
 */
import type { Span } from '../types';

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Abbreviations after which a capitalised word or a number does not start a new sentence. */
const NON_FINAL_ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'rev', 'fr', 'sr', 'jr', 'st', 'mt', 'ft', 'hon', 'pres', 'gov', 'sen',
  'rep', 'reps', 'sens', 'gen', 'lt', 'col', 'maj', 'capt', 'cpt', 'cmdr', 'adm', 'sgt', 'cpl', 'pvt', 'supt', 'insp',
  'det', 'atty', 'amb', 'sec', 'asst', 'assoc', 'dept', 'univ', 'no', 'nos', 'vol', 'art', 'fig', 'ch', 'para', 'vs',
  'v', 'approx', 'est', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'ave',
  'blvd', 'rd', 'hwy', 'rte', 'ste', 'cf', 'e.g', 'i.e', 'etc', 'op', 'nr',
]);

const MAX_CHUNK = 4000;
/** Characters read at the end of a segment to find its last word. */
const LAST_WORD_CHARS = 64;

function endsWithNonFinal(segment: string, next: string): boolean {
  // the last word only: segments joined after abbreviations grow, and a regular expression anchored
  // at the end of all of it would cost quadratic time on a page of "Mr. Mr. Mr."
  const trimmed = segment.trimEnd().slice(-LAST_WORD_CHARS);
  if (!trimmed.endsWith('.')) return false;
  const m = /(?:^|[\s(“"‘'])([A-Za-z][A-Za-z.]*)\.$/.exec(trimmed);
  if (!m) return false;
  // a "word" as long as the window is no abbreviation
  if (m.index === 0 && /^[A-Za-z]/.test(trimmed) && segment.trimEnd().length > trimmed.length) return false;
  const word = m[1].toLowerCase();
  const startsLowerOrDigit = /^[\s"“‘']*[a-z0-9]/.test(next);
  if (/^[a-z]$/.test(word)) return true; // an initial: "John F. Kennedy"
  if (NON_FINAL_ABBREVIATIONS.has(word)) {
    // "etc." and "no." can end a sentence: only join when the next word is lower case or a number
    if (word === 'etc' || word === 'no' || word === 'est' || word === 'art') return startsLowerOrDigit;
    return true;
  }
  if (word === 'a.m' || word === 'p.m') return startsLowerOrDigit || /^\s*(?:[A-Z]{1,2}[SD]?T|GMT|UTC|BST|CET)\b/.test(next);
  // "U.S." and other dotted acronyms end sentences only before a capitalised word: keep ICU's split
  return startsLowerOrDigit && /^(?:[a-z]\.)+[a-z]$/.test(word);
}

/** Splits a long paragraph into chunks at sentence-like boundaries so the segmenter stays linear. */
function chunks(text: string): Span[] {
  if (text.length <= MAX_CHUNK) return [{ start: 0, end: text.length }];
  const out: Span[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + MAX_CHUNK);
    if (end < text.length) {
      const window = text.slice(start + (MAX_CHUNK >> 1), end);
      const lastStop = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '));
      const lastSpace = window.lastIndexOf(' ');
      if (lastStop >= 0) end = start + (MAX_CHUNK >> 1) + lastStop + 2;
      else if (lastSpace >= 0) end = start + (MAX_CHUNK >> 1) + lastSpace + 1;
    }
    out.push({ start, end });
    start = end;
  }
  return out;
}

/**
 * Sentences of `text` between `from` and `to`, as absolute spans with surrounding white space
 * trimmed. Never returns an empty span.
 */
export function splitSentences(text: string, from = 0, to = text.length): Span[] {
  const raw: Span[] = [];
  const slice = text.slice(from, to);
  for (const chunk of chunks(slice)) {
    const piece = slice.slice(chunk.start, chunk.end);
    for (const seg of sentenceSegmenter.segment(piece)) {
      raw.push({ start: from + chunk.start + seg.index, end: from + chunk.start + seg.index + seg.segment.length });
    }
  }
  // merge splits after abbreviations
  const merged: Span[] = [];
  for (const s of raw) {
    const prev = merged[merged.length - 1];
    if (prev && endsWithNonFinal(text.slice(prev.start, prev.end), text.slice(s.start, Math.min(s.end, s.start + 12)))) {
      prev.end = s.end;
    } else {
      merged.push({ ...s });
    }
  }
  const out: Span[] = [];
  for (const s of merged) {
    let { start, end } = s;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (end > start) out.push({ start, end });
  }
  return out;
}

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

export function countWords(text: string, from = 0, to = text.length): number {
  return countMatches(WORD, text, from, to, Infinity);
}

/**
 * The number of matches of global expression `re` (which never matches the empty string) starting
 * in text[from, to), counted up to `max`: `test` moves lastIndex to each match's end with no match
 * array; only a match ending past `to` is run again with `exec` to read where it starts.
 */
export function countMatches(re: RegExp, text: string, from: number, to: number, max: number): number {
  re.lastIndex = from;
  let n = 0;
  let prev = from;
  while (n < max && re.test(text)) {
    if (re.lastIndex <= to) {
      n++;
      prev = re.lastIndex;
      continue;
    }
    re.lastIndex = prev;
    const m = re.exec(text);
    if (m && m.index < to) n++;
    break;
  }
  return n;
}
