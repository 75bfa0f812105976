/**
 * Quotes and who said them.
 *
 *   installReportedModel(decodeReportedModel(bytes)); // once per thread: media/models/reported.bin, read by the host
 *   const quotes = extractQuotes(text, entities);   // entities: resolveEntities(text, tagger(text)), optional
 *   const records = quoteRecords(quotes);            // the CLI / evaluation format (kind none left out)
 *
 * Pure TypeScript: no Node built-ins, no VS Code API.
 */
export { extractQuotes, toQuoteRecord, quoteRecords, groupQuoteRecords, installReportedModel, hasReportedModel, type ExtractOptions, type RecordOptions } from './extract';
export { decodeReportedModel, ReportedModelError, type ReportedModel } from './reported';
export { scanQuoteMarks, paragraphsOf, type MarkRegion, type MarkFamily } from './marks';
export type { Quote, QuoteKind, QuoteFragment, QuoteRecord } from './types';
