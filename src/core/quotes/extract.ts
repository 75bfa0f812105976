/**
 * Quote detection and attribution for English news text.
 *
 * 1. Quotation-mark regions (marks.ts): every house style, apostrophes told apart, nesting,
 *    paragraph continuation.
 * 2. Per paragraph, author sentences (quotes opaque) and their reporting cues with subjects:
 *    "X said (that) …", "…, X said.", "according to X, …" — reported speech.
 * 3. Each quotation is attributed from its neighbourhood: "…," X said / said X / X said: "…" /
 *    X told reporters, "…" / "…," X said, adding: "…"; embedded fragments take the cue of their
 *    sentence (partial quotes); what has no speaker and sits inside the author's grammar is a scare
 *    quote or a title (kind none).
 * 4. Quotes without a cue carry the speaker of the quote before them until someone else speaks.
 * 5. Speaker mentions are resolved to the document's entities (resolve.ts).
 *
 * Linear in the text: every step looks at a bounded window of tokens around a cue or a quote.
 */
import type { DocumentEntities } from '../entities/types';
import { paragraphsOf, scanQuoteMarks, type MarkRegion } from './marks';
import { lowerBound, paragraphTokens, type Token } from './text';
import { countMatches } from '../text/sentences';
import { firstAtOrAfter } from '../sorted';
import { mapPacked } from '../packed';
import { isAudience, objectBefore, phraseAfter, phraseBefore, skipAdverbsBack, subjectOf, type Phrase } from './phrases';
import { AUXILIARY_FORMS, FRAME_FORMS, FUNCTION_WORDS, PRONOUNS, ING_CUES, PARTICLE_FORMS, REPORT_FORMS, SPEECH_FORMS, STANCE_FORMS } from './lexicon';
import { SpeakerResolver, type SpeakerSpan } from './resolve';
import { CandidateSet, conjoinedWeights, distBucket, mentionsIn, mentionsWithin, mentionType, neighbourClass, type Candidate, type Weights } from './ranker';
import { SPEAKER_WEIGHTS } from './speakerModel';
import { sentenceStarts, tagReported, type ReportedModel, type TaggedAttribution } from './reported';
import type { Quote, QuoteRecord } from './types';

/** Above this many quotation regions in one paragraph, the paragraph is not prose: no attribution. */
const MAX_REGIONS_PER_PARAGRAPH = 400;
/** Longest paragraph the attribution tagger reads, in characters (news paragraphs are far shorter). */
const MAX_TAGGED_PARAGRAPH = 50000;
/** Longest reported clause, in tokens. */
const MAX_CLAUSE_TOKENS = 300;

/** A long paragraph mostly made of quotation marks is not prose. */
function markSoup(text: string, from: number, to: number): boolean {
  if (to - from < 20000) return false;
  let marks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39 || (c >= 0x2018 && c <= 0x201f) || c === 0xab || c === 0xbb) marks++;
  }
  return marks > 0.2 * (to - from);
}

interface Attribution {
  speakerStart: number;
  speakerEnd: number;
  pronoun: boolean;
  quality: number;
  cueStart: number;
  cueEnd: number;
  confidence: number;
}

interface SentenceCue extends Attribution {
  /** Token index of the verb. */
  verb: number;
  /** Reported content, when the cue takes a clause. */
  contentStart: number;
  contentEnd: number;
  reported: boolean;
}

interface RegionInfo {
  region: MarkRegion;
  kind: Quote['kind'];
  attr: Attribution | null;
  implied: boolean;
  /** Paragraph-level index for carry-over. */
  para: number;
  /** Where attribution came from: adjacent after/before, the sentence, carried. */
  how: 'after' | 'before' | 'sentence' | 'carried' | 'none';
  /** The subject of the quote's sentence ("Hours later, she issued a statement: “…”"). */
  topic: Attribution | undefined;
}

const TELL = new Set(['tell', 'tells', 'told', 'telling']);
const PASSIVE_AUX = new Set(['was', 'were', 'is', 'are', 'be', 'been', 'being', "'s", 'get', 'got']);
const PLATFORM_NOUNS = new Set(['statement', 'interview', 'tweet', 'post', 'letter', 'email', 'speech', 'video', 'message', 'note', 'release', 'memo', 'op-ed', 'essay', 'column', 'blog', 'podcast', 'broadcast', 'briefing', 'conference', 'filing', 'press']);

function isSpeech(t: Token | undefined): boolean {
  return !!t && t.w && t.q < 0 && SPEECH_FORMS.has(t.l);
}

const DETERMINER = /^(?:a|an|the|his|her|their|its|our|my|your|this|that|each|every|another)$/;

