/**
 * Named entities: PER, ORG, LOC from a statistical tagger (two-pass linear-chain model with BILOU
 * labels, Viterbi decoding, hashed features; see features.ts), DATE, TIME, MONEY, PERCENT and
 * QUANTITY from rules (rules.ts).
 *
 *   const model = loadNerModel(bytes);          // once, lazily: the host reads media/models/ner.bin
 *   const entities = tagEntities(model, text);  // offsets are JavaScript string indices into text
 *
 * Pure TypeScript: no Node built-ins, no VS Code API, no downloads.
 */
import { allowedTransitions, labelsToSpans, setSpan, viterbi } from './decode';
import { documentDigest, documentStats, roleKeys, ROLE_COUNT, ROLE_NEXT, ROLE_NEXT2, ROLE_PREV, ROLE_PREV2, ROLE_SELF, secondPassFeatures, sentenceFeatures, wordInfo, type DocStats, type ExtractedFeatures, type FeatureDoc, type KeySink, type WordInfo } from './features';
import { decodeNerModel, lookup, lookupRecent, type NerModel, type NerPass } from './model';
import { isDomainName, refineSpans } from './postpass';
import { ruleEntities } from './rules';
import { tokenise, type BlockMemo } from './tokenize';
import { mapPacked } from '../packed';

export { tokenise, type BlockMemo, type NerToken, type NerSentence, type Tokenised } from './tokenize';
export { ruleEntities, type RuleEntity } from './rules';
export { NerModelError, type NerModel } from './model';

export type NerEntityType = 'PER' | 'ORG' | 'LOC' | 'MISC' | 'DATE' | 'TIME' | 'MONEY' | 'PERCENT' | 'QUANTITY';

export interface NerEntity {
  start: number;
  end: number;
  type: NerEntityType;
  text: string;
}

export interface TagOptions {
  /** also return MISC (nationalities, events, works…); default false */
  misc?: boolean;
  /** add DATE/TIME/MONEY/PERCENT/QUANTITY from the rules; default true */
  rules?: boolean;
  /** Labels of sentences decoded before (incremental analysis of an edited document). */
  memo?: SentenceLabelMemo;
}

/**
 * Decoded labels of sentences, by everything their decoding reads: the pass, the sentence's words,
 * the document statistics its features read (`documentDigest`: only those of its own words) and,
 * in the second pass, its second-pass feature keys (the first pass's labels of its words' other
 * mentions). A sentence whose key is in the memo is neither featurised nor decoded again. A store
 * for incremental analysis (src/core/analysis/incremental.ts); it compares keys in full, never
 * trusting the hash alone.
 */
export interface SentenceLabelMemo {
  /** `hash`: a number that spreads the keys (a string would be built and hashed again per look-up). */
  get(hash: number, key: SentenceProbe): Int32Array | undefined;
  set(hash: number, key: SentenceKey, labels: Int32Array): void;
  /** The tokeniser's blocks (lines, paragraphs) of earlier versions, by their text. */
  blocks?: BlockMemo;
}

export interface SentenceKey {
  /** The pass, the length of the sentence's digest and the digest, then its second-pass keys and each token's count of them. */
  keys: Uint32Array;
  words: readonly string[];
}

/**
 * A key as the tagger looks it up, made without copying: `keys` a view of a buffer reused for the
 * next sentence, the sentence's words `words[first, end)` of the document's list. What is stored
 * (`SentenceKey`) is a copy of both.
 */
export interface SentenceProbe {
  keys: Uint32Array;
  words: readonly string[];
  first: number;
  end: number;
}

/** Does the stored key `a` hold exactly what the probe `b` does? */
export function sameSentenceKey(a: SentenceKey, b: SentenceProbe): boolean {
  const n = b.end - b.first;
  if (a.keys.length !== b.keys.length || a.words.length !== n) return false;
  for (let i = 0; i < a.keys.length; i++) if (a.keys[i] !== b.keys[i]) return false;
  for (let i = 0; i < n; i++) if (a.words[i] !== b.words[b.first + i]) return false;
  return true;
}

/**
 * What a sentence's decoding in pass `pi` reads beyond its words, and its hash: the base features
 * are a function of the words and the digest (features.ts), the second-pass ones are `extra`'s keys.
 */
let keyScratch = new Uint32Array(1024);

