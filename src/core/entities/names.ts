/**
 * General knowledge about names in English news: titles written before names, nationality
 * adjectives, common abbreviations of countries and international bodies, and a spelling key that
 * survives transliteration variants (-y / -yy / -iy / -i endings, Sergei / Sergey).
 */

/** Results of the pure key functions normaliseKey and nameWordKey for the strings seen so far (bounded: cleared when large). */
const normaliseKeys = new Map<string, string>();
const nameWordKeys = new Map<string, string>();
const MEMO_SIZE = 20_000;

function memo(cache: Map<string, string>, s: string, f: (s: string) => string): string {
  let v = cache.get(s);
  if (v === undefined) {
    if (cache.size >= MEMO_SIZE || s.length > 200) return f(s);
    cache.set(s, (v = f(s)));
  }
  return v;
}

/** Titles and roles written before a person's name. Multi-word roles are matched word by word. */
const TITLE_WORDS = [
  'mr', 'mrs', 'ms', 'mx', 'miss', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'baroness', 'baron',
  'king', 'queen', 'prince', 'princess', 'duke', 'duchess', 'pope', 'cardinal', 'archbishop', 'bishop', 'rev',
  'reverend', 'father', 'rabbi', 'imam', 'sheikh', 'emir', 'sultan', 'president', 'president-elect', 'vice',
  'prime', 'minister', 'premier', 'chancellor', 'secretary', 'deputy', 'foreign', 'defence', 'defense', 'home',
  'finance', 'interior', 'justice', 'health', 'state', 'general', 'attorney', 'senator', 'sen', 'representative',
  'rep', 'congressman', 'congresswoman', 'governor', 'gov', 'mayor', 'councillor', 'councilman', 'councilwoman',
  'ambassador', 'envoy', 'special', 'commissioner', 'speaker', 'leader', 'chief', 'executive', 'ceo', 'chairman',
  'chairwoman', 'chair', 'director', 'spokesman', 'spokeswoman', 'spokesperson', 'judge', 'justice', 'officer',
  'gen', 'lt', 'col', 'maj', 'capt', 'captain', 'commander', 'admiral', 'adm', 'sgt', 'sergeant', 'colonel',
  'lieutenant', 'major', 'marshal', 'field', 'crown', 'former', 'then', 'late', 'acting', 'interim', 'first',
  'lady', 'supreme', 'opposition', 'labour', 'conservative', 'tory', 'republican', 'democratic', 'democrat',
  'us', 'u.s.', 'uk', 'u.k.', 'british', 'american', 'french', 'german', 'russian', 'ukrainian', 'chinese', 'israeli',
  'palestinian', 'iranian', 'indian', 'italian', 'spanish', 'japanese', 'canadian', 'australian', 'turkish', 'polish',
  'european', 'eu', 'nato', 'un', 'u.n.', 'white', 'house', 'party', 'national', 'security', 'adviser', 'advisor',
  'press', 'trade', 'economy', 'economic', 'energy', 'environment', 'education', 'transport', 'culture', 'treasury',
];
const TITLE_SET = new Set(TITLE_WORDS);
/** Titles that address a person by first name: "Sir John", "Dame Judi". */
export const FIRST_NAME_TITLES = new Set(['sir', 'dame', 'king', 'queen', 'prince', 'princess', 'pope', 'father', 'sheikh']);
/** Titles worth keeping as attributes (the descriptive words are dropped). */
const KEEP_TITLE = /\b(?:mr|mrs|ms|mx|miss|dr|prof|professor|sir|dame|lord|lady|baroness|baron|king|queen|prince|princess|duke|duchess|pope|cardinal|archbishop|bishop|rev|reverend|rabbi|imam|sheikh|emir|sultan|president(?:-elect)?|vice president|prime minister|minister|premier|chancellor|secretary(?: of state| general)?|senator|sen|representative|rep|congress(?:man|woman)|governor|gov|mayor|ambassador|envoy|commissioner|speaker|leader|chief executive|ceo|chair(?:man|woman)?|director|spokes(?:man|woman|person)|judge|justice|general|gen|colonel|col|captain|capt|admiral|adm|sergeant|sgt|lieutenant|lt|major|maj)\b\.?/i;

