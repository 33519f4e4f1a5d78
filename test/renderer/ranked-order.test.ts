// The ranked order gives exactly the comparator's order, re-ranks on new rows and changed keys only,
// and keeps the order of rows that left and came back.
import { describe, expect, it } from 'vitest';
import { createRankedOrder } from '../../renderer/src/lib/ranked-order';

interface Row {
  id: string;
  name: string;
}
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const compare = (a: Row, b: Row): number => collator.compare(a.name, b.name) || a.id.localeCompare(b.id);

describe('ranked order', () => {
  it('orders as the comparator does, ties broken by id', () => {
    const rows: Row[] = [
      { id: 'b', name: 'Trần Văn Bình' },
      { id: 'a', name: 'an Nguyễn' },
      { id: 'c', name: 'An Nguyễn' },
      { id: 'd', name: 'Agent 10' },
      { id: 'e', name: 'Agent 9' },
    ];
    const order = createRankedOrder(compare, (r) => r.name);
    expect(order.order(rows)).toEqual([...rows].sort(compare).map((r) => r.id));
    expect(order.order(rows)).toEqual(['e', 'd', 'a', 'c', 'b']);
  });

  it('follows rows that come, go, come back and are renamed, and compares only when it must', () => {
    let calls = 0;
    const counted = (a: Row, b: Row): number => (calls++, compare(a, b));
    const order = createRankedOrder(counted, (r) => r.name);
    const x = { id: 'x', name: 'Xuân' };
    const y = { id: 'y', name: 'Yến' };
    const z = { id: 'z', name: 'Ánh' };
    expect(order.order([x, y])).toEqual(['x', 'y']);
    calls = 0;
    expect(order.order([y])).toEqual(['y']);
    expect(order.order([y, x])).toEqual(['x', 'y']);
    expect(calls).toBe(0); // nobody new, no key changed: no comparison at all
    expect(order.order([x, y, z])).toEqual(['z', 'x', 'y']);
    expect(calls).toBeLessThanOrEqual(2); // one new row: a binary search, not a sort
    expect(order.order([x, { id: 'y', name: 'Anh' }, z])).toEqual(['y', 'z', 'x']);
  });

  it('places many rows arriving one by one exactly where a full sort would', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ id: `r${i}`, name: `Tên ${(i * 37) % 101}` }));
    const order = createRankedOrder(compare, (r) => r.name);
    const shown: Row[] = [];
    for (const row of rows) {
      shown.push(row);
      expect(order.order(shown)).toEqual([...shown].sort(compare).map((r) => r.id));
    }
    const renamed = shown.map((r, i) => (i % 50 === 0 ? { ...r, name: `Ánh ${i}` } : r));
    expect(order.order(renamed)).toEqual([...renamed].sort(compare).map((r) => r.id));
  });

  it('keeps 10,000 rows in order and re-orders them without comparing', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: `id${i}`, name: `Agent ${(i * 7919) % 10_000}` }));
    let calls = 0;
    const order = createRankedOrder((a: Row, b: Row) => (calls++, compare(a, b)), (r) => r.name);
    const first = order.order(rows);
    expect(first).toEqual([...rows].sort(compare).map((r) => r.id));
    calls = 0;
    const fewer = rows.filter((_, i) => i % 100 !== 0);
    const kept = new Set(fewer.map((r) => r.id));
    expect(order.order(fewer)).toEqual(first.filter((id) => kept.has(id)));
    expect(calls).toBe(0);
  });
});
