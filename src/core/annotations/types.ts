/**
 * The reader's own annotations on articles: notes, verification status and speaker corrections.
 * Plain data; offsets are UTF-16 code units into the article's text as the editor shows it (the
 * decoded file: UTF-8 with its BOM dropped), not into the analysed plain text of a Markdown file.
 */

export type VerificationStatus = 'verified' | 'disputed' | 'needs-checking';
export const VERIFICATION_STATUSES: readonly VerificationStatus[] = ['verified', 'disputed', 'needs-checking'];

/** W3C TextQuoteSelector: the annotated text and up to 32 characters either side of it. */
export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

/** W3C TextPositionSelector: [start, end) in UTF-16 code units. */
export interface TextRange {
  start: number;
  end: number;
}

export interface AnnotationCreator {
  name: string;
  /** An IRI for the person (from an import), when there is one. */
  id?: string;
}

export interface Annotation {
  /** `urn:uuid:…` (imported annotations keep their own id, whatever its form). */
  id: string;
  /** The article's path relative to the workspace folder, `/`-separated. */
  source: string;
  quote: TextQuote;
  /**
   * Where the quote was when the annotation was last written. Unset for an annotation imported
   * without a TextPositionSelector into a workspace that lacks its article.
   */
  position?: TextRange;
  /** A comment (purpose `commenting`). */
  note?: string;
  /** Verification status (purpose `assessing`). */
  status?: VerificationStatus;
  /** Speaker correction: the name of who really said the quote (purpose `editing`); it overrides `Quote.speaker`. */
  speaker?: string;
  creator?: AnnotationCreator;
  /** ISO 8601 (UTC, milliseconds). */
  created: string;
  modified: string;
  /**
   * What an import brought that Corroborate does not model (other bodies, other properties), kept
   * verbatim so that nothing is lost on the way through: `bodies` and `properties`.
   */
  extra?: { bodies?: unknown[]; properties?: Record<string, unknown> };
}

/**
 * A deleted annotation. Kept in the store file (under `corroborate:deleted`) so that a merge with a
 * window or a file that still has the annotation does not bring it back.
 */
export interface Tombstone {
  id: string;
  source: string;
  /** When it was deleted (ISO 8601); it plays the part of `modified` in last-writer-wins. */
  deleted: string;
}

export type StoredRecord = { kind: 'live'; annotation: Annotation } | { kind: 'deleted'; tombstone: Tombstone };

export type AnchorState = 'position' | 'quote' | 'fuzzy' | 'orphaned';

/**
 * Where an annotation is in the current text.
 * - `position`: the stored position still holds the quote;
 * - `quote`: the exact quote was found elsewhere (best prefix/suffix match among its occurrences);
 * - `fuzzy`: the quote was edited: found between its unchanged prefix and suffix, or by approximate
 *   match (`errors` edits away from the quote);
 * - `orphaned`: not found; `start` = `end` = where it used to be (clamped), for display only. The
 *   annotation is kept, with its quote.
 */
export interface AnchorResult {
  state: AnchorState;
  start: number;
  end: number;
  /** Fuzzy matches: the edit distance between the stored quote and the text found. */
  errors?: number;
}

export interface AnchoredAnnotation {
  annotation: Annotation;
  anchor: AnchorResult;
}

export type StoreProblem =
  /** A store file that cannot be read as annotations was moved aside (`movedTo`) at save, or is left in place until then. */
  | { kind: 'corrupt'; file: string; error: string; movedTo?: string; salvaged: number }
  /** One item of a store file is not a usable annotation; the file is treated as corrupt (kept aside). */
  | { kind: 'invalid-item'; file: string; index: number; error: string }
  /**
   * A change made here lost to a later change of the same annotation made elsewhere (per-annotation
   * last writer wins); `lost` is the version that lost, so the UI can offer it back.
   */
  | { kind: 'superseded'; id: string; lost: StoredRecord; winner: StoredRecord }
  /** A left-over temporary file of a crashed save was merged (`recovered`) or removed (unreadable). */
  | { kind: 'temp-file'; file: string; recovered: boolean };
