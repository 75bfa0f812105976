/**
 * The article model: headline, date, outlet, paragraphs, sentences, boilerplate and bundled stories
 * of one document. Works on plain text and Markdown; every span is an offset into the source
 * document (UTF-16 code units), whatever the format.
 */
import type { ArticleFormat, ArticleModel, ArticlePart, BoilerplateBlock, BoilerplateKind, Paragraph, Sentence, Span, TitleSource } from '../types';
import { OffsetMap } from '../text/offsetMap';
import { mapPacked } from '../packed';
import { markdownToPlain, type TextBlock } from '../text/markdown';
import { countWords, splitSentences } from '../text/sentences';
import { classifyBlock, isHeadlineLike, isTimestampLine } from './boilerplate';
import { findDate, readDateLine, readDateline, readOutletLine, type Found } from './metadata';

export interface AnalyzeOptions {
  uri?: string;
  /** Defaults to Markdown for `.md`/`.markdown` URIs, plain text otherwise. */
  format?: ArticleFormat;
  warnings?: string[];
  /**
   * Incremental analysis (src/core/analysis/incremental.ts): what earlier versions found in each
   * block of text, by the block's text (`BlockFacts`).
   */
  blocks?: BlockMemo;
}

/**
 * What the model reads of one block (a line or paragraph) alone: its boilerplate class, its
 * sentences (offsets relative to the block's start) and its word count — each a function of the
 * block's text (`classifyBlock`, and `splitSentences` and `countWords` read only the span they are
 * given), so kept by incremental analysis from one version to the next; filled when first needed.
 */
export interface BlockFacts {
  kind?: BoilerplateKind | null;
  sentences?: Span[];
  words?: number;
}

export interface BlockMemo {
  get(text: string): BlockFacts | undefined;
  set(text: string, facts: BlockFacts): void;
}

/** The facts of a block with this text: the memo's, else new (empty: filled when first needed). */
function blockFacts(memo: BlockMemo | undefined, body: string): BlockFacts {
  if (!memo) return {};
  let facts = memo.get(body);
  if (!facts) {
    facts = {};
    memo.set(body, facts);
  }
  return facts;
}

/** The analysed text beside the model: what later stages (quotes, entities, claims) read. */
export interface PlainView {
  text: string;
  map: OffsetMap;
}

export interface ArticleAnalysis {
  model: ArticleModel;
  plain: PlainView;
  /** The source document's text (what every span of the model indexes). */
  source: string;
}

interface Block extends Span {
  text: string;
  heading?: number;
  kind: BoilerplateKind | null;
  facts: BlockFacts;
}

/**
 * The number of words (runs of non-space) in s, counted up to `limit + 1` only: every caller
 * compares it with a small bound, and the story header check asks it of every block, so a long
 * paragraph is not split into an array of its words for it.
 */
function wordsIn(s: string, limit: number): number {
  const re = /\S+/g;
  let n = 0;
  while (n <= limit && re.test(s)) n++;
  return n;
}

export function formatOf(uri: string | undefined): ArticleFormat {
  return uri && /\.(?:md|markdown|mdown|mkd)$/i.test(uri) ? 'markdown' : 'text';
}

