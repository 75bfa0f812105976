/**
 * Real conflicts between two versions of one statement: the same slot filled differently (a
 * figure, a date, a deadline, a person's title). Nothing is a conflict when one side only leaves a
 * qualifier out, when the subjects differ, or when a number is a bound ("more than three years").
 */
import type { Token } from './normalize';

export interface TitleInfo {
  /** Token index of the entity in its unit. */
  token: number;
  title: string;
  /** Source offset where the title starts. */
  start: number;
}

export interface SlotConflict {
  slot: 'figure' | 'date' | 'deadline' | 'time' | 'title';
  /** Source spans of the differing words in each unit. */
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  /** Titles: whose title, and the two titles. */
  subject?: string;
  leftTitle?: string;
  rightTitle?: string;
}

export interface ConflictSide {
  tokens: Token[];
  titles: TitleInfo[];
  /** The article's date (YYYY-MM-DD) when known. */
  date: string | null;
  /** Source text (for titles: "former" before a title makes it no conflict). */
  text: string;
}

const HONORIFIC = /^(?:mr|mrs|ms|mx|miss|dr|prof|professor|sir|dame|lord|lady|leader|rev|reverend)$/i;
/**
 * Titles written short or long, or in a gendered form: one title each ("Sen." is "Senator",
 * "chairwoman" is "chair"). General English usage of news copy.
 */
const TITLE_FORM = new Map<string, string>([
  ['sen', 'senator'],
  ['gov', 'governor'],
  ['rep', 'representative'],
  ['congressman', 'representative'],
  ['congresswoman', 'representative'],
  ['gen', 'general'],
  ['col', 'colonel'],
  ['capt', 'captain'],
  ['adm', 'admiral'],
  ['sgt', 'sergeant'],
  ['lt', 'lieutenant'],
  ['maj', 'major'],
  ['pres', 'president'],
  ['chairman', 'chair'],
  ['chairwoman', 'chair'],
  ['chairperson', 'chair'],
  ['spokesman', 'spokesperson'],
  ['spokeswoman', 'spokesperson'],
  ['ceo', 'chief executive'],
]);

/** A title in one form: lower case, no full stops, each word in its long form. */
function titleForm(title: string): string {
  return title
    .toLowerCase()
    .replace(/\./g, '')
    .split(/\s+/)
    .map(w => TITLE_FORM.get(w) ?? w)
    .join(' ');
}

/** A member of a legislature: the title goes with a post held in it or in a party ("Rep." and "Speaker", "Sen." and "Chair"). */
const LEGISLATOR = /^(?:senator|representative|mp|member of parliament|member of congress|assemblyman|assemblywoman|councillor|councilman|councilwoman)$/;
const LEGISLATIVE_POST = /\b(?:speaker|chair|leader|whip|president pro tempore)$/;

/** Whether two titles (in `titleForm`) can both be true of one person at one time. */
function compatibleTitles(a: string, b: string): boolean {
  return (LEGISLATOR.test(a) && LEGISLATIVE_POST.test(b)) || (LEGISLATOR.test(b) && LEGISLATIVE_POST.test(a));
}

/**
 * A full stop after a title word that is not a short form ends the sentence ("… for
 * president.  Smith said"): the name after it does not bear the title.
 */
function endsSentence(text: string, start: number, nameStart: number): boolean {
  const m = /(\p{L}+)\.\s+$/u.exec(text.slice(start, nameStart));
  return !!m && m[1].length > 4 && !TITLE_FORM.has(m[1].toLowerCase());
}

/** Figures of articles this many days apart or more are not compared (see `findConflicts`). */
const FIGURE_DAYS = 7;

/** An article date (YYYY-MM-DD…) as a day number, or null when unknown. */
export function dayNumber(date: string | null): number | null {
  if (!date) return null;
  const t = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(t) ? Math.round(t / 86400000) : null;
}

/** Days between two article dates; 0 when either is unknown. */
function daysApart(a: string | null, b: string | null): number {
  const x = dayNumber(a);
  const y = dayNumber(b);
  return x === null || y === null ? 0 : Math.abs(x - y);
}

const TEMPORAL_PREP = new Set(['by', 'before', 'after', 'until', 'till', 'within']);
const DEADLINE_PREP = new Set(['by', 'before', 'until', 'till', 'within']);
const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

const isNumber = (t: Token) => t.kind === 'number' && t.value !== undefined;
const isYear = (t: Token) => t.kind === 'date' && t.key.startsWith('#');

/** The named entity the number is about: the nearest one before it in the same sentence. */
function subjectOf(tokens: Token[], i: number): string | null {
  for (let k = i - 1; k >= 0; k--) if (tokens[k].kind === 'entity') return tokens[k].key;
  return null;
}

/** Content stems around position i (before: up to 3, after: up to 2), skipping numbers and dates. */
function context(tokens: Token[], i: number): { before: string[]; after: string[] } {
  const before: string[] = [];
  for (let k = i - 1; k >= 0 && before.length < 3; k--) {
    const t = tokens[k];
    if (t.kind === 'word') before.push(t.stem);
    if (t.brk && k < i) break;
  }
  const after: string[] = [];
  for (let k = i + 1; k < tokens.length && after.length < 2; k++) {
    const t = tokens[k];
    if (t.brk) break;
    if (t.kind === 'word') after.push(t.stem);
  }
  return { before, after };
}

/**
 * A time qualifier attached after token i: "by 2035", "after the next general election",
 * "within two years" (a temporal preposition, up to the next punctuation, at most 6 tokens).
 */
