/**
 * Attributions learned from annotated news (reported speech): a linear-chain tagger over the tokens
 * of a paragraph that marks the source ("a senior official"), the cue ("said", "told reporters",
 * "according to", "warned") and the content ("the talks were …") of every attribution, with
 * or without quotation marks. Trained by src/tools/trainReported.ts (npm run train:reported) as an
 * averaged structured perceptron; the weights ship as the asset media/models/reported.bin, which
 * the host reads and hands over as bytes (decodeReportedModel, then installReportedModel in
 * extract.ts); without it, reported speech comes from the reporting-verb rules alone.
 *
 * Features are general: the word, its neighbours, shape, suffix, a reporting-verb lexicon
 * (lexicon.ts plus cue words learned from the training data), the position of the nearest cue to
 * the left and right in the sentence, quotation marks and punctuation. Decoding is Viterbi with the
 * BIO grammar; chunks are then grouped into attributions (content ← its cue ← its source).
 *
 * Linear in the text: features look at a bounded window, the cue-distance features are two passes
 * per sentence, Viterbi is O(tokens × labels²).
 */
import type { Token } from './text';
import { viterbi } from '../ner/decode';
import { readVarintDeltas, varintDeltas } from '../varint';
import { FRAME_FORMS, HONORIFICS, PRONOUNS, REPORT_FORMS, ROLE_NOUNS, SPEECH_FORMS, STANCE_FORMS } from './lexicon';

export const REPORTED_LABELS = ['O', 'B-SRC', 'I-SRC', 'B-CUE', 'I-CUE', 'B-CON', 'I-CON'] as const;
export const NL = REPORTED_LABELS.length;
if (NL !== 7) throw new Error('tagReported adds the weights of 7 labels');
const O = 0;
const B_SRC = 1;
const I_SRC = 2;
const B_CUE = 3;
const I_CUE = 4;
const B_CON = 5;

/** allowed[prev * (NL + 1) + next]: I-X only after B-X or I-X; row/column NL are the start/end. */
export const ALLOWED = (() => {
  const L1 = NL + 1;
  const a = new Uint8Array(L1 * L1);
  for (let p = 0; p <= NL; p++) {
    for (let q = 0; q <= NL; q++) {
      if (q === NL || q === O || q === B_SRC || q === B_CUE || q === B_CON) a[p * L1 + q] = 1;
      else a[p * L1 + q] = p === q || p === q - 1 ? 1 : 0;
    }
  }
  a[NL * L1 + NL] = 0;
  return a;
})();

