/**
 * A learned speaker ranker for quotation-mark regions.
 *
 * For each quote the rules have kept as speech (direct or partial), candidate speakers are gathered
 * from a bounded window: the rules' own attribution, the subjects of the reporting cues of this and
 * the two previous paragraphs, the speakers of neighbouring quotes, noun phrases (names, pronouns,
 * descriptions) near the quote, a transcript label opening the quote ("SMITH: …"), and "nobody".
 * Each candidate is a bag of feature strings (position, distance, cue adjacency, type, the rule that
 * proposed it…); a linear model (averaged perceptron, src/tools/trainQuotes.ts) scores them and the
 * best one is the speaker. Candidates overlapping each other are merged (their features pooled).
 *
 * Pure and bounded: every quote looks at most at a fixed number of tokens around it.
 */
import type { Token } from './text';
import { AUXILIARY_FORMS, FUNCTION_WORDS, PRONOUNS, SPEECH_FORMS, REPORT_FORMS, FRAME_FORMS } from './lexicon';
import { isNameToken, phraseAfter, type Phrase } from './phrases';
import { firstAtOrAfter } from '../sorted';

/** A speaker candidate: character offsets of the mention, its features, where its cue is. */
export interface Candidate {
  s: number;
  e: number;
  f: string[];
  pronoun: boolean;
  quality: number;
  cueStart: number;
  cueEnd: number;
}

export type Weights = Record<string, number>;

/** Weights as a Map (a large object literal is slow to index by string). */
const maps = new WeakMap<Weights, Map<string, number>>();
function asMap(w: Weights): Map<string, number> {
  let m = maps.get(w);
  if (!m) {
    m = new Map(Object.entries(w));
    maps.set(w, m);
  }
  return m;
}

export function scoreCandidate(w: Weights, c: Candidate): number {
  const m = asMap(w);
  let s = 0;
  for (const f of c.f) s += m.get(f) ?? 0;
  return s;
}

/** Index of the best candidate (ties: the earlier one, the rules' first). */
export function bestCandidate(w: Weights, cands: Candidate[]): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < cands.length; i++) {
    const s = scoreCandidate(w, cands[i]);
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  return best;
}

/**
 * Per model and class: base feature f -> [weight of f, weight of f|conj] (0 where the model lacks
 * one), for one look-up per base feature in `CandidateSet.scores` without building the conjoined
 * strings (built once per model and class).
 */
const pairMaps = new WeakMap<Weights, Map<string, Map<string, [number, number]>>>();
function pairMap(w: Weights, conj: string): Map<string, [number, number]> {
  let byConj = pairMaps.get(w);
  if (!byConj) pairMaps.set(w, (byConj = new Map()));
  let m = byConj.get(conj);
  if (!m) {
    m = new Map();
    const plain = asMap(w);
    const tail = '|' + conj;
    for (const [f, v] of plain) m.set(f, [v, 0]);
    for (const [f, v] of plain) {
      if (!f.endsWith(tail)) continue;
      const base = f.slice(0, -tail.length);
      const p = m.get(base);
      if (p) p[1] = v;
      else m.set(base, [0, v]);
    }
    byConj.set(conj, m);
  }
  return m;
}

/**
 * Candidate builder for one quote: merges overlapping mentions, pools their features. A candidate's
 * features are its base features (in order of first addition), each also conjoined with the quote's
 * class: the set [f1, f1|conj, f2, f2|conj, …] without repeats, which `done` lists and `best` scores.
 */
export class CandidateSet {
  readonly list: Candidate[] = [];
  private readonly bases: Set<string>[] = [];
  private extraDone = false;
  constructor(
    readonly conj: string,
    nullFeats: string[] | null,
  ) {
    if (nullFeats) this.push(-1, -1, nullFeats, false, 0, -1, -1);
  }

  private push(s: number, e: number, feats: readonly string[], pronoun: boolean, quality: number, cueStart: number, cueEnd: number): void {
    this.bases.push(new Set(feats));
    this.list.push({ s, e, f: [], pronoun, quality, cueStart, cueEnd });
  }

