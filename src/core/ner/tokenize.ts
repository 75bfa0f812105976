/**
 * A tokeniser and sentence splitter for English news text, close to the CoNLL-2003 / Penn
 * tokenisation the NER model was trained on: "U.S." and "Mr." stay whole, possessive "'s" and
 * "n't" are split off, hyphenated words and numbers ("1996-08-30", "6-4", "1,000", "2.5") stay
 * whole, "$" / "%" / quotes / brackets are tokens of their own.
 *
 * Offsets are UTF-16 code-unit indices into the input (JavaScript string indices). The scan is a
 * single left-to-right pass with sticky regular expressions, linear in the input length, and
 * never throws (astral characters, CRLF, a BOM or a 1 MB string without spaces are fine).
 */

export interface NerToken {
  start: number;
  end: number;
  text: string;
}

export interface NerSentence {
  /** index of the first token of the sentence in the token array */
  first: number;
  /** one past the last token */
  end: number;
}

export interface Tokenised {
  tokens: NerToken[];
  sentences: NerSentence[];
}

/** Abbreviations written with a final period that belong to the token ("Mr.", "Inc."). */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'rev', 'fr', 'sr', 'jr', 'st', 'mt', 'ft', 'hon', 'pres', 'gov', 'sen',
  'rep', 'reps', 'sens', 'gen', 'lt', 'col', 'maj', 'capt', 'cmdr', 'adm', 'sgt', 'cpl', 'pvt', 'supt', 'insp',
  'det', 'atty', 'amb', 'asst', 'dept', 'univ', 'no', 'nos', 'vol', 'fig', 'vs', 'v', 'approx', 'est',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'ave', 'blvd', 'rd',
  'inc', 'corp', 'ltd', 'co', 'cos', 'bros', 'plc', 'messrs', 'mme', 'mlle', 'etc', 'cf', 'al', 'op', 'pct',
  'calif', 'conn', 'fla', 'ill', 'mass', 'mich', 'minn', 'penn', 'tenn', 'tex', 'wash', 'wis', 'ariz', 'colo',
  'okla', 'ore', 'nev', 'neb', 'kan', 'ky', 'md', 'mo', 'va', 'vt', 'ala', 'ark', 'del', 'ga', 'ind', 'la', 'miss',
]);

/** Abbreviations after which a sentence can still end ("... and so on, etc. The"). */
const FINAL_OK = new Set(['etc', 'inc', 'corp', 'ltd', 'co', 'plc', 'bros', 'no', 'al']);

// One token at a time. Sticky (y) regular expressions: each exec starts at lastIndex.
const SPECIAL_RE = new RegExp(
  [
    // URLs and e-mail addresses
    String.raw`(?:https?:\/\/|www\.)[^\s<>"“”'‘’()\[\]]*[^\s<>"“”'‘’()\[\].,;:!?]`,
    // (a local part is at most 64 characters: unbounded, a run of "_" would cost quadratic time)
    String.raw`[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`,
    // dotted abbreviations and initials: U.S., U.N., a.m., F.C.
    String.raw`(?:\p{L}\.){2,}(?!\p{L})`,
    // currency symbols with a country prefix: US$ C$ HK$ A$
    String.raw`(?:US|HK|NZ|[ACSR])\$`,
  ].join('|'),
  'uy',
);
/** numbers: 1,000 2.5 1996-08-30 6-4 1/2 1996/97 9373-1800 .500 +44 */
const NUMBER_RE = /[+-]?\.?\d(?:[\d,.:/-]*\d)?/y;
/** words, with internal hyphens, apostrophes, ampersands and periods */
const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:[-'’&.][\p{L}\p{M}\p{N}]+)*/uy;
/** dashes and ellipses as one token, else one code point (surrogate pairs stay together) */
const OTHER_RE = /-{2,}|\.{2,}|[\s\S]/uy;

const CLITIC_RE = /^(.+?)(n['’]t|N['’]T|['’](?:s|re|ve|ll|m|d|S|RE|VE|LL|M|D))$/u;

function pushWord(out: NerToken[], text: string, start: number): void {
  // split clitics: "don't" -> "do" "n't", "England's" -> "England" "'s"; keep "O'Brien", "rock'n'roll"
  if (text.length > 2 && (text.includes("'") || text.includes('’'))) {
    const m = CLITIC_RE.exec(text);
    if (m && !/['’]/.test(m[1])) {
      out.push({ start, end: start + m[1].length, text: m[1] });
      out.push({ start: start + m[1].length, end: start + text.length, text: m[2] });
      return;
    }
  }
  out.push({ start, end: start + text.length, text });
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff || c === 0xa0 || c === 12 || c === 11 ||
    (c >= 0x2000 && c <= 0x200b) || c === 0x3000 || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f;
}

function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  if (c < 128 || Number.isNaN(c)) return false;
  return /\p{L}/u.test(String.fromCodePoint(text.codePointAt(i) ?? 0));
}

/** The end of sticky `re`'s match at i (at most `to`), or -1: `test` leaves the end in lastIndex, with no match array to allocate. */
function exec(re: RegExp, text: string, i: number, to: number): number {
  re.lastIndex = i;
  if (!re.test(text) || re.lastIndex === i) return -1;
  return Math.min(to, re.lastIndex);
}

/** Tokenise text[from, to) and append tokens to out. */
function tokeniseRange(text: string, from: number, to: number, out: NerToken[]): void {
  const blockFirst = out.length;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    // (a code unit that cannot open a word, an address or an abbreviation skips those expressions: ASCII
    // other than letters and digits, and U+2000–U+2027, spaces, dashes, quotation marks and bullets)
    const noWord = c < 128 ? !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) : c >= 0x2000 && c <= 0x2027;
    let end = noWord && !(c === 46 || c === 95 || c === 37 || c === 43 || c === 45) ? -1 : exec(SPECIAL_RE, text, i, to);
    if (end > i) {
      out.push({ start: i, end, text: text.slice(i, end) });
      i = end;
      continue;
    }
    if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
      end = exec(NUMBER_RE, text, i, to);
      // "21-year-old", "3M", "1990s" are words
      if (end > i && !(end < to && (isLetterAt(text, end) || ((text[end] === '-' || text[end] === "'" || text[end] === '’') && isLetterAt(text, end + 1))))) {
        // "1." opening a numbered line of results
        if (out.length === blockFirst && end - i <= 3 && text[end] === '.' && /^\d+$/.test(text.slice(i, end)) && (end + 1 >= to || isSpace(text.charCodeAt(end + 1)))) end++;
        out.push({ start: i, end, text: text.slice(i, end) });
        i = end;
        continue;
      }
    }
    end = noWord ? -1 : exec(WORD_RE, text, i, to);
    if (end > i) {
      const tok = text.slice(i, end);
      // a known abbreviation or a single capital takes its period: "Mr." "Inc." "J."
      if (end < to && text.charCodeAt(end) === 46 && (ABBREVIATIONS.has(tok.toLowerCase()) || (tok.length === 1 && /\p{Lu}/u.test(tok))) && !(end + 1 < to && text.charCodeAt(end + 1) === 46)) {
        out.push({ start: i, end: end + 1, text: text.slice(i, end + 1) });
        i = end + 1;
        continue;
      }
      pushWord(out, tok, i);
      i = end;
      continue;
    }
    end = exec(OTHER_RE, text, i, to);
    if (end <= i) end = i + 1;
    out.push({ start: i, end, text: text.slice(i, end) });
    i = end;
  }
}

