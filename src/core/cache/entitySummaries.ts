/**
 * The records' entity lists in compact form, for the corpus entity index on a warm open: one file
 * beside the shards (`entities.cache`) holding one string table for the whole cache and, per
 * record (by content hash), its entity list as numbers into that table. Building the index from
 * these replays the same additions in the same order as from the parsed lists
 * (src/core/entities/corpusIndex.ts), without parsing 10^5 entity objects out of JSON: a
 * workspace's entity lists repeat the same few hundred names.
 *
 *   CORROBORATE-ENTITY-SUMMARIES <format> <cache version> <count> <bodyBytes> <checksum of the body>\n
 *   <JSON array of the strings>\n
 *   then per record: <hash, 16 ASCII hex digits> <digest of the record's entity-list bytes, 16 ASCII hex digits> <varint n> <n varints>
 *
 * Nothing is trusted blindly: a file with a wrong magic, format, version, length or checksum, a
 * string id out of the table, or a list that does not walk to its end is discarded whole (the
 * index is then built from the records' lists, and the file written again). A summary is used only
 * for a record whose entity list's bytes have the digest it was made from.
 */
import type { EntitySummary } from '../entities/corpusIndex';
import type { DocumentEntity } from '../entities/types';
import { checkedFile, hashBytes } from './hash';

export const SUMMARIES_FILE = 'entities.cache';
const MAGIC = 'CORROBORATE-ENTITY-SUMMARIES';
const FORMAT = 1;
const HEX16 = /^[0-9a-f]{16}$/;

interface Stored {
  /** hashBytes of the UTF-8 of the record's entity list, as the summary was made from it. */
  digest: string;
  ints: Uint32Array;
  /** Used (asked for or added) since the file was read. */
  used: boolean;
}

export class EntitySummaries {
  private readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly byHash = new Map<string, Stored>();
  /** Changed since read (written on the cache's next flush). */
  dirty = false;

  get size(): number {
    return this.byHash.size;
  }

  has(hash: string, digest: string): boolean {
    return this.byHash.get(hash)?.digest === digest;
  }

  /** The summary of record `hash` when it was made from an entity list with `digest`. */
  get(hash: string, digest: string): EntitySummary | undefined {
    const s = this.byHash.get(hash);
    if (!s || s.digest !== digest) return undefined;
    s.used = true;
    return { strings: this.strings, ints: s.ints };
  }

  /**
   * Adds (or replaces) the summary of record `hash` from its entity list's JSON (`digest`: of its
   * UTF-8 bytes). A list that does not parse or is not a list of entities gets no summary.
   */
  add(hash: string, digest: string, json: string): void {
    let list: DocumentEntity[];
    try {
      list = JSON.parse(json) as DocumentEntity[];
    } catch {
      return;
    }
    if (!Array.isArray(list) || list.length >= 2 ** 28) return;
    const out: number[] = [list.length];
    for (const e of list) {
      if (!e || typeof e.key !== 'string' || typeof e.type !== 'string' || typeof e.canonical !== 'string' || !Array.isArray(e.aliases) || !Array.isArray(e.titles)) return;
      if (!(Number.isInteger(e.mentions) && e.mentions >= 0 && e.mentions < 2 ** 28) || e.aliases.length >= 2 ** 28 || e.titles.length >= 2 ** 28 || !e.aliases.every(a => typeof a === 'string') || !e.titles.every(t => typeof t === 'string')) return;
      out.push(this.id(e.key), this.id(e.type), this.id(e.canonical), e.aliases.length, ...e.aliases.map(a => this.id(a)), e.titles.length, ...e.titles.map(t => this.id(t)), e.mentions);
    }
    this.byHash.set(hash, { digest, ints: Uint32Array.from(out), used: true });
    this.dirty = true;
  }

  delete(hash: string): void {
    if (this.byHash.delete(hash)) this.dirty = true;
  }

  /** Drops the summaries of records not in `keep` (after a complete pass). */
  retain(keep: (hash: string) => boolean): void {
    for (const h of this.byHash.keys()) if (!keep(h)) this.delete(h);
  }

