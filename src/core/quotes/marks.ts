/**
 * Quotation-mark regions in one pass: “…”, "…", ‘…’, '…', «…», „…“, nested, with apostrophes told
 * apart from single quotes by their context (it's, Trump's, '90s, rock 'n' roll, dogs' bowls), and
 * a quote left open at a paragraph end continued by an opening mark at the start of the next
 * paragraph (the British convention). A region never runs past its paragraph. Linear time: every
 * mark is classified from its two neighbours and pushed and popped at most once.
 */

export type MarkFamily = 'double' | 'single';

export interface MarkRegion {
  /** Index of the opening mark. */
  open: number;
  /** Index of the closing mark, or -1 when the region runs to its paragraph end. */
  close: number;
  /** The text between the marks (or up to the paragraph end). */
  start: number;
  end: number;
  family: MarkFamily;
  /** Number of regions enclosing this one. */
  depth: number;
  /** Index of the paragraph. */
  paragraph: number;
  /** Left open at the paragraph end and continued by the next paragraph's opening mark. */
  continuesNext: boolean;
  /** Continues a region left open at the end of the previous paragraph. */
  continuation: boolean;
}

export interface Paragraph {
  start: number;
  end: number;
}

/** Paragraphs: the non-blank lines of the text (every line break ends a paragraph in news text). */
export function paragraphsOf(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13 && text.charCodeAt(j) !== 0x2029) j++;
    let s = i;
    let e = j;
    while (s < e && isSpaceCode(text.charCodeAt(s))) s++;
    while (e > s && isSpaceCode(text.charCodeAt(e - 1))) e--;
    if (e > s) out.push({ start: s, end: e });
    i = j + 1;
  }
  return out;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x200b || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x3000 || c === 11 || c === 12;
}

const DOUBLE = new Set(['"', '“', '”', '„', '«', '»', '‟', '〝', '〞', '＂']);
const SINGLE = new Set(["'", '‘', '’', '‚', '‹', '›', '‛']);
const OPEN_GLYPH = new Set(['“', '„', '«', '‘', '‚', '‹', '‟', '‛', '〝']);
const CLOSE_GLYPH = new Set(['”', '»', '’', '›', '〞']);

export function isQuoteMark(c: string): boolean {
  return DOUBLE.has(c) || SINGLE.has(c);
}
export function isDoubleMark(c: string): boolean {
  return DOUBLE.has(c);
}

const WORD = /[\p{L}\p{N}]/u;
const isWord = (c: string | undefined) => c !== undefined && (c.length === 1 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c > '\x7f' && WORD.test(c)) : WORD.test(c));
const isSpace = (c: string | undefined) => c === undefined || isSpaceCode(c.charCodeAt(0));
/** Punctuation after which an opening mark may stand: ( [ — – - / and other quote marks. */
const OPENING_PUNCT = new Set(['(', '[', '{', '—', '–', '-', '/', '\\', ':', '…', '*', '_', '>', '|']);
/** Punctuation before which a closing mark may stand. */
const CLOSING_PUNCT = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '—', '–', '-', '…', '/', '*', '_', '<', '|']);

type Role = 'open' | 'close' | 'either' | 'apos';

interface Mark {
  at: number;
  /** Word characters seen in the paragraph before this mark. */
  wc?: number;
  family: MarkFamily;
  role: Role;
  glyph: string;
  /** A closing single mark that may be a plural possessive ("dogs' bowls"). */
  possessive?: boolean;
}

/** Elisions written with a leading apostrophe: '90s, 'em, 'til, 'cause, rock 'n' roll. */
const ELISION = /^(?:\d0s\b|\d\ds\b|em\b|til\b|till\b|cause\b|cos\b|coz\b|tis\b|twas\b|bout\b|nuff\b|n\b|kay\b|ere\b|neath\b|gainst\b)/i;
const YEAR_CONTEXT = /\b(?:in|of|since|the|class|early|late|mid|by|until|til|from|to|and|summer|spring|autumn|fall|winter)\s$/i;