const FNV0 = 0x811c9dc5;
function hashMore(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** 32-bit FNV-1a of a feature string: the model's keys. */
export function featureHash(s: string): number {
  return hashMore(FNV0, s) >>> 0;
}

/** Word classes from the general lexicon (and the learned cue words). */
export function lexClass(l: string, cueWords: ReadonlySet<string>): string {
  if (SPEECH_FORMS.has(l)) return 'SP';
  if (REPORT_FORMS.has(l)) return 'RP';
  if (cueWords.has(l)) return 'CW';
  if (FRAME_FORMS.has(l) || STANCE_FORMS.has(l)) return 'ST';
  if (l in PRONOUNS) return 'PR';
  if (ROLE_NOUNS.has(l)) return 'RO';
  if (HONORIFICS.has(l)) return 'HO';
  return '';
}

/** The classes of lexClass as small integers (0: none), then the start and end markers of cp / cn. */
const CLASSES = ['', 'SP', 'RP', 'CW', 'ST', 'PR', 'RO', 'HO', '^', '$'];
const NCLS = CLASSES.length;
const CLS_START = 8;
const CLS_END = 9;
const CLS_ID = new Map(CLASSES.map((c, i) => [c, i]));
/** A cue word: a verb of speech, a reporting verb or a learned cue word. */
const isCueClass = (c: number) => c === 1 || c === 2 || c === 3;

/** A token's shape: always one UTF-16 code unit. */
function shape(t: Token): string {
  if (!t.w) return t.t.length === 1 ? t.t : 'P';
  if (/^\d/.test(t.t)) return 'd';
  if (t.t === t.t.toUpperCase() && t.t.length > 1 && /\p{Lu}/u.test(t.t)) return 'A';
  return t.cap ? 'X' : 'x';
}

const BUCKETS = ['0', '1', '2', '3', '5', '9', '17', 'far'];
/** Index into BUCKETS of a distance. */
const bucketIx = (d: number) => (d <= 0 ? 0 : d === 1 ? 1 : d === 2 ? 2 : d <= 4 ? 3 : d <= 8 ? 4 : d <= 16 ? 5 : d <= 32 ? 6 : 7);
const QUOTE_CHAR = /^["“”‘’'«»„]$/;

const DIGITS = ['0', '1', '2', '3'];

/** One FNV-1a step (a UTF-16 code unit). */
const step = (h: number, c: number) => Math.imul(h ^ c, 0x01000193);
const BAR = 124; // '|'
const COLON = 58; // ':'

/** FNV-1a states after the constant first part of each feature. */
const P = {
  b: hashMore(FNV0, 'b'),
  w: hashMore(FNV0, 'w='),
  p1: hashMore(FNV0, 'p1='),
  n1: hashMore(FNV0, 'n1='),
  p2: hashMore(FNV0, 'p2='),
  n2: hashMore(FNV0, 'n2='),
  p1w: hashMore(FNV0, 'p1w='),
  wn1: hashMore(FNV0, 'wn1='),
  sh: hashMore(FNV0, 'sh='),
  shp: hashMore(FNV0, 'shp='),
  s3: hashMore(FNV0, 's3='),
  s2: hashMore(FNV0, 's2='),
  c: hashMore(FNV0, 'c='),
  cp: hashMore(FNV0, 'cp='),
  cn: hashMore(FNV0, 'cn='),
  cpn: hashMore(FNV0, 'cpn='),
  q: hashMore(FNV0, 'q='),
  ss: hashMore(FNV0, 'ss'),
  sentEnd: hashMore(FNV0, 'se'),
  L: hashMore(FNV0, 'L='),
  Lt: hashMore(FNV0, 'Lt='),
  Lv: hashMore(FNV0, 'Lv='),
  Ld: hashMore(FNV0, 'Ld='),
  Lw: hashMore(FNV0, 'Lw='),
  Lnone: hashMore(FNV0, 'L=none'),
  R: hashMore(FNV0, 'R='),
  Rc: hashMore(FNV0, 'Rc='),
  Rv: hashMore(FNV0, 'Rv='),
  Rd: hashMore(FNV0, 'Rd='),
  Rw: hashMore(FNV0, 'Rw='),
  Rnone: hashMore(FNV0, 'R=none'),
  acc: hashMore(FNV0, 'acc:c='),
  La: hashMore(FNV0, 'La='),
  Lcl: hashMore(FNV0, 'Lcl='),
  Rb: hashMore(FNV0, 'Rb='),
  Rcl: hashMore(FNV0, 'Rcl='),
  sp: hashMore(FNV0, 'sp='),
  se: hashMore(FNV0, 'se='),
  par: hashMore(FNV0, 'par='),
  nocue: hashMore(FNV0, 'nocue:'),
};

const BIAS = P.b >>> 0;

/** The final hash of a feature made of constant parts (what featureHash gives for the joined string). */
const fin = (h: number, ...parts: string[]) => parts.reduce(hashMore, h) >>> 0;
/** The keys of the features made of constant parts only (CONST_KEYS[T.x + index]: the key of a feature string). */
const CONST_KEYS_LIST: number[] = [];
/** Appends a table of keys to CONST_KEYS; its offset. */
function constTable(keys: ArrayLike<number>): number {
  const at = CONST_KEYS_LIST.length;
  for (let i = 0; i < keys.length; i++) CONST_KEYS_LIST.push(keys[i]);
  return at;
}
/**
 * The features whose parts take a few values only (distance buckets, digits, word classes), hashed
 * once: CONST_KEYS[T.x + index] is the key of the feature string. The same keys, no hashing per token.
 */
const T = (() => {
  const nb = BUCKETS.length;
  const L: number[] = [];
  const R: number[] = [];
  const sp: number[] = [];
  const se: number[] = [];
  const Ld: number[] = [];
  const Rd: number[] = [];
  for (let b = 0; b < nb; b++) {
    L.push(fin(P.L, BUCKETS[b]));
    R.push(fin(P.R, BUCKETS[b]));
    sp.push(fin(P.sp, BUCKETS[b]));
    se.push(fin(P.se, BUCKETS[b]));
    for (let t = 0; t < 2; t++) for (let c = 0; c < 3; c++) for (let q = 0; q < 2; q++) Ld.push(fin(P.Ld, BUCKETS[b], ':t=', DIGITS[t], ':c=', DIGITS[c], ':q=', DIGITS[q]));
    for (let c = 0; c < 3; c++) for (let q = 0; q < 2; q++) Rd.push(fin(P.Rd, BUCKETS[b], ':c=', DIGITS[c], ':q=', DIGITS[q]));
  }
  const Lt: number[] = [];
  for (let t = 0; t < 2; t++) for (let c = 0; c < 3; c++) Lt.push(fin(P.Lt, DIGITS[t], ':c=', DIGITS[c]));
  const digits = (h: number, k: number) => DIGITS.slice(0, k).map(d => fin(h, d));
  // word classes: c= (class), cp= (class or ^), cn= (class or $), cpn= (cp|c|cn)
  const cpn = new Uint32Array(NCLS * NCLS * NCLS);
  for (let a = 0; a < NCLS; a++) for (let b = 0; b < NCLS; b++) for (let d = 0; d < NCLS; d++) cpn[(a * NCLS + b) * NCLS + d] = fin(P.cpn, CLASSES[a], '|', CLASSES[b], '|', CLASSES[d]);
  return {
    b: constTable([BIAS]),
    ss: constTable([P.ss >>> 0]),
    sentEnd: constTable([P.sentEnd >>> 0]),
    Lnone: constTable([P.Lnone >>> 0]),
    Rnone: constTable([P.Rnone >>> 0]),
    L: constTable(L),
    R: constTable(R),
    sp: constTable(sp),
    se: constTable(se),
    Ld: constTable(Ld),
    Rd: constTable(Rd),
    Lt: constTable(Lt),
    Rc: constTable(digits(P.Rc, 3)),
    acc: constTable(digits(P.acc, 3)),
    par: constTable(digits(P.par, 2)),
    q: constTable([fin(P.q, '0'), fin(P.q, '0', 'm'), fin(P.q, '1'), fin(P.q, '1', 'm')]),
    c: constTable(CLASSES.map(x => fin(P.c, x))),
    cp: constTable(CLASSES.map(x => fin(P.cp, x))),
    cn: constTable(CLASSES.map(x => fin(P.cn, x))),
    cpn: constTable(cpn),
  };
})();
const CONST_KEYS = Uint32Array.from(CONST_KEYS_LIST);

/**
 * What the features need of one word type (a token's text as written, with its lower case, word and
 * capital flags): its class, shape and the keys of the features made of it alone, hashed once.
 */
interface TypeInfo {
  l: string;
  w: boolean;
  cap: boolean;
  /** Class id (CLASSES). */
  cls: number;
  /** The shape (one code unit). */
  sh: number;
  /** A quotation-mark character. */
  qm: number;
  /** Keys of the features of this word alone: K_W … K_S2 (w=, p1=, n1=, p2=, n2=, sh=, s3=, s2=). */
  keys: Uint32Array;
  /** Whether it has the suffix features (a word of more than three letters). */
  suffix: boolean;
  /** States after "p1=WORD|" and "wn1=WORD|". */
  p1w: number;
  wn1: number;
  /**
   * The model's weight levels of `keys`, 8 bytes each (the NL levels, then 1 when the model has the
   * feature), for the model `rowsOf`: one cache line instead of eight probes of the model's table.
   */
  rows?: Int8Array;
  rowsOf?: ReportedModel;
}

const K_W = 0;
const K_P1 = 1;
const K_N1 = 2;
const K_P2 = 3;
const K_N2 = 4;
const K_SH = 5;
const K_S3 = 6;
const K_S2 = 7;
const NTYPE_KEYS = 8;

function typeInfo(t: string, l: string, w: boolean, cap: boolean, cueWords: ReadonlySet<string>): TypeInfo {
  const sh = shape({ t, l, w, cap } as Token).charCodeAt(0);
  const m = l.length;
  const suffix = w && m > 3;
  const keys = new Uint32Array(NTYPE_KEYS);
  keys[K_W] = fin(P.w, l);
  keys[K_P1] = fin(P.p1, l);
  keys[K_N1] = fin(P.n1, l);
  keys[K_P2] = fin(P.p2, l);
  keys[K_N2] = fin(P.n2, l);
  keys[K_SH] = step(P.sh, sh) >>> 0;
  if (suffix) {
    keys[K_S3] = fin(P.s3, l.slice(-3));
    keys[K_S2] = fin(P.s2, l.slice(-2));
  }
  return {
    l,
    w,
    cap,
    cls: w ? CLS_ID.get(lexClass(l, cueWords))! : 0,
    sh,
    qm: QUOTE_CHAR.test(t) ? 1 : 0,
    keys,
    suffix,
    p1w: hashMore(hashMore(P.p1w, l), '|'),
    wn1: hashMore(hashMore(P.wn1, l), '|'),
  };
}

/** The word types seen so far, per set of cue words (bounded: cleared when it grows large). */
const typeCache = new WeakMap<ReadonlySet<string>, Map<string, TypeInfo>>();
const TYPE_CACHE_WORDS = 50_000;

function typeOf(tok: Token, cache: Map<string, TypeInfo>, cueWords: ReadonlySet<string>): TypeInfo {
  let info = cache.get(tok.t);
  if (info === undefined) {
    if (cache.size >= TYPE_CACHE_WORDS) cache.clear();
    cache.set(tok.t, (info = typeInfo(tok.t, tok.l, tok.w, tok.cap, cueWords)));
  } else if (info.l !== tok.l || info.w !== tok.w || info.cap !== tok.cap) {
    // a token made elsewhere than tokenize: its own flags (not cached)
    info = typeInfo(tok.t, tok.l, tok.w, tok.cap, cueWords);
  }
  return info;
}

/** The sentence boundaries as words (w(i) out of the paragraph): their keys and states. */
const BOS = { hp1: fin(P.p1, '<s>'), hp2: fin(P.p2, '<s>'), p1w: hashMore(hashMore(P.p1w, '<s>'), '|') };
const EOS = { hn1: fin(P.n1, '</s>'), hn2: fin(P.n2, '</s>'), l: '</s>' };

/** Per-token working arrays of `features` (its length at least the paragraph's token count). */
interface Scratch {
  size: number;
  leftCue: Int32Array;
  leftThat: Uint8Array;
  leftComma: Uint8Array;
  rightCue: Int32Array;
  rightComma: Uint8Array;
  accL: Uint8Array;
  sIdx: Int32Array;
  sEnd: Int32Array;
  paren: Uint8Array;
}
let scratch: Scratch | undefined;
/** Scratch arrays for n tokens: one set, grown when needed (features is not re-entered while it runs). */
function scratchFor(n: number): Scratch {
  if (scratch && scratch.size >= n) return scratch;
  const size = Math.max(n, 2 * (scratch?.size ?? 256));
  return (scratch = {
    size,
    leftCue: new Int32Array(size),
    leftThat: new Uint8Array(size),
    leftComma: new Uint8Array(size),
    rightCue: new Int32Array(size),
    rightComma: new Uint8Array(size),
    accL: new Uint8Array(size),
    sIdx: new Int32Array(size),
    sEnd: new Int32Array(size),
    paren: new Uint8Array(size),
  });
}

/**
 * The features of every token of a paragraph, as hashes: emit(token index, hash). `sentStart[i]`:
 * whether token i opens a sentence; `cueWords`: cue words learned at training time (part of the model;
 * the set must not change once used: word classes are cached per set).
 *
 * Each key is the 32-bit FNV-1a hash (featureHash) of a feature string ("w=said", "p1w=the|minister",
 * "Ld=3:t=0:c=1:q=0", …); the strings are never built: the parts of a word type are hashed once per
 * type (TypeInfo), those of small value sets once (T), the rest continued from a hash state.
 */
export function reportedFeatures(toks: Token[], sentStart: Uint8Array, cueWords: ReadonlySet<string>, emit: (token: number, hash: number) => void): void {
  features(
    toks,
    sentStart,
    cueWords,
    emit,
    (i, ty, k) => emit(i, ty.keys[k]),
    (i, k) => emit(i, CONST_KEYS[k]),
  );
}

/**
 * reportedFeatures, the features of a word alone given as (token, its type, K_…) and those of constant
 * parts as (token, index into CONST_KEYS): emitType(i, ty, k) stands for emit(i, ty.keys[k]),
 * emitConst(i, k) for emit(i, CONST_KEYS[k]).
 */
function features(
  toks: Token[],
  sentStart: Uint8Array,
  cueWords: ReadonlySet<string>,
  emit: (token: number, hash: number) => void,
  emitType: (token: number, ty: TypeInfo, k: number) => void,
  emitConst: (token: number, k: number) => void,
): void {
  const n = toks.length;
  let cache = typeCache.get(cueWords);
  if (!cache) typeCache.set(cueWords, (cache = new Map()));
  const types: TypeInfo[] = new Array(n);
  for (let i = 0; i < n; i++) types[i] = typeOf(toks[i], cache, cueWords);
  // nearest cue to the left / right in the sentence, and what lies between (every index below n is
  // written before it is read: scratch arrays reused from paragraph to paragraph)
  const sc = scratchFor(n);
  const { leftCue, leftThat, leftComma, rightCue, rightComma, accL } = sc;
  {
    let cue = -1;
    let that = 0;
    let comma = 0;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      if (sentStart[i]) {
        cue = -1;
        that = 0;
        comma = 0;
        acc = 0;
      }
      leftCue[i] = cue;
      leftThat[i] = that;
      leftComma[i] = comma;
      accL[i] = acc;
      const l = toks[i].l;
      if (isCueClass(types[i].cls) && toks[i].q < 0) {
        cue = i;
        that = 0;
        comma = 0;
      } else if (l === 'that') that = 1;
      else if (l === ',') comma = Math.min(comma + 1, 2);
      if (l === 'according' && toks[i + 1]?.l === 'to') acc = 1;
    }
    cue = -1;
    comma = 0;
    for (let i = n - 1; i >= 0; i--) {
      rightCue[i] = cue;
      rightComma[i] = comma;
      if (isCueClass(types[i].cls) && toks[i].q < 0) {
        cue = i;
        comma = 0;
      } else if (toks[i].l === ',') comma = Math.min(comma + 1, 2);
      if (sentStart[i]) {
        cue = -1;
        comma = 0;
      }
    }
  }
  // sentence start and end of each token, and whether it is inside brackets
  const { sIdx, sEnd, paren } = sc;
  for (let i = 0, depth = 0; i < n; i++) {
    sIdx[i] = sentStart[i] || i === 0 ? i : sIdx[i - 1];
    if (toks[i].t === '(') depth = 1;
    paren[i] = depth;
    if (toks[i].t === ')') depth = 0;
  }
  for (let i = n - 1; i >= 0; i--) sEnd[i] = i === n - 1 || sentStart[i + 1] ? i : sEnd[i + 1];
  let lastLc = -1;
  let lastRc = -1;
  let lvHash = 0;
  let lwState = 0;
  let laState = 0;
  let lclState = 0;
  let rvHash = 0;
  let rwState = 0;
  let rbState = 0;
  let rclState = 0;
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    const ty = types[i];
    const prev = i > 0 ? types[i - 1] : undefined;
    const next = i + 1 < n ? types[i + 1] : undefined;
    emitConst(i, T.b);
    emitType(i, ty, K_W);
    if (prev) emitType(i, prev, K_P1);
    else emit(i, BOS.hp1);
    if (next) emitType(i, next, K_N1);
    else emit(i, EOS.hn1);
    if (i >= 2) emitType(i, types[i - 2], K_P2);
    else emit(i, BOS.hp2);
    if (i + 2 < n) emitType(i, types[i + 2], K_N2);
    else emit(i, EOS.hn2);
    emit(i, hashMore(prev ? prev.p1w : BOS.p1w, ty.l) >>> 0);
    emit(i, hashMore(ty.wn1, next ? next.l : EOS.l) >>> 0);
    const sh = ty.sh;
    emitType(i, ty, K_SH);
    emit(i, step(step(step(step(step(P.shp, prev ? prev.sh : 94 /* ^ */), BAR), sh), BAR), next ? next.sh : 36 /* $ */) >>> 0);
    if (ty.suffix) {
      emitType(i, ty, K_S3);
      emitType(i, ty, K_S2);
    }
    const c = ty.cls;
    if (c) emitConst(i, T.c + c);
    const cp = prev ? prev.cls : CLS_START;
    const cn = next ? next.cls : CLS_END;
    emitConst(i, T.cp + cp);
    emitConst(i, T.cn + cn);
    emitConst(i, T.cpn + (cp * NCLS + c) * NCLS + cn);
    const qi = t.q >= 0 ? 1 : 0;
    emitConst(i, T.q + qi * 2 + ty.qm);
    if (sentStart[i]) emitConst(i, T.ss);
    if (i + 1 >= n || sentStart[i + 1]) emitConst(i, T.sentEnd);
    // the nearest cue to the left and what separates it from this token (the parts that depend on the
    // cue alone are hashed once per cue: the tokens after one cue are consecutive)
    const lc = leftCue[i];
    const lb = lc >= 0 ? bucketIx(i - lc) : 0;
    if (lc >= 0) {
      if (lc !== lastLc) {
        lastLc = lc;
        const lv = toks[lc].l;
        lvHash = fin(P.Lv, lv);
        lwState = hashMore(hashMore(P.Lw, lv), '|');
        laState = hashMore(hashMore(P.La, lc + 1 < n ? toks[lc + 1].l : EOS.l), ':');
        lclState = hashMore(hashMore(P.Lcl, CLASSES[types[lc].cls]), ':');
      }
      const lt = leftThat[i];
      const lcm = leftComma[i];
      emitConst(i, T.L + lb);
      emitConst(i, T.Lt + lt * 3 + lcm);
      emit(i, lvHash);
      emitConst(i, T.Ld + ((lb * 2 + lt) * 3 + lcm) * 2 + qi);
      emit(i, (c ? hashMore(lwState, CLASSES[c]) : step(lwState, sh)) >>> 0);
    } else emitConst(i, T.Lnone);
    const rc = rightCue[i];
    const rb = rc >= 0 ? bucketIx(rc - i) : 0;
    if (rc >= 0) {
      if (rc !== lastRc) {
        lastRc = rc;
        const rv = toks[rc].l;
        rvHash = fin(P.Rv, rv);
        rwState = hashMore(hashMore(P.Rw, rv), '|');
        rbState = hashMore(hashMore(P.Rb, rc - 1 >= 0 ? toks[rc - 1].l : '<s>'), ':');
        rclState = hashMore(hashMore(P.Rcl, CLASSES[types[rc].cls]), ':');
      }
      const rcm = rightComma[i];
      emitConst(i, T.R + rb);
      emitConst(i, T.Rc + rcm);
      emit(i, rvHash);
      emitConst(i, T.Rd + (rb * 3 + rcm) * 2 + qi);
      emit(i, (c ? hashMore(rwState, CLASSES[c]) : step(rwState, sh)) >>> 0);
    } else emitConst(i, T.Rnone);
    if (accL[i]) emitConst(i, T.acc + leftComma[i]);
    if (lc >= 0) {
      emit(i, hashMore(laState, BUCKETS[lb]) >>> 0);
      emit(i, step(step(hashMore(lclState, BUCKETS[lb]), COLON), sh) >>> 0);
    }
    if (rc >= 0) {
      emit(i, hashMore(rbState, BUCKETS[rb]) >>> 0);
      emit(i, step(step(hashMore(rclState, BUCKETS[rb]), COLON), sh) >>> 0);
    }
    emitConst(i, T.sp + bucketIx(i - sIdx[i]));
    emitConst(i, T.se + bucketIx(sEnd[i] - i));
    emitConst(i, T.par + paren[i]);
    if (lc < 0 && rc < 0) emit(i, step(step(step(P.nocue, sh), COLON), 48 + qi) >>> 0);
  }
}

