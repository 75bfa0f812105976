/**
 * The units compared across articles: quotations (direct and partial quotes of a few words or
 * more, cut at sentence ends) and claims (content sentences that state something checkable, with
 * their direct quotations cut out). Page furniture and headings are skipped.
 */
import type { ArticleModel } from '../types';
import type { DocumentEntities } from '../entities/types';
import type { Quote } from '../quotes/types';
import { titleBefore } from '../entities/names';
import { nameKeyOf, tokenize, type EntitySpan, type Token } from './normalize';

/** What the index needs to know about one article. All offsets are into `text`, the source file. */
export interface CompareInput {
  /** The article text as in the file (member offsets point into it). */
  text: string;
  /** The article model (`analysis.model`): sentences, paragraphs, boilerplate, date, outlet. */
  model: ArticleModel;
  /** The article's entities with source offsets (`corpus.entities(entry)`); names become their canonical form. */
  entities?: DocumentEntities;
  /** The article's quotes with source offsets (`corpus.quotes(entry)`). */
  quotes?: Quote[];
  /**
   * The corpus-wide canonical name of a document entity key (`corpus.entityIndex.byKey(key)?.canonical`);
   * defaults to the document's own canonical name.
   */
  canonical?: (entityKey: string) => string | undefined;
  /** How the file is shown (a path relative to the workspace); defaults to the URI. */
  file?: string;
}

export type UnitKind = 'quote' | 'claim';

export interface Unit {
  kind: UnitKind;
  /** Source span of the unit (a sentence, or the quoted words of a quote inside one sentence). */
  start: number;
  end: number;
  tokens: Token[];
  /** Quotes: who said it (canonical). */
  speaker?: string;
  /** Index of the sentence in the article (units of one sentence share it). */
  sentence: number;
}

/** At least this many words make a quotation worth comparing on its own. */
const MIN_QUOTE_WORDS = 4;
/** At least this many content tokens make a sentence a claim. */
const MIN_CLAIM_CONTENT = 4;
/**
 * Units longer than this many tokens are not compared: no sentence or quotation is that long, and
 * aligning two of them costs the product of their lengths (time and memory).
 */
const MAX_UNIT_TOKENS = 400;


/** The entity spans of an article, each with the key that stands for it in match keys. */
export function entitySpans(input: CompareInput): EntitySpan[] {
  const doc = input.entities;
  if (!doc) return [];
  const out: EntitySpan[] = [];
  for (const m of doc.mentions) {
    if (m.type !== 'PER' && m.type !== 'ORG' && m.type !== 'LOC') continue;
    const e = doc.entities[m.entity];
    if (!e) continue;
    const name = input.canonical?.(e.key) ?? e.canonical;
    const span: EntitySpan = { start: m.start, end: m.end, key: nameKeyOf(name) };
    if (m.title) {
      const t = titleBefore(input.text, m.start);
      span.title = m.title;
      if (t) span.titleStart = t.start;
    }
    out.push(span);
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end).filter((s, i, all) => i === 0 || s.start >= all[i - 1].end);
}

/**
 * One-word names the article tags somewhere (the mention as written and the name itself), so the
 * same word is the same name where the tagger missed it ("Ukraine's" untagged, "Ukraine" tagged).
 */
function nameWords(text: string, entities: EntitySpan[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entities) {
    const surface = text.slice(e.start, e.end).replace(/['’]s$/, '');
    if (/^\p{Lu}[\p{L}.-]*$/u.test(surface) && surface.replace(/\./g, '').length > 2) out.set(surface.replace(/\./g, '').toLowerCase(), e.key);
    const name = e.key.slice(1);
    if (/^[\p{L}-]{3,}$/u.test(name) && !out.has(name)) out.set(name, e.key);
  }
  return out;
}

const content = (t: Token) => t.kind !== 'stop';

/** Spans sorted by start with overlapping ones merged. */
function mergedSpans(spans: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const sp of [...spans].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && sp.start < last.end) last.end = Math.max(last.end, sp.end);
    else out.push({ start: sp.start, end: sp.end });
  }
  return out;
}

