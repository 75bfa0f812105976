/**
 * Compare sources across articles: the index of quotes and claims, candidate pairs that scale
 * (anchors on word n-grams, numbers and names with a document-frequency cap; BM25 top-k; a date
 * window), word-level alignment, and groups with their relation, conflicts and word differences.
 *
 * `set(uri, input)` and `delete(uri)` cost only the work of that file: its units are aligned with
 * the candidates the index returns for them, and the verified links are kept. `groups()` joins
 * the links (union-find with a guard against chains of weak links) and is cached until a change.
 */
import { alignPacked, wordDiff, type PackedTokens } from './align';
import { isVerbForm, weight } from './normalize';
import { extractUnits, type CompareInput, type Unit, type UnitKind } from './claims';
import type { Token, TokenKind } from './normalize';
import { NONE, Postings, SATURATED } from './postings';
import { wordAt, wordId } from './vocab';
import { dayNumber, findConflicts, type SlotConflict, type TitleInfo } from './relation';
import { countWords } from '../text/sentences';
import type { CompareGroup, CompareOptions, GroupConflict, GroupMember, GroupRelation, MemberDiff } from './types';

export type { CompareInput } from './claims';
export * from './types';
export { tokenize, spellingKey, stem, type Token } from './normalize';
export { extractUnits } from './claims';
export { align, wordDiff, type DiffOp } from './align';
export { findConflicts } from './relation';
export { renderMarkdown, renderHtml, escapeHtml, type RenderOptions } from './render';

const KINDS: TokenKind[] = ['word', 'stop', 'number', 'entity', 'date'];
const F_INSERTED = 8;
const F_BRK = 16;
const F_APPROX = 32;
/** A word of one or two letters (it weighs less). */
const F_SHORT = 64;
/** In a short run in double quotation marks (see `Token.quoted`). */
const F_QUOTED = 128;
/** Alignment weights by token kind (see `weight`). */
const KIND_WEIGHT = [1.6, 0.3, 2.5, 2.5, 1.5];

interface Doc {
  uri: string;
  file: string;
  outlet: string | null;
  date: string | null;
  day: number | null;
  text: string;
  units: number[];
  /** A number of its own (the unit table keeps it beside each unit). */
  n: number;
}

const NO_DAY = -0x40000000;

/**
 * The stored units by id (ids grow from 0): an array, with each unit's article number and day in
 * typed arrays, so that ranking candidates (thousands of look-ups per article) reads no object.
 */
class UnitTable {
  private items: (Stored | undefined)[] = [];
  private docN = new Int32Array(1024);
  private dayN = new Int32Array(1024);
  size = 0;

  get(id: number): Stored | undefined {
    return this.items[id];
  }

  set(s: Stored): void {
    if (s.id >= this.docN.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(Math.max(2 * a.length, s.id + 1));
        b.set(a);
        return b;
      };
      this.docN = grow(this.docN);
      this.dayN = grow(this.dayN);
    }
    if (!this.items[s.id]) this.size++;
    this.items[s.id] = s;
    this.docN[s.id] = s.doc.n;
    this.dayN[s.id] = s.doc.day ?? NO_DAY;
  }

  delete(id: number): void {
    if (!this.items[id]) return;
    this.items[id] = undefined;
    this.docN[id] = -1;
    this.size--;
  }

  /** Whether unit `id` is stored, in another article than `doc` (or any, when `sameFile`), within `window` days of `day`. */
  comparable(id: number, doc: number, day: number, window: number, sameFile: boolean, self: number): boolean {
    if (id >= this.items.length || id === self) return false;
    const d = this.docN[id];
    if (d < 0) return false;
    if (d === doc && !sameFile) return false;
    const o = this.dayN[id];
    return day === NO_DAY || o === NO_DAY || Math.abs(day - o) <= window;
  }
}

/** A unit as stored: its tokens packed in its article's typed array, over an interned vocabulary. */
interface Stored {
  id: number;
  doc: Doc;
  kind: UnitKind;
  start: number;
  end: number;
  speaker?: string;
  /**
   * The tokens of every unit of the article (one array each, not one per unit: a buffer costs more
   * than its contents for short units): FIELDS ints per token, key id, stem id, source start,
   * source end, flags (kind | F_*). This unit's tokens are the `n` from token `o / FIELDS` on.
   */
  t: Int32Array;
  o: number;
  n: number;
  /** Distinct content stems (the unit's length for BM25). */
  clen: number;
  titles?: { token: number; title: string; start: number }[];
}

const FIELDS = 5;
/** Grouping works on nodes: stretches of a unit (see `buildGroups`), at most this many per unit. */
const NODES_PER_UNIT = 64;
const unitOfNode = (n: number) => Math.floor(n / NODES_PER_UNIT);
const nTok = (s: Stored) => s.n;
const keyAt = (s: Stored, k: number) => s.t[s.o + FIELDS * k];
const stemAt = (s: Stored, k: number) => s.t[s.o + FIELDS * k + 1];
const startAt = (s: Stored, k: number) => s.t[s.o + FIELDS * k + 2];
const endAt = (s: Stored, k: number) => s.t[s.o + FIELDS * k + 3];
const flagAt = (s: Stored, k: number) => s.t[s.o + FIELDS * k + 4];
const isStop = (s: Stored, k: number) => (s.t[s.o + FIELDS * k + 4] & 7) === 1;

