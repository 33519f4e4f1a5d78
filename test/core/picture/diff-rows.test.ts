// The row diff: equal rows are skipped, changed and new rows are upserts, missing ids are removals; and
// each row type's comparator looks at every field the type has (a field added later must be compared too).
import { describe, expect, it } from 'vitest';
import type { QueueSummary } from '../../../common/domain';
import { agentEquals, callEquals, createRowIndex, entryEquals, queueEquals, type RowEquals } from '../../../main/core/picture/diff-rows';
import { agent, call, entry } from './fixtures';

const summary: QueueSummary = {
  id: 'q1', name: 'Sales', waiting: 1, longestWaitSince: 5, answered: 2, abandoned: 1, avgWaitSec: 3, serviceLevelPct: 50,
  abandonedPct: 33.3, staffing: { available: 1, onCall: 2, paused: 3, ringing: 4 }, day: { basis: 'console', countedSince: 7 },
};

/** A different value of the same kind, for any field. */
function other(value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string') return `${value}-x`;
  if (Array.isArray(value)) return [...value, 'x'];
  return value === null ? 'x' : null;
}

function expectEveryFieldCompared<T extends { id: string }>(name: string, row: T, equals: RowEquals<T>): void {
  expect(equals(row, { ...row }), `${name}: a copy is equal`).toBe(true);
  for (const key of Object.keys(row) as (keyof T)[]) {
    if (key === 'id') continue;
    const value = row[key];
    // A nested object (a summary's staffing): each of its fields is compared.
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const sub of Object.keys(value)) {
        const changed = { ...value, [sub]: other((value as Record<string, unknown>)[sub]) };
        expect(equals(row, { ...row, [key]: changed }), `${name}.${String(key)}.${sub} is compared`).toBe(false);
      }
      continue;
    }
    expect(equals(row, { ...row, [key]: other(value) }), `${name}.${String(key)} is compared`).toBe(false);
  }
}

describe('row comparators', () => {
  it('compare every field of agents, calls, queue entries and queue summaries', () => {
    expectEveryFieldCompared('Agent', agent('a', '101', { queues: ['1', '2'], pauseLimitSec: 60, campaign: 'c' }), agentEquals);
    expectEveryFieldCompared('ActiveCall', call('c', '101', 'on-call'), callEquals);
    expectEveryFieldCompared('QueueEntry', entry('e', 'answered', 1, { bridgedAt: 2, abandonedAt: 3, agentName: 'x' }), entryEquals);
    expectEveryFieldCompared('QueueSummary', summary, queueEquals);
  });

  it('compares agent queue lists element by element', () => {
    expect(agentEquals(agent('a', '1', { queues: ['1', '2'] }), agent('a', '1', { queues: ['1', '2'] }))).toBe(true);
    expect(agentEquals(agent('a', '1', { queues: ['1', '2'] }), agent('a', '1', { queues: ['1', '3'] }))).toBe(false);
  });
});

describe('row index', () => {
  type R = { id: string; name: string };
  const row = (id: string, name = 'x'): R => ({ id, name });
  const eq: RowEquals<R> = (a, b) => a.name === b.name;

  it('upserts new and changed rows (with the rows they replace), removes gone ids, skips equal ones', () => {
    const index = createRowIndex(eq);
    const first = index.apply([row('a'), row('b'), row('c')]);
    expect(first.changes.upsert.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(first.previous).toEqual([undefined, undefined, undefined]);
    expect(first.changes.remove).toEqual([]);
    const rowsBefore = index.rows();
    const second = index.apply([row('a'), row('b', 'changed'), row('d')]);
    expect(second.changes.upsert.map((r) => r.id)).toEqual(['b', 'd']);
    expect(second.previous).toEqual([row('b'), undefined]);
    expect(second.changes.remove).toEqual(['c']);
    expect(second.removed).toEqual([row('c')]);
    expect(index.get('b')?.name).toBe('changed');
    expect(index.get('c')).toBeUndefined();
    // Arrays handed out are never mutated; a new one is built after a change, the same one otherwise.
    expect(rowsBefore.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    const rowsAfter = index.rows();
    expect(rowsAfter.map((r) => r.id).sort()).toEqual(['a', 'b', 'd']);
    const third = index.apply([row('a'), row('b', 'changed'), row('d')]);
    expect(third.changes).toEqual({ upsert: [], remove: [] });
    expect(index.rows()).toBe(rowsAfter);
  });

  it('finds a removal even when the list keeps its length (one id swapped for another)', () => {
    const index = createRowIndex(eq);
    index.apply([row('a'), row('b')]);
    const next = index.apply([row('a'), row('z')]);
    expect(next.changes.upsert.map((r) => r.id)).toEqual(['z']);
    expect(next.changes.remove).toEqual(['b']);
  });

  it('keeps the first of two rows with the same id, and still sees removals then', () => {
    const index = createRowIndex(eq);
    const d = index.apply([row('a', 'first'), row('a', 'second'), row('b')]);
    expect(d.changes.upsert).toHaveLength(2);
    expect(index.get('a')?.name).toBe('first');
    const e = index.apply([row('a', 'first'), row('a', 'first')]);
    expect(e.changes.remove).toEqual(['b']);
  });

  it('hands out the rows in the order their ids came, over any run of lists and changes (gaps closed as it goes)', () => {
    let seed = 3;
    const next = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const index = createRowIndex(eq);
    /** The order the index must keep: an id's first coming, again after it went. */
    const model = new Map<string, R>();
    let n = 0;
    for (let step = 0; step < 400; step++) {
      const upsert: R[] = [];
      const remove: string[] = [];
      for (const [id, r] of model) {
        const x = next();
        if (x < 0.15) remove.push(id);
        else if (x < 0.3) upsert.push({ ...r, name: `${r.name}+` });
      }
      // New ids, and now and then one that went before coming back.
      for (let k = Math.floor(next() * 6); k > 0; k--) upsert.push(row(next() < 0.2 ? `r${Math.floor(next() * n)}` : `r${n++}`));
      for (const id of remove) model.delete(id);
      const fresh = upsert.filter((r, i) => upsert.findIndex((u) => u.id === r.id) === i && !remove.includes(r.id));
      for (const r of fresh) {
        if (model.has(r.id)) model.set(r.id, r);
      }
      for (const r of fresh) if (!model.has(r.id)) model.set(r.id, r);
      // Half the steps as a whole list (apply), half as a change (applyChanges).
      if (step % 2 === 0) index.apply([...model.values()]);
      else index.applyChanges({ upsert: fresh, remove });
      expect(index.rows().map((r) => r.id)).toEqual([...model.keys()]);
      expect(index.rows()).toEqual([...model.values()]);
    }
    expect(n).toBeGreaterThan(500);
  });
});

