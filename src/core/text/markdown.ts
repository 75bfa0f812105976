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
  /** Front matter fields (`title`, `date`, `source`…), when the document has a YAML header. */
  frontMatter: Record<string, { value: string; start: number; end: number }>;
}

const parser = unified().use(remarkParse);

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
  text = '';
  readonly map = new OffsetMap();
  readonly blocks: TextBlock[] = [];
  private blockStart = -1;

  constructor(private readonly source: string) {}

  beginBlock(): void {
    if (this.text.length > 0) this.text += '\n\n';
    this.blockStart = this.text.length;
  }

  endBlock(heading?: number): void {
    // trim trailing white space of the block
    let end = this.text.length;
    while (end > this.blockStart && /\s/.test(this.text[end - 1])) end--;
    this.text = this.text.slice(0, end);
    if (end > this.blockStart) this.blocks.push(heading ? { start: this.blockStart, end, heading } : { start: this.blockStart, end });
    else if (this.text.endsWith('\n\n')) this.text = this.text.slice(0, -2);
  }

  /** Appends `value`, aligning it character by character with source[from, to). */
  appendAligned(value: string, from: number, to: number): void {
    const src = this.source;
    let j = from;
    for (let i = 0; i < value.length; i++) {
      const ch = value[i];
      const plainAt = this.text.length + i;
      if (j < to && src[j] === ch) {
        this.map.addRun(plainAt, j, 1);
        j++;
        continue;
      }
      if (j + 1 < to && src[j] === '\\' && src[j + 1] === ch) {
        this.map.addRun(plainAt, j + 1, 1);
        j += 2;
        continue;
      }
      if (j < to && src[j] === '&') {
        const semi = src.indexOf(';', j);
        if (semi > j && semi - j <= 32) {
          // a character reference: the decoded character stands for the whole reference
          this.map.addRun(plainAt, j, 1);
          j = semi + 1;
          continue;
        }
      }
      // skip markup the value leaves out (container prefixes such as "> " after a line break)
      const limit = Math.min(to, j + 16);
      let k = j;
      while (k < limit && src[k] !== ch) k++;
      if (k < limit) {
        this.map.addRun(plainAt, k, 1);
        j = k + 1;
      } else {
        // no counterpart: map to the current source position (zero-width in the source)
        this.map.addRun(plainAt, Math.min(j, to), 0);
      }
    }
    this.text += value;
  }

  appendSeparator(value: string): void {
    this.text += value;
  }
}

function phrasing(b: Builder, nodes: PhrasingContent[]): void {
  for (const node of nodes) {
    const pos = node.position;
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        if (pos?.start.offset !== undefined && pos.end.offset !== undefined) b.appendAligned(node.value, pos.start.offset, pos.end.offset);
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
  for (const node of nodes) {
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
        blocks(b, node.children as RootContent[]);
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

/** Parses Markdown into readable text blocks with an offset map back to the source. */
export function markdownToPlain(source: string): PlainText {
  const fm = readFrontMatter(source);
  // Blank the front matter (same length, so positions stay true) so remark does not read it as text.
  const parsed = fm ? source.slice(0, fm.end).replace(/[^\r\n]/g, ' ') + source.slice(fm.end) : source;
  const tree = parser.parse(parsed) as Root;
  const b = new Builder(source);
  blocks(b, tree.children);
  return { text: b.text, map: b.map, blocks: b.blocks, frontMatter: fm?.fields ?? {} };
}
