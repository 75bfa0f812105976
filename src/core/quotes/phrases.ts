/** Noun phrases that can be speakers, and reporting cues, over a paragraph's tokens. */
import type { Token } from './text';
import { ADVERBS, AUXILIARY_FORMS, AUDIENCE_WORDS, CALENDAR, DESCRIPTOR_WORDS, FUNCTION_WORDS, HONORIFICS, NOT_SPEAKER, PRONOUNS, ROLE_NOUNS, TITLE_HEADS } from './lexicon';


export interface Phrase {
  /** Token indices, inclusive start, exclusive end. */
  s: number;
  e: number;
  /** How good a speaker it looks: 3 a name, 2 a pronoun or a role noun, 1 another description. */
  quality: number;
  pronoun: boolean;
}

const POSSESSIVE = /['’]s$/;
/** "He’ll", "she'd": a pronoun with a contracted auxiliary. */
const CONTRACTION = /['’](?:ll|d|s|ve|re|m)$/;
const HONORIFIC_ABBR = /^(?:mr|mrs|ms|dr|sen|rep|gov|gen|col|capt|lt|sgt|maj|adm|prof|rev|st|jr|sr|u\.s|u\.k)$/;

export function isNameToken(t: Token): boolean {
  if (!t.cap) return false;
  const l = t.l.replace(POSSESSIVE, '');
  return !FUNCTION_WORDS.has(l) && !CALENDAR.has(l);
}

function isRole(l: string): boolean {
  const b = l.replace(POSSESSIVE, '');
  return ROLE_NOUNS.has(b) || TITLE_HEADS.has(b);
}

/** May this token be part of a speaker description? */
function npWord(t: Token): boolean {
  if (!t.w) return false;
  const l = t.l;
  if (isNameToken(t)) return true;
  if (DESCRIPTOR_WORDS.has(l) || isRole(l) || HONORIFICS.has(l)) return true;
  if (POSSESSIVE.test(l)) return true; // "the city's", "Trump's"
  if (/^\d+(?:-[\p{L}]+)+$/u.test(l)) return true; // "68-year-old"
  if (/^[\p{L}]+-[\p{L}]+$/u.test(l) && !/ing$/.test(l)) return true; // "long-serving" is fine, "high-ranking"
  return false;
}

const LINKS = new Set(['of', 'for', 'at', 'from', 'with', 'on']);

/**
 * The speaker phrase ending just before token `end` (exclusive), not reaching before `min`.
 * Accepts "he", "Trump", "Mr. Trump", "the Prime Minister", "a senior White House official",
 * "a spokesman for the State Department", "Trump's office".
 */
export function phraseBefore(toks: Token[], end: number, min: number): Phrase | null {
  let i = end - 1;
  if (i < min) return null;
  const head = toks[i];
  if (!head.w || head.q >= 0) return null;
  const pr = PRONOUNS[head.l.replace(CONTRACTION, '')];
  if (pr !== undefined) {
    if (head.l === 'his' || head.l === 'her' || head.l === 'its' || head.l === 'their' || head.l === 'him' || head.l === 'them') return null;
    return { s: i, e: end, quality: head.l === 'it' ? 1 : 2, pronoun: true };
  }
  if (NOT_SPEAKER.has(head.l) && !head.cap) return null;
  if (!head.cap && !npWord(head) && !FUNCTION_WORDS.has(head.l) && !AUXILIARY_FORMS.test(head.l) && !/(?:ly|ed|ing)$/.test(head.l)) {
    // "the investor", "the ad", "a Facebook post": a determiner within three words before a noun
    for (let k = i - 1; k >= min && i - k <= 3; k--) {
      const t = toks[k];
      if (!t.w || t.q >= 0) break;
      if (/^(?:the|a|an|this|that|his|her|their|its|another|one)$/.test(t.l)) {
        let s0 = k;
        const before = s0 > min ? phraseBefore(toks, s0, min) : null;
        if (before && !before.pronoun && POSSESSIVE.test(toks[before.e - 1].l)) s0 = before.s;
        return { s: s0, e: end, quality: 2, pronoun: false };
      }
      if (FUNCTION_WORDS.has(t.l) || AUXILIARY_FORMS.test(t.l) || /(?:ed|ing)$/.test(t.l)) break;
    }
    return null;
  }
  let s = end;
  while (i >= min && end - i <= 14) {
    const t = toks[i];
    if (t.q >= 0) break;
    if (t.t === '.' && i > min && HONORIFIC_ABBR.test(toks[i - 1].l)) {
      i--;
      continue;
    }
    if (npWord(t)) {
      s = i;
      i--;
      continue;
    }
    // "a spokesman for the department": a link word between a role and a name or description
    if (LINKS.has(t.l) && s < end && i - 1 >= min && toks[i - 1].w && (isRole(toks[i - 1].l) || DESCRIPTOR_WORDS.has(toks[i - 1].l)) && (isNameToken(toks[s]) || DESCRIPTOR_WORDS.has(toks[s].l))) {
      i--;
      continue;
    }
    break;
  }
  if (s >= end) return null;
  // no dangling determiners at the end, no link word at the start
  while (s < end && LINKS.has(toks[s].l)) s++;
  return judge(toks, s, end);
}

/** The speaker phrase starting at token `start` ("said the official", "said Sen. John Doe"). */
export function phraseAfter(toks: Token[], start: number, max: number): Phrase | null {
  if (start >= max) return null;
  const first = toks[start];
  if (!first.w || first.q >= 0) return null;
  const pr = PRONOUNS[first.l.replace(CONTRACTION, '')];
  if (pr !== undefined) {
    if (first.l === 'his' || first.l === 'her' || first.l === 'its' || first.l === 'their' || first.l === 'him' || first.l === 'them') return null;
    return { s: start, e: start + 1, quality: 2, pronoun: true };
  }
  let e = start;
  let i = start;
  while (i < max && i - start < 14) {
    const t = toks[i];
    if (t.q >= 0) break;
    if (t.t === '.' && i > start && HONORIFIC_ABBR.test(toks[i - 1].l)) {
      i++;
      continue;
    }
    if (npWord(t) && !(CALENDAR.has(t.l) && e === start)) {
      if (CALENDAR.has(t.l)) break;
      e = i + 1;
      i++;
      continue;
    }
    if (LINKS.has(t.l) && e > start && i + 1 < max && (isNameToken(toks[i + 1]) || toks[i + 1].l === 'the')) {
      i++;
      continue;
    }
    // "presidential nominee", "election lawyer": a lower-case word before a role or a name
    if (t.w && !t.cap && !FUNCTION_WORDS.has(t.l) && !AUXILIARY_FORMS.test(t.l) && i + 1 < max && toks[i + 1].q < 0 && (isRole(toks[i + 1].l) || isNameToken(toks[i + 1]))) {
      i++;
      continue;
    }
    break;
  }
  const judged = e > start ? judge(toks, start, e) : null;
  if (judged) return judged;
  // "the newspaper", "a report": a determiner and up to three lower-case words
  if (/^(?:the|a|an|this|his|her|their|its)$/.test(first.l)) {
    let k = start + 1;
    while (k < max && k - start <= 3 && toks[k].w && !toks[k].cap && !FUNCTION_WORDS.has(toks[k].l) && !AUXILIARY_FORMS.test(toks[k].l) && toks[k].q < 0) k++;
    if (k > start + 1 && (k >= max || !toks[k].w)) return { s: start, e: k, quality: 2, pronoun: false };
  }
  return null;
}

function judge(toks: Token[], s: number, e: number): Phrase | null {
  let names = 0;
  let roles = 0;
  for (let k = s; k < e; k++) {
    const t = toks[k];
    const l = t.l.replace(POSSESSIVE, '');
    if (isNameToken(t) && !HONORIFICS.has(l) && !DESCRIPTOR_WORDS.has(l) && !TITLE_HEADS.has(l)) names++;
    else if (isRole(l)) roles++;
  }
  const last = toks[e - 1];
  // a possessive cannot end a speaker ("Trump's said")
  if (POSSESSIVE.test(last.l) && e - s > 0 && !isRole(last.l.replace(POSSESSIVE, ''))) {
    if (names === 0) return null;
  }
  if (names === 0 && roles === 0) {
    // "the Prime Minister", "the Ukrainian": titles and demonyms written capitalised
    const caps = toks.slice(s, e).filter(t => t.cap && !FUNCTION_WORDS.has(t.l)).length;
    if (caps === 0) return null;
    return { s, e, quality: 1, pronoun: false };
  }
  return { s, e, quality: names > 0 ? 3 : 2, pronoun: false };
}

/** Before token `j` (exclusive): the start of a short parenthesis ending there ("(R)", "(D-Mo.)", "(R-S.C.)"), else j. */
function skipBracketBack(toks: Token[], j: number, min: number): number {
  if (j - 1 < min || toks[j - 1].t !== ')') return j;
  for (let k = j - 2; k >= min && j - k <= 8; k--) {
    if (toks[k].t === '(') return k;
    if (toks[k].q >= 0) break;
  }
  return j;
}

/** Skip adverbs and auxiliaries backwards from `v` (exclusive): the index where the subject ends. */
export function skipAdverbsBack(toks: Token[], v: number, min: number): number {
  let j = skipBracketBack(toks, v, min);
  let n = 0;
  while (j - 1 >= min && n < 4 && toks[j - 1].w && (ADVERBS.has(toks[j - 1].l) || CALENDAR.has(toks[j - 1].l) || /^(?:morning|afternoon|evening|night|week|weekend|month|year)$/.test(toks[j - 1].l)) && !PRONOUNS[toks[j - 1].l]) {
    j--;
    n++;
  }
  // "X, speaking in Y, said": an aside between commas
  return j;
}

/** The subject of the verb at token `v`: adverbs skipped, one aside between commas allowed. */
export function subjectOf(toks: Token[], v: number, min: number): Phrase | null {
  let j = skipAdverbsBack(toks, v, min);
  if (j - 2 >= min && toks[j - 1].l === 'to') {
    // "went on to call", "declined to say", "was quick to add"
    let k = j - 2;
    if (k > min && /^(?:on|up|out|ready|quick|happy|eager|able|unable|willing|set|going|about|expected|likely)$/.test(toks[k].l)) k--;
    if (k >= min && toks[k].w && !toks[k].cap && !FUNCTION_WORDS.has(toks[k].l)) j = skipAdverbsBack(toks, k, min);
  }
  const direct = phraseBefore(toks, j, min);
  if (direct && objectBefore(toks, direct.s, direct.e, v)) return null;
  if (direct) return direct;
  if (j - 1 >= min && toks[j - 1].t === ',') {
    // "Samantha Phillips, the city's emergency director, said" / "Trump, speaking on Monday, said"
    for (let k = j - 2; k >= min && j - k <= 16; k--) {
      const t = toks[k];
      if (t.t === '.' && k - 1 >= min && /^(?:[A-Z]-[A-Za-z.]+|[A-Z][a-z]{0,3}|[A-Z])$/.test(toks[k - 1].t)) continue;
      if (t.q >= 0 || t.t === '.' || t.t === ';' || t.t === ':') break;
      if (t.t === ',') {
        if (!isAside(toks, k + 1, j - 1)) break;
        // "Jim Jordan (R-Ohio), an oversight panel member, said": the bracket before the aside's comma
        return phraseBefore(toks, skipBracketBack(toks, k, min), min);
      }
    }
  }
  return null;
}

/**
 * Is toks[s, e) an indefinite article and lower-case words that run straight into the word at `cue`
 * after a verb: the object that verb opens, with the cue word as its head noun ("sends {a strong}
 * signal that …", "make {a controversial} comment that …"), not who spoke — unlike a subject after
 * a comma, a quotation or a conjunction ("…,” a spokesman said", "and a spokesman said").
 */
export function objectBefore(toks: Token[], s: number, e: number, cue: number): boolean {
  if (s === 0 || e !== cue || (toks[s].l !== 'a' && toks[s].l !== 'an')) return false;
  for (let k = s; k < e; k++) if (toks[k].cap || !toks[k].w || toks[k].q >= 0) return false;
  const before = toks[s - 1];
  return before.w && !before.cap && before.q < 0 && !FUNCTION_WORDS.has(before.l);
}

/**
 * An aside between commas after a subject: "the city's emergency director", "R-Pa.", "who spoke
 * on Monday", "speaking in Ohio" — but not a clause ("Trump continued to question Cruz").
 */
function isAside(toks: Token[], s: number, e: number): boolean {
  if (s >= e) return false;
  const first = toks[s];
  if (!first.w) return false;
  const ok = DESCRIPTOR_WORDS.has(first.l) || first.cap || isRole(first.l) || first.l === 'who' || first.l === 'which' || /ing$/.test(first.l) || /^\d/.test(first.l);
  if (!ok) return false;
  return e > s;
}

/** Is the token an audience of "told" ("reporters", "the BBC", "CNN")? */
export function isAudience(t: Token): boolean {
  return t.w && (AUDIENCE_WORDS.has(t.l) || isNameToken(t) || isRole(t.l) || DESCRIPTOR_WORDS.has(t.l));
}
