/**
 * The W3C Web Annotation data model (JSON-LD) for Corroborate's annotations: writing them with a
 * stable key order and order of items (so that store files diff well), and reading them leniently
 * (imports from other tools) or strictly (store files).
 */
import type { Annotation, AnnotationCreator, StoredRecord, TextQuote, TextRange, Tombstone, VerificationStatus } from './types';
import { VERIFICATION_STATUSES } from './types';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Terms of our own (`corroborate:…`) are IRIs under this prefix. */
export const CORROBORATE_NS = 'urn:x-corroborate:';
export const CONTEXT: unknown[] = [ANNO_CONTEXT, { corroborate: CORROBORATE_NS }];
export const FORMAT_VERSION = 1;

type Json = Record<string, unknown>;

const KNOWN_KEYS = new Set(['@context', 'id', 'type', 'motivation', 'creator', 'created', 'modified', 'body', 'bodyValue', 'target', 'corroborate:state']);

const BODY_KEYS = new Set(['type', 'purpose', 'value', 'format', 'corroborate:corrects']);

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function hasType(o: Json, t: string): boolean {
  return asArray(o.type).includes(t);
}

/** The W3C JSON of one annotation; `state` adds `corroborate:state` (exports), `withPosition` false drops the TextPositionSelector. */
export function annotationToJson(a: Annotation, options: { context?: boolean; state?: string; position?: TextRange | null; quote?: TextQuote } = {}): Json {
  const out: Json = {};
  if (options.context) out['@context'] = CONTEXT;
  out.id = a.id;
  out.type = 'Annotation';
  const bodies: Json[] = [];
  if (a.note !== undefined) bodies.push({ type: 'TextualBody', purpose: 'commenting', value: a.note, format: 'text/plain' });
  if (a.status !== undefined) bodies.push({ type: 'TextualBody', purpose: 'assessing', value: a.status });
  if (a.speaker !== undefined) bodies.push({ type: 'TextualBody', purpose: 'editing', value: a.speaker, 'corroborate:corrects': 'speaker' });
  const other = a.extra?.bodies ?? [];
  const motivations = [...new Set(bodies.map(b => b.purpose as string))];
  if (motivations.length) out.motivation = motivations.length === 1 ? motivations[0] : motivations;
  if (a.creator) out.creator = a.creator.id ? { id: a.creator.id, type: 'Person', name: a.creator.name } : { type: 'Person', name: a.creator.name };
  out.created = a.created;
  out.modified = a.modified;
  const allBodies = [...bodies, ...other];
  if (allBodies.length) out.body = allBodies.length === 1 ? allBodies[0] : allBodies;
  const quote = options.quote ?? a.quote;
  const position = options.position === undefined ? a.position : options.position ?? undefined;
  const selector: Json[] = [{ type: 'TextQuoteSelector', exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix }];
  if (position) selector.push({ type: 'TextPositionSelector', start: position.start, end: position.end });
  out.target = { source: a.source, selector };
  if (options.state) out['corroborate:state'] = options.state;
  const props = a.extra?.properties ?? {};
  for (const k of Object.keys(props).sort()) if (!(k in out)) out[k] = props[k];
  return out;
}

function tombstoneToJson(t: Tombstone): Json {
  return { id: t.id, source: t.source, deleted: t.deleted };
}

