/** Quotes and who said them: plain data, offsets are UTF-16 indices into the analysed text. */

export type QuoteKind = 'direct' | 'partial' | 'reported' | 'none';

export interface QuoteFragment {
  start: number;
  end: number;
}

export interface Quote {
  /** The words between the marks (direct, partial, none), or the reported content. */
  start: number;
  end: number;
  /**
   * direct: a full quoted utterance; partial: a quoted fragment inside the author's sentence;
   * reported: speech reported without quote marks; none: scare quotes, titles, headings.
   */
  kind: QuoteKind;
  /** When one quote is split by its attribution: its pieces ("A," she said, "B"). Unset otherwise. */
  fragments?: QuoteFragment[];
  /** Who said it, resolved (the canonical name of the entity) or the mention as written when unresolved. */
  speaker: string | null;
  /** The speaker mention as written ("he", "the Prime Minister", "Trump"). */
  speakerText: string | null;
  speakerStart?: number;
  speakerEnd?: number;
  /** The reporting cue ("said", "told reporters", "according to", "wrote on X", ":"). */
  cue?: string;
  cueStart?: number;
  cueEnd?: number;
  /** 0…1: how sure the attribution is (for `none`: how sure it is not speech). */
  confidence: number;
  /** The speaker was carried over from an earlier attribution (the mention offsets point there). */
  implied?: boolean;
  /** This quote continues one left open in the previous paragraph. */
  continued?: boolean;
  /** Index of the document entity the speaker resolved to, when entities were given or found. */
  entity?: number;
  /** Quote-mark regions only: nesting depth (0 = outermost). */
  depth?: number;
}

/** One quote as the evaluation and the CLI write it. */
export interface QuoteRecord {
  start: number;
  end: number;
  kind: 'direct' | 'partial' | 'reported';
  speaker: string | null;
  speaker_start: number | null;
  speaker_end: number | null;
  cue_start: number | null;
  cue_end: number | null;
  /** A quote in pieces (split by its attribution, or an attribution of several pieces): scored as their union. */
  fragments?: QuoteFragment[];
}
