/**
 * Match keys for comparing sentences across articles: words with their offsets into the source
 * text, normalised so that typography, spelling conventions, number formats and name variants do
 * not count as differences. General rules and small general tables only.
 */

import { demonymPlace, knownAlias } from '../entities/names';
import { detached, wordId } from './vocab';

/** What a token is: it decides how much it weighs in an alignment and which slot it can fill. */
export type TokenKind = 'word' | 'stop' | 'number' | 'entity' | 'date';

export interface Token {
  /** Source offsets (UTF-16) of the words this token stands for. */
  start: number;
  end: number;
  /** The normalised form ("defense" for "defence", "#2.5%" for "2.5 percent", "@jane doe"). */
  key: string;
  /** A light stem of the key, what the alignment matches on ("spend" for "spending"). */
  stem: string;
  kind: TokenKind;
  /** Inside [square brackets]: words an editor put into a quotation. */
  inserted?: boolean;
  /** Inside a short run in double quotation marks (a word or phrase the article quotes: "backstop"). */
  quoted?: boolean;
  /** Punctuation between this token and the one before (a clause or phrase boundary). */
  brk?: boolean;
  /** Numbers: the value, the unit ('%', '$', 'ord', 'year', ''), and a bound ("more than", "about"). */
  value?: number;
  unit?: string;
  approx?: boolean;
  /** A nationality adjective read as its place ("French" → @france). */
  demonym?: boolean;
  /** `key` and `stem` in the vocabulary (vocab.ts), when the tokenizer knew them already. */
  keyId?: number;
  stemId?: number;
}

/** A named-entity mention given to the tokenizer: its source span and the key that replaces it. */
export interface EntitySpan {
  start: number;
  end: number;
  /** "@" + the corpus canonical name, lower case. */
  key: string;
  /** The title written before it ("President"), when there is one. */
  title?: string | null;
  titleStart?: number;
}

const STOP = new Set(
  ('a an the and or but nor so yet of in on at to for from by with without about as into onto over under than then that this these those there here ' +
    'is are was were be been being am has have had having do does did doing will would shall should can could may might must ' +
    'i me my we us our you your he him his she her it its they them their who whom whose which what when where why how ' +
    'not no also just very too only even still already again ever more most much many some any all both each such other own same ' +
    'up down out off if because while whilst though although after before since until till per via s t ll re ve d m im dont doesnt didnt isnt wasnt ' +
    'said says say told tell according one').split(' '),
);

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30,
  forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, dozen: 12,
};
const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11,
  twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20,
};
const MULTIPLIER: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, billion: 1e9, bn: 1e9, b: 1e9, trillion: 1e12, tn: 1e12 };
const CURRENCY: Record<string, string> = { $: '$', '£': '£', '€': '€', usd: '$', dollars: '$', dollar: '$', pounds: '£', euros: '€', euro: '€' };
/** Words that make a number a bound or an estimate: "more than three years" is not "three years". */
const BOUND = /^(?:more|less|fewer|over|under|about|around|almost|nearly|roughly|approximately|some|least|most|up|than|above|below|beyond|upwards|just)$/;

const MONTHS: Record<string, string> = {
  jan: 'january', feb: 'february', mar: 'march', apr: 'april', jun: 'june', jul: 'july', aug: 'august', sep: 'september', sept: 'september', oct: 'october', nov: 'november', dec: 'december',
};
const MONTH_NAMES = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const RELATIVE_DATES = new Set(['today', 'yesterday', 'tomorrow', 'tonight', 'week', 'month', 'year', 'weekend', 'morning', 'afternoon', 'evening', 'night']);