/** The comparison units of one article, in document order. */
export function extractUnits(input: CompareInput): Unit[] {
  const { model, text } = input;
  const entities = entitySpans(input);
  const names = nameWords(text, entities);
  const skip = mergedSpans([...model.boilerplate, ...model.paragraphs.filter(p => p.heading)]);
  let k0 = 0;
  const titles = [model, ...model.parts].filter(p => p.titleSpan && p.titleSource !== 'lead').map(p => p.titleSpan!);
  const quotes = (input.quotes ?? []).filter(q => q.kind === 'direct' || q.kind === 'partial');
  // the pieces of quotations (fragments, or the whole quote) by start, visited sentence by sentence
  // (the sentences are in order): each sentence reads only the pieces that overlap it
  const pieces = quotes
    .flatMap((q, qi) => (q.fragments?.length ? q.fragments : [q]).map((f, fi) => ({ q, start: f.start, end: f.end, order: qi * 1e6 + fi })))
    .sort((a, b) => a.start - b.start);
  let nextPiece = 0;
  let active: typeof pieces = [];
  const units: Unit[] = [];
  const sentences = model.sentences.length || !model.parts.length ? model.sentences : model.parts.flatMap(p => p.sentences);
  let e0 = 0;
  for (const [si, s] of sentences.entries()) {
    // furniture and headings, merged and visited in order with the sentences (a page of thousands
    // of headings is read once, not once per sentence)
    while (k0 < skip.length && skip[k0].end <= s.start) k0++;
    if (k0 < skip.length && skip[k0].start < s.end) continue;
    if (titles.some(t => t.start <= s.start && s.end <= t.end)) continue;
    while (e0 < entities.length && entities[e0].end <= s.start) e0++;
    let e1 = e0;
    while (e1 < entities.length && entities[e1].start < s.end) e1++;
    const tokens = withoutMarkup(text, s.start, s.end, tokenize(text, s.start, s.end, entities.slice(e0, e1), names));
    if (!tokens.length) continue;
    markQuotedWords(text, s.start, s.end, tokens);
    // quotations inside this sentence (in the order of the quotes)
    while (nextPiece < pieces.length && pieces[nextPiece].start < s.end) active.push(pieces[nextPiece++]);
    active = active.filter(f => f.end > s.start);
    const cut: { start: number; end: number }[] = [];
    for (const f of [...active].sort((a, b) => a.order - b.order)) {
      const q = f.q;
      const start = Math.max(f.start, s.start);
      const end = Math.min(f.end, s.end);
      if (end <= start) continue;
      const qt = tokens.filter(t => t.start >= start && t.end <= end);
      if (qt.length < MIN_QUOTE_WORDS || qt.length > MAX_UNIT_TOKENS) continue;
      units.push({ kind: 'quote', start: qt[0].start, end: qt[qt.length - 1].end, tokens: qt, sentence: si, ...(q.speaker ? { speaker: q.speaker } : {}) });
      if (q.kind === 'direct') cut.push({ start, end });
    }
    const rest = cut.length ? tokens.filter(t => !cut.some(c => t.start >= c.start && t.end <= c.end)) : tokens;
    for (const clause of clauses(rest)) {
      const contentTokens = clause.filter(content);
      if (contentTokens.length < MIN_CLAIM_CONTENT || clause.length > MAX_UNIT_TOKENS) continue;
      // checkable: a name, a number or a date, or enough substance to state something
      if (!clause.some(t => t.kind === 'entity' || t.kind === 'number' || t.kind === 'date') && contentTokens.length < 6) continue;
      units.push({ kind: 'claim', start: clause[0].start, end: clause[clause.length - 1].end, tokens: clause, sentence: si });
    }
  }
  return units;
}

/** An HTML or XML tag left in the text, with its attributes: `<tweet author="@x" date="March 9, 2016">`, `</tweet>`. */
const TAG = /<\/?[A-Za-z][\w:-]*(?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s*\/?>/g;

/**
 * The tokens of a sentence outside the markup tags it contains (an embedded post's author, date
 * and id are no statement; every embed of one kind shares them). The words between tags stay.
 */
function withoutMarkup(text: string, start: number, end: number, tokens: Token[]): Token[] {
  const span = text.slice(start, end);
  if (!span.includes('<')) return tokens;
  const tags: { start: number; end: number }[] = [];
  TAG.lastIndex = 0;
  for (let m; (m = TAG.exec(span)); ) tags.push({ start: start + m.index, end: start + m.index + m[0].length });
  return tags.length ? tokens.filter(t => !tags.some(g => t.start < g.end && g.start < t.end)) : tokens;
}

/** A word or short phrase in double quotation marks: at most this many words. */
const MAX_QUOTED_WORDS = 4;
/** An opening mark after a space or bracket and before a word, a closing mark after a word and before no letter. */
const QUOTED_RUN = /(?<=^|[\s([—–-])["“](?=[\p{L}\d])([^"“”\n]{1,60}?)(?<=[\p{L}\d.,!?])["”](?![\p{L}\d])/gu;

/**
 * Marks the tokens of a sentence that stand in a short run of double quotation marks: a word or
 * phrase the article quotes from someone ("a US “backstop”"). Two reports that quote the same
 * word are reporting the same statement, however else they word it.
 */
function markQuotedWords(text: string, start: number, end: number, tokens: Token[]): void {
  const span = text.slice(start, end);
  if (!/["“”]/.test(span)) return;
  QUOTED_RUN.lastIndex = 0;
  for (let m; (m = QUOTED_RUN.exec(span)); ) {
    const from = start + m.index + 1;
    const to = from + m[1].length;
    const inside = tokens.filter(t => t.start >= from && t.end <= to);
    if (!inside.length || inside.length > MAX_QUOTED_WORDS) continue;
    for (const t of inside) t.quoted = true;
  }
}

/** Words that open a clause of its own after a comma or a dash: a relative clause or a contrast. */
const CLAUSE_OPENER = new Set(['which', 'who', 'whom', 'whose', 'while', 'whilst', 'whereas', 'but', 'although', 'though']);
/** A clause needs this many content tokens to stand alone; a shorter one stays with its neighbour. */
const MIN_CLAUSE_CONTENT = 5;

/**
 * A long sentence cut into its statements: at punctuation followed by a relative pronoun or a
 * contrast ("…, which Trump has demanded as payback", "…, but said …"), each part a claim when it
 * carries enough content. One sentence often reports two facts that other sources give apart.
 */
function clauses(tokens: Token[]): Token[][] {
  const cuts: number[] = [];
  for (let k = 1; k < tokens.length; k++) if (tokens[k].brk && CLAUSE_OPENER.has(tokens[k].key)) cuts.push(k);
  if (!cuts.length) return [tokens];
  const parts: Token[][] = [];
  let from = 0;
  for (const c of [...cuts, tokens.length]) {
    const part = tokens.slice(from, c);
    const prev = parts[parts.length - 1];
    if (prev && (prev.filter(content).length < MIN_CLAUSE_CONTENT || part.filter(content).length < MIN_CLAUSE_CONTENT)) parts[parts.length - 1] = prev.concat(part);
    else parts.push(part);
    from = c;
  }
  return parts;
}