/** A reporting verb at v, not a noun ("in a tweet", "the post", "his statement"). */
function speechVerbAt(toks: Token[], v: number, min: number): boolean {
  if (!isSpeech(toks[v])) return false;
  return !(v - 1 >= min && (DETERMINER.test(toks[v - 1].l) || /['’]s$/.test(toks[v - 1].l)));
}

/** "went on", "shot back", "chimed in": a verb and its particle (at v and v + 1). */
function particleVerb(toks: Token[], v: number): boolean {
  const t = toks[v];
  return !!t && t.q < 0 && PARTICLE_FORMS.get(t.l) === toks[v + 1]?.l;
}

/** The end of the audience of "told": "reporters", "the BBC", "CNN's Jake Tapper" — one noun phrase. */
function audienceEnd(toks: Token[], from: number, max: number): number {
  let k = from;
  if (k < max && DETERMINER.test(toks[k].l)) k++;
  while (k < max && k - from < 6 && isAudience(toks[k]) && !DETERMINER.test(toks[k].l) && toks[k].l !== 'that') k++;
  return k;
}

/** Extends a cue over its audience and medium: "told reporters", "said in a statement", "wrote on X". */
function cueEnd(toks: Token[], v: number, max: number): number {
  let e = particleVerb(toks, v) && v + 2 <= max ? v + 2 : v + 1;
  if (TELL.has(toks[v].l)) {
    const k = audienceEnd(toks, e, max);
    if (k > e) e = k;
  }
  // "in a statement", "in an interview with X"
  if (e + 2 < max && toks[e].l === 'in' && (toks[e + 1].l === 'a' || toks[e + 1].l === 'an' || toks[e + 1].l === 'his' || toks[e + 1].l === 'her' || toks[e + 1].l === 'their' || toks[e + 1].l === 'its') && PLATFORM_NOUNS.has(toks[e + 2].l)) e += 3;
  // "on X", "on Truth Social", "on his social media platform Truth Social"
  else if (e + 1 < max && toks[e].l === 'on') {
    let k = e + 1;
    while (k < max && k - e < 7 && toks[k].w && (toks[k].cap || /^(?:his|her|their|its|the|a|social|media|platform|account|site|network|page|channel|feed)$/.test(toks[k].l))) k++;
    if (k > e + 1 && toks[k - 1].cap) e = k;
  }
  return e;
}

/** The reporting clause after a cue at token v: the index where the reported content starts, or -1. */
function clauseStart(toks: Token[], v: number, max: number): number {
  let c = v + 1;
  if (TELL.has(toks[v].l)) c = audienceEnd(toks, c, max);
  // a "that" within a short distance (past a time or a medium: "said on Monday that")
  for (let k = c; k < max && k - c < 10; k++) {
    const t = toks[k];
    if (t.q >= 0 || t.t === '.' || t.t === ';' || t.t === ':' || t.t === '"' || t.t === '“') break;
    if (t.l === 'that') return k + 1 < max ? k + 1 : -1;
    if (!t.w && t.t !== ',') break;
    if (SPEECH_FORMS.has(t.l) || AUXILIARY_FORMS.test(t.l)) break;
  }
  while (c + 1 < max && toks[c].w && !toks[c].cap && /ly$/.test(toks[c].l) && !/^(?:only|early|likely|family|rally|ally|italy|july)$/.test(toks[c].l)) {
    if (/^(?:into|to|at|on|in|with|from|for|about|over|through)$/.test(toks[c + 1].l)) return -1;
    c++;
  }
  if (c >= max) return -1;
  const t = toks[c];
  if (!t.w) {
    // "said: …" belongs to the quotation after it; "said, …" may still report
    if (t.t === ',' && c + 1 < max && toks[c + 1].w && !PASSIVE_AUX.has(toks[c + 1].l)) return -1;
    return -1;
  }
  // "said Trump" (inverted), "said Wednesday", "said in a statement": skip the medium
  if (['in', 'on', 'at', 'during', 'after', 'before', 'last', 'this', 'late', 'early', 'earlier', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'yesterday', 'today', 'of', 'to', 'by', 'about', 'and', 'but', 'or', 'so', 'as'].includes(t.l)) return -1;
  return c;
}

export interface ExtractOptions {
  /** Skip reported speech (quotation marks only). */
  noReported?: boolean;
  /**
   * Also report stance and communication verbs with an object ("X criticised the plan", "X called
   * for a ban") as reported content, with low confidence, and keep the tagger's objects and
   * infinitives after verbs of stance ("urged allies to act"). Off by default: it is attribution in
   * the wide sense of PolNeAR rather than speech.
   */
  stance?: boolean;
  /**
   * Speaker model: the weights of the learned ranker (default: the shipped model), or null for the
   * rules alone. For training and evaluation.
   */
  speakerModel?: Weights | null;
  /**
   * Reported speech from the learned attribution tagger (reported.ts; the default when a model is
   * installed, see installReportedModel) or, with `false`, from the reporting-verb rules alone.
   */
  learnedReported?: boolean;
  /**
   * Incremental analysis (src/core/analysis/incremental.ts): what each paragraph gave an earlier
   * analysis, by the paragraph's text and quotation regions (`ParagraphAnalysis`).
   */
  paragraphs?: ParagraphMemo;
  /** Incremental analysis: the speaker ranker's candidates of each quote, by what they are made of (`SpeakerMemo`). */
  speakers?: SpeakerMemo;
  /** Training hook: the candidate speakers of each quote-mark region, best first as the model has them. */
  onCandidates?: (quote: { start: number; end: number; kind: Quote['kind'] }, candidates: Candidate[]) => void;
}

/** What the ranker needs of a paragraph. */
export interface ParaCtx {
  /** Unique to one paragraph analysis (incremental analysis keeps it while the paragraph is unchanged). */
  id: number;
  /** Where the paragraph starts. */
  start: number;
  toks: Token[];
  sentTok: { s: number; e: number }[];
  cues: SentenceCue[][];
  top: MarkRegion[];
  regionTok: { o: number; c: number }[];
  sentenceOf: (tok: number) => number;
  /** Noun-phrase mentions outside quotations (computed when first needed). */
  mentions?: Phrase[];
  /** Capitalised words outside quotations, lower case without "'s" (computed when first needed). */
  capWords?: string[];
  /** Attributions found by the learned tagger (token ranges). */
  tagged?: TaggedAttribution[];
  /** learnedQuotes' marks of the attribution tokens (attributionTokens), computed when first needed. */
  attrTok?: Uint8Array;
  /** learnedQuotes' verdicts of reportingCue for each tagged attribution, without and with stances (0: not yet, 1: no, 2: yes). */
  verdicts?: Uint8Array;
}

let installedModel: ReportedModel | undefined;

/**
 * Installs the learned attribution tagger for this thread (decodeReportedModel of the bytes of
 * media/models/reported.bin, which the host reads: the core touches no files). Until one is
 * installed, or after `installReportedModel(undefined)`, reported speech comes from the
 * reporting-verb rules alone (as with `learnedReported: false`).
 */
export function installReportedModel(model: ReportedModel | undefined): void {
  installedModel = model;
}

/** Whether a learned attribution tagger is installed in this thread. */
export function hasReportedModel(): boolean {
  return installedModel !== undefined;
}

/** Quotes of `text` with their speakers. `entities`: the document's resolved entities, if known. */
export function extractQuotes(text: string, entities?: DocumentEntities, options: ExtractOptions = {}): Quote[] {
  const paragraphs = paragraphsOf(text);
  const regions = scanQuoteMarks(text, paragraphs);
  // the learned tagger, or none: reported speech then comes from the rules
  const tagger = options.noReported || options.learnedReported === false ? undefined : installedModel;
  const infos: RegionInfo[] = [];
  const reported: { cue: SentenceCue; para: number }[] = [];
  /** Paragraphs ending "X said:" — the attribution of the quote opening the next paragraph. */
  const intros = new Map<number, Attribution>();
  const ctxs: (ParaCtx | undefined)[] = [];
  const memo = options.paragraphs;
  /** Remembered paragraphs this analysis has used (a second identical paragraph is analysed anew). */
  const used = new Set<ParagraphAnalysis>();
  let ri = 0;
  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p];
    const mine: MarkRegion[] = [];
    while (ri < regions.length && regions[ri].paragraph === p) mine.push(regions[ri++]);
    const top = mine.filter(r => r.depth === 0);
    // not prose (a wall of quotation marks): nothing in it is a quotation
    if (top.length > MAX_REGIONS_PER_PARAGRAPH || markSoup(text, para.start, para.end)) continue;
    const pa = memo ? rememberedParagraph(memo, used, text, para, mine, top, options, tagger) : analyseParagraph(text, para, mine, top, options, tagger);
    // the paragraph's share of the document-level lists (copies: the passes below change them)
    pa.ctx.top = top;
    pa.ctx.tagged = pa.tagged && memo ? copyTagged(pa.tagged) : pa.tagged;
    ctxs[p] = pa.ctx;
    // nested regions: a quote inside a quote is the speaker's citation, not a quote of its own
    let t = 0;
    for (const r of mine) {
      if (r.depth === 0) {
        // (fields copied one by one: a spread of objects of several shapes is V8's slow path, and the
        // remembered analysis keeps its own)
        const x = pa.tops[t++];
        infos.push({ region: r, kind: x.kind, attr: x.attr, implied: x.implied, para: p, how: x.how, topic: x.topic });
      }
      else infos.push({ region: r, kind: 'none', attr: null, implied: false, para: p, how: 'none', topic: undefined });
    }
    for (const cue of pa.reported) reported.push({ cue, para: p });
    if (pa.intro) intros.set(p, pa.intro);
  }

  // Carry speakers to quotes without a cue: within the paragraph first, then from earlier paragraphs.
  carry(infos, reported, paragraphs, text, intros);
  const model = options.speakerModel === undefined ? SPEAKER_WEIGHTS : options.speakerModel;
  if (model || options.onCandidates) rankSpeakers(infos, ctxs, text, model, options.onCandidates, options.speakers);
  transcriptLabels(infos, text);

  // (built by push, not by spreading two arrays: the same elements kind whichever tier builds it)
  const speakers: SpeakerSpan[] = [];
  for (const i of infos) if (i.attr) speakers.push(i.attr);
  for (const r of reported) speakers.push(r.cue);
  const quoted: { start: number; end: number }[] = [];
  for (const i of infos) if (i.region.depth === 0 && i.kind !== 'none') quoted.push(i.region);
  const resolver = new SpeakerResolver(text, entities, speakers, quoted);
  const out: Quote[] = [];
  for (const info of infos) {
    const r = info.region;
    let s = r.start;
    let e = r.end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    const q: Quote = { start: s, end: e, kind: info.kind, speaker: null, speakerText: null, confidence: 0, depth: r.depth };
    if (r.continuation) q.continued = true;
    if (info.attr && info.kind !== 'none') {
      applyAttribution(q, info.attr, text, resolver);
      if (info.implied) q.implied = true;
    } else q.confidence = info.kind === 'none' ? 0.6 : 0.3;
    out.push(q);
  }
  if (!tagger) {
    for (const { cue } of reported) {
      const q: Quote = { start: cue.contentStart, end: cue.contentEnd, kind: 'reported', speaker: null, speakerText: null, confidence: 0 };
      applyAttribution(q, cue, text, resolver);
      out.push(q);
    }
  } else {
    const speech = mapPacked(out.filter(q => q.kind !== 'none' && q.depth === 0), q => [q.start, q.end]).sort((a, b) => a[0] - b[0]);
    const learned = learnedQuotes(text, ctxs, resolver, !!options.stance, speech);
    // the rules' reported clauses the tagger left out ("X told reporters the talks were …")
    const spans = mapPacked(learned, q => [q.start, q.end]).sort((a, b) => a[0] - b[0]);
    for (const { cue } of reported) {
      const lo = firstAtOrAfter(spans, cue.contentEnd, sp => sp[0]);
      // spans are short and rarely nested: the few before the content's end are enough to check
      let overlaps = false;
      for (let j = lo - 1; j >= 0 && lo - j <= 8; j--) if (spans[j][1] > cue.contentStart) overlaps = true;
      if (overlaps) continue;
      if (!options.stance && !speechWords(wordsOf(text, cue.cueStart, cue.cueEnd)) && !isClause(wordsOf(text, cue.contentStart, cue.contentEnd))) continue;
      const q: Quote = { start: cue.contentStart, end: cue.contentEnd, kind: 'reported', speaker: null, speakerText: null, confidence: 0 };
      applyAttribution(q, { ...cue, confidence: Math.min(cue.confidence, 0.6) }, text, resolver);
      learned.push(q);
    }
    // a quotation inside a reported clause is part of that attribution: one speaker and cue for both
    let k = 0;
    const quoted = out.filter(q => q.kind !== 'none' && q.depth === 0 && q.speakerStart !== undefined).sort((a, b) => a.start - b.start);
    for (const q of [...learned].sort((a, b) => a.start - b.start)) {
      while (k < quoted.length && quoted[k].end <= q.start) k++;
      for (let j = k; j < quoted.length && quoted[j].start < q.end; j++) {
        const inner = quoted[j];
        if (inner.start < q.start || inner.end > q.end) continue;
        Object.assign(q, { speaker: inner.speaker, speakerText: inner.speakerText, speakerStart: inner.speakerStart, speakerEnd: inner.speakerEnd, cue: inner.cue, cueStart: inner.cueStart, cueEnd: inner.cueEnd, entity: inner.entity, confidence: inner.confidence });
        if (inner.cueStart === undefined) {
          delete q.cue;
          delete q.cueStart;
          delete q.cueEnd;
        }
        break;
      }
    }
    out.push(...learned);
  }
  headlineAttributions(text, paragraphs, out, resolver);
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  return out;
}

/**
 * Words that open a headline label without naming a source ("Update: …", "Watch: …", "Editor's note:
 * …"): the first word of the label, lower case.
 */
const HEADLINE_LABELS = new Set(
  'update updated updates watch live exclusive analysis breaking photos photo pictures video videos opinion editorial note notice paid related read more see also correction corrections clarification editor editor’s editor\'s listen podcast quiz explainer factbox timeline review comment commentary letters letter column interview transcript text chapter part step tip tips warning alert news top latest what why how who when where here this today tonight yesterday contributing contributors reporting revealed bombshell wow leaked just daily weekly email newsletter briefing roundup recap source sources credit credits image images caption byline by tags tag topics topic category filed location date published posted summary background context disclaimer key points highlights takeaways overview agenda schedule result results score scores table figure chart map graphic graphics sponsored advertisement'.split(
    ' ',
  ),
);
/** A headline "Label: what was said": a short title-case label of at most six words before a colon. */
const HEADLINE = /^(\p{Lu}[\p{L}\p{N}'’.-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}'’.-]*|of|the|de|von|van)){0,3}):\s+(\S[^\n]*)$/u;
/** Capitalised words that make a label a title phrase rather than a source ("Big Win For …"). */
const TITLE_PHRASE_WORDS = new Set(['for', 'over', 'with', 'and', 'in', 'on', 'to', 'from', 'after', 'before', 'against', 'at', 'by', 'is', 'are', 'a', 'an']);

/**
 * A headline that attributes what follows its colon to the label before it ("Governor: Budget Will
 * Balance by 2027", "Health Ministry: Cases Fell in May"): a paragraph of one short line whose label
 * is one to four title-case words (not all capitals: a transcript's turn; no kicker such as "Update",
 * "Watch", "The Latest"; no word that makes it a title phrase, "Big Win For …"; no digits: "2:45
 * p.m."), and whose words after the colon are not a quotation already nor a question. Reported
 * speech, the label its source and the colon its cue; a quotation inside it without a speaker takes
 * them.
 */
function headlineAttributions(text: string, paragraphs: { start: number; end: number }[], out: Quote[], resolver: SpeakerResolver): void {
  const added: Quote[] = [];
  for (const para of paragraphs) {
    if (para.end - para.start > 200) continue;
    const line = text.slice(para.start, para.end);
    const m = HEADLINE.exec(line.trimEnd());
    if (!m) continue;
    const label = m[1];
    const words = label.toLowerCase().split(/\s+/);
    if (words.some(w => HEADLINE_LABELS.has(w) || TITLE_PHRASE_WORDS.has(w)) || /\p{N}/u.test(label) || !/\p{Ll}/u.test(label)) continue;
    let cs = para.start + m[0].length - m[2].length;
    let ce = para.start + m[0].length;
    while (ce > cs && /[\s.;]/.test(text[ce - 1])) ce--;
    // a question is not what the source said ("X: Hero or Villain?")
    if (text[ce - 1] === '?' || (text.slice(cs, ce).match(/[\p{L}\p{N}]+/gu) ?? []).length < 3) continue;
    // the words after the colon are one quotation already (Label: "…"): that quotation is the record
    const inside = out.filter(q => q.kind !== 'none' && q.start < ce && cs < q.end);
    if (inside.some(q => q.kind === 'reported' || q.end - q.start >= 0.5 * (ce - cs))) continue;
    while (cs < ce && /\s/.test(text[cs])) cs++;
    const ss = para.start;
    const se = ss + label.length;
    const q: Quote = { start: cs, end: ce, kind: 'reported', speaker: null, speakerText: null, confidence: 0 };
    applyAttribution(q, { speakerStart: ss, speakerEnd: se, pronoun: false, quality: 3, cueStart: se, cueEnd: se + 1, confidence: 0.5 }, text, resolver);
    for (const inner of inside) if (inner.speakerStart === undefined) applyAttribution(inner, { speakerStart: ss, speakerEnd: se, pronoun: false, quality: 3, cueStart: se, cueEnd: se + 1, confidence: 0.5 }, text, resolver);
    added.push(q);
  }
  out.push(...added);
}

/** Share of [s, e) inside the paragraph's depth-0 quotation regions. */
function quotedShare(top: MarkRegion[], s: number, e: number): number {
  let covered = 0;
  for (const r of top) covered += Math.max(0, Math.min(e, regionEnd(r)) - Math.max(s, r.open));
  return e > s ? covered / (e - s) : 0;
}

/**
 * Reported speech from the learned tagger: every content it marks that is not a quotation already
 * (those are attributed above), with the source and cue it found; a content without a source takes
 * the subject of a reporting cue of the rules at the same place.
 */
