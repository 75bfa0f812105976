/**
 * Hostile input: the whole core on one input, as the extension runs it — bytes decoded (or an
 * editor's text taken as is), article model (text or Markdown, sentences), entity tagger with the
 * real model, entity merging (per document and across the corpus), quotes with attribution, the
 * compare index (add, group, remove) and annotation anchoring on the text and on an edited copy.
 * Shared by the unit test (test/unit/hostile.test.ts) and `npm run fuzz`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { analyzeArticle, ArticleInputError, articleQuotes, createNerTagger, decodeArticleBytes, EntityIndex, entitiesToSource, extractPlainEntities, type Tagger } from '../../src/core';
import { CompareIndex } from '../../src/core/compare';
import { anchor, quoteAt } from '../../src/core/annotations';

/** The repository root, from out/test/unit or out/bench (bundled) alike. */
export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    try {
      readdirSync(join(dir, 'seeds'));
      return dir;
    } catch {
      dir = resolve(dir, '..');
    }
  }
  throw new Error('repository root not found (no seeds/ above the bundle)');
}

export function seedTexts(): string[] {
  const dir = join(repoRoot(), 'seeds');
  return readdirSync(dir)
    .filter(n => /\.(txt|md)$/.test(n))
    .sort()
    .map(n => readFileSync(join(dir, n), 'utf8'));
}

export function loadTagger(): Tagger {
  return createNerTagger(readFileSync(join(repoRoot(), 'media', 'models', 'ner.bin')));
}

/** One input: an editor's text, or a file's bytes; read as plain text or as Markdown. */
export interface HostileInput {
  /** A string is an open document's text; bytes are a file read from disk. */
  content: string | Uint8Array;
  format: 'txt' | 'md';
  /** Where an annotation is placed (fractions of the text), and the edit made before re-anchoring. */
  annotation?: { at: number; length: number; edit: number };
}

export interface RunResult {
  /** Characters analysed (0 when the bytes were refused as binary or too large). */
  chars: number;
  /** wall-clock time */
  ms: number;
  /** CPU time of the process (user + system): what the input cost, whatever else the machine runs */
  cpuMs: number;
  refused?: string;
  quotes: number;
  mentions: number;
  /** when the compare groups of the small corpus were computed after this input: how long that took */
  groupsMs?: number;
}

/** Runs inputs through the core; keeps a small rolling corpus so compare and cross-document merging see several articles. */
export class HostilePipeline {
  private readonly compare = new CompareIndex();
  private readonly entityIndex = new EntityIndex();
  private readonly window: string[] = [];
  private n = 0;

  constructor(private readonly tagger: Tagger, private readonly corpusSize = 4) {
    this.entityIndex.lexicon = tagger.lexicon;
  }