function sentenceKey(pi: number, digest: Uint32Array, extra: ExtractedFeatures | null, words: readonly string[], slots: readonly TaggerWord[], first: number, end: number): { hash: number; key: SentenceProbe } {
  let size = 2 + digest.length;
  if (extra) size += extra.offsets[end] - extra.offsets[first] + (end - first);
  if (size > keyScratch.length) keyScratch = new Uint32Array(Math.max(size, 2 * keyScratch.length));
  const keys = keyScratch;
  keys[0] = pi;
  keys[1] = digest.length;
  keys.set(digest, 2);
  let at = 2 + digest.length;
  if (extra) {
    keys.set(extra.keys.subarray(extra.offsets[first], extra.offsets[end]), at);
    at += extra.offsets[end] - extra.offsets[first];
    for (let t = first; t < end; t++) keys[at++] = extra.offsets[t + 1] - extra.offsets[t];
  }
  let h1 = 0x811c9dc5 ^ size;
  let h2 = 0x01000193 ^ (end - first);
  for (let i = 0; i < size; i++) {
    h1 = Math.imul(h1 ^ keys[i], 2654435761);
    h2 = Math.imul(h2 ^ keys[i], 1597334677);
  }
  // the words by their places in the word cache (the same word, the same place while the cache is not emptied: the hash only spreads keys, they are compared in full)
  for (let t = first; t < end; t++) h1 = Math.imul(h1 ^ slots[t].at, 2654435761);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  // 53 bits of the two: an exact integer, a cheap Map key
  return { hash: (h1 >>> 0) * 0x200000 + (h2 >>> 11), key: { keys: keys.subarray(0, size), words, first, end } };
}

const digestScratch: number[] = [];

function digestOf(st: DocStats, s: number): Uint32Array {
  digestScratch.length = 0;
  documentDigest(st, s, digestScratch);
  return Uint32Array.from(digestScratch);
}

const allowedCache = new WeakMap<NerModel, Uint8Array>();

/** Parse the model bytes (media/models/ner.bin). */
export function loadNerModel(bytes: Uint8Array): NerModel {
  const m = decodeNerModel(bytes);
  allowedCache.set(m, allowedTransitions(m.labels));
  return m;
}

/**
 * acc[at + y] += row[o + y] for y < L. The model's 17 labels (4 types in BILOU, and O) written out:
 * V8 does not unroll the loop, and the tagger spends most of its time here.
 */
function addRow(acc: Int32Array, at: number, row: Int8Array, o: number, L: number): void {
  if (L === 17) {
    acc[at] += row[o];
    acc[at + 1] += row[o + 1];
    acc[at + 2] += row[o + 2];
    acc[at + 3] += row[o + 3];
    acc[at + 4] += row[o + 4];
    acc[at + 5] += row[o + 5];
    acc[at + 6] += row[o + 6];
    acc[at + 7] += row[o + 7];
    acc[at + 8] += row[o + 8];
    acc[at + 9] += row[o + 9];
    acc[at + 10] += row[o + 10];
    acc[at + 11] += row[o + 11];
    acc[at + 12] += row[o + 12];
    acc[at + 13] += row[o + 13];
    acc[at + 14] += row[o + 14];
    acc[at + 15] += row[o + 15];
    acc[at + 16] += row[o + 16];
  } else for (let y = 0; y < L; y++) acc[at + y] += row[o + y];
}

/** Adds the weights of the keys keys[from, to) to acc[at, at + L). */
function addKeys(p: NerPass, keys: Uint32Array, from: number, to: number, L: number, acc: Int32Array, at: number): void {
  const w = p.weights;
  for (let k = from; k < to; k++) {
    const r = lookupRecent(p, keys[k]);
    if (r >= 0) addRow(acc, at, w, r * L, L);
  }
}

/**
 * A word the tagger has met: what the features read of it, and the sums of the weights of its
 * features in each role (ROLE_SELF … ROLE_NEXT2) and pass, summed the first time a token needs them
 * (integer sums: the same result as key by key).
 */
interface TaggerWord {
  /** null: the sentence boundary (the start before a token, the end after it) */
  info: WordInfo | null;
  /** The word's sums in the cache's array: sums[at + (pass × ROLE_COUNT + role) × L + y]. */
  at: number;
  /** bit pass × ROLE_COUNT + role: that sum is computed */
  done: number;
}

/** Most words the cache holds; a full cache is emptied before the next document. */
let WORD_CACHE_SIZE = 16384;

