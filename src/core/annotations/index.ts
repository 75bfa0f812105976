/** The reader's annotations: model, W3C storage, re-anchoring, merge, import/export. */
export * from './types';
export type { AnnotationFs } from './storageFs';
export { MemoryAnnotationFs } from './storageFs';
export { anchor, quoteAt, CONTEXT_CHARS, type AnchorTarget } from './anchor';
export { approxSearch, editDistance, scanEditDistance, type ApproxMatch } from './approx';
export { ANNO_CONTEXT, CORROBORATE_NS, FORMAT_VERSION, annotationToJson, collectionItems, parseAnnotation, parseStore, serializeStore, normalizeSource, FormatError } from './format';
export { AnnotationStore, ANNOTATIONS_DIR, uuidUrn, wins, type AnnotationFields, type AnnotationPatch, type AnnotationStoreOptions, type MergeResult, type SaveResult } from './store';
export { exportCollection, importCollection, type ArticleTextSource, type ExportSummary, type ImportReport } from './interop';
export { applySpeakerCorrections, type CorrectedQuotes } from './speakers';
