/** From an article's analysed text to its entities, with offsets into the source document. */
import type { ArticleAnalysis } from '../article/analyze';
import { resolveEntities, type AliasScanMemo } from './resolve';
import { knownAlias, nameWordKey, nameWords, normaliseKey } from './names';
import type { DocumentEntities, NameLexicon, RawMention } from './types';
import type { SentenceLabelMemo } from '../ner';
import { NAMED_TYPES } from './types';

/**
 * Finds typed mentions in plain text (the statistical tagger plus value rules), with the word lists
 * it knows; `withMemo`: the same tagger reusing the decoded sentences a memo holds (same results).
 */
export type Tagger = ((text: string) => RawMention[]) & { lexicon?: NameLexicon; withMemo?: (memo: SentenceLabelMemo) => Tagger };

/** Share of capitalised words above which a headline is Title Case (every word looks like a name). */
const TITLE_CASE_SHARE = 0.6;

function isTitleCase(text: string): boolean {
  const words = text.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  const long = words.filter(w => w.length > 3);
  const capitalised = long.filter(w => /^\p{Lu}/u.test(w)).length;
  if (long.length < 3) return long.length >= 2 && capitalised === long.length;
  return capitalised / long.length >= TITLE_CASE_SHARE;
}

/**
 * In a Title Case headline every word is capitalised, so capitals say nothing (and promo lines are
 * written the same way): a name found there is kept only when the body names it too, or it is a
 * well-known place or body.
 */
function dropTitleCaseGuesses(analysis: ArticleAnalysis, mentions: RawMention[]): RawMention[] {
  const { text, map } = analysis.plain;
  // headings, and page furniture (boilerplate lines are often Title Case too)
  // Title Case headings, and page furniture that is no credit or source line (promos, link lists)
  const furniture = analysis.model.boilerplate.filter(b => b.kind === 'promo' || b.kind === 'related' || b.kind === 'comments' || b.kind === 'social');
  const parts = [analysis.model, ...analysis.model.parts];
  const titles = parts.filter(p => p.titleSpan && (p.titleSource === 'headline' || p.titleSource === 'heading')).map(p => p.titleSpan!);
  // subheadings between paragraphs of prose ("A Unique Opportunity") are headings too (not bylines,
  // datelines or lines of a table, which are short lines beside other short lines)
  const { source } = analysis;
  const prose = (q: { heading?: boolean; start: number; end: number } | undefined) => {
    if (!q || q.heading) return false;
    const t = source.slice(q.start, q.end);
    return /[.!?…"”’]\s*$/.test(t) && (t.match(/\s+/g) ?? []).length >= 12;
  };
  for (const p of parts) p.paragraphs.forEach((para, i) => {
    if (para.heading && !/[\d,:;()]/.test(source.slice(para.start, para.end)) && prose(p.paragraphs[i - 1]) && prose(p.paragraphs[i + 1])) titles.push(para);
  });
  // (built by push from one literal: one elements kind and one shape whichever tier builds it)
  const headings: { start: number; end: number }[] = [];
  for (const p of titles) {
    const h = { start: map.toPlain(p.start), end: map.toPlain(p.end) };
    if (isTitleCase(text.slice(h.start, h.end))) headings.push(h);
  }
  for (const p of furniture) headings.push({ start: map.toPlain(p.start), end: map.toPlain(p.end) });
  if (headings.length === 0) return mentions;
  const inHeading = (m: RawMention) => headings.some(h => m.start >= h.start && m.end <= h.end);
  const bodyKeys = new Set<string>();
  for (const m of mentions) {
    if (inHeading(m) || !NAMED_TYPES.includes(m.type)) continue;
    bodyKeys.add(normaliseKey(m.text));
    if (m.type === 'PER') for (const w of nameWords(m.text)) bodyKeys.add(`w:${nameWordKey(w)}`);
  }
  return mentions.filter(m => {
    if (!inHeading(m) || !NAMED_TYPES.includes(m.type)) return true;
    if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(m.text)) return true; // a site named by its domain
    if (bodyKeys.has(normaliseKey(m.text)) || knownAlias(m.text)) return true;
    return m.type === 'PER' && nameWords(m.text).some(w => bodyKeys.has(`w:${nameWordKey(w)}`));
  });
}