function classify(text: string, i: number, from: number, to: number): Mark | null {
  const c = text[i];
  const family: MarkFamily | null = DOUBLE.has(c) ? 'double' : SINGLE.has(c) ? 'single' : null;
  if (!family) return null;
  const prev = i > from ? text[i - 1] : undefined;
  const next = i + 1 < to ? text[i + 1] : undefined;
  const prevSpace = isSpace(prev);
  const nextSpace = isSpace(next);
  const prevOpenish = prevSpace || OPENING_PUNCT.has(prev!) || isQuoteMark(prev!);
  const nextCloseish = nextSpace || CLOSING_PUNCT.has(next!) || isQuoteMark(next!);
  const left = (prevOpenish && !nextSpace) || (prev === undefined && next !== undefined && (isWord(next) || /[\s….]/.test(next)) && to - i > 3);
  const right = nextCloseish && !prevSpace;
  let role: Role;
  if (family === 'single') {
    if (isWord(prev) && isWord(next)) return { at: i, family, role: 'apos', glyph: c };
    // after a digit and before something that is neither a word, a space nor closing punctuation: a measure
    if (/\d/.test(prev ?? '') && !isWord(next) && !(next === undefined || CLOSING_PUNCT.has(next) || isSpace(next))) return { at: i, family, role: 'apos', glyph: c };
    if (left && !right) {
      const after = text.slice(i + 1, Math.min(to, i + 8));
      if (ELISION.test(after)) {
        // '16 after "in", '90s; a quote may begin with a number, so plain digits need a context
        if (/^\d/.test(after) && !/^\d\ds/.test(after) && !YEAR_CONTEXT.test(text.slice(Math.max(from, i - 8), i))) role = 'open';
        else if (/^n\b/i.test(after) && !SINGLE.has(text[i + 2] ?? '')) role = 'open';
        else return { at: i, family, role: 'apos', glyph: c };
      } else role = 'open';
    } else if (right && !left) {
      // the closing mark of rock 'n' roll
      if ((prev === 'n' || prev === 'N') && SINGLE.has(text[i - 2] ?? '') && isSpace(text[i - 3])) return { at: i, family, role: 'apos', glyph: c };
      const possessive = (prev === 's' || prev === 'S' || prev === 'z' || prev === 'x') && next === ' ' && isWord(text[i + 2]);
      return { at: i, family, role: 'close', glyph: c, possessive };
    } else if (left && right) role = OPEN_GLYPH.has(c) ? 'open' : CLOSE_GLYPH.has(c) ? 'close' : 'either';
    else if (prevSpace && nextSpace) return { at: i, family, role: 'apos', glyph: c }; // a stray mark
    else role = OPEN_GLYPH.has(c) ? 'open' : CLOSE_GLYPH.has(c) ? 'close' : 'either';
  } else {
    if (left && !right) role = 'open';
    else if (right && !left) role = 'close';
    else if (prevSpace && nextSpace) role = OPEN_GLYPH.has(c) ? 'open' : CLOSE_GLYPH.has(c) ? 'close' : 'either';
    else role = OPEN_GLYPH.has(c) ? 'open' : CLOSE_GLYPH.has(c) ? 'close' : 'either';
    // inches: 5'10" — a double mark straight after a digit inside a word-like run
    if (c === '"' && /\d/.test(prev ?? '') && SINGLE.has(text[i - 3] ?? '') && /\d/.test(text[i - 4] ?? '')) return null;
  }
  return { at: i, family, role, glyph: c };
}

interface Open {
  mark: Mark;
}

/**
 * Scans one paragraph [from, to) and returns its closed regions plus the openers left unclosed
 * (outermost first).
 */