function learnedQuotes(text: string, ctxs: (ParaCtx | undefined)[], resolver: SpeakerResolver, stances: boolean, speech: number[][]): Quote[] {
  const out: Quote[] = [];
  for (const ctx of ctxs) {
    if (!ctx?.tagged) continue;
    const { toks } = ctx;
    // (both are functions of the paragraph's analysis alone: kept with it, which incremental
    // analysis reuses while the paragraph is unchanged; the tagged attributions are copies of the
    // same ones each time, and read here before extendContent changes them)
    const attrTok = (ctx.attrTok ??= attributionTokens(ctx));
    const verdicts = (ctx.verdicts ??= new Uint8Array(2 * ctx.tagged.length));
    // the rules' cues of the paragraph in order, flattened once (not once per attribution)
    let ruleCues: SentenceCue[] | undefined;
    for (let k = 0; k < ctx.tagged.length; k++) {
      const a: TaggedAttribution = ctx.tagged[k];
      // the complementiser is not part of what was said ("said that the talks …")
      const first = a.content[0];
      // a lone word, or content with neither cue nor source: too often not an attribution (PolNeAR dev: ~1 in 5 right)
      if ((a.content.length === 1 && first.e - first.s === 1) || (!a.cue && !a.source)) continue;
      const withStances: boolean = stances || quotesSpeech(toks, a, speech);
      const v = 2 * k + (withStances ? 1 : 0);
      if (verdicts[v] === 0) verdicts[v] = reportingCue(toks, a, withStances) ? 2 : 1;
      if (verdicts[v] !== 2) continue;
      extendContent(ctx, a, attrTok);
      if (first.e - first.s > 1 && toks[first.s].l === 'that' && toks[first.s].q < 0) first.s++;
      const frags = mapPacked(a.content, c => ({ start: toks[c.s].s, end: toks[c.e - 1].e }));
      const start = frags[0].start;
      const end = frags[frags.length - 1].end;
      const quoted = frags.reduce((n, f) => n + quotedShare(ctx.top, f.start, f.end) * (f.end - f.start), 0);
      const len = frags.reduce((n, f) => n + f.end - f.start, 0);
      if (quoted > 0.5 * len && !mixedQuotation(ctx.top, frags, len)) continue;
      const q: Quote = { start, end, kind: 'reported', speaker: null, speakerText: null, confidence: 0.5 };
      if (frags.length > 1) q.fragments = frags;
      let at: Attribution | null = null;
      let cueS = a.cue ? toks[a.cue.s].s : -1;
      let cueE = a.cue ? toks[a.cue.e - 1].e : -1;
      // the rules' cue at the same place carries its audience and medium ("told the BBC", "said in a statement")
      const ruleCue = a.cue ? (ruleCues ??= ctx.cues.flat()).find(c => c.cueStart < cueE && cueS < c.cueEnd) : undefined;
      if (ruleCue && ruleCue.cueEnd > cueE && (ruleCue.cueEnd <= start || cueS >= end)) cueE = ruleCue.cueEnd;
      if (ruleCue && ruleCue.cueStart < cueS) cueS = ruleCue.cueStart;
      if (a.source && !notASource(toks, a.source, a.cue)) {
        const src = toks.slice(a.source.s, a.source.e);
        const pronoun = src.length === 1 && src[0].l in PRONOUNS;
        at = { speakerStart: toks[a.source.s].s, speakerEnd: toks[a.source.e - 1].e, pronoun, quality: pronoun ? 2 : src.some(t => t.cap) ? 3 : 1, cueStart: cueS, cueEnd: cueE, confidence: a.cue ? 0.75 : 0.5 };
      } else if (a.cue) {
        if (ruleCue && ruleCue.speakerStart >= 0) at = { ...ruleCue, cueStart: cueS, cueEnd: cueE, confidence: Math.min(ruleCue.confidence, 0.6) };
      }
      if (at) applyAttribution(q, at, text, resolver);
      else if (a.cue) {
        q.cueStart = cueS;
        q.cueEnd = cueE;
        q.cue = text.slice(cueS, cueE);
        q.confidence = 0.3;
      }
      out.push(q);
    }
  }
  return out;
}

/** Prepositions that cannot be a source on their own ("… whatever he wanted, from saying …"). */
const PREPOSITIONS = new Set('from in on at by with into of to for about including after before during under over through without within despite amid against between among'.split(' '));

/**
 * Is the tagger's source span a piece of another phrase rather than who spoke: a lone preposition,
 * or the start of a verb's object whose head noun is the cue (`objectBefore`: "sends {a clear}
 * message that …"). The speaker is then looked for as if the tagger had found no source.
 */
function notASource(toks: Token[], source: { s: number; e: number }, cue: { s: number; e: number } | null): boolean {
  const first = toks[source.s];
  if (source.e - source.s === 1) return PREPOSITIONS.has(first.l) && !first.cap;
  return cue !== null && objectBefore(toks, source.s, source.e, cue.s);
}

/**
 * A content mostly quoted, but in pieces none of which is half of it: the author's clause stitching
 * the source's words ("said Smith was “a lightweight” while Jones is “a basket case” and “a
 * liar”"). No one quotation stands for what was reported, so the clause is kept as well as its
 * quotations (a content that is one quotation and a few words is that quotation). PolNeAR train,
 * all attributions, in process: lenient F1 61.1 → 61.3; dev 61.1 → 61.4; seeds and the quote-mark
 * views unchanged.
 */
function mixedQuotation(top: MarkRegion[], frags: { start: number; end: number }[], len: number): boolean {
  for (const r of top) {
    let covered = 0;
    for (const f of frags) covered += Math.max(0, Math.min(f.end, regionEnd(r)) - Math.max(f.start, r.open));
    if (covered >= 0.5 * len) return false;
  }
  return true;
}

/**
 * Does a tagged content hold a quotation that is speech (`speech`: the start and end of each, in
 * text order; not a scare quote or a title)? "X described the talks as 'very good'", "X attacked
 * the plan as a 'disaster'": the words between the marks are the source's, so the stance around
 * them is reported speech too.
 */
function quotesSpeech(toks: Token[], a: TaggedAttribution, speech: number[][]): boolean {
  for (const c of a.content) {
    const s = toks[c.s].s;
    const e = toks[c.e - 1].e;
    for (let j = firstAtOrAfter(speech, s, q => q[0]); j < speech.length && speech[j][0] < e; j++) if (speech[j][1] <= e) return true;
  }
  return false;
}

/**
 * Tokens of a paragraph that belong to an attribution rather than to what was said: the cues of the
 * rules and the tagger's cues and sources.
 */
function attributionTokens(ctx: ParaCtx): Uint8Array {
  const { toks } = ctx;
  const mark = new Uint8Array(toks.length);
  for (const a of ctx.tagged ?? []) {
    if (a.cue) mark.fill(1, a.cue.s, a.cue.e);
    if (a.source) mark.fill(1, a.source.s, a.source.e);
  }
  for (const list of ctx.cues) {
    for (const cu of list) {
      for (let i = lowerBound(toks, cu.cueStart); i < toks.length && toks[i].s < cu.cueEnd; i++) mark[i] = 1;
    }
  }
  return mark;
}

/** Punctuation that ends a clause inside a sentence. */
const CLAUSE_BREAKS = new Set([',', ';', ':', '—', '–', '(', ')']);

/**
 * Content boundaries the tagger often stops short of. A content closed by its attribution ("…,
 * a source said.") starts where its sentence starts (past opening punctuation), when only words of
 * the author lie between; a content opened by its attribution ("X said the plan …") runs on to the
 * next clause break or the sentence's end, when no cue or source lies between. PolNeAR dev, all
 * attributions: 1,253 → 1,265 matched (lenient F1 60.0 → 60.5); seeds 80.1 → 81.2.
 */
function extendContent(ctx: ParaCtx, a: TaggedAttribution, attrTok: Uint8Array): void {
  if (!a.cue || a.content.length !== 1) return;
  const { toks } = ctx;
  const c = a.content[0];
  const st = ctx.sentTok[ctx.sentenceOf(c.s)];
  if (a.cue.s >= c.e && a.cue.s < st.e) {
    let k = st.s;
    while (k < c.s && !toks[k].w) k++;
    for (let i = k; i < c.s; i++) if (toks[i].q >= 0 || attrTok[i]) return;
    c.s = Math.min(k, c.s);
  } else if (a.cue.e <= c.s) {
    let end = st.e;
    while (end > c.e && !toks[end - 1].w && toks[end - 1].q < 0) end--;
    for (let i = c.e; i < end; i++) {
      if (toks[i].q < 0 && CLAUSE_BREAKS.has(toks[i].t)) {
        end = i;
        break;
      }
      if (attrTok[i]) return;
    }
    c.e = Math.max(end, c.e);
  }
}

/** Content words at most this many: an object rather than a clause ("criticised the plan"). */
const SHORT_CONTENT_WORDS = 4;

/**
 * Is a tagged attribution speech the reader would call reported speech? The tagger learned PolNeAR's
 * wide notion of attribution, which takes in stances ("X criticised the plan", "X urged allies to
 * act", "X described the talks as good"). Kept: a clause (isClause) whose cue has a reporting verb (say,
 * warn, believe …) and a source or more than SHORT_CONTENT_WORDS words, or a source and more than
 * SHORT_CONTENT_WORDS words whatever its cue; an object or an infinitive only after a verb of speech
 * proper (said, told, according to: not a verb of stance such as urge, reject or describe) — unless
 * `stances` (ExtractOptions.stance). PolNeAR dev, all attributions: lenient F1 63.7 → 59.9 (its gold
 * counts stances); seeds: 73.2 → 79.2. learnedQuotes passes `stances` also for a content holding a
 * quotation that is speech (quotesSpeech).
 */
function reportingCue(toks: Token[], a: TaggedAttribution, stances: boolean): boolean {
  const content: string[] = [];
  for (const c of a.content) for (let i = c.s; i < c.e; i++) if (toks[i].w || AUXILIARIES.has(toks[i].l)) content.push(toks[i].l);
  const cue = mapPacked(a.cue ? toks.slice(a.cue.s, a.cue.e) : [], t => t.l);
  if (!stances && !speechWords(cue) && !isClause(content)) return false;
  const words = content.filter(w => /\p{L}|\p{N}/u.test(w)).length;
  if (cue.some(l => SPEECH_FORMS.has(l) || REPORT_FORMS.has(l))) return a.source !== null || words > SHORT_CONTENT_WORDS;
  return a.source !== null && words > SHORT_CONTENT_WORDS;
}

/** A verb of speech proper among the words of a cue (said, told, according to; not urge, reject, describe). */
function speechWords(cue: string[]): boolean {
  return cue.some(l => (SPEECH_FORMS.has(l) && !STANCE_FORMS.has(l)) || l === 'according');
}