/** Sets how many words the tagger's caches hold (for tests: a tiny cache empties, shrinks and grows often); returns the former size. */
export function setWordCacheSize(words: number): number {
  const former = WORD_CACHE_SIZE;
  WORD_CACHE_SIZE = Math.max(1, Math.floor(words));
  return former;
}

/**
 * The words of the documents a model has tagged, shared by the documents (the words of news text
 * repeat from one article to the next), with their sums side by side in one array (a sum has at
 * most 17 keys of int8 weights, so 16 bits hold it).
 */
class WordCache {
  private readonly words = new Map<string, TaggerWord>();
  sums: Int16Array;
  private count = 2;
  readonly start: TaggerWord;
  readonly end: TaggerWord;
  private readonly stride: number;

  constructor(private readonly model: NerModel) {
    this.stride = model.passes.length * ROLE_COUNT * model.labels.length;
    this.sums = new Int16Array(1024 * this.stride);
    this.start = { info: null, at: 0, done: 0 };
    this.end = { info: null, at: this.stride, done: 0 };
  }

  /** Before a document (not during one: the words of the document keep their place in `sums`). */
  begin(): void {
    if (this.words.size < WORD_CACHE_SIZE) return;
    this.words.clear();
    this.count = 2;
    // (a document of more distinct words than the cache holds grew the array past its size: shrunk back)
    const full = (WORD_CACHE_SIZE + 2) * this.stride;
    if (this.sums.length > full) {
      // the sentence boundaries keep their sums
      const shrunk = new Int16Array(full);
      shrunk.set(this.sums.subarray(0, 2 * this.stride));
      this.sums = shrunk;
    } else this.sums.fill(0, 2 * this.stride);
  }

  get(raw: string): TaggerWord {
    let w = this.words.get(raw);
    if (w) return w;
    const at = this.count++ * this.stride;
    if (at + this.stride > this.sums.length) {
      // doubled up to the cache's size (the boundaries included), then in steps within a large document
      const slots = this.sums.length / this.stride;
      const cap = WORD_CACHE_SIZE + 2;
      const grown = new Int16Array((slots < cap ? Math.min(2 * slots, cap) : slots + 1024) * this.stride);
      grown.set(this.sums);
      this.sums = grown;
    }
    w = { info: wordInfo(raw, this.model.resources), at, done: 0 };
    this.words.set(raw, w);
    return w;
  }
}

const wordCaches = new WeakMap<NerModel, WordCache>();

function wordCacheOf(model: NerModel): WordCache {
  let c = wordCaches.get(model);
  if (!c) wordCaches.set(model, (c = new WordCache(model)));
  return c;
}

const roleScratch: number[] = [];

/** The sum of word w's features in `role` for pass `pi`: sums[returned offset, + L). */
function wordSum(p: NerPass, pi: number, w: TaggerWord, role: number, L: number, sums: Int16Array): number {
  const bit = pi * ROLE_COUNT + role;
  const o = w.at + bit * L;
  if (!(w.done & (1 << bit))) {
    w.done |= 1 << bit;
    computeSum(p, w.info, role, L, sums, o);
  }
  return o;
}

function computeSum(p: NerPass, info: WordInfo | null, role: number, L: number, sums: Int16Array, o: number): void {
  roleScratch.length = 0;
  roleKeys(info, role, roleScratch);
  const weights = p.weights;
  for (const k of roleScratch) {
    const r = lookup(p, k);
    if (r >= 0) for (let y = 0; y < L; y++) sums[o + y] += weights[r * L + y];
  }
}

/**
 * Sets acc[(t - first) × L …] to the weights of the base features of tokens [first, end) (one
 * sentence; f: its features, token t's at f.offsets[t - first]); words[t]: token t's word.
 */
