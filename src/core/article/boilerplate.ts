/**
 * Recognising page furniture that is not the story: newsletter boxes, "Related Articles",
 * comment sections, promos, photo credits, share buttons, relative timestamps. The rules describe
 * how news pages in general are built; none names a particular site.
 */
import type { BoilerplateKind } from '../types';

const words = (s: string) => (s.match(/\S+/g) ?? []).length;

const NEWSLETTER = /\b(?:sign[ -]?up (?:for|to)|subscribe(?:rs?)?\b|newsletters?\b|unsubscribe|straight to your inbox|in your inbox|mailing list|e-?mail address|by subscribing|marketing platform|privacy (?:policy|notice)|terms of (?:use|service))/i;
const RELATED_HEAD = /^(?:related(?: articles?| stories| content| coverage| news| posts| reading| links| topics)?|read (?:more|next|also)|more (?:on this story|from [\w .&'-]{1,40}|stories|news|like this)|you (?:may|might) (?:also )?like|recommended(?: for you| stories| articles)?|most (?:read|popular|viewed)|trending(?: now| stories)?|see also|top stories|latest (?:news|stories)|editor'?s picks|what to read next)\s*:?$/i;
const COMMENTS = /^(?:\d+\s+)?(?:comments?|no comments yet\b.*|be the first to comment\b.*|leave a (?:comment|reply)\b.*|join the (?:conversation|discussion)\b.*|show comments|view comments|add (?:a|your) comment\b.*|comment(?:ing)? (?:is|are) (?:closed|disabled)\b.*)$/i;
const PROMO = /^(?:try our\b|download (?:our|the) app\b|get the app\b|follow us\b|like us on\b|advertisement$|sponsored(?: content)?$|ad$|promoted$|continue reading\b|click here\b|listen to (?:this|the) article\b|watch(?:: | the video)\b|explore what\b|stay (?:updated|informed|up to date)\b.*\bwith\b|support (?:our|independent) journalism\b|become a (?:member|subscriber)\b|this article (?:was|is) (?:originally )?(?:published|produced)\b|this story (?:was|is) (?:originally )?(?:published|produced)\b|© ?\d{4}|copyright\b|all rights reserved)/i;
const SOCIAL = /^(?:share(?: this(?: article| story)?)?(?: on [\w ]+)?|copy link|link copied|tweet|email|print|save(?: article)?|whatsapp|facebook|twitter|linkedin|reddit)\s*:?$/i;
const TIMESTAMP = /^(?:(?:updated|published|posted|last updated|first published)\b[^.]{0,60}|(?:\d+|an?|one|two|three|few)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago|just now|yesterday|today|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)$/i;
/** A credit in parentheses at the end of a caption: "(Jane Doe/AP)", "(Photo: Reuters)". */
const CREDIT_TAIL = /\((?:[^()]{0,50}\/\s*[^()]{1,40}|(?:photo|picture|image|credit|pictured)[^()]{0,60})\)\s*\.?$/i;
const CREDIT_WHOLE = /^(?:(?:photo|picture|image|credit|photograph|video)(?: source| by| credit)?\s*[:,]\s*.{1,80}|(?:[\p{Lu}][\p{L}.'’-]+\s+){1,3}[\p{Lu}][\p{L}.'’-]*\s*\/\s*[\p{Lu}][\p{L}&.' ]{1,40}|(?:getty images|shutterstock|ap photo|afp via getty images|reuters|epa|pa wire|pa media)(?:\/[\p{L} .]{1,40})?)\.?$/iu;

export function isTimestampLine(text: string): boolean {
  const t = text.trim();
  return t.length <= 80 && TIMESTAMP.test(t);
}

/** The kind of boilerplate a block is, or null for story text. */
export function classifyBlock(raw: string): BoilerplateKind | null {
  const text = raw.trim();
  if (!text) return null;
  const n = words(text);
  if (n <= 8 && RELATED_HEAD.test(text)) return 'related';
  if (n <= 12 && COMMENTS.test(text)) return 'comments';
  if (n <= 6 && SOCIAL.test(text)) return 'social';
  if (isTimestampLine(text)) return 'timestamp';
  if (n <= 60 && NEWSLETTER.test(text)) return 'newsletter';
  if (n <= 40 && PROMO.test(text)) return 'promo';
  if (n <= 12 && CREDIT_WHOLE.test(text)) return 'photo-credit';
  if (n <= 60 && CREDIT_TAIL.test(text)) return 'photo-credit';
  return null;
}

/** True for a short line that ends with no sentence punctuation: a headline or section heading. */
export function isHeadlineLike(raw: string, maxWords = 30): boolean {
  const text = raw.trim();
  if (!text || text.length > 250) return false;
  const n = words(text);
  if (n > maxWords) return false;
  // ends like a sentence: a full stop, colon, semicolon or comma (quotes and brackets aside)
  const tail = text.replace(/["'“”‘’)\]]+$/, '');
  if (/[.:;,]$/.test(tail) && !/\b(?:[A-Z]\.){2,}$/.test(tail)) return false;
  return /[\p{Lu}\p{N}"'“‘]/u.test(text[0]);
}
