/**
 * Feature extraction for the NER tagger, shared by the trainer (src/tools/trainNer.ts) and the
 * runtime: the same code turns a document (sentences of token strings) into hashed feature keys,
 * so that training and tagging can never disagree.
 *
 * Features of token i: word, lower case, prefixes/suffixes 1–4, shape and short shape, ±2 context
 * words, word bigrams, context shapes, sentence-initial / all-caps headline / Title-Case headline
 * conjunctions, gazetteer matches (BILU position in a multi-word match), corpus statistics of the
 * word (how often it is capitalised mid-sentence in unlabeled news text; a distributional cluster),
 * document-level features (is the word written lower case elsewhere in the document, capitalised
 * mid-sentence elsewhere; the words around its other mentions; is it part of a longer name
 * elsewhere) and, in the second pass, the labels the first pass gave its other mentions.
 */

/** Gazetteer types (bit index in a gazetteer entry's mask). */
export const GAZ_TYPES = ['country', 'city', 'region', 'continent', 'first', 'org', 'demonym', 'title'] as const;

export interface NerResources {
  /** lower-cased phrase (tokens joined by one space) -> bit mask over GAZ_TYPES */
  gaz: Map<string, number>;
  /** longest phrase in gaz, in tokens */
  gazMaxLen: number;
  /** the first words (one or more, joined by spaces) of every phrase of gaz longer than them; when absent, every length is tried */
  gazPrefixes?: Set<string>;
  /** lower-cased word -> packed lexicon entry: bits 0-3 capitalisation bucket (1-5, 0 unknown), bits 4-15 fine cluster + 1, bits 16-23 coarse cluster + 1 */
  lex: Map<string, number>;
}

export interface FeatureDoc {
  /** token strings of the whole document */
  words: string[];
  /** [first, end) token ranges of the sentences, in order */
  sentences: { first: number; end: number }[];
}

/** Per-token predictions of a first pass: label index per token (for the second pass). */
export type FirstPass = Int32Array | null;

// ---------------------------------------------------------------- hashing

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

/** Feature keys are 24-bit hashes: small enough to store as short deltas, few enough collisions. */
export const KEY_BITS = 24;

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> (32 - KEY_BITS);
}