/** Plain-text blocks: one per line, or one per blank-line-separated block for hard-wrapped text. */
function textBlocks(source: string): { text: string; blocks: TextBlock[] } {
  const lines: Span[] = [];
  const re = /\r\n|\r|\n/g;
  let at = 0;
  for (let m; (m = re.exec(source)); ) {
    lines.push({ start: at, end: m.index });
    at = m.index + m[0].length;
  }
  lines.push({ start: at, end: source.length });
  const blank = (l: Span) => !/\S/.test(source.slice(l.start, Math.min(l.end, l.start + 400))) && !/\S/.test(source.slice(l.start, l.end));
  // Hard-wrapped prose: most lines sit in runs of several lines of similar, moderate length.
  let inRuns = 0;
  let nonBlank = 0;
  let longLines = 0;
  for (let i = 0; i < lines.length; i++) {
    if (blank(lines[i])) continue;
    nonBlank++;
    const len = lines[i].end - lines[i].start;
    if (len > 120) longLines++;
    const next = lines[i + 1];
    const prev = lines[i - 1];
    if ((next && !blank(next)) || (prev && !blank(prev))) inRuns++;
  }
  const wrapped = nonBlank >= 6 && inRuns / nonBlank >= 0.6 && longLines / nonBlank < 0.1 && lines.some(blank);
  const blocks: TextBlock[] = [];
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(source[start])) start++;
    while (end > start && /\s/.test(source[end - 1])) end--;
    if (end > start) blocks.push({ start, end });
  };
  if (!wrapped) {
    for (const l of lines) push(l.start, l.end);
    return { text: source, blocks };
  }
  let runStart = -1;
  let runEnd = -1;
  for (const l of lines) {
    if (blank(l)) {
      if (runStart >= 0) push(runStart, runEnd);
      runStart = -1;
    } else {
      if (runStart < 0) runStart = l.start;
      runEnd = l.end;
    }
  }
  if (runStart >= 0) push(runStart, runEnd);
  // Line breaks inside a block are spaces to the analysis (same length: offsets unchanged).
  const chars = source.split('');
  for (const b of blocks) for (let i = b.start; i < b.end; i++) if (chars[i] === '\n' || chars[i] === '\r') chars[i] = ' ';
  return { text: chars.join(''), blocks };
}

interface Header {
  /** Index of the first block after the header cluster. */
  next: number;
  outlet: Found<string> & { block: number } | null;
  date: Found<string> & { block: number } | null;
  blocks: { index: number; kind: BoilerplateKind }[];
}

function shortName(text: string): boolean {
  const t = text.trim();
  return t.length <= 60 && wordsIn(t, 6) <= 6 && !/[.!?:;,]$/.test(t) && /^(?:[-–—|•]\s*|by\s+|from\s+|source:\s*)?[\p{Lu}\p{N}]/iu.test(t);
}

/**
 * A story header: an outlet name and a timestamp in short lines ("ITV News / 25 minutes ago /
 * - ITV News"), then a headline and body text. Pages that bundle several stories repeat it.
 */
function headerAt(blocks: Block[], i: number): Header | null {
  const names: number[] = [];
  const stamps: number[] = [];
  let j = i;
  while (j < blocks.length && j < i + 5) {
    const b = blocks[j];
    if (b.heading) break;
    const t = b.text.trim();
    const date = wordsIn(t, 8) <= 8 ? findDate(t) : null;
    if (isTimestampLine(t) || (date && date.span.end - date.span.start >= t.length * 0.6)) {
      stamps.push(j);
      j++;
      continue;
    }
    if (shortName(t) && (stamps.length === 0 ? names.length < 2 : /^(?:[-–—|•]\s*|by\s+|source:\s*)/i.test(t))) {
      names.push(j);
      j++;
      continue;
    }
    break;
  }
  if (stamps.length === 0 || names.length === 0) return null;
  const title = blocks[j];
  const body = blocks[j + 1];
  if (!title || !body || !isHeadlineLike(title.text) || body.kind || wordsIn(body.text, 10) < 10) return null;
  // The outlet: a "- Name" / "Source: Name" line, else the first name line.
  const dashed = names.find(k => /^(?:[-–—|•]\s*|source:\s*|from\s+)/i.test(blocks[k].text.trim()));
  const pick = dashed ?? names[0];
  const raw = blocks[pick].text;
  const lead = /^\s*(?:[-–—|•]\s*|by\s+|from\s+|source:\s*)?/i.exec(raw)![0].length;
  let value = raw.slice(lead).trim();
  if (/^by\s/i.test(raw.trim())) value = value.includes(',') ? value.split(',').pop()!.trim() : '';
  const outlet = value ? { value, span: { start: lead, end: lead + value.length }, block: pick } : null;
  let date: Header['date'] = null;
  for (const k of stamps) {
    const d = findDate(blocks[k].text);
    if (d) {
      date = { ...d, block: k };
      break;
    }
  }
  return {
    next: j,
    outlet,
    date,
    blocks: [...names.map(index => ({ index, kind: 'metadata' as const })), ...stamps.map(index => ({ index, kind: 'timestamp' as const }))],
  };
}

