export * from './types';
export * from './workspace';
export * from './corpus';
export { analyzeArticle, formatOf, type ArticleAnalysis, type PlainView, type AnalyzeOptions } from './article/analyze';
export { decodeArticleBytes, ArticleInputError, DEFAULT_MAX_BYTES, formatBytes } from './text/decode';
export { OffsetMap } from './text/offsetMap';
export { splitSentences, countWords } from './text/sentences';
export { markdownToPlain } from './text/markdown';
