const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * A fast 64-bit content hash (two independent 32-bit multiply-xorshift lanes, as cyrb53 mixes them),
 * as 16 hex digits. Not cryptographic: it names cache entries and checks their integrity, and every
 * hit is also checked against the file's length.
 */
export function hashBytes(bytes: Uint8Array, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  const n = bytes.length;
  const words = n >>> 2;
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) {
    // the same little-endian words, read without DataView calls (most buffers are aligned)
    const w32 = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
    for (let i = 0; i < words; i++) {
      const w = w32[i];
      h1 = Math.imul(h1 ^ w, 2654435761);
      h2 = Math.imul(h2 ^ w, 1597334677);
    }
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, n);
    for (let i = 0; i < words; i++) {
      const w = view.getUint32(i * 4, true);
      h1 = Math.imul(h1 ^ w, 2654435761);
      h2 = Math.imul(h2 ^ w, 1597334677);
    }
  }
  for (let i = words * 4; i < n; i++) {
    h1 = Math.imul(h1 ^ bytes[i], 2654435761);
    h2 = Math.imul(h2 ^ bytes[i], 1597334677);
  }
  return finish(h1, h2, n);
}

/** The same hash over the UTF-16 code units of a string (for checksums of text already decoded). */
export function hashString(s: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  return finish(h1, h2, s.length);
}

function finish(h1: number, h2: number, n: number): string {
  h1 ^= n;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/**
 * A cache file's bytes: a header line `MAGIC FORMAT VERSION … SIZE CHECKSUM` (`fields` words, the
 * ones between the version and the size the caller's), then the body. Returns the header's words and
 * the body when the magic, format, version, the body's length and its checksum are as expected, else
 * what is wrong.
 */
export function checkedFile(
  bytes: Uint8Array,
  expected: { magic: string; format: number; version: string; fields: number; what: string },
): { header: string[]; body: Uint8Array } | string {
  const nl = bytes.indexOf(0x0a);
  if (nl < 0 || nl > 400) return 'no header';
  const header = new TextDecoder().decode(bytes.subarray(0, nl)).split(' ');
  if (header.length !== expected.fields || header[0] !== expected.magic) return `not ${expected.what}`;
  if (header[1] !== String(expected.format)) return `format ${header[1]}, expected ${expected.format}`;
  if (header[2] !== expected.version) return `version ${header[2]}, expected ${expected.version}`;
  const body = bytes.subarray(nl + 1);
  const size = header[header.length - 2];
  if (body.length !== Number(size)) return `body is ${body.length} bytes, header says ${size} (truncated?)`;
  if (hashBytes(body) !== header[header.length - 1]) return 'checksum mismatch';
  return { header, body };
}