interface PartDraft {
  first: number;
  header: Header | null;
  blocks: number[];
}

function shift(s: Span, by: number): Span {
  return { start: s.start + by, end: s.end + by };
}

function titleFromLead(text: string, sentence: Span, datelineEnd: number): { title: string; span: Span } {
  const start = Math.max(sentence.start, datelineEnd);
  let title = text.slice(start, sentence.end).trim();
  const span = { start, end: sentence.end };
  if (title.length > 140) {
    const cut = title.lastIndexOf(' ', 139);
    title = `${title.slice(0, cut > 60 ? cut : 139).replace(/[\s,;:–—-]+$/, '')}…`;
  }
  return { title, span };
}

/** Analyses one document. Never throws on text input: odd input gives an odd but valid model. */
export function analyzeArticle(source: string, options: AnalyzeOptions = {}): ArticleAnalysis {
  const format = options.format ?? formatOf(options.uri);
  const warnings = [...(options.warnings ?? [])];
  let text: string;
  let map: OffsetMap;
  let rawBlocks: TextBlock[];
  let frontMatter: ReturnType<typeof markdownToPlain>['frontMatter'] = {};
  if (format === 'markdown') {
    const md = markdownToPlain(source);
    ({ text, map, frontMatter } = md);
    warnings.push(...md.warnings);
    rawBlocks = md.blocks;
  } else {
    const t = textBlocks(source);
    text = t.text;
    rawBlocks = t.blocks;
    map = OffsetMap.identity(source.length);
  }

  const blocks: Block[] = [];
  const boilerplate: BoilerplateBlock[] = [];
  let pageDate: Found<string> | null = null;

  for (const [index, rb] of rawBlocks.entries()) {
    let start = rb.start;
    const raw = text.slice(rb.start, rb.end);
    if (index === 0 && !rb.heading) {
      const dl = readDateLine(raw);
      if (dl) {
        pageDate = { value: dl.date, span: shift(dl.span, rb.start) };
        boilerplate.push({ ...shift(dl.span, rb.start), kind: 'metadata' });
        start = rb.start + dl.span.end;
        while (start < rb.end && /\s/.test(text[start])) start++;
        if (start >= rb.end) continue;
      }
    }
    const body = text.slice(start, rb.end);
    const facts = blockFacts(options.blocks, body);
    const classify = () => (facts.kind === undefined ? (facts.kind = classifyBlock(body)) : facts.kind);
    const kind = rb.heading ? (/^(?:related|comments?|read more|more from)\b/i.test(body) ? classify() : null) : classify();
    blocks.push({ start, end: rb.end, text: body, heading: rb.heading, kind, facts });
  }

  // A short line between two boilerplate blocks belongs to them ("Please select one list." in a sign-up box).
  for (let i = 1; i + 1 < blocks.length; i++) {
    const b = blocks[i];
    const kind = blocks[i - 1].kind;
    if (!b.kind && kind && kind === blocks[i + 1].kind && kind !== 'metadata' && kind !== 'timestamp' && wordsIn(b.text, 12) <= 12) b.kind = kind;
  }

  // Split into stories at story headers; after a "Related" heading, link lists are boilerplate.
  const drafts: PartDraft[] = [];
  let current: PartDraft = { first: 0, header: null, blocks: [] };
  let contentSeen = false;
  let inRelated = false;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (!b.kind || b.kind === 'timestamp') {
      const header = headerAt(blocks, i);
      if (header) {
        if (contentSeen) {
          drafts.push(current);
          current = { first: i, header, blocks: [] };
        } else {
          current.header = header;
          current.first = Math.min(current.first, i);
        }
        for (const hb of header.blocks) blocks[hb.index].kind = hb.kind;
        i = header.next - 1;
        inRelated = false;
        continue;
      }
    }
    if (b.kind === 'related') inRelated = true;
    else if (!b.kind && inRelated) {
      if (wordsIn(b.text, 20) < 20) b.kind = 'related';
      else inRelated = false;
    }
    if (!b.kind) contentSeen = true;
    current.blocks.push(i);
  }
  drafts.push(current);

  for (const b of blocks) if (b.kind && !boilerplate.some(x => x.start === b.start)) boilerplate.push({ start: b.start, end: b.end, kind: b.kind });
  boilerplate.sort((a, b) => a.start - b.start);

  // Outlets named by closing lines belong to the story they follow.
  const closingOutlet = new Map<number, Found<string>>();
  for (const [p, d] of drafts.entries()) {
    for (const k of d.blocks) {
      const b = blocks[k];
      if (!b.kind && k !== d.blocks[d.blocks.length - 1]) continue;
      const o = readOutletLine(b.text);
      if (o && !closingOutlet.has(p)) closingOutlet.set(p, { value: o.value, span: shift(o.span, b.start) });
    }
  }

  const parts: ArticlePart[] = [];
  const frontMatterSpans: { title?: Span; date?: Span; outlet?: Span }[] = [];
  for (const [p, d] of drafts.entries()) {
    const content = d.blocks.filter(k => !blocks[k].kind);
    const paragraphs: Paragraph[] = [];
    const sentences: Sentence[] = [];
    let words = 0;
    let title: { title: string; span: Span; source: TitleSource } | null = null;
    const fmTitle = p === 0 ? frontMatter.title : undefined;
    // Front matter lies outside the analysed text: its spans are kept in source offsets.
    const sourceSpans: { title?: Span; date?: Span; outlet?: Span } = {};
    if (fmTitle) {
      title = { title: fmTitle.value, span: { start: 0, end: 0 }, source: 'frontmatter' };
      sourceSpans.title = { start: fmTitle.start, end: fmTitle.end };
    }
    for (const [n, k] of content.entries()) {
      const b = blocks[k];
      const heading = Boolean(b.heading) || (isHeadlineLike(b.text, 20) && n + 1 < content.length);
      if (!title && n === 0 && content.length > 1 && (b.heading || isHeadlineLike(b.text))) {
        title = { title: b.text.trim().replace(/\s+/g, ' '), span: { start: b.start, end: b.end }, source: b.heading ? 'heading' : 'headline' };
      }
      paragraphs.push(heading ? { start: b.start, end: b.end, heading: true } : { start: b.start, end: b.end });
      const f = b.facts;
      if (options.blocks) {
        f.sentences ??= mapPacked(splitSentences(b.text), x => ({ start: x.start, end: x.end }));
        for (const x of f.sentences) sentences.push({ start: x.start + b.start, end: x.end + b.start, paragraph: paragraphs.length - 1 });
        words += f.words ??= countWords(b.text);
      } else {
        for (const x of splitSentences(text, b.start, b.end)) sentences.push({ ...x, paragraph: paragraphs.length - 1 });
        words += countWords(text, b.start, b.end);
      }
    }
    // The dateline opens the first paragraph that is not the headline.
    const firstBody = paragraphs.find(x => !title || title.source === 'frontmatter' || x.start !== title.span.start);
    const dl = firstBody ? readDateline(text.slice(firstBody.start, Math.min(firstBody.end, firstBody.start + 200))) : null;
    if (!title && firstBody) {
      const lead = sentences.find(s => s.start >= firstBody.start);
      if (lead) {
        const t = titleFromLead(text, lead, dl ? firstBody.start + dl.span.end : lead.start);
        title = { title: t.title, span: t.span, source: 'lead' };
      }
    }
    let outlet: Found<string> | null = null;
    if (p === 0 && (frontMatter.source ?? frontMatter.outlet ?? frontMatter.publisher ?? frontMatter.site)) {
      const f = frontMatter.source ?? frontMatter.outlet ?? frontMatter.publisher ?? frontMatter.site;
      outlet = { value: f.value, span: { start: 0, end: 0 } };
      sourceSpans.outlet = { start: f.start, end: f.end };
    }
    if (!outlet && d.header?.outlet) outlet = { value: d.header.outlet.value, span: shift(d.header.outlet.span, blocks[d.header.outlet.block].start) };
    if (!outlet && dl?.outlet && firstBody) outlet = { value: dl.outlet.value, span: shift(dl.outlet.span, firstBody.start) };
    if (!outlet) outlet = closingOutlet.get(p) ?? null;
    let date: Found<string> | null = null;
    if (p === 0 && frontMatter.date) {
      const f = findDate(frontMatter.date.value);
      if (f) {
        date = { value: f.value, span: { start: 0, end: 0 } };
        sourceSpans.date = { start: frontMatter.date.start, end: frontMatter.date.end };
      }
    }
    if (!date && d.header?.date) date = { value: d.header.date.value, span: shift(d.header.date.span, blocks[d.header.date.block].start) };
    if (!date && p === 0 && pageDate) date = pageDate;
    if (!date) {
      // A full date in a short line near the top (a byline or "Published" line).
      for (const k of d.blocks.slice(0, 4)) {
        const b = blocks[k];
        if (wordsIn(b.text, 14) > 14) continue;
        const f = findDate(b.text);
        if (f) {
          date = { value: f.value, span: shift(f.span, b.start) };
          break;
        }
      }
    }
    const indices = [...(d.header?.blocks.map(x => x.index) ?? []), ...d.blocks];
    const start = indices.length ? Math.min(...indices.map(k => blocks[k].start)) : 0;
    const lastContent = content.length ? blocks[content[content.length - 1]].end : start;
    const end = Math.max(lastContent, start);
    frontMatterSpans.push(sourceSpans);
    parts.push({
      start,
      end,
      title: title?.title ?? null,
      titleSpan: title?.span ?? null,
      titleSource: title?.source ?? null,
      date: date?.value ?? null,
      dateSpan: date?.span ?? null,
      outlet: outlet?.value ?? null,
      outletSpan: outlet?.span ?? null,
      dateline: dl?.place && firstBody ? { place: dl.place, span: shift(dl.span, firstBody.start) } : null,
      paragraphs,
      sentences,
      boilerplate: boilerplate.filter(x => x.start >= start && x.end <= end),
      wordCount: words,
    });
  }

  const toSource = (s: Span): Span => map.spanToSource(s.start, s.end);
  const mapPart = (part: ArticlePart, i: number): ArticlePart => ({
    ...part,
    ...toSource(part),
    titleSpan: frontMatterSpans[i].title ?? (part.titleSpan && toSource(part.titleSpan)),
    dateSpan: frontMatterSpans[i].date ?? (part.dateSpan && toSource(part.dateSpan)),
    outletSpan: frontMatterSpans[i].outlet ?? (part.outletSpan && toSource(part.outletSpan)),
    dateline: part.dateline && { place: part.dateline.place, span: toSource(part.dateline.span) },
    paragraphs: part.paragraphs.map(x => ({ ...x, ...toSource(x) })),
    sentences: part.sentences.map(x => ({ ...x, ...toSource(x) })),
    boilerplate: part.boilerplate.map(x => ({ ...x, ...toSource(x) })),
  });
  const mapped = mapPacked(parts, mapPart);
  const main = mapped[0];
  const all = (f: (p: ArticlePart) => Paragraph[] | Sentence[]) => mapped.flatMap(f);
  // Sentence paragraph indices refer to the page-wide paragraph list in the top-level model.
  let offset = 0;
  const pageSentences: Sentence[] = [];
  for (const part of mapped) {
    for (const s of part.sentences) pageSentences.push({ ...s, paragraph: s.paragraph + offset });
    offset += part.paragraphs.length;
  }
  const model: ArticleModel = {
    uri: options.uri ?? '',
    format,
    length: source.length,
    ...main,
    start: 0,
    end: source.length,
    paragraphs: all(p => p.paragraphs) as Paragraph[],
    sentences: pageSentences,
    boilerplate: boilerplate.map(x => ({ ...x, ...toSource(x) })),
    wordCount: mapped.reduce((n, p) => n + p.wordCount, 0),
    parts: mapped.length > 1 ? mapped : [],
    warnings,
  };
  return { model, plain: { text, map }, source };
}