/** sentStart[i] = 1 when token i opens one of the sentences (token ranges). */
export function sentenceStarts(n: number, sentTok: { s: number; e: number }[]): Uint8Array {
  const out = new Uint8Array(n);
  if (n) out[0] = 1;
  for (const st of sentTok) if (st.s < n) out[st.s] = 1;
  return out;
}

/** A decoded attribution: token ranges [s, e). */
export interface TaggedAttribution {
  content: { s: number; e: number }[];
  cue: { s: number; e: number } | null;
  source: { s: number; e: number } | null;
}

interface Chunk {
  type: 'SRC' | 'CUE' | 'CON';
  s: number;
  e: number;
  sent: number;
}

/** Groups the chunks of a label sequence into attributions (content ← cue ← source). */
export function groupAttributions(labels: ArrayLike<number>, n: number, sentStart: Uint8Array): TaggedAttribution[] {
  const chunks: Chunk[] = [];
  let sent = -1;
  for (let i = 0; i < n; i++) {
    if (sentStart[i]) sent++;
    const y = labels[i];
    if (y === O) continue;
    const type = y <= I_SRC ? 'SRC' : y <= I_CUE ? 'CUE' : 'CON';
    const begins = y === B_SRC || y === B_CUE || y === B_CON;
    const last = chunks[chunks.length - 1];
    if (!begins && last && last.type === type && last.e === i) last.e = i + 1;
    else chunks.push({ type, s: i, e: i + 1, sent: Math.max(0, sent) });
  }
  // each content chunk takes the cue next to it (past sources), in its sentence
  const cueOf = new Map<number, number>();
  for (let k = 0; k < chunks.length; k++) {
    const ch = chunks[k];
    if (ch.type !== 'CON') continue;
    let prev = -1;
    for (let j = k - 1; j >= 0; j--) {
      if (chunks[j].type === 'SRC') continue;
      if (chunks[j].type === 'CUE' && chunks[j].sent === ch.sent) prev = j;
      break;
    }
    let next = -1;
    for (let j = k + 1; j < chunks.length; j++) {
      if (chunks[j].type === 'SRC') continue;
      if (chunks[j].type === 'CUE' && chunks[j].sent === ch.sent) next = j;
      break;
    }
    let cue = prev >= 0 && next >= 0 ? (ch.s - chunks[prev].e <= chunks[next].s - ch.e ? prev : next) : prev >= 0 ? prev : next;
    if (cue < 0) {
      // the nearest cue of the sentence
      let best = Infinity;
      for (let j = 0; j < chunks.length; j++) {
        if (chunks[j].type !== 'CUE' || chunks[j].sent !== ch.sent) continue;
        const d = chunks[j].s >= ch.e ? chunks[j].s - ch.e : ch.s - chunks[j].e;
        if (d < best) {
          best = d;
          cue = j;
        }
      }
    }
    cueOf.set(k, cue);
  }
  // the source of each cue: the nearest source chunk of its sentence (ties: before the cue)
  const sourceOf = (cue: number): number => {
    const c = chunks[cue];
    let best = Infinity;
    let arg = -1;
    for (let j = cue - 1; j >= 0 && chunks[j].sent === c.sent; j--) {
      if (chunks[j].type !== 'SRC') continue;
      arg = j;
      best = c.s - chunks[j].e;
      break;
    }
    for (let j = cue + 1; j < chunks.length && chunks[j].sent === c.sent; j++) {
      if (chunks[j].type !== 'SRC') continue;
      if (chunks[j].s - c.e < best) arg = j;
      break;
    }
    return arg;
  };
  const out: TaggedAttribution[] = [];
  const byCue = new Map<number, TaggedAttribution>();
  for (let k = 0; k < chunks.length; k++) {
    if (chunks[k].type !== 'CON') continue;
    const cue = cueOf.get(k) ?? -1;
    const span = { s: chunks[k].s, e: chunks[k].e };
    if (cue >= 0 && byCue.has(cue)) {
      byCue.get(cue)!.content.push(span);
      continue;
    }
    let source: { s: number; e: number } | null = null;
    if (cue >= 0) {
      const src = sourceOf(cue);
      if (src >= 0) source = { s: chunks[src].s, e: chunks[src].e };
    } else {
      // no cue: a source right before the content ("Trump: …")
      for (let j = k - 1; j >= 0 && chunks[j].sent === chunks[k].sent; j--) {
        if (chunks[j].type === 'SRC') source = { s: chunks[j].s, e: chunks[j].e };
        break;
      }
    }
    const a: TaggedAttribution = { content: [span], cue: cue >= 0 ? { s: chunks[cue].s, e: chunks[cue].e } : null, source };
    if (cue >= 0) byCue.set(cue, a);
    out.push(a);
  }
  return out;
}

