// A panel's row order kept up to date from its table's deltas: the ids of the included rows in comparator
// order, narrowed by an optional filter (search, queues). A row that comes, goes or changes an order field
// is put in place by binary search (O(log n) comparisons and one splice); a change set never re-sorts or
// re-walks the floor. Re-sorting 10,000 agents through Intl.Collator per tick, and later re-walking them,
// was most of the page's work per change set (npm run bench). Only a reset sorts everything, and only a
// filter change walks the list once. Many rows moving at once are merged in one pass instead.
import { shallowRef, type ShallowRef } from 'vue';
import type { RowDelta, RowTable } from './row-table';

export type RowFilter<T> = (row: T) => boolean;

interface OrderedIds<T> {
  /** Moves whenever the order may have changed: a computed that calls `view` reads it first. */
  version: ShallowRef<number>;
  /** The ordered ids passing `filter` (null: every included row); the same array until it changes. */
  view(filter: RowFilter<T> | null): readonly string[];
  stop(): void;
}

/** More moved rows than this in one delta: one merge pass beats that many splices. */
const MERGE_OVER = 64;

export function createOrderedIds<T extends { id: string }>(
  table: RowTable<T>,
  /** Total (ties broken by id), reading the table's order fields only. */
  compare: (a: T, b: T) => number,
  /** Which rows the list holds at all (waiting callers only, say); reads order fields only. */
  include: RowFilter<T> = () => true,
): OrderedIds<T> {
  /** Ids of the included rows in order, and each one's row as placed (its sort keys). */
  let all: string[] = [];
  const placed = new Map<string, T>();
  /** `all` narrowed by `filter` while one is set, and its members. */
  let filter: RowFilter<T> | null = null;
  let shown: string[] = [];
  const shownIds = new Set<string>();
  /** What `view` handed out last; null once the order changed. */
  let published: readonly string[] | null = null;
  const version = shallowRef(0);

  const keysOf = (id: string) => placed.get(id) as T;

  /** Where `row` belongs in `list` (lower bound), searching from `lo`. */
  function at(list: readonly string[], row: T, lo = 0): number {
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(keysOf(list[mid] as string), row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Set when a delta actually moved an id in or out of a list. */
  let changed = false;

  function take(list: string[], row: T): void {
    const i = at(list, row);
    if (list[i] !== row.id) return;
    list.splice(i, 1);
    changed = true;
  }

  function put(row: T): void {
    placed.set(row.id, row);
    all.splice(at(all, row), 0, row.id);
    if (filter?.(row)) {
      shown.splice(at(shown, row), 0, row.id);
      shownIds.add(row.id);
    }
    changed = true;
  }

  /** `list` merged with `rows` (sorted, placed, not in the list yet): a binary search per row, one copy. */
  function mergeIn(list: readonly string[], rows: readonly T[]): string[] {
    const out: string[] = [];
    let from = 0;
    for (const row of rows) {
      const to = at(list, row, from);
      for (let i = from; i < to; i++) out.push(list[i] as string);
      out.push(row.id);
      from = to;
    }
    for (let i = from; i < list.length; i++) out.push(list[i] as string);
    return out;
  }

  function narrow(): void {
    shown = filter ? all.filter((id) => (filter as RowFilter<T>)(keysOf(id))) : [];
    shownIds.clear();
    for (const id of shown) shownIds.add(id);
  }

  function rebuild(): void {
    placed.clear();
    const rows = [...table.peek().values()].filter(include).sort(compare);
    for (const row of rows) placed.set(row.id, row);
    all = rows.map((row) => row.id);
    narrow();
  }

  /** Out of both lists, found by the keys it was placed with. */
  function unplace(id: string): void {
    const old = placed.get(id);
    if (!old) return;
    take(all, old);
    if (shownIds.delete(id)) take(shown, old);
    placed.delete(id);
  }

  /** Many moved rows: out in one filter pass, in by one sort of the newcomers and one merge. */
  function moveMany(moved: readonly T[]): void {
    const leaving = new Set(moved.map((row) => row.id));
    all = all.filter((id) => !leaving.has(id));
    if (filter) shown = shown.filter((id) => !leaving.has(id));
    for (const id of leaving) {
      placed.delete(id);
      shownIds.delete(id);
    }
    const incoming = moved.filter(include).sort(compare);
    for (const row of incoming) placed.set(row.id, row);
    all = mergeIn(all, incoming);
    if (filter) {
      const passing = incoming.filter(filter);
      for (const row of passing) shownIds.add(row.id);
      shown = mergeIn(shown, passing);
    }
    changed = true;
  }

  /**
   * A moved row whose new keys still sort between its neighbours, and whose filter answer is the same,
   * keeps its place: only its placed version changes (a state change while sorted by name moves nothing).
   */
  function staysInPlace(row: T): boolean {
    const old = placed.get(row.id);
    if (!old || !include(row)) return false;
    if (filter && filter(row) !== shownIds.has(row.id)) return false;
    const i = at(all, old);
    if (all[i] !== row.id) return false;
    const before = all[i - 1];
    const after = all[i + 1];
    if (before !== undefined && compare(keysOf(before), row) >= 0) return false;
    if (after !== undefined && compare(row, keysOf(after)) >= 0) return false;
    placed.set(row.id, row);
    return true;
  }

  /**
   * A moved row whose keys compare equal to those it was placed with, and whose include and filter answers
   * are the same, keeps its place: one comparison. The table's order fields are every list's (an agent's
   * queues are read by the scope filter, not by the sort by state), and at 10,000 agents most of a change
   * set's "moved" agents had changed only such a field (their queues, learned as the floor runs): they were
   * all taken out and merged back in, a pass over the whole list each change set.
   */
  function unmoved(row: T): boolean {
    const old = placed.get(row.id);
    if (!old) return !include(row);
    if (!include(row) || (filter && filter(row) !== shownIds.has(row.id)) || compare(old, row) !== 0) return false;
    placed.set(row.id, row);
    return true;
  }

  function apply(delta: RowDelta<T>): boolean {
    changed = false;
    delta = { ...delta, moved: delta.moved.filter((row) => !unmoved(row)) };
    const many = delta.moved.length > MERGE_OVER;
    if (!many) delta = { ...delta, moved: delta.moved.filter((row) => !staysInPlace(row)) };
    if (!many) for (const row of delta.moved) unplace(row.id);
    for (const id of delta.remove) unplace(id);
    // Rows whose order fields did not change keep their place; only their placed version is refreshed
    // (moved rows are not placed at this point, so they are skipped).
    for (const row of delta.upsert) if (placed.has(row.id)) placed.set(row.id, row);
    if (many) moveMany(delta.moved);
    else for (const row of delta.moved) if (include(row)) put(row);
    return changed;
  }

  rebuild();
  const stop = table.listen((delta) => {
    if (delta === null) rebuild();
    else if (!apply(delta)) return;
    published = null;
    version.value++;
  });

  return {
    version,
    view(next) {
      if (next !== filter) {
        filter = next;
        narrow();
        published = null;
      }
      return (published ??= (filter ? shown : all).slice());
    },
    stop,
  };
}