function addBaseEmissions(p: NerPass, pi: number, f: ExtractedFeatures, words: TaggerWord[], cache: WordCache, first: number, end: number, L: number, acc: Int32Array): void {
  const s = cache.sums;
  for (let t = first; t < end; t++) {
    const at = (t - first) * L;
    const o0 = wordSum(p, pi, words[t], ROLE_SELF, L, s);
    const o1 = wordSum(p, pi, t > first ? words[t - 1] : cache.start, ROLE_PREV, L, s);
    const o2 = wordSum(p, pi, t + 1 < end ? words[t + 1] : cache.end, ROLE_NEXT, L, s);
    const o3 = wordSum(p, pi, t - 2 >= first ? words[t - 2] : cache.start, ROLE_PREV2, L, s);
    const o4 = wordSum(p, pi, t + 2 < end ? words[t + 2] : cache.end, ROLE_NEXT2, L, s);
    for (let y = 0; y < L; y++) acc[at + y] = s[o0 + y] + s[o1 + y] + s[o2 + y] + s[o3 + y] + s[o4 + y];
    addKeys(p, f.keys, f.offsets[t - first], f.offsets[t - first + 1], L, acc, at);
  }
}

function addEmissions(p: NerPass, f: ExtractedFeatures, first: number, end: number, L: number, acc: Int32Array): void {
  for (let t = first; t < end; t++) addKeys(p, f.keys, f.offsets[t], f.offsets[t + 1], L, acc, (t - first) * L);
}

/** The document statistics of a document in the tagger's layout, and each token's cached word. */
function taggerStats(model: NerModel, cache: WordCache, doc: FeatureDoc): { st: DocStats; tokenWords: TaggerWord[] } {
  cache.begin();
  // the cache's words in order of first appearance (word ids), then per token
  const seen: TaggerWord[] = [];
  const st = documentStats(doc, model.resources, {
    liveWord: canHoldName,
    infoOf: raw => {
      const w = cache.get(raw);
      seen.push(w);
      return w.info!;
    },
  });
  const tokenWords: TaggerWord[] = new Array(doc.words.length);
  for (let t = 0; t < doc.words.length; t++) tokenWords[t] = seen[st.wordId[t]];
  return { st, tokenWords };
}

/**
 * The keys of a sentence as sentenceBase gathers them: a typed buffer kept from one sentence to the
 * next (a fresh array per sentence, grown by copies, made most of the tagger's garbage). `push`
 * takes up to five keys, as many as the features append in one call.
 */
class KeyList implements KeySink {
  buf = new Uint32Array(4096);
  length = 0;

  push(k0: number, k1?: number, k2?: number, k3?: number, k4?: number): void {
    if (this.length + 5 > this.buf.length) {
      const grown = new Uint32Array(2 * this.buf.length);
      grown.set(this.buf);
      this.buf = grown;
    }
    const b = this.buf;
    b[this.length++] = k0;
    if (k1 === undefined) return;
    b[this.length++] = k1;
    if (k2 === undefined) return;
    b[this.length++] = k2;
    if (k3 === undefined) return;
    b[this.length++] = k3;
    if (k4 === undefined) return;
    b[this.length++] = k4;
  }
}

const baseKeys = new KeyList();

/** The base features of sentence s in the tagger's layout, token t's at offsets[t - first]. */
function sentenceBase(st: DocStats, s: number): ExtractedFeatures {
  const { first, end } = st.doc.sentences[s];
  const keys = baseKeys;
  keys.length = 0;
  const offsets = new Uint32Array(end - first + 1);
  sentenceFeatures(st, s, true, keys, offsets, first);
  offsets[end - first] = keys.length;
  const out = keys.buf.slice(0, keys.length);
  // a huge sentence's buffer is not kept
  if (keys.buf.length > 1 << 16) keys.buf = new Uint32Array(4096);
  return { keys: out, offsets };
}

/**
 * The summed integer weights of the base features of every token (row t × L) in pass `pi`, as the
 * tagger computes them; 0 in the sentences it does not decode. For tests: the trainer's layout of
 * the same features (extractFeatures) must give the same sums.
 */
export function baseEmissionScores(model: NerModel, doc: FeatureDoc, pi: number): Int32Array {
  const L = model.labels.length;
  const cache = wordCacheOf(model);
  const { st, tokenWords } = taggerStats(model, cache, doc);
  const out = new Int32Array(doc.words.length * L);
  for (const [si, s] of doc.sentences.entries()) {
    if (s.end <= s.first || (st.live && !st.live[si])) continue;
    const acc = new Int32Array((s.end - s.first) * L);
    addBaseEmissions(model.passes[pi], pi, sentenceBase(st, si), tokenWords, cache, s.first, s.end, L, acc);
    out.set(acc, s.first * L);
  }
  return out;
}

