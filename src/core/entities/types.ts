import type { Span } from '../types';

export type EntityType = 'PER' | 'ORG' | 'LOC' | 'MISC' | 'DATE' | 'TIME' | 'MONEY' | 'PERCENT' | 'QUANTITY';

/** The types named entities are merged and listed for; the others are values (dates, amounts). */
export const NAMED_TYPES: readonly EntityType[] = ['PER', 'ORG', 'LOC'];
export const VALUE_TYPES: readonly EntityType[] = ['DATE', 'TIME', 'MONEY', 'PERCENT', 'QUANTITY'];

/** What a tagger or a rule found: a typed span of the text. */
export interface RawMention extends Span {
  type: EntityType;
  text: string;
}

export interface EntityMention extends RawMention {
  /** The document entity this mention belongs to (an index into `entities`). */
  entity: number;
  /** A title written before the name ("President", "Mr", "Prime Minister"). */
  title: string | null;
  /** True when the mention was found by matching an alias the tagger found elsewhere in the text. */
  byAlias?: boolean;
}

export interface DocumentEntity {
  type: EntityType;
  /** The fullest form of the name in this document ("Donald Trump" for Trump / Mr Trump / Donald Trump). */
  canonical: string;
  /** Every form written, without titles. */
  aliases: string[];
  /** Titles seen before the name. */
  titles: string[];
  mentions: number;
  /** Key that merges this entity with others across documents. */
  key: string;
}

export interface DocumentEntities {
  mentions: EntityMention[];
  entities: DocumentEntity[];
}

/** Word lists a tagger may know: they sharpen the merging rules. */
export interface NameLexicon {
  isFirstName(word: string): boolean;
  /** A country, city or region. */
  isPlace(word: string): boolean;
}
