// Row-level diff of one list against the last published one, keyed by `id`.
// Cheap on purpose (a 10,000-agent tick has a budget of a few milliseconds): one Map lookup per row and a
// shallow field compare that stops at the first difference; arrays of primitives (agent queues) are
// compared element by element. No JSON.stringify, no deep-equal library.
import type { RowChanges } from '../../../common/domain';

type Row = { id: string };

/** Shallow equality of two rows of the same type; array fields compare their (primitive) elements. */
export function rowsEqual(a: object, b: object): boolean {
  if (a === b) return true;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const key in ra) {
    count++;
    const va = ra[key];
    const vb = rb[key];
    if (va === vb) continue;
    if (Array.isArray(va) && Array.isArray(vb)) {
      if (va.length !== vb.length) return false;
      for (let i = 0; i < va.length; i++) if (va[i] !== vb[i]) return false;
      continue;
    }
    // Nested objects do not occur in domain rows except an AppError; compare those one level down.
    if (va !== null && vb !== null && typeof va === 'object' && typeof vb === 'object') {
      if (!rowsEqual(va, vb)) return false;
      continue;
    }
    return false;
  }
  // Same number of keys: a field that only `b` has is a difference too.
  for (const _key in rb) count--;
  return count === 0;
}

export interface RowDiff<T extends Row> {
  changes: RowChanges<T>;
  /** The new rows by id: the base of the next diff. */
  index: Map<string, T>;
}

export function diffRows<T extends Row>(previous: ReadonlyMap<string, T>, next: readonly T[]): RowDiff<T> {
  const index = new Map<string, T>();
  const upsert: T[] = [];
  for (const row of next) {
    // A PBX that repeats an id within one list: the first row wins (stable, and the diff stays keyed).
    if (index.has(row.id)) continue;
    index.set(row.id, row);
    const before = previous.get(row.id);
    if (before === undefined || !rowsEqual(before, row)) upsert.push(row);
  }
  const remove: string[] = [];
  // No upsert and the same size means the same ids (every new id would be an upsert): skip the scan.
  if (upsert.length > 0 || previous.size !== index.size) {
    for (const id of previous.keys()) if (!index.has(id)) remove.push(id);
  }
  return { changes: { upsert, remove }, index };
}
