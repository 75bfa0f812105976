/**
 * The annotation store: one W3C AnnotationCollection per article in
 * `.corroborate/annotations/<article path>.jsonld`, kept in memory with the changes not yet saved.
 *
 * Saving merges with what is on disk at that moment (under the file system's lock when it has
 * one): per annotation id, the last writer wins by `modified`; a deletion is a tombstone whose
 * `deleted` time competes like a `modified`, so a window or file that still has a deleted
 * annotation does not bring it back. On equal times a deletion wins, then the larger serialisation
 * (so every window decides the same way). A change that loses against a concurrent change made
 * elsewhere is reported (`superseded`, with the losing version), never dropped silently.
 *
 * Only records changed here are offered to the merge; the rest follows the disk. So a window that
 * still shows an annotation deleted elsewhere long ago cannot resurrect it by saving, even after
 * the tombstone is pruned (tombstones are kept `tombstoneRetentionDays`, 90 by default).
 */
import { anchor, quoteAt } from './anchor';
import { annotationToJson, FormatError, normalizeSource, parseStore, serializeStore } from './format';
import type { AnnotationFs } from './storageFs';
import type { AnchoredAnnotation, AnchorResult, Annotation, AnnotationCreator, StoredRecord, StoreProblem, TextRange, VerificationStatus } from './types';
import { VERIFICATION_STATUSES } from './types';

export const ANNOTATIONS_DIR = '.corroborate/annotations';
const SUFFIX = '.jsonld';

export interface AnnotationStoreOptions {
  /** The store folder, relative to the file system's root. */
  dir?: string;
  now?: () => Date;
  newId?: () => string;
  /** Called for each problem as it is found (also kept in `problems`). */
  onProblem?: (p: StoreProblem) => void;
  /** Tombstones older than this are dropped when their file is saved (default 90; Infinity keeps them). */
  tombstoneRetentionDays?: number;
}

export interface AnnotationFields {
  note?: string;
  status?: VerificationStatus;
  speaker?: string;
  creator?: AnnotationCreator | string;
}

/** `null` (or undefined, when the key is present) removes a field. */
export interface AnnotationPatch {
  note?: string | null;
  status?: VerificationStatus | null;
  speaker?: string | null;
  creator?: AnnotationCreator | string | null;
  /** Moves the annotation to another range of `text` (both needed). */
  range?: TextRange;
  text?: string;
}

export interface SaveResult {
  /** Store files written. */
  written: string[];
}

export interface MergeResult {
  added: string[];
  updated: string[];
  unchanged: string[];
  /** Kept the local version: it is newer (or deleted later) than the one offered. */
  keptLocal: string[];
}

interface FileState {
  articlePath: string;
  records: Map<string, StoredRecord>;
  /** id → local version counter of unsaved changes. */
  dirty: Map<string, number>;
  /** id → the `modified` of the version a local change was made on (undefined: new here). */
  base: Map<string, number | undefined>;
}

export function uuidUrn(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return `urn:uuid:${c.randomUUID()}`;
  const hex = [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 3) | 8).toString(16);
  const h = hex.join('');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function recordId(r: StoredRecord): string {
  return r.kind === 'live' ? r.annotation.id : r.tombstone.id;
}

export function recordSource(r: StoredRecord): string {
  return r.kind === 'live' ? r.annotation.source : r.tombstone.source;
}

function stamp(r: StoredRecord): number {
  return Date.parse(r.kind === 'live' ? r.annotation.modified : r.tombstone.deleted);
}

function canonical(r: StoredRecord): string {
  return r.kind === 'live' ? JSON.stringify(annotationToJson(r.annotation)) : JSON.stringify(r.tombstone);
}

export function sameRecord(a: StoredRecord, b: StoredRecord): boolean {
  return a.kind === b.kind && canonical(a) === canonical(b);
}