/** The learned weights: hashed feature → a row of NL label weights. */
export interface ReportedModel {
  /**
   * Open-addressing table of 16-byte slots, one cache line read per probe: word 0 the feature
   * hash, bytes 4 … 4 + NL - 1 its int8 weight levels, byte 15 set when the slot is used.
   */
  table: Uint32Array;
  /** The same memory as bytes. */
  tableBytes: Int8Array;
  mask: number;
  /** The weight of each int8 level: level × scale as float32, at level + 128. */
  levels: Float32Array;
  trans: Float32Array;
  cueWords: Set<string>;
  /** Number of features. */
  size: number;
  /** One bit per value of filterBit(hash), set for the model's features: most hashes the model lacks are answered from it (it stays in cache) without a probe of the table. */
  filter: Uint32Array;
}

const FILTER_BITS = 20;

function filterBit(h: number): number {
  return Math.imul(h, 0x85ebca6b) >>> (32 - FILTER_BITS);
}

const SLOT_BYTES = 16;
const USED = 15;

/** Byte offset of a feature hash's slot in the model's table, or -1. */
function slotOf(model: ReportedModel, h: number): number {
  const { table, tableBytes, mask, filter } = model;
  const b = filterBit(h);
  if (!((filter[b >>> 5] >>> (b & 31)) & 1)) return -1;
  let slot = Math.imul(h, 0x9e3779b1) >>> 0 & mask;
  for (;;) {
    const o = slot * SLOT_BYTES;
    if (!tableBytes[o + USED]) return -1;
    if (table[slot * (SLOT_BYTES / 4)] === h) return o;
    slot = (slot + 1) & mask;
  }
}

