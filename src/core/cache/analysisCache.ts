/**
 * The persistent analysis cache: article records keyed by the content hash of the file's bytes, so
 * reopening a workspace does not analyse unchanged files again. Records live in 256 shard files
 * (by the hash's first two hex digits), each:
 *
 *   CORROBORATE-ANALYSIS-CACHE <format> <version> <shard> <count> <bodyBytes> <checksum of the body's bytes>\n
 *   <hash>\t<byteLength>\t<core JSON>\t<entity list JSON or nothing>\t<body JSON>\t<detail JSON or nothing>\n   (count lines)
 *
 * Nothing is trusted blindly: a shard whose magic, format, analyser/model version, shard name,
 * length (truncation), checksum (corruption) or line count is wrong is discarded whole; a line
 * whose hash does not belong to the shard, whose byte length differs from the file, or whose record
 * does not parse or does not fit the text is dropped. What is discarded is analysed again and
 * written back on the next flush, so a bad cache heals itself.
 */
import { ANALYSER_VERSION, type EncodedRecord } from '../analysis/record';
import type { EntitySummary } from '../entities/corpusIndex';
import { EntitySummaries, entityListDigest, SUMMARIES_FILE } from './entitySummaries';
import { checkedFile, hashBytes } from './hash';
import type { CacheStorage } from './storage';

/**
 * 2: records in three parts (core, body, detail; see analysis/record.ts); 3: the entity list apart
 * from the core (four parts), each part decoded when read.
 */
export const CACHE_FORMAT = 3;
const MAGIC = 'CORROBORATE-ANALYSIS-CACHE';
const HASH_RE = /^[0-9a-f]{16}$/;

export interface AnalysisCacheOptions {
  /**
   * What else the records depend on besides the analyser code (for example the entity model's
   * hash); no spaces. Records written under another version are not read.
   */
  modelVersion?: string;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Shards discarded whole (bad header, version, length, checksum). */
  rejectedShards: number;
  /** Entries dropped (wrong shard, length, unparsable or ill-fitting record). */
  rejectedEntries: number;
  /** Why the last shard or entry was rejected (for the log). */
  lastProblem?: string;
  shardsWritten: number;
}

interface Entry {
  bytes: number;
  /** The record as stored (JSON strings, parsed by the reader). */
  record: EncodedRecord;
  used: boolean;
  /** entityListDigest of the record's entity list, once computed. */
  digest?: string;
}

interface Shard {
  entries: Map<string, Entry>;
  dirty: boolean;
}

export function shardOf(hash: string): string {
  return hash.slice(0, 2);
}

function shardFile(shard: string): string {
  return `analysis-${shard}.cache`;
}

export class AnalysisCache {
  readonly version: string;
  readonly stats: CacheStats = { hits: 0, misses: 0, rejectedShards: 0, rejectedEntries: 0, shardsWritten: 0 };
  private readonly shards = new Map<string, Promise<Shard>>();
  private summaries: Promise<EntitySummaries> | undefined;

  constructor(private readonly storage: CacheStorage, options: AnalysisCacheOptions = {}) {
    const model = (options.modelVersion ?? 'none').replace(/\s+/g, '_') || 'none';
    this.version = `${ANALYSER_VERSION}.${model}`;
  }

  private shard(name: string): Promise<Shard> {
    let p = this.shards.get(name);
    if (!p) {
      p = this.readShard(name);
      this.shards.set(name, p);
    }
    return p;
  }

  private problem(kind: 'shard' | 'entry', message: string): void {
    if (kind === 'shard') this.stats.rejectedShards++;
    else this.stats.rejectedEntries++;
    this.stats.lastProblem = message;
  }

