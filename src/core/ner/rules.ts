/**
 * Rule-based numeric and temporal entities: DATE, TIME, MONEY, PERCENT, QUANTITY. Regular
 * expressions over the raw text (offsets are JavaScript string indices); linear, never throws.
 */

export interface RuleEntity {
  start: number;
  end: number;
  type: 'DATE' | 'TIME' | 'MONEY' | 'PERCENT' | 'QUANTITY';
  text: string;
}

const MONTH = String.raw`(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)`;
const WEEKDAY = String.raw`(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`;
const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const SCALE = String.raw`(?:\s?(?:million|billion|trillion|thousand|bn|mn|m|k)\b)?`;
const CURRENCY_WORDS = String.raw`(?:dollars?|euros?|pounds?(?: sterling)?|sterling|yen|yuan|renminbi|francs?|marks?|rupees?|pesos?|roubles?|rubles?|won|lira|lire|crowns?|kronor|kroner|cents?|pence|dinars?|riyals?|rand|shekels?|zlotys?|forints?|baht|ringgit|rupiah)`;
const CURRENCY_CODES = String.raw`(?:USD|EUR|GBP|JPY|CNY|CHF|CAD|AUD|HKD|INR|RUB)`;
/** Not inside a number: a match starts at a number's first digit, never after a digit or a digit and a separator (else a run of digits costs quadratic time). */
const NUM_START = String.raw`(?<!\d|\d[,.])`;
const TZ = String.raw`(?:\s?(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST)\b)?`;

const PATTERNS: { type: RuleEntity['type']; re: RegExp }[] = [
  { type: 'MONEY', re: new RegExp(String.raw`(?:(?:US|C|A|HK|NZ|S)?\$|[£€¥₹]|${CURRENCY_CODES}\s?)\s?(?:${NUM})${SCALE}`, 'g') },
  { type: 'MONEY', re: new RegExp(String.raw`\b${NUM_START}(?:${NUM})${SCALE}\s?(?:${CURRENCY_WORDS}|${CURRENCY_CODES})\b`, 'g') },
  { type: 'PERCENT', re: new RegExp(String.raw`[+-]?${NUM_START}(?:${NUM})\s?(?:%|per ?cent\b|pct\b\.?)`, 'g') },
  { type: 'TIME', re: new RegExp(String.raw`\b\d{1,2}(?:[:.]\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b)${TZ}`, 'g') },
  { type: 'TIME', re: new RegExp(String.raw`\b(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)(?:\s?(?:ET|EST|EDT|PT|GMT|UTC|BST|CET)\b)?`, 'g') },
  { type: 'TIME', re: /\b(?:noon|midnight)\b/g },
  { type: 'DATE', re: new RegExp(String.raw`\b(?:${WEEKDAY},?\s+)?${MONTH}\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b`, 'g') },
  { type: 'DATE', re: new RegExp(String.raw`\b(?:${WEEKDAY},?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}(?:,?\s+\d{4})?\b`, 'g') },
  { type: 'DATE', re: new RegExp(String.raw`\b${MONTH}\s+(?:of\s+)?\d{4}\b`, 'g') },
  { type: 'DATE', re: /\b(?:1[89]|20)\d\d-[01]\d-[0-3]\d\b/g },
  { type: 'DATE', re: /\b[0-3]?\d\/[0-3]?\d\/(?:\d{4}|\d{2})\b/g },
  { type: 'DATE', re: new RegExp(String.raw`\b(?:(?:last|next|this|early|late)\s+)?${WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?\b`, 'g') },
  { type: 'DATE', re: /\b(?:yesterday|today|tomorrow|tonight)\b/gi },
  { type: 'DATE', re: /\b(?:last|next|this|past|coming)\s+(?:week|month|year|decade|century|weekend|spring|summer|autumn|fall|winter)\b/gi },
  { type: 'DATE', re: /\b(?:(?:the\s+)?(?:early|mid|late)[-\s])?(?:1[89]|20)\d0s\b/g },
  // (the lookahead first: the lookbehind, which reads back over any run of spaces, runs only where a year starts)
  { type: 'DATE', re: /(?=1[89]\d\d|20\d\d)(?<=\b(?:in|since|by|until|from|of|during|before|after|to|year|early|late|mid|the)\s+)(?:1[89]\d\d|20\d\d)(?:\/\d{2})?\b(?!\s?(?:%|per|million|billion|[a-z]))/g },
  {
    type: 'QUANTITY',
    re: new RegExp(String.raw`\b${NUM_START}(?:${NUM})${SCALE}\s?(?:-\s?)?(?:km|kilometres?|kilometers?|miles?|metres?|meters?|cm|mm|kg|kilograms?|grams?|tonnes?|tons?|lbs?|feet|foot|ft|inches|inch|acres?|hectares?|square (?:miles?|kilometres?|kilometers?|feet)|barrels?|bpd|litres?|liters?|gallons?|mph|km\/h|kph|degrees?|°[CF]?|megawatts?|MW|GW|kWh)\b`, 'g'),
  },
];

/** Numeric and temporal entities of text, sorted, non-overlapping (longest first on overlap). */
export function ruleEntities(text: string): RuleEntity[] {
  const found: RuleEntity[] = [];
  for (const { type, re } of PATTERNS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      let start = m.index;
      let end = start + m[0].length;
      // trim whitespace and a trailing period that ends the sentence ("on Jan." keeps its period)
      while (end > start && /\s/.test(text[end - 1])) end--;
      while (start < end && /\s/.test(text[start])) start++;
      if (end > start) found.push({ start, end, type, text: text.slice(start, end) });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: RuleEntity[] = [];
  let lastEnd = -1;
  for (const e of found) {
    if (e.start < lastEnd) continue;
    out.push(e);
    lastEnd = e.end;
  }
  return out;
}