/** Start of the code point that ends at `j`, not before `min` (a pair cut by `min` is two units). */
function codePointStartBefore(text: string, j: number, min: number): number {
  const c = text.charCodeAt(j - 1);
  if (c >= 0xdc00 && c <= 0xdfff && j - 2 >= min) {
    const h = text.charCodeAt(j - 2);
    if (h >= 0xd800 && h <= 0xdbff) return j - 2;
  }
  return j - 1;
}

const SPACE = /^\s$/u;
const TITLE_LETTER = /^[\p{L}.-]$/u;

/** Is the code point text[k, j) white space (\s)? */
function isSpaceAt(text: string, k: number, j: number): boolean {
  const c = text.charCodeAt(k);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return SPACE.test(text.slice(k, j));
}

/** Is the code point text[k, j) a letter, a dot or a hyphen? */
function isTitleLetterAt(text: string, k: number, j: number): boolean {
  const c = text.charCodeAt(k);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 46 || c === 45;
  return TITLE_LETTER.test(text.slice(k, j));
}

/** Walks back from `j` (not before `min`) over the code points that `is` accepts; where it stops. */
function backOver(text: string, j: number, min: number, is: (text: string, k: number, j: number) => boolean): number {
  while (j > min) {
    const k = codePointStartBefore(text, j, min);
    if (!is(text, k, j)) break;
    j = k;
  }
  return j;
}

/**
 * The title written just before `start` ("US President", "Mr", "Sir", "Prime Minister"): the span of
 * title words and the normalised title kept as an attribute, or null.
 */
export function titleBefore(text: string, start: number): { start: number; title: string } | null {
  // a function of the window alone: remembered by the window's text (the same mentions are asked
  // about by several passes, and again after an edit elsewhere), its start kept relative
  const windowStart = Math.max(0, start - 80);
  const window = text.slice(windowStart, start);
  let known = titleCache.get(window);
  if (known === undefined) {
    const found = findTitleBefore(text, start, windowStart);
    known = found && { back: start - found.start, title: found.title };
    if (titleCache.size >= TITLE_CACHE_MAX) titleCache.clear();
    titleCache.set(window, known);
  }
  return known && { start: start - known.back, title: known.title };
}

/** Windows before mentions and the titles found in them (`titleBefore`), up to this many. */
const TITLE_CACHE_MAX = 8192;
const titleCache = new Map<string, { back: number; title: string } | null>();

function findTitleBefore(text: string, start: number, windowStart: number): { start: number; title: string } | null {
  let words = 0;
  let titleStart = -1;
  // word by word backwards over the 80 characters before start: a run of letters, dots and hyphens,
  // then white space up to the end (what /([\p{L}.-]+)\s+$/u finds, without its quadratic scan)
  let end = start;
  while (words < 6) {
    const wordEnd = backOver(text, end, windowStart, isSpaceAt);
    if (wordEnd === end) break;
    const j = backOver(text, wordEnd, windowStart, isTitleLetterAt);
    if (j === wordEnd || !isTitleWord(text.slice(j, wordEnd))) break;
    words++;
    titleStart = j;
    end = j;
  }
  if (titleStart < 0) return null;
  const phrase = text.slice(titleStart, start).trim();
  const kept = KEEP_TITLE.exec(phrase.replace(/\s+/g, ' '));
  if (!kept) return null;
  // keep the last title-like phrase: "US President" → "President", "Mr" → "Mr"
  const all = [...phrase.replace(/\s+/g, ' ').matchAll(new RegExp(KEEP_TITLE.source, 'gi'))];
  const last = all[all.length - 1][0].replace(/\.$/, '');
  const title = last.replace(/\b\p{L}/gu, c => c.toUpperCase()).replace(/^(Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Gen|Col|Capt|Adm|Sgt|Lt|Maj|Prof|Rev)$/i, s => s[0].toUpperCase() + s.slice(1).toLowerCase());
  return { start: titleStart, title };
}

/** True for a title word ("President", "Mr.", "Prime", "US"): what `titleBefore` walks over. */
export function isTitleWord(word: string): boolean {
  const w = word.toLowerCase();
  return TITLE_SET.has(w) || TITLE_SET.has(w.replace(/\.$/, ''));
}