/** Lower-case words of text[s, e) (contractions kept whole: "won't", "'s"). */
function wordsOf(text: string, s: number, e: number): string[] {
  return text.slice(s, e).toLowerCase().replace(/’/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?|'[\p{L}]+/gu) ?? [];
}

/** Auxiliaries and modals: a content holding one is a clause ("the talks were …", "he would …"). */
const AUXILIARIES = new Set(
  "is are was were will would could can should may might must has have had did does do be been am shall 's 're 've 'd 'll isn't aren't wasn't weren't won't wouldn't can't couldn't shouldn't hasn't haven't hadn't didn't doesn't don't".split(' '),
);

/**
 * Is a content (its lower-case words) a clause rather than an object ("criticised the plan") or an
 * infinitive ("urged allies to act")? A clause here: not opened by "to", and holding an auxiliary or
 * a word in -ed or -es after its first word (a finite verb, most of the time).
 */
function isClause(words: string[]): boolean {
  if (words[0] === 'to') return false;
  return words.some((w, i) => AUXILIARIES.has(w) || (i > 0 && /[a-z](?:ed|es)$/.test(w)));
}

function applyAttribution(q: Quote, a: Attribution, text: string, resolver: SpeakerResolver): void {
  q.speakerText = text.slice(a.speakerStart, a.speakerEnd);
  q.speakerStart = a.speakerStart;
  q.speakerEnd = a.speakerEnd;
  if (a.cueStart >= 0) {
    q.cueStart = a.cueStart;
    q.cueEnd = a.cueEnd;
    q.cue = text.slice(a.cueStart, a.cueEnd);
  }
  const res = resolver.resolve(a.speakerStart, a.speakerEnd);
  q.speaker = res.name ?? q.speakerText;
  if (res.entity !== undefined) q.entity = res.entity;
  let c = a.confidence;
  if (a.pronoun && res.entity === undefined) c *= 0.85;
  q.confidence = Math.max(0, Math.min(1, Math.round(c * 100) / 100));
}

/**
 * What one paragraph gives the quote engine before the document-level passes: its tokens and author
 * sentences, reporting cues, the attribution of each depth-0 quotation region from its
 * neighbourhood, reported clauses, the learned tagger's attributions and an "X said:" introducing the
 * next paragraph. A function of the paragraph's text and quotation regions alone (every step reads
 * tokens of the paragraph or the text of its regions), with character offsets into the text where
 * the paragraph starts at `ctx.start`: incremental analysis keeps it from one version to the next and
 * moves its offsets with the paragraph (`rebaseParagraph`).
 */
export interface ParagraphAnalysis {
  /** `top` is set by each analysis that uses it (the regions of that analysis), `start` moved to where the paragraph is. */
  ctx: ParaCtx;
  /** The attribution of each depth-0 region (region and paragraph index set on use). */
  tops: Omit<RegionInfo, 'region' | 'para'>[];
  /** Cues with a reported clause that is not a direct quotation. */
  reported: SentenceCue[];
  intro: Attribution | null;
  /** The learned tagger's attributions, as it gave them (a copy goes to each analysis). */
  tagged?: TaggedAttribution[];
  model?: ReportedModel;
  stance: boolean;
  noReported: boolean;
}

/** Remembered paragraph analyses, by paragraph (`paragraphKey`). */
export interface ParagraphMemo {
  get(key: string): ParagraphAnalysis | undefined;
  set(key: string, value: ParagraphAnalysis): void;
}

/** The memo's key of a paragraph: its text and its quotation regions, relative to its start. */
function paragraphKey(text: string, para: { start: number; end: number }, mine: MarkRegion[]): string {
  let key = '';
  for (const r of mine) key += `${r.open - para.start},${r.close < 0 ? -1 : r.close - para.start},${r.start - para.start},${r.end - para.start},${r.depth},${r.continuation ? 1 : 0}${r.continuesNext ? 1 : 0};`;
  return `${key}\u0000${text.slice(para.start, para.end)}`;
}

function rememberedParagraph(memo: ParagraphMemo, used: Set<ParagraphAnalysis>, text: string, para: { start: number; end: number }, mine: MarkRegion[], top: MarkRegion[], options: ExtractOptions, tagger: ReportedModel | undefined): ParagraphAnalysis {
  const key = paragraphKey(text, para, mine);
  const known = memo.get(key);
  if (known && !used.has(known) && known.model === tagger && known.stance === !!options.stance && known.noReported === !!options.noReported) {
    used.add(known);
    rebaseParagraph(known, para.start);
    return known;
  }
  const pa = analyseParagraph(text, para, mine, top, options, tagger);
  if (!known || !used.has(known)) {
    memo.set(key, pa);
    used.add(pa);
  }
  return pa;
}

/** Moves the character offsets of a remembered paragraph analysis to a paragraph starting at `base`. */
function rebaseParagraph(pa: ParagraphAnalysis, base: number): void {
  const d = base - pa.ctx.start;
  if (d === 0) return;
  pa.ctx.start = base;
  for (const t of pa.ctx.toks) {
    t.s += d;
    t.e += d;
  }
  // attributions are shared (a region's may be a cue of its sentence): each moved once
  const attrs = new Set<Attribution>();
  for (const list of pa.ctx.cues) for (const c of list) attrs.add(c);
  for (const i of pa.tops) {
    if (i.attr) attrs.add(i.attr);
    if (i.topic) attrs.add(i.topic);
  }
  if (pa.intro) attrs.add(pa.intro);
  const move = (x: number) => (x < 0 ? x : x + d);
  for (const a of attrs) {
    a.speakerStart = move(a.speakerStart);
    a.speakerEnd = move(a.speakerEnd);
    a.cueStart = move(a.cueStart);
    a.cueEnd = move(a.cueEnd);
    const c = a as Partial<SentenceCue>;
    if (c.contentStart !== undefined) c.contentStart = move(c.contentStart);
    if (c.contentEnd !== undefined) c.contentEnd = move(c.contentEnd);
  }
}

let nextParagraphId = 0;

function copyTagged(list: TaggedAttribution[]): TaggedAttribution[] {
  return mapPacked(list, a => ({ content: mapPacked(a.content, c => ({ s: c.s, e: c.e })), cue: a.cue && { s: a.cue.s, e: a.cue.e }, source: a.source && { s: a.source.s, e: a.source.e } }));
}

function analyseParagraph(text: string, para: { start: number; end: number }, mine: MarkRegion[], top: MarkRegion[], options: ExtractOptions, tagger: ReportedModel | undefined): ParagraphAnalysis {
  const { toks, sentTok } = paragraphTokens(text, para, mine);
  const tokAt = (offset: number) => lowerBound(toks, offset);

  // 1. reporting cues per sentence
  const cues: SentenceCue[][] = mapPacked(sentTok, st => sentenceCues(toks, st.s, st.e, top, !!options.stance));
  const sentenceOf = (tokIndex: number) => {
    let lo = 0;
    let hi = sentTok.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sentTok[mid].s <= tokIndex) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  // 2. each depth-0 region
  const regionTok = mapPacked(top, r => ({ o: tokAt(r.open), c: r.close >= 0 ? tokAt(r.close) : tokAt(r.end) }));
  const tops: ParagraphAnalysis['tops'] = [];
  for (let i = 0; i < top.length; i++) {
    const r = top[i];
    const { o } = regionTok[i];
    const si = sentenceOf(o);
    const st = sentTok[si];
    const beforeMin = Math.max(st.s, i > 0 ? regionTok[i - 1].c + 1 : 0);
    const afterStart = r.close >= 0 ? regionTok[i].c + 1 : toks.length;
    const afterMax = Math.max(afterStart, i + 1 < top.length ? regionTok[i + 1].o : toks.length);
    const ri = attributeRegion(text, toks, r, o, beforeMin, afterStart, afterMax, cues[si], beforeMin, 0);
    let topic: Attribution | undefined;
    if (!ri.attr && o > st.s) {
      const subj = sentenceSubject(toks, st.s, o);
      if (subj && toks[subj.s].q < 0) topic = attr(toks, subj, subj.e, subj.e + 1, 0.6);
    }
    tops.push({ kind: ri.kind, attr: ri.attr, implied: ri.implied, how: ri.how, topic });
  }
  const pa: ParagraphAnalysis = { ctx: { id: nextParagraphId++, start: para.start, toks, sentTok, cues, top, regionTok, sentenceOf }, tops, reported: [], intro: null, model: tagger, stance: !!options.stance, noReported: !!options.noReported };
  if (tagger && para.end - para.start <= MAX_TAGGED_PARAGRAPH) pa.tagged = tagReported(tagger, toks, sentenceStarts(toks.length, sentTok));

  // 3. reported speech: cues with a clause, unless the clause is a direct quotation
  if (!options.noReported) {
    for (const list of cues) {
      for (const cue of list) {
        if (!cue.reported) continue;
        const covered = top.reduce((n, r) => n + Math.max(0, Math.min(cue.contentEnd, regionEnd(r)) - Math.max(cue.contentStart, r.open)), 0);
        const len = cue.contentEnd - cue.contentStart;
        if (covered > 0.6 * len) continue;
        pa.reported.push(cue);
      }
    }
  }

  // 4. "X said:" at the paragraph end introduces the quote of the next paragraph
  if (toks.length && toks[toks.length - 1].t === ':' && toks[toks.length - 1].q < 0) {
    const si = sentTok.length - 1;
    const min = Math.max(sentTok[si].s, top.length ? regionTok[top.length - 1].c + 1 : 0);
    pa.intro = findBefore(toks, toks.length, min, cues[si]).attr;
  }
  return pa;
}

function regionEnd(r: MarkRegion): number {
  return r.close >= 0 ? r.close + 1 : r.end;
}

function attr(toks: Token[], ph: Phrase, cueS: number, cueE: number, confidence: number): Attribution {
  return {
    speakerStart: toks[ph.s].s,
    speakerEnd: toks[ph.e - 1].e,
    pronoun: ph.pronoun,
    quality: ph.quality,
    cueStart: toks[cueS].s,
    cueEnd: toks[cueE - 1].e,
    confidence: confidence * (ph.quality >= 2 ? 1 : 0.8),
  };
}

/** Reporting cues of one sentence [ss, se) with their subjects (and reported content). */
function sentenceCues(toks: Token[], ss: number, se: number, top: MarkRegion[], stanceCues: boolean): SentenceCue[] {
  const out: SentenceCue[] = [];
  // the sentence's end without closing punctuation
  let endTok = se;
  while (endTok > ss && !toks[endTok - 1].w && toks[endTok - 1].q < 0 && !isOpenMarkOfRegion(toks[endTok - 1], top)) endTok--;
  if (endTok <= ss) return out;
  const contentEndAt = (tokEnd: number) => {
    let e = tokEnd;
    while (e > ss && !toks[e - 1].w && toks[e - 1].q < 0 && /^[.,;:!?)\]—–-]$/.test(toks[e - 1].t)) e--;
    return e > ss ? toks[e - 1].e : toks[ss].s;
  };
  let skipUntil = -1;
  for (let v = ss; v < endTok; v++) {
    const t = toks[v];
    if (t.q >= 0 || !t.w) continue;
    // "according to X, …" and "…, according to X."
    if (t.l === 'according' && v + 1 < endTok && toks[v + 1].l === 'to') {
      const ph = phraseAfter(toks, v + 2, endTok);
      if (!ph) continue;
      const cue: Omit<SentenceCue, 'contentStart' | 'contentEnd' | 'reported'> = { ...attr(toks, ph, v, v + 2, 0.8), verb: v };
      if (v > ss + 2 && toks[v - 1].t === ',') {
        out.push({ ...cue, contentStart: toks[ss].s, contentEnd: contentEndAt(v - 1), reported: true });
      } else if (ph.e < endTok && toks[ph.e].t === ',' && ph.e + 1 < endTok) {
        out.push({ ...cue, contentStart: toks[ph.e + 1].s, contentEnd: contentEndAt(endTok), reported: true });
      } else out.push({ ...cue, contentStart: toks[ss].s, contentEnd: contentEndAt(endTok), reported: false });
      continue;
    }
    const isReport = REPORT_FORMS.has(t.l);
    const isFrame = FRAME_FORMS.has(t.l) || SPEECH_FORMS.has(t.l);
    if (!isReport && !isFrame) continue;
    // a word of a name, not a verb ("the United States", "The Washington Post")
    if (t.cap && v > ss && (toks[v - 1].cap || toks[v + 1]?.cap)) continue;
    if (v > ss && PASSIVE_AUX.has(toks[v - 1].l) && /(?:ed|told|said|written|shown|found|known|thought|heard|seen|made)$/.test(t.l)) continue;
    const subj = subjectOf(toks, v, ss);
    if (subj && toks[subj.s].q < 0) {
      const ce = cueEnd(toks, v, endTok);
      const a = attr(toks, subj, v, ce, SPEECH_FORMS.has(t.l) ? 0.8 : 0.6);
      let c = v > skipUntil && isReport ? clauseStart(toks, v, endTok) : -1;
      let stance = false;
      if (c < 0 && v > skipUntil && STANCE_FORMS.has(t.l) && subj.quality >= 2 && stanceCues) {
        // "X criticised the plan", "X called for a ban": the object is the attributed content
        let k = ce;
        if (k < endTok && /^(?:for|on|about|of|to|against)$/.test(toks[k].l)) k++;
        if (k < endTok && toks[k].w && !AUXILIARY_FORMS.test(toks[k].l)) {
          c = k;
          stance = true;
        }
      }
      if (c < 0) {
        out.push({ ...a, verb: v, contentStart: toks[Math.min(ce, endTok - 1)].s, contentEnd: contentEndAt(endTok), reported: false });
        continue;
      }
      // content: to the sentence end, cut before ", adding …" (a second attribution of the same speaker)
      // (a reported clause is at most a few hundred words: the scan stays linear on run-on text)
      let end = Math.min(endTok, c + MAX_CLAUSE_TOKENS);
      for (let k = c + 1; k < end; k++) {
        if (toks[k].q >= 0) continue;
        if ((toks[k].t === ',' || toks[k].t === ';' || toks[k].t === '—') && k + 1 < endTok && ING_CUES.has(toks[k + 1].l) && REPORT_FORMS.has(toks[k + 1].l)) {
          end = k;
          break;
        }
        if (toks[k].t === ',' && k + 2 < endTok && toks[k + 1].l === 'according' && toks[k + 2].l === 'to') {
          end = k;
          break;
        }
        if (toks[k].t === ',' && startsAttribution(toks, k + 1, endTok)) {
          end = k;
          break;
        }
      }
      if (end - c < 2 && !stance) continue;
      out.push({ ...a, confidence: stance ? 0.4 : a.confidence, verb: v, contentStart: toks[c].s, contentEnd: contentEndAt(end), reported: true });
      skipUntil = end;
      if (end < endTok && ING_CUES.has(toks[end + 1]?.l ?? '')) {
        // the second part: ", adding that …" — same speaker
        const v2 = end + 1;
        const c2 = clauseStart(toks, v2, endTok);
        if (c2 >= 0 && endTok - c2 >= 2) {
          out.push({ ...a, cueStart: toks[v2].s, cueEnd: toks[v2].e, verb: v2, contentStart: toks[c2].s, contentEnd: contentEndAt(endTok), reported: true });
          skipUntil = endTok;
        }
      }
      continue;
    }
    if (!isReport || v <= ss + 2) continue;
    // "…, X said." and "…, said X." — the content is what comes before the comma
    const after = phraseAfter(toks, v + 1, endTok);
    if (toks[v - 1].t === ',' && after && !after.pronoun && restIsTail(toks, after.e, endTok)) {
      if (toks[v - 1].q >= 0 || toks[ss].q >= 0) continue;
      out.push({ ...attr(toks, after, v, v + 1, 0.75), verb: v, contentStart: toks[ss].s, contentEnd: contentEndAt(v - 1), reported: true });
      continue;
    }
  }
  // "…, X said." where X is before the verb: subjectOf found X above; its content is before the comma
  for (const cue of out) {
    if (cue.reported) continue;
    const sTok = lowerBound(toks, cue.speakerStart);
    if (sTok - 1 > ss + 1 && toks[sTok - 1].t === ',' && toks[ss].q < 0 && restIsTail(toks, cueTokEnd(toks, cue), endTok)) {
      cue.reported = true;
      cue.contentStart = toks[ss].s;
      cue.contentEnd = contentEndAt(sTok - 1);
      cue.confidence = Math.min(cue.confidence, 0.75);
    }
  }
  return out;
}