/**
 * The outlets the article model found (a story header, a dateline tag, a closing line) are
 * organisations: the mention where the model found each one is added, and the entity layer's search
 * for later mentions of a known name finds the others.
 */
function addOutletMentions(analysis: ArticleAnalysis, mentions: RawMention[]): RawMention[] {
  const { text, map } = analysis.plain;
  const added: RawMention[] = [];
  for (const p of [analysis.model, ...analysis.model.parts]) {
    if (!p.outlet || !p.outletSpan || !/^\p{Lu}/u.test(p.outlet) || p.outlet.length > 60) continue;
    const start = map.toPlain(p.outletSpan.start);
    const end = map.toPlain(p.outletSpan.end);
    if (text.slice(start, end) !== p.outlet) continue;
    if (mentions.some(x => NAMED_TYPES.includes(x.type) && x.start < end && start < x.end) || added.some(x => x.start < end && start < x.end)) continue;
    added.push({ start, end, type: 'ORG', text: p.outlet });
  }
  if (added.length === 0) return mentions;
  return [...mentions, ...added].sort((a, b) => a.start - b.start || b.end - a.end);
}

/** A group named in lower case, in quotation marks, introduced as a group. */
const OPEN_QUOTE = `['‘"“]`;
const CLOSE_QUOTE = `['’"”]`;
const GROUP_NAME = `(\\p{Ll}[\\p{Ll}-]*(?: [\\p{Ll}-]+){1,5})`;
const GROUP_INTRO = [
  // "members of the 'gang of eight'"
  new RegExp(`\\bmembers? of the (?:so-called )?${OPEN_QUOTE}${GROUP_NAME}${CLOSE_QUOTE}`, 'gu'),
  // "the so-called 'squad', the group of …"
  new RegExp(`\\bso-called ${OPEN_QUOTE}${GROUP_NAME}${CLOSE_QUOTE},? (?:the|a|an) (?:\\p{Ll}+ )?(?:group|alliance|coalition|bloc|club|network|caucus|faction|movement|nations|countries|states|members)\\b`, 'gu'),
];

/**
 * Groups whose name is written in lower case ("the 'gang of eight'") have no capitals
 * for the tagger to see; where the text introduces one as a group ("members of the '…'", "the
 * so-called '…', the group of …"), it is an organisation, and so is every other use of the same
 * words after "the" in the article, quoted or not.
 */
export function lowerCaseGroups(text: string): RawMention[] {
  const names = new Set<string>();
  for (const re of GROUP_INTRO) for (const m of text.matchAll(re)) names.add(m[1]);
  if (names.size === 0) return [];
  const out: RawMention[] = [];
  const escaped = [...names].sort((a, b) => b.length - a.length).map(n => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // a group is "the …" ("a gang of eight" is any such gang)
  const re = new RegExp(`(?<=\\b[Tt]he (?:so-called )?${OPEN_QUOTE}?)(?:${escaped.join('|')})(?![\\p{L}\\p{N}-])`, 'gu');
  for (const m of text.matchAll(re)) out.push({ start: m.index!, end: m.index! + m[0].length, type: 'ORG', text: m[0] });
  return out;
}

/**
 * Entities with offsets into the analysed (plain) text: what the quote engine reads. `aliasScan`:
 * what the alias scan found in earlier versions of the document (incremental.ts; the same result).
 */
export function extractPlainEntities(analysis: ArticleAnalysis, tagger: Tagger, aliasScan?: AliasScanMemo): DocumentEntities {
  const { text } = analysis.plain;
  return resolveEntities(text, addOutletMentions(analysis, dropTitleCaseGuesses(analysis, tagger(text))), tagger.lexicon, lowerCaseGroups(text), aliasScan);
}

/** The same entities with offsets into the source document. */
export function entitiesToSource(analysis: ArticleAnalysis, doc: DocumentEntities): DocumentEntities {
  const { map } = analysis.plain;
  if (map.isIdentity) return doc;
  return {
    entities: doc.entities,
    mentions: doc.mentions.map(m => ({ ...m, ...map.spanToSource(m.start, m.end) })),
  };
}

/** Entities with offsets into the source document. */
export function extractEntities(analysis: ArticleAnalysis, tagger: Tagger): DocumentEntities {
  return entitiesToSource(analysis, extractPlainEntities(analysis, tagger));
}
