// Agents' queue lists on the WebSocket (common/queue-lists.ts): a floor frame carries each distinct list
// once and reads back exactly as the core sent it; other channels pass through untouched.
import { describe, expect, it } from 'vitest';
import type { FloorState } from '../../common/contract';
import type { Agent, ChangeSet } from '../../common/domain';
import { packQueueLists, unpackQueueLists } from '../../common/queue-lists';
import { agent } from '../core/picture/fixtures';

const SALES = ['q-sales-0000-0000-0000-000000000001', 'q-support-000-0000-0000-000000000002'];

/** 1,000 agents in three distinct lists, one of them equal in content to SALES but another array. */
function agents(): Agent[] {
  return Array.from({ length: 1000 }, (_, i) =>
    agent(`a${i}`, String(1000 + i), { queues: i % 3 === 0 ? SALES : i % 3 === 1 ? [...SALES] : i % 2 === 0 ? [] : ['q-other'] }));
}

const wire = (channel: string, payload: unknown): unknown => JSON.parse(JSON.stringify(packQueueLists(channel, payload)));

describe('queue lists on the wire', () => {
  it('sends a floor:get answer with each list once and reads it back as it was', () => {
    const state: FloorState = { snapshot: { seq: 4, at: 1, agents: agents(), calls: [], queueEntries: [], queues: [] }, sources: [], abandoned: [], abandonedSeq: 0 };
    const frame = wire('floor:get', state) as { queueLists: string[][]; snapshot: { agents: { queues: unknown }[] } };
    expect(frame.queueLists).toEqual([SALES, [], ['q-other']]);
    expect(frame.snapshot.agents.every((a) => typeof a.queues === 'number')).toBe(true);
    expect(JSON.stringify(frame).length).toBeLessThan(JSON.stringify(state).length * 0.9);
    const back = unpackQueueLists('floor:get', frame) as FloorState;
    expect(back).toEqual(state);
    // One array per list in the page, shared by the agents that serve it.
    expect(back.snapshot.agents[0]?.queues).toBe(back.snapshot.agents[1]?.queues);
    // The core's own rows are not touched.
    expect(state.snapshot.agents[0]?.queues).toBe(SALES);
  });

  it('does the same for floor:reset and the upserts of floor:changed', () => {
    const cs: ChangeSet = {
      seq: 2, baseSeq: 1, at: 5, agents: { upsert: agents().slice(0, 4), remove: ['gone'] },
      calls: { upsert: [], remove: [] }, queueEntries: { upsert: [], remove: [] }, queues: { upsert: [], remove: [] },
    };
    expect(unpackQueueLists('floor:changed', wire('floor:changed', cs))).toEqual(cs);
    const state: FloorState = { snapshot: { seq: 1, at: 1, agents: agents().slice(0, 5), calls: [], queueEntries: [], queues: [] }, sources: [], abandoned: [], abandonedSeq: 0 };
    expect(unpackQueueLists('floor:reset', wire('floor:reset', state))).toEqual(state);
  });

  it('leaves every other payload as it is', () => {
    const sources = [{ id: 'calls' }];
    expect(packQueueLists('sources:changed', sources)).toBe(sources);
    expect(unpackQueueLists('sources:changed', sources)).toBe(sources);
    expect(unpackQueueLists('floor:get', null)).toBeNull();
  });
});