function hs(h: number, s: string): number {
  const n = s.length > 64 ? 64 : s.length; // a 1 MB "word" hashes in constant time
  for (let i = 0; i < n; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  if (s.length > 64) {
    h ^= s.length;
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

// ---------------------------------------------------------------- word properties

const QUOTE_NORM: Record<string, string> = {
  '’': "'", '‘': "'", '“': '"', '”': '"', '„': '"', '«': '"', '»': '"', '``': '"', "''": '"', '—': '--', '–': '-', '…': '...',
  // British and modern style without periods, as the (1996 Reuters) training data writes them
  Mr: 'Mr.', Mrs: 'Mrs.', Ms: 'Ms.', Dr: 'Dr.', St: 'St.', US: 'U.S.', UK: 'U.K.', UN: 'U.N.',
};

/** The form of a token the model sees: typographic quotes and dashes as ASCII, "Mr" as "Mr.", "US" as "U.S.". */
export function normWord(w: string): string {
  const q = Object.prototype.hasOwnProperty.call(QUOTE_NORM, w) ? QUOTE_NORM[w] : undefined;
  if (q !== undefined) return q;
  if (w.length > 1 && (w.includes('’') || w.includes('‘'))) return w.replace(/[’‘]/g, "'");
  return w;
}

/** Lower case with digits mapped to 0 ("1996-08-30" -> "0000-00-00"). */
export function lowerKey(w: string): string {
  let l = w.toLowerCase();
  if (/\d/.test(l)) l = l.replace(/\d/g, '0');
  return l;
}

/** Word shape: X x d for upper/lower/digit, other characters kept; runs longer than 2 collapsed. */
export function wordShape(w: string, short: boolean): string {
  let out = '';
  let prev = '';
  let run = 0;
  const n = w.length > 40 ? 40 : w.length;
  for (let i = 0; i < n; i++) {
    const c = w.charCodeAt(i);
    let k: string;
    if (c >= 65 && c <= 90) k = 'X';
    else if (c >= 97 && c <= 122) k = 'x';
    else if (c >= 48 && c <= 57) k = 'd';
    else if (c < 128) k = w[i];
    else {
      const ch = w[i];
      if (ch !== ch.toLowerCase()) k = 'X';
      else if (ch !== ch.toUpperCase()) k = 'x';
      else k = c >= 0xd800 && c <= 0xdfff ? 'o' : ch;
    }
    if (k === prev) {
      run++;
      if (short || run > 2) continue;
    } else run = 1;
    prev = k;
    out += k;
  }
  return out;
}

function isCapitalised(w: string): boolean {
  const c = w.charCodeAt(0);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const ch = w[0];
  return ch !== ch.toLowerCase();
}

function hasLower(w: string): boolean {
  return w !== w.toUpperCase();
}

function isAlpha(w: string): boolean {
  return /^\p{L}/u.test(w);
}

const FUNCTION_WORDS = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'but', 'by', 'with', 'from', 'as', 'is', 'vs', 'vs.', 'v', 'de', 'la', 'le', 'van', 'von', 'der', 'del', 'da', 'di']);

// ---------------------------------------------------------------- the extractor

export interface ExtractedFeatures {
  /** feature keys of all tokens, token t's keys are keys[offsets[t] .. offsets[t+1]) */
  keys: Uint32Array;
  offsets: Uint32Array;
}

/** Base features of a document plus what the second pass needs. */
export interface DocFeatures extends ExtractedFeatures {
  /** lower-cased key of each token */
  low: string[];
  /** Distinct lower-cased key of each token, 0 … lows - 1. */
  lowId: Int32Array;
  lows: number;
  /** 1 when the token takes document-level features (capitalised word, or any word of a headline) */
  docTok: Uint8Array;
  /** with `tagger`: 1 for the sentences that got features */
  live?: Uint8Array;
  /** Distinct word (token string) of each token, 0 … words - 1. */
  wordId: Int32Array;
}

/**
 * How a tagger asks for a document's features: `keys` then hold, per token, only the features that
 * depend on more than one word or on the sentence and document; the features of the token's own
 * word and those of each neighbour alone (word, shape and cluster of the words at -2 … +2: see
 * roleKeys) are left out, for the tagger to sum once per distinct word (a sum of integer weights,
 * whose order does not matter).
 */
export interface TaggerOptions {
  /** Only the sentences with a word for which this holds (or a capitalised word, or a headline) get features. */
  liveWord: (word: string) => boolean;
  /**
   * The WordInfo of a token string (the tagger's cache, shared by documents): called once per
   * distinct word of the document, in order of first appearance (the n-th call is word id n).
   */
  infoOf: (word: string) => WordInfo;
}

/** The roles of a word in the features of a token: the token itself, the token before, after, two before, two after. */
export const ROLE_SELF = 0;
export const ROLE_PREV = 1;
export const ROLE_NEXT = 2;
export const ROLE_PREV2 = 3;
export const ROLE_NEXT2 = 4;
export const ROLE_COUNT = 5;

export interface SentenceInfo {
  headline: boolean;
  titleCase: boolean;
}

/** What the features read of one word (a token string). */
export interface WordInfo {
  norm: string;
  low: string;
  /** hashes of the word, its lower-case key, shape and short shape */
  hw: number;
  hl: number;
  hsh: number;
  hss: number;
  /** prefix / suffix hashes (1..4) */
  pre: number[];
  suf: number[];
  cap: boolean;
  alpha: boolean;
  lower: boolean;
  sshape: string;
  /** the word's lexicon entry (0: none) */
  lx: number;
  /** the gazetteer mask of the word alone (0: none), and whether a longer phrase of the gazetteer starts with it */
  gaz: number;
  gazPrefix: boolean;
}

function strHash(s: string): number {
  return hs(FNV_OFFSET, s) >>> 0;
}

/** Combine a template id and up to three 32-bit values into a key. */
function comb(tpl: number, a: number, b = 0, c = 0): number {
  let h = Math.imul(tpl + 0x9e3779b9, 0x85ebca6b);
  h ^= a;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= b;
  h = Math.imul(h ^ (h >>> 13), 0x297a2d39);
  h ^= c;
  return mix(h);
}

export function wordInfo(raw: string, res: NerResources): WordInfo {
  const norm = normWord(raw);
  const low = lowerKey(norm);
  const sshape = wordShape(norm, true);
  const pre: number[] = [];
  const suf: number[] = [];
  const n = norm.length > 16 ? 16 : norm.length;
  let hp = FNV_OFFSET;
  let hq = FNV_OFFSET;
  for (let k = 1; k <= 4 && k <= n; k++) {
    hp = Math.imul(hp ^ norm.charCodeAt(k - 1), FNV_PRIME);
    hq = Math.imul(hq ^ low.charCodeAt(low.length - k), FNV_PRIME);
    pre.push(hp >>> 0);
    suf.push(hq >>> 0);
  }
  const alpha = isAlpha(norm);
  return { norm, low, hw: strHash(norm), hl: strHash(low), hsh: strHash(wordShape(norm, false)), hss: strHash(sshape), pre, suf, cap: alpha && isCapitalised(norm), alpha, lower: hasLower(norm), sshape, lx: res.lex.get(low) ?? 0, gaz: res.gaz.get(low) ?? 0, gazPrefix: !res.gazPrefixes || res.gazPrefixes.has(low) };
}

const H_BOS = strHash('<S>');
const H_EOS = strHash('</S>');
const CTX_H = { H: strHash('H'), T: strHash('T'), N: strHash('N'), I: strHash('I'), M: strHash('M') };

/**
 * Hashed features of every token of a document. firstPass: when given, the second-pass features
 * (labels the first pass gave to other mentions of the same word) are appended.
 */
export function extractFeatures(doc: FeatureDoc, res: NerResources, firstPass?: { labels: Int32Array; labelNames: readonly string[] }): ExtractedFeatures {
  const base = baseFeatures(doc, res);
  if (!firstPass) return base;
  const extra = secondPassFeatures(base, firstPass.labels, firstPass.labelNames);
  const n = doc.words.length;
  const keys = new Uint32Array(base.keys.length + extra.keys.length);
  const offsets = new Uint32Array(n + 1);
  let o = 0;
  for (let t = 0; t < n; t++) {
    offsets[t] = o;
    for (let k = base.offsets[t]; k < base.offsets[t + 1]; k++) keys[o++] = base.keys[k];
    for (let k = extra.offsets[t]; k < extra.offsets[t + 1]; k++) keys[o++] = extra.keys[k];
  }
  offsets[n] = o;
  return { keys, offsets };
}

/**
 * The first-pass (base) features of a document. With `liveWord`, only the sentences that can hold
 * a name get features (`live` marks them): those with a token that takes document-level features
 * or for which `liveWord` holds; the others get none (the tagger labels them O without decoding).
 * Document statistics are still gathered over every sentence, so the features of live sentences
 * are the same as without `liveWord`. With `tagger`, the same features in the tagger's layout
 * (see TaggerOptions), not the trainer's order.
 */
export function baseFeatures(doc: FeatureDoc, res: NerResources, tagger?: TaggerOptions): DocFeatures {
  const st = documentStats(doc, res, tagger);
  const n = doc.words.length;
  const keys: number[] = [];
  const offsets = new Uint32Array(n + 1);
  for (let s = 0; s < doc.sentences.length; s++) {
    const { first, end } = doc.sentences[s];
    if (st.live && !st.live[s]) {
      for (let t = first; t < end; t++) offsets[t] = keys.length;
      continue;
    }
    sentenceFeatures(st, s, !!tagger, keys, offsets, 0);
  }
  offsets[n] = keys.length;
  const { low, lowId, lows, docTok, wordId, live } = st;
  return { keys: Uint32Array.from(keys), offsets, low, lowId, lows, docTok, wordId, ...(live ? { live } : {}) };
}

/**
 * What the base features of a document read beyond each sentence's own words: per token its word's
 * information and ids, per sentence its kind, and the document statistics of each lower-cased word.
 * The features of sentence s (`sentenceFeatures`) are a function of its words and of the statistics
 * `documentDigest` lists for it (the resources fixed).
 */
export interface DocStats {
  doc: FeatureDoc;
  res: NerResources;
  info: WordInfo[];
  low: string[];
  lowId: Int32Array;
  lows: number;
  wordId: Int32Array;
  /** 1: the first alphabetic token of its sentence */
  initial: Uint8Array;
  sinfo: SentenceInfo[];
  /** per lower-case key id: counts of [0] lower case anywhere, [1] capitalised mid-sentence, [2] all caps mid-sentence, [3] capitalised sentence-initially */
  docStat: Int32Array;
  /** the slot of docStat each token counts in (-1: none) */
  ownSlot: Int8Array;
  /** per lower-case key id: the contexts (hashes) before and after its capitalised mentions, at most 8 each */
  ctxPrev: (Set<number> | undefined)[];
  ctxNext: (Set<number> | undefined)[];
  /** per lower-case key id: bit 1: first of a capitalised sequence, 2: last, 4: middle */
  inSeq: Int32Array;
  /** 1 when the token takes document-level features (capitalised word, or any word of a headline) */
  docTok: Uint8Array;
  /** with `tagger`: 1 for the sentences that get features */
  live?: Uint8Array;
}

export function documentStats(doc: FeatureDoc, res: NerResources, tagger?: TaggerOptions): DocStats {
  const liveWord = tagger?.liveWord;
  const words = doc.words;
  const n = words.length;
  // distinct words (ids in order of first appearance) and distinct lower-case keys (the document statistics are kept by key)
  const ids = new Map<string, number>();
  const byId: WordInfo[] = [];
  const lowOfId: number[] = [];
  const lowIds = new Map<string, number>();
  const info: WordInfo[] = new Array(n);
  const low: string[] = new Array(n);
  const wordId = new Int32Array(n);
  const lowId = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    let id = ids.get(words[t]);
    if (id === undefined) {
      id = byId.length;
      ids.set(words[t], id);
      const wi = tagger ? tagger.infoOf(words[t]) : wordInfo(words[t], res);
      byId.push(wi);
      let li = lowIds.get(wi.low);
      if (li === undefined) lowIds.set(wi.low, (li = lowIds.size));
      lowOfId.push(li);
    }
    const wi = byId[id];
    info[t] = wi;
    low[t] = wi.low;
    wordId[t] = id;
    lowId[t] = lowOfId[id];
  }
  const lows = lowIds.size;
  const sentOf = new Int32Array(n);
  const initial = new Uint8Array(n);
  const sinfo: SentenceInfo[] = [];
  const docTok = new Uint8Array(n);
  const live = liveWord ? new Uint8Array(doc.sentences.length) : undefined;
  for (let s = 0; s < doc.sentences.length; s++) {
    const { first, end } = doc.sentences[s];
    let lowerWords = 0;
    let upperWords = 0;
    let longWords = 0;
    let capLong = 0;
    let seenWord = false;
    for (let t = first; t < end; t++) {
      sentOf[t] = s;
      const wi = info[t];
      if (!wi.alpha) continue;
      if (!seenWord) {
        initial[t] = 1;
        seenWord = true;
      }
      const w = wi.norm;
      if (wi.lower) lowerWords++;
      else if (w.length > 1) upperWords++;
      if (w.length >= 4 || (w.length >= 2 && wi.cap && !FUNCTION_WORDS.has(wi.low))) {
        longWords++;
        if (wi.cap) capLong++;
      }
    }
    const headline = lowerWords === 0 && upperWords > 0;
    const titleCase = !headline && longWords >= 3 && capLong >= 0.8 * longWords && end - first <= 40;
    sinfo.push({ headline, titleCase });
    for (let t = first; t < end; t++) if (info[t].cap || (info[t].alpha && headline)) docTok[t] = 1;
    if (live) for (let t = first; t < end && !live[s]; t++) if (docTok[t] || liveWord!(words[t])) live[s] = 1;
  }

  // ---- document statistics of each lower-cased word: counts of
  // [0] lower case anywhere, [1] capitalised mid-sentence, [2] all caps mid-sentence, [3] capitalised sentence-initially
  // (the last three in ordinary sentences only)
  // (by lower-case key id)
  const docStat = new Int32Array(4 * lows);
  const ownSlot = new Int8Array(n).fill(-1);
  const ctxPrev: (Set<number> | undefined)[] = new Array(lows);
  const ctxNext: (Set<number> | undefined)[] = new Array(lows);
  const inSeq = new Int32Array(lows);
  const H_CAP = strHash('CAP');
  const H_FIRST = strHash('FIRST');
  for (let t = 0; t < n; t++) {
    const wi = info[t];
    if (!wi.alpha) continue;
    const l = lowId[t];
    const si = sinfo[sentOf[t]];
    let slot = -1;
    if (!wi.cap) slot = 0;
    else if (!si.headline && !si.titleCase) slot = initial[t] ? 3 : wi.lower || wi.norm.length === 1 ? 1 : 2;
    if (slot >= 0) {
      docStat[4 * l + slot]++;
      ownSlot[t] = slot;
    }
    if (wi.cap && !si.headline) {
      const s = doc.sentences[sentOf[t]];
      const pc = t > s.first && info[t - 1].cap;
      const nc = t + 1 < s.end && info[t + 1].cap;
      if (!si.titleCase) {
        const seq = (!pc && nc ? 1 : 0) | (pc && !nc ? 2 : 0) | (pc && nc ? 4 : 0);
        inSeq[l] |= seq;
      }
      const pk = t === s.first ? H_BOS : pc ? (info[t - 1].gaz & (1 << 4) ? H_FIRST : H_CAP) : info[t - 1].hl;
      const nk = t + 1 >= s.end ? H_EOS : nc ? H_CAP : info[t + 1].hl;
      const sp = (ctxPrev[l] ??= new Set());
      if (sp.size < 8) sp.add(pk);
      const sn = (ctxNext[l] ??= new Set());
      if (sn.size < 8) sn.add(nk);
    }
  }
  return { doc, res, info, low, lowId, lows, wordId, initial, sinfo, docStat, ownSlot, ctxPrev, ctxNext, inSeq, docTok, ...(live ? { live } : {}) };
}

