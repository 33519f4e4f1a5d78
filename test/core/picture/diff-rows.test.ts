// The row diff: equal rows are skipped, changed and new rows are upserts, missing ids are removals.
import { describe, expect, it } from 'vitest';
import { diffRows, rowsEqual } from '../../../main/core/picture/diff-rows';

const row = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: 'x', queues: ['1', '2'], err: null as null | object, ...extra });

describe('rowsEqual', () => {
  it('compares fields shallowly, arrays by element and nested objects one level down', () => {
    expect(rowsEqual(row('a'), row('a'))).toBe(true);
    expect(rowsEqual(row('a'), row('a', { name: 'y' }))).toBe(false);
    expect(rowsEqual(row('a'), row('a', { queues: ['1'] }))).toBe(false);
    expect(rowsEqual(row('a'), row('a', { queues: ['1', '3'] }))).toBe(false);
    expect(rowsEqual(row('a', { err: { code: 'X' } }), row('a', { err: { code: 'X' } }))).toBe(true);
    expect(rowsEqual(row('a', { err: { code: 'X' } }), row('a', { err: { code: 'Y' } }))).toBe(false);
    expect(rowsEqual(row('a', { err: { code: 'X' } }), row('a'))).toBe(false);
  });

  it('sees a field that only one side has', () => {
    expect(rowsEqual({ id: 'a' }, { id: 'a', extra: 1 })).toBe(false);
    expect(rowsEqual({ id: 'a', extra: 1 }, { id: 'a' })).toBe(false);
  });
});

describe('diffRows', () => {
  it('upserts new and changed rows, removes gone ids, skips equal ones', () => {
    const first = diffRows(new Map(), [row('a'), row('b'), row('c')]);
    expect(first.changes.upsert.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(first.changes.remove).toEqual([]);
    const second = diffRows(first.index, [row('a'), row('b', { name: 'changed' }), row('d')]);
    expect(second.changes.upsert.map((r) => r.id)).toEqual(['b', 'd']);
    expect(second.changes.remove).toEqual(['c']);
    const third = diffRows(second.index, [row('a'), row('b', { name: 'changed' }), row('d')]);
    expect(third.changes).toEqual({ upsert: [], remove: [] });
  });

  it('finds a removal even when the list keeps its length (one id swapped for another)', () => {
    const base = diffRows(new Map(), [row('a'), row('b')]).index;
    const next = diffRows(base, [row('a'), row('z')]);
    expect(next.changes.upsert.map((r) => r.id)).toEqual(['z']);
    expect(next.changes.remove).toEqual(['b']);
  });

  it('keeps the first of two rows with the same id', () => {
    const d = diffRows(new Map(), [row('a', { name: 'first' }), row('a', { name: 'second' })]);
    expect(d.changes.upsert).toHaveLength(1);
    expect(d.index.get('a')?.name).toBe('first');
  });
});
