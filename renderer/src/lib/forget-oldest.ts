// A remembered set of ids (names found, alerts heard, notifications shown) that would otherwise grow for as
// long as the console stays open: past its bound the oldest entries, in insertion order, are forgotten.

/** Forget the oldest keys of `kept` past `max`, telling `forgot` (if given) each one forgotten. */
export function forgetOldest<K>(kept: Set<K> | Map<K, unknown>, max: number, forgot?: (key: K) => void): void {
  for (const key of kept.keys()) {
    if (kept.size <= max) return;
    kept.delete(key);
    forgot?.(key);
  }
}