/** A candidate link: two units whose alignment shares some words; judged with corpus statistics in `groups()`. */
interface Link {
  a: number;
  b: number;
  /** Stems of the matched content tokens (interned ids). */
  shared: number[];
  /** Distinct matched words and names (not numbers, dates or words of one or two letters). */
  words: number;
  /** Longest run of consecutive matched tokens, and the length of the shorter unit. */
  run: number;
  shorter: number;
  /** Aligned stretches: token ranges and source offsets. */
  aTok: number;
  aTokEnd: number;
  bTok: number;
  bTokEnd: number;
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  /**
   * When the two units name the same participant on the same day (a shared name and a shared
   * date word, in any order): every content stem they share. A report of one event is often
   * reworded and reordered ("X will visit the White House on Thursday" / "X met Y Thursday").
   */
  event?: number[];
  /**
   * Content stems both units put in quotation marks (a word or short phrase: "backstop"), when
   * they share some other content word or name too.
   */
  quoted?: number[];
}

/** A link as judged: accepted or not, how strong. */
export interface LinkStats {
  a: number;
  b: number;
  /** Summed IDF of the shared content words. */
  evidence: number;
  /** evidence / the content of the shorter unit. */
  cover: number;
  /** evidence / the content of the larger aligned stretch. */
  density: number;
  run: number;
  accepted: boolean;
  strong: boolean;
  /** Accepted as a report of one event (a shared name and date word; see `Link.event`). */
  event?: boolean;
}

const K_ENTITY = KINDS.indexOf('entity');
const K_WORD = KINDS.indexOf('word');
const K_DATE = KINDS.indexOf('date');
const K_NUMBER = KINDS.indexOf('number');
const WEEKDAY = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
/** An event link (a shared name and date word) needs its shared words to weigh this much of the shorter unit. */
const EVENT_COVER = 0.3;
/** A quoted word shared by two units (see `Link.quoted`) links them when it weighs this much (a word in about n^0.4 of n units or fewer). */
const QUOTED_EVIDENCE = 0.6;

/** Units aligned with each new unit, from anchors (the most shared first); BM25 adds its top k. */
const MAX_ANCHOR_CANDIDATES = 12;
/** Terms of a BM25 query (the rarest of the unit). */
const BM25_QUERY_TERMS = 6;
/** Acceptance of a link (evidence in summed IDF of shared content words; see `judge`). */
const STRONG_EVIDENCE = 2.6;
const MIN_EVIDENCE = 1.9;
const MIN_DENSITY = 0.5;
const MIN_COVER = 0.3;
const SHORT_COVER = 0.6;
const MIN_SHORT_EVIDENCE = 1.4;
/**
 * Words and names matched in order that link two units whatever their IDF, when they fill a good
 * part of the aligned stretches: in a corpus about one story its own words are in many units and
 * weigh little, yet four of them in the same order, close together, are the same wording.
 */
const ORDERED_WORDS = 4;
const ORDERED_DENSITY = 0.5;
const ORDERED_EVIDENCE = 1.2;

/**
 * Two claims whose aligned stretches are this short and state nothing (no verb form, figure or
 * date) share a noun phrase: a title and a name, "the use of a private email server".
 */
const PHRASE_TOKENS = 8;

/** A claim group no member of which says anything yet ("June 14", "deputy national security adviser", "Senior administration officials"). */
const MIN_CLAIM_WORDS = 5;

/**
 * A group of claims whose every rendering is shorter than a statement: a name, a date, a title or a
 * noun phrase that two articles share. Not shown (a conflict between such renderings still is).
 */
function isFragment(g: CompareGroup): boolean {
  if (g.kind !== 'claim' || g.relation === 'conflict') return false;
  return g.members.every(m => countWords(m.text) < MIN_CLAIM_WORDS);
}

function hashInts(seed: number, ids: ArrayLike<number>, from: number, to: number): number {
  let h = seed | 0;
  for (let k = from; k < to; k++) h = Math.imul(h ^ ids[k], 0x01000193) + 0x9e3779b9;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  // 30 bits: a small integer to V8 (a Map keyed by it stores no boxed number)
  return h & 0x3fffffff;
}

/** Keeps the minimum hash of each window of `w` consecutive hashes (winnowing: a shared run of w+n-1 tokens always yields a shared anchor). */
function winnow(hashes: number[], w: number): number[] {
  if (hashes.length <= w) return hashes.length ? [Math.min(...hashes)] : [];
  const out = new Set<number>();
  for (let i = 0; i + w <= hashes.length; i++) {
    let m = hashes[i];
    for (let k = i + 1; k < i + w; k++) if (hashes[k] < m) m = hashes[k];
    out.add(m);
  }
  return [...out];
}

function contentCount(s: Stored): number {
  let n = 0;
  for (let k = 0; k < nTok(s); k++) if (!isStop(s, k)) n++;
  return n;
}

/** Buffers for `packed`, reused: the unit being added, and each candidate in turn. */
const PACK_NEW = packBuffers(64);
const PACK_OTHER = packBuffers(64);

function packBuffers(n: number): Required<PackedTokens> & { stems: Int32Array; weights: Float64Array; stop: Uint8Array; inserted: Uint8Array } {
  return { stems: new Int32Array(n), weights: new Float64Array(n), stop: new Uint8Array(n), inserted: new Uint8Array(n), length: 0 };
}

/** A unit's tokens as the aligner reads them, written into `into` (grown when short). */
function packed(s: Stored, into: ReturnType<typeof packBuffers>): PackedTokens {
  const n = nTok(s);
  if (into.stems.length < n) Object.assign(into, packBuffers(2 * n));
  const { stems, weights, stop, inserted } = into;
  for (let k = 0; k < n; k++) {
    const f = flagAt(s, k);
    stems[k] = stemAt(s, k);
    weights[k] = f & F_SHORT ? 0.6 : KIND_WEIGHT[f & 7];
    stop[k] = (f & 7) === 1 ? 1 : 0;
    inserted[k] = f & F_INSERTED ? 1 : 0;
  }
  into.length = n;
  return into;
}