function scanParagraph(text: string, from: number, to: number, paragraph: number): { regions: MarkRegion[]; unclosed: Mark[] } {
  const marks: Mark[] = [];
  let wc = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122) || code >= 0xc0) wc++;
    // fast path: only quote-like characters can be marks
    if (code !== 34 && code !== 39 && code < 0xab) continue;
    const m = classify(text, i, from, to);
    if (m && m.role !== 'apos') {
      m.wc = wc;
      marks.push(m);
    }
  }
  // how many sure closing single marks follow each mark (for "dogs' bowls" vs a closing quote)
  const laterSingleClose = new Int32Array(marks.length + 1);
  for (let k = marks.length - 1; k >= 0; k--) {
    const m = marks[k];
    laterSingleClose[k] = laterSingleClose[k + 1] + (m.family === 'single' && m.role !== 'open' && !m.possessive ? 1 : 0);
  }
  const regions: MarkRegion[] = [];
  const stack: Open[] = [];
  /** Positions in `stack` of each family's openers (so the nearest opener of a family is found in O(1)). */
  const famStack: Record<MarkFamily, number[]> = { double: [], single: [] };
  const push = (m: Mark) => {
    famStack[m.family].push(stack.length);
    stack.push({ mark: m });
  };
  const closeAt = (m: Mark): boolean => {
    const fs = famStack[m.family];
    if (fs.length === 0) return false;
    const pos = fs[fs.length - 1];
    // openers above it stay unclosed: drop them
    while (stack.length > pos + 1) {
      const top = stack.pop()!;
      famStack[top.mark.family].pop();
    }
    const o = stack.pop()!;
    fs.pop();
    // a region without a letter or digit (""""") is no quotation
    if ((m.wc ?? 0) - (o.mark.wc ?? 0) <= 0) return true;
    regions.push({ open: o.mark.at, close: m.at, start: o.mark.at + 1, end: m.at, family: m.family, depth: 0, paragraph, continuesNext: false, continuation: false });
    return true;
  };
  for (let k = 0; k < marks.length; k++) {
    const m = marks[k];
    const fs = famStack[m.family];
    let role = m.role;
    if (role === 'either') {
      // a straight mark: it closes an open one of its family, else opens
      role = fs.length > 0 ? 'close' : 'open';
    }
    if (role === 'open') {
      // a new quotation opening after a sentence while one of the same family is still open: the
      // earlier one ended there without its closing mark ("… a rough situation. 'And I hope …")
      if (fs.length > 0 && m.glyph === stack[fs[fs.length - 1]].mark.glyph) {
        let b = m.at - 1;
        while (b > from && isSpace(text[b])) b--;
        if (b < m.at - 1 && /[.!?…]/.test(text[b])) {
          const pos = fs[fs.length - 1];
          while (stack.length > pos + 1) famStack[stack.pop()!.mark.family].pop();
          const o = stack.pop()!;
          fs.pop();
          if ((m.wc ?? 0) - (o.mark.wc ?? 0) > 0) regions.push({ open: o.mark.at, close: -1, start: o.mark.at + 1, end: b + 1, family: m.family, depth: 0, paragraph, continuesNext: false, continuation: false });
        }
      }
      push(m);
      continue;
    }
    if (m.possessive) {
      // "the dogs' bowls": a closing quote only when nothing later can close the open quote
      if (fs.length === 0 || laterSingleClose[k + 1] > 0) continue;
    }
    closeAt(m); // a closer with nothing open is ignored
  }
  return { regions, unclosed: stack.map(s => s.mark) };
}

/** Every quotation-mark region of `text`, in order of their opening marks (nested ones at most 3 deep). */
export function scanQuoteMarks(text: string, paragraphs: Paragraph[] = paragraphsOf(text)): MarkRegion[] {
  const all: MarkRegion[] = [];
  let prevContinues = false;
  for (let p = 0; p < paragraphs.length; p++) {
    const { start, end } = paragraphs[p];
    const { regions, unclosed } = scanParagraph(text, start, end, p);
    if (unclosed.length) {
      const u = unclosed[0];
      const next = paragraphs[p + 1];
      let nextOpens = false;
      if (next !== undefined && isQuoteMark(text[next.start])) {
        const m = classify(text, next.start, next.start, next.end);
        nextOpens = m !== null && (m.role === 'open' || m.role === 'either') && m.family === u.family;
      }
      const atStart = u.at === start || /^[\s—–-]*$/.test(text.slice(start, u.at));
      const afterColon = /[:,]\s*$/.test(text.slice(Math.max(start, u.at - 3), u.at));
      const words = countWords(text, u.at + 1, Math.min(end, u.at + 200));
      if ((nextOpens && words >= 1) || ((atStart || afterColon) && words >= 2)) {
        let e = end;
        const after = regions.filter(r => r.open > u.at).reduce((a, r) => Math.min(a, r.open), Infinity);
        if (after < e) e = after;
        while (e > u.at + 1 && isSpace(text[e - 1])) e--;
        regions.push({ open: u.at, close: -1, start: u.at + 1, end: e, family: u.family, depth: 0, paragraph: p, continuesNext: nextOpens, continuation: false });
      }
    }
    regions.sort((a, b) => a.open - b.open);
    // depth by containment; regions nested deeper than 3 are dropped
    const enclosing: MarkRegion[] = [];
    const kept: MarkRegion[] = [];
    for (const r of regions) {
      while (enclosing.length && !(regionEnd(enclosing[enclosing.length - 1]) > r.open)) enclosing.pop();
      r.depth = enclosing.length;
      enclosing.push(r);
      if (r.depth <= 3) kept.push(r);
    }
    if (prevContinues) {
      const first = kept.find(r => r.open === start && r.depth === 0);
      if (first) first.continuation = true;
    }
    prevContinues = kept.some(r => r.continuesNext);
    for (const r of kept) all.push(r);
  }
  return all;
}

function regionEnd(r: MarkRegion): number {
  return r.close >= 0 ? r.close : r.end;
}

function countWords(text: string, from: number, to: number): number {
  let n = 0;
  let inWord = false;
  for (let i = from; i < to; i++) {
    const w = isWord(text[i]);
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}
