/**
 * Markdown articles: unified + remark-parse give the block structure with source positions; the
 * analysed text is the readable text of each paragraph and heading, blocks joined by blank lines,
 * with every offset mapped back to the Markdown source.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Root, RootContent, PhrasingContent } from 'mdast';
import { OffsetMap } from './offsetMap';

export interface TextBlock {
  /** Offsets in the analysed (plain) text. */
  start: number;
  end: number;
  /** Heading depth (1–6) for Markdown headings. */
  heading?: number;
}

export interface PlainText {
  text: string;
  map: OffsetMap;
  blocks: TextBlock[];
  /** Parts of the document that could not be read as Markdown. */
  warnings: string[];
  /** Front matter fields (`title`, `date`, `source`…), when the document has a YAML header. */
  frontMatter: Record<string, { value: string; start: number; end: number }>;
}

const parser = unified().use(remarkParse);
const CHAR_REF = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y;

/** Finds a leading `---` YAML block; returns its extent and its simple `key: value` fields. */
function readFrontMatter(source: string): { end: number; fields: PlainText['frontMatter'] } | null {
  const m = /^(?:\uFEFF)?---[ \t]*\r?\n/.exec(source);
  if (!m) return null;
  const close = /\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/g;
  close.lastIndex = m[0].length - 1;
  const c = close.exec(source);
  if (!c || c.index > 20000) return null;
  const fields: PlainText['frontMatter'] = {};
  const body = source.slice(m[0].length, c.index);
  const line = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$/gm;
  for (let f; (f = line.exec(body)); ) {
    let value = f[2];
    let offset = m[0].length + f.index + f[0].indexOf(f[2], f[1].length + 1);
    const q = /^(["'])(.*)\1$/.exec(value);
    if (q) {
      value = q[2];
      offset += 1;
    }
    if (value) fields[f[1].toLowerCase()] = { value, start: offset, end: offset + value.length };
  }
  return { end: c.index + c[0].length, fields };
}

class Builder {
  /**
   * The plain text so far, as pieces (joined once at the end): a string grown with += and read at
   * its end after every block would be flattened again and again, quadratic in blocks.
   */
  private readonly parts: string[] = [];
  /** Length of the text so far. */
  length = 0;
  /** Added to every position remark reports (the parsed chunk's offset in the source). */
  base = 0;
  readonly map = new OffsetMap();
  readonly blocks: TextBlock[] = [];
  private blockStart = -1;

  constructor(private readonly source: string) {}

  get text(): string {
    if (this.parts.length > 1) this.parts.splice(0, this.parts.length, this.parts.join(''));
    return this.parts[0] ?? '';
  }

  private append(value: string): void {
    if (!value) return;
    this.parts.push(value);
    this.length += value.length;
  }

  /** The character at `i`, near the end of the text. */
  private charNearEnd(i: number): string {
    let end = this.length;
    for (let p = this.parts.length - 1; p >= 0; p--) {
      const part = this.parts[p];
      const start = end - part.length;
      if (i >= start) return part[i - start];
      end = start;
    }
    return '';
  }

  /** Cuts the text to its first `end` characters (a cut near the end). */
  private truncate(end: number): void {
    while (this.length > end) {
      const part = this.parts[this.parts.length - 1];
      const over = this.length - end;
      if (part.length <= over) {
        this.parts.pop();
        this.length -= part.length;
      } else {
        this.parts[this.parts.length - 1] = part.slice(0, part.length - over);
        this.length = end;
      }
    }
  }

  beginBlock(): void {
    if (this.length > 0) this.append('\n\n');
    this.blockStart = this.length;
  }

  endBlock(heading?: number): void {
    // trim trailing white space of the block
    let end = this.length;
    for (let p = this.parts.length - 1; p >= 0 && end > this.blockStart; p--) {
      const part = this.parts[p];
      const start = end - part.length;
      let i = part.length;
      while (i > 0 && start + i > this.blockStart && /\s/.test(part[i - 1])) i--;
      end = start + i;
      if (i > 0) break;
    }
    this.truncate(end);
    if (end > this.blockStart) this.blocks.push(heading ? { start: this.blockStart, end, heading } : { start: this.blockStart, end });
    else if (this.length >= 2 && this.charNearEnd(this.length - 1) === '\n' && this.charNearEnd(this.length - 2) === '\n') this.truncate(this.length - 2);
  }

  /** Appends `value`, aligning it character by character with source[from, to). */
  appendAligned(value: string, from: number, to: number): void {
    const src = this.source;
    let j = from;
    for (let i = 0; i < value.length; i++) {
      const ch = value[i];
      const plainAt = this.length + i;
      // Find where the character stands, skipping what the value leaves out (container prefixes
      // such as "> " after a line break, literal ampersands).
      const limit = Math.min(to, j + 16);
      let k = j;
      while (k < limit && src[k] !== ch && src[k] !== '&' && !(src[k] === '\\' && src[k + 1] === ch)) k++;
      if (k >= limit) {
        // no counterpart: zero-width at the current source position
        this.map.addRun(plainAt, Math.min(j, to), 0);
        continue;
      }
      j = k;
      if (src[j] === ch) {
        this.map.addRun(plainAt, j++, 1);
      } else if (src[j] === '\\') {
        this.map.addRun(plainAt, j + 1, 1);
        j += 2;
      } else {
        CHAR_REF.lastIndex = j;
        const ref = CHAR_REF.exec(src);
        if (ref) {
          // a character reference: the decoded character stands for the whole reference
          this.map.addRun(plainAt, j, 1);
          const code = ch.charCodeAt(0);
          // the low surrogate of an astral character falls inside the reference too
          if (code >= 0xd800 && code < 0xdc00 && i + 1 < value.length) i++;
          j += ref[0].length;
        } else {
          j++; // a literal "&" the value does not hold here: look again after it
          i--;
        }
      }
    }
    this.append(value);
  }

  appendSeparator(value: string): void {
    this.append(value);
  }
}

function phrasing(b: Builder, nodes: PhrasingContent[]): void {
  for (const node of nodes) {
    const pos = node.position;
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        if (pos?.start.offset !== undefined && pos.end.offset !== undefined) b.appendAligned(node.value, b.base + pos.start.offset, b.base + pos.end.offset);
        else b.appendSeparator(node.value);
        break;
      case 'break':
        b.appendSeparator('\n');
        break;
      case 'emphasis':
      case 'strong':
      case 'delete':
      case 'link':
      case 'linkReference':
        phrasing(b, node.children as PhrasingContent[]);
        break;
      default:
        // images, inline HTML, footnote references: not part of the readable text
        break;
    }
  }
}

function blocks(b: Builder, nodes: RootContent[]): void {
  // depth first with a stack of our own, not recursion: "1. 1. 1. …" nests lists thousands deep
  const stack: RootContent[] = [...nodes].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    switch (node.type) {
      case 'paragraph':
        b.beginBlock();
        phrasing(b, node.children);
        b.endBlock();
        break;
      case 'heading':
        b.beginBlock();
        phrasing(b, node.children);
        b.endBlock(node.depth);
        break;
      case 'blockquote':
      case 'list':
      case 'listItem':
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as RootContent);
        break;
      case 'table':
        for (const row of node.children) {
          b.beginBlock();
          for (const [i, cell] of row.children.entries()) {
            if (i > 0) b.appendSeparator(' | ');
            phrasing(b, cell.children);
          }
          b.endBlock();
        }
        break;
      default:
        // code blocks, HTML blocks, thematic breaks, definitions: not article prose
        break;
    }
  }
}

