import * as assert from 'node:assert/strict';
import { ArticleInputError, decodeArticleBytes } from '../../src/core/text/decode';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeArticleBytes', () => {
  it('drops a UTF-8 BOM, as VS Code does', () => {
    const { text, warnings } = decodeArticleBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Héllo “world”')]));
    assert.equal(text, 'Héllo “world”');
    assert.deepEqual(warnings, []);
  });

  it('reads UTF-16 with a BOM', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00]);
    assert.equal(decodeArticleBytes(le).text, 'Hi');
    const be = new Uint8Array([0xfe, 0xff, 0x00, 0x48, 0x00, 0x69]);
    assert.equal(decodeArticleBytes(be).text, 'Hi');
  });

  it('replaces invalid UTF-8 with U+FFFD and says so', () => {
    const bytes = new Uint8Array([...utf8('abc '), 0xc3, 0x28, ...utf8(' def '), 0xff]);
    const { text, warnings } = decodeArticleBytes(bytes);
    assert.ok(text.startsWith('abc \uFFFD('));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /not valid UTF-8: 2 invalid byte sequences/);
  });

  it('refuses binary files with a clear message', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    assert.throws(() => decodeArticleBytes(png), (e: unknown) => e instanceof ArticleInputError && e.code === 'binary' && /binary/.test(e.message));
  });

  it('refuses files above the size limit before decoding them', () => {
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x61);
    assert.throws(
      () => decodeArticleBytes(big),
      (e: unknown) => e instanceof ArticleInputError && e.code === 'too-large' && /10\.0 MB, above the 5\.0 MB limit/.test(e.message),
    );
    assert.equal(decodeArticleBytes(big, { maxBytes: 11 * 1024 * 1024 }).text.length, 10 * 1024 * 1024);
  });

  it('reads an empty file as empty text', () => {
    assert.deepEqual(decodeArticleBytes(new Uint8Array()), { text: '', warnings: [] });
  });
});
