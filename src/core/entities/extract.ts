/** From an article's analysed text to its entities, with offsets into the source document. */
import type { ArticleAnalysis } from '../article/analyze';
import { resolveEntities } from './resolve';
import type { DocumentEntities, RawMention } from './types';

/** Finds typed mentions in plain text (the statistical tagger plus value rules). */
export type Tagger = (text: string) => RawMention[];

export function extractEntities(analysis: ArticleAnalysis, tagger: Tagger): DocumentEntities {
  const { text, map } = analysis.plain;
  const doc = resolveEntities(text, tagger(text));
  if (map.isIdentity) return doc;
  return {
    entities: doc.entities,
    mentions: doc.mentions.map(m => ({ ...m, ...map.spanToSource(m.start, m.end) })),
  };
}