  add(s: number, e: number, feats: readonly string[], pronoun: boolean, quality: number, cueStart = -1, cueEnd = -1): void {
    if (e <= s) return;
    for (let i = 0; i < this.list.length; i++) {
      const c = this.list[i];
      if (c.s >= 0 && c.s < e && s < c.e) {
        const set = this.bases[i];
        for (const f of feats) set.add(f);
        if (c.cueStart < 0 && cueStart >= 0) {
          c.cueStart = cueStart;
          c.cueEnd = cueEnd;
        }
        return;
      }
    }
    if (this.list.length > 64) return;
    this.push(s, e, feats, pronoun, quality, cueStart, cueEnd);
  }

  /** Adds features computed from each finished candidate (once: later calls add nothing). */
  private addExtra(extra?: (c: Candidate) => string[]): void {
    if (this.extraDone || !extra) return;
    this.extraDone = true;
    for (let i = 0; i < this.list.length; i++) if (this.list[i].s >= 0) for (const f of extra(this.list[i])) this.bases[i].add(f);
  }

  /** The features of candidate i, each base feature followed by its conjunction with the quote's class (repeats left out). */
  private featuresOf(i: number): string[] {
    const set = new Set<string>();
    for (const f of this.bases[i]) set.add(f).add(f + '|' + this.conj);
    return [...set];
  }

  /** The candidates with their features, each feature also conjoined with the quote's class. */
  done(extra?: (c: Candidate) => string[]): Candidate[] {
    this.addExtra(extra);
    for (let i = 0; i < this.list.length; i++) this.list[i].f = this.featuresOf(i);
    return this.list;
  }

  /**
   * The score of each candidate under w: what scoreCandidate gives on the candidates of `done`, the
   * same sums in the same order (f, then f|conj, per base feature), without the conjoined strings.
   */
  scores(w: Weights): Float64Array {
    const m = asMap(w);
    const pairs = pairMap(w, this.conj);
    const tail = '|' + this.conj;
    // (a typed array: one map whichever tier builds it, and whether the scores are integers or not)
    return Float64Array.from(this.bases, (bases, i) => {
      let s = 0;
      let plain = true;
      for (const f of bases) {
        // a base feature ending in "|conj" could be the conjunction of another: the full set decides
        if (f.endsWith(tail)) plain = false;
      }
      if (plain) {
        for (const f of bases) {
          // the same two additions, in the same order, as the weight of f then its conjoined weight
          const p = pairs.get(f);
          if (p !== undefined) {
            s += p[0];
            s += p[1];
          }
        }
      } else for (const f of this.featuresOf(i)) s += m.get(f) ?? 0;
      return s;
    });
  }

  /** Index of the best candidate under w: what bestCandidate gives on the candidates of `done`. */
  best(w: Weights, extra?: (c: Candidate) => string[]): number {
    this.addExtra(extra);
    const scores = this.scores(w);
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
    return best;
  }
}

/** The weights of base feature f and of its conjunction with class `conj` (what `CandidateSet.scores` adds for f). */
export function conjoinedWeights(w: Weights, conj: string, f: string): readonly [number, number] {
  return pairMap(w, conj).get(f) ?? [0, 0];
}

export function distBucket(d: number): string {
  return d <= 0 ? '0' : d === 1 ? '1' : d === 2 ? '2' : d <= 4 ? '3-4' : d <= 8 ? '5-8' : d <= 16 ? '9-16' : d <= 32 ? '17-32' : '33+';
}

