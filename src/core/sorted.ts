/**
 * Index of the first item whose key is at or after `at`, in items sorted by that key (so also the
 * number of items before `at`): the one binary search the core's offset lookups share.
 */
export function firstAtOrAfter<T>(items: ArrayLike<T>, at: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