/** The NL label weights of a feature hash, or null when the model does not have it. */
export function reportedWeights(model: ReportedModel, h: number): Float32Array | null {
  const o = slotOf(model, h);
  return o < 0 ? null : Float32Array.from({ length: NL }, (_, y) => model.levels[model.tableBytes[o + 4 + y] + 128]);
}

/** Viterbi over the BIO grammar (the tagger's decoder with this grammar). trans[(NL + 1) × (NL + 1)], row NL = start, column NL = end. */
export function viterbiBio(em: Float32Array, n: number, trans: ArrayLike<number>, out: Int32Array): void {
  viterbi(em, n, NL, trans, ALLOWED, out);
}

/** The weight levels of features in `model`, 8 bytes each: the NL levels, then 1 when the model has the feature. */
function rowsOf(model: ReportedModel, keys: ArrayLike<number>, count: number): Int8Array {
  const rows = new Int8Array(keys.length * 8);
  const bytes = model.tableBytes;
  for (let k = 0; k < count; k++) {
    const o = slotOf(model, keys[k]);
    if (o < 0) continue;
    for (let y = 0; y < NL; y++) rows[k * 8 + y] = bytes[o + 4 + y];
    rows[k * 8 + 7] = 1;
  }
  return rows;
}

/** The weight levels of a type's own features in `model` (TypeInfo.rows; no suffix features for a short word). */
function typeRows(model: ReportedModel, ty: TypeInfo): Int8Array {
  ty.rowsOf = model;
  return (ty.rows = rowsOf(model, ty.keys, ty.suffix ? NTYPE_KEYS : K_S3));
}

