/**
 * Speaker mention → who it is, within one document: names to their entity, "he"/"she" to the most
 * recent compatible person, titles and descriptions ("the Prime Minister", "the US president") to
 * the person who holds them in this article, "the official" to the earlier "a senior official".
 * Works with the entities it is given, or with names it finds itself when given none.
 */
import type { DocumentEntities, DocumentEntity, EntityMention, RawMention } from '../entities/types';
import { knownAlias, nameWordKey, titleBefore } from '../entities/names';
import { firstAtOrAfter } from '../sorted';
import { mapPacked } from '../packed';
import { CALENDAR, DESCRIPTOR_WORDS, FEMALE_NAMES, FEMALE_TITLES, FUNCTION_WORDS, HONORIFICS, MALE_NAMES, MALE_TITLES, PRONOUNS, ROLE_NOUNS, TITLE_HEADS } from './lexicon';

export interface SpeakerSpan {
  speakerStart: number;
  speakerEnd: number;
}

type Gender = 'm' | 'f' | null;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu;
const POSSESSIVE = /['’]s$/;
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'his', 'her', 'their', 'its', 'one', 'another']);
const OBJECT_BEFORE = /\b(?:with|to|by|for|of|and|from|against|about|on|at|than|met|meet|meets|meeting|called|told|tell|urged|asked|invited|thanked|praised|criticised|criticized)\s+(?:[\p{Lu}][\p{L}.'’-]*\s+){0,4}$/u;

/** After a name: a role noun, then another name ("Twitter spokesman, Jane Doe"). */
const MODIFIER_AFTER = new RegExp(`^\\s+(?:[\\p{Ll}-]+\\s+){0,2}(?:${[...ROLE_NOUNS, ...TITLE_HEADS].filter(w => /^[a-z-]+$/.test(w)).join('|')}),?\\s+\\p{Lu}`, 'u');
const SENTENCE_END = /[.!?]['’"”]?\s+(?=['‘"“]?\p{Lu})|\n/gu;

interface Person {
  entity: number;
  gender: Gender;
  /** Lower-case title phrases written before its mentions: "us president", "prime minister". */
  titles: string[];
  /** The words of its titles (made on first use, once the titles are complete). */
  titleWords?: Set<string>;
}

export class SpeakerResolver {
  private readonly doc: DocumentEntities;
  private readonly people = new Map<number, Person>();
  private readonly mentions: EntityMention[];
  /** Mention starts of each entity, in order. */
  private readonly starts = new Map<number, number[]>();
  /**
   * Answers by span (start * (text length + 1) + end): an answer reads only the span and what the
   * resolver was made with, and one span is often the speaker of a quotation, of the tagger's
   * reported clause around it and of a rule's cue (about a third of the calls on a 5,000-word
   * article). The answers are only read.
   */
  private readonly answers = new Map<number, { name?: string; entity?: number }>();

  /**
   * `quoted`: the quotations' spans, when known — a name inside one is what a speaker says, a
   * weak antecedent for "he" after it.
   */
  constructor(
    private readonly text: string,
    entities: DocumentEntities | undefined,
    private readonly speakers: SpeakerSpan[],
    private readonly quoted: readonly { start: number; end: number }[] = [],
  ) {
    this.quoted = [...quoted].sort((a, b) => a.start - b.start);
    this.speakers = [...speakers].sort((a, b) => a.speakerStart - b.speakerStart);
    this.doc = entities && entities.entities.length ? entities : fallbackEntities(text, fallbackMentions(text, speakers));
    this.mentions = [...this.doc.mentions].sort((a, b) => a.start - b.start);
    for (const m of this.mentions) {
      const list = this.starts.get(m.entity) ?? [];
      list.push(m.start);
      this.starts.set(m.entity, list);
    }
    const votes = pronounVotes(text, this.mentions);
    for (const m of this.mentions) {
      const e = this.doc.entities[m.entity];
      if (!e || e.type !== 'PER') continue;
      let p = this.people.get(m.entity);
      if (!p) {
        const v = votes.get(m.entity) ?? [0, 0];
        const byText: Gender = v[0] >= 2 * v[1] + 1 ? 'm' : v[1] >= 2 * v[0] + 1 ? 'f' : null;
        p = { entity: m.entity, gender: genderOf(e.canonical, e.titles) ?? byText, titles: mapPacked(e.titles, t => t.toLowerCase()) };
        this.people.set(m.entity, p);
      }
      const t = p.titles.length < 20 ? titleBefore(text, m.start) : null;
      if (t) {
        const phrase = normaliseWords(text.slice(t.start, m.start));
        if (!p.titles.includes(phrase) && p.titles.length < 20) p.titles.push(phrase);
      }
    }
  }

  /** Who the speaker mention text[start, end) is: a person's entity, or a name as written. */
  resolve(start: number, end: number): { name?: string; entity?: number } {
    if (start < 0 || end < start || end > this.text.length) return this.resolveSpan(start, end);
    const key = start * (this.text.length + 1) + end;
    let res = this.answers.get(key);
    if (!res) {
      res = this.resolveSpan(start, end);
      this.answers.set(key, res);
    }
    return res;
  }

  private resolveSpan(start: number, end: number): { name?: string; entity?: number } {
    const mention = this.text.slice(start, end);
    const words = mention.match(WORD) ?? [];
    if (words.length === 0) return {};
    const lower = mapPacked(words, w => w.toLowerCase());
    const head = lower[lower.length - 1].replace(POSSESSIVE, '');
    // pronouns
    const pronoun = lower[0].replace(/['’](?:ll|d|s|ve|re|m)$/, '');
    if (words.length === 1 && PRONOUNS[pronoun] !== undefined) {
      const g = PRONOUNS[pronoun];
      if (g !== 'm' && g !== 'f') return {};
      return this.person(this.pronounTarget(start, g));
    }
    // "X, who said …": the person named just before the relative pronoun
    if (words.length === 1 && (pronoun === 'who' || pronoun === 'whom')) return this.person(this.antecedent(start));
    // "Smith's office", "Jones's spokesman": the office speaks, not the person
    // "Smith's office", "a senior Jones administration official": the name only describes the speaker
    const possessiveRole = words.length >= 2 && ROLE_NOUNS.has(head) && /^\p{Ll}/u.test(words[words.length - 1]) && !TITLE_HEADS.has(head);
    // an entity mention inside the span
    if (!possessiveRole) {
      const inside: EntityMention[] = [];
      for (let i = upperBound(this.mentions, end) - 1; i >= 0 && this.mentions[i].start >= start - 200; i--) {
        const m = this.mentions[i];
        if (m.start < end && start < m.end && this.doc.entities[m.entity]) inside.unshift(m);
      }
      const per = inside.filter(m => this.doc.entities[m.entity].type === 'PER');
      // "the US president", "the French foreign minister": a person described by a title; the place
      // or body named in it is not the speaker (the title's holder, below, or the description as written)
      const titled = !per.length && TITLE_HEADS.has(head) && /^\p{Ll}/u.test(words[words.length - 1]) && inside.every(m => m.end < end);
      const pick = titled ? undefined : (per.length ? per : inside.filter(m => !/['’]s$/.test(this.text.slice(m.start, m.end + 2)))).pop();
      if (pick) return this.person(pick.entity);
      // a name the entities do not list: match by its words
      const name = titled ? [] : nameOf(words);
      if (name.length) {
        const e = this.byName(name, start, lower.some(w => w === 'sir' || w === 'dame'));
        if (e !== undefined) return this.person(e);
        return { name: knownAlias(name.join(' ')) ?? name.join(' ') };
      }
    }
    // titles and descriptions: "the Prime Minister", "the US president", "the Ukrainian"
    const content = mapPacked(lower.filter(w => !DETERMINERS.has(w)), w => w.replace(/\./g, ''));
    if (!possessiveRole && content.length && (TITLE_HEADS.has(head) || content.every(w => !ROLE_NOUNS.has(w)))) {
      const e = this.byTitle(content, start);
      if (e !== undefined) return this.person(e);
    }
    // "the official" after "a senior administration official": the first description of that role
    if (ROLE_NOUNS.has(head) && (lower[0] === 'the' || lower[0] === 'this')) {
      const s = this.firstDescription().get(head);
      if (s && s.speakerStart < start) {
        const t = this.text.slice(s.speakerStart, s.speakerEnd);
        return { name: t.replace(/^\p{Lu}/u, c => c.toLowerCase()) };
      }
    }
    return {};
  }

  /**
   * By last word: the first speaker (in text order) described by two words or more ending with it and
   * not opening with "the"/"this" ("a senior official"). Built once, on the first "the official":
   * each such mention then costs one look-up, not a scan of every earlier speaker.
   */
  private firstDescriptionOf?: Map<string, SpeakerSpan>;
  private firstDescription(): Map<string, SpeakerSpan> {
    if (this.firstDescriptionOf) return this.firstDescriptionOf;
    const out = new Map<string, SpeakerSpan>();
    for (const s of this.speakers) {
      const tw = mapPacked(this.text.slice(s.speakerStart, s.speakerEnd).match(WORD) ?? [], w => w.toLowerCase());
      if (tw.length < 2 || tw[0] === 'the' || tw[0] === 'this') continue;
      const last = tw[tw.length - 1];
      if (!out.has(last)) out.set(last, s);
    }
    return (this.firstDescriptionOf = out);
  }

  private person(entity: number | undefined): { name?: string; entity?: number } {
    if (entity === undefined) return {};
    const e = this.doc.entities[entity];
    return e ? { name: e.canonical, entity } : {};
  }

  /**
   * The person "he"/"she" at `at` is: the first person named (not as an object or a possessor) in
   * the nearest sentence before it that names one — the subject of that sentence rather than
   * whoever it names last ("X welcomed the plan after Y introduced him. He said…" is X); a
   * person named only as an object, a possessor or inside a quotation counts when no sentence
   * between names anyone else.
   */
  private pronounTarget(at: number, g: 'm' | 'f'): number | undefined {
    let fallback: number | undefined;
    let fallbackSentence = -1;
    const floor = at - 3000;
    let found: number | undefined;
    let sentence = -1;
    for (let i = upperBound(this.mentions, at) - 1; i >= 0; i--) {
      const m = this.mentions[i];
      if (m.start < floor || m.end <= sentence) break;
      const p = this.people.get(m.entity);
      if (!p) continue;
      if (p.gender !== null && p.gender !== g) continue;
      const before = this.text.slice(Math.max(0, m.start - 60), m.start);
      const object = OBJECT_BEFORE.test(before);
      const possessor = /['’]s$/.test(this.text.slice(m.start, m.end + 2));
      if (object || possessor || this.inQuotation(m.start)) {
        // only the possessor of a subject ("X's plan is unclear. He…") outranks a farther sentence
        if (fallback === undefined && found === undefined) {
          fallback = m.entity;
          fallbackSentence = possessor && !object ? this.sentenceStart(m.start) : -1;
        }
        continue;
      }
      // a name that only describes the next one ("a Twitter spokesman, Jane Doe"; "campaign manager X")
      if (MODIFIER_AFTER.test(this.text.slice(m.end, m.end + 48))) continue;
      // a possessor or object of a nearer sentence ("X's plan is unclear. He has…") before a subject of a farther one
      if (found === undefined && fallback !== undefined && m.end <= fallbackSentence) break;
      // earlier people of the same sentence replace it; the sentence before does not
      found = m.entity;
      if (sentence < 0) sentence = this.sentenceStart(m.start);
    }
    return found ?? fallback;
  }

  private inQuotation(at: number): boolean {
    const i = firstAtOrAfter(this.quoted, at + 1, q => q.start) - 1;
    return i >= 0 && at < this.quoted[i].end;
  }

  /** Where the sentence holding `at` starts: after the last full stop, question or exclamation mark followed by a space, or a line break. */
  private sentenceStart(at: number): number {
    const from = Math.max(0, at - 600);
    const window = this.text.slice(from, at);
    let start = from;
    for (let m; (m = SENTENCE_END.exec(window)); ) start = from + m.index + m[0].length;
    SENTENCE_END.lastIndex = 0;
    return start;
  }

  /** The person whose mention ends just before `at`, across a comma at most ("Jane Doe, who …"). */
  private antecedent(at: number): number | undefined {
    const i = upperBound(this.mentions, at) - 1;
    if (i < 0) return undefined;
    const m = this.mentions[i];
    if (!this.people.has(m.entity) || !/^\s*,?\s*$/.test(this.text.slice(m.end, at))) return undefined;
    return m.entity;
  }

  private byName(name: string[], at: number, firstName: boolean): number | undefined {
    const key = nameWordKey(firstName ? name[0] : name[name.length - 1]);
    let best: number | undefined;
    let bestAt = -1;
    const keys = this.personKeys();
    for (const [idx, e] of this.doc.entities.entries()) {
      if (e.type !== 'PER') continue;
      const { parts, aliases } = keys[idx]!;
      const ok = firstName ? parts[0] === key : parts[parts.length - 1] === key || aliases.some(a => a === key);
      if (!ok) continue;
      const last = this.lastMentionBefore(idx, at);
      if (last > bestAt || best === undefined) {
        best = idx;
        bestAt = last;
      }
    }
    return best;
  }

  /** Per entity (people only): the name-word keys of its canonical name's words and of its aliases, made once. */
  private personKeysOf?: ({ parts: string[]; aliases: string[] } | undefined)[];
  private personKeys(): ({ parts: string[]; aliases: string[] } | undefined)[] {
    return (this.personKeysOf ??= this.doc.entities.map(e => (e.type === 'PER' ? { parts: mapPacked(e.canonical.split(/\s+/), w => nameWordKey(w)), aliases: mapPacked(e.aliases, a => nameWordKey(a)) } : undefined)));
  }

  private byTitle(words: string[], at: number): number | undefined {
    const headWords = words.filter(w => !HONORIFICS.has(w) || TITLE_HEADS.has(w));
    if (headWords.length === 0) return undefined;
    let best: number | undefined;
    let bestScore = -Infinity;
    for (const p of this.people.values()) {
      if (!p.titles.join(' | ')) continue;
      const have = (p.titleWords ??= titleWordsOf(p.titles));
      if (!describes(words, have)) continue;
      const last = this.lastMentionBefore(p.entity, at);
      const score = (last >= 0 ? 1e9 + last : 0) + this.doc.entities[p.entity].mentions;
      if (score > bestScore) {
        bestScore = score;
        best = p.entity;
      }
    }
    return best;
  }

  private lastMentionBefore(entity: number, at: number): number {
    const list = this.starts.get(entity);
    if (!list) return -1;
    const lo = firstAtOrAfter(list, at, x => x);
    return lo > 0 ? list[lo - 1] : -1;
  }
}

/** The words of a person's titles ("us president", "prime minister"), lower case. */
export function titleWordsOf(titles: string[]): Set<string> {
  return new Set(titles.join(' | ').toLowerCase().split(/[\s|]+/));
}

/**
 * Whether a description's content words ("us president", "canadian") describe a person with these
 * title words: every word among them or a general descriptor ("senior", "former"; a nationality
 * must be among them), and at least one among them.
 */
export function describes(words: string[], have: Set<string>): boolean {
  const matches = words.every(w => have.has(w) || (w === 'us' && (have.has('american') || have.has('u.s'))) || DESCRIPTOR_WORDS.has(w) && !/^[a-z]+an$|ish$/.test(w) && w !== 'us' && w !== 'uk');
  return matches && words.some(w => have.has(w));
}

/**
 * The content words of a speaker mention that names nobody but describes a holder of a title
 * ("the Prime Minister" → prime, minister; "the Canadian" → canadian), or null: a pronoun, a
 * name, an office ("Smith's office", "a senior official").
 */
export function titleDescription(mention: string): string[] | null {
  const words = mention.match(WORD) ?? [];
  if (words.length === 0 || words.length > 6) return null;
  const lower = mapPacked(words, w => w.toLowerCase());
  const head = lower[lower.length - 1].replace(POSSESSIVE, '');
  if (words.length === 1 && PRONOUNS[lower[0]] !== undefined) return null;
  if (nameOf(words).length) return null;
  if (words.length >= 2 && ROLE_NOUNS.has(head) && !TITLE_HEADS.has(head)) return null;
  const content = mapPacked(lower.filter(w => !DETERMINERS.has(w)), w => w.replace(/\./g, ''));
  if (!content.length || !(TITLE_HEADS.has(head) || content.every(w => !ROLE_NOUNS.has(w)))) return null;
  return content;
}

function upperBound(ms: EntityMention[], at: number): number {
  return firstAtOrAfter(ms, at, m => m.start);
}

function normaliseWords(s: string): string {
  return s.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim();
}

function genderOf(canonical: string, titles: string[]): Gender {
  for (const t of titles) {
    const l = t.toLowerCase();
    if (MALE_TITLES.has(l)) return 'm';
    if (FEMALE_TITLES.has(l)) return 'f';
  }
  const first = canonical.split(/\s+/)[0]?.toLowerCase() ?? '';
  if (MALE_NAMES.has(first)) return 'm';
  if (FEMALE_NAMES.has(first)) return 'f';
  return null;
}

/** The name words of a speaker mention: "Vice President JD Vance" → JD Vance; "Mr Trump" → Trump. */
function nameOf(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const l = w.toLowerCase().replace(POSSESSIVE, '').replace(/\.$/, '');
    const cap = /^\p{Lu}/u.test(w);
    if (cap && !HONORIFICS.has(l) && !TITLE_HEADS.has(l) && !DESCRIPTOR_WORDS.has(l) && !FUNCTION_WORDS.has(l) && !CALENDAR.has(l) && !ROLE_NOUNS.has(l)) out.push(w.replace(POSSESSIVE, ''));
    else if (out.length) break;
  }
  return out;
}

/** Enough names to resolve speakers in any real article, bounded on pathological input. */
const MAX_FALLBACK_MENTIONS = 2000;

const NAME_RUN = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}/gu;

/** Without a tagger: person-like names from the speaker mentions and their fuller forms in the text. */
function fallbackMentions(text: string, speakers: SpeakerSpan[]): RawMention[] {
  const out: RawMention[] = [];
  const lastWords = new Set<string>();
  const seen = new Set<number>();
  for (const s of speakers) {
    if (out.length >= MAX_FALLBACK_MENTIONS) break;
    const span = text.slice(s.speakerStart, s.speakerEnd);
    const words = span.match(WORD) ?? [];
    const name = nameOf(words);
    if (name.length === 0) continue;
    // "Vice President JD Vance": the name starts where its first word is, in the span
    const first = span.indexOf(name[0]);
    const joined = name.join(' ');
    const at = s.speakerStart + first;
    if (first < 0 || text.slice(at, at + joined.length) !== joined || seen.has(at)) continue;
    seen.add(at);
    out.push({ start: at, end: at + joined.length, type: 'PER', text: joined });
    lastWords.add(nameWordKey(name[name.length - 1]));
  }
  if (lastWords.size === 0) return out;
  // fuller forms of those names anywhere: "Donald Trump" for a speaker "Trump"
  NAME_RUN.lastIndex = 0;
  for (let m; (m = NAME_RUN.exec(text)); ) {
    const words = m[0].split(/\s+/);
    while (words.length && FUNCTION_WORDS.has(words[0].toLowerCase())) words.shift();
    if (words.length < 2) continue;
    const last = nameWordKey(words[words.length - 1].replace(POSSESSIVE, ''));
    if (!lastWords.has(last)) continue;
    const name = nameOf(words);
    if (name.length < 2) continue;
    const joined = name.join(' ');
    const at = text.indexOf(joined, m.index);
    if (at < 0 || seen.has(at)) continue;
    seen.add(at);
    out.push({ start: at, end: at + joined.length, type: 'PER', text: joined });
    if (out.length >= MAX_FALLBACK_MENTIONS) break;
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * A small stand-in for the entity resolver when no entities are given: people merged by surname
 * ("Trump" → "Donald Trump"), first names after Sir/Dame, titles kept.
 */
function fallbackEntities(text: string, raw: RawMention[]): DocumentEntities {
  const entities: DocumentEntity[] = [];
  const words: string[][] = [];
  const mentions: EntityMention[] = [];
  const byLength = [...raw].sort((a, b) => b.text.split(/\s+/).length - a.text.split(/\s+/).length || a.start - b.start);
  const assigned = new Map<RawMention, number>();
  const titles = new Map<RawMention, ReturnType<typeof titleBefore>>();
  for (const m of byLength) {
    const w = m.text.split(/\s+/).map(nameWordKey);
    const t = titleBefore(text, m.start);
    titles.set(m, t);
    const firstName = !!t && /^(?:sir|dame)$/i.test(t.title);
    let found = -1;
    for (let k = 0; k < entities.length && found < 0; k++) {
      const e = words[k];
      if (w.length === 1 ? (firstName ? e[0] === w[0] : e[e.length - 1] === w[0]) : e.length === w.length && e.every((x, i) => x === w[i])) found = k;
    }
    if (found < 0) {
      entities.push({ type: 'PER', canonical: m.text, aliases: [], titles: [], mentions: 0, key: `PER:${w.join(' ')}` });
      words.push(w);
      found = entities.length - 1;
    }
    const e = entities[found];
    if (!e.aliases.includes(m.text)) e.aliases.push(m.text);
    if (t && !e.titles.includes(t.title)) e.titles.push(t.title);
    e.mentions++;
    assigned.set(m, found);
  }
  for (const m of raw) mentions.push({ ...m, entity: assigned.get(m)!, title: titles.get(m)?.title ?? null });
  return { entities, mentions };
}

/** For each person: how often "he/his/him" and "she/her" follow their mentions before the next name. */
function pronounVotes(text: string, mentions: EntityMention[]): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i];
    const end = Math.min(m.end + 200, i + 1 < mentions.length ? mentions[i + 1].start : text.length);
    if (end <= m.end) continue;
    const window = text.slice(m.end, end);
    const he = (window.match(/\b(?:he|his|him|himself)\b/gi) ?? []).length;
    const she = (window.match(/\b(?:she|her|hers|herself)\b/gi) ?? []).length;
    if (!he && !she) continue;
    const v = out.get(m.entity) ?? [0, 0];
    v[0] += he;
    v[1] += she;
    out.set(m.entity, v);
  }
  return out;
}