/** Chunks larger than this (one huge paragraph) are read as plain text: inline parsing is superlinear. */
const MAX_PARSED_CHUNK = 16 * 1024;
const CHUNK_TARGET = 4 * 1024;
/** …and so are chunks dense with inline markup (emphasis, brackets), the superlinear case. */
const MAX_MARKUP_PER_CHUNK = 1500;
const MARKUP = /[*_[\]`<>!&\\]/g;

function markupCount(text: string): number {
  MARKUP.lastIndex = 0;
  let n = 0;
  while (MARKUP.exec(text) && ++n <= MAX_MARKUP_PER_CHUNK);
  return n;
}

/**
 * Splits Markdown at blank lines outside fenced code into chunks of a few KB. Parsing chunk by
 * chunk keeps the cost linear in the document (remark's inline pass is not) and bounds the damage
 * of a hostile paragraph.
 */
function chunksOf(source: string, from: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const line = /[^\n]*(?:\n|$)/g;
  line.lastIndex = from;
  let chunkStart = from;
  let fence: string | null = null;
  for (let m; (m = line.exec(source)) && m[0].length > 0; ) {
    const text = m[0];
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(text);
    if (f) {
      if (!fence) fence = f[1][0].repeat(f[1].length);
      else if (text.trimStart().startsWith(fence)) fence = null;
    }
    const end = m.index + text.length;
    if (!fence && !/\S/.test(text) && end - chunkStart >= CHUNK_TARGET) {
      out.push({ start: chunkStart, end });
      chunkStart = end;
    }
  }
  if (chunkStart < source.length) out.push({ start: chunkStart, end: source.length });
  return out;
}

/** A character that may start Markdown syntax anywhere on a line (inline markup, references, escapes), or that the parser rewrites (NUL, tab stops, BOM). */
const INLINE_SYNTAX = /[*_`[\]<&\\\0\t\uFEFF]/;
/** A line start that may open a block (heading, list, quote, fence, thematic break, setext underline, indented code). */
const BLOCK_START = /^(?: {4}| {0,3}(?:[#>+=~-]|\d+[.)]))/;
const LINE = /([^\r\n]*)(\r\n|\r|\n|$)/y;

/**
 * Paragraphs of a chunk with no Markdown syntax at all (no inline markup, no line opening a block):
 * what remark would give — each run of non-blank lines one paragraph, every line stripped of its
 * leading and trailing spaces, its line endings kept, and a hard break where a line inside the
 * paragraph ends with two spaces or more — built without the parser, whose cost per line and per
 * paragraph makes text of thousands of tiny lines slow. Returns false (nothing added) when the
 * chunk holds anything else; the unit test checks it against remark.
 */
function plainParagraphs(b: Builder, text: string): boolean {
  if (INLINE_SYNTAX.test(text)) return false;
  // lines as [content start, content end, trailing spaces, line ending end]; blank lines as null
  const lines: ([number, number, number, number] | null)[] = [];
  LINE.lastIndex = 0;
  for (let m; LINE.lastIndex < text.length && (m = LINE.exec(text)); ) {
    const line = m[1];
    if (BLOCK_START.test(line)) return false;
    let s = 0;
    while (s < line.length && line.charCodeAt(s) === 32) s++;
    if (s === line.length) lines.push(null);
    else {
      let e = line.length;
      while (line.charCodeAt(e - 1) === 32) e--;
      lines.push([m.index + s, m.index + e, line.length - e, m.index + m[0].length]);
    }
  }
  for (let i = 0; i < lines.length; ) {
    if (!lines[i]) {
      i++;
      continue;
    }
    b.beginBlock();
    const first = i;
    let from = i;
    for (; i < lines.length && lines[i]; i++) {
      const last = i + 1 >= lines.length || !lines[i + 1];
      if (last || lines[i]![2] >= 2) {
        // the end of the paragraph, or a hard break: one text node
        const start = lines[from]![0];
        const end = lines[i]![1];
        let value = '';
        for (let k = from; k <= i; k++) value += k < i ? text.slice(lines[k]![0], lines[k]![1]) + text.slice(lines[k]![1] + lines[k]![2], lines[k]![3]) : text.slice(lines[k]![0], lines[k]![1]);
        if (from > first) b.appendSeparator('\n');
        b.appendAligned(value, b.base + start, b.base + end);
        from = i + 1;
      }
    }
    b.endBlock();
  }
  return true;
}

/** Parses Markdown into readable text blocks with an offset map back to the source. */
export function markdownToPlain(source: string, options: { /** every chunk through remark, even those without Markdown syntax (to test the shortcut) */ parseAll?: boolean } = {}): PlainText {
  const fm = readFrontMatter(source);
  const b = new Builder(source);
  let plainChunks = 0;
  for (const chunk of chunksOf(source, fm?.end ?? 0)) {
    const text = source.slice(chunk.start, chunk.end);
    if (text.length > MAX_PARSED_CHUNK || markupCount(text) > MAX_MARKUP_PER_CHUNK) {
      // one enormous or markup-dense paragraph: its lines are blocks of plain text
      plainChunks++;
      const lineRe = /[^\r\n]+/g;
      for (let m; (m = lineRe.exec(text)); ) {
        b.beginBlock();
        b.appendAligned(m[0], chunk.start + m.index, chunk.start + m.index + m[0].length);
        b.endBlock();
      }
      continue;
    }
    b.base = chunk.start;
    if (options.parseAll || !plainParagraphs(b, text)) blocks(b, (parser.parse(text) as Root).children);
  }
  const warnings = plainChunks ? [`${plainChunks} part${plainChunks === 1 ? '' : 's'} of this Markdown file too long or too dense with markup to parse; read as plain text`] : [];
  return { text: b.text, map: b.map, blocks: b.blocks, frontMatter: fm?.fields ?? {}, warnings };
}