/** The weight levels of CONST_KEYS in each model. */
const constRowCache = new WeakMap<ReportedModel, Int8Array>();
function constRowsOf(model: ReportedModel): Int8Array {
  let rows = constRowCache.get(model);
  if (!rows) constRowCache.set(model, (rows = rowsOf(model, CONST_KEYS, CONST_KEYS.length)));
  return rows;
}

/** em[a … a + NL) += the weights of the NL int8 levels at w[q …]. */
function addLevels(em: Float32Array, a: number, levels: Float32Array, w: Int8Array, q: number): void {
  // the seven labels written out (V8 does not unroll the loop; this is the tagger's inner loop)
  em[a] += levels[w[q] + 128];
  em[a + 1] += levels[w[q + 1] + 128];
  em[a + 2] += levels[w[q + 2] + 128];
  em[a + 3] += levels[w[q + 3] + 128];
  em[a + 4] += levels[w[q + 4] + 128];
  em[a + 5] += levels[w[q + 5] + 128];
  em[a + 6] += levels[w[q + 6] + 128];
}

/** Tags one paragraph and groups the result. */
export function tagReported(model: ReportedModel, toks: Token[], sentStart: Uint8Array): TaggedAttribution[] {
  const n = toks.length;
  const em = new Float32Array(n * NL);
  const bytes = model.tableBytes;
  const levels = model.levels;
  const constRows = constRowsOf(model);
  // the weights added in the order of the features (float sums: the same order, the same emissions)
  features(
    toks,
    sentStart,
    model.cueWords,
    (i, h) => {
      const o = slotOf(model, h);
      if (o >= 0) addLevels(em, i * NL, levels, bytes, o + 4);
    },
    (i, ty, k) => {
      const rows = ty.rowsOf === model ? ty.rows! : typeRows(model, ty);
      if (rows[k * 8 + 7]) addLevels(em, i * NL, levels, rows, k * 8);
    },
    (i, k) => {
      if (constRows[k * 8 + 7]) addLevels(em, i * NL, levels, constRows, k * 8);
    },
  );
  const labels = new Int32Array(n);
  viterbiBio(em, n, model.trans, labels);
  return groupAttributions(labels, n, sentStart);
}

