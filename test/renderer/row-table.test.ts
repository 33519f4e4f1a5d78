// The row table's reactivity (lib/row-table.ts): a reader of one row wakes for that row only, a reader of
// the whole table for any change, and a row that goes and comes back wakes the readers that saw it go.
import { describe, expect, it } from 'vitest';
import { effect } from 'vue';
import { createRowTable } from '../../renderer/src/lib/row-table';

interface Row {
  id: string;
  v: number;
}

function counted(read: () => unknown): { runs: () => number; last: () => unknown } {
  let runs = 0;
  let last: unknown;
  effect(() => {
    runs++;
    last = read();
  });
  return { runs: () => runs, last: () => last };
}

describe('row table', () => {
  it('wakes the reader of a row for that row only, and the whole-table readers for any row', () => {
    const table = createRowTable<Row>([]);
    table.reset([{ id: 'a', v: 1 }, { id: 'b', v: 1 }]);
    const a = counted(() => table.rows.value.get('a')?.v);
    const b = counted(() => table.rows.value.get('b')?.v);
    const size = counted(() => table.rows.value.size);
    const all = counted(() => [...table.rows.value.values()].map((r) => r.v).join());
    table.patch({ upsert: [{ id: 'a', v: 2 }], remove: [] });
    expect([a.runs(), b.runs(), size.runs(), all.runs()]).toEqual([2, 1, 2, 2]);
    expect(a.last()).toBe(2);
    expect(all.last()).toBe('2,1');
    table.patch({ upsert: [{ id: 'c', v: 1 }], remove: ['b'] });
    expect([a.runs(), b.runs()]).toEqual([2, 2]);
    expect(b.last()).toBeUndefined();
    expect(size.last()).toBe(2);
  });

  it('wakes a reader whose row went and came back, and every reader on a reset', () => {
    const table = createRowTable<Row>([]);
    table.reset([{ id: 'a', v: 1 }]);
    const a = counted(() => table.rows.value.has('a') && table.rows.value.get('a')?.v);
    table.patch({ upsert: [], remove: ['a'] });
    expect(a.last()).toBe(false);
    table.patch({ upsert: [{ id: 'a', v: 5 }], remove: [] });
    expect(a.last()).toBe(5);
    table.reset([{ id: 'a', v: 7 }]);
    expect(a.last()).toBe(7);
    expect(a.runs()).toBe(4);
  });
});