/** Does `a` win over `b` (last writer wins, deletion on ties, then a fixed order)? */
export function wins(a: StoredRecord, b: StoredRecord): boolean {
  const sa = stamp(a);
  const sb = stamp(b);
  if (sa !== sb) return sa > sb;
  if (a.kind !== b.kind) return a.kind === 'deleted';
  return canonical(a) > canonical(b);
}

function copyAnnotation(a: Annotation): Annotation {
  return structuredCloneSafe(a);
}

function structuredCloneSafe<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function toCreator(c: AnnotationCreator | string): AnnotationCreator {
  return typeof c === 'string' ? { name: c } : c.id ? { name: c.name, id: c.id } : { name: c.name };
}

export class AnnotationStore {
  readonly dir: string;
  readonly problems: StoreProblem[] = [];
  private readonly files = new Map<string, FileState>();
  private readonly listeners = new Set<() => void>();
  private readonly reportedCorrupt = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private version = 0;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly retentionMs: number;

  constructor(readonly fs: AnnotationFs, private readonly options: AnnotationStoreOptions = {}) {
    this.dir = options.dir ?? ANNOTATIONS_DIR;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? uuidUrn;
    this.retentionMs = (options.tombstoneRetentionDays ?? 90) * 86_400_000;
  }

  /** The store file of an article. */
  storePath(articlePath: string): string {
    return `${this.dir}/${normalizeSource(articlePath)}${SUFFIX}`;
  }

  /** Called after every change, local or loaded from disk. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  private report(p: StoreProblem): void {
    this.problems.push(p);
    this.options.onProblem?.(p);
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const p = this.queue.then(job, job);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private state(articlePath: string): FileState {
    const key = normalizeSource(articlePath);
    let st = this.files.get(key);
    if (!st) this.files.set(key, (st = { articlePath: key, records: new Map(), dirty: new Map(), base: new Map() }));
    return st;
  }

  private nowIso(after?: string): string {
    let t = this.now().getTime();
    const prev = after ? Date.parse(after) : NaN;
    if (!Number.isNaN(prev) && t <= prev) t = prev + 1;
    return new Date(t).toISOString();
  }

  private find(id: string): { st: FileState; rec: StoredRecord } | undefined {
    for (const st of this.files.values()) {
      const rec = st.records.get(id);
      if (rec) return { st, rec };
    }
    return undefined;
  }

  private setLocal(st: FileState, rec: StoredRecord): void {
    const id = recordId(rec);
    const prev = st.records.get(id);
    if (!st.dirty.has(id)) st.base.set(id, prev ? stamp(prev) : undefined);
    st.records.set(id, rec);
    st.dirty.set(id, ++this.version);
  }

  /** Unsaved changes? */
  get isDirty(): boolean {
    for (const st of this.files.values()) if (st.dirty.size) return true;
    return false;
  }

  // ---- reading ----

  private async readDisk(file: string, atSave: boolean): Promise<{ records: StoredRecord[]; bytes?: Uint8Array; corrupt: boolean }> {
    const bytes = await this.fs.read(file);
    if (!bytes) return { records: [], corrupt: false };
    let records: StoredRecord[] = [];
    let error: string | undefined;
    try {
      const parsed = parseStore(bytes);
      records = parsed.records;
      if (parsed.errors.length) {
        error = `${parsed.errors.length} unusable item(s): ${parsed.errors.map(e => (e.index >= 0 ? `item ${e.index}: ${e.error}` : e.error)).join('; ')}`;
        for (const e of parsed.errors) if (!this.reportedCorrupt.has(`${file}\0${e.index}\0${e.error}`)) {
          this.reportedCorrupt.add(`${file}\0${e.index}\0${e.error}`);
          this.report({ kind: 'invalid-item', file, index: e.index, error: e.error });
        }
      }
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      error = e.message;
    }
    if (error === undefined) return { records, bytes, corrupt: false };
    if (!atSave) {
      const key = `${file}\0${error}`;
      if (!this.reportedCorrupt.has(key)) {
        this.reportedCorrupt.add(key);
        this.report({ kind: 'corrupt', file, error, salvaged: records.length });
      }
      return { records, corrupt: true };
    }
    // about to write this file: the unreadable one goes aside first, byte for byte
    const stampText = this.now().toISOString().replace(/[:.]/g, '-');
    let movedTo = `${file}.corrupt-${stampText}`;
    for (let i = 2; await this.fs.read(movedTo); i++) movedTo = `${file}.corrupt-${stampText}-${i}`;
    await this.fs.rename(file, movedTo);
    this.report({ kind: 'corrupt', file, error, movedTo, salvaged: records.length });
    return { records, corrupt: true };
  }

