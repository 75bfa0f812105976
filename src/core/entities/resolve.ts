/**
 * Mentions → entities within one document: titles kept as attributes, one type per name by vote,
 * nationality adjectives dropped, "Trump" / "Mr Trump" / "Donald Trump" merged into one person,
 * "Sir Keir" to "Keir Starmer", spelling variants and usual abbreviations (US / U.S. / United States,
 * Nato / NATO, EU / European Union) merged, and later mentions of a known name found even where the
 * tagger missed them.
 */
import type { DocumentEntities, DocumentEntity, EntityMention, EntityType, RawMention } from './types';
import { NAMED_TYPES } from './types';
import { FIRST_NAME_TITLES, initials, isDemonym, knownAlias, nameWordKey, nameWords, normaliseKey, titleBefore, wordsMatch } from './names';

interface Draft {
  type: EntityType;
  forms: Map<string, number>;
  titles: Set<string>;
  /** For people: the name words of the fullest form, as spelling keys. */
  words: string[];
  mentions: number[];
  lastAt: number;
  key: string;
}

const isNamed = (t: EntityType) => NAMED_TYPES.includes(t);

/** Mentions with possessives trimmed ("Trump's" → "Trump"), and demonyms dropped. */
function clean(text: string, raw: RawMention[]): RawMention[] {
  const out: RawMention[] = [];
  for (const m of raw) {
    let { start, end } = m;
    const poss = /['’]s?$/.exec(text.slice(start, end));
    if (poss && isNamed(m.type) && end - poss[0].length > start) end -= poss[0].length;
    while (end > start && /[\s,;:!?)"”’]/.test(text[end - 1])) end--;
    if (text[end - 1] === '.' && !/(?:\p{L}\.){2,}$|\b(?:Jr|Sr|St|Inc|Co|Corp|Ltd)\.$/u.test(text.slice(start, end))) end--;
    while (start < end && /[\s("“‘]/.test(text[start])) start++;
    if (end <= start) continue;
    const surface = text.slice(start, end);
    if (isNamed(m.type) && isDemonym(surface)) continue;
    out.push({ start, end, type: m.type, text: surface });
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** One type per written name: the majority over its mentions (PER wins ties, then ORG). */
function voteTypes(mentions: RawMention[]): void {
  const votes = new Map<string, Map<EntityType, number>>();
  for (const m of mentions) {
    if (!isNamed(m.type)) continue;
    const k = normaliseKey(m.text);
    const v = votes.get(k) ?? new Map<EntityType, number>();
    v.set(m.type, (v.get(m.type) ?? 0) + 1);
    votes.set(k, v);
  }
  const order: EntityType[] = ['PER', 'ORG', 'LOC'];
  for (const m of mentions) {
    if (!isNamed(m.type)) continue;
    const v = votes.get(normaliseKey(m.text))!;
    let best = m.type;
    for (const t of order) if ((v.get(t) ?? 0) > (v.get(best) ?? 0)) best = t;
    m.type = best;
  }
}

/** Does a person known by `words` (spelling keys) match the name `other` (keys)? */
function personMatches(words: string[], other: string[]): boolean {
  if (other.length === 0 || words.length === 0) return false;
  if (other.length === 1) return wordsMatch(words[words.length - 1], other[0]);
  if (!wordsMatch(words[words.length - 1], other[other.length - 1])) return false;
  // first names agree, or one is an initial of the other ("J. Smith")
  const f1 = words[0];
  const f2 = other[0];
  return wordsMatch(f1, f2) || (f1.length === 1 && f2.startsWith(f1)) || (f2.length === 1 && f1.startsWith(f2));
}

function canonicalForm(d: Draft): string {
  let best = '';
  let bestScore = -1;
  for (const [form, n] of d.forms) {
    // people: the form with most words; others: the most frequent; then the longer, then the capitalised
    const score = d.type === 'PER' ? nameWords(form).length * 1000 + n : n * 1000 + form.length;
    if (score > bestScore || (score === bestScore && form < best)) {
      best = form;
      bestScore = score;
    }
  }
  return best;
}

/** Resolves a document's raw mentions into merged entities. `text` is the text the offsets index. */
export function resolveEntities(text: string, rawMentions: RawMention[]): DocumentEntities {
  const mentions = clean(text, rawMentions);
  voteTypes(mentions);
  const drafts: Draft[] = [];
  const assigned = new Array<number>(mentions.length).fill(-1);
  const titles = mentions.map(m => (m.type === 'PER' ? titleBefore(text, m.start) : null));
  const byKey = new Map<string, number>();

  const add = (i: number, d: number) => {
    const m = mentions[i];
    const draft = drafts[d];
    assigned[i] = d;
    draft.mentions.push(i);
    draft.forms.set(m.text, (draft.forms.get(m.text) ?? 0) + 1);
    const t = titles[i];
    if (t) draft.titles.add(t.title);
    draft.lastAt = m.start;
  };
  const create = (i: number, key: string, words: string[] = []) => {
    drafts.push({ type: mentions[i].type, forms: new Map(), titles: new Set(), words, mentions: [], lastAt: 0, key });
    byKey.set(key, drafts.length - 1);
    add(i, drafts.length - 1);
  };

  // People with two or more name words first: they define who the short forms can be.
  for (const [i, m] of mentions.entries()) {
    if (m.type !== 'PER') continue;
    const words = nameWords(m.text).map(nameWordKey);
    if (words.length < 2) continue;
    const found = drafts.findIndex(d => d.type === 'PER' && d.words.length >= 2 && personMatches(d.words, words));
    if (found >= 0) {
      if (words.length > drafts[found].words.length) drafts[found].words = words;
      add(i, found);
    } else create(i, `PER:${words.join(' ')}`, words);
  }
  // Single-word names: the surname of a known person, or the first name after "Sir"/"Dame"…
  for (const [i, m] of mentions.entries()) {
    if (m.type !== 'PER' || assigned[i] >= 0) continue;
    const w = nameWordKey(m.text);
    const title = titles[i]?.title.toLowerCase();
    const bySurname = drafts.map((_, k) => k).filter(k => drafts[k].type === 'PER' && drafts[k].words.length >= 2 && wordsMatch(drafts[k].words[drafts[k].words.length - 1], w));
    const byFirst = drafts.map((_, k) => k).filter(k => drafts[k].type === 'PER' && drafts[k].words.length >= 2 && wordsMatch(drafts[k].words[0], w));
    const pool = title && FIRST_NAME_TITLES.has(title) && byFirst.length ? byFirst : bySurname.length ? bySurname : byFirst.length === 1 ? byFirst : [];
    if (pool.length) {
      // several people share the name: the one mentioned most recently before, else the most mentioned
      const before = pool.filter(k => drafts[k].mentions.some(x => mentions[x].start < m.start));
      const choose = (ks: number[]) => ks.reduce((a, b) => (drafts[b].lastAt > drafts[a].lastAt ? b : a));
      add(i, before.length ? choose(before) : pool.reduce((a, b) => (drafts[b].mentions.length > drafts[a].mentions.length ? b : a)));
      continue;
    }
    const key = `PER:${w}`;
    const same = byKey.get(key);
    if (same !== undefined) add(i, same);
    else create(i, key, [w]);
  }
  // Organisations and places: usual abbreviations, case and dots do not matter, acronyms of longer names.
  for (const [i, m] of mentions.entries()) {
    if (assigned[i] >= 0 || !isNamed(m.type)) continue;
    const known = knownAlias(m.text);
    const key = `${m.type}:${normaliseKey(known ?? m.text)}`;
    const same = byKey.get(key);
    if (same !== undefined) add(i, same);
    else {
      create(i, key);
      if (known) drafts[drafts.length - 1].forms.set(known, 0);
    }
  }
  // An acronym of a longer name in the same document is that name ("EU" after "European Union").
  for (const [d, draft] of drafts.entries()) {
    if (draft.type === 'PER' || draft.mentions.length === 0) continue;
    const form = canonicalForm(draft);
    if (!/^[A-Z]{2,6}$/.test(form.replace(/\./g, ''))) continue;
    const target = drafts.findIndex((o, k) => k !== d && o.type !== 'PER' && o.mentions.length > 0 && nameWords(canonicalForm(o)).length >= 2 && initials(canonicalForm(o)) === form.replace(/\./g, ''));
    if (target >= 0) {
      for (const x of draft.mentions) add(x, target);
      draft.mentions = [];
    }
  }
  // "Washington, D.C." is "Washington" when the document also says "Washington".
  for (const [d, draft] of drafts.entries()) {
    if (draft.type !== 'LOC' || draft.mentions.length === 0) continue;
    const form = canonicalForm(draft);
    const comma = form.indexOf(',');
    if (comma < 0) continue;
    const target = byKey.get(`LOC:${normaliseKey(form.slice(0, comma))}`);
    if (target !== undefined && target !== d) {
      for (const x of drafts[target].mentions) add(x, d);
      drafts[target].mentions = [];
    }
  }

  // Values (dates, money, percentages) are their own entities, keyed by their text.
  for (const [i, m] of mentions.entries()) {
    if (assigned[i] >= 0) continue;
    const key = `${m.type}:${normaliseKey(m.text)}`;
    const same = byKey.get(key);
    if (same !== undefined) add(i, same);
    else create(i, key);
  }

  // Later mentions of a known name that the tagger missed (same spelling and case, whole words).
  const covered = (s: number, e: number) => mentions.some(m => m.start < e && s < m.end);
  const extra: { m: RawMention; d: number }[] = [];
  for (const [d, draft] of drafts.entries()) {
    if (!isNamed(draft.type) || draft.mentions.length === 0) continue;
    for (const form of draft.forms.keys()) {
      if (form.length < 3 || !/^\p{Lu}/u.test(form) || (draft.forms.get(form) ?? 0) === 0) continue;
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu');
      for (let m; (m = re.exec(text)); ) {
        const s = m.index;
        const e = s + form.length;
        if (covered(s, e) || extra.some(x => x.m.start < e && s < x.m.end)) continue;
        // not part of a longer capitalised name ("Trump Tower") unless the tagger saw that too
        if (/^\s+\p{Lu}/u.test(text.slice(e, e + 3)) || /\p{Lu}[\p{L}.]*\s+$/u.test(text.slice(Math.max(0, s - 25), s)) && !titleBefore(text, s)) continue;
        extra.push({ m: { start: s, end: e, type: draft.type, text: form }, d });
      }
    }
  }
  const all: { m: RawMention; d: number; byAlias: boolean }[] = [
    ...mentions.map((m, i) => ({ m, d: assigned[i], byAlias: false })),
    ...extra.map(x => ({ ...x, byAlias: true })),
  ].sort((a, b) => a.m.start - b.m.start);

  // Renumber entities that kept mentions.
  const counts = new Map<number, number>();
  for (const x of all) counts.set(x.d, (counts.get(x.d) ?? 0) + 1);
  const live = drafts.map((_, d) => d).filter(d => (counts.get(d) ?? 0) > 0);
  const index = new Map(live.map((d, k) => [d, k]));
  const entities: DocumentEntity[] = live.map(d => {
    const draft = drafts[d];
    const canonical = knownAlias(canonicalForm(draft)) ?? canonicalForm(draft);
    return {
      type: draft.type,
      canonical,
      aliases: [...draft.forms.keys()].filter(f => (draft.forms.get(f) ?? 0) > 0 || extra.some(x => x.d === d && x.m.text === f)),
      titles: [...draft.titles],
      mentions: counts.get(d) ?? 0,
      key: draft.type === 'PER' ? `PER:${nameWords(canonical).map(nameWordKey).join(' ')}` : `${draft.type}:${normaliseKey(canonical)}`,
    };
  });
  const out: EntityMention[] = all.map(({ m, d, byAlias }) => {
    const t = m.type === 'PER' ? titleBefore(text, m.start) : null;
    const mention: EntityMention = { ...m, type: drafts[d].type, entity: index.get(d)!, title: t?.title ?? null };
    if (byAlias) mention.byAlias = true;
    return mention;
  });
  return { mentions: out, entities };
}
