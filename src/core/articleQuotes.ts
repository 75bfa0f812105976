/** An article's quotes with offsets into the source document. */
import type { ArticleAnalysis } from './article/analyze';
import type { DocumentEntities } from './entities/types';
import { extractQuotes, type ExtractOptions } from './quotes';
import type { Quote } from './quotes/types';

/**
 * Finds the quotes of an analysed article. `plainEntities` are the article's entities with offsets
 * into the analysed text (speakers resolve to them).
 */
export function articleQuotes(analysis: ArticleAnalysis, plainEntities?: DocumentEntities, options?: ExtractOptions): Quote[] {
  const { text, map } = analysis.plain;
  const quotes = extractQuotes(text, plainEntities, options);
  if (map.isIdentity) return quotes;
  const span = (s: number, e: number) => map.spanToSource(s, e);
  return quotes.map(q => {
    const out: Quote = { ...q, ...span(q.start, q.end) };
    if (q.fragments) out.fragments = q.fragments.map(f => span(f.start, f.end));
    if (q.speakerStart !== undefined && q.speakerEnd !== undefined) {
      const s = span(q.speakerStart, q.speakerEnd);
      out.speakerStart = s.start;
      out.speakerEnd = s.end;
    }
    if (q.cueStart !== undefined && q.cueEnd !== undefined) {
      const c = span(q.cueStart, q.cueEnd);
      out.cueStart = c.start;
      out.cueEnd = c.end;
    }
    return out;
  });
}