/** British and American spellings that no general rule covers (one form each, both directions). */
const SPELLING: Record<string, string> = {
  programme: 'program', programmes: 'programs', judgement: 'judgment', judgements: 'judgments', acknowledgement: 'acknowledgment', ageing: 'aging',
  grey: 'gray', tyre: 'tire', tyres: 'tires', cheque: 'check', cheques: 'checks', sceptic: 'skeptic', sceptics: 'skeptics', sceptical: 'skeptical',
  scepticism: 'skepticism', plough: 'plow', draught: 'draft', kerb: 'curb', mould: 'mold', smoulder: 'smolder', storey: 'story', storeys: 'stories',
  aluminium: 'aluminum', whilst: 'while', amongst: 'among', towards: 'toward', afterwards: 'afterward', backwards: 'backward', forwards: 'forward',
  learnt: 'learned', spelt: 'spelled', burnt: 'burned', dreamt: 'dreamed', leapt: 'leaped', spoilt: 'spoiled', pyjamas: 'pajamas', jewellery: 'jewelry',
  manoeuvre: 'maneuver', manoeuvres: 'maneuvers', practise: 'practice', practised: 'practiced', enrol: 'enroll', fulfil: 'fulfill', instal: 'install',
  pct: 'percent', okay: 'ok', gaol: 'jail', mum: 'mom', arse: 'ass', cosy: 'cozy', moustache: 'mustache', analogue: 'analog',
};
/** Words ending in -our that are not British spellings of -or. */
const OUR_WORDS = /(?:^|[^a-z])(?:four|hour|your|tour|pour|sour|flour|dour|scour|devour|detour|contour|glamour|troubadour|paramour|velour|amour|our)$/;
/** Multi-word phrases and the short form they are written as (general abbreviations). */
const PHRASES: [string[], string][] = [
  [['gross', 'domestic', 'product'], 'GDP'],
  [['artificial', 'intelligence'], 'AI'],
  [['chief', 'executive', 'officer'], 'CEO'],
  [['chief', 'executive'], 'CEO'],
  [['member', 'of', 'parliament'], 'MP'],
  [['members', 'of', 'parliament'], 'mps'],
  [['per', 'cent'], 'percent'],
  [['per', 'centage'], 'percentage'],
];

/** Irregular verb forms and their base ("came" and "coming" are one word to the alignment). General English. */
const IRREGULAR: Record<string, string> = {};
for (const row of (
  'arise:arose,arisen bear:bore,borne become:became begin:began,begun bend:bent bind:bound break:broke,broken bring:brought build:built ' +
  'buy:bought catch:caught choose:chose,chosen come:came deal:dealt draw:drew,drawn drive:drove,driven eat:ate,eaten fall:fell,fallen ' +
  'feel:felt fight:fought find:found flee:fled fly:flew,flown forbid:forbade,forbidden forget:forgot,forgotten forgive:forgave,forgiven ' +
  'freeze:froze,frozen get:got,gotten give:gave,given go:went,gone grow:grew,grown hang:hung hear:heard hide:hid,hidden hold:held ' +
  'keep:kept know:knew,known lay:laid lead:led leave:left lend:lent lose:lost make:made mean:meant meet:met overcome:overcame ' +
  'pay:paid ride:rode,ridden rise:rose,risen run:ran seek:sought see:saw,seen sell:sold send:sent shake:shook,shaken shoot:shot ' +
  'sit:sat sleep:slept speak:spoke,spoken spend:spent stand:stood steal:stole,stolen strike:struck swear:swore,sworn take:took,taken ' +
  'teach:taught tear:tore,torn think:thought throw:threw,thrown undertake:undertook,undertaken understand:understood uphold:upheld ' +
  'wake:woke,woken wear:wore,worn win:won withdraw:withdrew,withdrawn withhold:withheld write:wrote,written'
).split(' ')) {
  const [base, forms] = row.split(':');
  for (const f of forms.split(',')) IRREGULAR[f] = base;
}

const PLAIN_CACHE = new Map<string, string>();

/** Lower case, no accents, no apostrophes, no possessive 's. */
function plainWord(raw: string): string {
  let p = PLAIN_CACHE.get(raw);
  if (p === undefined) {
    p = raw.toLowerCase();
    if (/[^ -~]/.test(p)) p = p.normalize('NFKD').replace(/\p{M}/gu, '');
    p = p.replace(/['’ʼ]s$/, '').replace(/['’ʼ]/g, '');
    if (PLAIN_CACHE.size >= WORD_CACHE_MAX) PLAIN_CACHE.clear();
    p = detached(p);
    PLAIN_CACHE.set(detached(raw), p);
  }
  return p;
}