/** Bit b: the document has another mention of token t's word counted in docStat slot b. */
function otherMentions(st: DocStats, t: number): number {
  const l = st.lowId[t];
  let other = 0;
  for (let b = 0; b < 4; b++) if (st.docStat[4 * l + b] - (st.ownSlot[t] === b ? 1 : 0) > 0) other |= 1 << b;
  return other;
}

/**
 * Everything the features of sentence s read of the document beyond its own words, appended to
 * `out`: per token, 0 for a token without document-level features, else (marked) its other
 * mentions, its word's sequence bits and the contexts of its word's capitalised mentions — the
 * very values `sentenceFeatures` reads (`otherMentions`, inSeq, ctxPrev, ctxNext).
 */
export function documentDigest(st: DocStats, s: number, out: number[]): void {
  const { first, end } = st.doc.sentences[s];
  for (let t = first; t < end; t++) {
    if (!st.docTok[t]) {
      out.push(0);
      continue;
    }
    const l = st.lowId[t];
    out.push(16 | otherMentions(st, t), st.inSeq[l]);
    const cp = st.ctxPrev[l];
    out.push(cp ? cp.size : 0);
    if (cp) for (const x of cp) out.push(x);
    const cn = st.ctxNext[l];
    out.push(cn ? cn.size : 0);
    if (cn) for (const x of cn) out.push(x);
  }
}

