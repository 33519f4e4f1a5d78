// Figures summed over a list's rows (agents per queue and state, staffed shares), kept from list to list:
// each call walks the rows once by identity (the decoder and the merge hand back an unchanged row's very
// object) and takes out and puts in only the rows that changed, came or went, instead of summing every
// row again. At 10,000 agents in about 20 queues each, a whole sum is some 200,000 map updates an answer.
// Given the list's change itself (list-changes.ts), it does not even walk the list.
import type { RowChanges } from '../../../common/domain';

type Row = { id: string };

interface RowTally<T extends Row> {
  /** The figures of `rows` (a whole list). */
  (rows: readonly T[]): void;
  /** The figures after a change to the list last counted (only the rows it names are looked at). */
  changes(changes: RowChanges<T>): void;
}

/** `count(row, by)` adds (+1) or takes out (-1) one row's part in the figures the caller holds. */
export function createRowTally<T extends Row>(count: (row: T, by: 1 | -1) => void): RowTally<T> {
  const counted = new Map<string, { row: T; pass: number }>();
  let last: readonly T[] | null = null;
  let pass = 0;
  const tally = ((rows: readonly T[]) => {
    if (rows === last) return;
    last = rows;
    pass++;
    let distinct = 0;
    for (const row of rows) {
      const slot = counted.get(row.id);
      if (slot === undefined) {
        counted.set(row.id, { row, pass });
        count(row, 1);
        distinct++;
        continue;
      }
      if (slot.pass === pass) continue; // a repeated id: the first row counts
      slot.pass = pass;
      distinct++;
      if (slot.row === row) continue;
      count(slot.row, -1);
      count(row, 1);
      slot.row = row;
    }
    if (counted.size > distinct) {
      for (const [id, slot] of counted) {
        if (slot.pass === pass) continue;
        count(slot.row, -1);
        counted.delete(id);
      }
    }
  }) as RowTally<T>;
  tally.changes = (changes) => {
    last = null;
    for (const id of changes.remove) {
      const slot = counted.get(id);
      if (!slot) continue;
      count(slot.row, -1);
      counted.delete(id);
    }
    for (const row of changes.upsert) {
      const slot = counted.get(row.id);
      if (!slot) {
        counted.set(row.id, { row, pass });
        count(row, 1);
      } else if (slot.row !== row) {
        count(slot.row, -1);
        count(row, 1);
        slot.row = row;
      }
    }
  };
  return tally;
}
