/**
 * Export and import as a W3C AnnotationCollection (JSON-LD).
 *
 * Export re-anchors every annotation in its article as it is now: the target carries a
 * TextQuoteSelector and a TextPositionSelector whose [start, end) (UTF-16 code units) slices the
 * current text to `exact`. An annotation that cannot be found (or whose article cannot be read) is
 * exported with its stored TextQuoteSelector only, no TextPositionSelector, and
 * `"corroborate:state": "orphaned"`.
 */
import { anchor, quoteAt } from './anchor';
import { annotationToJson, collectionItems, collectionJson, FormatError, parseAnnotation } from './format';
import type { AnnotationStore, MergeResult } from './store';
import { uuidUrn } from './store';
import type { Annotation } from './types';

/** The current text of an article (path relative to the workspace), or undefined if it cannot be read. */
export type ArticleTextSource = (source: string) => Promise<string | undefined>;

export interface ExportSummary {
  annotations: number;
  articles: number;
  orphaned: number;
  /** Re-anchored elsewhere than their stored position (quote or fuzzy). */
  moved: number;
}

export async function exportCollection(store: AnnotationStore, getText: ArticleTextSource): Promise<{ collection: Record<string, unknown>; summary: ExportSummary }> {
  const items: Record<string, unknown>[] = [];
  const summary: ExportSummary = { annotations: 0, articles: 0, orphaned: 0, moved: 0 };
  for (const source of store.sources()) {
    summary.articles++;
    const text = await getText(source);
    const rows = store.list(source).map(a => {
      const r = text === undefined ? undefined : anchor(a, text);
      return { a, r: r && r.state !== 'orphaned' ? r : undefined };
    });
    rows.sort((x, y) => (x.r?.start ?? Infinity) - (y.r?.start ?? Infinity) || (x.r?.end ?? 0) - (y.r?.end ?? 0) || (x.a.id < y.a.id ? -1 : 1));
    for (const { a, r } of rows) {
      summary.annotations++;
      if (!r || text === undefined) {
        summary.orphaned++;
        items.push(annotationToJson(a, { state: 'orphaned', position: null }));
      } else {
        if (r.state !== 'position') summary.moved++;
        items.push(annotationToJson(a, { quote: quoteAt(text, r), position: { start: r.start, end: r.end } }));
      }
    }
  }
  return { collection: collectionJson('Corroborate annotations', items), summary };
}

export interface ImportReport extends MergeResult {
  /** Items that could not be imported, with why (index into the collection's items). */
  invalid: { index: number; error: string }[];
}

/** Adds the annotations of a W3C collection (or page, array, single annotation) to the store, keeping their ids. */
export async function importCollection(store: AnnotationStore, json: unknown, getText: ArticleTextSource): Promise<ImportReport> {
  const invalid: { index: number; error: string }[] = [];
  const parsed: Annotation[] = [];
  const texts = new Map<string, string | undefined>();
  const textOf = async (source: string) => {
    if (!texts.has(source)) texts.set(source, await getText(source));
    return texts.get(source);
  };
  const seen = new Set<string>();
  for (const [index, item] of collectionItems(json).entries()) {
    try {
      const a = parseAnnotation(item, { newId: uuidUrn });
      if (seen.has(a.id)) throw new FormatError(`id ${a.id} appears twice`);
      const text = await textOf(a.source);
      if (!a.quote.exact) {
        // a TextPositionSelector alone: the quote comes from the article
        if (text === undefined || !a.position || a.position.end > text.length || a.position.start === a.position.end) {
          throw new FormatError('only a TextPositionSelector, and the article cannot be read at that position');
        }
        a.quote = quoteAt(text, a.position);
      } else if (!a.position && text !== undefined) {
        const r = anchor(a, text);
        if (r.state !== 'orphaned') a.position = { start: r.start, end: r.end };
      }
      seen.add(a.id);
      parsed.push(a);
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      invalid.push({ index, error: e.message });
    }
  }
  return { ...store.merge(parsed), invalid };
}