/**
 * Where features append their keys (at most five per call): an array, or the tagger's key list
 * (KeyList in index.ts: a typed buffer kept from one sentence to the next).
 */
export interface KeySink {
  push(...keys: number[]): unknown;
  readonly length: number;
}

/**
 * The base features of sentence s appended to `keys`: token t's start in keys at offsets[t - base]
 * (the end of the sentence's last token is left for the caller to write).
 */
export function sentenceFeatures(st: DocStats, s: number, forTagger: boolean, keys: KeySink, offsets: Uint32Array, base: number): void {
  const { res, info, sinfo, initial, low, docTok } = st;
  const { first, end } = st.doc.sentences[s];
  const si = sinfo[s];
  // ---- gazetteer matches (all matches starting at capitalised words), as BILU + type features
  const gazFeat: number[][] = [];
  for (let t = first; t < end; t++) {
    const wi = info[t];
    if (!wi.cap) continue;
    // the word alone: from its info (most words start no longer phrase)
    let key = wi.low;
    const maxLen = Math.min(res.gazMaxLen, end - t);
    for (let len = 1; len <= maxLen; len++) {
      const k = t + len - 1;
      if (len > 1) key = key + ' ' + low[k];
      const mask = len === 1 ? wi.gaz || undefined : res.gaz.get(key);
      if (mask !== undefined) {
        for (let b = 0; b < GAZ_TYPES.length; b++) {
          if (!(mask & (1 << b))) continue;
          if (len === 1) (gazFeat[t - first] ??= []).push(b * 4 + 3);
          else for (let j = t; j <= k; j++) (gazFeat[j - first] ??= []).push(b * 4 + (j === t ? 0 : j === k ? 2 : 1));
        }
      }
      // no longer phrase starts with these words
      if (len === 1 ? !wi.gazPrefix : res.gazPrefixes && !res.gazPrefixes.has(key)) break;
    }
  }

  // ---- emit
  const bias = comb(0, 0);
  const ctxName = si.headline ? 'H' : si.titleCase ? 'T' : 'N';
  const hctx = CTX_H[ctxName];
  const HL = (t: number) => (t < first ? H_BOS : t >= end ? H_EOS : info[t].hl);
  const HS = (t: number) => (t < first ? H_BOS : t >= end ? H_EOS : info[t].hss);
  for (let t = first; t < end; t++) {
    offsets[t - base] = keys.length;
    const wi = info[t];
    const l = st.lowId[t];
    const ss = wi.hss;
    // (a tagger's layout lists the keys of the word alone and of each neighbour alone once per word: see TaggerOptions)
    // word-local keys first: bias, word, lower case, prefixes and suffixes, shapes
    if (!forTagger) wordLocalKeys(wi, keys, bias);
    const lp = HL(t - 1);
    const ln = HL(t + 1);
    if (!forTagger) keys.push(comb(PREV_WORD, lp), comb(NEXT_WORD, ln), comb(PREV2_WORD, HL(t - 2)), comb(NEXT2_WORD, HL(t + 2)));
    keys.push(comb(17, lp, wi.hl), comb(18, wi.hl, ln));
    const sp = HS(t - 1);
    const sn = HS(t + 1);
    if (!forTagger) keys.push(comb(PREV_SHAPE, sp), comb(NEXT_SHAPE, sn));
    keys.push(comb(21, sp, ss), comb(22, ss, sn), comb(23, sp, ss, sn), comb(24, lp, ss), comb(25, ss, ln));
    const hpos = initial[t] ? CTX_H.I : CTX_H.M;
    keys.push(comb(26, hctx, hpos, ss));
    if (ctxName !== 'N') keys.push(comb(27, hctx, wi.hl));
    const g = gazFeat[t - first];
    if (g) {
      for (const f of g) keys.push(comb(28, f), comb(29, f, ctxName === 'N' ? hpos : hctx));
    }
    if (wi.cap) keys.push(comb(30, wi.lx & 15, hctx, hpos));
    if (!forTagger) {
      wordLexiconKeys(wi, keys);
      // coarse clusters of the neighbours (999 = sentence boundary; 0 = no cluster)
      keys.push(comb(PREV_CLUSTER, t > first ? coarseOf(info[t - 1]) : 999), comb(NEXT_CLUSTER, t + 1 < end ? coarseOf(info[t + 1]) : 999));
    }
    // document-level (what documentDigest lists)
    if (docTok[t]) {
      const other = otherMentions(st, t);
      keys.push(comb(37, other, hctx, hpos), comb(38, other, ss));
      const cp = st.ctxPrev[l];
      if (cp) for (const x of cp) if (x !== lp) keys.push(comb(39, x));
      const cn = st.ctxNext[l];
      if (cn) for (const x of cn) if (x !== ln) keys.push(comb(40, x));
      keys.push(comb(41, st.inSeq[l], ss));
    }
  }
}

