/**
 * Mentions → entities within one document: titles kept as attributes, one type per name by vote,
 * nationality adjectives dropped, "Trump" / "Mr Trump" / "Donald Trump" merged into one person,
 * "Sir John" to "John Smith", spelling variants and usual abbreviations (US / U.S. / United States,
 * Nato / NATO, EU / European Union) merged, and later mentions of a known name found even where the
 * tagger missed them.
 */
import type { DocumentEntities, DocumentEntity, EntityMention, EntityType, NameLexicon, RawMention } from './types';
import { NAMED_TYPES } from './types';
import { firstAtOrAfter } from '../sorted';
import { mapPacked } from '../packed';
import { CALENDAR_WORD, COMMON_ACRONYM, FIRST_NAME_TITLES, INSTITUTION_WORD, NAME_PARTICLE, PERSONAL_TITLE, PRE_NAME_WORD, initials, isDemonym, isRolePhrase, isTitleWord, knownAlias, nameWordKey, nameWords, normaliseKey, titleBefore, wordsMatch } from './names';

/** Longest form of a name looked for again in the text (characters). */
const MAX_FORM_CHARS = 100;
/** Longest span a tagger may call a name (characters); longer ones are dropped. */
const MAX_NAME_CHARS = 300;

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

/** The name words of a draft that is not a person's (never read, never written to). */
const NO_WORDS: string[] = mapPacked([''], x => x).slice(0, 0);

/**
 * `clean` of one mention, its mentions appended to out. Reads the text from 5 characters before the
 * mention to 12 after it, and the mention list only to split "X and Y" (then `readList` is set).
 */