  private id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.push(s) - 1;
      this.ids.set(s, id);
    }
    return id;
  }

  /** The file's bytes; strings no summary uses any more are left out. */
  encode(version: string): Uint8Array {
    const used = new Map<number, number>();
    const strings: string[] = [];
    const parts: number[] = [];
    const enc = new TextEncoder();
    const records: { hash: string; digest: string; ints: number[] }[] = [];
    for (const [hash, s] of this.byHash) {
      // renumber the strings as they are met (an id is a string's index in the file's table)
      const ints = Array.from(s.ints);
      walk(ints, (at, isString) => {
        if (!isString) return;
        let n = used.get(ints[at]);
        if (n === undefined) used.set(ints[at], (n = strings.push(this.strings[ints[at]]) - 1));
        ints[at] = n;
      });
      records.push({ hash, digest: s.digest, ints });
    }
    for (const r of records) {
      for (const c of r.hash + r.digest) parts.push(c.charCodeAt(0));
      varint(parts, r.ints.length);
      for (const x of r.ints) varint(parts, x);
    }
    const table = enc.encode(`${JSON.stringify(strings)}\n`);
    const body = new Uint8Array(table.length + parts.length);
    body.set(table);
    body.set(parts, table.length);
    const header = enc.encode(`${MAGIC} ${FORMAT} ${version} ${records.length} ${body.length} ${hashBytes(body)}\n`);
    const out = new Uint8Array(header.length + body.length);
    out.set(header);
    out.set(body, header.length);
    return out;
  }

  /** The summaries in a file's bytes, or what is wrong with them. */
  static decode(bytes: Uint8Array, version: string): EntitySummaries | string {
    const file = checkedFile(bytes, { magic: MAGIC, format: FORMAT, version, fields: 6, what: 'an entity summary file' });
    if (typeof file === 'string') return file;
    const { header, body } = file;
    const count = Number(header[3]);
    const tableEnd = body.indexOf(0x0a);
    if (tableEnd < 0) return 'no string table';
    let strings: unknown;
    try {
      strings = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, tableEnd)));
    } catch {
      return 'string table does not parse';
    }
    if (!Array.isArray(strings) || !strings.every(s => typeof s === 'string')) return 'string table is not a list of strings';
    const out = new EntitySummaries();
    for (const s of strings as string[]) out.id(s);
    if (out.strings.length !== strings.length) return 'string table repeats a string';
    let at = tableEnd + 1;
    const nStrings = strings.length;
    const end = body.length;
    for (let r = 0; r < count; r++) {
      if (at + 32 > end) return `record ${r + 1} truncated`;
      const hash = latin1(body, at);
      const digest = latin1(body, at + 16);
      at += 32;
      if (!HEX16.test(hash) || !HEX16.test(digest)) return `record ${r + 1}: bad hash`;
      // the count, then as many varints (no call per number: 10^4 records of a few hundred numbers)
      let n = -1;
      let list = new Uint32Array(0);
      for (let k = -1; k < 0 || k < n; k++) {
        let x = 0;
        let shift = 0;
        let b: number;
        do {
          // (numbers below 2^28: at most four bytes)
          if (at >= end || shift > 21) return `record ${r + 1} truncated`;
          b = body[at++];
          x |= (b & 0x7f) << shift;
          shift += 7;
        } while (b >= 0x80);
        if (k >= 0) list[k] = x;
        else if (x < 1 || x > end - at) return `record ${r + 1}: bad length`;
        else list = new Uint32Array((n = x));
      }
      const fits = checkWalk(list, nStrings);
      if (fits) return `record ${r + 1}: ${fits}`;
      out.byHash.set(hash, { digest, ints: list, used: false });
    }
    if (at !== body.length) return 'bytes left over';
    return out;
  }
}

/** The 16 bytes at `at` as Latin-1 text (hex digits here). */
function latin1(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3], b[at + 4], b[at + 5], b[at + 6], b[at + 7], b[at + 8], b[at + 9], b[at + 10], b[at + 11], b[at + 12], b[at + 13], b[at + 14], b[at + 15]);
}

/** What is wrong with a summary read from a file (string ids below `strings`), or undefined. */
function checkWalk(ints: Uint32Array, strings: number): string | undefined {
  const n = ints[0];
  let p = 1;
  for (let e = 0; e < n; e++) {
    if (p + 4 > ints.length) return 'list does not walk to its end';
    if (ints[p] >= strings || ints[p + 1] >= strings || ints[p + 2] >= strings) return 'string id out of the table';
    const aliasEnd = p + 4 + ints[p + 3];
    if (aliasEnd + 2 > ints.length) return 'list does not walk to its end';
    for (p += 4; p < aliasEnd; p++) if (ints[p] >= strings) return 'string id out of the table';
    const titleEnd = p + 1 + ints[p];
    if (titleEnd + 1 > ints.length) return 'list does not walk to its end';
    for (p++; p < titleEnd; p++) if (ints[p] >= strings) return 'string id out of the table';
    p++; // mentions
  }
  return p === ints.length ? undefined : 'list does not walk to its end';
}

/**
 * Walks a summary: [entities, then per entity key, type, canonical, aliases, alias…, titles,
 * title…, mentions], calling `visit` with each position and whether it holds a string id. False
 * when the list does not end where the numbers do.
 */
function walk(ints: ArrayLike<number>, visit: (at: number, isString: boolean) => void): boolean {
  const n = ints[0];
  let p = 1;
  for (let e = 0; e < n; e++) {
    if (p + 4 > ints.length) return false;
    visit(p, true);
    visit(p + 1, true);
    visit(p + 2, true);
    const aliases = ints[p + 3];
    if (p + 4 + aliases + 1 > ints.length) return false;
    for (let k = 0; k < aliases; k++) visit(p + 4 + k, true);
    p += 4 + aliases;
    const titles = ints[p];
    if (p + 1 + titles + 1 > ints.length) return false;
    for (let k = 0; k < titles; k++) visit(p + 1 + k, true);
    p += 1 + titles;
    visit(p, false);
    p++;
  }
  return p === ints.length;
}

function varint(out: number[], x: number): void {
  while (x >= 0x80) {
    out.push((x & 0x7f) | 0x80);
    x = Math.floor(x / 128);
  }
  out.push(x);
}

/** The digest a summary is checked against: of the UTF-8 bytes of the record's entity list. */
export function entityListDigest(bytes: Uint8Array): string {
  return hashBytes(bytes, 2);
}
