// What changed in a list since the list before it: the rows that came or changed (new objects) and the ids
// that went. The floor tick works from these rather than from whole lists, so its cost follows what changed.
// A list's maker that knows its change (the decode worker sends only the changed rows) says so with
// markChanges; a tracker then takes the change as said, and finds it by walking the list by identity only
// when the list came from elsewhere (another system's connector, the hub, the pushed events' overlay).
import type { RowChanges } from '../../../common/domain';
import { createRowIndex } from './diff-rows';

type Row = { id: string };

/**
 * Each list's word, by the list. The list it came from is held weakly: held strongly, every word kept its
 * `from` alive, and that list its own word, so the newest list held every list and row before it (the
 * main isolate's heap grew by about 20 MB a minute at 10,000 agents and its full collections, tracing the
 * chain, from 10 ms to 180 ms in three minutes). A tracker holds the list it tracked last, so a `from` that is
 * gone is one no tracker could match anyway.
 */
const said = new WeakMap<readonly Row[], { from: WeakRef<readonly Row[]>; changes: RowChanges<Row> }>();

/** `list` is `from` with `changes` applied (every row of `changes.upsert` is in `list`; no id twice). */
export function markChanges<T extends Row>(list: readonly T[], from: readonly T[], changes: RowChanges<T>): void {
  said.set(list, { from: new WeakRef(from), changes });
}

/**
 * What changed from the list `from` to the list a reader is given (a tick's change): a reader that read
 * `from` last reads only these rows, any other reader the whole list. An unchanged row keeps its object
 * from list to list, and a row whose data changed is a new object, so a reader that has looked at every
 * row once sees each new fact exactly once.
 */
export interface ListChange<T> {
  from: readonly T[];
  upsert: readonly T[];
  remove: readonly string[];
}

/** The rows a reader that read `last` must read of `list`: the change's when it follows `last`, else all. */
export function rowsToRead<T>(list: readonly T[], last: readonly T[] | null, change: ListChange<T> | null | undefined): readonly T[] {
  return change && last !== null && change.from === last ? change.upsert : list;
}

export const NO_CHANGES: RowChanges<never> = Object.freeze({ upsert: Object.freeze([]) as never[], remove: Object.freeze([]) as never[] });

export const hasChanges = (c: RowChanges<unknown>): boolean => c.upsert.length > 0 || c.remove.length > 0;

interface ListTracker<T extends Row> {
  /**
   * What changed since the list tracked last: the maker's word when it gave one from that very list, else
   * found by one pass over `list` comparing each row with the one held by identity (a repeated id: the
   * first row counts).
   */
  track(list: readonly T[]): RowChanges<T>;
  get(id: string): T | undefined;
}

export function createListTracker<T extends Row>(): ListTracker<T> {
  // Identity only: a row that is not the very object held has changed.
  const index = createRowIndex<T>(() => false);
  let last: readonly T[] | null = null;
  return {
    track(list) {
      if (list === last) return NO_CHANGES;
      const word = said.get(list);
      const diff = word && word.from.deref() === last ? index.applyChanges(word.changes as RowChanges<T>) : index.apply(list);
      last = list;
      return diff.changes;
    },
    get: (id) => index.get(id),
  };
}

/** Ids under a key (agents on one extension, visits of one number): the last one added answers for the key. */
interface KeyIndex {
  add(key: string, id: string): void;
  delete(key: string, id: string): void;
  /** The id added last under `key` that is still there. */
  last(key: string): string | undefined;
  ids(key: string): ReadonlySet<string> | undefined;
}

export function createKeyIndex(): KeyIndex {
  const map = new Map<string, Set<string>>();
  return {
    add(key, id) {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.delete(id);
      set.add(id);
    },
    delete(key, id) {
      const set = map.get(key);
      if (!set) return;
      set.delete(id);
      if (set.size === 0) map.delete(key);
    },
    last(key) {
      const set = map.get(key);
      if (!set) return undefined;
      let out: string | undefined;
      for (const id of set) out = id;
      return out;
    },
    ids: (key) => map.get(key),
  };
}