/** Items sorted by position (then end, then id); annotations without a position last. */
export function sortAnnotations<T extends Annotation>(list: T[]): T[] {
  return list.sort((a, b) => (a.position?.start ?? Infinity) - (b.position?.start ?? Infinity) || (a.position?.end ?? 0) - (b.position?.end ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** An AnnotationCollection (the whole collection on its first and only page). */
export function collectionJson(label: string, items: Json[], extra: Json = {}): Json {
  return {
    '@context': CONTEXT,
    type: 'AnnotationCollection',
    label,
    ...extra,
    total: items.length,
    first: { type: 'AnnotationPage', startIndex: 0, items },
  };
}

/** The bytes of a store file: live annotations by position, tombstones by id. */
export function serializeStore(articlePath: string, records: Iterable<StoredRecord>): Uint8Array {
  const live: Annotation[] = [];
  const dead: Tombstone[] = [];
  for (const r of records) {
    if (r.kind === 'live') live.push(r.annotation);
    else dead.push(r.tombstone);
  }
  sortAnnotations(live);
  dead.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const json = collectionJson(`Annotations on ${articlePath}`, live.map(a => annotationToJson(a)), { 'corroborate:formatVersion': FORMAT_VERSION });
  json['corroborate:deleted'] = dead.map(tombstoneToJson);
  return new TextEncoder().encode(JSON.stringify(json, null, 2) + '\n');
}

export class FormatError extends Error {}

function isoOrUndefined(v: unknown, what: string): string | undefined {
  if (v === undefined) return undefined;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw new FormatError(`${what} is not a date`);
  // already in the canonical form (what we write): kept as is
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(v as string) ? (v as string) : new Date(t).toISOString();
}

function parseCreator(v: unknown): AnnotationCreator | undefined {
  const c = asArray(v)[0];
  if (typeof c === 'string') return { name: c };
  if (isObject(c)) {
    const name = [c.name, c.nickname, c.id].find(x => typeof x === 'string') as string | undefined;
    if (!name) return undefined;
    return typeof c.id === 'string' ? { name, id: c.id } : { name };
  }
  return undefined;
}

/** `a/b.txt` from `./a/b.txt` or `a\b.txt`; throws on absolute paths and `..`. */
export function normalizeSource(source: string): string {
  let s = source.replace(/\\/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  if (!s || s.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(s)) throw new FormatError(`target.source must be a path relative to the workspace, not "${source}"`);
  const parts = s.split('/');
  if (parts.some(p => p === '..' || p === '' || p === '.')) throw new FormatError(`target.source "${source}" is not a plain relative path`);
  return s;
}

export interface ParseAnnotationOptions {
  /** Store files: ids are required. Imports: a missing id gets a new one. */
  newId?: () => string;
  now?: () => string;
}

/** One W3C annotation as Corroborate's model; throws FormatError with the reason. */
export function parseAnnotation(v: unknown, options: ParseAnnotationOptions = {}): Annotation {
  if (!isObject(v)) throw new FormatError('not an object');
  if (!hasType(v, 'Annotation')) throw new FormatError('type is not "Annotation"');
  let id = v.id;
  if (id === undefined && options.newId) id = options.newId();
  if (typeof id !== 'string' || !id) throw new FormatError('no id');
  const targets = asArray(v.target);
  if (targets.length !== 1 || !isObject(targets[0])) throw new FormatError('needs exactly one target object (with source and selector)');
  const target = targets[0];
  if (typeof target.source !== 'string') throw new FormatError('target.source is missing');
  const source = normalizeSource(target.source);
  let quote: TextQuote | undefined;
  let position: TextRange | undefined;
  for (const s of asArray(target.selector)) {
    if (!isObject(s)) continue;
    if (hasType(s, 'TextQuoteSelector') && typeof s.exact === 'string' && !quote) {
      quote = { exact: s.exact, prefix: typeof s.prefix === 'string' ? s.prefix : '', suffix: typeof s.suffix === 'string' ? s.suffix : '' };
    } else if (hasType(s, 'TextPositionSelector') && !position) {
      const { start, end } = s;
      if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) < (start as number)) throw new FormatError('TextPositionSelector needs integers 0 ≤ start ≤ end');
      position = { start: start as number, end: end as number };
    }
  }
  if (!quote && !position) throw new FormatError('target has no TextQuoteSelector or TextPositionSelector');
  const a: Annotation = {
    id,
    source,
    // a position alone gets its quote when the article is read (see interop)
    quote: quote ?? { exact: '', prefix: '', suffix: '' },
    created: '',
    modified: '',
  };
  if (position) a.position = position;
  const created = isoOrUndefined(v.created, 'created');
  const modified = isoOrUndefined(v.modified, 'modified');
  const now = options.now ?? (() => new Date().toISOString());
  a.created = created ?? modified ?? now();
  a.modified = modified ?? a.created;
  const creator = parseCreator(v.creator);
  if (creator) a.creator = creator;

  const motivation = typeof v.motivation === 'string' ? v.motivation : undefined;
  const otherBodies: unknown[] = [];
  const bodies = asArray(v.body);
  if (typeof v.bodyValue === 'string') bodies.unshift({ type: 'TextualBody', value: v.bodyValue });
  for (const b of bodies) {
    if (isObject(b) && typeof b.value === 'string' && (b.type === undefined || hasType(b, 'TextualBody'))) {
      const purpose = typeof b.purpose === 'string' ? b.purpose : motivation ?? 'commenting';
      const plain = Object.keys(b).every(k => BODY_KEYS.has(k)) && (b.format === undefined || b.format === 'text/plain');
      if (plain && purpose === 'commenting' && a.note === undefined && b['corroborate:corrects'] === undefined) {
        a.note = b.value;
        continue;
      }
      if (plain && purpose === 'assessing' && a.status === undefined && VERIFICATION_STATUSES.includes(b.value as VerificationStatus)) {
        a.status = b.value as VerificationStatus;
        continue;
      }
      if (plain && purpose === 'editing' && a.speaker === undefined && b['corroborate:corrects'] === 'speaker') {
        a.speaker = b.value;
        continue;
      }
    }
    otherBodies.push(b);
  }
  const properties: Json = {};
  for (const k of Object.keys(v)) if (!KNOWN_KEYS.has(k)) properties[k] = v[k];
  if (otherBodies.length || Object.keys(properties).length) {
    a.extra = {};
    if (otherBodies.length) a.extra.bodies = otherBodies;
    if (Object.keys(properties).length) a.extra.properties = properties;
  }
  return a;
}

/** The annotations of any W3C container: a collection (items on it or on embedded pages), a page, an array, or one annotation. */
export function collectionItems(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (!isObject(v)) throw new FormatError('not a JSON object or array');
  if (hasType(v, 'Annotation')) return [v];
  const out: unknown[] = [];
  if (Array.isArray(v.items)) out.push(...v.items);
  const seen = new Set<unknown>();
  for (let page: unknown = v.first; isObject(page) && !seen.has(page); page = page.next) {
    seen.add(page);
    if (Array.isArray(page.items)) out.push(...page.items);
  }
  if (!out.length && !hasType(v, 'AnnotationCollection') && !hasType(v, 'AnnotationPage')) throw new FormatError('neither an AnnotationCollection, an AnnotationPage nor an Annotation');
  return out;
}

export interface ParsedStore {
  records: StoredRecord[];
  /** Items that are not usable annotations (the file must then be kept aside). */
  errors: { index: number; error: string }[];
}

/** A store file; throws FormatError when it is not JSON or not a collection. */
export function parseStore(bytes: Uint8Array): ParsedStore {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FormatError('not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new FormatError(`not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(json) || !hasType(json, 'AnnotationCollection')) throw new FormatError('not an AnnotationCollection');
  const version = json['corroborate:formatVersion'];
  if (typeof version === 'number' && version > FORMAT_VERSION) throw new FormatError(`written by a newer Corroborate (format ${version})`);
  const records: StoredRecord[] = [];
  const errors: { index: number; error: string }[] = [];
  for (const [index, item] of collectionItems(json).entries()) {
    try {
      const a = parseAnnotation(item);
      if (!a.quote.exact) throw new FormatError('no TextQuoteSelector');
      records.push({ kind: 'live', annotation: a });
    } catch (e) {
      errors.push({ index, error: (e as Error).message });
    }
  }
  const deleted = json['corroborate:deleted'];
  for (const [i, t] of asArray(deleted).entries()) {
    if (isObject(t) && typeof t.id === 'string' && typeof t.source === 'string' && typeof t.deleted === 'string' && !Number.isNaN(Date.parse(t.deleted))) {
      records.push({ kind: 'deleted', tombstone: { id: t.id, source: t.source, deleted: t.deleted } });
    } else errors.push({ index: -1 - i, error: 'unreadable entry in corroborate:deleted' });
  }
  return { records, errors };
}