  private async readShard(name: string): Promise<Shard> {
    const shard: Shard = { entries: new Map(), dirty: false };
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.storage.read(shardFile(name));
    } catch {
      bytes = undefined;
    }
    if (!bytes || bytes.length === 0) return shard;
    const error = parseShard(bytes, name, this.version, shard.entries);
    if (error) {
      shard.entries.clear();
      shard.dirty = true; // rewritten (or removed) on the next flush
      this.problem('shard', `${shardFile(name)}: ${error}`);
    }
    return shard;
  }

  /** The records' entity lists in compact form (entitySummaries.ts), read once. */
  private entitySummaries(): Promise<EntitySummaries> {
    return (this.summaries ??= (async () => {
      let bytes: Uint8Array | undefined;
      try {
        bytes = await this.storage.read(SUMMARIES_FILE);
      } catch {
        bytes = undefined;
      }
      if (!bytes || bytes.length === 0) return new EntitySummaries();
      const read = EntitySummaries.decode(bytes, this.version);
      if (typeof read !== 'string') return read;
      this.problem('shard', `${SUMMARIES_FILE}: ${read}`);
      const fresh = new EntitySummaries();
      fresh.dirty = true; // rewritten on the next flush
      return fresh;
    })());
  }

  /** The record stored for content `hash` of a file of `byteLength` bytes, if any (and well-formed). */
  async get(hash: string, byteLength: number): Promise<EncodedRecord | undefined> {
    if (!HASH_RE.test(hash)) return undefined;
    const shard = await this.shard(shardOf(hash));
    const entry = shard.entries.get(hash);
    if (!entry) {
      this.stats.misses++;
      return undefined;
    }
    if (entry.bytes !== byteLength) {
      this.problem('entry', `${hash}: stored for ${entry.bytes} bytes, the file has ${byteLength}`);
      shard.entries.delete(hash);
      shard.dirty = true;
      this.stats.misses++;
      return undefined;
    }
    entry.used = true;
    this.stats.hits++;
    if (entry.record instanceof StoredRecord && entry.record.hasEntities) {
      // the compact entity list, looked up when first asked for (the digest costs a pass over the list's bytes)
      const summaries = await this.entitySummaries();
      if (summaries.size > 0) entry.record.summaries = { from: summaries, hash };
    }
    return entry.record;
  }

  /** Stores (or replaces) the record of content `hash`; written on the next flush. */
  async put(hash: string, byteLength: number, record: EncodedRecord): Promise<void> {
    if (!HASH_RE.test(hash)) return;
    const shard = await this.shard(shardOf(hash));
    // (a summary made from an earlier record of this hash is not used: its digest differs)
    shard.entries.set(hash, { bytes: byteLength, record: { core: record.core, entities: record.entities, body: record.body, detail: record.detail }, used: true });
    shard.dirty = true;
  }

  /** A record found not to fit its file (by the caller's checks): dropped, rewritten on flush. */
  async reject(hash: string, why: string): Promise<void> {
    if (!HASH_RE.test(hash)) return;
    const shard = await this.shard(shardOf(hash));
    if (shard.entries.delete(hash)) shard.dirty = true;
    this.problem('entry', `${hash}: ${why}`);
  }

  /**
   * Writes the shards that changed. With `prune`, entries not used since this cache was opened
   * (files deleted or changed since) are dropped from every shard read so far.
   */
  async flush(options: { prune?: boolean } = {}): Promise<void> {
    if (options.prune) {
      // shards not read in this session hold only records of files no longer there
      let names: string[];
      try {
        names = await this.storage.list();
      } catch {
        names = [];
      }
      for (const file of names) {
        const m = /^analysis-([0-9a-f]{2})\.cache$/.exec(file);
        if (m) await this.shard(m[1]);
      }
    }
    const summaries = await this.entitySummaries();
    for (const [name, p] of this.shards) {
      const shard = await p;
      if (options.prune) {
        for (const [hash, e] of shard.entries) {
          if (!e.used) {
            shard.entries.delete(hash);
            shard.dirty = true;
          }
        }
      }
      // every record in use with an entity list gets its compact form (made once, kept in the file)
      for (const [hash, e] of shard.entries) {
        if (!e.used || !(e.record.hasEntities ?? e.record.entities !== null)) continue;
        e.digest ??= digestOf(e.record);
        if (!summaries.has(hash, e.digest)) summaries.add(hash, e.digest, e.record.entities ?? '');
      }
      if (!shard.dirty) continue;
      shard.dirty = false;
      if (shard.entries.size === 0) {
        await this.storage.remove(shardFile(name));
      } else {
        await this.storage.write(shardFile(name), encodeShard(name, this.version, shard.entries));
      }
      this.stats.shardsWritten++;
    }
    if (options.prune) {
      // after a complete pass every shard still there has been read: summaries of records gone go too
      const held = new Set<string>();
      for (const p of this.shards.values()) for (const h of (await p).entries.keys()) held.add(h);
      summaries.retain(h => held.has(h));
    }
    if (summaries.dirty) {
      summaries.dirty = false;
      if (summaries.size === 0) await this.storage.remove(SUMMARIES_FILE);
      else await this.storage.write(SUMMARIES_FILE, summaries.encode(this.version));
    }
  }

  /** Number of entries in the shards read so far. */
  async size(): Promise<number> {
    let n = 0;
    for (const p of this.shards.values()) n += (await p).entries.size;
    return n;
  }
}