/** True when the phrase names a role ("Special Envoy", "Prime Minister"), not someone. */
export function isRolePhrase(phrase: string): boolean {
  return phrase.split(/\s+/).every(isTitleWord) && KEEP_TITLE.test(phrase);
}

/** Words written before a name, never at its end ("Smith and Vice …"). */
export const PRE_NAME_WORD = /^(?:Mr|Mrs|Ms|Mx|Dr|Sir|Dame|President|Vice|Prime|Minister|Secretary|Chancellor|Senator|Sen|Governor|Gov|King|Queen|Prince|Princess|Pope|Envoy|Ambassador)\.?$/;

/** Honorifics and offices that only people hold: a name after one is a person's. */
export const PERSONAL_TITLE = /^(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Professor|Sir|Dame|Lord|Lady|King|Queen|Prince|Princess|Pope|Rev|Reverend|President|Vice President|Prime Minister|Minister|Chancellor|Senator|Sen|Representative|Rep|Governor|Gov|Mayor|Ambassador|Envoy|Secretary|Secretary General|Secretary Of State|Judge|Justice|General|Gen|Colonel|Col|Captain|Capt|Admiral|Adm|Sergeant|Sgt|Lieutenant|Lt|Major|Maj|Spokesman|Spokeswoman|Spokesperson|Commissioner|Premier|Speaker|Leader|Director|Chairman|Chairwoman|Chair|Ceo|Chief Executive)$/i;

/** Generational suffixes: not a surname ("Charles III", "John Smith Jr."). */
export const NAME_SUFFIX = /^(?:I{1,3}|IV|V|VI{1,3}|IX|X|Jr|Sr|Jnr|Snr)\.?$/;

/** Last words of organisation and place names ("… News", "… Party", "… House", "… Street"). */
export const INSTITUTION_WORD = /^(?:Inc|Corp|Corporation|Co|Company|Ltd|Plc|LLC|Group|Holdings|Bank|Fund|Trust|Foundation|Institute|Institution|University|College|School|Academy|Council|Committee|Commission|Agency|Authority|Board|Bureau|Department|Ministry|Office|Service|Services|Party|Union|Association|Federation|League|Alliance|Coalition|Organisation|Organization|Society|Club|Team|Army|Navy|Force|Forces|Police|Court|Parliament|Senate|Congress|Assembly|Government|Administration|News|Times|Post|Journal|Herald|Telegraph|Guardian|Gazette|Tribune|Daily|Press|Media|Network|Radio|TV|Television|Studios|Airlines|Airways|Motors|Energy|Oil|Gas|Systems|Technologies|Labs|House|Hall|Street|Road|Avenue|Square|Palace|Tower|Centre|Center|Airport|Station|Bridge|River|Lake|Mountain|Mountains|Island|Islands|Sea|Ocean|Bay|Gulf|Valley|City|County|State|States|Province|Region|Republic|Kingdom|Empire|Summit|Forum|Conference|Games|Cup|Championship|Festival|Memorandum|Treaty|Accord|Act|Plan)$/;

/** Acronyms of things, not of organisations, people or places. */
export const COMMON_ACRONYM = /^(?:AI|AGI|GDP|GNP|CPI|CEO|CFO|COO|CTO|CIO|MP|MPs|MEP|MEPs|PM|VP|TV|PC|IT|IQ|DNA|RNA|HIV|AIDS|COVID|VAT|ID|PhD|MBA|OK|USB|API|GPS|SMS|URL|PDF|FAQ|ETA|ASAP|DIY|LGBT|LGBTQ|ET|EST|EDT|PST|PDT|CST|CDT|GMT|BST|CET|UTC|AM|PM|BC|AD|CCTV|ICU|ER|GP|NGO|NGOs|IPO|M&A|R&D|EV|EVs|LNG|CO2|UAV|ICBM|WMD|POW|POWs|RSVP)$/;

/** Days and months: not part of a name ("Donald Trump Thursday"). */
export const CALENDAR_WORD = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?$/;

/** Lower-case words that belong inside names ("Ursula von der Leyen", "Bank of England"). */
export const NAME_PARTICLE = /^(?:von|van|der|den|de|del|della|di|da|du|la|le|bin|bint|al|el|ibn|ter|zu|y|of|the|and|for|on|in|&)$/;