  /**
   * Reads an article's store file and merges it into memory (unsaved local changes are kept when
   * they are newer). Returns the article's live annotations.
   */
  load(articlePath: string): Promise<Annotation[]> {
    return this.enqueue(async () => {
      const st = this.state(articlePath);
      const disk = await this.readDisk(this.storePath(st.articlePath), false);
      const onDisk = new Map(disk.records.map(r => [recordId(r), r]));
      for (const id of [...st.records.keys()]) if (!st.dirty.has(id) && !onDisk.has(id)) st.records.delete(id);
      for (const [id, d] of onDisk) {
        const local = st.records.get(id);
        if (local && st.dirty.has(id)) {
          if (sameRecord(local, d)) this.clean(st, id);
          else if (!wins(local, d)) {
            this.report({ kind: 'superseded', id, lost: local, winner: d });
            st.records.set(id, d);
            this.clean(st, id);
          }
        } else st.records.set(id, d);
      }
      this.notify();
      return this.list(st.articlePath);
    });
  }

  private clean(st: FileState, id: string): void {
    st.dirty.delete(id);
    st.base.delete(id);
  }

  /** Loads every store file under the store folder. */
  async loadAll(): Promise<void> {
    for (const articlePath of await this.storedArticles()) await this.load(articlePath);
  }

  /** The articles that have a store file. */
  async storedArticles(): Promise<string[]> {
    const prefix = `${this.dir}/`;
    const out: string[] = [];
    for (const f of await this.fs.list(this.dir)) {
      if (!f.startsWith(prefix) || !f.endsWith(SUFFIX)) continue;
      const articlePath = f.slice(prefix.length, -SUFFIX.length);
      try {
        normalizeSource(articlePath);
        out.push(articlePath);
      } catch {
        // not a store file of ours
      }
    }
    return out.sort();
  }

  // ---- queries ----

