/**
 * Speakers named as the whole corpus names them. Within one article a speaker is resolved to the
 * article's own entities; across articles two things more are known:
 * - the merged name of an entity ("Doe" in one article is the "Jane Q. Doe" of
 *   others), and
 * - the titles other articles give a person: an article that only says "the Prime Minister" (a
 *   definite description) names its speaker when a person it mentions is called so elsewhere
 *   ("Prime Minister X"); when several are, the one named last before the mention, and an
 *   apposition ("X, the Prime Minister, said") before either.
 * Plain data in, plain data out: the caller supplies the corpus's view of an entity by its key.
 */
import type { DocumentEntities } from '../entities/types';
import { describes, titleDescription, titleWordsOf } from './resolve';
import type { Quote } from './types';

const DEFINITE = /^\s*the\s+\S/i;

export interface CorpusPerson {
  canonical: string;
  type: string;
  titles: string[];
}

/**
 * `quotes` with speakers renamed to their corpus names, and description-only speakers resolved
 * through corpus titles (see the file comment). Returns `quotes` itself when nothing changes.
 * `doc` is the article's entity list the quotes' `entity` indices refer to, its mentions, like the
 * quotes, offsets into `text`.
 */
export function speakersThroughCorpus(text: string, quotes: Quote[], doc: DocumentEntities | undefined, byKey: (key: string) => CorpusPerson | undefined): Quote[] {
  if (!doc || !quotes.length) return quotes;
  let people: { entity: number; have: Set<string> }[] | undefined;
  const holders = new Map<string, number[]>();
  let out: Quote[] | undefined;
  for (let i = 0; i < quotes.length; i++) {
    const q = quotes[i];
    let entity = q.entity;
    if (entity === undefined && q.speakerText && q.kind !== 'none' && q.speakerStart !== undefined) {
      let matching = holders.get(q.speakerText);
      if (!matching) {
        // a definite description only: "a district judge", "its vice president" are somebody else
        const words = DEFINITE.test(q.speakerText) ? titleDescription(q.speakerText) : null;
        matching = [];
        if (words) {
          people ??= doc.entities.flatMap((e, k) => {
            const titles = e.type === 'PER' ? byKey(e.key)?.titles : undefined;
            return titles?.length ? [{ entity: k, have: titleWordsOf(titles) }] : [];
          });
          matching = people.filter(p => describes(words, p.have)).map(p => p.entity);
        }
        holders.set(q.speakerText, matching);
      }
      // "Jane Doe, the state party chairwoman, said": the apposition names her, whatever her titles
      const apposed = matching.length ? apposition(text, doc, q.speakerStart) : undefined;
      entity = apposed ?? (matching.length === 1 ? matching[0] : matching.length ? latestBefore(doc, matching, q.speakerStart) : undefined);
    }
    if (entity === undefined) continue;
    const e = doc.entities[entity];
    const name = e ? byKey(e.key)?.canonical ?? e.canonical : undefined;
    if (!name || (name === q.speaker && entity === q.entity)) continue;
    out ??= quotes.slice();
    out[i] = { ...q, speaker: name, entity };
  }
  return out ?? quotes;
}

/** Of `entities`, the one with the latest mention before `at` (mentions in the quotes' coordinates), if any. */
function latestBefore(doc: DocumentEntities, entities: number[], at: number): number | undefined {
  let best: number | undefined;
  let bestAt = -1;
  for (const m of doc.mentions) {
    if (m.start < at && m.start > bestAt && entities.includes(m.entity)) {
      best = m.entity;
      bestAt = m.start;
    }
  }
  return best;
}

/** The person whose mention ends just before `at`, across a comma ("Jane Doe, the chairwoman"). */
function apposition(text: string, doc: DocumentEntities, at: number): number | undefined {
  for (const m of doc.mentions) {
    if (m.end < at && m.end >= at - 3 && doc.entities[m.entity]?.type === 'PER' && /^\s*,\s*$/.test(text.slice(m.end, at))) return m.entity;
  }
  return undefined;
}
