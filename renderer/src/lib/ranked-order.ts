// A list's sort order kept as ranks by row id, so re-ordering 10,000 agents after a login or logout costs
// one pass, not a sort through ICU. Sorting the whole agent list with Intl.Collator on every change that
// moves it took most of a change set's time at 10,000 agents (npm run bench). Rows not ranked before, or
// whose sort key changed, are put in place by binary search with the same comparator (a full sort only
// when many arrive at once); rows once seen keep their place after they leave (an agent who logs out
// usually logs in again).

export interface RankedOrder<T extends { id: string }> {
  /** Ids of `rows` in comparator order (the comparator must be total: ties broken by id). */
  order(rows: readonly T[]): string[];
}

/** More new or re-keyed rows than this in one call: one full sort beats that many insertions. */
const FULL_SORT_OVER = 256;

export function createRankedOrder<T extends { id: string }>(
  compare: (a: T, b: T) => number,
  /** The fields the comparator reads, joined: a change here re-places the row. */
  keyOf: (row: T) => string,
): RankedOrder<T> {
  /** Every row ever seen (its last keyed version), in comparator order. */
  let sorted: T[] = [];
  const rank = new Map<string, number>();
  const keys = new Map<string, string>();

  function insert(row: T): void {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(sorted[mid] as T, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    sorted.splice(lo, 0, row);
  }

  function place(changed: T[]): void {
    if (changed.length > FULL_SORT_OVER) {
      const byId = new Map(sorted.map((row) => [row.id, row]));
      for (const row of changed) byId.set(row.id, row);
      sorted = [...byId.values()].sort(compare);
    } else {
      const moved = new Set(changed.filter((row) => rank.has(row.id)).map((row) => row.id));
      if (moved.size > 0) sorted = sorted.filter((row) => !moved.has(row.id));
      for (const row of changed) insert(row);
    }
    sorted.forEach((row, i) => rank.set(row.id, i));
  }

  return {
    order(rows) {
      const changed: T[] = [];
      for (const row of rows) {
        const key = keyOf(row);
        if (keys.get(row.id) === key) continue;
        keys.set(row.id, key);
        changed.push(row);
      }
      if (changed.length > 0) place(changed);
      // Place each id at its rank, then drop the empty slots (filter skips holes): linear, no sort.
      const slots: string[] = new Array<string>(sorted.length);
      for (const row of rows) slots[rank.get(row.id) as number] = row.id;
      return slots.filter(() => true);
    },
  };
}