  /** Live annotations (of one article, or all), by position. */
  list(articlePath?: string): Annotation[] {
    const source = articlePath === undefined ? undefined : normalizeSource(articlePath);
    const out: Annotation[] = [];
    for (const st of this.files.values()) {
      for (const r of st.records.values()) if (r.kind === 'live' && (source === undefined || r.annotation.source === source)) out.push(copyAnnotation(r.annotation));
    }
    return out.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || (a.position?.start ?? Infinity) - (b.position?.start ?? Infinity) || (a.position?.end ?? 0) - (b.position?.end ?? 0) || (a.id < b.id ? -1 : 1));
  }

  /** Articles with live annotations in memory. */
  sources(): string[] {
    return [...new Set(this.list().map(a => a.source))].sort();
  }

  get(id: string): Annotation | undefined {
    const f = this.find(id);
    return f?.rec.kind === 'live' ? copyAnnotation(f.rec.annotation) : undefined;
  }

  /** Where an annotation is in `text` now (see AnchorResult). */
  anchor(annotation: Annotation, text: string): AnchorResult {
    return anchor(annotation, text);
  }

  /** Every live annotation of an article anchored in its current text, by position (orphans last). */
  anchorAll(articlePath: string, text: string): AnchoredAnnotation[] {
    const out = this.list(articlePath).map(annotation => ({ annotation, anchor: anchor(annotation, text) }));
    const key = (x: AnchoredAnnotation) => (x.anchor.state === 'orphaned' ? Infinity : x.anchor.start);
    return out.sort((a, b) => key(a) - key(b) || a.anchor.end - b.anchor.end);
  }

  // ---- changes (in memory until save) ----

  add(articlePath: string, text: string, range: TextRange, fields: AnnotationFields = {}): Annotation {
    const st = this.state(articlePath);
    if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 0 || range.end > text.length || range.start >= range.end) {
      throw new RangeError(`annotation range [${range.start}, ${range.end}) is not a non-empty range of the text (length ${text.length})`);
    }
    const now = this.nowIso();
    const a: Annotation = { id: this.newId(), source: st.articlePath, quote: quoteAt(text, range), position: { start: range.start, end: range.end }, created: now, modified: now };
    applyFields(a, fields);
    this.setLocal(st, { kind: 'live', annotation: a });
    this.notify();
    return copyAnnotation(a);
  }

  update(id: string, patch: AnnotationPatch): Annotation {
    const f = this.find(id);
    if (!f || f.rec.kind !== 'live') throw new Error(`no annotation ${id}`);
    const a = copyAnnotation(f.rec.annotation);
    for (const key of ['note', 'status', 'speaker', 'creator'] as const) {
      if (!(key in patch)) continue;
      const v = patch[key];
      if (v === null || v === undefined) delete a[key];
      else applyFields(a, { [key]: v });
    }
    if (patch.range) {
      if (patch.text === undefined) throw new Error('update: a new range needs the text');
      const { start, end } = patch.range;
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > patch.text.length || start >= end) throw new RangeError(`annotation range [${start}, ${end}) is not a non-empty range of the text`);
      a.quote = quoteAt(patch.text, patch.range);
      a.position = { start, end };
    }
    a.modified = this.nowIso(a.modified);
    this.setLocal(f.st, { kind: 'live', annotation: a });
    this.notify();
    return copyAnnotation(a);
  }

  /** Deletes an annotation (a tombstone until saved and merged). False if there is none. */
  remove(id: string): boolean {
    const f = this.find(id);
    if (!f || f.rec.kind !== 'live') return false;
    this.setLocal(f.st, { kind: 'deleted', tombstone: { id, source: f.rec.annotation.source, deleted: this.nowIso(f.rec.annotation.modified) } });
    this.notify();
    return true;
  }

  /**
   * Brings back a version that was superseded or deleted (e.g. from a `superseded` problem): it
   * becomes the newest version of its id.
   */
  restore(annotation: Annotation): Annotation {
    const f = this.find(annotation.id);
    const a = copyAnnotation(annotation);
    a.modified = this.nowIso(f ? (f.rec.kind === 'live' ? f.rec.annotation.modified : f.rec.tombstone.deleted) : a.modified);
    this.setLocal(f?.st ?? this.state(a.source), { kind: 'live', annotation: a });
    this.notify();
    return copyAnnotation(a);
  }

  /** Merges annotations from elsewhere (an import), keeping their ids and times: last writer wins. */
  merge(annotations: Annotation[]): MergeResult {
    const result: MergeResult = { added: [], updated: [], unchanged: [], keptLocal: [] };
    for (const incoming of annotations) {
      const rec: StoredRecord = { kind: 'live', annotation: copyAnnotation(incoming) };
      const f = this.find(incoming.id);
      if (!f) {
        this.setLocal(this.state(incoming.source), rec);
        result.added.push(incoming.id);
      } else if (sameRecord(f.rec, rec)) result.unchanged.push(incoming.id);
      else if (wins(rec, f.rec)) {
        this.setLocal(f.st, rec);
        result.updated.push(incoming.id);
      } else result.keptLocal.push(incoming.id);
    }
    if (annotations.length) this.notify();
    return result;
  }

  // ---- saving ----

  /** Writes every article with unsaved changes, merging with its store file as it is now. */
  save(): Promise<SaveResult> {
    return this.enqueue(async () => {
      const written: string[] = [];
      let failure: unknown;
      for (const st of this.files.values()) {
        if (!st.dirty.size) continue;
        try {
          if (await this.saveFile(st)) written.push(this.storePath(st.articlePath));
        } catch (e) {
          failure ??= e;
        }
      }
      this.notify();
      if (failure) throw failure;
      return { written };
    });
  }

  private async saveFile(st: FileState): Promise<boolean> {
    const file = this.storePath(st.articlePath);
    const snapshot = new Map(st.dirty);
    const release = this.fs.lock ? await this.fs.lock(file) : undefined;
    let wrote = false;
    try {
      const disk = await this.readDisk(file, true);
      const merged = new Map<string, StoredRecord>();
      for (const r of disk.records) {
        const id = recordId(r);
        const prev = merged.get(id);
        if (!prev || wins(r, prev)) merged.set(id, r);
      }
      if (release) await this.recoverTemps(file, merged);
      for (const id of snapshot.keys()) {
        const local = st.records.get(id);
        if (!local) continue;
        const there = merged.get(id);
        if (!there || sameRecord(there, local)) {
          merged.set(id, local);
          continue;
        }
        const concurrent = stamp(there) !== st.base.get(id);
        if (wins(local, there)) {
          if (concurrent && there.kind === 'live') this.report({ kind: 'superseded', id, lost: there, winner: local });
          merged.set(id, local);
        } else this.report({ kind: 'superseded', id, lost: local, winner: there });
      }
      const cutoff = this.now().getTime() - this.retentionMs;
      for (const [id, r] of merged) if (r.kind === 'deleted' && stamp(r) < cutoff && !snapshot.has(id)) merged.delete(id);
      const bytes = serializeStore(st.articlePath, merged.values());
      if (!disk.bytes || !bytesEqual(bytes, disk.bytes)) {
        await this.fs.writeAtomic(file, bytes);
        wrote = true;
      }
      for (const [id, v] of snapshot) if (st.dirty.get(id) === v) this.clean(st, id);
      for (const id of [...st.records.keys()]) if (!st.dirty.has(id) && !merged.has(id)) st.records.delete(id);
      for (const [id, r] of merged) if (!st.dirty.has(id)) st.records.set(id, r);
    } finally {
      await release?.();
    }
    return wrote;
  }

  /**
   * Temporary files of a save that crashed before its rename (only looked at under the lock, when
   * no save can be writing them): merged when they parse (they hold nothing older than the store
   * file, and their merge is last-writer-wins), then removed.
   */
  private async recoverTemps(file: string, merged: Map<string, StoredRecord>): Promise<void> {
    const slash = file.lastIndexOf('/');
    const dir = file.slice(0, slash);
    const prefix = `${file}.tmp-`;
    for (const p of await this.fs.list(dir)) {
      if (!p.startsWith(prefix) || p.indexOf('/', slash + 1) >= 0) continue;
      const bytes = await this.fs.read(p);
      let recovered = false;
      if (bytes) {
        try {
          const parsed = parseStore(bytes);
          if (!parsed.errors.length) {
            for (const r of parsed.records) {
              const prev = merged.get(recordId(r));
              if (!prev || wins(r, prev)) merged.set(recordId(r), r);
            }
            recovered = true;
          }
        } catch {
          // half-written: its save never returned
        }
      }
      await this.fs.remove(p);
      this.report({ kind: 'temp-file', file: p, recovered });
    }
  }
}

function applyFields(a: Annotation, fields: AnnotationFields): void {
  if (fields.note !== undefined) a.note = fields.note;
  if (fields.status !== undefined) {
    if (!VERIFICATION_STATUSES.includes(fields.status)) throw new Error(`status must be one of ${VERIFICATION_STATUSES.join(', ')}`);
    a.status = fields.status;
  }
  if (fields.speaker !== undefined) a.speaker = fields.speaker;
  if (fields.creator !== undefined) a.creator = toCreator(fields.creator);
}