  run(input: HostileInput): RunResult {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const cpu = () => {
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / 1000;
    };
    const uri = `mem:/hostile/${this.n++}.${input.format}`;
    let text: string;
    let warnings: string[] = [];
    if (typeof input.content === 'string') text = input.content;
    else {
      try {
        ({ text, warnings } = decodeArticleBytes(input.content));
      } catch (e) {
        if (!(e instanceof ArticleInputError)) throw e;
        return { chars: 0, ms: performance.now() - t0, cpuMs: cpu(), refused: e.code, quotes: 0, mentions: 0 };
      }
    }
    const analysis = analyzeArticle(text, { uri, format: input.format === 'md' ? 'markdown' : 'text', warnings });
    checkSpans(analysis.model.sentences, text.length, 'sentence');
    checkSpans(analysis.model.paragraphs, text.length, 'paragraph');
    const plain = extractPlainEntities(analysis, this.tagger);
    const entities = entitiesToSource(analysis, plain);
    checkSpans(entities.mentions, text.length, 'mention');
    this.entityIndex.set(uri, entities);
    const quotes = articleQuotes(analysis, plain);
    checkSpans(quotes, text.length, 'quote');
    this.compare.set(uri, {
      text,
      model: analysis.model,
      entities,
      quotes,
      canonical: key => this.entityIndex.byKey(key)?.canonical,
      file: uri,
    });
    this.window.push(uri);
    if (this.window.length > this.corpusSize) {
      const old = this.window.shift()!;
      this.compare.delete(old);
      this.entityIndex.delete(old);
    }
    if (input.annotation && text.length > 0) {
      const { at, length, edit } = input.annotation;
      const start = Math.floor(at * text.length);
      const end = Math.min(text.length, start + 1 + Math.floor(length * 200));
      const target = { quote: quoteAt(text, { start, end }), position: { start, end } };
      const same = anchor(target, text);
      if (same.start !== start || same.end !== end) throw new Error(`annotation not found in unchanged text: ${JSON.stringify(same)} for ${start}-${end}`);
      // an edit near the annotation: a cut, or a paste of other text
      const cut = Math.floor(edit * text.length);
      const edited = text.slice(0, cut) + (edit < 0.5 ? '' : ' inserted words “here” ') + text.slice(Math.min(text.length, cut + 40));
      const moved = anchor(target, edited);
      if (moved.start < 0 || moved.end > edited.length || moved.start > moved.end) throw new Error(`anchor out of range: ${JSON.stringify(moved)}`);
    }
    const ms = performance.now() - t0;
    const cpuMs = cpu();
    // the groups of the small corpus, every few articles: timed apart, since they cost what the
    // other articles of the corpus hold as much as what this one does
    let groupsMs: number | undefined;
    if (this.n % 8 === 0) {
      const g0 = performance.now();
      this.compare.groups();
      groupsMs = performance.now() - g0;
    }
    return { chars: text.length, ms, cpuMs, quotes: quotes.length, mentions: entities.mentions.length, ...(groupsMs !== undefined ? { groupsMs } : {}) };
  }
}

function checkSpans(spans: readonly { start: number; end: number }[], n: number, what: string): void {
  for (const s of spans) {
    if (!(s.start >= 0 && s.start <= s.end && s.end <= n)) throw new Error(`${what} span out of range: ${s.start}-${s.end} in a text of ${n}`);
  }
}

// ---------------------------------------------------------------- generators

const QUOTE_MARKS = ['"', '“', '”', "'", '‘', '’', '«', '»', '„'];
const MARKUP = ['*', '_', '`', '[', ']', '(', ')', '#', '>', '|', '<', '&', '!', '-', '+', '~', '\\', '=', ':', '\n', ' '];
/** Code units that break naive code: NUL, BOM, lone surrogates, astral characters, line and paragraph separators, controls. */
const ODD = ['\0', '\uFEFF', '\uD800', '\uDFFF', '\uDBFF', '😀', '𝕏', '👨‍👩‍👧', '\u2028', '\u2029', '\u0085', '\u200B', '\u00A0', '\r', '\r\n', '\n', '\t', '\u0007', '\uFFFD', '\u0301', 'İ', 'ß', 'ﬁ'];

/** Markdown markup that makes parsers work: emphasis runs, links, brackets, code spans, tables, HTML. */
const MARKDOWN_FLOODS = ['*', '_', '**a', '[a](', '[', '](', '`', '``a', '<a ', '&amp;', '> ', '# ', '| a ', '\\*', '![x](y)', '[^1]', '***', '~~'];

export const unitArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...QUOTE_MARKS) },
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD) },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }) },
  { weight: 6, arbitrary: fc.constantFrom('said', 'Mr', 'Dr.', 'John', 'Smith', 'U.S.', 'the', 'according to', '2.5%', '$5 billion', 'told', ' ', '. ', ', ', 'Paris') },
);

export type Mutation =
  | { op: 'insert'; at: number; s: string; times: number }
  | { op: 'delete'; at: number; len: number }
  | { op: 'repeat'; at: number; len: number; times: number }
  | { op: 'eol'; style: '\r\n' | '\r' | '\n' | 'mixed' }
  | { op: 'join' }
  | { op: 'upper'; at: number; len: number }
  | { op: 'swap'; a: number; b: number; len: number }
  | { op: 'truncate'; at: number };

