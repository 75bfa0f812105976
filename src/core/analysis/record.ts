/**
 * One article's analysis as plain data: what a worker sends back and what the persistent cache
 * stores. It travels as four JSON strings (strings cross `postMessage` as one copy, and the cache
 * writes them unchanged):
 *   - `core`: the article model's header (title, date, outlet, lengths, spans…): what the Articles
 *     tree needs, parsed at once;
 *   - `entities`: the article's entity list, parsed when first read (by the corpus entity index
 *     when it is built, or when the article's entities are shown): most of what a warm open would
 *     otherwise parse, and the bulk of the objects it would keep;
 *   - `body`: the model's paragraphs, sentences, boilerplate and parts, the analysed text when it
 *     differs from the source (Markdown) and the offset map, parsed when first read (opening a
 *     workspace from the cache reads only the cores);
 *   - `detail`: entity mentions (packed as numbers) and quotes, parsed only when first needed.
 * The source text is not part of it (the file holds it).
 */
import { analyzeArticle, type ArticleAnalysis } from '../article/analyze';
import { entitiesToSource } from '../entities/extract';
import type { EntitySummary } from '../entities/corpusIndex';
import type { DocumentEntities, DocumentEntity, EntityMention, EntityType } from '../entities/types';
import type { Quote } from '../quotes/types';
import { OffsetMap } from '../text/offsetMap';
import type { ArticleModel } from '../types';

/** Bumped whenever the analysis (model, entities, quotes) may give different results. */
export const ANALYSER_VERSION = 6;

export interface EncodedRecord {
  core: string;
  /** The entity list; null when entities and quotes were not computed. */
  entities: string | null;
  body: string;
  /** null when entities and quotes were not computed. */
  detail: string | null;
  /**
   * Whether `entities` and `detail` are not null, when that is known without reading them (a
   * record from the cache decodes its parts on first read).
   */
  readonly hasEntities?: boolean;
  /**
   * The entity list in compact form (a record from the cache, when the cache holds it), for the
   * corpus entity index: the same list as `entities`.
   */
  entitySummary?(): EntitySummary | undefined;
}

interface CoreRecord {
  /** The model without the fields of BodyRecord. */
  model: ArticleModel;
}

interface BodyRecord {
  paragraphs: ArticleModel['paragraphs'];
  sentences: ArticleModel['sentences'];
  boilerplate: ArticleModel['boilerplate'];
  parts: ArticleModel['parts'];
  plain: string | null;
  map: number[];
}

/** The model's fields kept in the body (the bulk of it, read after the tree is drawn). */
const BODY_FIELDS = ['paragraphs', 'sentences', 'boilerplate', 'parts'] as const;

interface DetailRecord {
  /** Per mention: start, end, type index (TYPES), entity, title index (-1: none), byAlias (0/1). */
  mentions: number[];
  titles: string[];
  /** Mention index → text, for the mentions whose text is not the slice of the plain text. */
  texts: Record<number, string>;
  quotes: Quote[];
}

const TYPES: EntityType[] = ['PER', 'ORG', 'LOC', 'MISC', 'DATE', 'TIME', 'MONEY', 'PERCENT', 'QUANTITY'];
const FIELDS = 6;

/** Encodes an analysis (and, when computed, its plain-text entities and its source quotes). */
export function encodeRecord(analysis: ArticleAnalysis, plainEntities?: DocumentEntities, quotes?: Quote[]): EncodedRecord {
  const { paragraphs, sentences, boilerplate, parts, ...head } = analysis.model;
  const core = JSON.stringify({ model: head as ArticleModel } satisfies CoreRecord);
  const body: BodyRecord = {
    paragraphs,
    sentences,
    boilerplate,
    parts,
    plain: analysis.plain.text === analysis.source ? null : analysis.plain.text,
    map: analysis.plain.map.toRuns(),
  };
  const bodyJson = JSON.stringify(body);
  if (!plainEntities || !quotes) return { core, entities: null, body: bodyJson, detail: null };
  const titles: string[] = [];
  const titleIndex = new Map<string, number>();
  const mentions: number[] = [];
  const texts: Record<number, string> = {};
  const text = analysis.plain.text;
  plainEntities.mentions.forEach((m, i) => {
    let t = -1;
    if (m.title !== null) {
      t = titleIndex.get(m.title) ?? -1;
      if (t < 0) titleIndex.set(m.title, (t = titles.push(m.title) - 1));
    }
    mentions.push(m.start, m.end, TYPES.indexOf(m.type), m.entity, t, m.byAlias ? 1 : 0);
    if (text.slice(m.start, m.end) !== m.text) texts[i] = m.text;
  });
  const detail: DetailRecord = { mentions, titles, texts, quotes };
  return { core, entities: JSON.stringify(plainEntities.entities), body: bodyJson, detail: JSON.stringify(detail) };
}