/**
 * The keys of the features of word `wi` in `role` (ROLE_SELF … ROLE_NEXT2), appended to `keys`;
 * `wi` null: the sentence boundary (the start before a token, the end after it).
 */
export function roleKeys(wi: WordInfo | null, role: number, keys: KeySink): void {
  const hl = wi ? wi.hl : role === ROLE_PREV || role === ROLE_PREV2 ? H_BOS : H_EOS;
  const hss = wi ? wi.hss : role === ROLE_PREV ? H_BOS : H_EOS;
  const c = wi ? coarseOf(wi) : 999;
  if (role === ROLE_SELF) {
    wordLocalKeys(wi!, keys, comb(0, 0));
    wordLexiconKeys(wi!, keys);
  } else if (role === ROLE_PREV) keys.push(comb(PREV_WORD, hl), comb(PREV_SHAPE, hss), comb(PREV_CLUSTER, c));
  else if (role === ROLE_NEXT) keys.push(comb(NEXT_WORD, hl), comb(NEXT_SHAPE, hss), comb(NEXT_CLUSTER, c));
  else if (role === ROLE_PREV2) keys.push(comb(PREV2_WORD, hl));
  else keys.push(comb(NEXT2_WORD, hl));
}

// templates of the features of one neighbour alone
const PREV_WORD = 13;
const NEXT_WORD = 14;
const PREV2_WORD = 15;
const NEXT2_WORD = 16;
const PREV_SHAPE = 19;
const NEXT_SHAPE = 20;
const PREV_CLUSTER = 35;
const NEXT_CLUSTER = 36;

