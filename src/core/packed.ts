/**
 * `items.map(f)` whose result has the same V8 elements kind whichever tier runs it. Optimised code
 * builds `map`'s (and `split`'s) result as a holey array, the interpreter as a packed one: an array
 * of strings or objects handed to another hot function then has a map that function's optimised
 * code has not seen, and it is thrown away ("wrong map") and compiled again, at every function that
 * reads the array, as soon as the producer is optimised. One literal filled by `push` is packed in
 * every tier (its allocation site learns the kind, so the empty ones match too). For arrays of
 * strings or objects, not of small integers (those would become generic elements).
 */
export function mapPacked<T, U>(items: readonly T[], f: (item: T, index: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) out.push(f(items[i], i));
  return out;
}
