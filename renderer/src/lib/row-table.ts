// A keyed table of snapshot rows for a Pinia store: rows live in one Map behind a shallowRef, patched in
// place from change sets (O(changed)) and replaced whole on reset. `orderVersion` moves only when a row
// comes, goes, or changes a field that sorting or filtering reads, so sorted lists of 10,000 rows are not
// rebuilt when only states and timers change.
import { shallowRef, triggerRef, type ShallowRef } from 'vue';
import type { RowChanges } from '../../../common/domain';

export interface RowTable<T extends { id: string }> {
  rows: ShallowRef<Map<string, T>>;
  orderVersion: ShallowRef<number>;
  /** The current Map without tracking it: for lists that depend on `orderVersion` only. */
  peek(): Map<string, T>;
  reset(all: T[]): void;
  patch(changes: RowChanges<T>): void;
}

export function createRowTable<T extends { id: string }>(orderFields: readonly (keyof T)[]): RowTable<T> {
  let current = new Map<string, T>();
  const rows = shallowRef(current);
  const orderVersion = shallowRef(0);

  function reset(all: T[]): void {
    current = new Map(all.map((r) => [r.id, r]));
    rows.value = current;
    orderVersion.value++;
  }

  function patch(changes: RowChanges<T>): void {
    if (changes.upsert.length === 0 && changes.remove.length === 0) return;
    const map = current;
    let reorder = false;
    for (const row of changes.upsert) {
      const old = map.get(row.id);
      if (!old || orderFields.some((f) => !sameValue(old[f], row[f]))) reorder = true;
      map.set(row.id, row);
    }
    for (const id of changes.remove) if (map.delete(id)) reorder = true;
    triggerRef(rows);
    if (reorder) orderVersion.value++;
  }

  return { rows, orderVersion, peek: () => current, reset, patch };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}