/** Words already normalised (the vocabulary of a corpus is small next to its running text). */
const WORD_CACHE = new Map<string, { key: string; stem: string }>();
const WORD_CACHE_MAX = 200_000;

function wordKeys(w: string): { key: string; stem: string } {
  let hit = WORD_CACHE.get(w);
  if (!hit) {
    const key = spellingKey(w);
    hit = { key, stem: stem(IRREGULAR[key] ?? key) };
    if (WORD_CACHE.size >= WORD_CACHE_MAX) WORD_CACHE.clear();
    WORD_CACHE.set(w, hit);
  }
  return hit;
}

/** Auxiliaries, modals and the copula (their forms are stopwords), and the commonest reporting forms. */
const VERB_STOPS = new Set(
  'is are was were be been being am has have had having do does did doing will would shall should can could may might must said says say told tell'.split(' '),
);

/** Present forms of common verbs (and of the irregular ones above) that no suffix marks ("need", "wants", "leads"). General English. */
const PRESENT_VERBS = new Set<string>();
for (const base of [
  ...Object.values(IRREGULAR),
  ...('accept agree allow appear argue ask back believe blame call cancel change claim continue cost create cut decide deny ' +
    'depend die drop end expect face fail favor favour force gain happen help hope include intend join kill launch lie like live ' +
    'look love move need offer oppose own plan plead play prefer promise propose push raise reach receive refuse reject remain ' +
    'remove report require return rule save seem serve set share sign start stay stop suggest support threaten try turn urge use ' +
    'visit vote vow want warn watch work worry').split(' '),
]) {
  PRESENT_VERBS.add(base);
  PRESENT_VERBS.add(/(?:s|sh|ch|x|z|o)$/.test(base) ? `${base}es` : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ies` : `${base}s`);
}

/**
 * A word that can only be, or is mostly, a verb form: an auxiliary or modal, a past or -ing form
 * ("killed", "saying"), an irregular past ("came", "won"). General English morphology: a stretch
 * none of whose words is one is a noun phrase ("the presumptive party nominee"), not a statement.
 * Takes the spelling key (lower case) and the next word's.
 */
export function isVerbForm(key: string, next?: string): boolean {
  if (VERB_STOPS.has(key) || IRREGULAR[key] !== undefined) return true;
  // a bare form before "of" is a noun ("the use of", "a visit of")
  if (PRESENT_VERBS.has(key)) return next !== 'of';
  return (key.length >= 5 && key.endsWith('ed')) || (key.length >= 6 && key.endsWith('ing'));
}

/** One spelling for British and American variants: both sides of a comparison go through it. */
export function spellingKey(w: string): string {
  const table = SPELLING[w];
  if (table) return table;
  if (w.length < 5) return w;
  let s = w;
  // -our → -or (colour, labour, favourite, honoured, neighbours)
  const our = /^(.{2,}?)our(s|ed|ing|ite|ites|able|ably|er|ers|ful|less|hood|ly)?$/.exec(s);
  if (our && !OUR_WORDS.test(`${our[1]}our`)) s = `${our[1]}or${our[2] ?? ''}`;
  // -ise/-ize, -yse/-yze: one form (organise/organize, analyse/analyze)
  s = s.replace(/([a-z]{2})iz(e|es|ed|ing|ation|ations|er|ers)$/, '$1is$2').replace(/([a-z]{2})yz(e|es|ed|ing|er|ers)$/, '$1ys$2');
  // -ence/-ense (defence/defense, offence, licence, pretence)
  s = s.replace(/([a-z]{2})enc(e|es)$/, '$1ens$2');
  // -tre/-ter, -bre/-ber (centre, theatre, metre, fibre, litre)
  s = s.replace(/([a-z]{2}[bcdfgkmptv])re(s|d)?$/, (_, a: string, b: string | undefined) => (b === 'd' ? `${a}ered` : `${a}er${b ?? ''}`));
  // -ogue/-og (catalogue, dialogue)
  s = s.replace(/([a-z]{2})ogue(s)?$/, '$1og$2');
  // doubled l before a suffix (travelled, cancelling, modeller)
  s = s.replace(/([a-z]{2}[aeiou])ll(ed|ing|er|ers)$/, '$1l$2');
  // ae/oe inside long words (paediatric, anaesthetic, manoeuvre, foetus)
  if (s.length >= 7) s = s.replace(/(?<=[a-z])(?:ae|oe)(?=[a-z])/g, 'e');
  return s;
}

const UPPER_START = /^\p{Lu}/u;
const PHRASE_START = new Set(PHRASES.map(([words]) => words[0]));

/** What a word as written stands for, whatever its context (cached: the words of a corpus repeat). */
interface WordInfo {
  plain: string;
  /** `key` and `stem` in the vocabulary (vocab.ts). */
  keyId: number;
  stemId: number;
  /** A number word ("two"), an ordinal ("fourth", "4th"; not "second", which is mostly time). */
  num?: number;
  ord?: number;
  key: string;
  stem: string;
  kind: TokenKind;
}
const WORD_INFO = new Map<string, WordInfo>();

function wordInfo(raw: string): WordInfo {
  let info = WORD_INFO.get(raw);
  if (info) return info;
  const plain = plainWord(raw);
  const num = NUMBER_WORDS[plain];
  const ord = ORDINAL_WORDS[plain] ?? (/^\d+(st|nd|rd|th)$/.test(plain) ? parseInt(plain, 10) : undefined);
  if (ord !== undefined && plain !== 'second') {
    const key = `#${ord}th`;
    return remember(raw, { plain, ord, key, stem: key, kind: 'number', keyId: wordId(key), stemId: wordId(key) });
  }
  // an all-capital short word is an acronym ("US" is not "us")
  const isAcronym = /^\p{Lu}{2,5}$/u.test(raw);
  const month = MONTHS[plain.replace(/\.$/, '')];
  const keys = isAcronym || month ? undefined : wordKeys(plain);
  const w = isAcronym ? plain.toUpperCase() : month ?? keys!.key;
  const kind: TokenKind = MONTH_NAMES.has(w) || WEEKDAYS.has(w) ? 'date' : !isAcronym && STOP.has(w) ? 'stop' : 'word';
  const stemmed = kind === 'word' && keys ? keys.stem : w;
  info = { plain, key: w, stem: stemmed, kind, keyId: wordId(w), stemId: wordId(stemmed) };
  if (num !== undefined) info.num = num;
  return remember(raw, info);
}