function distinctStems(s: Stored): Set<number> {
  const out = new Set<number>();
  for (let k = 0; k < nTok(s); k++) out.add(stemAt(s, k));
  return out;
}

/** The value and unit of a number key ("#2.5%" → 2.5, "%"), or null. */
function numberKey(key: string): { value: number; unit: string } | null {
  const m = /^#(-?[\d.e+]+)(th|%|\$|£|€)?$/.exec(key);
  return m ? { value: Number(m[1]), unit: m[2] ?? '' } : null;
}

export class CompareIndex {
  private readonly docs = new Map<string, Doc>();
  private readonly units = new UnitTable();
  private readonly postings: Postings;
  /** Units holding each stem (by stem id), and how many stems have some. */
  private termUnits = new Int32Array(1024);
  private termCount = 0;
  private readonly links = new Map<number, Map<number, Link>>();
  /** Content terms → the units that hold them, up to bm25TermCap of them (a term in more is never queried). */
  private readonly terms: Postings;
  /** Units in the term index and their summed length (for BM25's length normalisation). */
  private termDocs = 0;
  private termLength = 0;
  private nextId = 0;
  private nextDoc = 0;
  private cached: CompareGroup[] | undefined;
  private accepted = new Map<number, Map<number, LinkStats>>();
  /** Groups as last described, by their members and links (see `buildGroups`). */
  private described = new Map<string, CompareGroup>();
  private readonly opt: Required<CompareOptions>;

  constructor(options: CompareOptions = {}) {
    this.opt = { dateWindowDays: 45, anchorCap: 40, bm25TopK: 6, bm25TermCap: 32, sameFile: false, ...options };
    this.postings = new Postings(this.opt.anchorCap);
    this.terms = new Postings(this.opt.bm25TermCap);
  }

  get size(): number {
    return this.docs.size;
  }

  get unitCount(): number {
    return this.units.size;
  }

  get linkCount(): number {
    let n = 0;
    for (const m of this.links.values()) n += m.size;
    return n / 2;
  }

  /** Sizes of the index's parts (diagnostics). */
  stats(): { articles: number; units: number; links: number; anchors: number; terms: number; bm25Documents: number } {
    return { articles: this.docs.size, units: this.units.size, links: this.linkCount, anchors: this.postings.size, terms: this.termCount, bm25Documents: this.termDocs };
  }

  /** The units of one article: id, kind and source span (diagnostics). */
  unitsOf(uri: string): { id: number; kind: UnitKind; start: number; end: number }[] {
    const doc = this.docs.get(uri);
    return (doc?.units ?? []).map(id => this.units.get(id)!).map(s => ({ id: s.id, kind: s.kind, start: s.start, end: s.end }));
  }

  /** The tokens of a unit with the weight of each in the corpus (diagnostics). */
  unitWords(id: number): { word: string; stem: string; kind: TokenKind; idf: number }[] {
    const s = this.units.get(id);
    if (!s) return [];
    return this.tokens(s).map((t, k) => ({ word: t.key, stem: t.stem, kind: t.kind, idf: this.idf(stemAt(s, k)) }));
  }

  has(uri: string): boolean {
    return this.docs.has(uri);
  }

  /** Adds or replaces one article. */
  set(uri: string, input: CompareInput): void {
    this.delete(uri);
    const model = input.model;
    const doc: Doc = { uri, file: input.file ?? uri, outlet: model.outlet, date: model.date, day: dayNumber(model.date), text: input.text, units: [], n: this.nextDoc++ };
    const units = extractUnits(input);
    const titled = new Map<number, { title: string; start: number }>();
    for (const m of input.entities?.mentions ?? []) {
      if (!m.title) continue;
      const before = input.text.slice(Math.max(0, m.start - 60), m.start);
      const i = before.toLowerCase().lastIndexOf(m.title.toLowerCase());
      titled.set(m.start, { title: m.title, start: i >= 0 ? m.start - before.length + i : m.start });
    }
    const stored: Stored[] = [];
    let total = 0;
    for (const u of units) total += u.tokens.length;
    const tokens = new Int32Array(FIELDS * total);
    let at = 0;
    for (const u of units) {
      const s = this.store(doc, u, tokens, at);
      at += FIELDS * u.tokens.length;
      stored.push(s);
      const ts: TitleInfo[] = [];
      for (const [k, t] of u.tokens.entries()) {
        if (t.kind !== 'entity') continue;
        const span = titled.get(t.start);
        if (span) ts.push({ token: k, title: span.title, start: span.start });
      }
      if (ts.length) s.titles = ts;
    }
    this.docs.set(uri, doc);
    // candidates among the units already indexed, then index this article's units
    const anchors = new Map(stored.map(s => [s, this.anchorsOf(s)]));
    for (const s of stored) {
      const mine = this.contentSet(s);
      let ps: PackedTokens | undefined;
      for (const c of this.candidates(s, anchors.get(s)!)) {
        const other = this.units.get(c);
        if (!other || !this.sharesContent(mine, other)) continue;
        const link = this.verify(s, other, (ps ??= packed(s, PACK_NEW)));
        if (link) this.addLink(link);
      }
      // compared with the same file too: each unit is found by the article's units after it
      if (this.opt.sameFile) this.index(s, anchors.get(s)!);
    }
    if (!this.opt.sameFile) for (const s of stored) this.index(s, anchors.get(s)!);
    this.cached = undefined;
  }

  /** Removes one article and its links. */
  delete(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    for (const id of doc.units) {
      const s = this.units.get(id)!;
      for (const h of this.anchorsOf(s)) this.postings.remove(h, id);
      this.unindexTerms(s);
      for (const k of distinctStems(s)) if (--this.termUnits[k] === 0) this.termCount--;
      const mine = this.links.get(id);
      if (mine) for (const other of mine.keys()) this.links.get(other)?.delete(id);
      this.links.delete(id);
      this.units.delete(id);
    }
    this.docs.delete(uri);
    this.cached = undefined;
  }