/** Nationality and regional adjectives: never people, organisations or places on their own. */
const DEMONYMS = new Set(
  ('afghan african albanian algerian american andorran angolan argentine argentinian armenian asian australian austrian ' +
    'azerbaijani bahraini bangladeshi belarusian belgian bolivian bosnian brazilian british briton bulgarian burmese ' +
    'cambodian cameroonian canadian chilean chinese colombian congolese croatian cuban cypriot czech danish dutch ' +
    'ecuadorian egyptian emirati english eritrean estonian ethiopian european filipino finnish french georgian german ' +
    'ghanaian greek guatemalan haitian honduran hungarian icelandic indian indonesian iranian iraqi irish israeli ' +
    'italian ivorian jamaican japanese jordanian kazakh kenyan korean kosovan kuwaiti kyrgyz latvian lebanese libyan ' +
    'lithuanian luxembourgish macedonian malaysian maltese mexican moldovan mongolian montenegrin moroccan mozambican ' +
    'namibian nepalese nigerian nigerien norwegian omani pakistani palestinian panamanian paraguayan peruvian polish ' +
    'portuguese qatari romanian russian rwandan saudi scottish senegalese serbian singaporean slovak slovenian somali ' +
    'south african spanish sudanese swedish swiss syrian taiwanese tajik tanzanian thai tunisian turkish turkmen ' +
    'ugandan ukrainian uruguayan uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean western eastern arab ' +
    'islamic muslim christian jewish catholic sunni shia kurdish latino hispanic soviet transatlantic atlantic pacific ' +
    'baltic nordic scandinavian balkan caucasian slavic anglo francophone').split(/\s+/),
);