function remember(raw: string, info: WordInfo): WordInfo {
  if (WORD_INFO.size >= WORD_CACHE_MAX) WORD_INFO.clear();
  WORD_INFO.set(detached(raw), info);
  return info;
}

/** A light stem: what alignment compares ("spending" and "spend", "guarantees" and "guarantee"). */
export function stem(w: string): string {
  if (w.startsWith('#') || w.startsWith('@')) return w;
  if (w.length <= 4) return w.length === 4 && w.endsWith('e') && !w.endsWith('ee') ? w.slice(0, -1) : w;
  let s = w;
  if (s.endsWith('ies') && s.length > 5) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && !s.endsWith('is')) s = s.slice(0, -1);
  if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length > 5 && s.endsWith('ed')) s = s.slice(0, -2);
  else if (s.length > 6 && s.endsWith('ment')) s = s.slice(0, -4);
  else if (s.length > 5 && s.endsWith('ly')) s = s.slice(0, -2);
  // a noun in -sion after a vowel is its verb in -de ("invasion" / "invade", "decision" / "decide", "conclusion" / "conclude")
  else if (s.length > 6 && /[aiou]sion$/.test(s)) s = `${s.slice(0, -4)}d`;
  if (s.length > 4 && /([b-df-hj-np-tv-z])\1$/.test(s) && !/(ll|ss|zz)$/.test(s)) s = s.slice(0, -1);
  // a final e goes ("come", "comes" and "coming" meet at "com"; "announce" and "announced" at "announc")
  if (s.length > 3 && s.endsWith('e') && !s.endsWith('ee')) s = s.slice(0, -1);
  return s;
}

