// The ordered id lists follow a row table's deltas exactly as a full sort and filter of the table would,
// through single moves and big batches, filter changes and resets, and compare only the rows that moved.
import { describe, expect, it } from 'vitest';
import { createOrderedIds, type RowFilter } from '../../renderer/src/lib/ordered-ids';
import { createRowTable } from '../../renderer/src/lib/row-table';
import { seededRandom } from '../fixtures/seeded-random';

interface Row {
  id: string;
  name: string;
  team: string;
  state: string;
}
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
let compares = 0;
const compare = (a: Row, b: Row): number => (compares++, collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
const include = (r: Row) => r.team !== 'gone';

function setup(n: number) {
  const table = createRowTable<Row>(['name', 'team']);
  const rows = Array.from({ length: n }, (_, i) => ({ id: `r${i}`, name: `Agent ${i % 97}`, team: `t${i % 3}`, state: 'available' }));
  table.reset(rows);
  const order = createOrderedIds(table, compare, include);
  const expected = (filter: RowFilter<Row> | null) =>
    [...table.peek().values()].filter((r) => include(r) && (!filter || filter(r))).sort(compare).map((r) => r.id);
  return { table, order, expected };
}

describe('ordered ids', () => {
  it('orders as the comparator does, ties broken by id, and narrows by the filter', () => {
    const { order, expected } = setup(300);
    expect(order.view(null)).toEqual(expected(null));
    const t1: RowFilter<Row> = (r) => r.team === 't1';
    expect(order.view(t1)).toEqual(expected(t1));
    expect(order.view(t1)).toBe(order.view(t1)); // the same array while nothing changed
  });

  it('follows random upserts, renames, removals and big batches exactly, with and without a filter', () => {
    const { table, order, expected } = setup(500);
    const random = seededRandom(7);
    const t2: RowFilter<Row> = (r) => r.team === 't2' || r.name.endsWith('1');
    let next = 500;
    for (let round = 0; round < 60; round++) {
      const filter = round % 3 === 0 ? null : t2;
      order.view(filter); // the filter in force while the delta arrives
      const size = round % 10 === 9 ? 200 : 1 + Math.floor(random() * 6); // every tenth a batch above the merge threshold
      const ids = [...table.peek().keys()];
      const upsert: Row[] = [];
      const remove: string[] = [];
      for (let k = 0; k < size; k++) {
        const pick = ids[Math.floor(random() * ids.length)] as string;
        const old = table.peek().get(pick) as Row;
        const r = random();
        if (r < 0.2) upsert.push({ id: `r${next++}`, name: `Agent ${Math.floor(random() * 97)}`, team: 't1', state: 'available' });
        else if (r < 0.35) remove.push(pick);
        else if (r < 0.55) upsert.push({ ...old, name: `Agent ${Math.floor(random() * 97)}` });
        else if (r < 0.65) upsert.push({ ...old, team: random() < 0.5 ? 'gone' : 't2' });
        else upsert.push({ ...old, state: random() < 0.5 ? 'paused' : 'on-call' });
      }
      const removing = new Set(remove);
      const seen = new Set<string>();
      const unique = upsert.filter((r) => !removing.has(r.id) && !seen.has(r.id) && seen.add(r.id));
      table.patch({ upsert: unique, remove });
      expect(order.view(filter), `round ${round}`).toEqual(expected(filter));
    }
  });

  it('re-places only the rows that moved: a state change compares nothing, a login about log2(n) times', () => {
    const { table, order } = setup(4096);
    const before = order.view(null);
    compares = 0;
    table.patch({ upsert: [{ id: 'r5', name: 'Agent 5', team: 't2', state: 'paused' }], remove: [] });
    expect(compares).toBe(0);
    expect(order.view(null)).toBe(before);
    table.patch({ upsert: [{ id: 'new', name: 'Agent 50', team: 't0', state: 'available' }], remove: [] });
    expect(compares).toBeLessThanOrEqual(2 * 13);
    expect(order.view(null)).not.toBe(before);
    expect(order.view(null)).toContain('new');
  });

  it('a batch of rows that changed only what the filter reads costs a comparison each, not a merge of the list', () => {
    const { table, order, expected } = setup(5000);
    const inT1: RowFilter<Row> = (r) => r.team === 't1';
    order.view(inT1);
    const rows = [...table.peek().values()];
    // 300 rows move between t0 and t2, both outside the filter; 5 more join t1: an order field of the table each time.
    const leaving = rows.filter((r) => r.team === 't0').slice(0, 300).map((r) => ({ ...r, team: 't2' }));
    const joining = rows.filter((r) => r.team === 't2').slice(0, 5).map((r) => ({ ...r, team: 't1' }));
    compares = 0;
    table.patch({ upsert: [...leaving, ...joining], remove: [] });
    const shown = order.view(inT1);
    const used = compares;
    expect(shown).toEqual(expected(inT1));
    // One comparison per row, and about 3 log2(n) for each of the five taken out and placed again; before,
    // all 305 were taken out and merged back (a sort and a binary search each: about 6,000).
    expect(used).toBeLessThan(305 + 5 * 3 * 14);
  });

  it('starts again from the table after a reset', () => {
    const { table, order, expected } = setup(50);
    table.reset([{ id: 'x', name: 'Zed', team: 't0', state: 'available' }, { id: 'y', name: 'Amy', team: 't0', state: 'available' }]);
    expect(order.view(null)).toEqual(['y', 'x']);
    expect(order.view(null)).toEqual(expected(null));
  });
});