/** The coarse cluster of a word (0: none). */
function coarseOf(wi: WordInfo): number {
  return (wi.lx >>> 16) & 0xff;
}

/** Keys of the word alone: bias, word, lower case, prefixes and suffixes, shapes. */
function wordLocalKeys(wi: WordInfo, keys: KeySink, bias: number): void {
  keys.push(bias, comb(1, wi.hw), comb(2, wi.hl));
  for (let k = 0; k < wi.pre.length; k++) keys.push(comb(3 + k, wi.pre[k]), comb(7 + k, wi.suf[k]));
  keys.push(comb(11, wi.hsh), comb(12, wi.hss));
}

/** Keys of the word's lexicon entry: capitalisation bucket by shape, fine and coarse clusters. */
function wordLexiconKeys(wi: WordInfo, keys: KeySink): void {
  const lx = wi.lx;
  if (wi.cap) keys.push(comb(31, lx & 15, wi.hss));
  const fine = (lx >>> 4) & 0xfff;
  if (fine) {
    const coarse = (lx >>> 16) & 0xff;
    keys.push(comb(32, fine), comb(33, coarse), comb(34, coarse, wi.hss));
  }
}

/** Second-pass features: the labels the first pass gave to the other mentions of each word. */
export function secondPassFeatures(base: Pick<DocFeatures, 'low' | 'lowId' | 'lows' | 'docTok'>, labels: Int32Array, labelNames: readonly string[]): ExtractedFeatures {
  const n = base.low.length;
  const slotOf = labelNames.map(labelSlot);
  // per lower-case key, the labels of its mentions by slot
  const docLab = new Int32Array(5 * base.lows);
  for (let t = 0; t < n; t++) {
    if (!base.docTok[t]) continue;
    docLab[5 * base.lowId[t] + slotOf[labels[t]]]++;
  }
  const keys: number[] = [];
  const offsets = new Uint32Array(n + 1);
  const arr = [0, 0, 0, 0, 0];
  for (let t = 0; t < n; t++) {
    offsets[t] = keys.length;
    if (!base.docTok[t]) continue;
    const l = 5 * base.lowId[t];
    for (let k = 0; k < 5; k++) arr[k] = docLab[l + k];
    arr[slotOf[labels[t]]]--;
    const total = arr[0] + arr[1] + arr[2] + arr[3] + arr[4];
    if (total <= 0) continue;
    let best = 4;
    for (let k = 0; k < 4; k++) if (arr[k] > arr[best] || (best === 4 && arr[k] > 0)) best = k;
    keys.push(comb(42, best, total > 1 ? 2 : 1));
    for (let k = 0; k < 5; k++) if (arr[k]) keys.push(comb(43, k, arr[k] * 2 >= total ? 2 : 1));
  }
  offsets[n] = keys.length;
  return { keys: Uint32Array.from(keys), offsets };
}

function labelSlot(lab: string): number {
  return lab.endsWith('PER') ? 0 : lab.endsWith('ORG') ? 1 : lab.endsWith('LOC') ? 2 : lab.endsWith('MISC') ? 3 : 4;
}
