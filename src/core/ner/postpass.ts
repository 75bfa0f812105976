/**
 * General post-pass over the decoded labels of one sentence: repairs for kinds of modern news
 * text that the 1996 training data cannot teach. Every rule is of a general kind (word shape,
 * the model's own gazetteers, a closed class of function words or facility nouns); none names a
 * particular entity.
 *
 * - A domain name written as a word ("example.com", "bbc.co.uk") is an outlet: ORG.
 * - "G7", "G-20", "G8" (groups of countries named by size): ORG.
 * - A comma inside a person's or organisation's name ends it ("Squawk Box, Smith said" is a show
 *   and a person; "Friday, Smith said": the day is no name), except before a company or generational
 *   suffix ("Acme, Inc.", "Smith, Jr."), in a name listing partners ("Goldman, Sachs & Co") or a
 *   place and its state ("Tulsa, Okla.", then a place).
 * - A span that joins two places with a connective ("France and Germany", "Kyiv for Russia"), a
 *   word and a place ("Trump for US"), or that runs from or to a place across a lower-case word no
 *   name contains ("Smith given Lisbon") is split.
 * - A country, a title and a name in one span ("US President Donald Trump") are a place and a person.
 * - A span that is exactly a country or continent of the gazetteer is a place (LOC), also after a
 *   leading "The" ("The UK" → "UK").
 * - A span ending in a facility noun ("East Room", "Trafalgar Square") is a place; "X Office"
 *   after "in/into/at/from … the" is a place (the room or building, not the department).
 * - A person or place whose last word is the head noun of a body ("Getty Images", "Acme Holdings",
 *   "Oxford University") is an organisation.
 * - Capitalised words the model left untagged that are exactly a country, continent or region
 *   of the gazetteer (seas and oceans included: "across the Atlantic") are a place; exactly a body
 *   of the gazetteer ("on Telegram"), an organisation; the letter X after "on" or "via" is the
 *   platform ("wrote on X").
 */
import { labelsToSpans, setSpan } from './decode';
import { lowerKey, normWord, type NerResources } from './features';

/** gazetteer bits (GAZ_TYPES order): country, city, region, continent */
const COUNTRY = 1 << 0;
const CITY = 1 << 1;
const REGION = 1 << 2;
const CONTINENT = 1 << 3;
const PLACE = COUNTRY | CITY | REGION | CONTINENT;
const FIRST_GAZ = 1 << 4;
const ORG_GAZ = 1 << 5;
const DEMONYM_GAZ = 1 << 6;
const TITLE_GAZ = 1 << 7;

/** lower-case words that occur inside names ("Bank of England", "Tour de France", "Bosnia and Herzegovina") */
const NAME_INTERNAL = new Set(['of', 'the', 'and', 'for', 'on', 'upon', 'in', 'at', 'to', 'a', 'an', 'de', 'la', 'le', 'les', 'du', 'des', 'da', 'das', 'do', 'dos', 'di', 'del', 'della', 'van', 'von', 'der', 'den', 'ten', 'ter', 'y', 'e', 'al', 'el', 'bin', 'ibn', 'bint', 'abu', 'und', 'et', 'zu', 'af', 'av', 'St.', '&', "'s", "'", '-', 'en', 'wa', 'ben', 'ap', 'lo', 'dello', 'delle', 'degli', 'dei', 'het', 'op']);

/** connectives between two names: splitting there needs both sides to be places */
const JOINERS = new Set(['and', 'or', 'for', '&', 'to', 'in', 'at', 'on', 'without', 'against', 'versus', 'vs', 'with']);

