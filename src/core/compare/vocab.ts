/**
 * Match keys and stems as small integers, one table for the process: the words a tokenizer has
 * cached carry their ids (see `wordInfo` in normalize.ts), so storing a unit looks up only its
 * names and numbers. Ids are never reused; the table grows with the vocabulary of what was read,
 * as a per-index table would.
 */
const ids = new Map<string, number>();
const words: string[] = [];

export function wordId(s: string): number {
  let id = ids.get(s);
  if (id === undefined) {
    id = words.length;
    const own = detached(s);
    words.push(own);
    ids.set(own, id);
  }
  return id;
}

/**
 * A copy of `s` that does not point into the text it was cut from (V8 keeps a long substring as
 * a slice of its parent, so a table of words would keep whole articles alive).
 */
export function detached(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

export function wordAt(id: number): string {
  return words[id];
}
