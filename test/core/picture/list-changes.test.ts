// A list's maker says its change (markChanges) and a tracker takes it as said; the word must not keep the
// lists before it alive (each word held its `from` strongly, so the newest list held every list and row of
// the connection: the main isolate's heap and its full collections grew without end).
import { describe, expect, it } from 'vitest';
import { createListTracker, markChanges } from '../../../main/core/picture/list-changes';
import { collect } from '../../fixtures/collect';

interface Row {
  id: string;
  v: number;
}

/** `from` with row `id` replaced by a new object, marked as its maker would. */
function next(from: readonly Row[], id: string): Row[] {
  const row = { id, v: (from.find((r) => r.id === id)?.v ?? 0) + 1 };
  const list = from.map((r) => (r.id === id ? row : r));
  markChanges(list, from, { upsert: [row], remove: [] });
  return list;
}

describe('list changes', () => {
  it('takes the change as said from the list it tracked last, and walks a list it did not', () => {
    const tracker = createListTracker<Row>();
    const first = [
      { id: 'a', v: 0 },
      { id: 'b', v: 0 },
    ];
    expect(tracker.track(first).upsert.map((r) => r.id)).toEqual(['a', 'b']);
    const second = next(first, 'b');
    const said = tracker.track(second);
    expect(said.upsert).toEqual([{ id: 'b', v: 1 }]);
    expect(said.remove).toEqual([]);
    // Skipped one list: the word of the third is from the second, so the tracker walks the list.
    const third = next(next(second, 'a'), 'b');
    const walked = tracker.track(third);
    expect(walked.upsert.map((r) => `${r.id}${r.v}`).sort()).toEqual(['a1', 'b2']);
    expect(tracker.get('a')).toBe(third[0]);
  });

  it('lets the lists before the newest one go', async () => {
    // Made in a function of its own, so that nothing but the chain of words can hold the first list.
    const made = (): { list: readonly Row[]; gone: WeakRef<Row[]>; oldRow: WeakRef<Row> } => {
      const first: Row[] = Array.from({ length: 100 }, (_, i) => ({ id: `r${i}`, v: 0 }));
      let list: readonly Row[] = first;
      for (let i = 0; i < 50; i++) list = next(list, `r${i}`);
      return { list, gone: new WeakRef(first), oldRow: new WeakRef(first[7] as Row) };
    };
    const { list, gone, oldRow } = made();
    await collect();
    expect(list).toHaveLength(100);
    expect(gone.deref()).toBeUndefined();
    expect(oldRow.deref()).toBeUndefined();
    // The newest list's own word still serves a tracker that holds the list before it.
    const tracker = createListTracker<Row>();
    tracker.track(list);
    const newer = next(list, 'r60');
    expect(tracker.track(newer).upsert).toEqual([{ id: 'r60', v: 1 }]);
  });
});
