// What 'abandoned:changed' says: the records of today's list that are new or changed since the last change
// sent, not the whole day (common/abandoned-change.ts). The journal replaces a record's object whenever it
// changes (never mutates it), so what changed is found by identity against what was sent; the first change
// after a (re)connect or a new data folder is a reset, the whole list.
import type { AbandonedChange } from '../../../common/abandoned-change';
import type { AbandonedCall } from '../../../common/domain';

export interface AbandonedFeed {
  /** The change from the last one sent to `list`; null when nothing changed. */
  next(list: readonly AbandonedCall[]): AbandonedChange | null;
  /** The seq of the last change made (what a floor:get answer's list includes once `next` was taken). */
  seq(): number;
  /** The next change is a reset (a (re)connect, another day's folder). */
  restart(): void;
}

export function createAbandonedFeed(): AbandonedFeed {
  let seq = 0;
  let whole = true;
  /** The records as last sent, by id. */
  const sent = new Map<string, AbandonedCall>();

  return {
    next(list) {
      if (whole) {
        whole = false;
        sent.clear();
        for (const c of list) sent.set(c.id, c);
        return { seq: ++seq, reset: true, upsert: [...list], remove: [] };
      }
      const upsert: AbandonedCall[] = [];
      for (const c of list) {
        if (sent.get(c.id) === c) continue;
        upsert.push(c);
        sent.set(c.id, c);
      }
      const remove: string[] = [];
      // Only a new day (or another folder) takes records away: the list is then shorter than what was sent.
      if (sent.size > list.length) {
        const ids = new Set(list.map((c) => c.id));
        for (const id of sent.keys()) {
          if (ids.has(id)) continue;
          remove.push(id);
          sent.delete(id);
        }
      }
      if (upsert.length === 0 && remove.length === 0) return null;
      return { seq: ++seq, reset: false, upsert, remove };
    },
    seq: () => seq,
    restart() {
      whole = true;
    },
  };
}
