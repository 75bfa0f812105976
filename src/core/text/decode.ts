/** Turning a file's bytes into article text, with clear errors for what is not an article. */

export type ArticleInputErrorCode = 'binary' | 'too-large';

export class ArticleInputError extends Error {
  constructor(readonly code: ArticleInputErrorCode, message: string) {
    super(message);
    this.name = 'ArticleInputError';
  }
}

export interface DecodeOptions {
  /** Files above this many bytes are refused (default 5 MiB). */
  maxBytes?: number;
}

export interface DecodedText {
  text: string;
  warnings: string[];
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Counts the bytes that look binary (NUL and most C0 controls) in the first 8 KB. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) controls++;
  }
  return n > 0 && controls / n > 0.1;
}

/**
 * Decodes an article file the way VS Code shows it: UTF-8 (a BOM is dropped, as VS Code drops it),
 * UTF-16 when a UTF-16 BOM says so. Invalid UTF-8 sequences become U+FFFD, as in the editor, with a
 * warning. Binary and oversized files raise an ArticleInputError with a message for the user.
 */
export function decodeArticleBytes(bytes: Uint8Array, options: DecodeOptions = {}): DecodedText {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new ArticleInputError('too-large', `file is ${formatBytes(bytes.length)}, above the ${formatBytes(maxBytes)} limit for articles (setting corroborate.maxFileSizeMB)`);
  }
  const warnings: string[] = [];
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { text: new TextDecoder(encoding).decode(bytes), warnings };
  }
  if (looksBinary(bytes)) {
    throw new ArticleInputError('binary', 'file looks binary (it contains NUL or control bytes), not an article');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    let replaced = 0;
    for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) replaced++;
    warnings.push(`file is not valid UTF-8: ${replaced} invalid byte sequence${replaced === 1 ? '' : 's'} shown as \uFFFD`);
  }
  return { text, warnings };
}