  private store(doc: Doc, u: Unit, t: Int32Array, o: number): Stored {
    for (const [k, tok] of u.tokens.entries()) {
      const key = tok.keyId ?? wordId(tok.key);
      const kind = KINDS.indexOf(tok.kind);
      const at = o + FIELDS * k;
      t[at] = key;
      t[at + 1] = tok.stemId ?? (tok.stem === tok.key ? key : wordId(tok.stem));
      t[at + 2] = tok.start;
      t[at + 3] = tok.end;
      t[at + 4] = kind | (tok.inserted ? F_INSERTED : 0) | (tok.brk ? F_BRK : 0) | (tok.approx ? F_APPROX : 0) | (weight(tok) === 0.6 && tok.kind === 'word' ? F_SHORT : 0) | (tok.quoted ? F_QUOTED : 0);
    }
    const s: Stored = { id: this.nextId++, doc, kind: u.kind, start: u.start, end: u.end, t, o, n: u.tokens.length, clen: 0 };
    s.clen = this.contentSet(s).size;
    if (u.speaker) s.speaker = u.speaker;
    doc.units.push(s.id);
    this.units.set(s);
    return s;
  }

  /** The tokens of a stored unit, unpacked. */
  private tokens(s: Stored): Token[] {
    const out: Token[] = new Array(nTok(s));
    for (let k = 0; k < nTok(s); k++) {
      const f = flagAt(s, k);
      const key = wordAt(keyAt(s, k));
      const t: Token = { start: startAt(s, k), end: endAt(s, k), key, stem: wordAt(stemAt(s, k)), kind: KINDS[f & 7] };
      if (f & F_INSERTED) t.inserted = true;
      if (f & F_BRK) t.brk = true;
      if (f & F_APPROX) t.approx = true;
      if (f & F_QUOTED) t.quoted = true;
      if (key.startsWith('#')) {
        const m = /^#(-?[\d.e+]+)(th|%|\$|£|€)?$/.exec(key);
        if (m) {
          t.value = Number(m[1]);
          t.unit = t.kind === 'date' ? 'year' : m[2] === 'th' ? 'ord' : m[2] ?? '';
        }
      }
      out[k] = t;
    }
    return out;
  }

  /** Anchor hashes: winnowed word 4-grams, content-word pairs, rare numbers and dates, names with them, pairs of names. */
  private anchorsOf(s: Stored): number[] {
    const n = nTok(s);
    const stems = new Int32Array(n);
    for (let k = 0; k < n; k++) stems[k] = stemAt(s, k);
    const out = new Set<number>();
    const grams: number[] = [];
    for (let k = 0; k + 4 <= n; k++) grams.push(hashInts(1, stems, k, k + 4));
    for (const h of winnow(grams, 3)) out.add(h);
    const content: number[] = [];
    for (let k = 0; k < n; k++) if (!isStop(s, k)) content.push(stems[k]);
    const pairs: number[] = [];
    for (let k = 0; k + 2 <= content.length; k++) pairs.push(hashInts(2, content, k, k + 2));
    for (const h of winnow(pairs, 2)) out.add(h);
    const entities = new Set<number>();
    const values = new Set<number>();
    for (let k = 0; k < n; k++) {
      const kind = KINDS[flagAt(s, k) & 7];
      if (kind === 'entity') entities.add(stems[k]);
      else if (kind === 'date') values.add(stems[k]);
      else if (kind === 'number') {
        const v = numberKey(wordAt(stems[k]));
        if (v && (v.unit || v.value > 10)) values.add(stems[k]);
      }
    }
    for (let k = 0; k < n; k++) if (flagAt(s, k) & F_QUOTED && !isStop(s, k)) out.add(hashInts(6, stems, k, k + 1));
    const entityIds = [...entities].sort((a, b) => a - b);
    for (const v of values) {
      out.add(hashInts(3, [v], 0, 1));
      for (const e of entityIds) out.add(hashInts(4, [v, e], 0, 2));
    }
    for (let x = 0; x < entityIds.length; x++) for (let y = x + 1; y < entityIds.length; y++) out.add(hashInts(5, [entityIds[x], entityIds[y]], 0, 2));
    return [...out];
  }

  private index(s: Stored, anchors: number[]): void {
    for (const h of anchors) this.postings.add(h, s.id);
    for (const k of distinctStems(s)) {
      if (k >= this.termUnits.length) {
        const grown = new Int32Array(Math.max(2 * this.termUnits.length, k + 1));
        grown.set(this.termUnits);
        this.termUnits = grown;
      }
      if (this.termUnits[k]++ === 0) this.termCount++;
    }
    const terms = this.contentSet(s);
    if (this.opt.bm25TopK > 0 && terms.size >= 2) {
      for (const k of terms) this.terms.add(k, s.id);
      this.termDocs++;
      this.termLength += terms.size;
    }
  }

  private unindexTerms(s: Stored): void {
    const terms = this.contentSet(s);
    if (this.opt.bm25TopK <= 0 || terms.size < 2) return;
    for (const k of terms) this.terms.remove(k, s.id);
    this.termDocs--;
    this.termLength -= terms.size;
  }

  private comparable(s: Stored, id: number): boolean {
    return this.units.comparable(id, s.doc.n, s.doc.day ?? NO_DAY, this.opt.dateWindowDays, this.opt.sameFile, s.id);
  }