const WEEKDAYS = new Set(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
const CALENDAR = new Set([...WEEKDAYS, 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);

/** head nouns of facilities named as places */
const FACILITY = new Set(['room', 'square', 'avenue', 'boulevard', 'bridge', 'stadium']);

/** head nouns that make a name a body, whatever the model's type ("… Images", "… Holdings", "… Ltd") */
const ORG_HEAD = new Set(['images', 'inc', 'inc.', 'ltd', 'ltd.', 'llc', 'plc', 'corp', 'corp.', 'corporation', 'company', 'co.', 'group', 'holdings', 'bank', 'university', 'institute', 'institution', 'agency', 'foundation', 'association', 'federation', 'commission', 'committee', 'council', 'ministry', 'department', 'party', 'union', 'organisation', 'organization', 'airlines', 'airways', 'motors', 'studios', 'records', 'press', 'news', 'media', 'network', 'networks', 'television', 'radio', 'newspapers', 'publishing', 'partners', 'capital', 'industries', 'technologies', 'systems', 'pharmaceuticals', 'labs', 'laboratories', 'bureau', 'authority', 'service', 'services', 'trust', 'society', 'club', 'fund', 'tribunal', 'court', 'parliament', 'assembly', 'senate', 'congress', 'army', 'navy', 'police', 'school', 'college', 'hospital', 'church']);

/** prepositions before a platform written as one letter ("posted on X") */
const PLATFORM_PREP = new Set(['on', 'via']);
/** What may follow a comma inside one name (lower case, no final period). */
const AFTER_COMMA = new Set(['inc', 'ltd', 'llc', 'llp', 'plc', 'co', 'corp', 'lp', 'ag', 'sa', 'nv', 'bv', 'gmbh', 'jr', 'sr', 'ii', 'iii', 'iv', 'esq', 'phd', 'md']);
/** US states as news agencies abbreviate them (AP style and postal codes of more than one letter pair are the same set for this use). */
const STATE_ABBR = new Set(['ala', 'ariz', 'ark', 'calif', 'colo', 'conn', 'del', 'fla', 'ga', 'ill', 'ind', 'kan', 'kans', 'ky', 'la', 'md', 'mass', 'mich', 'minn', 'miss', 'mo', 'mont', 'neb', 'nev', 'n.h', 'n.j', 'n.m', 'n.y', 'n.c', 'n.d', 'okla', 'ore', 'pa', 'r.i', 's.c', 's.d', 'tenn', 'tex', 'vt', 'va', 'wash', 'w.va', 'wis', 'wyo', 'd.c']);
const LIST_JOIN = new Set(['and', '&', 'und', 'et']);

const DETERMINER = new Set(['the', 'their', 'his', 'her', 'its', 'our', 'my', 'your']);

/** prepositions of place before "the X Office" */
const PLACE_PREP = new Set(['in', 'into', 'inside', 'at', 'from', 'outside', 'to']);

const TLD = new Set(['com', 'org', 'net', 'gov', 'edu', 'int', 'mil', 'info', 'biz', 'news', 'io', 'ai', 'co', 'tv', 'fm', 'me', 'uk', 'us', 'ca', 'au', 'nz', 'ie', 'de', 'fr', 'es', 'it', 'nl', 'eu', 'in', 'za', 'ng', 'ke', 'jp', 'cn', 'ru', 'ua', 'ch', 'se', 'no', 'dk', 'fi', 'pl', 'be', 'at', 'br', 'mx', 'ar', 'online', 'site', 'app', 'media', 'press']);
const DOMAIN_RE = /^(?:www\.)?(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+([A-Za-z]{2,6})$/u;
const GROUP_RE = /^G-?\d{1,2}\+?$/;

/** Is the token a bare domain name ("example.com", "www.bbc.co.uk"), not an abbreviation or a URL with a path? */
export function isDomainName(w: string): boolean {
  // (DOMAIN_RE needs a dot: most words are answered without running it)
  if (!w.includes('.')) return false;
  const m = DOMAIN_RE.exec(w);
  if (!m || !TLD.has(m[1].toLowerCase())) return false;
  // the name part needs a word of two or more letters ("e.g" or "U.S" are not domains)
  const labels = w.replace(/^www\./i, '').split('.');
  return labels.length >= 2 && labels[0].length >= 2 && /\p{L}{2}/u.test(labels[0]);
}

/** The gazetteer's mask of tokens first..last; low: the tokens' lower-case keys (lowerKey(normWord(word))). */
function gazMask(res: NerResources, low: readonly string[], first: number, last: number): number {
  if (last - first + 1 > res.gazMaxLen) return 0;
  if (first > last) return res.gaz.get('') ?? 0;
  let key = low[first];
  for (let t = first + 1; t <= last; t++) key += ' ' + low[t];
  return res.gaz.get(key) ?? 0;
}

/** Does a token start with an upper-case letter (/^\p{Lu}/u)? */
function startsUpper(w: string): boolean {
  const c = w.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(w);
}

/**
 * Apply the post-pass rules to tokens [from, to) of one sentence (labels: the model's label names;
 * lowKeys: when known, the tokens' lower-case keys, lowerKey(normWord(word))).
 */
export function refineSpans(labels: readonly string[], words: readonly string[], seq: Int32Array, from: number, to: number, res: NerResources, lowKeys?: readonly string[]): void {
  const O = labels.indexOf('O');
  let low = lowKeys;
  if (!low) {
    const keys: string[] = new Array(to);
    for (let t = from; t < to; t++) keys[t] = lowerKey(normWord(words[t]));
    low = keys;
  }
  // ---- single-token shapes: domains and G-groups
  for (let t = from; t < to; t++) {
    const w = words[t];
    if (!(isDomainName(w) || (w.charCodeAt(0) === 71 && GROUP_RE.test(w)))) continue;
    const lab = labels[seq[t]];
    if (lab === 'O' || lab.startsWith('U-')) seq[t] = labels.indexOf('U-ORG');
  }
  tagUntaggedNames(labels, words, low, seq, from, to, res);
  for (const sp of labelsToSpans(labels, seq, from, to)) {
    let { first, last } = sp;
    // ---- a comma inside a person's or organisation's name
    if ((sp.type === 'PER' || sp.type === 'ORG') && last - first >= 2) {
      const cut = commaCut(words, low, first, last, res);
      if (cut === 'place') {
        setSpan(labels, seq, first, last, 'LOC');
        continue;
      }
      if (cut >= 0) {
        seq[cut] = O;
        const left: [number, number] = [first, cut - 1];
        if (left[0] === left[1] && CALENDAR.has(words[left[0]])) seq[left[0]] = O;
        else setSpan(labels, seq, left[0], left[1], sp.type);
        setSpan(labels, seq, cut + 1, last, sp.type);
        first = cut + 1;
      }
    }
    // ---- a trailing day name or lower-case word is not part of a name ("met Donald Trump Thursday", "the Labour leader")
    if (last > first && (WEEKDAYS.has(words[last]) || /^\p{Ll}/u.test(words[last]))) {
      while (last > first && (WEEKDAYS.has(words[last]) || /^\p{Ll}/u.test(words[last]))) seq[last--] = O;
      setSpan(labels, seq, first, last, sp.type);
    }
    let type = sp.type;
    // ---- split at connectives
    if (last - first >= 2 && !gazMask(res, low, first, last)) {
      const parts: [number, number][] = [];
      let start = first;
      for (let t = first + 1; t < last; t++) {
        const w = words[t];
        if (!/^\p{Ll}+$/u.test(w) && w !== '&') continue;
        const l = w.toLowerCase();
        const left = gazMask(res, low, start, t - 1) & PLACE;
        const right = gazMask(res, low, t + 1, last) & PLACE;
        // "Trump for US": one word, a connective and a place are two names
        const oneAndPlace = t - 1 === start && right && l !== 'of' && l !== 'and' && !(gazMask(res, low, start, t - 1) & ORG_GAZ);
        if ((JOINERS.has(l) && left && right) || oneAndPlace || (!NAME_INTERNAL.has(l) && (left || right))) {
          parts.push([start, t - 1]);
          seq[t] = O;
          start = t + 1;
        }
      }
      if (parts.length) {
        parts.push([start, last]);
        for (const [a, b] of parts) {
          const m = gazMask(res, low, a, b);
          if (m & TITLE_GAZ || (a === b && CALENDAR.has(words[a]))) for (let t = a; t <= b; t++) seq[t] = O;
          else setSpan(labels, seq, a, b, m & PLACE && !(m & ORG_GAZ) ? 'LOC' : type);
        }
        continue;
      }
    }
    // ---- "US President Donald Trump": a country, a title and a name
    if (last - first >= 2) {
      let done = false;
      for (let k = first + 1; k < last && !done; k++) {
        if (!(gazMask(res, low, first, k - 1) & COUNTRY)) continue;
        for (let e = Math.min(last - 1, k + 2); e >= k; e--) {
          if (!(gazMask(res, low, k, e) & TITLE_GAZ)) continue;
          setSpan(labels, seq, first, k - 1, 'LOC');
          for (let t = k; t <= e; t++) seq[t] = O;
          setSpan(labels, seq, e + 1, last, 'PER');
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    // ---- countries and continents are places; a leading "The" goes
    let f = first;
    if (last > first && words[first] === 'The') {
      const m = gazMask(res, low, first + 1, last);
      if (m & (COUNTRY | CONTINENT) && !gazMask(res, low, first, last)) {
        seq[first] = O;
        f = first + 1;
        type = 'LOC';
      }
    }
    const m = gazMask(res, low, f, last);
    if (m & (COUNTRY | CONTINENT) && type === 'ORG') type = 'LOC';
    // a body of the gazetteer is an organisation, not a miscellaneous name ("Labour", "NATO")
    else if (m & ORG_GAZ && !(m & PLACE) && type === 'MISC') type = 'ORG';
    // ---- facilities
    if (last > f && type !== 'LOC' && type !== 'PER') {
      const head = words[last].toLowerCase();
      if (FACILITY.has(head) && !(m & ORG_GAZ)) type = 'LOC';
      else if (head === 'office' && f >= from + 2 && DETERMINER.has(words[f - 1].toLowerCase()) && PLACE_PREP.has(words[f - 2].toLowerCase())) type = 'LOC';
    }
    // ---- the head noun of a body makes an organisation ("Getty Images", "Oxford University")
    if ((type === 'PER' || type === 'LOC') && last > f && ORG_HEAD.has(words[last].toLowerCase()) && !(m & PLACE) && !FACILITY.has(words[last].toLowerCase())) type = 'ORG';
    if (f !== first || type !== sp.type) setSpan(labels, seq, f, last, type);
  }
}

/**
 * Where a comma cuts the name [first, last] (the comma's index), 'place' for "City, State", or -1
 * when the comma belongs to the name.
 */
function commaCut(words: readonly string[], low: readonly string[], first: number, last: number, res: NerResources): number | 'place' {
  let c = -1;
  for (let t = first + 1; t < last; t++) {
    if (words[t] === ',') {
      c = t;
      break;
    }
  }
  if (c < 0) return -1;
  for (let t = c + 1; t <= last; t++) if (LIST_JOIN.has(low[t]) || words[t] === '&') return -1;
  const right = words.slice(c + 1, last + 1).join('').replace(/\.$/, '').toLowerCase();
  if (AFTER_COMMA.has(right)) return -1;
  if (STATE_ABBR.has(right) || gazMask(res, low, c + 1, last) & REGION) return gazMask(res, low, first, c - 1) & ~CITY ? -1 : 'place';
  return c;
}

/** Untagged capitalised words that the gazetteer names exactly: places and bodies; "on X". */
function tagUntaggedNames(labels: readonly string[], words: readonly string[], low: readonly string[], seq: Int32Array, from: number, to: number, res: NerResources): void {
  const O = labels.indexOf('O');
  for (let t = from; t < to; t++) {
    // the platform X: one capital letter after "on"/"via", not followed by a word of the same name
    // (at a sentence's end the tokeniser keeps the full stop, and the model may read an initial: "on X.")
    const letter = words[t] === 'X' || (words[t] === 'X.' && t === to - 1);
    if (letter && (seq[t] === O || labels[seq[t]].startsWith('U-')) && t > from && PLATFORM_PREP.has(words[t - 1].toLowerCase()) && (t + 1 >= to || !/^[\p{L}\p{N}]/u.test(words[t + 1]))) {
      setSpan(labels, seq, t, t, 'ORG');
      continue;
    }
    if (seq[t] !== O || !startsUpper(words[t])) continue;
    // the longest run of untagged capitalised words from t that the gazetteer holds
    let best = -1;
    let bestMask = 0;
    for (let e = t; e < to && e - t < res.gazMaxLen && seq[e] === O && /^(?:\p{Lu}|of$|the$|and$)/u.test(words[e]); e++) {
      const m = gazMask(res, low, t, e);
      if (m && /^\p{Lu}/u.test(words[e])) {
        best = e;
        bestMask = m;
      }
    }
    if (best < 0) continue;
    // a first name, a demonym or a title as well ("Jordan", "Georgia"): the model's silence stands
    const ambiguous = bestMask & (FIRST_GAZ | DEMONYM_GAZ | TITLE_GAZ);
    if (ambiguous) {
      t = best;
      continue;
    }
    const place = bestMask & (COUNTRY | CONTINENT | REGION);
    const body = bestMask & ORG_GAZ;
    // a sentence's first word is capitalised anyway: there one word is taken only as a place
    if (t === from && best === t && !place) continue;
    if (body && !place) setSpan(labels, seq, t, best, 'ORG');
    else if (place && !body) setSpan(labels, seq, t, best, 'LOC');
    t = best;
  }
}
