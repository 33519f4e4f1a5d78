// Figures kept from tick to tick (picture/row-tally.ts): the queues' staffing and who waits in them
// (queue-summary.ts), and the predictor's staffed shares (alerts/predict-breach.ts). After any run of lists
// (rows changed, new, gone, unchanged objects handed back) each equals a count made afresh.
import { describe, expect, it } from 'vitest';
import type { Agent, AgentState, QueueEntry } from '../../../common/domain';
import { countStaffing, createStaffingCount, createWaitingCount } from '../../../main/core/picture/queue-summary';
import { createListTracker } from '../../../main/core/picture/list-changes';
import { createPredictor } from '../../../main/core/alerts/predict-breach';
import type { QueueSummary } from '../../../common/domain';
import { agent, entry } from './fixtures';

const STATES: AgentState[] = ['available', 'paused', 'ringing', 'on-call', 'wrap-up', 'offline'];
const QUEUES = ['q1', 'q2', 'q3', 'q4'];

/** A small deterministic generator (the test must fail the same way twice). */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

const plain = (m: ReadonlyMap<string, unknown>): Record<string, unknown> =>
  Object.fromEntries([...m].filter(([, s]) => Object.values(s as object).some((n) => n !== 0)).sort(([a], [b]) => a.localeCompare(b)));

describe('staffing kept from tick to tick', () => {
  it('equals a fresh count after every list, whatever came, went or changed', () => {
    const next = random(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const count = createStaffingCount();
    let rows: Agent[] = [];
    for (let tick = 0; tick < 300; tick++) {
      const out: Agent[] = [];
      for (const row of rows) {
        const r = next();
        if (r < 0.05) continue; // logged out
        if (r < 0.25) out.push({ ...row, state: pick(STATES), queues: QUEUES.filter(() => next() < 0.5) });
        else out.push(row); // the very object, as the decoder hands back an unchanged row
      }
      for (let n = Math.floor(next() * 4); n > 0; n--) {
        const id = `a${tick}-${n}`;
        out.push(agent(id, id, { state: pick(STATES), queues: QUEUES.filter(() => next() < 0.5) }));
      }
      rows = out;
      expect(plain(count(rows))).toEqual(plain(countStaffing(rows)));
      // The same list again changes nothing.
      expect(plain(count(rows))).toEqual(plain(countStaffing(rows)));
    }
  });

  it('counts wrap-up as on a call and offline agents nowhere', () => {
    const count = createStaffingCount();
    const a = agent('a', '1', { state: 'wrap-up', queues: ['q1'] });
    const b = agent('b', '2', { state: 'offline', queues: ['q1'] });
    expect(count([a, b]).get('q1')).toEqual({ available: 0, onCall: 1, paused: 0, ringing: 0 });
    expect(count([{ ...a, state: 'available' }]).get('q1')).toEqual({ available: 1, onCall: 0, paused: 0, ringing: 0 });
    expect(count([]).get('q1')).toEqual({ available: 0, onCall: 0, paused: 0, ringing: 0 });
  });

  it('keeps the predictor\'s staffed shares equal to shares summed afresh', () => {
    const next = random(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const queues = QUEUES.map((id): QueueSummary => ({
      id, name: id, waiting: 0, longestWaitSince: null, answered: 0, abandoned: 0, avgWaitSec: null, serviceLevelPct: null,
      abandonedPct: null, staffing: { available: 0, onCall: 0, paused: 0, ringing: 0 }, day: { basis: 'console', countedSince: null },
    }));
    const input = (agents: Agent[]) => ({ now: 1_000_000, agents, queues, serviceLevelSec: 20, serviceLevelTarget: () => 80 });
    const kept = createPredictor();
    let rows: Agent[] = [];
    for (let tick = 0; tick < 200; tick++) {
      rows = rows.filter(() => next() > 0.05).map((row) => (next() < 0.2 ? { ...row, state: pick(STATES), queues: QUEUES.filter(() => next() < 0.5) } : row));
      for (let n = Math.floor(next() * 4); n > 0; n--) rows.push(agent(`a${tick}-${n}`, null, { state: pick(STATES), queues: QUEUES.filter(() => next() < 0.5) }));
      const agentsOf = (f: { forecasts: { queueId: string; agents: number }[] }) => f.forecasts.map((x) => [x.queueId, x.agents]);
      expect(agentsOf(kept.update(input(rows)))).toEqual(agentsOf(createPredictor().update(input(rows))));
    }
  });
});

describe('who waits, kept from tick to tick', () => {
  /** Who waits in each queue listed, summed afresh from the whole list. */
  function fresh(list: readonly QueueEntry[]): Record<string, { name: string; waiting: number; longest: number | null }> {
    const out: Record<string, { name: string; waiting: number; longest: number | null }> = {};
    for (const e of list) {
      const q = (out[e.queueId] ??= { name: e.queueName, waiting: 0, longest: null });
      if (e.status !== 'waiting') continue;
      q.waiting++;
      if (q.longest === null || e.joinedAt < q.longest) q.longest = e.joinedAt;
    }
    return out;
  }

  it('equals a fresh count after every change, whatever came, went or changed', () => {
    const next = random(5);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const count = createWaitingCount();
    // The floor tick's way: each list's change, as the merge's tracker finds it.
    const tracker = createListTracker<QueueEntry>();
    let rows: QueueEntry[] = [];
    let t = 1000;
    for (let tick = 0; tick < 300; tick++) {
      const out: QueueEntry[] = [];
      for (const row of rows) {
        const r = next();
        if (r < 0.08) continue; // gone from the monitor
        if (r < 0.2 && row.status === 'waiting') out.push({ ...row, status: next() < 0.7 ? 'answered' : 'abandoned', bridgedAt: t });
        else if (r < 0.23) {
          const queue = pick(QUEUES); // moved to another queue
          out.push({ ...row, queueId: queue, queueName: `Queue ${queue}` });
        }
        else out.push(row);
      }
      for (let n = Math.floor(next() * 5); n > 0; n--) {
        const queue = pick(QUEUES);
        out.push(entry(`e${tick}-${n}`, 'waiting', t - Math.floor(next() * 60_000), { queueId: queue, queueName: `Queue ${queue}` }));
      }
      t += 1000;
      rows = out;
      count.changes(tracker.track(rows));
      const kept = Object.fromEntries([...count.current()].map(([id, q]) => [id, { ...q }]));
      expect(kept).toEqual(fresh(rows));
    }
  });

  it('names each queue as its newest visit does, and moves the longest wait on when that caller is answered', () => {
    const count = createWaitingCount();
    const first = entry('a', 'waiting', 1000);
    const second = entry('b', 'waiting', 2000, { queueName: 'Sales (new)' });
    expect(count([first, second]).get('q1')).toEqual({ name: 'Sales (new)', waiting: 2, longest: 1000 });
    expect(count([{ ...first, status: 'answered', bridgedAt: 3000 }, second]).get('q1')).toEqual({ name: 'Sales', waiting: 1, longest: 2000 });
    expect(count([]).get('q1')).toBeUndefined();
  });
});