  private candidates(s: Stored, anchors: number[]): Set<number> {
    // units sharing the most anchors first, a rare anchor counting more than a common one; at most MAX_ANCHOR_CANDIDATES of them
    const hits = new Map<number, number>();
    const hit = (id: number, w: number) => hits.set(id, (hits.get(id) ?? 0) + w);
    for (const h of anchors) {
      const cur = this.postings.get(h);
      if (cur === NONE || cur === SATURATED) continue;
      if (cur >= 0) hit(cur, 1);
      else {
        const n = this.postings.listLength(cur);
        for (let k = 0; k < n; k++) hit(this.postings.listAt(cur, k), 1 / Math.sqrt(n));
      }
    }
    const ranked = [...hits].filter(([id]) => this.comparable(s, id));
    ranked.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    const out = new Set<number>(ranked.slice(0, MAX_ANCHOR_CANDIDATES).map(([id]) => id));
    if (this.opt.bm25TopK > 0 && this.termDocs > 0) {
      // BM25 over the rarest terms only, each in at most bm25TermCap units: the work per query stays bounded
      const rare = new Map<number, number>();
      for (let k = 0; k < nTok(s); k++) {
        if (isStop(s, k)) continue;
        const df = this.termUnits[stemAt(s, k)] ?? 0;
        if (df > 0 && df <= this.opt.bm25TermCap) rare.set(stemAt(s, k), df);
      }
      const query = [...rare].sort((x, y) => x[1] - y[1] || x[0] - y[0]).slice(0, BM25_QUERY_TERMS);
      if (query.length >= 2) {
        const scores = new Map<number, number>();
        const avg = this.termLength / this.termDocs;
        for (const [term, df] of query) {
          const cur = this.terms.get(term);
          if (cur === NONE || cur === SATURATED) continue;
          const idf = Math.log(1 + (this.termDocs - df + 0.5) / (df + 0.5));
          const n = cur >= 0 ? 1 : this.terms.listLength(cur);
          for (let k = 0; k < n; k++) {
            const id = cur >= 0 ? cur : this.terms.listAt(cur, k);
            if (!this.comparable(s, id)) continue;
            // term frequency 1 (a unit's terms are a set): BM25 with k1 1.2, b 0.75
            const len = this.units.get(id)!.clen;
            scores.set(id, (scores.get(id) ?? 0) + (idf * 2.2) / (1 + 1.2 * (0.25 + (0.75 * len) / avg)));
          }
        }
        const best = [...scores].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, this.opt.bm25TopK);
        for (const [id] of best) out.add(id);
      }
    }
    return out;
  }

  private contentSet(s: Stored): Set<number> {
    const out = new Set<number>();
    for (let k = 0; k < nTok(s); k++) if (!isStop(s, k)) out.add(stemAt(s, k));
    return out;
  }

  /** A cheap test before aligning: two content words in common at least. */
  private sharesContent(mine: Set<number>, o: Stored): boolean {
    let n = 0;
    for (let k = 0; k < nTok(o); k++) if (!isStop(o, k) && mine.has(stemAt(o, k)) && ++n >= 2) return true;
    return false;
  }

  /** Aligns two units; a candidate link when they share some words (judged later, in `groups()`). */
  private verify(s: Stored, o: Stored, ps = packed(s, PACK_NEW)): Link | undefined {
    const flip = s.id > o.id;
    const [x, y] = flip ? [o, s] : [s, o];
    const al = flip ? alignPacked(packed(o, PACK_OTHER), ps) : alignPacked(ps, packed(o, PACK_OTHER));
    const event = this.eventShared(x, y);
    // a quoted word counts when the alignment matches it (the shared stretch is about that word)
    const quoted = al.matches.some(([i, j]) => flagAt(x, i) & F_QUOTED && flagAt(y, j) & F_QUOTED) ? this.quotedShared(x, y) : undefined;
    // only what `judge` could accept is kept: three content words, a verbatim run, two words of a short unit, an event or a quoted word
    if (!event && !quoted && al.contentMatches < 3 && al.longestRun < 6 && !(al.contentMatches === 2 && Math.min(contentCount(x), contentCount(y)) <= 4)) return undefined;
    const shared: number[] = [];
    const words = new Set<number>();
    for (const [i] of al.matches) {
      if (isStop(x, i)) continue;
      shared.push(stemAt(x, i));
      const f = flagAt(x, i);
      if (((f & 7) === K_WORD || (f & 7) === K_ENTITY) && !(f & F_SHORT)) words.add(stemAt(x, i));
    }
    return {
      a: x.id,
      b: y.id,
      shared,
      words: words.size,
      run: al.longestRun,
      shorter: Math.min(nTok(x), nTok(y)),
      aTok: al.aStart,
      aTokEnd: al.aEnd,
      bTok: al.bStart,
      bTokEnd: al.bEnd,
      aStart: startAt(x, al.aStart),
      aEnd: endAt(x, al.aEnd - 1),
      bStart: startAt(y, al.bStart),
      bEnd: endAt(y, al.bEnd - 1),
      ...(event ? { event } : {}),
      ...(quoted ? { quoted } : {}),
    };
  }

  /** The content stems both units quote (see `Link.quoted`), when they share another content word or name. */
  private quotedShared(x: Stored, y: Stored): number[] | undefined {
    const inX = new Map<number, boolean>();
    for (let k = 0; k < nTok(x); k++) if (!isStop(x, k)) inX.set(stemAt(x, k), (inX.get(stemAt(x, k)) ?? false) || (flagAt(x, k) & F_QUOTED) !== 0);
    const quoted = new Set<number>();
    const other = new Set<number>();
    for (let k = 0; k < nTok(y); k++) {
      if (isStop(y, k)) continue;
      const q = inX.get(stemAt(y, k));
      if (q === undefined) continue;
      if (q && flagAt(y, k) & F_QUOTED) quoted.add(stemAt(y, k));
      else other.add(stemAt(y, k));
    }
    for (const t of quoted) other.delete(t);
    return quoted.size && other.size ? [...quoted] : undefined;
  }

  /** The content stems two units share when one of them is a name and one a date word (see `Link.event`). */
  private eventShared(x: Stored, y: Stored): number[] | undefined {
    const kinds = new Map<number, number>();
    for (let k = 0; k < nTok(x); k++) if (!isStop(x, k)) kinds.set(stemAt(x, k), flagAt(x, k) & 7);
    const shared = new Set<number>();
    let name = false;
    let day = false;
    let month = false;
    let number = false;
    for (let k = 0; k < nTok(y); k++) {
      const kind = kinds.get(stemAt(y, k));
      if (kind === undefined) continue;
      shared.add(stemAt(y, k));
      if (kind === K_ENTITY) name = true;
      else if (kind === K_NUMBER) number = true;
      else if (kind === K_DATE) {
        const w = wordAt(stemAt(y, k));
        // a weekday names one day only in articles of the same week
        if (WEEKDAY.has(w)) day ||= x.doc.day === null || y.doc.day === null || Math.abs(x.doc.day - y.doc.day) <= 6;
        else if (!w.startsWith('#')) month = true;
        // a year alone ("in 2008") names no event
      }
    }
    // a day: a weekday, or a month with a number both give ("June 14")
    const date = day || (month && number);
    return name && date && shared.size >= 3 ? [...shared] : undefined;
  }

  private idf(stem: number): number {
    // normalised: a word found once weighs about 1 whatever the size of the corpus
    const df = this.termUnits[stem] || 1;
    const n = Math.max(this.units.size, 2);
    return Math.log(1 + n / df) / Math.log(1 + n);
  }

  private content(s: Stored, from = 0, to = nTok(s)): number {
    let w = 0;
    for (let k = from; k < to; k++) if (!isStop(s, k)) w += this.idf(stemAt(s, k));
    return w;
  }

  private distinctContent(s: Stored): number {
    let w = 0;
    for (const t of this.contentSet(s)) w += this.idf(t);
    return w;
  }

  /** A stretch of a unit that states something: a figure, a date, or a verb form (see `isVerbForm`). */
  private states(s: Stored, from: number, to: number): boolean {
    for (let k = from; k < to; k++) {
      const kind = flagAt(s, k) & 7;
      if (kind === K_NUMBER || kind === K_DATE || isVerbForm(wordAt(keyAt(s, k)), k + 1 < nTok(s) ? wordAt(keyAt(s, k + 1)) : undefined)) return true;
    }
    return false;
  }

  /** Judges a candidate link with the corpus's word statistics (so the result does not depend on the order files came in). */
  judge(l: Link): LinkStats {
    const A = this.units.get(l.a)!;
    const B = this.units.get(l.b)!;
    let evidence = 0;
    for (const t of l.shared) evidence += this.idf(t);
    const cover = evidence / Math.max(1, Math.min(this.content(A), this.content(B)));
    const density = evidence / Math.max(1, this.content(A, l.aTok, l.aTokEnd), this.content(B, l.bTok, l.bTokEnd));
    const verbatim = l.run >= 6 && l.run >= 0.7 * l.shorter;
    let event = false;
    if (l.event) {
      // the shared words, in any order, carry a good part of the shorter unit
      let shared = 0;
      for (const t of l.event) shared += this.idf(t);
      event = shared / Math.max(1, Math.min(this.distinctContent(A), this.distinctContent(B))) >= EVENT_COVER;
    }
    // a quoted word both share, rare enough to say which statement it is
    let quoted = false;
    if (l.quoted) {
      let w = 0;
      for (const t of l.quoted) w += this.idf(t);
      quoted = w >= QUOTED_EVIDENCE;
    }
    // two claims whose short aligned stretches are noun phrases share a name or a title, not a statement
    const phrase = A.kind === 'claim' && B.kind === 'claim' && Math.max(l.aTokEnd - l.aTok, l.bTokEnd - l.bTok) <= PHRASE_TOKENS && !(this.states(A, l.aTok, l.aTokEnd) || this.states(B, l.bTok, l.bTokEnd));
    const accepted =
      quoted ||
      event ||
      (!phrase &&
        (verbatim ||
          (evidence >= STRONG_EVIDENCE && density >= 0.4) ||
          // more shared rare words allow more words between them
          (evidence >= 1.4 * STRONG_EVIDENCE && density >= 0.33) ||
          (evidence >= MIN_EVIDENCE && density >= MIN_DENSITY && cover >= MIN_COVER) ||
          // most of the shorter unit found, in order, with a few words between
          (evidence >= MIN_EVIDENCE && density >= 0.4 && cover >= 0.5) ||
          (cover >= SHORT_COVER && evidence >= MIN_SHORT_EVIDENCE) ||
          (l.words >= ORDERED_WORDS && density >= ORDERED_DENSITY && evidence >= ORDERED_EVIDENCE)));
    return { a: l.a, b: l.b, evidence, cover, density, run: l.run, accepted, strong: verbatim || cover >= 0.6, ...(event ? { event } : {}) };
  }

  /** Every candidate link with its statistics (diagnostics). */
  linkStats(): (LinkStats & { aText: string; bText: string; aUri: string; bUri: string })[] {
    const out = [];
    for (const [id, m] of this.links)
      for (const [other, l] of m) {
        if (id > other) continue;
        const A = this.units.get(l.a)!;
        const B = this.units.get(l.b)!;
        out.push({ ...this.judge(l), aUri: A.doc.uri, bUri: B.doc.uri, aText: A.doc.text.slice(l.aStart, l.aEnd), bText: B.doc.text.slice(l.bStart, l.bEnd) });
      }
    return out;
  }

  private addLink(l: Link): void {
    for (const [p, q] of [[l.a, l.b], [l.b, l.a]]) {
      let m = this.links.get(p);
      if (!m) this.links.set(p, (m = new Map()));
      m.set(q, l);
    }
  }

  /** Every group of two or more files, conflicts first, then by number of files. */
  groups(): CompareGroup[] {
    if (!this.cached) this.cached = this.buildGroups();
    return this.cached;
  }

  private buildGroups(): CompareGroup[] {
    const judged: { l: Link; j: LinkStats }[] = [];
    for (const [id, m] of this.links)
      for (const [other, l] of m) {
        if (id > other) continue;
        const j = this.judge(l);
        if (j.accepted) judged.push({ l, j });
      }
    judged.sort((x, y) => Number(y.j.strong) - Number(x.j.strong) || y.j.evidence - x.j.evidence || x.l.a - y.l.a || x.l.b - y.l.b);
    // the nodes grouped: a unit's stretches in its accepted links, those that overlap taken together.
    // A sentence that reports two facts which other sources give apart ("X met Y on Thursday to ask
    // for Z") is aligned with each of them on a different stretch: two nodes, and it joins two groups.
    const stretches = new Map<number, [number, number][]>();
    const addStretch = (u: number, s: number, e: number) => {
      let list = stretches.get(u);
      if (!list) stretches.set(u, (list = []));
      list.push([s, e]);
    };
    for (const { l } of judged) {
      addStretch(l.a, l.aStart, l.aEnd);
      addStretch(l.b, l.bStart, l.bEnd);
    }
    const clusters = new Map<number, [number, number][]>();
    for (const [u, list] of stretches) {
      list.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      const merged: [number, number][] = [];
      for (const [s, e] of list) {
        const last = merged[merged.length - 1];
        if (last && (s < last[1] || merged.length >= NODES_PER_UNIT)) last[1] = Math.max(last[1], e);
        else merged.push([s, e]);
      }
      clusters.set(u, merged);
    }
    const nodeOf = (u: number, s: number): number => {
      const list = clusters.get(u)!;
      let k = list.length - 1;
      while (k > 0 && list[k][0] > s) k--;
      return u * NODES_PER_UNIT + k;
    };
    const edges: { a: number; b: number; j: LinkStats }[] = judged.map(({ l, j }) => ({ a: nodeOf(l.a, l.aStart), b: nodeOf(l.b, l.bStart), j }));
    const accepted = new Map<number, Map<number, LinkStats>>();
    for (const { a, b, j } of edges)
      for (const [p, q] of [[a, b], [b, a]]) {
        let m = accepted.get(p);
        if (!m) accepted.set(p, (m = new Map()));
        m.set(q, j);
      }
    this.accepted = accepted;
    const parent = new Map<number, number>();
    const members = new Map<number, number[]>();
    const find = (x: number): number => {
      let r = x;
      while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
      let c = x;
      while (c !== r) {
        const n = parent.get(c)!;
        parent.set(c, r);
        c = n;
      }
      return r;
    };
    const ensure = (x: number) => {
      if (!parent.has(x)) {
        parent.set(x, x);
        members.set(x, [x]);
      }
    };
    for (const { a, b, j } of edges) {
      ensure(a);
      ensure(b);
      const ra = find(a);
      const rb = find(b);
      if (ra === rb) continue;
      const ma = members.get(ra)!;
      const mb = members.get(rb)!;
      // the chain guard: a group joins another only when enough of the smaller one is linked to the larger
      const [small, large] = ma.length <= mb.length ? [ma, mb] : [mb, ma];
      if (small.length + large.length > 2) {
        const inLarge = new Set(large);
        let linked = 0;
        for (const u of small) {
          const m = accepted.get(u);
          if (m && [...m.keys()].some(v => inLarge.has(v))) linked++;
        }
        let edges = 0;
        for (const u of small) {
          const m = accepted.get(u);
          if (m) for (const v of m.keys()) if (inLarge.has(v)) edges++;
        }
        const need = j.strong ? 0.34 : 0.5;
        // a leaf (one node whose every accepted link leads into the larger group) brings no chain with it
        const leaf = small.length === 1 && [...accepted.get(small[0])!.keys()].every(v => inLarge.has(v));
        if (!leaf && (linked < Math.ceil(small.length * 0.5) || edges < need * small.length * Math.min(large.length, 4))) continue;
      }
      parent.set(rb, ra);
      members.set(ra, ma.concat(mb));
      members.delete(rb);
    }
    const groups: CompareGroup[] = [];
    const described = new Map<string, CompareGroup>();
    for (const ids of members.values()) {
      const files = new Set(ids.map(id => this.units.get(unitOfNode(id))!.doc.uri));
      // two files at least, or two units of one file when the same file is compared too
      if (files.size < 2 && !(this.opt.sameFile && new Set(ids.map(unitOfNode)).size >= 2)) continue;
      // a group is described again only when its members or the links between them changed:
      // unit ids (so node ids) are new whenever a file is set again, so the key names exactly what `describe` reads
      ids.sort((a, b) => a - b);
      const inGroup = new Set(ids);
      let key = ids.join(',');
      for (const u of ids) for (const v of accepted.get(u)?.keys() ?? []) if (v > u && inGroup.has(v)) key += ` ${u}-${v}`;
      const g = this.described.get(key) ?? this.describe(ids);
      described.set(key, g);
      if (isFragment(g)) continue;
      groups.push(g);
    }
    this.described = described;
    groups.sort((x, y) => Number(y.relation === 'conflict') - Number(x.relation === 'conflict') || y.sources - x.sources || y.members.length - x.members.length || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    return groups;
  }

  private describe(ids: number[]): CompareGroup {
    const inGroup = new Set(ids);
    const nodesOf = new Map<number, number[]>();
    for (const n of ids) {
      const u = unitOfNode(n);
      const list = nodesOf.get(u);
      if (list) list.push(n);
      else nodesOf.set(u, [n]);
    }
    const units = [...nodesOf.keys()].map(id => this.units.get(id)!).sort((x, y) => (x.doc.date ?? '9999') < (y.doc.date ?? '9999') ? -1 : (x.doc.date ?? '9999') > (y.doc.date ?? '9999') ? 1 : x.doc.file < y.doc.file ? -1 : x.doc.file > y.doc.file ? 1 : x.start - y.start);
    // each member's stretch: the union of its aligned stretches with the other members
    const span = new Map<number, [number, number]>();
    const degree = new Map<number, number>();
    for (const u of units) {
      let s = Infinity;
      let e = -Infinity;
      let d = 0;
      for (const n of nodesOf.get(u.id)!)
        for (const v of this.accepted.get(n)?.keys() ?? []) {
          if (!inGroup.has(v)) continue;
          const l = this.links.get(u.id)!.get(unitOfNode(v))!;
          const [ls, le] = l.a === u.id ? [l.aStart, l.aEnd] : [l.bStart, l.bEnd];
          s = Math.min(s, ls);
          e = Math.max(e, le);
          // a report of one event is its words in any order: the stretch shows all of them, not the aligned name alone
          if (l.event && this.accepted.get(n)?.get(v)?.event) {
            const words = new Set(l.event);
            for (let k = 0; k < nTok(u); k++) {
              if (!words.has(stemAt(u, k))) continue;
              s = Math.min(s, startAt(u, k));
              e = Math.max(e, endAt(u, k));
            }
          }
          // the most connected member is the reference: links first, then the words they share
          // (counts, not corpus weights, so a group described once stays right while it is unchanged)
          d += 1000 + l.shared.length;
        }
      span.set(u.id, Number.isFinite(s) ? [s, e] : [u.start, u.end]);
      degree.set(u.id, d);
    }
    const members: GroupMember[] = units.map(u => {
      const [s, e] = span.get(u.id)!;
      const m: GroupMember = { uri: u.doc.uri, file: u.doc.file, start: s, end: e, text: u.doc.text.slice(s, e), unitStart: u.start, unitEnd: u.end, kind: u.kind };
      if (u.doc.outlet) m.outlet = u.doc.outlet;
      if (u.doc.date) m.date = u.doc.date;
      if (u.speaker) m.speaker = u.speaker;
      return m;
    });
    let reference = 0;
    for (let k = 1; k < units.length; k++) if (degree.get(units[k].id)! > degree.get(units[reference].id)!) reference = k;
    const tokens = units.map(u => this.tokens(u));
    const within = (k: number) => tokens[k].filter(t => t.start >= members[k].start && t.end <= members[k].end);
    const refTokens = within(reference);
    const diffs: MemberDiff[] = [];
    let identical = true;
    for (let k = 0; k < units.length; k++) {
      if (k === reference) continue;
      const mine = within(k);
      const ops = refTokens.length && mine.length ? wordDiff(refTokens, mine) : [];
      if (ops.some(o => o.op !== 'equal')) identical = false;
      diffs.push({ member: k, ops });
    }
    const conflicts: GroupConflict[] = [];
    for (let x = 0; x < units.length; x++) {
      for (let y = x + 1; y < units.length; y++) {
        if (units[x].doc === units[y].doc) continue;
        const found = findConflicts(
          { tokens: tokens[x], titles: units[x].titles ?? [], date: units[x].doc.date, text: units[x].doc.text },
          { tokens: tokens[y], titles: units[y].titles ?? [], date: units[y].doc.date, text: units[y].doc.text },
        );
        for (const c of found) {
          conflicts.push(this.explain(c, x, y, units[x], units[y]));
          // the member's stretch shows the conflicting words too
          members[x].start = Math.min(members[x].start, c.aStart);
          members[x].end = Math.max(members[x].end, c.aEnd);
          members[y].start = Math.min(members[y].start, c.bStart);
          members[y].end = Math.max(members[y].end, c.bEnd);
        }
      }
    }
    for (const [k, m] of members.entries()) m.text = units[k].doc.text.slice(m.start, m.end);
    const relation: GroupRelation = conflicts.length ? 'conflict' : identical ? 'identical' : 'variant';
    const quotes = units.filter(u => u.kind === 'quote').length;
    const first = members[0];
    return {
      id: `${first.file}:${first.start}-${first.end}`,
      kind: quotes * 2 >= units.length ? 'quote' : 'claim',
      relation,
      members,
      conflicts,
      reference,
      diffs,
      sources: new Set(members.map(m => m.uri)).size,
    };
  }

  private explain(c: SlotConflict, x: number, y: number, a: Stored, b: Stored): GroupConflict {
    const left = a.doc.text.slice(c.aStart, c.aEnd).replace(/\s+/g, ' ');
    const right = b.doc.text.slice(c.bStart, c.bEnd).replace(/\s+/g, ' ');
    const what = { figure: 'the figure differs', date: 'the date differs', deadline: 'the deadline differs', time: 'the time differs', title: `the title of ${c.subject ?? 'the person'} differs` }[c.slot];
    const l = c.slot === 'title' && c.leftTitle ? c.leftTitle : left;
    const r = c.slot === 'title' && c.rightTitle ? c.rightTitle : right;
    return { a: x, b: y, slot: c.slot, left, right, leftStart: c.aStart, leftEnd: c.aEnd, rightStart: c.bStart, rightEnd: c.bEnd, explanation: `${what}: '${l}' vs '${r}'` };
  }
}