/**
 * A text known by its length before it is decoded (a file's bytes whose record came from the
 * cache): `text()` decodes it, on the first read of the analysis's `source`.
 */
export interface LazyText {
  readonly length: number;
  text(): string;
}

export interface MaterializedRecord {
  analysis: ArticleAnalysis;
  /** Entity views whose `mentions` are decoded on first access. */
  entities?: { plain: DocumentEntities; source: DocumentEntities };
  /** The quotes, decoded on first call. */
  quotes?: () => Quote[];
}

function unpackMentions(d: DetailRecord, plain: string, entityCount: number): EntityMention[] {
  const flat = d.mentions;
  if (!Array.isArray(flat) || flat.length % FIELDS !== 0) throw new Error('record: malformed mentions');
  const out: EntityMention[] = [];
  for (let i = 0, k = 0; i < flat.length; i += FIELDS, k++) {
    const start = flat[i], end = flat[i + 1], type = TYPES[flat[i + 2]], entity = flat[i + 3], title = flat[i + 4];
    if (!(start >= 0 && end >= start && end <= plain.length) || !type || !(entity >= 0 && entity < entityCount)) throw new Error('record: mention out of range');
    const m: EntityMention = { start, end, type, text: d.texts?.[k] ?? plain.slice(start, end), entity, title: title >= 0 ? d.titles[title] ?? null : null };
    if (flat[i + 5]) m.byAlias = true;
    out.push(m);
  }
  return out;
}

/** The body of a record, or undefined when it does not parse or does not fit `source`. */
function readBody(record: EncodedRecord, length: number, source: () => string): Body | undefined {
  try {
    if (typeof record.body !== 'string') return undefined;
    const b = JSON.parse(record.body) as BodyRecord;
    if (!b || typeof b !== 'object' || !BODY_FIELDS.every(f => Array.isArray(b[f]))) return undefined;
    const text = b.plain ?? source();
    if (typeof text !== 'string') return undefined;
    const map = OffsetMap.fromRuns(b.map);
    const fits = (x: { start: number; end: number }) => x && x.start >= 0 && x.end >= x.start && x.end <= length;
    if (!b.paragraphs.every(fits) || !b.sentences.every(fits) || !b.boilerplate.every(fits) || !b.parts.every(fits)) return undefined;
    return { fields: { paragraphs: b.paragraphs, sentences: b.sentences, boilerplate: b.boilerplate, parts: b.parts }, plain: { text, map } };
  } catch {
    return undefined;
  }
}

/** The body computed again from the source (the article model alone: a few ms). */
function redoBody(source: string, model: ArticleModel): Body {
  const again = analyzeArticle(source, { uri: model.uri, format: model.format, warnings: model.warnings });
  return { fields: { paragraphs: again.model.paragraphs, sentences: again.model.sentences, boilerplate: again.model.boilerplate, parts: again.model.parts }, plain: again.plain };
}

/*
 * Lazy fields are own, enumerable accessors (JSON.stringify, spreads and deep comparisons see
 * them) whose getter and setter functions are shared by every object: the state lives in a
 * non-enumerable symbol-keyed slot. With one pair of functions per field, V8 gives every decoded
 * record the same hidden class instead of a new one per object (10^4 records on a warm open).
 */
const LAZY = Symbol('lazy');

type BodyField = (typeof BODY_FIELDS)[number];
type Body = { fields: Pick<ArticleModel, BodyField>; plain: ArticleAnalysis['plain'] };

interface LazyBody {
  get(): Body;
  /** The source text (decoded on first read when the record was given a LazyText). */
  source(): string;
  /** Values assigned to body fields (they win over the body). */
  own?: Partial<Record<BodyField, unknown>>;
}

interface LazyValue<T> {
  compute: () => T;
  value?: T;
}

type Slot<T> = { [LAZY]: T };

const hide = (o: object, state: unknown) => Object.defineProperty(o, LAZY, { value: state, enumerable: false, configurable: true });

const BODY_DESCRIPTORS: PropertyDescriptorMap = Object.fromEntries(
  BODY_FIELDS.map(field => [
    field,
    {
      enumerable: true,
      configurable: true,
      get(this: Slot<LazyBody>) {
        const lazy = this[LAZY];
        return lazy.own && field in lazy.own ? lazy.own[field] : lazy.get().fields[field];
      },
      set(this: Slot<LazyBody>, v: unknown) {
        (this[LAZY].own ??= {})[field] = v;
      },
    },
  ]),
);

const SOURCE_DESCRIPTOR: PropertyDescriptor = {
  enumerable: true,
  get(this: Slot<LazyBody>) {
    return this[LAZY].source();
  },
};