/** What a mention is: a pronoun (by word), a name, a role or another description. */
export function mentionType(toks: Token[], ph: Phrase): string {
  if (ph.pronoun) return 'pron:' + toks[ph.s].l.replace(/['’].*$/, '');
  if (POSSESSIVE_DETERMINERS.has(toks[ph.s].l)) return 'poss';
  return ph.quality === 3 ? 'name' : ph.quality === 2 ? 'role' : 'desc';
}

/** Class of the token next to a mention. */
export function neighbourClass(t: Token | undefined, end: boolean): string {
  if (!t) return end ? 'END' : 'START';
  if (t.q >= 0) return 'inq';
  if (!t.w) {
    if (/^[―—–-]$/.test(t.t)) return 'dash';
    if (/^[“”"‘’'«»]$/.test(t.t)) return 'mark';
    return t.t;
  }
  if (t.l === 'said' || t.l === 'says' || t.l === 'say') return 'say';
  if (t.l === 'told' || t.l === 'tells' || t.l === 'tell') return 'tell';
  if (t.l === 'according') return 'according';
  if (SPEECH_FORMS.has(t.l)) return 'speech';
  if (REPORT_FORMS.has(t.l)) return 'report';
  if (FRAME_FORMS.has(t.l)) return 'frame';
  if (PRONOUNS[t.l] !== undefined) return 'pron';
  if (t.cap) return 'Cap';
  return 'w';
}

/** Pronouns that do not open a subject mention. */
const OBJECT_PRONOUNS = new Set(['his', 'her', 'its', 'their', 'him', 'them']);
const ARTICLES = new Set(['the', 'a', 'an']);

/** Possessive determiners: "his office", "her campaign", "their statement". */
const POSSESSIVE_DETERMINERS = new Set(['his', 'her', 'its', 'their']);

/** Is the token a verb that can follow a subject: an auxiliary, a verb of speech or report, an -ed form? */
function verbAfterSubject(t: Token | undefined): boolean {
  if (!t || !t.w || t.cap || t.q >= 0) return false;
  return AUXILIARY_FORMS.test(t.l) || LINKING_ADVERBS.test(t.l) || SPEECH_FORMS.has(t.l) || REPORT_FORMS.has(t.l) || FRAME_FORMS.has(t.l) || /[a-z]ed$/.test(t.l);
}
/** Adverbs between a subject and its verb ("the town then released"). */
const LINKING_ADVERBS = /^(?:then|also|later|once|again)$/;

/**
 * A description opened by an article or a possessive determiner and ended by a verb ("the town
 * released", "his office put out", "the retired neurosurgeon has"): the determiner and one to three
 * lower-case words before a verb (phraseAfter takes such a description only before punctuation).
 */
function descriptionBeforeVerb(toks: Token[], i: number, to: number): Phrase | null {
  let k = i + 1;
  while (k < to && k - i <= 3 && toks[k].w && !toks[k].cap && toks[k].q < 0 && !FUNCTION_WORDS.has(toks[k].l) && !verbAfterSubject(toks[k])) k++;
  if (k === i + 1 || k >= to || !verbAfterSubject(toks[k])) return null;
  return { s: i, e: k, quality: 1, pronoun: false };
}

/** Noun-phrase mentions in toks[from, to) outside quotations: names, pronouns, descriptions. */
export function mentionsIn(toks: Token[], from = 0, to = toks.length): Phrase[] {
  const out: Phrase[] = [];
  for (let i = from; i < to; i++) {
    const t = toks[i];
    if (!t.w || t.q >= 0) continue;
    if ((t.l === 'who' || t.l === 'which') && i > from && (toks[i - 1].t === ',' || (t.l === 'who' && toks[i - 1].w))) {
      // "X, who said …", "the paper, which reported …", "critics who say …": the relative pronoun
      // stands for the source (PolNeAR marks it so)
      out.push({ s: i, e: i + 1, quality: 1, pronoun: true });
      continue;
    }
    if (t.l === 'that' && i > from && toks[i - 1].w && !toks[i - 1].cap && (SPEECH_FORMS.has(toks[i + 1]?.l ?? '') || REPORT_FORMS.has(toks[i + 1]?.l ?? ''))) {
      // "a message that said …": a relative "that" as the subject of a verb of speech
      out.push({ s: i, e: i + 1, quality: 1, pronoun: true });
      continue;
    }
    const pr = PRONOUNS[t.l];
    const possessive = POSSESSIVE_DETERMINERS.has(t.l);
    const starts = pr !== undefined ? !OBJECT_PRONOUNS.has(t.l) : isNameToken(t) || ARTICLES.has(t.l);
    if (!starts && !possessive) continue;
    const ph = (starts ? phraseAfter(toks, i, Math.min(to, i + 14)) : null) ?? (ARTICLES.has(t.l) || possessive ? descriptionBeforeVerb(toks, i, to) : null);
    if (!ph) continue;
    out.push(ph);
    i = ph.e - 1;
  }
  return out;
}

/** The mentions of a sorted list that lie within toks[from, to). */
export function mentionsWithin(all: Phrase[], from: number, to: number): Phrase[] {
  const lo = firstAtOrAfter(all, from, p => p.s);
  const out: Phrase[] = [];
  for (let i = lo; i < all.length && all[i].s < to; i++) if (all[i].e <= to) out.push(all[i]);
  return out;
}
