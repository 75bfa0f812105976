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
    words.push(s);
    ids.set(s, id);
  }
  return id;
}

export function wordAt(id: number): string {
  return words[id];
}