const PLAIN_DESCRIPTOR: PropertyDescriptor = {
  enumerable: true,
  get(this: Slot<LazyBody>) {
    return this[LAZY].get().plain;
  },
};

interface LazyView {
  entities: LazyValue<DocumentEntity[]>;
  mentions: LazyValue<EntityMention[]>;
}

const VIEW_DESCRIPTORS: PropertyDescriptorMap = Object.fromEntries(
  (['mentions', 'entities'] as const).map(field => [
    field,
    {
      enumerable: true,
      get(this: Slot<LazyView>) {
        const lazy = this[LAZY][field];
        return (lazy.value ??= lazy.compute());
      },
    },
  ]),
);

/** An object whose `entities` and `mentions` are computed on first access (then kept). */
function lazyEntities(entities: LazyValue<DocumentEntity[]>, mentions: () => EntityMention[]): DocumentEntities {
  return Object.defineProperties(hide({}, { entities, mentions: { compute: mentions } } satisfies LazyView), VIEW_DESCRIPTORS) as DocumentEntities;
}

/** An entity list as stored; [] when it does not parse or is not a list of entities. */
function readEntityList(json: string | null): DocumentEntity[] {
  try {
    const list = json ? (JSON.parse(json) as DocumentEntity[]) : null;
    return Array.isArray(list) && list.every(e => e && typeof e.key === 'string' && typeof e.canonical === 'string' && Array.isArray(e.aliases) && Array.isArray(e.titles)) ? list : [];
  } catch {
    return [];
  }
}

/**
 * The analysis of `source` that `record` describes. Throws when the core does not parse or does not
 * fit the text (a record is never trusted blindly). The detail is checked when first decoded; a
 * detail that does not decode yields no mentions and no quotes rather than an exception.
 */
export function decodeRecord(given: string | LazyText, record: EncodedRecord): MaterializedRecord {
  const core = JSON.parse(record.core) as CoreRecord;
  if (!core || typeof core !== 'object' || !core.model || typeof core.model !== 'object') throw new Error('record: no model');
  // a text whose analysis warned (invalid UTF-8, Markdown trouble) is decoded now, so its length is checked on the text itself
  const lazyText = typeof given === 'string' || (Array.isArray(core.model.warnings) && core.model.warnings.length > 0) ? undefined : given;
  const text = lazyText ? undefined : typeof given === 'string' ? given : given.text();
  if (core.model.length !== (text ?? lazyText!).length) throw new Error('record: model length differs from the text');
  const model = core.model;
  let decoded = text;
  const source = () => (decoded ??= lazyText!.text());
  // the body on first read; one that does not parse or fit the text (never seen: shards are
  // checksummed) is not trusted: the article model is computed again from the source
  let body: Body | undefined;
  const lazy: LazyBody = { get: () => (body ??= readBody(record, model.length, source) ?? redoBody(source(), model)), source };
  Object.defineProperties(hide(model, lazy), BODY_DESCRIPTORS);
  const analysis = (text !== undefined ? hide({ model, source: text }, lazy) : Object.defineProperty(hide({ model }, lazy), 'source', SOURCE_DESCRIPTOR)) as ArticleAnalysis;
  Object.defineProperty(analysis, 'plain', PLAIN_DESCRIPTOR);
  const out: MaterializedRecord = { analysis };
  if (record.hasEntities ?? (record.entities !== null && record.detail !== null)) {
    // one list shared by both views, parsed on first read
    const list: LazyValue<DocumentEntity[]> = { compute: () => readEntityList(record.entities) };
    const entities = () => (list.value ??= list.compute());
    let detail: DetailRecord | null | undefined;
    const getDetail = (): DetailRecord | null => {
      if (detail === undefined) {
        try {
          detail = record.detail ? (JSON.parse(record.detail) as DetailRecord) : null;
          if (!detail || !Array.isArray(detail.quotes) || !Array.isArray(detail.titles)) detail = null;
        } catch {
          detail = null;
        }
      }
      return detail;
    };
    let plainMentions: EntityMention[] | undefined;
    const mentionsOf = () => {
      if (!plainMentions) {
        const d = getDetail();
        try {
          plainMentions = d ? unpackMentions(d, analysis.plain.text, entities().length) : [];
        } catch {
          plainMentions = [];
        }
      }
      return plainMentions;
    };
    const plainView = lazyEntities(list, mentionsOf);
    const sourceView = lazyEntities(list, () => (analysis.plain.map.isIdentity ? mentionsOf() : entitiesToSource(analysis, { entities: entities(), mentions: mentionsOf() }).mentions));
    out.entities = { plain: plainView, source: sourceView };
    out.quotes = () => {
      const qs = getDetail()?.quotes ?? [];
      return qs.every(q => q && q.start >= 0 && q.end >= q.start && q.end <= model.length) ? qs : [];
    };
  }
  return out;
}