/** Label indices (into model.labels) for every token of a document. */
export function tagDocument(model: NerModel, doc: FeatureDoc, passes = model.passes.length, memo?: SentenceLabelMemo): Int32Array {
  const L = model.labels.length;
  const allowed = allowedCache.get(model) ?? allowedTransitions(model.labels);
  const n = doc.words.length;
  let labels = new Int32Array(n);
  let maxLen = 0;
  for (const s of doc.sentences) maxLen = Math.max(maxLen, s.end - s.first);
  const acc = new Int32Array(maxLen * L);
  const em = new Float32Array(maxLen * L);
  const out = new Int32Array(maxLen);
  const back = new Int32Array(maxLen * L);
  const cache = wordCacheOf(model);
  const { st, tokenWords } = taggerStats(model, cache, doc);
  // per sentence, computed when first needed: its base features, its digest of the document statistics
  const bases: (ExtractedFeatures | undefined)[] = new Array(doc.sentences.length);
  const digests: (Uint32Array | undefined)[] = new Array(doc.sentences.length);
  const O = model.labels.indexOf('O');
  for (let pi = 0; pi < Math.min(passes, model.passes.length); pi++) {
    const p = model.passes[pi];
    const extra = pi === 0 ? null : secondPassFeatures(st, labels, model.labels);
    const next = new Int32Array(n);
    for (const [si, s] of doc.sentences.entries()) {
      const len = s.end - s.first;
      if (len <= 0) continue;
      if (st.live && !st.live[si]) {
        // no token that could be (or make) a name: whatever the decoder says, the repairs below end with O
        next.fill(O, s.first, s.end);
        continue;
      }
      const memoKey = memo && sentenceKey(pi, (digests[si] ??= digestOf(st, si)), extra, doc.words, tokenWords, s.first, s.end);
      const known = memoKey && memo.get(memoKey.hash, memoKey.key);
      if (known) {
        next.set(known, s.first);
        continue;
      }
      addBaseEmissions(p, pi, (bases[si] ??= sentenceBase(st, si)), tokenWords, cache, s.first, s.end, L, acc);
      if (extra) addEmissions(p, extra, s.first, s.end, L, acc);
      for (let i = 0; i < len * L; i++) em[i] = acc[i] * p.scale;
      viterbi(em, len, L, p.trans, allowed, out, back);
      next.set(out.subarray(0, len), s.first);
      repairSpans(model.labels, doc.words, next, s.first, s.end);
      refineSpans(model.labels, doc.words, next, s.first, s.end, model.resources, st.low);
      // (the probe's buffer is the next sentence's: the stored key is a copy)
      if (memoKey) memo.set(memoKey.hash, { keys: memoKey.key.keys.slice(), words: doc.words.slice(s.first, s.end) }, next.slice(s.first, s.end));
    }
    labels = next;
  }
  return labels;
}

/**
 * A token that can keep a span after the repairs: a capitalised or numeric word (repairSpans drops
 * spans without one) or a domain name (the post-pass makes it an organisation). A sentence without
 * such a token, and without a token that takes document-level features, is all O whatever the
 * scores, so it is not decoded (a page of punctuation or lower-case text costs no Viterbi).
 */
function canHoldName(w: string): boolean {
  const c = w.charCodeAt(0);
  if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return true;
  if (c < 128 && !w.includes('.')) return false;
  return /^[\p{Lu}\p{N}]/u.test(w) || isDomainName(w);
}