// ---------- the model asset (media/models/reported.bin) ----------
//
//   "CRPT" | u32 version | u32 header length | header JSON (UTF-8: labels, scale, count, trans,
//   provenance) | u32 byte length of the keys | keys (sorted, LEB128 varint deltas) |
//   i8 weights (count × NL, row-major) | u32 byte length of the cue words | cue words (UTF-8, sorted,
//   one per line)
//
// A weight is its int8 times the header's scale (largest absolute weight / 127); transitions are
// rounded to 1/1000. Hashed keys, weights and the learned cue words only: no text of the data.

const MAGIC = 0x54505243; // "CRPT" little endian
export const REPORTED_MODEL_VERSION = 1;

export class ReportedModelError extends Error {}

interface ReportedHeader {
  labels: string[];
  scale: number;
  count: number;
  trans: number[];
  provenance: string;
}

/** The quantised model: what the asset holds. */
export interface QuantizedReportedModel {
  scale: number;
  /** sorted feature hashes */
  keys: Uint32Array;
  /** int8 weights, keys.length × NL */
  weights: Int8Array;
  trans: number[];
  cueWords: string[];
}

/** int8 weights with one scale; features whose weights all round to zero are dropped. */
export function quantizeReportedModel(keys: Uint32Array, weights: Float32Array, trans: ArrayLike<number>, cueWords: Iterable<string>): QuantizedReportedModel {
  const order = [...keys.keys()].sort((a, b) => keys[a] - keys[b]);
  let max = 0;
  for (const v of weights) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 127 : 1;
  const kept: number[] = [];
  for (const i of order) {
    let any = false;
    for (let y = 0; y < NL; y++) if (Math.round(weights[i * NL + y] / scale) !== 0) any = true;
    if (any) kept.push(i);
  }
  const q = new Int8Array(kept.length * NL);
  kept.forEach((i, r) => {
    for (let y = 0; y < NL; y++) q[r * NL + y] = Math.max(-127, Math.min(127, Math.round(weights[i * NL + y] / scale)));
  });
  return { scale, keys: Uint32Array.from(kept, i => keys[i]), weights: q, trans: Array.from(trans, x => Math.round(x * 1000) / 1000), cueWords: [...cueWords].sort() };
}