export function isDemonym(text: string): boolean {
  const t = text.trim().toLowerCase().replace(/['’]s$/, '');
  return DEMONYMS.has(t) || (DEMONYMS.has(t.replace(/s$/, '')) && /^[A-Z]/.test(text));
}

/**
 * The place a nationality or regional adjective is of ("Ukrainian" → "Ukraine", "British" →
 * "Britain"): general knowledge, so "Ukrainian allies" and "Ukraine's allies" compare as one name.
 */
const DEMONYM_PLACE: Record<string, string> = {};
for (const pair of (
  'afghan:Afghanistan albanian:Albania algerian:Algeria american:America argentine:Argentina argentinian:Argentina armenian:Armenia ' +
  'australian:Australia austrian:Austria azerbaijani:Azerbaijan belarusian:Belarus belgian:Belgium bolivian:Bolivia bosnian:Bosnia ' +
  'brazilian:Brazil british:Britain briton:Britain bulgarian:Bulgaria cambodian:Cambodia canadian:Canada chilean:Chile chinese:China ' +
  'colombian:Colombia croatian:Croatia cuban:Cuba cypriot:Cyprus czech:Czechia danish:Denmark dutch:Netherlands egyptian:Egypt ' +
  'english:England estonian:Estonia ethiopian:Ethiopia european:Europe finnish:Finland french:France georgian:Georgia german:Germany ' +
  'greek:Greece hungarian:Hungary icelandic:Iceland indian:India indonesian:Indonesia iranian:Iran iraqi:Iraq irish:Ireland ' +
  'israeli:Israel italian:Italy japanese:Japan jordanian:Jordan kenyan:Kenya kuwaiti:Kuwait latvian:Latvia lebanese:Lebanon ' +
  'libyan:Libya lithuanian:Lithuania mexican:Mexico moldovan:Moldova moroccan:Morocco nigerian:Nigeria norwegian:Norway ' +
  'pakistani:Pakistan palestinian:Palestine polish:Poland portuguese:Portugal qatari:Qatar romanian:Romania russian:Russia ' +
  'saudi:Saudi_Arabia scottish:Scotland serbian:Serbia slovak:Slovakia slovenian:Slovenia spanish:Spain swedish:Sweden swiss:Switzerland ' +
  'syrian:Syria taiwanese:Taiwan thai:Thailand turkish:Turkey ukrainian:Ukraine venezuelan:Venezuela vietnamese:Vietnam welsh:Wales yemeni:Yemen'
).split(' ')) {
  const [d, place] = pair.split(':');
  DEMONYM_PLACE[d] = place.replace(/_/g, ' ');
}

/** The canonical name of the place a nationality adjective is of, or null ("American" → "United States"). */
export function demonymPlace(word: string): string | null {
  const place = DEMONYM_PLACE[word.toLowerCase().replace(/s$/, '')] ?? DEMONYM_PLACE[word.toLowerCase()];
  return place ? (knownAlias(place) ?? place) : null;
}

/**
 * Countries and bodies often written several ways. Keys are normalised forms (lower case, no dots);
 * values the canonical name. General knowledge, not tied to any story.
 */
const ALIASES: Record<string, string> = {};
function alias(canonical: string, ...forms: string[]) {
  for (const f of [canonical, ...forms]) ALIASES[normaliseKey(f)] = canonical;
}
alias('United States', 'US', 'USA', 'United States of America', 'America', 'the US', 'the United States', 'U.S.A.');
alias('United Kingdom', 'UK', 'Britain', 'Great Britain', 'the UK', 'the United Kingdom', 'GB');
alias('European Union', 'EU', 'the EU', 'the European Union');
alias('United Nations', 'UN', 'the UN', 'the United Nations');
alias('NATO', 'Nato', 'North Atlantic Treaty Organization', 'North Atlantic Treaty Organisation');
alias('United Arab Emirates', 'UAE');
alias('Russia', 'Russian Federation');
alias('China', "People's Republic of China", 'PRC');
alias('South Korea', 'Republic of Korea', 'ROK');
alias('North Korea', 'DPRK');
alias('Democratic Republic of the Congo', 'DRC', 'DR Congo');
alias('Czech Republic', 'Czechia');
alias('Netherlands', 'Holland', 'the Netherlands');
alias('International Monetary Fund', 'IMF');
alias('World Health Organization', 'WHO', 'World Health Organisation');
alias('Federal Bureau of Investigation', 'FBI');
alias('Central Intelligence Agency', 'CIA');
alias('European Commission', 'the European Commission');
alias('Associated Press', 'AP', 'The Associated Press');
alias('Agence France-Presse', 'AFP');

/** Lower case, no dots, no leading "the", single spaces: "U.S." → "us", "The Times" → "times". */
export function normaliseKey(text: string): string {
  return memo(normaliseKeys, text, normaliseKeyOf);
}

function normaliseKeyOf(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’']s$/, '')
    .replace(/\./g, '')
    .replace(/^the\s+/, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

/** The canonical name of a well-known country or body written in any usual form, or null. */
export function knownAlias(text: string): string | null {
  return ALIASES[normaliseKey(text)] ?? null;
}

/**
 * A spelling key for one name word that survives transliteration and doubling: diacritics dropped,
 * doubled letters single, final -iy/-yi/-ii/-i after a consonant read as -y.
 */
export function nameWordKey(word: string): string {
  return memo(nameWordKeys, word, nameWordKeyOf);
}

function nameWordKeyOf(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’'.]/g, '')
    .replace(/(\p{L})\1+/gu, '$1')
    .replace(/(?<=[bcdfghjklmnpqrstvwxz])(?:iy|yi|i)$/u, 'y')
    .replace(/ei$/, 'ey');
}

/** The words of a person's name (possessives and generational suffixes dropped). */
export function nameWords(name: string): string[] {
  const words = name
    .replace(/[’']s$/, '')
    .split(/\s+/)
    .filter(Boolean);
  while (words.length > 1 && NAME_SUFFIX.test(words[words.length - 1].replace(/,$/, ''))) words.pop();
  return words;
}

/** Initials of the significant words: "European Union" → "EU", "North Atlantic Treaty Organization" → "NATO". */
export function initials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter(w => w && !/^(?:of|the|and|for|in|on|de|du|des|la|le)$/i.test(w))
    .reduce((s, w) => s + w[0], '')
    .toUpperCase();
}

/** Two name-word keys that are the same name: equal, or one edit apart in a long word. */
export function wordsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 6 || b.length < 6 || a[0] !== b[0] || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1);
}