/** Does a subject and a reporting verb start at token k ("…, Carson said that …")? */
function startsAttribution(toks: Token[], k: number, max: number): boolean {
  for (let v = k + 1; v < max && v - k <= 8; v++) {
    const t = toks[v];
    if (!t.w || t.q >= 0) return false;
    if (!REPORT_FORMS.has(t.l) || ING_CUES.has(t.l)) continue;
    const ph = subjectOf(toks, v, k);
    return !!ph && ph.s === k;
  }
  return false;
}

function cueTokEnd(toks: Token[], cue: Attribution): number {
  return lowerBound(toks, cue.cueEnd);
}

/** After "…, X said": only a time, a place or a medium may follow ("on Monday", "in a statement"). */
function restIsTail(toks: Token[], from: number, to: number): boolean {
  if (to - from > 12) return false;
  for (let k = from; k < to; k++) {
    const t = toks[k];
    if (t.q >= 0) return false;
    if (t.w && (SPEECH_FORMS.has(t.l) || AUXILIARY_FORMS.test(t.l) || t.l === 'that')) return false;
  }
  return true;
}

function isOpenMarkOfRegion(t: Token, top: MarkRegion[]): boolean {
  // a quote mark token that opens a region (kept as part of the sentence)
  return t.e - t.s === 1 && top.some(r => r.open === t.s);
}

/** After a quote: "…," X said / said X / "…," X told reporters / according to X. */
function findAfter(toks: Token[], afterStart: number, afterMax: number, endsSentence: boolean): Attribution | null {
  let a = afterStart;
  if (a < afterMax && (toks[a].t === ',' || toks[a].t === '—' || toks[a].t === '–' || toks[a].t === '-')) a++;
  if (a >= afterMax) return null;
  const t = toks[a];
  if (isSpeech(t) && !ING_CUES.has(t.l)) {
    let ph = phraseAfter(toks, a + 1, afterMax);
    // "said election lawyer Joe Birkenstock", "said 9/11 widow Jane Doe": lower-case words (and
    // numbers written with / or -) before a name
    for (let k = a + 1; !ph && k < Math.min(afterMax, a + 6) && ((toks[k].w && !toks[k].cap) || ((toks[k].t === '/' || toks[k].t === '-') && k > a + 1)); k++) {
      const later = phraseAfter(toks, k + 1, afterMax);
      if (later && later.quality === 3) ph = { ...later, s: a + 1 };
    }
    if (!ph) return null;
    // "…?" said X — a lower-case "said" cannot open a new sentence
    if (endsSentence && t.cap && !tailOnly(toks, ph.e, afterMax)) return null;
    return attr(toks, ph, a, cueEnd(toks, a, afterMax), 0.95);
  }
  if (t.l === 'according' && a + 1 < afterMax && toks[a + 1].l === 'to') {
    const ph = phraseAfter(toks, a + 2, afterMax);
    return ph ? attr(toks, ph, a, a + 2, 0.9) : null;
  }
  if (!t.w) return null;
  for (let v = a + 1; v < afterMax && v - a <= 16; v++) {
    const tv = toks[v];
    if (tv.t === ';' || tv.t === '!' || tv.t === '?' || tv.q >= 0) break;
    if (tv.t === '.' && !(v > a && /^(?:[A-Z][a-z]{0,3}|[A-Z]-[A-Za-z.]+|[a-z])$/.test(toks[v - 1].t))) break;
    if (!speechVerbAt(toks, v, a) && !particleVerb(toks, v)) continue;
    const ph = subjectOf(toks, v, a);
    if (!ph || ph.s - a > 2 || (ph.s > a && !toks.slice(a, ph.s).every(x => x.w && !x.cap && !SPEECH_FORMS.has(x.l) && !AUXILIARY_FORMS.test(x.l) && !FUNCTION_WORDS.has(x.l)))) return null;
    const ce = cueEnd(toks, v, afterMax);
    // after a quote that ends its sentence, "X said" must be all of the next one ("X said he …" is new)
    if (endsSentence && toks[a].cap && !tailOnly(toks, ce, afterMax)) return null;
    return attr(toks, ph, v, ce, 0.95);
  }
  return null;
}

/** Only a short tail (a time, a place, an audience) between `from` and the end of the sentence. */
/** A heading: a short first paragraph without a full stop, most of its words capitalised. */
function isHeadline(toks: Token[]): boolean {
  if (toks.length === 0 || toks.length > 40) return false;
  const words = toks.filter(t => t.w && t.l.length > 3);
  return words.length > 0 && words.filter(t => t.cap).length >= 0.6 * words.length;
}

function tailOnly(toks: Token[], from: number, max: number): boolean {
  for (let k = from; k < max && k - from <= 14; k++) {
    const t = toks[k];
    if (t.q >= 0 || t.t === '.' || t.t === '!' || t.t === '?' || t.t === ';') return true;
    if (t.t === ',' && k + 1 < max && (isSpeech(toks[k + 1]) || ING_CUES.has(toks[k + 1].l))) return true;
    if (t.w && (t.l === 'that' || SPEECH_FORMS.has(t.l) || AUXILIARY_FORMS.test(t.l))) return false;
  }
  return true;
}

type BeforeHow = 'colon' | 'comma' | 'that' | 'embedded' | null;