function encodeShard(name: string, version: string, entries: Map<string, Entry>): Uint8Array {
  const lines: string[] = [];
  for (const [hash, e] of entries) lines.push(`${hash}\t${e.bytes}\t${e.record.core}\t${e.record.entities ?? ''}\t${e.record.body}\t${e.record.detail ?? ''}\n`);
  const body = new TextEncoder().encode(lines.join(''));
  const header = new TextEncoder().encode(`${MAGIC} ${CACHE_FORMAT} ${version} ${name} ${entries.size} ${body.length} ${hashBytes(body)}\n`);
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

/** UTF-8 of a record's part, checked (fatal); '' when it is not UTF-8 (the reader then rejects it). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A record as read from a shard: its parts kept as bytes of the shard (checksummed with it) and
 * decoded when read — opening a workspace reads only the cores, and most of a shard's bytes are
 * bodies and details. The core is decoded on every read and not kept: it is read once, parsed by
 * the corpus, and a string kept for each of 10^4 records would only burden the garbage collector.
 */
class StoredRecord implements EncodedRecord {
  /** Where to look for the entity list in compact form (set by `get`). */
  summaries: { from: EntitySummaries; hash: string } | undefined;
  private digestValue: string | undefined;
  private entitiesText: string | null | undefined;
  private bodyText: string | undefined;
  private detailText: string | null | undefined;

  /** `tabs`: where the line's parts start (after the hash and the byte length) and where it ends. */
  constructor(
    private readonly buf: Uint8Array,
    private readonly tabs: readonly [core: number, entities: number, body: number, detail: number, end: number],
  ) {}

  private part(k: number): string {
    return decodePart(this.buf.subarray(this.tabs[k], this.tabs[k + 1] - 1));
  }

  /** Entities and detail are both there (written together) or both absent. */
  get hasEntities(): boolean {
    const [, entities, body, detail, end] = this.tabs;
    return body - 1 > entities && end > detail;
  }

  get core(): string {
    return this.part(0);
  }

  /** entityListDigest of the entity list's bytes (as stored). */
  get digest(): string {
    return (this.digestValue ??= entityListDigest(this.buf.subarray(this.tabs[1], this.tabs[2] - 1)));
  }

  /** The entity list in compact form, when the cache holds one made from exactly these bytes. */
  entitySummary(): EntitySummary | undefined {
    return this.summaries?.from.get(this.summaries.hash, this.digest);
  }

  get entities(): string | null {
    if (this.entitiesText === undefined) this.entitiesText = this.tabs[2] - 1 > this.tabs[1] ? this.part(1) : null;
    return this.entitiesText;
  }

  get body(): string {
    return (this.bodyText ??= this.part(2));
  }

  get detail(): string | null {
    if (this.detailText === undefined) this.detailText = this.tabs[4] > this.tabs[3] ? decodePart(this.buf.subarray(this.tabs[3], this.tabs[4])) : null;
    return this.detailText;
  }
}

/** The digest of a record's entity list (of its UTF-8 bytes, as stored). */
function digestOf(record: EncodedRecord): string {
  return record instanceof StoredRecord ? record.digest : entityListDigest(new TextEncoder().encode(record.entities ?? ''));
}

function decodePart(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return '';
  }
}

/** A non-negative integer written in ASCII digits in bytes[start, end), or -1. */
function asciiInt(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = bytes[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Fills `into` from a shard file; returns what is wrong with it, or undefined when it is sound. */
function parseShard(bytes: Uint8Array, name: string, version: string, into: Map<string, Entry>): string | undefined {
  const file = checkedFile(bytes, { magic: MAGIC, format: CACHE_FORMAT, version, fields: 7, what: 'a cache file' });
  if (typeof file === 'string') return file;
  const { header, body } = file;
  if (header[3] !== name) return `holds shard ${header[3]}`;
  const count = Number(header[4]);
  // split on bytes: a tab or a newline never occurs inside JSON text nor inside a UTF-8 sequence
  let at = 0;
  let n = 0;
  while (at < body.length) {
    const end = body.indexOf(0x0a, at);
    if (end < 0) return 'last line unterminated';
    const t1 = body.indexOf(0x09, at);
    const t2 = t1 < 0 ? -1 : body.indexOf(0x09, t1 + 1);
    const t3 = t2 < 0 ? -1 : body.indexOf(0x09, t2 + 1);
    const t4 = t3 < 0 ? -1 : body.indexOf(0x09, t3 + 1);
    const t5 = t4 < 0 ? -1 : body.indexOf(0x09, t4 + 1);
    if (t1 < 0 || t2 < 0 || t3 < 0 || t4 < 0 || t5 < 0 || t5 > end) return `line ${n + 1} malformed`;
    const hash = t1 - at === 16 ? String.fromCharCode(...body.subarray(at, t1)) : '';
    const bytesOfFile = asciiInt(body, t1 + 1, t2);
    if (!HASH_RE.test(hash) || shardOf(hash) !== name || bytesOfFile < 0) return `line ${n + 1}: entry does not belong here`;
    into.set(hash, { bytes: bytesOfFile, record: new StoredRecord(body, [t2 + 1, t3 + 1, t4 + 1, t5 + 1, end]), used: false });
    at = end + 1;
    n++;
  }
  if (n !== count) return `${n} entries, header says ${count}`;
  return undefined;
}
