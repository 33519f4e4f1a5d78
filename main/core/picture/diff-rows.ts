// Row-level diff of one list against the last published one, keyed by `id`.
// Cheap on purpose (a 10,000-agent tick has a budget of a few milliseconds): the rows are held in a Map
// updated in place (one lookup per row), compared field by field with a comparator written out per row
// type (monomorphic, stops at the first difference). No JSON.stringify, no deep-equal, no for..in.
import type { ActiveCall, Agent, QueueEntry, QueueSummary, RowChanges } from '../../../common/domain';

type Row = { id: string };
export type RowEquals<T> = (a: T, b: T) => boolean;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const agentEquals: RowEquals<Agent> = (a, b) =>
  a === b ||
  (a.state === b.state && a.stateSince === b.stateSince && a.callId === b.callId && a.pauseReason === b.pauseReason &&
    a.name === b.name && a.username === b.username && a.extension === b.extension && a.pauseLimitSec === b.pauseLimitSec &&
    a.campaign === b.campaign && a.origin === b.origin && a.answeredToday === b.answeredToday && sameList(a.queues, b.queues));

export const callEquals: RowEquals<ActiveCall> = (a, b) =>
  a === b ||
  (a.state === b.state && a.extension === b.extension && a.agentId === b.agentId && a.agentName === b.agentName &&
    a.customerNumber === b.customerNumber && a.direction === b.direction && a.startedAt === b.startedAt && a.queueId === b.queueId &&
    a.queueName === b.queueName);

export const entryEquals: RowEquals<QueueEntry> = (a, b) =>
  a === b ||
  (a.status === b.status && a.joinedAt === b.joinedAt && a.bridgedAt === b.bridgedAt && a.abandonedAt === b.abandonedAt &&
    a.agentName === b.agentName && a.queueId === b.queueId && a.queueName === b.queueName && a.number === b.number);

export const queueEquals: RowEquals<QueueSummary> = (a, b) =>
  a === b ||
  (a.waiting === b.waiting && a.longestWaitSince === b.longestWaitSince && a.answered === b.answered && a.abandoned === b.abandoned &&
    a.avgWaitSec === b.avgWaitSec && a.serviceLevelPct === b.serviceLevelPct && a.name === b.name &&
    a.abandonedPct === b.abandonedPct && a.staffing.available === b.staffing.available && a.staffing.onCall === b.staffing.onCall &&
    a.staffing.paused === b.staffing.paused && a.staffing.ringing === b.staffing.ringing && a.day.basis === b.day.basis &&
    a.day.countedSince === b.day.countedSince);

export interface RowDiff<T extends Row> {
  changes: RowChanges<T>;
  /** The row each upsert replaced (undefined for a new id), index for index with `changes.upsert`. */
  previous: (T | undefined)[];
  /** The rows behind `changes.remove`. */
  removed: T[];
}

export interface RowIndex<T extends Row> {
  /** Diff `next` against the rows held, then hold `next`'s rows. A repeated id: the first row wins. */
  apply(next: readonly T[]): RowDiff<T>;
  /**
   * Diff only the rows a list's change says came or changed and the ids it says went (the rest of the list
   * is the one held): the work follows the change, not the list.
   */
  applyChanges(changes: RowChanges<T>): RowDiff<T>;
  /** The diff of a list that did not change (no work). */
  unchanged(): RowDiff<T>;
  get(id: string): T | undefined;
  /** How many ids are held (a list with an id twice holds fewer than its length). */
  size(): number;
  /** The rows held, as one array (rebuilt only after a change; never mutated once handed out). */
  rows(): T[];
}

interface Slot<T> {
  row: T;
  /** The last apply() that saw this id. */
  seen: number;
  /** Its place in the index's row order (`order`). */
  at: number;
}

/**
 * Rows by id, diffed in place: one Map lookup and one field compare per row, and a Map write only for new
 * ids. (Building a fresh 10,000-entry Map per tick cost ten times as much as the whole compare.)
 */
export function createRowIndex<T extends Row>(equals: RowEquals<T>): RowIndex<T> {
  const slots = new Map<string, Slot<T>>();
  /**
   * The rows in the order their ids came, a gap where one went: rows() copies it without touching a row or
   * a slot. Walking the slots instead read some 23,000 objects a change, scattered over the heap as the
   * session went on (3 to 4 times slower after four minutes than in the first: bench/analysis.md).
   */
  let order: (T | undefined)[] = [];
  let generation = 0;
  let cached: T[] | null = [];
  const none = (): RowDiff<T> => ({ changes: { upsert: [], remove: [] }, previous: [], removed: [] });
  const add = (row: T, seen: number): void => {
    slots.set(row.id, { row, seen, at: order.length });
    order.push(row);
  };
  const take = (id: string, slot: Slot<T>): void => {
    slots.delete(id);
    order[slot.at] = undefined;
  };
  /** Once half of `order` is gaps, it is written again without them (the slots get their new places). */
  const compact = (): void => {
    if (order.length < 2 * slots.size + 64) return;
    order = [];
    for (const slot of slots.values()) {
      slot.at = order.length;
      order.push(slot.row);
    }
  };

  return {
    apply(next) {
      const gen = ++generation;
      const upsert: T[] = [];
      const previous: (T | undefined)[] = [];
      let distinct = 0;
      for (const row of next) {
        const slot = slots.get(row.id);
        if (slot === undefined) {
          add(row, gen);
          distinct++;
          upsert.push(row);
          previous.push(undefined);
          continue;
        }
        if (slot.seen === gen) continue;
        slot.seen = gen;
        distinct++;
        if (slot.row !== row && !equals(slot.row, row)) {
          upsert.push(row);
          previous.push(slot.row);
          slot.row = row;
          order[slot.at] = row;
        }
      }
      const remove: string[] = [];
      const removed: T[] = [];
      // Every id held was seen unless the index holds more ids than this list had.
      if (slots.size > distinct) {
        for (const [id, slot] of slots) {
          if (slot.seen === gen) continue;
          remove.push(id);
          removed.push(slot.row);
          take(id, slot);
        }
        compact();
      }
      if (upsert.length > 0 || remove.length > 0) cached = null;
      return { changes: { upsert, remove }, previous, removed };
    },
    applyChanges(changes) {
      const upsert: T[] = [];
      const previous: (T | undefined)[] = [];
      const remove: string[] = [];
      const removed: T[] = [];
      for (const id of changes.remove) {
        const slot = slots.get(id);
        if (slot === undefined) continue;
        remove.push(id);
        removed.push(slot.row);
        take(id, slot);
      }
      compact();
      for (const row of changes.upsert) {
        const slot = slots.get(row.id);
        if (slot === undefined) {
          add(row, generation);
          upsert.push(row);
          previous.push(undefined);
        } else if (slot.row !== row && !equals(slot.row, row)) {
          upsert.push(row);
          previous.push(slot.row);
          slot.row = row;
          order[slot.at] = row;
        }
      }
      if (upsert.length > 0 || remove.length > 0) cached = null;
      return { changes: { upsert, remove }, previous, removed };
    },
    unchanged: none,
    get: (id) => slots.get(id)?.row,
    size: () => slots.size,
    rows() {
      if (cached === null) {
        // Sized once: grown by push, a 10,000-row list was allocated about three times over at each publish.
        cached = new Array<T>(slots.size);
        let i = 0;
        for (let j = 0; j < order.length; j++) {
          const row = order[j];
          if (row !== undefined) cached[i++] = row;
        }
      }
      return cached;
    },
  };
}