/** Before a quote: X said: "…" / X told reporters, "…" / according to X, "…" / …, adding: "…". */
function findBefore(toks: Token[], o: number, beforeMin: number, sentCues: SentenceCue[]): { attr: Attribution | null; how: BeforeHow } {
  let j = o - 1;
  if (j < beforeMin) return { attr: null, how: null };
  let how: BeforeHow;
  const last = toks[j];
  if (last.t === ':' || last.t === ',' || last.t === '—' || last.t === '–' || last.t === '-' || last.t === '(' || last.t === '[') {
    how = last.t === ':' ? 'colon' : 'comma';
    j--;
  } else if (last.l === 'that') {
    how = 'that';
    j--;
  } else how = 'embedded';
  let found: Attribution | null = null;
  let needsSubject = false;
  for (let v = j; v >= beforeMin && j - v <= 10; v--) {
    const t = toks[v];
    if (t.q >= 0 || t.t === '.' || t.t === ';' || t.t === '?' || t.t === '!') break;
    if (t.l === 'according' && toks[v + 1]?.l === 'to') {
      const ph = phraseAfter(toks, v + 2, j + 1);
      if (ph) found = attr(toks, ph, v, v + 2, 0.85);
      break;
    }
    if (t.w && v - 1 >= beforeMin && particleVerb(toks, v - 1)) continue; // the particle: the verb is next
    if (!t.w || !(SPEECH_FORMS.has(t.l) || particleVerb(toks, v) || (how === 'embedded' && (FRAME_FORMS.has(t.l) || REPORT_FORMS.has(t.l))))) continue;
    // a noun, not a verb: "in a tweet", "his statement"
    if (v - 1 >= beforeMin && (DETERMINER.test(toks[v - 1].l) || /['’]s$/.test(toks[v - 1].l))) continue;
    if (ING_CUES.has(t.l) && (v === beforeMin || toks[v - 1].t === ',' || toks[v - 1].t === '—' || toks[v - 1].t === ';' || /^(?:and|by|while|before|after|when|in|then|despite|without|since)$/.test(toks[v - 1].l))) {
      needsSubject = true;
      found = { speakerStart: -1, speakerEnd: -1, pronoun: false, quality: 0, cueStart: t.s, cueEnd: cueEndOffset(toks, v, j + 1), confidence: 0.85 };
      break;
    }
    const ph = subjectOf(toks, v, beforeMin);
    const conf = how === 'colon' ? 0.92 : how === 'embedded' ? 0.75 : 0.85;
    if (ph) found = attr(toks, ph, v, cueEnd(toks, v, j + 1), conf);
    else if (skipAdverbsBack(toks, v, beforeMin) - 1 >= beforeMin && /^(?:and|but|then)$/.test(toks[skipAdverbsBack(toks, v, beforeMin) - 1].l)) {
      // "… when he brought it up and later said, “…”": the subject of the coordinated verb
      const subj = sentenceSubject(toks, beforeMin, v);
      if (subj) found = attr(toks, subj, v, cueEnd(toks, v, j + 1), conf * 0.9);
    } else if (v === beforeMin && SPEECH_FORMS.has(t.l) && !ING_CUES.has(t.l)) {
      // inverted before: "Said Trump: …"
      const inv = phraseAfter(toks, v + 1, j + 1);
      if (inv) found = attr(toks, inv, v, v + 1, 0.85);
    }
    break;
  }
  // "Caddell:" — a name and a colon introducing the quote; "She went on: …" — the sentence's subject
  if (!found && (how === 'colon' || (how === 'comma' && /^[—–-]$/.test(last.t)))) {
    const ph = phraseBefore(toks, j + 1, beforeMin);
    if (ph && ph.s === beforeMin && ph.quality >= 2) found = attr(toks, ph, j + 1, j + 2, 0.7);
    else {
      const subj = sentenceSubject(toks, beforeMin, j + 1);
      if (subj && subj.e <= j) found = attr(toks, subj, subj.e, Math.min(j + 1, subj.e + 1), 0.7);
    }
  }
  if (needsSubject && found) {
    // ", adding: …": the subject of the sentence's earlier cue
    const cueAt = found.cueStart;
    const earlier = sentCues.filter(c => c.cueStart < cueAt);
    const prev = earlier[earlier.length - 1];
    if (prev) found = { ...found, speakerStart: prev.speakerStart, speakerEnd: prev.speakerEnd, pronoun: prev.pronoun, quality: prev.quality };
    else {
      const cueTok = lowerBound(toks, cueAt);
      // "Dupont, who came away empty-handed despite saying …": the antecedent of "who"
      let who = -1;
      for (let k = cueTok - 1; k > beforeMin && cueTok - k <= 25; k--) if (toks[k].l === 'who' && toks[k - 1].t === ',') {
        who = k;
        break;
      }
      const antecedent = who > 0 ? phraseBefore(toks, who - 1, beforeMin) : null;
      const subj = antecedent ?? sentenceSubject(toks, beforeMin, cueTok);
      found = subj ? { ...found, speakerStart: toks[subj.s].s, speakerEnd: toks[subj.e - 1].e, pronoun: subj.pronoun, quality: subj.quality, confidence: 0.75 } : null;
    }
  }
  return { attr: found, how };
}

/**
 * The subject of a sentence before token `end`: the last name, description or pronoun that opens the
 * sentence or follows a comma or a conjunction and is followed by a lower-case verb ("On Thursday,
 * Warren appeared …", "even as he defended …").
 */
export function sentenceSubject(toks: Token[], ss: number, end: number): Phrase | null {
  let best: Phrase | null = null;
  for (let i = ss; i < end; i++) {
    const t = toks[i];
    if (!t.w || t.q >= 0) continue;
    const prev = i > ss ? toks[i - 1] : null;
    const opens = !prev || prev.t === ',' || prev.t === ';' || prev.t === '—' || /^(?:and|but|as|while|when|after|before|because|so|then|although)$/.test(prev.l);
    if (!opens) continue;
    const ph = phraseAfter(toks, i, end);
    if (!ph || ph.quality < 2 || /['’]s$/.test(toks[ph.e - 1].l)) continue;
    const next = toks[ph.e];
    if (!next || !next.w || next.cap || (FUNCTION_WORDS.has(next.l) && !/^(?:also|then|still|not|just|only|even)$/.test(next.l))) continue;
    best = ph;
    i = ph.e - 1;
  }
  return best;
}

function cueEndOffset(toks: Token[], v: number, max: number): number {
  return toks[cueEnd(toks, v, max) - 1].e;
}

/** Attribution of one depth-0 quotation region from its neighbourhood. */
function attributeRegion(
  text: string,
  toks: Token[],
  r: MarkRegion,
  o: number,
  beforeMin: number,
  afterStart: number,
  afterMax: number,
  sentCues: SentenceCue[],
  sentStart: number,
  p: number,
): RegionInfo {
  const info: RegionInfo = { region: r, kind: 'direct', attr: null, implied: false, para: p, how: 'none', topic: undefined };
  const content = text.slice(r.start, r.end);
  const words = content.match(/[\p{L}\p{N}]+/gu) ?? [];
  const lastChar = content.trimEnd().slice(-1);
  const startsUpper = /^[\s…]*(?:\p{Lu}|\d)/u.test(content);

  const after = findAfter(toks, afterStart, afterMax, r.close >= 0 && /[.!?…]/.test(lastChar));
  const { attr: before, how: beforeHow } = findBefore(toks, o, beforeMin, sentCues);

  // kind: a full utterance, or a fragment inside the author's sentence
  const firstAfter = afterStart < afterMax ? toks[afterStart] : null;
  const embeddedBefore = beforeHow === 'embedded' || beforeHow === 'that';
  const embeddedAfter = !!firstAfter && firstAfter.w && !after;
  const lone = !embeddedBefore && !embeddedAfter;
  if (lone && (words.length >= 2 || /[.!?,]/.test(lastChar) || startsUpper)) info.kind = 'direct';
  else info.kind = 'partial';
  // a direct quote beginning mid-sentence in lower case after a comma that is no cue: a fragment
  if (info.kind === 'direct' && beforeHow === 'comma' && !before && !startsUpper) info.kind = 'partial';

  // which attribution
  const afterTight = after && (/[,?!—–-]/.test(lastChar) || toks[afterStart]?.t === ',' || !before);
  // a partial quote also takes the cue of its sentence whose content holds it (before one further off)
  const holding = info.kind === 'direct' ? [] : sentCues.filter(c => c.reported && c.contentStart <= r.open && c.contentEnd >= r.start);
  if (after && afterTight) {
    info.attr = after;
    info.how = 'after';
  } else if (holding.length) {
    info.attr = holding[holding.length - 1];
    info.how = 'sentence';
  } else if (before) {
    info.attr = before;
    info.how = 'before';
  } else if (after) {
    info.attr = after;
    info.how = 'after';
  } else if (info.kind !== 'direct') {
    // a partial quote with no cue beside it: the nearest cue of the sentence, with less confidence
    const earlier = sentCues.filter(c => c.cueEnd <= r.open);
    const later = sentCues.filter(c => c.cueStart >= r.end);
    const c = earlier[earlier.length - 1] ?? later[0];
    if (c) {
      info.attr = { ...c, confidence: c.confidence * 0.85 };
      info.how = 'sentence';
    }
  }
  // scare quotes and titles: a fragment without a speaker; a capitalised title without a cue
  if (info.kind === 'partial') {
    const titleCase = words.length >= 1 && words.filter(w => w.length > 3).every(w => /^\p{Lu}/u.test(w));
    const frameBefore = o - 1 >= beforeMin && (FRAME_FORMS.has(toks[o - 1].l) || toks[o - 1].l === 'as');
    const headline = isHeadline(toks);
    if (titleCase && !frameBefore && info.how !== 'sentence' && !headline) {
      info.kind = 'none';
      info.attr = null;
    } else if (!info.attr && words.length >= 2) {
      // no cue: the person the sentence is about ("Trump launched into a lament for the “countless Americans”")
      const subj = sentenceSubject(toks, sentStart, o);
      if (subj && subj.quality >= 2) {
        info.attr = attr(toks, subj, Math.min(subj.e, o - 1), Math.min(subj.e + 1, o), 0.5);
        info.how = 'sentence';
      }
    }
    // still nobody: a scare quote, unless carried below
    if (!info.attr && words.length < 2) info.kind = 'none';
  }
  return info;
}

/** Quotes without a cue take the speaker of the nearest quote before them (or after, in the same paragraph). */
function carry(infos: RegionInfo[], reported: { cue: SentenceCue; para: number }[], paragraphs: { start: number; end: number }[], text: string, intros: Map<number, Attribution>): void {
  const tops = infos.filter(i => i.region.depth === 0);
  // a quote opening a paragraph after "X said:"
  for (const info of tops) {
    const r = info.region;
    if (info.attr || info.kind === 'none' || r.open !== paragraphs[info.para].start) continue;
    const intro = intros.get(info.para - 1);
    if (intro) {
      info.attr = { ...intro, confidence: Math.min(intro.confidence, 0.9) };
      info.how = 'before';
      if (info.kind === 'partial') info.kind = 'direct';
    }
  }
  // a quote over several paragraphs: the parts without a cue take the cue of a later part
  for (let k = 0; k < tops.length; k++) {
    if (!tops[k].region.continuesNext) continue;
    const chain = [tops[k]];
    while (k + 1 < tops.length && tops[k + 1].region.continuation && chain[chain.length - 1].region.continuesNext) chain.push(tops[++k]);
    const own = chain.findIndex(i => i.attr && (i.how === 'after' || i.how === 'before'));
    if (own <= 0) continue;
    for (let j = 0; j < own; j++) {
      if (chain[j].attr) continue;
      chain[j].attr = { ...chain[own].attr!, confidence: Math.min(chain[own].attr!.confidence, 0.85) };
      chain[j].implied = true;
      chain[j].how = 'carried';
    }
  }
  // the last attribution seen, in document order, over quotes and reported speech
  type Seen = { attr: Attribution; para: number; at: number };
  const events: Seen[] = [];
  for (const i of infos) if (i.attr && i.region.depth === 0 && i.how !== 'carried') events.push({ attr: i.attr, para: i.para, at: i.region.open });
  for (const r of reported) events.push({ attr: r.cue, para: r.para, at: r.cue.contentStart });
  events.sort((a, b) => a.at - b.at);
  let ev = 0;
  let last: Seen | null = null;
  const top = infos.filter(i => i.region.depth === 0);
  for (let k = 0; k < top.length; k++) {
    const info = top[k];
    const r = info.region;
    while (ev < events.length && events[ev].at < r.open) last = events[ev++];
    if (info.attr || info.kind === 'none') {
      if (info.attr) last = { attr: info.attr, para: info.para, at: r.open };
      continue;
    }
    if (info.kind === 'partial') {
      // a fragment of four or more words with no cue in its sentence: the speaker of the paragraph
      if (wordCount(text, r.start, r.end, 4) >= 4 && last && last.para === info.para) {
        info.attr = { ...last.attr, confidence: Math.min(last.attr.confidence, 0.5) };
        info.implied = true;
        info.how = 'carried';
      } else info.kind = 'none';
      continue;
    }
    if (info.kind !== 'direct' && !r.continuation) continue;
    // a paragraph-opening quote continuing the previous paragraph's quote, or any quote after an attribution
    let source: Attribution | null = null;
    let conf = 0;
    const prevTop = top[k - 1];
    if (r.continuation && prevTop?.attr) {
      source = prevTop.attr;
      conf = 0.9;
    } else {
      // the next quote of the same paragraph with a cue after it: "A." "B," he said.
      const next = top[k + 1];
      const sameParaLast = last && last.para === info.para;
      if (sameParaLast) {
        source = last!.attr;
        conf = 0.85;
      } else if (next && next.para === info.para && next.attr && next.how === 'after' && !hasSentenceBetween(text, r, next.region)) {
        source = next.attr;
        conf = 0.8;
      } else if (last && info.para - last.para === 1 && r.open - paragraphs[info.para].start <= 1) {
        // a paragraph that is only a quote, after a paragraph attributed to someone: theirs
        source = last.attr;
        conf = 0.8;
      } else if (info.topic) {
        // "Hours later, she issued a statement: “…”" — the subject of the quote's own sentence
        source = info.topic;
        conf = 0.6;
      } else if (next && next.para === info.para && next.attr) {
        source = next.attr;
        conf = 0.6;
      }
    }
    if (source) {
      info.attr = { ...source, confidence: Math.min(source.confidence, conf) };
      info.implied = true;
      info.how = 'carried';
      last = { attr: info.attr, para: info.para, at: r.open };
    } else if (info.kind === 'direct') {
      // a lone short quote with nobody to say it: a heading or a title
      if (wordCount(text, r.start, r.end, 5) <= 4) info.kind = 'none';
    }
  }
}

/** Window of the ranker, in tokens: before the quote, after it, and at the end of a previous paragraph. */
const RANK_BEFORE = 60;
const RANK_AFTER = 40;
const RANK_PREV = 40;

/**
 * The ranker's candidates of one quote with their scores before salience, character offsets
 * relative to the start of the quote's paragraph: what `rankSpeakers` computes from the quote's own
 * attribution, its paragraph and the two before, and the attributions of its neighbouring quotes —
 * all in the memo's key (`speakerKey`) — so incremental analysis keeps it while they are unchanged.
 * Salience (counts over the whole document) is added on each use.
 */
export interface RankedCandidates {
  model: Weights;
  /** `nobody`: the candidate "no speaker"; a cue offset null: none. */
  cands: { nobody: boolean; s: number; e: number; pronoun: boolean; quality: number; cueStart: number | null; cueEnd: number | null; score: number; /** the word its salience counts (`salienceWord`) */ word: string | null }[];
}

export interface SpeakerMemo {
  get(key: string): RankedCandidates | undefined;
  set(key: string, value: RankedCandidates): void;
}

/** An attribution relative to `base` (the key of `speakerKey`). */
function attrKey(a: Attribution | null, base: number): string {
  if (!a) return '-';
  const at = (x: number) => (x < 0 ? 'x' : x - base);
  return `${at(a.speakerStart)},${at(a.speakerEnd)},${a.pronoun ? 1 : 0},${a.quality},${at(a.cueStart)},${at(a.cueEnd)},${a.confidence}`;
}

/**
 * Everything the candidates of quote `k` are made of: the analyses of its paragraph and the two
 * before (unchanged while their ids are: the same text and quotation regions) and where those
 * paragraphs are, the quote's region and attribution, those of the three quotes before it and the
 * next in its paragraph; offsets relative to the paragraph's start.
 */
function speakerKey(tops: RegionInfo[], k: number, idx: number, ctxs: (ParaCtx | undefined)[]): string {
  const info = tops[k];
  const ctx = ctxs[info.para]!;
  const base = ctx.start;
  const r = info.region;
  let key = `${ctx.id}`;
  for (let dp = 1; dp <= 2; dp++) {
    const pc = ctxs[info.para - dp];
    key += pc ? `,${pc.id}@${pc.start - base}` : ',-';
  }
  key += `|${idx},${info.kind},${info.how},${r.continuation ? 1 : 0}|${attrKey(info.attr, base)}`;
  for (let d = 1; d <= 3 && k - d >= 0; d++) {
    const prev = tops[k - d];
    key += `|${prev.kind},${prev.how},${Math.min(3, info.para - prev.para)},${attrKey(prev.attr, base)}`;
  }
  const next = tops[k + 1];
  if (next && next.para === info.para) key += `|n${next.kind},${next.how},${attrKey(next.attr, base)}`;
  return key;
}

/**
 * The learned speaker ranker (ranker.ts) over the quotes the rules kept as speech: candidates from
 * the rules, the cues of this and the two previous paragraphs, neighbouring quotes and nearby noun
 * phrases; the model's best replaces the rules' choice. `memo` (incremental analysis, not with a
 * training hook): the candidates of a quote whose inputs are unchanged are not built again.
 */
function rankSpeakers(infos: RegionInfo[], ctxs: (ParaCtx | undefined)[], text: string, model: Weights | null, hook: ExtractOptions['onCandidates'], memo?: SpeakerMemo): void {
  const tops = infos.filter(i => i.region.depth === 0);
  // salience: how often each capitalised word occurs outside quotations in the document
  const counts = new Map<string, number>();
  for (const pc of ctxs) {
    if (!pc || !tops.length) continue;
    pc.capWords ??= mapPacked(pc.toks.filter(t => t.cap && t.q < 0), t => t.l.replace(/['’]s$/, ''));
    for (const l of pc.capWords) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const salienceOfWord = (word: string | null): string => salienceFeature(word === null ? -1 : (counts.get(word) ?? 0));
  // by span: the same candidates come back for neighbouring quotes
  const salienceOf = new Map<string, string>();
  const salience = (s: number, e: number): string => {
    const span = `${s},${e}`;
    const known = salienceOf.get(span);
    if (known !== undefined) return known;
    const f = salienceOfWord(salienceWord(text, s, e));
    salienceOf.set(span, f);
    return f;
  };
  let paraFirst = 0;
  for (let k = 0; k < tops.length; k++) {
    const info = tops[k];
    if (k === 0 || tops[k - 1].para !== info.para) paraFirst = k;
    if (info.kind === 'none') continue;
    const ctx = ctxs[info.para];
    if (!ctx) continue;
    const idx = k - paraFirst;
    if (ctx.top[idx] !== info.region) continue;
    const ra = info.attr;
    let best: { s: number; e: number; pronoun: boolean; quality: number; cueStart: number; cueEnd: number };
    if (memo && model && !hook) {
      // the candidates and their scores without salience, remembered; salience added here
      const key = speakerKey(tops, k, idx, ctxs);
      let ranked = memo.get(key);
      if (!ranked || ranked.model !== model) {
        const base = ctx.start;
        const set = speakerCandidates(tops, k, idx, ctxs, text);
        const scores = set.scores(model);
        ranked = { model, cands: mapPacked(set.list, (c, i) => ({ nobody: c.s < 0, s: c.s < 0 ? -1 : c.s - base, e: c.s < 0 ? -1 : c.e - base, pronoun: c.pronoun, quality: c.quality, cueStart: c.cueStart < 0 ? null : c.cueStart - base, cueEnd: c.cueEnd < 0 ? null : c.cueEnd - base, score: scores[i], word: c.s < 0 ? null : salienceWord(text, c.s, c.e) })) };
        memo.set(key, ranked);
      }
      const base = ctx.start;
      const conj = conjOf(info, ctx, idx);
      let bi = 0;
      let bestScore = -Infinity;
      for (let i = 0; i < ranked.cands.length; i++) {
        const c = ranked.cands[i];
        let score = c.score;
        // as CandidateSet.scores sums them: the features in order, salience and its conjunction last
        if (!c.nobody) {
          // the weights of the salience feature and of its conjunction with the quote's class
          const w = conjoinedWeights(model, conj, salienceOfWord(c.word));
          score += w[0];
          score += w[1];
        }
        if (score > bestScore) {
          bestScore = score;
          bi = i;
        }
      }
      const c = ranked.cands[bi];
      best = c.nobody ? { s: -1, e: -1, pronoun: false, quality: 0, cueStart: -1, cueEnd: -1 } : { s: c.s + base, e: c.e + base, pronoun: c.pronoun, quality: c.quality, cueStart: c.cueStart === null ? -1 : c.cueStart + base, cueEnd: c.cueEnd === null ? -1 : c.cueEnd + base };
    } else {
      const set = speakerCandidates(tops, k, idx, ctxs, text);
      const extra = (cd: Candidate) => [salience(cd.s, cd.e)];
      if (hook) hook({ start: info.region.start, end: info.region.end, kind: info.kind }, set.done(extra));
      if (!model) continue;
      best = set.list[set.best(model, extra)];
    }
    if (best.s < 0) {
      info.attr = null;
      continue;
    }
    if (ra && ra.speakerStart === best.s && ra.speakerEnd === best.e) continue;
    info.attr = { speakerStart: best.s, speakerEnd: best.e, pronoun: best.pronoun, quality: best.quality, cueStart: best.cueStart, cueEnd: best.cueEnd, confidence: ra ? Math.min(ra.confidence, 0.7) : 0.6 };
    info.implied = best.cueStart < 0 || info.implied;
  }
}

/**
 * The word whose count outside quotations is a candidate's salience: its last capitalised word, lower
 * case, without a possessive 's; null when it has none. A function of the candidate's own text (so
 * the speaker memo keeps it with the candidate).
 */
function salienceWord(text: string, s: number, e: number): string | null {
  const words = text.slice(s, e).match(/\p{Lu}[\p{L}'’-]*/gu);
  return words ? words[words.length - 1].toLowerCase().replace(/['’]s$/, '') : null;
}

/** The ranker's salience feature for a word counted n times (-1: no capitalised word). */
function salienceFeature(n: number): string {
  return n < 0 ? 'sal=none' : n <= 1 ? 'sal=1' : n <= 3 ? 'sal=2-3' : n <= 7 ? 'sal=4-7' : n <= 15 ? 'sal=8-15' : 'sal=16+';
}

/** The class of quote `idx` of its paragraph that the ranker's features are conjoined with. */
function conjOf(info: RegionInfo, ctx: ParaCtx, idx: number): string {
  return `${info.kind}${ctx.regionTok[idx].o === 0 ? ':ps' : ''}`;
}

/**
 * The ranker's feature lists by the values they are made of (`key`: those values joined by spaces,
 * which none of them contains): one list of strings per combination, shared by every candidate that
 * has it (CandidateSet copies what it adds). Few combinations recur over the quotes of many articles:
 * the strings are not rebuilt, and their hashes for the model's look-ups are computed once.
 * Bounded: cleared when it grows large.
 */
const featureLists = new Map<string, readonly string[]>();
const FEATURE_LISTS = 20_000;
function featureList(key: string, make: () => string[]): readonly string[] {
  let f = featureLists.get(key);
  if (f === undefined) {
    if (featureLists.size >= FEATURE_LISTS) featureLists.clear();
    featureLists.set(key, (f = make()));
  }
  return f;
}

const WORD_RUN = /[\p{L}\p{N}]+/gu;
/** The number of runs of letters and digits in text[start, end), counted up to `max` (no array of the words). */
function wordCount(text: string, start: number, end: number, max: number): number {
  return countMatches(WORD_RUN, text, start, end, max);
}

/**
 * The speaker candidates of quote `k` (its paragraph's `idx`-th), their features without salience:
 * the rules' choice, a transcript label, the subjects of nearby cues, the speakers of the
 * neighbouring quotes, noun phrases near the quote and at the end of the paragraph before.
 */
function speakerCandidates(tops: RegionInfo[], k: number, idx: number, ctxs: (ParaCtx | undefined)[], text: string): CandidateSet {
  const info = tops[k];
  const ctx = ctxs[info.para]!;
  const { toks, sentTok, sentenceOf } = ctx;
  const { o, c } = ctx.regionTok[idx];
  const r = info.region;
  const qs = sentenceOf(o);
  const words = wordCount(text, r.start, r.end, 13);
  const wb = words <= 2 ? 'w2' : words <= 5 ? 'w5' : words <= 12 ? 'w12' : 'wL';
  const conj = conjOf(info, ctx, idx);
  const how = info.how;
  const ra = info.attr;
  // "nobody" competes only when the rules found nobody either (a gold speaker is missing on ~1% of quotes)
  const set = new CandidateSet(conj, ra ? null : ['null', `null:how=${how}`]);
  // 1. the rules' choice
  if (ra && ra.speakerStart >= 0) {
    set.add(ra.speakerStart, ra.speakerEnd, ['rule', `rule:how=${how}`, `rule:how=${how}:cont=${!!r.continuation}`, `rule:how=${how}:${wb}`, `rule:c=${Math.round(ra.confidence * 10)}`, `rule:q=${ra.quality}`], ra.pronoun, ra.quality, ra.cueStart, ra.cueEnd);
  }
  // 2. a transcript label opening the quote: "SMITH: …"
  {
    let e = o + 1;
    while (e < toks.length && e - o <= 4 && toks[e].w && toks[e].cap) e++;
    if (e > o + 1 && e < toks.length && toks[e].t === ':' && toks[e].s < r.end) {
      const allCaps = toks.slice(o + 1, e).every(t => t.t === t.t.toUpperCase());
      set.add(toks[o + 1].s, toks[e - 1].e, ['label', `label:caps=${allCaps}`], false, 3);
    }
  }
  // 3. subjects of reporting cues: this paragraph (nearby sentences) and the two before
  for (let dp = 0; dp <= 2; dp++) {
    const pc = ctxs[info.para - dp];
    if (!pc) continue;
    const from = dp === 0 ? Math.max(0, qs - 4) : Math.max(0, pc.cues.length - 3);
    const to = dp === 0 ? Math.min(pc.cues.length, qs + 3) : pc.cues.length;
    for (let si = from; si < to; si++) {
      for (const cue of pc.cues[si]) {
        if (cue.speakerStart < 0) continue;
        const rel = dp > 0 ? `p${dp}` : si < qs ? 'sb' : si > qs ? 'sa' : cue.cueStart < r.open ? 'qb' : 'qa';
        const holds = dp === 0 && cue.reported && cue.contentStart <= r.open && cue.contentEnd >= r.start;
        const v = pc.toks[cue.verb]?.l ?? '';
        const d = distBucket(Math.abs(si - qs));
        const last = dp > 0 ? String(si === pc.cues.length - 1) : '';
        const f = featureList(`cue ${rel} ${d} ${holds} ${v} ${cue.reported} ${last}`, () => {
          const list = ['cue', `cue:rel=${rel}`, `cue:rel=${rel}:d=${d}`, `cue:rel=${rel}:holds=${holds}`, `cue:v=${v}`, `cue:rep=${cue.reported}:rel=${rel}`];
          if (dp > 0) list.push(`cue:p:last=${last}`);
          return list;
        });
        set.add(cue.speakerStart, cue.speakerEnd, f, cue.pronoun, cue.quality, cue.cueStart, cue.cueEnd);
      }
    }
  }
  // 4. the speakers of the neighbouring quotes
  for (let d = 1; d <= 3 && k - d >= 0; d++) {
    const prev = tops[k - d];
    if (!prev.attr || prev.attr.speakerStart < 0 || prev.kind === 'none') continue;
    const dpar = Math.min(3, info.para - prev.para);
    set.add(prev.attr.speakerStart, prev.attr.speakerEnd, ['oq', `oq:prev=${d}:dp=${dpar}`, `oq:prev=${d}:cont=${!!r.continuation}`, `oq:prev=${d}:how=${prev.how}`, `oq:prevkind=${prev.kind}:dp=${dpar}`], prev.attr.pronoun, prev.attr.quality, prev.attr.cueStart, prev.attr.cueEnd);
  }
  if (k + 1 < tops.length && tops[k + 1].para === info.para && tops[k + 1].attr && tops[k + 1].attr!.speakerStart >= 0) {
    const next = tops[k + 1];
    set.add(next.attr!.speakerStart, next.attr!.speakerEnd, ['oq', `oq:next:how=${next.how}`, `oq:next:kind=${next.kind}`], next.attr!.pronoun, next.attr!.quality, next.attr!.cueStart, next.attr!.cueEnd);
  }
  // 5. noun phrases near the quote
  ctx.mentions ??= mentionsIn(toks);
  const before = mentionsWithin(ctx.mentions, Math.max(0, o - RANK_BEFORE), o);
  const after = r.close >= 0 ? mentionsWithin(ctx.mentions, c + 1, Math.min(toks.length, c + 1 + RANK_AFTER)) : [];
  const mention = (ph: { s: number; e: number; pronoun: boolean; quality: number }, pos: string, dist: number, rank: number) => {
    const t = mentionType(toks, ph);
    const nx = neighbourClass(toks[ph.e], true);
    const pv = neighbourClass(toks[ph.s - 1], false);
    const same = sentenceOf(ph.s) === qs;
    const sstart = sentTok[sentenceOf(ph.s)].s === ph.s;
    const rb = Math.min(rank, 4);
    const d = distBucket(dist);
    const poss = /['’]s$/.test(toks[ph.e - 1].l);
    const f = featureList(`m ${pos} ${t} ${d} ${rb} ${nx} ${pv} ${same} ${sstart} ${poss}`, () => [
      'm',
      `m:t=${t}`,
      `m:${pos}:d=${d}`,
      `m:${pos}:r=${rb}`,
      `m:${pos}:r=${rb}:t=${t}`,
      `m:${pos}:nx=${nx}`,
      `m:${pos}:pv=${pv}`,
      `m:${pos}:pv=${pv}:nx=${nx}`,
      `m:${pos}:ss=${same}`,
      `m:${pos}:st=${sstart}`,
      `m:${pos}:t=${t}:nx=${nx}`,
      `m:poss=${poss}`,
    ]);
    set.add(toks[ph.s].s, toks[ph.e - 1].e, f, ph.pronoun, ph.quality);
  };
  for (let j = before.length - 1, rank = 1; j >= 0; j--, rank++) mention(before[j], 'B', o - before[j].e, rank);
  for (let j = 0; j < after.length; j++) mention(after[j], 'A', after[j].s - c - 1, j + 1);
  const pc = ctxs[info.para - 1];
  if (pc && info.para - 1 >= 0) {
    pc.mentions ??= mentionsIn(pc.toks);
    const prevMentions = mentionsWithin(pc.mentions, Math.max(0, pc.toks.length - RANK_PREV), pc.toks.length);
    for (let j = prevMentions.length - 1, rank = 1; j >= 0 && rank <= 4; j--, rank++) {
      const ph = prevMentions[j];
      const t = mentionType(pc.toks, ph);
      const nx = neighbourClass(pc.toks[ph.e], true);
      const f = featureList(`m1 ${rank} ${t} ${nx}`, () => ['m1', `m1:t=${t}`, `m1:r=${rank}`, `m1:r=${rank}:t=${t}`, `m1:nx=${nx}`, `m1:t=${t}:nx=${nx}`]);
      set.add(pc.toks[ph.s].s, pc.toks[ph.e - 1].e, f, ph.pronoun, ph.quality);
    }
  }
  return set;
}

/** A transcript's speaker label: one to four upper-case words and a colon ("PENCE: Well, …", "SEN. JONES: …"). */
const TRANSCRIPT_LABEL = /^(\p{Lu}[\p{Lu}'’.-]*\p{Lu}\.?(?: \p{Lu}[\p{Lu}'’.-]*\.?){0,3}):\s/u;

/**
 * Quotations of a transcript open with their speaker's label ("PENCE: Well, look, …"): the label is
 * the speaker, and a quotation that only carried a speaker over takes that of the labelled turn before
 * it (the same speaker goes on until the next label or attribution).
 */
function transcriptLabels(infos: RegionInfo[], text: string): void {
  let turn: Attribution | null = null;
  for (const info of infos) {
    const r = info.region;
    if (r.depth !== 0) continue;
    let s = r.start;
    while (s < r.end && /\s/.test(text[s])) s++;
    const m = TRANSCRIPT_LABEL.exec(text.slice(s, Math.min(r.end, s + 60)));
    if (m && /\p{Lu}{2}/u.test(m[1])) {
      const end = s + m[1].length;
      // a labelled line is speech, however short ("HOST: One last question.")
      if (info.kind === 'none') info.kind = 'direct';
      turn = { speakerStart: s, speakerEnd: end, pronoun: false, quality: 3, cueStart: end, cueEnd: end + 1, confidence: 0.8 };
      info.attr = turn;
      info.implied = false;
      info.how = 'before';
    } else if (info.kind === 'none') continue;
    else if (turn && (info.how === 'carried' || info.implied || !info.attr)) {
      info.attr = turn;
      info.implied = true;
      info.how = 'carried';
    } else turn = null;
  }
}

/** Is there author text (not only an attribution) between two quotes? */
function hasSentenceBetween(text: string, a: MarkRegion, b: MarkRegion): boolean {
  const between = text.slice(a.close >= 0 ? a.close + 1 : a.end, b.open);
  return /[\p{L}]{2,}/u.test(between);
}

/** The evaluation / CLI record of a quote, or null for `none` (scare quotes and titles are not speech). */
export function toQuoteRecord(q: Quote): QuoteRecord | null {
  if (q.kind === 'none') return null;
  const r: QuoteRecord = {
    start: q.start,
    end: q.end,
    kind: q.kind,
    speaker: q.speaker,
    speaker_start: q.speakerStart ?? null,
    speaker_end: q.speakerEnd ?? null,
    cue_start: q.cueStart ?? null,
    cue_end: q.cueEnd ?? null,
  };
  if (q.fragments && q.fragments.length > 1) r.fragments = q.fragments.map(f => ({ start: f.start, end: f.end }));
  return r;
}

export interface RecordOptions {
  /**
   * One record per attribution: the speech quotes sharing a cue and a speaker mention in one
   * paragraph (the pieces of a split quote, a partial quote inside its reported clause) become one
   * record whose `fragments` are their pieces — the convention of an annotation that marks whole
   * attributions (PolNeAR). Off: one record per quotation-mark region and per reported clause, a
   * partial quote nested in its reported clause (the convention of the seed annotation).
   */
  attributions?: boolean;
}

/**
 * The records of every quote that is speech (kind none left out), in text order; with
 * `attributions`, one per attribution (`text`: the text the offsets point into, for paragraph breaks).
 */
export function quoteRecords(quotes: Quote[], opts: RecordOptions & { text?: string } = {}): QuoteRecord[] {
  const out: QuoteRecord[] = [];
  for (const q of quotes) {
    const r = toQuoteRecord(q);
    if (r) out.push(r);
  }
  return opts.attributions ? groupQuoteRecords(out, opts.text ?? '') : out;
}

const KIND_RANK: Record<QuoteRecord['kind'], number> = { reported: 2, direct: 1, partial: 0 };

/**
 * Records sharing a cue and a speaker mention in one paragraph (no newline of `text` between their
 * starts), merged into one: its `fragments` the union of their pieces, its kind the widest reading
 * (reported > direct > partial), start and end those of the union. Records without a cue stay apart.
 */
export function groupQuoteRecords(records: QuoteRecord[], text: string): QuoteRecord[] {
  const newlineBetween = (a: number, b: number) => {
    const i = text.indexOf('\n', Math.min(a, b));
    return i >= 0 && i < Math.max(a, b);
  };
  const groups = new Map<string, QuoteRecord[]>();
  const out: (QuoteRecord | QuoteRecord[])[] = [];
  for (const r of records) {
    if (r.cue_start === null) {
      out.push(r);
      continue;
    }
    const key = `${r.cue_start}:${r.cue_end}:${r.speaker_start}`;
    const g = groups.get(key);
    const last = g?.[g.length - 1];
    if (g && last && !newlineBetween(last.start, r.start)) {
      g.push(r);
      continue;
    }
    const fresh = [r];
    groups.set(key, fresh);
    out.push(fresh);
  }
  return out.map(x => {
    if (!Array.isArray(x)) return x;
    if (x.length === 1) return x[0];
    const pieces = x.flatMap(r => r.fragments ?? [{ start: r.start, end: r.end }]);
    const kind = x.reduce((k, r) => (KIND_RANK[r.kind] > KIND_RANK[k] ? r.kind : k), x[0].kind);
    const head = x.find(r => r.kind === kind) ?? x[0];
    const merged = mergePieces(pieces);
    const r: QuoteRecord = { ...head, kind, start: merged[0].start, end: merged[merged.length - 1].end };
    if (merged.length > 1) r.fragments = merged;
    else delete r.fragments;
    return r;
  });
}

/** Sorted pieces with overlapping or nested ones merged. */
function mergePieces(pieces: { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = pieces.map(p => ({ ...p })).sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else out.push(p);
  }
  return out;
}