const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('insert' as const), at: frac, s: unitArb, times: fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }) }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at: frac, s: fc.constantFrom(...MARKDOWN_FLOODS), times: fc.integer({ min: 1, max: 2000 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: frac, len: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('repeat' as const), at: frac, len: fc.integer({ min: 1, max: 200 }), times: fc.integer({ min: 2, max: 30 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('eol' as const), style: fc.constantFrom('\r\n' as const, '\r' as const, '\n' as const, 'mixed' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('join' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('upper' as const), at: frac, len: fc.integer({ min: 1, max: 2000 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap' as const), a: frac, b: frac, len: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: frac }) },
);

export function mutate(text: string, m: Mutation): string {
  const pos = (f: number) => Math.floor(f * (text.length + 1));
  switch (m.op) {
    case 'insert': {
      const i = pos(m.at);
      return text.slice(0, i) + m.s.repeat(m.times) + text.slice(i);
    }
    case 'delete': {
      const i = pos(m.at);
      return text.slice(0, i) + text.slice(i + m.len);
    }
    case 'repeat': {
      const i = pos(m.at);
      return text.slice(0, i) + text.slice(i, i + m.len).repeat(m.times) + text.slice(i);
    }
    case 'eol': {
      let k = 0;
      const styles = ['\r\n', '\r', '\n', '\u2028'];
      return text.replace(/\r\n|\r|\n/g, () => (m.style === 'mixed' ? styles[k++ % styles.length] : m.style));
    }
    case 'join':
      return text.replace(/\r\n|\r|\n/g, ' ');
    case 'upper': {
      const i = pos(m.at);
      return text.slice(0, i) + text.slice(i, i + m.len).toUpperCase() + text.slice(i + m.len);
    }
    case 'swap': {
      const [a, b] = [pos(m.a), pos(m.b)].sort((x, y) => x - y);
      const len = Math.min(m.len, b - a);
      return text.slice(0, a) + text.slice(b, b + len) + text.slice(a + len, b) + text.slice(a, a + len) + text.slice(b + len);
    }
    case 'truncate':
      return text.slice(0, pos(m.at));
  }
}

export type ByteMutation = { at: number; bytes: number[] };

/** Invalid UTF-8: stray continuation bytes, truncated sequences, overlong forms, surrogates encoded, 0xFE/0xFF, NUL. */
const BAD_BYTES = [[0x80], [0xbf], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xfe], [0xff], [0xe2, 0x80], [0xf0, 0x9f], [0xc3], [0x00], [0xef, 0xbb, 0xbf], [0xff, 0xfe]];
export const byteMutationArb: fc.Arbitrary<ByteMutation> = fc.record({
  at: frac,
  bytes: fc.oneof(fc.constantFrom(...BAD_BYTES), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 })),
});

export function mutateBytes(bytes: Uint8Array, ms: ByteMutation[]): Uint8Array {
  let out = bytes;
  for (const m of ms) {
    const i = Math.floor(m.at * (out.length + 1));
    const next = new Uint8Array(out.length + m.bytes.length);
    next.set(out.subarray(0, i));
    next.set(m.bytes, i);
    next.set(out.subarray(i), i + m.bytes.length);
    out = next;
  }
  return out;
}

/** Articles to mutate: a seed, a slice of one, paragraphs of several mixed, or arbitrary strings. */
export function articleArb(seeds: string[], maxSlice = 6000, maxParagraphs = 8): fc.Arbitrary<string> {
  const seed = fc.nat({ max: seeds.length - 1 }).map(i => seeds[i]);
  const slice = fc.tuple(fc.nat({ max: seeds.length - 1 }), frac, fc.integer({ min: 0, max: maxSlice })).map(([i, at, len]) => {
    const s = seeds[i];
    const from = Math.floor(at * s.length);
    return s.slice(from, from + len);
  });
  const paragraphs = seeds.flatMap(s => s.split(/\n+/)).filter(p => p.trim());
  const mixed = fc.array(fc.nat({ max: paragraphs.length - 1 }), { minLength: 1, maxLength: maxParagraphs }).chain(ix =>
    fc.constantFrom('\n', '\n\n', '\r\n\r\n').map(sep => ix.map(i => paragraphs[i]).join(sep)),
  );
  const arbitrary = fc.array(unitArb, { maxLength: 400 }).map(us => us.join(''));
  return fc.oneof({ weight: 1, arbitrary: seed }, { weight: 10, arbitrary: slice }, { weight: 6, arbitrary: mixed }, { weight: 4, arbitrary: arbitrary });
}

/** A generated hostile input: an article, mutated, as an editor's text or as (possibly broken) file bytes. */
export function hostileInputArb(seeds: string[], maxSlice = 6000, maxParagraphs = 8): fc.Arbitrary<HostileInput> {
  return fc
    .record({
      base: articleArb(seeds, maxSlice, maxParagraphs),
      mutations: fc.array(mutationArb, { maxLength: 5 }),
      format: fc.constantFrom('txt' as const, 'md' as const),
      asBytes: fc.boolean(),
      byteMutations: fc.array(byteMutationArb, { maxLength: 4 }),
      annotation: fc.option(fc.record({ at: frac, length: frac, edit: frac }), { nil: undefined }),
    })
    .map(({ base, mutations, format, asBytes, byteMutations, annotation }) => {
      let text = base;
      for (const m of mutations) {
        text = mutate(text, m);
        if (text.length > 120_000) text = text.slice(0, 120_000);
      }
      const content = asBytes ? mutateBytes(new TextEncoder().encode(text), byteMutations) : text;
      return { content, format, ...(annotation ? { annotation } : {}) };
    });
}

// ---------------------------------------------------------------- the explicit cases

export interface ExplicitCase {
  name: string;
  make: () => string | Uint8Array;
}

function randomText(n: number, alphabet: string[], seed: number): string {
  let a = seed >>> 0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out.push(alphabet[a % alphabet.length]);
  }
  return out.join('');
}

/** Repeats `unit` until `size` code units. */
function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** Catastrophic cases: each is read both as plain text and as Markdown. `scale` shrinks them (1 = the sizes the issue names). */
export function explicitCases(seeds: string[], scale = 1): ExplicitCase[] {
  const MB = Math.round(1_000_000 * scale);
  const prose = seeds.join('\n\n');
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
  const cases: ExplicitCase[] = [];
  for (const q of ['"', '“', '”', "'", '‘', '’']) cases.push({ name: `1 MB of ${q}`, make: () => fill(q, MB) });
  cases.push({ name: '1 MB of mixed quote marks', make: () => randomText(MB, ['"', '“', '”', "'", '‘', '’'], 1) });
  cases.push({ name: '1 MB of “” pairs', make: () => fill('“”', MB) });
  cases.push({ name: '1 MB of quote marks between words', make: () => randomText(MB, ['"', '“', '”', "'", '‘', '’', 'a', 'I', ' ', 'said', '.', ',', '\n'], 2) });
  cases.push({ name: '1 MB without spaces (letters)', make: () => randomText(MB, letters, 3) });
  cases.push({ name: '1 MB without spaces (prose with spaces removed)', make: () => fill(prose.replace(/\s+/g, ''), MB) });
  cases.push({ name: '1 MB without spaces (capitalised words run together)', make: () => fill('JohnSmithSaidParis', MB) });
  cases.push({ name: "100,000 apostrophes (')", make: () => fill("'", Math.round(100_000 * scale)) });
  cases.push({ name: '100,000 apostrophes (’)', make: () => fill('’', Math.round(100_000 * scale)) });
  cases.push({ name: "100,000 apostrophes in words (it's rock 'n' roll)", make: () => fill("it's rock 'n' roll, the '90s' ", Math.round(100_000 * 30 / 11 * scale)) });
  cases.push({ name: '5 MB single line (prose)', make: () => fill(prose.replace(/\r?\n/g, ' ') + ' ', 5 * MB) });
  cases.push({ name: '1 MB single line of one word', make: () => fill('word ', MB) });
  cases.push({ name: '1 MB of capitalised names', make: () => fill('John Smith ', MB) });
  cases.push({ name: '1 MB of periods', make: () => fill('.', MB) });
  cases.push({ name: '1 MB of digits', make: () => fill('1', MB) });
  cases.push({ name: '1 MB of spaces', make: () => fill(' ', MB) });
  cases.push({ name: '1 MB of thousands separators (123,456,…)', make: () => fill('123,', MB) + '% dollars' });
  cases.push({ name: '1 MB of decimals (1.2.3…)', make: () => fill('1.', MB) + '%' });
  cases.push({ name: '1 MB of digits, commas and points', make: () => randomText(MB, ['1', '2', ',', '.', '0', '%', ' '], 6) });
  cases.push({ name: '1 MB of "Mr. " (abbreviations)', make: () => fill('Mr. ', MB) });
  cases.push({ name: '1 MB of newlines', make: () => fill('\n', MB) });
  cases.push({ name: '1 MB of mixed line endings', make: () => randomText(MB, ['\r\n', '\r', '\n', 'a ', 'Said ', '“x” '], 4) });
  cases.push({ name: 'prose with mixed line endings', make: () => fill(prose.replace(/\n/g, (_, i: number) => ['\r\n', '\r', '\n'][i % 3]), MB) });
  cases.push({ name: 'NUL bytes in text (editor)', make: () => fill('Paris\0 said\0“a\0”\0', MB) });
  cases.push({ name: 'NUL bytes in a file', make: () => new TextEncoder().encode(fill('Paris\0said', MB)) });
  cases.push({ name: 'invalid UTF-8 bytes', make: () => Uint8Array.from({ length: MB }, (_, i) => [0xc3, 0x80, 0xff, 0x41, 0xe2, 0x80, 0x20, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98][i % 13]) });
  cases.push({ name: 'prose with invalid UTF-8 every 50 bytes', make: () => {
    const b = new TextEncoder().encode(fill(prose, MB));
    for (let i = 0; i < b.length; i += 50) b[i] = 0xff;
    return b;
  } });
  cases.push({ name: 'UTF-16 LE with BOM', make: () => {
    const s = '\uFEFF' + fill(prose, Math.round(MB / 4));
    const b = new Uint8Array(s.length * 2);
    for (let i = 0; i < s.length; i++) {
      b[2 * i] = s.charCodeAt(i) & 0xff;
      b[2 * i + 1] = s.charCodeAt(i) >> 8;
    }
    return b;
  } });
  cases.push({ name: 'lone surrogates and astral characters', make: () => randomText(MB, ['\uD800', '\uDC00', '😀', '𝕏', 'a', ' ', '“', '”', '\uFEFF'], 5) });
  for (const m of ['*', '_', '`', '[', ']', '#', '>', '|', '<', '&', '\\', '[a](', '**a', '![', '- ', '1. ', '    ']) {
    cases.push({ name: `Markdown flood: 1 MB of ${JSON.stringify(m)}`, make: () => fill(m, MB) });
  }
  cases.push({ name: 'Markdown flood: nested brackets and emphasis', make: () => '['.repeat(MB / 4) + '*_'.repeat(MB / 8) + ']'.repeat(MB / 4) });
  cases.push({ name: 'Markdown flood: a table of 10,000 rows', make: () => '| a | b |\n|---|---|\n' + fill('| “x” said Smith | y |\n', MB) });
  cases.push({ name: 'Markdown flood: a 1 MB HTML block', make: () => '<div>\n' + fill('<span a="“">Paris said</span>', MB) + '\n</div>\n' });
  return cases;
}
