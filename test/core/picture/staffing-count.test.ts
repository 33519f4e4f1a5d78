// Figures kept from tick to tick (picture/row-tally.ts): the queues' staffing (queue-summary.ts) and the
// predictor's staffed shares (alerts/predict-breach.ts). After any run of agent lists (rows changed, new,
// gone, unchanged objects handed back) each equals a count made afresh.
import { describe, expect, it } from 'vitest';
import type { Agent, AgentState } from '../../../common/domain';
import { countStaffing, createStaffingCount } from '../../../main/core/picture/queue-summary';
import { createPredictor } from '../../../main/core/alerts/predict-breach';
import type { QueueSummary } from '../../../common/domain';
import { agent } from './fixtures';

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
