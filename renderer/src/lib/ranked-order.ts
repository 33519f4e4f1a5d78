// A list's sort order kept as ranks by row id, so re-ordering 10,000 agents after a login or logout costs
// one pass, not a sort through ICU. Sorting the whole agent list with Intl.Collator on every change that
// moves it took most of a change set's time at 10,000 agents (npm run bench). Ranks are recomputed, with
// the same comparator, only when a row not ranked before arrives or a ranked row's sort key changed.
// Rows once seen keep their rank after they leave (an agent who logs out usually logs in again).

export interface RankedOrder<T extends { id: string }> {
  /** Ids of `rows` in comparator order (ties impossible: the comparator must be total over ids). */
  order(rows: readonly T[]): string[];
}

export function createRankedOrder<T extends { id: string }>(
  compare: (a: T, b: T) => number,
  /** The fields the comparator reads, joined: a change here re-ranks. */
  keyOf: (row: T) => string,
): RankedOrder<T> {
  const known = new Map<string, T>();
  let rank = new Map<string, number>();
  const keys = new Map<string, string>();

  function rerank(): void {
    const sorted = [...known.values()].sort(compare);
    rank = new Map(sorted.map((row, i) => [row.id, i]));
  }

  return {
    order(rows) {
      let stale = false;
      for (const row of rows) {
        const key = keyOf(row);
        if (keys.get(row.id) === key) continue;
        keys.set(row.id, key);
        known.set(row.id, row);
        stale = true;
      }
      if (stale) rerank();
      // Place each id at its rank, then drop the empty slots (filter skips holes): linear, no sort.
      const slots: string[] = new Array<string>(known.size);
      for (const row of rows) slots[rank.get(row.id) as number] = row.id;
      return slots.filter(() => true);
    },
  };
}