const OPENERS = new Set(['"', '“', '‘', "'", '(', '[', '`', '``']);
const CLOSERS = new Set(['"', '”', '’', "'", ')', ']', "''"]);

function startsSentence(t: string): boolean {
  const c = t.codePointAt(0) ?? 0;
  const ch = String.fromCodePoint(c);
  return /\p{Lu}|\p{N}/u.test(ch) || OPENERS.has(t);
}

/** Longest sentence (in tokens) handed to the tagger: longer runs (tables, junk) are cut. */
export const MAX_SENTENCE_TOKENS = 250;

/**
 * Blocks tokenised before (incremental analysis of an edited document), by the block's text: its
 * tokens and sentences with offsets from the block's start and token indices from its first token.
 * A block's tokens read nothing outside it (no token crosses the line break that ends it), so a
 * block of the same text gives the same tokens wherever it is.
 */
export interface BlockMemo {
  get(block: string): Tokenised | undefined;
  set(block: string, tokenised: Tokenised): void;
}

/**
 * Split text into blocks at line breaks (a line break inside a wrapped sentence — next line starts
 * lower case — is not a break), tokenise each block and split blocks into sentences after . ! ?
 * `memo`: blocks tokenised before (the same result).
 */
export function tokenise(text: string, memo?: BlockMemo): Tokenised {
  const tokens: NerToken[] = [];
  const sentences: NerSentence[] = [];
  const n = text.length;
  let blockStart = 0;
  const pushSentences = (first: number, end: number) => {
    let s = first;
    for (let k = first; k < end; k++) {
      const t = tokens[k].text;
      let boundary = false;
      let after = k + 1;
      if (t === '.' || t === '!' || t === '?' || t === '...' || t === '…' || (t.length > 1 && t.endsWith('.') && /^\p{L}/u.test(t))) {
        if (t.length > 1 && t.endsWith('.') && t !== '...') {
          const base = t.slice(0, -1).toLowerCase();
          // "U.S." / "Inc." may end a sentence; "Mr." / "J." never do
          if (!(FINAL_OK.has(base) || (base.includes('.') && base.length > 3))) {
            continue;
          }
        }
        while (after < end && CLOSERS.has(tokens[after].text) && tokens[after].start === tokens[after - 1].end) after++;
        if (after < end && startsSentence(tokens[after].text)) boundary = true;
      }
      if (!boundary && k + 1 - s >= MAX_SENTENCE_TOKENS) {
        boundary = true;
        after = k + 1;
      }
      if (boundary) {
        sentences.push({ first: s, end: after });
        s = after;
        k = after - 1;
      }
    }
    if (s < end) sentences.push({ first: s, end });
  };
  while (blockStart < n) {
    // find the end of the block: a line break not followed by a lower-case continuation
    let i = blockStart;
    let blockEnd = n;
    while (i < n) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      let j = nl + 1;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 13)) j++;
      const nextCh = j < n ? text.charCodeAt(j) : 10;
      const lineText = text.slice(Math.max(blockStart, nl - 2), nl).replace(/\r/g, '');
      const prevEndsOpen = /[\p{Ll},;]$/u.test(lineText);
      const nextLower = nextCh >= 97 && nextCh <= 122;
      if (nextCh === 10 || !(prevEndsOpen && nextLower)) {
        blockEnd = nl;
        break;
      }
      i = nl + 1;
    }
    const first = tokens.length;
    if (memo) {
      const block = text.slice(blockStart, blockEnd);
      let known = memo.get(block);
      if (!known) memo.set(block, (known = tokenise(block)));
      for (const t of known.tokens) tokens.push({ start: t.start + blockStart, end: t.end + blockStart, text: t.text });
      for (const st of known.sentences) sentences.push({ first: st.first + first, end: st.end + first });
    } else {
      tokeniseRange(text, blockStart, blockEnd, tokens);
      if (tokens.length > first) pushSentences(first, tokens.length);
    }
    blockStart = blockEnd + 1;
  }
  return { tokens, sentences };
}