function qualifierAfter(tokens: Token[], i: number): { start: number; end: number; keys: string[]; prep: string } | null {
  let k = i + 1;
  // "3% of GDP by 2027": skip a short "of X"
  if (tokens[k]?.key === 'of' && !tokens[k].brk) {
    k++;
    while (k < tokens.length && k <= i + 4 && !tokens[k].brk && !TEMPORAL_PREP.has(tokens[k].key)) k++;
  }
  const p = tokens[k];
  if (!p || p.brk || !TEMPORAL_PREP.has(p.key)) return null;
  let e = k + 1;
  while (e < tokens.length && e - k <= 6 && !tokens[e].brk && !(e > k + 1 && (tokens[e].key === 'and' || tokens[e].key === 'but'))) e++;
  if (e === k + 1) return null;
  return { start: k, end: e, keys: tokens.slice(k, e).map(t => t.stem), prep: p.key };
}

/** The slots that two versions of a statement fill differently. */
export function findConflicts(a: ConflictSide, b: ConflictSide): SlotConflict[] {
  const out: SlotConflict[] = [];
  const A = a.tokens;
  const B = b.tokens;
  // figures and deadlines
  for (let i = 0; i < A.length; i++) {
    const x = A[i];
    if (!isNumber(x)) continue;
    for (let j = 0; j < B.length; j++) {
      const y = B[j];
      if (!isNumber(y) || x.unit !== y.unit) continue;
      const sa = subjectOf(A, i);
      const sb = subjectOf(B, j);
      if (sa && sb && sa !== sb) continue;
      if (x.key === y.key) {
        const qa = qualifierAfter(A, i);
        const qb = qualifierAfter(B, j);
        if (!qa || !qb) continue;
        const ka = qa.keys.join(' ');
        const kb = qb.keys.join(' ');
        if (ka === kb || ka.includes(kb) || kb.includes(ka)) continue;
        // the same date said twice ("by 2027" / "by the end of 2027") is no conflict
        const datesA = qa.keys.filter(k => k.startsWith('#'));
        if (datesA.some(d => qb.keys.includes(d))) continue;
        const deadline = DEADLINE_PREP.has(qa.prep) || DEADLINE_PREP.has(qb.prep) ? 'deadline' : 'time';
        out.push({ slot: deadline, aStart: A[i].start, aEnd: A[qa.end - 1].end, bStart: B[j].start, bEnd: B[qb.end - 1].end });
        continue;
      }
      if (x.approx || y.approx || !x.unit || x.unit === 'ord') continue;
      // a figure reported a week or more apart is another moment's figure (a poll, a count, a share still needed), not a contradiction
      if (daysApart(a.date, b.date) >= FIGURE_DAYS) continue;
      // the other value appears on both sides: these are two figures, not one slot said twice
      if (B.some(t => t.key === x.key) || A.some(t => t.key === y.key)) continue;
      const ca = context(A, i);
      const cb = context(B, j);
      const shared = ca.before.some(s => cb.before.includes(s)) || (ca.after.length > 0 && ca.after.some(s => cb.after.includes(s)));
      if (!shared) continue;
      out.push({ slot: 'figure', aStart: x.start, aEnd: x.end, bStart: y.start, bEnd: y.end });
    }
  }
  // years and weekdays in the same place
  for (let i = 0; i < A.length; i++) {
    const x = A[i];
    const yearX = isYear(x);
    const dayX = WEEKDAYS.has(x.key);
    if (!yearX && !dayX) continue;
    if (dayX && a.date !== b.date) continue; // "Friday" in articles of different days are different days
    for (let j = 0; j < B.length; j++) {
      const y = B[j];
      if (x.key === y.key || (yearX ? !isYear(y) : !WEEKDAYS.has(y.key))) continue;
      if (B.some(t => t.key === x.key) || A.some(t => t.key === y.key)) continue;
      const prevA = A[i - 1];
      const prevB = B[j - 1];
      if (!prevA || !prevB || prevA.key !== prevB.key) continue;
      const ca = context(A, i - 1);
      const cb = context(B, j - 1);
      if (!ca.before.some(s => cb.before.includes(s))) continue;
      const sa = subjectOf(A, i);
      const sb = subjectOf(B, j);
      if (sa && sb && sa !== sb) continue;
      out.push({ slot: 'date', aStart: x.start, aEnd: x.end, bStart: y.start, bEnd: y.end });
    }
  }
  // titles of the same person
  for (const ta of a.titles) {
    const ea = A[ta.token];
    for (const tb of b.titles) {
      const eb = B[tb.token];
      if (ea.key !== eb.key) continue;
      if (HONORIFIC.test(ta.title) || HONORIFIC.test(tb.title)) continue;
      const la = titleForm(ta.title);
      const lb = titleForm(tb.title);
      if (compatibleTitles(la, lb) || endsSentence(a.text, ta.start, ea.start) || endsSentence(b.text, tb.start, eb.start)) continue;
      if (la === lb || la.endsWith(` ${lb}`) || lb.endsWith(` ${la}`) || la.startsWith(`${lb} `) || lb.startsWith(`${la} `)) continue;
      if (/\b(?:former|ex|then|acting|outgoing|incoming|interim|late)[\s-]*$/i.test(a.text.slice(Math.max(0, ta.start - 12), ta.start))) continue;
      if (/\b(?:former|ex|then|acting|outgoing|incoming|interim|late)[\s-]*$/i.test(b.text.slice(Math.max(0, tb.start - 12), tb.start))) continue;
      const name = a.text.slice(ea.start, ea.end).replace(/['’]s$/, '');
      out.push({ slot: 'title', aStart: ta.start, aEnd: ea.end, bStart: tb.start, bEnd: eb.end, subject: name, leftTitle: ta.title, rightTitle: tb.title });
    }
  }
  return out;
}