/** The bytes of media/models/reported.bin (deterministic: the same model gives the same bytes). */
export function encodeReportedModel(m: QuantizedReportedModel, provenance: string): Uint8Array {
  if (m.weights.length !== m.keys.length * NL) throw new Error('weights/keys size mismatch');
  if (m.trans.length !== (NL + 1) * (NL + 1)) throw new Error('transition size mismatch');
  const header: ReportedHeader = { labels: [...REPORTED_LABELS], scale: m.scale, count: m.keys.length, trans: m.trans, provenance };
  const enc = new TextEncoder();
  const hb = enc.encode(JSON.stringify(header));
  const kb = varintDeltas(m.keys);
  const cb = enc.encode(m.cueWords.join('\n'));
  const buf = new Uint8Array(12 + hb.length + 4 + kb.length + m.weights.length + 4 + cb.length);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, REPORTED_MODEL_VERSION, true);
  dv.setUint32(8, hb.length, true);
  let o = 12;
  buf.set(hb, o);
  o += hb.length;
  dv.setUint32(o, kb.length, true);
  buf.set(kb, o + 4);
  o += 4 + kb.length;
  buf.set(new Uint8Array(m.weights.buffer, m.weights.byteOffset, m.weights.length), o);
  o += m.weights.length;
  dv.setUint32(o, cb.length, true);
  buf.set(cb, o + 4);
  return buf;
}

/** Parses the asset's bytes. Throws ReportedModelError on a file that is not a model of this version. */
export function decodeReportedModel(bytes: Uint8Array): ReportedModel {
  const fail = (why: string): never => {
    throw new ReportedModelError(`reported-speech model: ${why}`);
  };
  if (bytes.length < 12) fail('file too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) fail('bad magic (not a Corroborate reported-speech model)');
  const version = dv.getUint32(4, true);
  if (version !== REPORTED_MODEL_VERSION) fail(`version ${version}, expected ${REPORTED_MODEL_VERSION}`);
  const hlen = dv.getUint32(8, true);
  let o = 12 + hlen;
  if (o + 4 > bytes.length) fail('truncated header');
  let header: ReportedHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, o))) as ReportedHeader;
  } catch {
    return fail('corrupt header');
  }
  const { count, scale, trans } = header;
  if (header.labels?.join() !== REPORTED_LABELS.join()) fail('labels differ from this version');
  if (!Number.isInteger(count) || count < 0 || !(scale > 0) || !Array.isArray(trans) || trans.length !== (NL + 1) * (NL + 1)) fail('corrupt header');
  const kb = dv.getUint32(o, true);
  o += 4;
  if (o + kb + count * NL + 4 > bytes.length) fail('truncated');
  const keys = readVarintDeltas(bytes, o, o + kb, count) ?? fail('corrupt keys');
  o += kb;
  const weightsAt = o;
  o += count * NL;
  const cb = dv.getUint32(o, true);
  o += 4;
  if (o + cb !== bytes.length) fail('truncated cue words');
  const cueText = new TextDecoder().decode(bytes.subarray(o, o + cb));
  let size = 1;
  while (size < count * 2) size <<= 1;
  const table = new Uint32Array((size * SLOT_BYTES) / 4);
  const tableBytes = new Int8Array(table.buffer);
  const mask = size - 1;
  for (let r = 0; r < count; r++) {
    const h = keys[r];
    let slot = Math.imul(h, 0x9e3779b1) >>> 0 & mask;
    while (tableBytes[slot * SLOT_BYTES + USED]) slot = (slot + 1) & mask;
    table[slot * (SLOT_BYTES / 4)] = h;
    tableBytes[slot * SLOT_BYTES + USED] = 1;
    // the byte of an int8 level, read as a signed byte
    for (let y = 0; y < NL; y++) tableBytes[slot * SLOT_BYTES + 4 + y] = bytes[weightsAt + r * NL + y];
  }
  const filter = new Uint32Array(1 << (FILTER_BITS - 5));
  for (let r = 0; r < count; r++) {
    const b = filterBit(keys[r]);
    filter[b >>> 5] |= 1 << (b & 31);
  }
  const levels = new Float32Array(256);
  for (let b = -128; b < 128; b++) levels[b + 128] = b * scale;
  return { table, tableBytes, mask, levels, trans: Float32Array.from(trans), cueWords: new Set(cueText ? cueText.split('\n') : []), size: count, filter };
}
