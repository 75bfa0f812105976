/** A half-open range of UTF-16 code units, as `document.offsetAt` counts them. */
export interface Span {
  start: number;
  end: number;
}

export type BoilerplateKind =
  | 'metadata'      // a leading "date 2025-02-27" line and similar page furniture
  | 'newsletter'    // sign-up boxes, "unsubscribe at any time", mailing-list blurbs
  | 'related'       // "Related Articles", "Read more", "More from …"
  | 'comments'      // "Comments", "No comments yet…", "Leave a comment"
  | 'promo'         // app/AI promos, "Follow us", "Stay updated … with example.com"
  | 'photo-credit'  // "(Jane Doe/AP)", "Getty Images", "Photo: …"
  | 'social'        // "Share this", "Copy link", "Tweet"
  | 'timestamp';    // "25 minutes ago", "Updated 3 hours ago"

export interface BoilerplateBlock extends Span {
  kind: BoilerplateKind;
}

export interface Paragraph extends Span {
  /** True when the paragraph reads like a heading (short, no closing full stop). */
  heading?: boolean;
}

export interface Sentence extends Span {
  /** Index into the part's `paragraphs`. */
  paragraph: number;
}

export type TitleSource = 'headline' | 'heading' | 'frontmatter' | 'lead';

/** One story. A plain article is one part; a page bundling several stories has several. */
export interface ArticlePart extends Span {
  title: string | null;
  titleSpan: Span | null;
  /** Where the title came from: a headline line, a Markdown heading, front matter, or the lead sentence. */
  titleSource: TitleSource | null;
  /** ISO date (YYYY-MM-DD) or null. */
  date: string | null;
  dateSpan: Span | null;
  outlet: string | null;
  outletSpan: Span | null;
  /** The place of a dateline ("WASHINGTON (AP) —"). */
  dateline: { place: string; span: Span } | null;
  /** Content paragraphs (boilerplate excluded), in document order. */
  paragraphs: Paragraph[];
  sentences: Sentence[];
  boilerplate: BoilerplateBlock[];
  wordCount: number;
}

export type ArticleFormat = 'text' | 'markdown';

export interface ArticleModel extends ArticlePart {
  uri: string;
  format: ArticleFormat;
  /** Length of the source document in UTF-16 code units. */
  length: number;
  /** The stories bundled on the page; empty when the page holds one story. */
  parts: ArticlePart[];
  /** Problems that did not stop the analysis (for example a replaced invalid byte sequence). */
  warnings: string[];
}