/** Honorifics: never part of a name, and what follows them is a person. */
const HONORIFICS = new Set(['mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'mx', 'mx.', 'miss', 'dr', 'dr.', 'prof', 'prof.', 'sir', 'dame', 'madam', 'mme', 'mme.']);

/**
 * Repairs of the decoded labels that the 1996 training data cannot teach: a leading honorific
 * ("Mr", "Dame") leaves the span and makes it a person; a span with no capitalised word or with
 * punctuation at its edges is trimmed or dropped.
 */
function repairSpans(labels: readonly string[], words: readonly string[], seq: Int32Array, from: number, to: number): void {
  const O = labels.indexOf('O');
  for (const sp of labelsToSpans(labels, seq, from, to)) {
    let { first, last } = sp;
    let type = sp.type;
    while (first <= last && !/[\p{L}\p{N}]/u.test(words[first])) seq[first++] = O;
    while (last >= first && !/[\p{L}\p{N}]/u.test(words[last])) seq[last--] = O;
    if (first <= last && HONORIFICS.has(words[first].toLowerCase())) {
      seq[first++] = O;
      type = 'PER';
    } else if (first > from && HONORIFICS.has(words[first - 1].toLowerCase()) && /^\p{Lu}/u.test(words[first - 1])) type = 'PER';
    let capitalised = false;
    for (let t = first; t <= last; t++) if (/^\p{Lu}|^\p{N}/u.test(words[t])) capitalised = true;
    if (first > last || !capitalised) {
      for (let t = first; t <= last; t++) seq[t] = O;
      continue;
    }
    if (first !== sp.first || last !== sp.last || type !== sp.type) setSpan(labels, seq, first, last, type);
  }
}

/** Largest text handed to the tagger in one piece (characters); longer texts are tagged in pieces cut at paragraph breaks. */
const MAX_PIECE = 200_000;

/** Named entities of a text, sorted by start; offsets are string indices into text. */
export function tagEntities(model: NerModel, text: string, options: TagOptions = {}): NerEntity[] {
  const out: NerEntity[] = [];
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + MAX_PIECE);
    if (to < text.length) {
      const br = text.lastIndexOf('\n\n', to);
      if (br > from + MAX_PIECE / 2) to = br;
    }
    tagPiece(model, text, from, to, options, out);
    from = to;
  }
  if (options.rules !== false) {
    const rules = ruleEntities(text);
    if (rules.length) {
      const merged: NerEntity[] = [];
      let j = 0;
      for (const r of rules) {
        while (j < out.length && out[j].end <= r.start) merged.push(out[j++]);
        // an overlapping name wins
        if (j < out.length && out[j].start < r.end) continue;
        if (merged.length && merged[merged.length - 1].end > r.start) continue;
        merged.push(r);
      }
      while (j < out.length) merged.push(out[j++]);
      return merged;
    }
  }
  return out;
}

function tagPiece(model: NerModel, text: string, from: number, to: number, options: TagOptions, out: NerEntity[]): void {
  const piece = from === 0 && to === text.length ? text : text.slice(from, to);
  const { tokens, sentences } = tokenise(piece, options.memo?.blocks);
  if (!tokens.length) return;
  const doc: FeatureDoc = { words: mapPacked(tokens, t => t.text), sentences };
  const seq = tagDocument(model, doc, model.passes.length, options.memo);
  for (const s of sentences) {
    for (const sp of labelsToSpans(model.labels, seq, s.first, s.end)) {
      if (sp.type === 'MISC' && !options.misc) continue;
      const start = tokens[sp.first].start + from;
      const end = tokens[sp.last].end + from;
      out.push({ start, end, type: sp.type as NerEntityType, text: text.slice(start, end) });
    }
  }
}

const FIRST_NAME = 1 << 4;
const PLACE = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3);

/** The model's word lists as a NameLexicon (first names; countries, cities, regions, continents). */
export function nerLexicon(model: NerModel): { isFirstName(word: string): boolean; isPlace(word: string): boolean } {
  return lexiconOf(model.resources.gaz);
}

function lexiconOf(gaz: Map<string, number>): { isFirstName(word: string): boolean; isPlace(word: string): boolean } {
  return {
    isFirstName: word => ((gaz.get(word.toLowerCase()) ?? 0) & FIRST_NAME) !== 0,
    isPlace: word => ((gaz.get(word.toLowerCase()) ?? 0) & PLACE) !== 0,
  };
}

/** The lexicon's words as plain data (one string, one flag byte per word), to send to another thread. */
export function lexiconEntries(model: NerModel): { words: string; flags: Uint8Array } {
  const words: string[] = [];
  const flags: number[] = [];
  for (const [w, f] of model.resources.gaz) {
    if (f & (FIRST_NAME | PLACE)) {
      words.push(w);
      flags.push(f & (FIRST_NAME | PLACE));
    }
  }
  return { words: words.join('\n'), flags: Uint8Array.from(flags) };
}

/** The NameLexicon of `lexiconEntries`. */
export function lexiconFromEntries(entries: { words: string; flags: Uint8Array }): { isFirstName(word: string): boolean; isPlace(word: string): boolean } {
  const gaz = new Map<string, number>();
  const words = entries.words ? entries.words.split('\n') : [];
  for (let i = 0; i < words.length; i++) gaz.set(words[i], entries.flags[i] ?? 0);
  return lexiconOf(gaz);
}
