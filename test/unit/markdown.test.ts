import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { markdownToPlain } from '../../src/core/text/markdown';
import { analyzeArticle } from '../../src/core/article/analyze';

/** Every character of the analysed text that stands for a source character maps onto that character. */
function assertMapsBack(source: string): void {
  const { text, map, blocks } = markdownToPlain(source);
  for (const b of blocks) {
    for (let i = b.start; i < b.end; i++) {
      const ch = text[i];
      if (/\s/.test(ch)) continue;
      const s = map.toSource(i);
      assert.ok(s >= 0 && s < source.length, `offset ${i} maps outside the source`);
      if (source[s] === '&') continue; // a character reference stands for its decoded character
      if (/[\uDC00-\uDFFF]/.test(ch) && source[map.toSource(i - 1)] === '&') continue; // …astral ones included
      assert.equal(source[s], ch, `plain ${JSON.stringify(text.slice(Math.max(0, i - 5), i + 5))} @${i} -> source ${JSON.stringify(source.slice(Math.max(0, s - 5), s + 5))} @${s}`);
    }
  }
}

describe('Markdown articles', () => {
  it('reads headings, emphasis, links and lists as text, with offsets into the Markdown', () => {
    const src = '# The **Big** Story\n\nShe said [“it is _done_”](https://example.com) on Monday.\n\n- one item\n- two `items`\n\n> quoted line\n> continues here\n';
    const { text, map, blocks } = markdownToPlain(src);
    assert.deepEqual(
      blocks.map(b => text.slice(b.start, b.end)),
      ['The Big Story', 'She said “it is done” on Monday.', 'one item', 'two items', 'quoted line\ncontinues here'],
    );
    assert.equal(blocks[0].heading, 1);
    const said = text.indexOf('“it is done”');
    const span = map.spanToSource(said, said + '“it is done”'.length);
    assert.equal(src.slice(span.start, span.end), '“it is _done_”');
    const cont = text.indexOf('continues');
    assert.equal(src.slice(map.toSource(cont), map.toSource(cont) + 9), 'continues');
  });

  it('maps escapes and character references back to the source', () => {
    const src = 'Prices rose 5\\* in AT&amp;T stores &copy; 2025.\n';
    const { text, map } = markdownToPlain(src);
    assert.equal(text, 'Prices rose 5* in AT&T stores © 2025.');
    assert.equal(src[map.toSource(text.indexOf('*'))], '*');
    assert.equal(src.slice(map.toSource(text.indexOf('©')), map.toSource(text.indexOf('©')) + 6), '&copy;');
  });

  it('takes title, date and outlet from front matter and keeps offsets true', () => {
    const src = '---\ntitle: "Talks end"\ndate: 2025-03-01\nsource: Example Wire\n---\n\nLONDON — Talks ended on Saturday with no deal, officials said.\n\nMore text follows here in a second paragraph.\n';
    const { model } = analyzeArticle(src, { uri: 'a.md' });
    assert.equal(model.title, 'Talks end');
    assert.equal(model.titleSource, 'frontmatter');
    assert.equal(model.date, '2025-03-01');
    assert.equal(model.outlet, 'Example Wire');
    assert.equal(src.slice(model.paragraphs[0].start, model.paragraphs[0].end), 'LONDON — Talks ended on Saturday with no deal, officials said.');
    assert.equal(model.dateline?.place, 'LONDON');
  });

  it('property: analysed text maps back onto the same characters', function () {
    this.timeout(60000);
    const word = fc.stringMatching(/^[A-Za-z0-9’'"“”,.]{1,8}$/);
    const inline = fc.oneof(
      word,
      word.map(w => `**${w}**`),
      word.map(w => `_${w}_`),
      word.map(w => `[${w}](https://x.test/${w.length})`),
      word.map(w => `\`${w}\``),
      fc.constantFrom('\\*', '&amp;', '&#x1F600;', '😀', 'é'),
    );
    const line = fc.array(inline, { minLength: 1, maxLength: 8 }).map(ws => ws.join(' '));
    const block = fc.oneof(
      line,
      line.map(l => `# ${l}`),
      line.map(l => `> ${l}\n> ${l}`),
      fc.array(line, { minLength: 1, maxLength: 3 }).map(ls => ls.map(l => `- ${l}`).join('\n')),
    );
    const doc = fc.tuple(fc.array(block, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n')).map(([bs, eol]) => bs.join(eol + eol).replace(/\n/g, eol));
    fc.assert(fc.property(doc, assertMapsBack), { numRuns: 300 });
  });

  it('reads chunks without Markdown syntax as remark does, without remark', function () {
    this.timeout(60000);
    const same = (src: string) => {
      const a = markdownToPlain(src);
      const b = markdownToPlain(src, { parseAll: true });
      assert.deepEqual([a.text, a.blocks, a.map.toRuns(), a.warnings], [b.text, b.blocks, b.map.toRuns(), b.warnings], JSON.stringify(src));
    };
    // plain paragraphs, line endings of every kind, leading and trailing spaces, hard breaks (two
    // trailing spaces), blank lines of spaces, and the characters that do or do not open Markdown
    // syntax at a line start or anywhere (the shortcut must step aside for the latter)
    same('She said it.\r\nHe  \r  did not.   \n\n   \n  Third  \rparagraph \n');
    same('a said\n'.repeat(300) + '\r\r' + 'b  \n'.repeat(300));
    const piece = fc.constantFrom('a', 'Said', ' ', '  ', '    ', '\n', '\r', '\r\n', '“x”', '1', '1.', '2)', '-', '+', '#', '>', '=', '~', '~~~', '---', '***', '|', '!', '.', ',', "'", '"', '*', '_', '`', '[', ']', '<', '&', '\\', '\t', '\0', '\uFEFF', '\u00A0', '\u2028', '😀', '\uD800', 'é');
    fc.assert(fc.property(fc.array(piece, { maxLength: 80 }).map(ps => ps.join('')), same), { numRuns: 3000 });
  });

  it('reads huge or markup-dense paragraphs as plain text in bounded time, with a warning', () => {
    const hostile = ('**a** _b_ [c](d) `e` '.repeat(700) + '\n\n').repeat(20);
    const t0 = performance.now();
    const { model } = analyzeArticle(hostile, { uri: 'x.md' });
    assert.ok(performance.now() - t0 < 2000, 'took too long');
    assert.equal(model.paragraphs.length, 20);
    assert.match(model.warnings.join(), /read as plain text/);
  });
});
