// Figures summed over a list's rows (agents per queue and state, staffed shares), kept from list to list:
// each call walks the rows once by identity (the decoder and the merge hand back an unchanged row's very
// object) and takes out and puts in only the rows that changed, came or went, instead of summing every
// row again. At 10,000 agents in about 20 queues each, a whole sum is some 200,000 map updates an answer.
// Given the list's change itself (list-changes.ts), it does not even walk the list.
import type { RowChanges } from '../../../common/domain';
import { runSteps } from './steps';

type Row = { id: string };

interface RowTally<T extends Row> {
  /** The figures of `rows` (a whole list). */
  (rows: readonly T[]): void;
  /** The figures after a change to the list last counted (only the rows it names are looked at). */
  changes(changes: RowChanges<T>): void;
  /**
   * The same as a call with `rows`, yielding after every `slice` rows (the alert pass's steps): nothing else
   * may count in between, and `rows` must not change meanwhile (a snapshot's list never does).
   */
  steps(rows: readonly T[], slice: number): Generator<void, void>;
}

/**
 * `count(row, by)` adds (+1) or takes out (-1) one row's part in the figures the caller holds; `same(a, b)`,
 * when given, says two rows of one id count alike (a new row that moved nothing counted is not counted again).
 */
export function createRowTally<T extends Row>(count: (row: T, by: 1 | -1) => void, same?: (a: T, b: T) => boolean): RowTally<T> {
  const recount = (before: T, after: T): void => {
    if (same?.(before, after)) return;
    count(before, -1);
    count(after, 1);
  };
  const counted = new Map<string, { row: T; pass: number }>();
  let last: readonly T[] | null = null;
  let pass = 0;
  function* steps(rows: readonly T[], slice: number): Generator<void, void> {
    if (rows === last) return;
    // Until this pass ends: one left unfinished (its generator dropped) has the next one walk every row again.
    last = null;
    const current = ++pass;
    let distinct = 0;
    let n = 0;
    // An index, not for..of: inside a generator each step of an array's iterator is an object (with the
    // alert pass's two other walks, a fifth of the main thread's garbage at 10,000 agents: a sampling heap
    // profile of the bench's tick).
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as T;
      if (++n % slice === 0) yield;
      const slot = counted.get(row.id);
      if (slot === undefined) {
        counted.set(row.id, { row, pass: current });
        count(row, 1);
        distinct++;
        continue;
      }
      if (slot.pass === current) continue; // a repeated id: the first row counts
      slot.pass = current;
      distinct++;
      if (slot.row === row) continue;
      recount(slot.row, row);
      slot.row = row;
    }
    if (counted.size > distinct) {
      for (const [id, slot] of counted) {
        if (slot.pass === current) continue;
        count(slot.row, -1);
        counted.delete(id);
      }
    }
    last = rows;
  }
  const tally = ((rows: readonly T[]) => runSteps(steps(rows, Infinity))) as RowTally<T>;
  tally.steps = steps;
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
        recount(slot.row, row);
        slot.row = row;
      }
    }
  };
  return tally;
}