function cleanOne(text: string, m: RawMention, raw: RawMention[], lexicon: NameLexicon | undefined, out: RawMention[], readList: { value: boolean }): void {
  let { start, end } = m;
  let type = m.type;
  const named = isNamed(type);
  // a "name" longer than any real one (a tagger lost in a run of capitalised words) is none;
  // the repairs below re-read the span word by word and would cost quadratic time on it
  if (named && end - start > MAX_NAME_CHARS) return;
  const trimEdges = () => {
    const poss = /['’]s?$/.exec(text.slice(start, end));
    if (poss && named && end - poss[0].length > start) end -= poss[0].length;
    while (end > start && /[\s,;:!?)"”’]/.test(text[end - 1])) end--;
    if (text[end - 1] === '.' && !/(?:\p{L}\.){2,}$|\b(?:Jr|Sr|St|Inc|Co|Corp|Ltd)\.$/u.test(text.slice(start, end))) end--;
    while (start < end && /[\s("“‘]/.test(text[start])) start++;
  };
  trimEdges();
  if (named) {
    // words at the edges that cannot be part of a name
    for (;;) {
      const first = /^(\S+)\s+/.exec(text.slice(start, end));
      if (first && (!/^[\p{Lu}]/u.test(first[1]) && !NAME_PARTICLE.test(first[1]) || /^\d/.test(first[1]))) {
        start += first[0].length;
        continue;
      }
      const last = /\s+(\S+)$/.exec(text.slice(start, end));
      if (last && (!/^[\p{Lu}\d]/u.test(last[1]) || NAME_PARTICLE.test(last[1]) || CALENDAR_WORD.test(last[1]))) {
        end -= last[0].length;
        continue;
      }
      break;
    }
    trimEdges();
    // an inner word that no name holds ("Smith given Lisbon", "UNICEF BY NORWAY"): the name ends there
    const inner = /\s(\S+)\s/g;
    const span = text.slice(start, end);
    for (let w; (w = inner.exec(span)); ) {
      const word = w[1];
      const lowerOrShout = !/^\p{Lu}/u.test(word) || (word.length <= 4 && word === word.toUpperCase() && /^(?:BY|TO|FROM|AT|IS|WAS|WITH|AS|IF)$/.test(word));
      if (lowerOrShout && !NAME_PARTICLE.test(word)) {
        const rest = start + w.index + w[0].length;
        if (/^\p{Lu}/u.test(text.slice(rest, end))) out.push({ start: rest, end, type, text: text.slice(rest, end) });
        end = start + w.index;
        break;
      }
    }
    // a word written before names at the end ("Smith and Vice")
    for (let last; (last = /\s+(\S+)$/.exec(text.slice(start, end))) && (PRE_NAME_WORD.test(last[1]) || NAME_PARTICLE.test(last[1])); ) end -= last[0].length;
    const surface = text.slice(start, end);
    // titles before a name: a person ("US President Jane Doe" → "Jane Doe", PER)
    const words = surface.split(/\s+/);
    let k = 0;
    while (k < words.length - 1 && isTitleWord(words[k])) k++;
    if (k > 0 && isRolePhrase(words.slice(0, k).join(' ')) && /^\p{Lu}/u.test(words[k])) {
      // "US Special Envoy Jane Roe": the country stays a place of its own
      const country = knownAlias(words[0]);
      if (country && k > 1) out.push({ start, end: start + words[0].length, type: 'LOC', text: words[0] });
      start += surface.indexOf(words[k], words.slice(0, k).join(' ').length);
      type = 'PER';
    } else if (isRolePhrase(surface)) return; // a role alone is not a name
    // two names joined by "and": two mentions when each stands alone elsewhere
    const and = / (?:and|&) /.exec(text.slice(start, end));
    if (and) {
      const left = text.slice(start, start + and.index);
      const right = text.slice(start + and.index + and[0].length, end);
      const elsewhere = (name: string) => {
        if (knownAlias(name) !== null) return true;
        readList.value = true;
        return raw.some(r => r !== m && r.text === name);
      };
      const single = !/\s/.test(left) && !/\s/.test(right);
      if (single ? elsewhere(left) || elsewhere(right) : elsewhere(left) && elsewhere(right)) {
        out.push({ start, end: start + left.length, type, text: left });
        start = start + and.index + and[0].length;
      }
    }
  }
  if (end <= start) return;
  const surface = text.slice(start, end);
  // too short to be a name, unless a group such as "G8"/"G-20" or a body named by one letter ("on X")
  const tooShort = (surface.match(/\p{L}/gu) ?? []).length < 2 && !/^\p{Lu}-?\d{1,2}$/u.test(surface) && !(type === 'ORG' && /^\p{Lu}$/u.test(surface));
  if (named && ((isDemonym(surface) && !placeNoun(text, start, end, lexicon)) || COMMON_ACRONYM.test(surface) || tooShort)) return;
  out.push({ start, end, type, text: surface });
}

/**
 * `clean`'s repairs of a mention, by its type and the text they read (offsets relative to the
 * mention's start): after an edit, and across the documents of a corpus, the same mentions come
 * again. Bounded; cleared when the lexicon changes.
 */
const CLEAN_CACHE_MAX = 16384;
const cleanCache = new Map<string, RawMention[]>();
let cleanLexicon: NameLexicon | undefined;

/** Mentions whose repairs were found in `clean`'s cache, and those repaired anew (for tests). */
export const cleanCacheStats = { hits: 0, misses: 0 };

/** Empties `clean`'s cache (for tests: a cold run to compare with). */
export function clearCleanCache(): void {
  cleanCache.clear();
}

/**
 * Repairs spans a tagger gets wrong in general ways: possessives and punctuation at the edges,
 * lower-case words at the edges ("to deter X", "X is"), days and months after a name, titles
 * before a name (the name is a person's, the title an attribute), role phrases alone ("Special
 * Envoy"), two known names joined by "and"; drops nationality adjectives.
 */
function clean(text: string, raw: RawMention[], lexicon?: NameLexicon): RawMention[] {
  if (lexicon !== cleanLexicon) {
    cleanCache.clear();
    cleanLexicon = lexicon;
  }
  const out: RawMention[] = [];
  const readList = { value: false };
  for (const m of raw) {
    // the text a mention's repairs read: its span, 5 characters before and 12 after (placeNoun)
    const from = Math.max(0, m.start - 5);
    const key = `${m.type}\u0001${m.start - from}\u0001${m.end - m.start}\u0001${text.slice(from, m.end + 12)}`;
    const known = cleanCache.get(key);
    if (known) {
      cleanCacheStats.hits++;
      for (const k of known) out.push({ start: k.start + m.start, end: k.end + m.start, type: k.type, text: k.text });
      continue;
    }
    cleanCacheStats.misses++;
    const first = out.length;
    readList.value = false;
    cleanOne(text, m, raw, lexicon, out, readList);
    // (the repairs of "X and Y" that asked whether X or Y is written elsewhere read the mention list: not remembered)
    if (readList.value) continue;
    if (cleanCache.size >= CLEAN_CACHE_MAX) cleanCache.clear();
    cleanCache.set(key, mapPacked(out.slice(first), k => ({ start: k.start - m.start, end: k.end - m.start, type: k.type, text: k.text })));
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** words that follow a noun, not an adjective: "the Atlantic on Wednesday", "across the Pacific." */
const AFTER_NOUN = /^(?:\s*(?:[.,;:!?)"”’]|$)|\s+(?:on|in|at|to|from|was|were|is|are|has|had|and|or|but|by|with|for|of|that|which|as|after|before|into|between)\b)/;

/**
 * An adjective of place that is also a place ("Atlantic", "Pacific", "Arctic") names the place
 * when written as a noun: after "the" and before punctuation or a function word.
 */
function placeNoun(text: string, start: number, end: number, lexicon?: NameLexicon): boolean {
  return !!lexicon?.isPlace(text.slice(start, end)) && /\bthe\s+$/i.test(text.slice(Math.max(0, start - 5), start)) && AFTER_NOUN.test(text.slice(end, end + 12));
}

/**
 * A lone word the tagger typed as an organisation or place that is the surname of a person named
 * in full in the same document is that person ("Trump administration" after "Donald Trump").
 */
function surnamesArePeople(text: string, mentions: RawMention[], lexicon?: NameLexicon): void {
  // People are referred to by their surname alone; organisations rarely by their last word. A
  // two- or three-word name starting with a first name, whose last word also stands alone twice
  // or more, is a person's.
  const alone = new Map<string, number>();
  for (const m of mentions) if (isNamed(m.type) && !/\s/.test(m.text)) alone.set(nameWordKey(m.text), (alone.get(nameWordKey(m.text)) ?? 0) + 1);
  for (const m of mentions) {
    if (m.type !== 'ORG' && m.type !== 'LOC') continue;
    const w = nameWords(m.text);
    if (w.length < 2 || w.length > 3 || knownAlias(m.text) || !w.every(x => /^\p{Lu}\p{Ll}/u.test(x))) continue;
    const last = w[w.length - 1];
    if (INSTITUTION_WORD.test(last) || isTitleWord(w[0]) || (alone.get(nameWordKey(last)) ?? 0) < 2) continue;
    // with word lists: a first name first (or a word never used alone), and no place name
    if (lexicon && (lexicon.isPlace(last) || !(lexicon.isFirstName(w[0]) || (!lexicon.isPlace(w[0]) && !alone.has(nameWordKey(w[0])))))) continue;
    m.type = 'PER';
  }
  const surnames = new Set<string>();
  for (const m of mentions) {
    const w = nameWords(m.text);
    if (m.type === 'PER' && w.length >= 2) surnames.add(nameWordKey(w[w.length - 1]));
  }
  for (const m of mentions) {
    if (m.type !== 'ORG' && m.type !== 'LOC') continue;
    if (!/\s/.test(m.text) && !knownAlias(m.text) && !lexicon?.isPlace(m.text) && surnames.has(nameWordKey(m.text))) m.type = 'PER';
    // after "Mr", "President", "Sir"…, a name is a person's
    const t = titleBefore(text, m.start);
    if (t && PERSONAL_TITLE.test(t.title) && nameWords(m.text).length <= 3 && !knownAlias(m.text)) m.type = 'PER';
  }
}

/**
 * Mentions found by a rule that reads their context, not their capitals (a group named in lower
 * case): kept as they are, and the tagger's mentions that overlap them dropped.
 */
function withFixed(mentions: RawMention[], fixed: RawMention[]): RawMention[] {
  if (fixed.length === 0) return mentions;
  const overlaps = (m: RawMention) => fixed.some(f => f.start < m.end && m.start < f.end);
  return [...mentions.filter(m => !overlaps(m)), ...fixed].sort((a, b) => a.start - b.start || b.end - a.end);
}

/** What a body is said to be: "X as our marketing platform", "X, a software company". */
const BODY_NOUN = '(?:platform|provider|service|app|application|software|tool|vendor|company|firm|startup|start-up|business|brand|retailer|charity|organi[sz]ation|agency|group|network|website|site|publisher|broadcaster|newspaper|outlet|bank|airline|carrier|insurer|manufacturer|consultancy|nonprofit|non-profit|think tank|union|party|club)';
const BODY_AFTER = new RegExp(`^(?:\\s+as\\s+(?:our|their|its|his|her|a|an|the)|,\\s+(?:a|an|the)(?=\\s))(?:\\s+[\\p{Ll}-]+){0,3}?\\s+${BODY_NOUN}(?=\\s*(?:[.,;:!?)]|$)|\\s+(?:that|which|based|in|of|for|from|with|founded|owned|run|headquartered|whose)\\b)`, 'u');

/**
 * A name the text itself calls a body — "we use X as our marketing platform", "X, a software
 * company" — is an organisation, whatever the tagger made of an unknown word.
 */
function bodiesByApposition(text: string, mentions: RawMention[]): Set<RawMention> {
  const stated = new Set<RawMention>();
  for (const m of mentions) {
    if (!isNamed(m.type) || !BODY_AFTER.test(text.slice(m.end, m.end + 80))) continue;
    m.type = 'ORG';
    stated.add(m);
  }
  return stated;
}

/** Nouns for what an institution says or who speaks for it ("… officials", "… spokesman", "… view"). */
const INSTITUTION_USE = /^\s+(?:officials?|aides?|spokes(?:man|woman|person)|press secretary|statement|response|view|views|position|stance|line)\b(?![-'’])/;

/**
 * A building or body's seat that the tagger read as a place, named for the people in it —
 * "Pentagon officials", "the Pentagon spokesman", "the shifting Palace view" — is the
 * institution, there: an organisation. Countries, cities and regions keep their type ("Ukraine
 * policy" is a policy about a place).
 */
function institutionalUses(text: string, mentions: RawMention[], lexicon?: NameLexicon): Set<RawMention> {
  const used = new Set<RawMention>();
  for (const m of mentions) {
    if (m.type !== 'LOC' || knownAlias(m.text) || lexicon?.isPlace(m.text) || !INSTITUTION_USE.test(text.slice(m.end, m.end + 24))) continue;
    m.type = 'ORG';
    used.add(m);
  }
  return used;
}

/**
 * One type per written name: the majority over its mentions (PER wins ties, then ORG). A mention
 * whose type the text states ("X, a software company") counts three times; one typed by how it is
 * used there ("Pentagon officials") keeps its type and does not vote.
 */
function voteTypes(mentions: RawMention[], stated: Set<RawMention>, used: Set<RawMention>): void {
  const votes = new Map<string, Map<EntityType, number>>();
  for (const m of mentions) {
    if (!isNamed(m.type) || used.has(m)) continue;
    const k = normaliseKey(m.text);
    const v = votes.get(k) ?? new Map<EntityType, number>();
    v.set(m.type, (v.get(m.type) ?? 0) + (stated.has(m) ? 3 : 1));
    votes.set(k, v);
  }
  const order: EntityType[] = ['PER', 'ORG', 'LOC'];
  for (const m of mentions) {
    if (!isNamed(m.type) || used.has(m)) continue;
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

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Is the code point ending at `j` (or starting at `j`, with `after`) a letter or a digit? */
function letterOrDigitAt(text: string, j: number, after: boolean): boolean {
  let k = after ? j : j - 1;
  if (k < 0 || k >= text.length) return false;
  const c = text.charCodeAt(k);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  let e = k + 1;
  if (after && c >= 0xd800 && c <= 0xdbff && k + 1 < text.length) {
    const d = text.charCodeAt(k + 1);
    if (d >= 0xdc00 && d <= 0xdfff) e = k + 2;
  } else if (!after && c >= 0xdc00 && c <= 0xdfff && k > 0) {
    const d = text.charCodeAt(k - 1);
    if (d >= 0xd800 && d <= 0xdbff) k--;
  }
  return LETTER_OR_DIGIT.test(text.slice(k, e));
}

/**
 * The occurrences of `forms` (each starting with a capital letter) as whole words, left to right
 * without overlaps, the first form in the given order winning at a position: what a global
 * Unicode regular expression `(?<![\p{L}\p{N}])(?:form1|form2|…)(?![\p{L}\p{N}])` finds, in one
 * pass over the text without compiling an alternation of every name.
 */
export function* wholeWordMatches(text: string, forms: string[], root: FormNode = formTrie(forms)): Generator<WordMatch> {
  for (let s = 0; s < text.length; ) {
    let node = root.next.get(text.charCodeAt(s));
    if (node && !letterOrDigitAt(text, s, false)) {
      // the first form in the given order among those that end a whole word here
      let best = -1;
      for (let e = s + 1; node; e++) {
        const i = node.form;
        if (i >= 0 && (best < 0 || i < best) && endsWord(text, forms[i], e)) best = i;
        if (e >= text.length) break;
        node = node.next.get(text.charCodeAt(e));
      }
      if (best >= 0) {
        yield { index: s, form: forms[best] };
        s += forms[best].length;
        continue;
      }
    }
    s++;
  }
}

export interface FormNode {
  next: Map<number, FormNode>;
  /** index of the first form ending here, or -1 */
  form: number;
}

/**
 * The forms in a trie of code units: at a position, the forms the text there begins with are the
 * ends met on one walk (a list of every form with the same first letter, tried one by one, cost
 * the number of forms at each position: quadratic on text where thousands of "names" share a letter).
 */
function formTrie(forms: string[]): FormNode {
  const root: FormNode = { next: new Map(), form: -1 };
  for (let i = 0; i < forms.length; i++) {
    const f = forms[i];
    let node = root;
    for (let j = 0; j < f.length; j++) {
      const c = f.charCodeAt(j);
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = { next: new Map(), form: -1 }));
      node = child;
    }
    if (node.form < 0) node.form = i;
  }
  return root;
}

/** Form f, found in text ending at e, ends a whole word there. */
function endsWord(text: string, f: string, e: number): boolean {
  const last = f.charCodeAt(f.length - 1);
  // a form ending in half of a surrogate pair does not match the pair's first half
  if (last >= 0xd800 && last <= 0xdbff && e < text.length && text.charCodeAt(e) >= 0xdc00 && text.charCodeAt(e) <= 0xdfff) return false;
  return !letterOrDigitAt(text, e, true);
}

/** A whole-word match of one of the alias scan's forms: where it starts and which form. */
export interface WordMatch {
  index: number;
  form: string;
}

/**
 * The alias scan's matches of earlier versions of a document, line by line (incremental.ts):
 * `linesOf(forms)` gives the lines remembered for that list of forms (joined by line breaks, in
 * their order), forgetting those of another list.
 */
export interface AliasScanMemo {
  linesOf(forms: string): { get(line: string): WordMatch[] | undefined; set(line: string, matches: WordMatch[]): void };
}

/**
 * `wholeWordMatches` of the whole text, line by line, a line's matches (offsets relative to it)
 * remembered by its text: no form holds a line break, so no match crosses one, the scan reaches
 * each line's start afresh, and what it reads at a line's edges (the break, or the text's ends)
 * is neither a letter nor a digit either way. Forms holding a line break are scanned whole.
 */
export function wholeWordMatchesByLine(text: string, forms: string[], memo: AliasScanMemo | undefined): WordMatch[] {
  if (!memo || forms.some(f => f.includes('\n'))) return [...wholeWordMatches(text, forms)];
  const lines = memo.linesOf(forms.join('\n'));
  const out: WordMatch[] = [];
  // built once for all the lines the memo does not know
  let trie: FormNode | undefined;
  for (let s = 0; s <= text.length; ) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    const line = text.slice(s, e);
    let found = lines.get(line);
    if (!found) {
      found = [...wholeWordMatches(line, forms, (trie ??= formTrie(forms)))];
      lines.set(line, found);
    }
    for (const m of found) out.push({ index: s + m.index, form: m.form });
    s = e + 1;
  }
  return out;
}

/**
 * Resolves a document's raw mentions into merged entities. `text` is the text the offsets index.
 * `aliasScan`: the alias scan's matches of earlier versions of the document (the same result).
 */
export function resolveEntities(text: string, rawMentions: RawMention[], lexicon?: NameLexicon, fixed: RawMention[] = [], aliasScan?: AliasScanMemo): DocumentEntities {
  const mentions = withFixed(clean(text, rawMentions, lexicon), fixed);
  surnamesArePeople(text, mentions, lexicon);
  voteTypes(mentions, bodiesByApposition(text, mentions), institutionalUses(text, mentions, lexicon));
  const drafts: Draft[] = [];
  const assigned = new Array<number>(mentions.length).fill(-1);
  const titles = mapPacked(mentions, m => (m.type === 'PER' ? titleBefore(text, m.start) : null));
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
  const create = (i: number, key: string, words: string[]) => {
    drafts.push({ type: mentions[i].type, forms: new Map(), titles: new Set(), words, mentions: [], lastAt: 0, key });
    byKey.set(key, drafts.length - 1);
    add(i, drafts.length - 1);
  };

  // People with two or more name words first: they define who the short forms can be.
  for (const [i, m] of mentions.entries()) {
    if (m.type !== 'PER') continue;
    const words = mapPacked(nameWords(m.text), nameWordKey);
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
    if (w.length < 2) continue;
    const title = titles[i]?.title.toLowerCase();
    const bySurname: number[] = [];
    const byFirst: number[] = [];
    for (let k = 0; k < drafts.length; k++) {
      const dw = drafts[k].words;
      if (drafts[k].type !== 'PER' || dw.length < 2) continue;
      if (wordsMatch(dw[dw.length - 1], w)) bySurname.push(k);
      if (wordsMatch(dw[0], w)) byFirst.push(k);
    }
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
    else create(i, key, mapPacked([w], x => x));
  }
  // Organisations and places: usual abbreviations, case and dots do not matter, acronyms of longer names.
  for (const [i, m] of mentions.entries()) {
    if (assigned[i] >= 0 || !isNamed(m.type)) continue;
    const known = knownAlias(m.text);
    const key = `${m.type}:${normaliseKey(known ?? m.text)}`;
    const same = byKey.get(key);
    if (same !== undefined) add(i, same);
    else {
      create(i, key, NO_WORDS);
      if (known) drafts[drafts.length - 1].forms.set(known, 0);
    }
  }
  mergeDrafts(drafts, byKey, add);

  // Values (dates, money, percentages) are their own entities, keyed by their text.
  for (const [i, m] of mentions.entries()) {
    if (assigned[i] >= 0) continue;
    const key = `${m.type}:${normaliseKey(m.text)}`;
    const same = byKey.get(key);
    if (same !== undefined) add(i, same);
    else create(i, key, NO_WORDS);
  }

  const extra = findAgain(text, mentions, drafts, aliasScan);
  // (i: the mention's index, whose title is known; -1 for those found again by alias)
  // (one object literal for both kinds, so every element has the same shape)
  const all: { m: RawMention; d: number; byAlias: boolean; i: number }[] = [];
  const n = mentions.length;
  for (let k = 0; k < n + extra.length; k++) {
    const byAlias = k >= n;
    all.push({ m: byAlias ? extra[k - n].m : mentions[k], d: byAlias ? extra[k - n].d : assigned[k], byAlias, i: byAlias ? -1 : k });
  }
  all.sort((a, b) => a.m.start - b.m.start);

  // Renumber entities that kept mentions.
  const counts = new Map<number, number>();
  for (const x of all) counts.set(x.d, (counts.get(x.d) ?? 0) + 1);
  const live: number[] = [];
  for (let d = 0; d < drafts.length; d++) if ((counts.get(d) ?? 0) > 0) live.push(d);
  const index = new Map(live.map((d, k) => [d, k]));
  // the forms found again by alias, per entity (one look-up per form, not a scan of every extra mention)
  const foundAgain = new Map<number, Set<string>>();
  for (const x of extra) {
    const set = foundAgain.get(x.d);
    if (set) set.add(x.m.text);
    else foundAgain.set(x.d, new Set([x.m.text]));
  }
  const entities: DocumentEntity[] = mapPacked(live, d => {
    const draft = drafts[d];
    const canonical = knownAlias(canonicalForm(draft)) ?? canonicalForm(draft);
    return {
      type: draft.type,
      canonical,
      aliases: [...draft.forms.keys()].filter(f => (draft.forms.get(f) ?? 0) > 0 || !!foundAgain.get(d)?.has(f)),
      titles: [...draft.titles],
      mentions: counts.get(d) ?? 0,
      key: draft.type === 'PER' ? `PER:${mapPacked(nameWords(canonical), nameWordKey).join(' ')}` : `${draft.type}:${normaliseKey(canonical)}`,
    };
  });
  const out: EntityMention[] = mapPacked(all, ({ m, d, byAlias, i }) => {
    const t = i >= 0 ? titles[i] : m.type === 'PER' ? titleBefore(text, m.start) : null;
    // written out, not spread: every mention here has exactly these fields (clean, withFixed and the
    // alias scan make them so), in this order; a spread of the mixed shapes was a tenth of this function
    const mention: EntityMention = { start: m.start, end: m.end, type: drafts[d].type, text: m.text, entity: index.get(d)!, title: t?.title ?? null };
    if (byAlias) mention.byAlias = true;
    return mention;
  });
  return { mentions: out, entities };
}

/**
 * Drafts that name one entity in two ways, merged: an acronym of a longer name, "Washington, D.C."
 * and "Washington". (A function of its own, as is `findAgain`: code that few documents reach is
 * compiled late, and its first use throws the optimised code of the function holding it away.)
 */
function mergeDrafts(drafts: Draft[], byKey: Map<string, number>, add: (i: number, d: number) => void): void {
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
}

/** Later mentions of a known name that the tagger missed, with the draft each belongs to. */
function findAgain(text: string, mentions: RawMention[], drafts: Draft[], memo?: AliasScanMemo): { m: RawMention; d: number }[] {
  // Later mentions of a known name that the tagger missed (same spelling and case, whole words):
  // one pass over the text with every known form, longest first.
  // (A "name" longer than any real one, such as a run of text without spaces, is not looked for.)
  const formOwner = new Map<string, number>();
  for (const [d, draft] of drafts.entries()) {
    if (!isNamed(draft.type) || draft.mentions.length === 0) continue;
    for (const [form, n] of draft.forms) {
      // two-letter forms only for well-known abbreviations ("US", "UK", "EU")
      if (n === 0 || (form.length < 3 && !(form.length === 2 && knownAlias(form))) || form.length > MAX_FORM_CHARS || !/^\p{Lu}/u.test(form)) continue;
      if (!formOwner.has(form)) formOwner.set(form, d);
    }
  }
  const extra: { m: RawMention; d: number }[] = [];
  if (formOwner.size) {
    const forms = [...formOwner.keys()].sort((a, b) => b.length - a.length);
    // mentions are sorted by start
    const covered = (s: number, e: number) => {
      const lo = firstAtOrAfter(mentions, e, m => m.start);
      // mentions starting before e: the few nearest can overlap (mentions rarely nest)
      for (let k = lo - 1; k >= 0 && k >= lo - 4; k--) if (mentions[k].end > s) return true;
      return false;
    };
    for (const { index: s, form } of wholeWordMatchesByLine(text, forms, memo)) {
      const e = s + form.length;
      if (covered(s, e)) continue;
      // not inside shouted text ("LET US GO"), where capitals say nothing
      if (form.length <= 3 && (/\p{Lu}{2,}\s+$/u.test(text.slice(Math.max(0, s - 12), s)) || /^\s+\p{Lu}{2,}\b/u.test(text.slice(e, e + 12)))) continue;
      // not part of a longer capitalised name ("Trump Tower") unless the tagger saw that too
      if (/^\s+\p{Lu}/u.test(text.slice(e, e + 3)) || (/\p{Lu}[\p{L}.]*\s+$/u.test(text.slice(Math.max(0, s - 25), s)) && !titleBefore(text, s))) continue;
      const d = formOwner.get(form)!;
      extra.push({ m: { start: s, end: e, type: drafts[d].type, text: form }, d });
    }
  }
  return extra;
}