export function isStopword(w: string): boolean {
  return STOP.has(w);
}

interface Raw {
  start: number;
  end: number;
  text: string;
  type: 'word' | 'acronym' | 'number' | 'symbol' | 'open' | 'close' | 'ellipsis';
}

const RAW = /((?:\p{L}\.){2,}(?!\p{L}))|(\d+(?:[.,]\d+)*(?!st\b|nd\b|rd\b|th\b))|(\d+(?:st|nd|rd|th)\b|[\p{L}\p{M}]+(?:['’ʼ][\p{L}]+)*)|([$£€%])|([[\]])|(\.{3}|…)/gu;

function rawTokens(text: string, start: number, end: number): Raw[] {
  const out: Raw[] = [];
  // the span alone: matched on the whole text, a token running past the end (a chain of
  // "U.S.U.S.…" over many sentences) was read again for every sentence, in quadratic time
  const span = text.slice(start, end);
  RAW.lastIndex = 0;
  for (let m; (m = RAW.exec(span)); ) {
    const s = start + m.index;
    const e = s + m[0].length;
    const type = m[1] ? 'acronym' : m[2] ? 'number' : m[3] ? 'word' : m[4] ? 'symbol' : m[5] ? (m[5] === '[' ? 'open' : 'close') : 'ellipsis';
    out.push({ start: s, end: e, text: m[0], type });
  }
  return out;
}

function numberValue(t: string): number {
  // "1,000" and "2.5"; a comma followed by three digits groups thousands
  const clean = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replace(/,/g, '') : t.replace(',', '.');
  return Number(clean);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6);
}

/** A name's key as match keys write it: "@" + the name in lower case, without accents. */
export function nameKeyOf(name: string): string {
  return `@${name.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim()}`;
}

/**
 * A capitalised word the entity tagger left alone that still names something: a name the article
 * tags elsewhere (`names`: plain word → key), a common alias of a country or body ("Britain",
 * "NATO"), or a nationality adjective, which stands for its place ("Ukrainian" → Ukraine).
 */
function nameKey(raw: string, names: ReadonlyMap<string, string> | undefined): { key: string; demonym?: boolean } | null {
  let general = GENERAL_NAME.get(raw);
  if (!general) {
    const plain = plainWord(raw.replace(/\./g, ''));
    // a short alias only in capitals ("US", not a sentence's "Us")
    const alias = raw.replace(/\./g, '').length <= 3 && !/^\p{Lu}+$/u.test(raw.replace(/\./g, '')) ? null : knownAlias(raw);
    const place = alias ? null : demonymPlace(plain);
    general = { plain, named: alias ? { key: nameKeyOf(alias) } : place ? { key: nameKeyOf(place), demonym: true } : null };
    if (GENERAL_NAME.size >= WORD_CACHE_MAX) GENERAL_NAME.clear();
    GENERAL_NAME.set(detached(raw), general);
  }
  const known = names?.get(general.plain);
  return known ? { key: known } : general.named;
}

/** What a capitalised word names whatever the article (an alias, a nationality), cached: the article's own names come first. */
const GENERAL_NAME = new Map<string, { plain: string; named: { key: string; demonym?: boolean } | null }>();

/**
 * The tokens of `text[start, end)`: words with their source offsets, entity mentions replaced by
 * their canonical key, numbers in one form, spelling variants merged, editorial insertions marked.
 */
export function tokenize(text: string, start: number, end: number, entities: EntitySpan[] = [], names?: ReadonlyMap<string, string>): Token[] {
  const raws = rawTokens(text, start, end);
  const out: Token[] = [];
  let ent = 0;
  let bracket = false;
  const ents = entities.filter(e => e.start < end && e.end > start);
  ents.sort((a, b) => a.start - b.start);
  for (let i = 0; i < raws.length; i++) {
    const r = raws[i];
    if (r.type === 'open') {
      bracket = true;
      continue;
    }
    if (r.type === 'close') {
      bracket = false;
      continue;
    }
    if (r.type === 'ellipsis') continue;
    while (ent < ents.length && ents[ent].end <= r.start) ent++;
    const e = ents[ent];
    if (e && e.start <= r.start && r.end <= e.end) {
      // the whole mention is one token; possessive 's is dropped
      let j = i;
      while (j + 1 < raws.length && raws[j + 1].end <= e.end) j++;
      out.push({ start: Math.max(e.start, start), end: Math.min(e.end, end), key: e.key, stem: e.key, kind: 'entity', ...(bracket ? { inserted: true } : {}) });
      i = j;
      continue;
    }
    const named = (r.type === 'word' || r.type === 'acronym') && UPPER_START.test(r.text) ? nameKey(r.text, names) : null;
    if (named) {
      out.push({ start: r.start, end: r.end, key: named.key, stem: named.key, kind: 'entity', ...(named.demonym ? { demonym: true } : {}), ...(bracket ? { inserted: true } : {}) });
      continue;
    }
    let tok: Token | undefined;
    if (r.type === 'acronym') {
      const k = r.text.replace(/\./g, '').toUpperCase();
      tok = { start: r.start, end: r.end, key: k, stem: k, kind: 'word' };
    } else if (r.type === 'number') {
      tok = numberToken(raws, i, text, out);
      if (tok) {
        i = (tok as Token & { _last?: number })._last ?? i;
        delete (tok as Token & { _last?: number })._last;
      }
    } else if (r.type === 'symbol') {
      continue; // a lone $ or % away from a number
    } else {
      const w = wordInfo(r.text);
      if (w.num !== undefined && !(w.plain === 'one' && !/^\s*(?:of|in|percent|per|million|billion|thousand|year|years|day|days|month|months|week|weeks|hundred)\b/i.test(text.slice(r.end, r.end + 12)))) {
        tok = numberToken(raws, i, text, out, w.num);
        if (tok) {
          i = (tok as Token & { _last?: number })._last ?? i;
          delete (tok as Token & { _last?: number })._last;
        }
      } else if (w.ord !== undefined) {
        tok = { start: r.start, end: r.end, key: w.key, stem: w.stem, kind: 'number', value: w.ord, unit: 'ord', keyId: w.keyId, stemId: w.stemId };
      } else {
        tok = { start: r.start, end: r.end, key: w.key, stem: w.stem, kind: w.kind, keyId: w.keyId, stemId: w.stemId };
      }
    }
    if (!tok) continue;
    if (bracket) tok.inserted = true;
    out.push(tok);
  }
  const merged = mergePhrases(out);
  // a title before a name ("French President" in "French President Jean Dupont") is said of
  // the person everywhere: it weighs like a function word (title conflicts read the mention's title)
  for (const e of ents) {
    if (e.titleStart === undefined) continue;
    let k = merged.findIndex(t => t.start === e.start);
    for (k--; k >= 0 && merged[k].start >= e.titleStart; k--) if (merged[k].kind === 'word' || merged[k].demonym) merged[k].kind = 'stop';
    if (k >= 0 && merged[k].kind === 'word' && UPPER_START.test(text.slice(merged[k].start, merged[k].end)) && /^\s+$/.test(text.slice(merged[k].end, e.titleStart))) merged[k].kind = 'stop';
  }
  for (let k = 1; k < merged.length; k++) {
    for (let c = merged[k - 1].end; c < merged[k].start; c++) {
      const ch = text.charCodeAt(c);
      // , ; : ! ? ( ) " — – “ ”, a full stop before a space, a spaced hyphen
      if (ch === 44 || ch === 59 || ch === 58 || ch === 33 || ch === 63 || ch === 40 || ch === 41 || ch === 34 || ch === 0x2014 || ch === 0x2013 || ch === 0x201c || ch === 0x201d || (ch === 46 && text.charCodeAt(c + 1) === 32) || (ch === 45 && text.charCodeAt(c - 1) === 32)) {
        merged[k].brk = true;
        break;
      }
    }
  }
  return merged;
}

/** A number and the words that give its unit: "$500 billion", "2.5 percent", "3%", "two". */
function numberToken(raws: Raw[], i: number, text: string, before: Token[], wordValue?: number): (Token & { _last?: number }) | undefined {
  const r = raws[i];
  let value = wordValue ?? numberValue(r.text);
  if (!Number.isFinite(value)) return undefined;
  let start = r.start;
  let end = r.end;
  let last = i;
  let unit = '';
  const prev = raws[i - 1];
  if (prev && prev.type === 'symbol' && prev.end === r.start && CURRENCY[prev.text]) {
    unit = CURRENCY[prev.text];
    start = prev.start;
  }
  const next = (k: number) => raws[k] && /^[\s-]*$/.test(text.slice(raws[k - 1].end, raws[k].start)) ? raws[k] : undefined;
  let n = next(last + 1);
  // "two hundred", "twenty five"
  if (wordValue !== undefined && n) {
    const w = n.text.toLowerCase();
    if (w === 'hundred') {
      value *= 100;
      last++;
      end = n.end;
      n = next(last + 1);
    } else if (value >= 20 && value % 10 === 0 && NUMBER_WORDS[w] !== undefined && NUMBER_WORDS[w] < 10) {
      value += NUMBER_WORDS[w];
      last++;
      end = n.end;
      n = next(last + 1);
    }
  }
  if (n) {
    const w = n.text.toLowerCase();
    const mult = MULTIPLIER[w];
    if (mult && (w.length > 1 || n.start === end)) {
      value *= mult;
      last++;
      end = n.end;
      n = next(last + 1);
    }
  }
  if (n) {
    const w = n.text.toLowerCase();
    if (n.text === '%' || w === 'percent' || w === 'pct') {
      unit = '%';
      last++;
      end = n.end;
    } else if (w === 'per' && raws[last + 2]?.text.toLowerCase() === 'cent') {
      unit = '%';
      last += 2;
      end = raws[last].end;
    } else if (CURRENCY[w] && !unit) {
      unit = CURRENCY[w];
      last++;
      end = n.end;
    }
  }
  if (!unit && wordValue === undefined && /^\d{4}$/.test(r.text) && value >= 1800 && value <= 2200) unit = 'year';
  // a bound before the number ("more than three", "about 40", "nearly $2bn")
  const b1 = before[before.length - 1]?.key;
  const b2 = before[before.length - 2]?.key;
  const approx = (b1 !== undefined && BOUND.test(b1)) || (b2 !== undefined && BOUND.test(b2) && b1 === 'than');
  const key = `#${fmt(value)}${unit === 'year' ? '' : unit}`;
  const kind: TokenKind = unit === 'year' ? 'date' : 'number';
  return { start, end, key, stem: key, kind, value, unit, ...(approx ? { approx: true } : {}), _last: last };
}

function mergePhrases(tokens: Token[]): Token[] {
  const out: Token[] = [];
  outer: for (let i = 0; i < tokens.length; i++) {
    if (!PHRASE_START.has(tokens[i].key)) {
      out.push(tokens[i]);
      continue;
    }
    for (const [words, short] of PHRASES) {
      if (words.every((w, k) => tokens[i + k]?.key === w)) {
        const last = tokens[i + words.length - 1];
        out.push({ start: tokens[i].start, end: last.end, key: short, stem: short, kind: 'word' });
        i += words.length - 1;
        continue outer;
      }
    }
    out.push(tokens[i]);
  }
  // "percent" left alone after a number was folded in numberToken; a bare one stays a word
  return out;
}

/** True for tokens that say when: weekdays, months, years, "week", "today". */
export function isDateWord(t: Token): boolean {
  return t.kind === 'date' || RELATIVE_DATES.has(t.key);
}

/** How much a token weighs in an alignment. */
export function weight(t: Token): number {
  switch (t.kind) {
    case 'entity':
      return 2.5;
    case 'number':
      return 2.5;
    case 'date':
      return 1.5;
    case 'stop':
      return 0.3;
    default:
      return t.key.length <= 2 ? 0.6 : 1.6;
  }
}
