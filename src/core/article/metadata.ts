/** Dates, datelines and outlets as news pages state them. */
import type { Span } from '../types';

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');

function iso(y: number, m: number, d: number): string | null {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const MONTH_RE = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DATE_PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => string | null }[] = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, read: m => iso(+m[1], +m[2], +m[3]) },
  { re: new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'gi'), read: m => iso(+m[3], MONTHS[m[1].toLowerCase().replace('.', '')], +m[2]) },
  { re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE},?\\s+(\\d{4})\\b`, 'gi'), read: m => iso(+m[3], MONTHS[m[2].toLowerCase().replace('.', '')], +m[1]) },
];

export interface Found<T> {
  value: T;
  span: Span;
}

/** The first full calendar date (with a year) in `text`, as ISO. Offsets are relative to `text`. */
export function findDate(text: string): Found<string> | null {
  let best: Found<string> | null = null;
  for (const { re, read } of DATE_PATTERNS) {
    re.lastIndex = 0;
    for (let m; (m = re.exec(text)); ) {
      const value = read(m);
      if (value && (!best || m.index < best.span.start)) best = { value, span: { start: m.index, end: m.index + m[0].length } };
      if (value) break;
    }
  }
  return best;
}

/** A leading machine line such as "date 2025-02-27", as some scrapers and archives write. */
export function readDateLine(text: string): { date: string; span: Span } | null {
  const m = /^\s*(?:date|published|pubdate|dateline|posted)\s*[:=]?\s*(\d{4}-\d{2}-\d{2}(?:[T ][\d:.+Z-]+)?)/i.exec(text);
  if (!m) return null;
  const y = m[1].slice(0, 10).split('-').map(Number);
  const date = iso(y[0], y[1], y[2]);
  if (!date) return null;
  const start = m.index + m[0].search(/\S/);
  return { date, span: { start, end: m.index + m[0].length } };
}

/** Agencies and outlets written as a dateline tag: "(AP)", "(Reuters)", "(AFP)". */
const WIRE_TAG = /^(?:AP|AFP|Reuters|UPI|PA|dpa|DPA|ANI|PTI|IANS|Xinhua|EFE|ANSA|Kyodo|Yonhap|TASS|Bloomberg|CNN|ABC|CBS|NBC|BBC|CNBC|AAP|CP|RFE\/RL|WAM|SPA|Bernama|Anadolu|IRNA|APA|Interfax|NewsNation|The Hill|UNI|KUNA|MENA|Petra)$/;

export interface Dateline {
  place: string | null;
  outlet: Found<string> | null;
  /** The whole dateline, separator included. */
  span: Span;
}

const DASH = '(?:—|–|--|-|·|:)';

/**
 * A dateline at the start of a story's first paragraph: "WASHINGTON (AP) —", "(WASHINGTON) --",
 * "Washington (AFP) -", "KYIV, Ukraine, Feb 27 (Reuters) -", "LONDON —".
 */
export function readDateline(text: string): Dateline | null {
  const re = new RegExp(
    `^\\s*(?:(\\()?([\\p{Lu}][\\p{L}.'’-]*(?:[ ,]+[\\p{Lu}][\\p{L}.'’-]*){0,4})\\)?)?` + // place, perhaps in brackets
      `(?:,?\\s+${MONTH_RE}\\s+\\d{1,2}(?:,\\s*\\d{4})?)?` + // optional date
      `\\s*(?:${DASH}\\s*)?(?:\\(([\\p{L}][\\p{L}\\d .&/'’-]{0,30})\\)\\s*)?${DASH}\\s+`,
    'u',
  );
  const m = re.exec(text);
  if (!m) return null;
  const place = m[2]?.trim().replace(/,$/, '') ?? null;
  const tag = m[4]?.trim() ?? null;
  if (!place && !tag) return null;
  // Without an agency tag, the place must be written in capitals (or bracketed): "WASHINGTON —".
  const placeLetters = (place ?? '').replace(/[^\p{L}]/gu, '');
  const capitals = placeLetters.length >= 2 && placeLetters === placeLetters.toUpperCase();
  if (!tag && !capitals && !m[1]) return null;
  if (tag && !capitals && !WIRE_TAG.test(tag) && !/^[\p{Lu}]{2,6}$/u.test(tag)) return null;
  if (place && place.split(/\s+/).length > 5) return null;
  let outlet: Found<string> | null = null;
  if (tag) {
    const at = m[0].indexOf(`(${m[4]}`) + 1;
    outlet = { value: tag, span: { start: at, end: at + m[4].trim().length } };
  }
  return { place, outlet, span: { start: m.index, end: m.index + m[0].length } };
}

/**
 * An outlet named by a closing or credit line: "Stay updated … with example.com", "© 2025 The Daily
 * Planet", "This article was originally published by X", "Source: X". Offsets relative to `text`.
 */
export function readOutletLine(text: string): Found<string> | null {
  // (never starting inside a dotted chain: "1.1.1.1…" would cost quadratic time)
  const domain = /\[?\b(?<![a-z0-9][.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|org|net|news|co\.uk|co|uk|tv|info|io|eu|us|au|ca|in|ie|de|fr|nz|za|ng|ke|pk|ph|sg|my|online|media|press|today|world|live|site|press)\b)\]?/i;
  const patterns: RegExp[] = [
    /(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:by\s+)?([\p{Lu}][\p{L}\d&.' -]{1,60}?)(?:[.,]|\s+all rights|\s*$)/iu,
    /\b(?:originally|first)\s+(?:published|appeared)\s+(?:by|in|on)\s+([\p{Lu}][\p{L}\d&.' -]{1,60}?)(?:[.,]|\s*$)/u,
    /^\s*source\s*:\s*([\p{Lu}][\p{L}\d&.' -]{1,60}?)\s*\.?$/iu,
  ];
  const d = domain.exec(text);
  if (d && /\b(?:with|at|visit|on|from|by|to)\s+\[?[a-z0-9.-]+\]?|trusted source|follow|subscribe|stay/i.test(text)) {
    const at = d.index + d[0].indexOf(d[1]);
    return { value: d[1], span: { start: at, end: at + d[1].length } };
  }
  // A copyright or "originally published" sentence is a closing line only when the line is short.
  if ((text.match(/\S+/g) ?? []).length > 25) return null;
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) {
      const value = m[1].trim();
      const at = m.index + m[0].indexOf(m[1]);
      if (value.length >= 2) return { value, span: { start: at, end: at + value.length } };
    }
  }
  return null;
}
