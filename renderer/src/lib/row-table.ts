// A keyed table of snapshot rows for a Pinia store. The rows live in a shallowReactive Map, so whoever reads
// one row (`rows.value.get(id)`) depends on that row only: a change set re-renders the rows it changed, not
// every row of a panel (at 10,000 agents a whole-table trigger re-rendered every visible row per tick).
// Patched in place from change sets (O(changed)), replaced whole on reset. `orderVersion` moves only when a
// row comes, goes, or changes a field that sorting or filtering reads; listeners (the panels' ordered id
// lists) hear which rows those were, so they re-place those rows and nothing else.
import { shallowReactive, shallowRef, type ShallowRef } from 'vue';
import type { RowChanges } from '../../../common/domain';

/** What one patch did, for lists kept in order (null: the table was replaced whole). */
export interface RowDelta<T> {
  /** Every row upserted (current versions). */
  upsert: readonly T[];
  /** The upserted rows that are new or changed an order field. */
  moved: readonly T[];
  /** Ids removed. */
  remove: readonly string[];
}

type RowListener<T> = (delta: RowDelta<T> | null) => void;

export interface RowTable<T extends { id: string }> {
  /** Replaced on reset; between resets the Map itself is reactive per key (get / has) and as a whole (iteration, size). */
  rows: ShallowRef<Map<string, T>>;
  orderVersion: ShallowRef<number>;
  /** The current Map without tracking it: for lists that follow `orderVersion` or the listeners. */
  peek(): Map<string, T>;
  reset(all: T[]): void;
  patch(changes: RowChanges<T>): void;
  /** Called after every reset and every patch that changed something; returns the unsubscribe. */
  listen(listener: RowListener<T>): () => void;
}

export function createRowTable<T extends { id: string }>(orderFields: readonly (keyof T)[]): RowTable<T> {
  let raw = new Map<string, T>();
  const rows = shallowRef(shallowReactive(raw));
  const orderVersion = shallowRef(0);
  const listeners = new Set<RowListener<T>>();

  function reset(all: T[]): void {
    raw = new Map(all.map((r) => [r.id, r]));
    rows.value = shallowReactive(raw);
    orderVersion.value++;
    for (const l of listeners) l(null);
  }

  function patch(changes: RowChanges<T>): void {
    if (changes.upsert.length === 0 && changes.remove.length === 0) return;
    const map = rows.value; // the reactive face: each set / delete triggers that row's readers only
    const moved: T[] = [];
    for (const row of changes.upsert) {
      const old = raw.get(row.id);
      if (!old || orderFields.some((f) => !sameValue(old[f], row[f]))) moved.push(row);
      map.set(row.id, row);
    }
    let removed = false;
    for (const id of changes.remove) if (map.delete(id)) removed = true;
    if (moved.length > 0 || removed) orderVersion.value++;
    const delta: RowDelta<T> = { upsert: changes.upsert, moved, remove: changes.remove };
    for (const l of listeners) l(delta);
  }

  function listen(listener: RowListener<T>): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { rows, orderVersion, peek: () => raw, reset, patch, listen };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}
