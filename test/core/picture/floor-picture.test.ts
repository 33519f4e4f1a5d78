// The published picture: ChangeSets by id, seq / baseSeq, and the events the transitions mean.
import { describe, expect, it } from 'vitest';
import type { AbandonedCall } from '../../../common/domain';
import { createFloorPicture } from '../../../main/core/picture/floor-picture';
import { createSourceMerger, mergeSources } from '../../../main/core/picture/merge-sources';
import { agent, call } from './fixtures';

const now = () => 42;

describe('floor picture', () => {
  it('holds events back on the first data, then reports starts, answers, ends and agent states', () => {
    const p = createFloorPicture(now);
    const first = p.update(mergeSources([{ agents: [agent('a', '101'), agent('b', '102')], calls: [call('c1', '101', 'ringing')] }]), [], []);
    expect(first.events).toEqual([]);
    expect(first.changes).toMatchObject({ seq: 1, baseSeq: 0 });
    expect(first.changes?.agents.upsert).toHaveLength(2);

    const second = p.update(mergeSources([{ agents: [agent('a', '101'), agent('b', '102')], calls: [call('c1', '101', 'on-call'), call('c2', '102', 'ringing')] }]), [], []);
    expect(second.changes).toMatchObject({ seq: 2, baseSeq: 1 });
    expect(second.events.map((e) => e.type).sort()).toEqual(['agent-state', 'agent-state', 'call-answered', 'call-started']);
    expect(second.events).toContainEqual({ type: 'agent-state', at: 42, agentId: 'a', from: 'ringing', to: 'on-call' });

    const third = p.update(mergeSources([{ agents: [agent('a', '101')], calls: [call('c1', '101', 'on-call')] }]), [], []);
    expect(third.events).toContainEqual({ type: 'call-ended', at: 42, callId: 'c2' });
    expect(third.events).toContainEqual({ type: 'agent-state', at: 42, agentId: 'b', from: 'ringing', to: 'offline' });
    expect(third.changes?.agents.remove).toEqual(['b']);
    expect(p.findCall('c1')?.state).toBe('on-call');
    expect(p.findAgent('b')).toBeUndefined();
  });

  it('skips the diff of a list whose source did not answer, and keeps that list\'s array in the snapshot', () => {
    const p = createFloorPicture(now);
    const merge = createSourceMerger();
    const agents = { agents: [agent('a', '101'), agent('b', '102')] };
    const first = p.update(merge([agents, { calls: [] }]), [], []);
    const second = p.update(merge([agents, { calls: [call('c', '102', 'ringing')] }]), [], []);
    expect(second.changes?.agents.upsert.map((a) => a.id)).toEqual(['b']);
    expect(second.snapshot.agents).not.toBe(first.snapshot.agents);
    const calls = { calls: [call('c', '102', 'ringing')] };
    const third = p.update(merge([agents, calls]), [], []);
    const fourth = p.update(merge([agents, calls]), [], []);
    expect(fourth.changes).toBeNull();
    expect(fourth.snapshot).toBe(third.snapshot);
  });

  it('publishes nothing new when nothing changed, but still passes abandoned calls as events', () => {
    const p = createFloorPicture(now);
    const floor = mergeSources([{ agents: [agent('a', '101')] }]);
    p.update(floor, [], []);
    const abandoned = { id: 'x:1', callId: 'x' } as AbandonedCall;
    const same = p.update(floor, [], [abandoned]);
    expect(same.changes).toBeNull();
    expect(same.snapshot.seq).toBe(1);
    expect(same.events).toEqual([{ type: 'call-abandoned', at: 42, call: abandoned }]);
  });
});
