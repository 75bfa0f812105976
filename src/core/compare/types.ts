/** Compare sources: the plain data the index hands to the CLI and the views. Offsets are UTF-16 into each source file. */
import type { DiffOp } from './align';

export type GroupRelation = 'identical' | 'variant' | 'conflict';

export interface GroupMember {
  uri: string;
  /** How the file is shown (relative path in the CLI). */
  file: string;
  /** The shared stretch in this file (source offsets) and its text. */
  start: number;
  end: number;
  text: string;
  /** The whole quote or sentence the stretch belongs to. */
  unitStart: number;
  unitEnd: number;
  kind: 'quote' | 'claim';
  outlet?: string;
  /** YYYY-MM-DD */
  date?: string;
  /** Quotes: who said it (canonical name). */
  speaker?: string;
}

export interface GroupConflict {
  /** Indices into the group's members. */
  a: number;
  b: number;
  /** Which slot differs: a figure, a date, a deadline or other time qualifier, a person's title. */
  slot: 'figure' | 'date' | 'deadline' | 'time' | 'title';
  /** The differing words as written in member a and member b. */
  left: string;
  right: string;
  /** Source spans of those words (in a's file and in b's file). */
  leftStart: number;
  leftEnd: number;
  rightStart: number;
  rightEnd: number;
  /** In words: "the deadline differs: 'by 2035' vs 'after the next general election'". */
  explanation: string;
}

export interface MemberDiff {
  /** Index of the member; the reference is `CompareGroup.reference`. */
  member: number;
  /**
   * Word operations of the member against the reference on normalised words: 'equal' and 'added'
   * spans are offsets into the member's file, 'removed' spans into the reference's file.
   */
  ops: DiffOp[];
}

export interface CompareGroup {
  /** Stable for the same members: derived from the first member's file and offsets. */
  id: string;
  kind: 'quote' | 'claim';
  relation: GroupRelation;
  members: GroupMember[];
  conflicts: GroupConflict[];
  /** Index of the member the others are compared with (the most connected one). */
  reference: number;
  /** One entry per member other than the reference. */
  diffs: MemberDiff[];
  /** Number of different files. */
  sources: number;
}

export interface CompareOptions {
  /** Articles dated further apart than this are not compared (days; undated articles are compared with all). Default 45. */
  dateWindowDays?: number;
  /** Anchors (word n-grams, numbers, names) shared by more units than this are ignored. Default 40. */
  anchorCap?: number;
  /** BM25 candidates per unit. Default 6; 0 switches BM25 off. */
  bm25TopK?: number;
  /** Terms in more units than this are left out of BM25 queries (a query takes the 6 rarest). Default 32. */
  bm25TermCap?: number;
  /** Compare units of the same file too (default false). */
  sameFile?: boolean;
}
