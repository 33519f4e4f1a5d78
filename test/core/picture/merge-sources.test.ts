// Merging sources and joining agents with calls by extension.
import { describe, expect, it } from 'vitest';
import { createSourceMerger, joinAgentsWithCalls, mergeSources } from '../../../main/core/picture/merge-sources';
import { agent, call } from './fixtures';

describe('joinAgentsWithCalls', () => {
  it('marks ringing and on-call agents from the calls on their extension, with callId and stateSince', () => {
    const { agents, calls } = joinAgentsWithCalls(
      [agent('a', '101'), agent('b', '102'), agent('c', '103', { state: 'paused', pauseReason: 'LUNCH' }), agent('d', null)],
      [call('c1', '101', 'ringing', 7000), call('c2', '102', 'on-call', 8000)],
    );
    expect(agents[0]).toMatchObject({ state: 'ringing', callId: 'c1', stateSince: 7000 });
    expect(agents[1]).toMatchObject({ state: 'on-call', callId: 'c2', stateSince: 8000 });
    expect(agents[2]).toMatchObject({ state: 'paused', callId: null, stateSince: 1000 });
    expect(agents[3]?.state).toBe('available');
    expect(calls.map((c) => c.agentId)).toEqual(['a', 'b']);
  });

  it('prefers the answered call when an extension has a second one ringing', () => {
    const { agents } = joinAgentsWithCalls([agent('a', '101')], [call('r', '101', 'ringing'), call('o', '101', 'on-call')]);
    expect(agents[0]).toMatchObject({ state: 'on-call', callId: 'o' });
  });

  it('passes unchanged rows through as the same objects', () => {
    const idle = agent('a', '101');
    expect(joinAgentsWithCalls([idle], [call('x', '999', 'on-call')]).agents[0]).toBe(idle);
  });
});

describe('mergeSources', () => {
  it('combines each source\'s lists and says which kinds it has', () => {
    const merged = mergeSources([{ calls: [call('c1', '101', 'on-call')] }, { agents: [agent('a', '101')] }, { ownExtensionRegistered: true }]);
    expect(merged.agents[0]?.state).toBe('on-call');
    expect(merged.has).toEqual({ agents: true, calls: true, queueEntries: false });
  });
});

describe('createSourceMerger', () => {
  it('returns the last joined lists while their inputs are the same arrays, and joins again when one changes', () => {
    const merge = createSourceMerger();
    const agents = { agents: [agent('a', '101')] };
    const calls = { calls: [call('c1', '101', 'on-call')] };
    const first = merge([calls, agents, { queueEntries: [] }]);
    const second = merge([calls, agents, { queueEntries: [] }]);
    expect(second.agents).toBe(first.agents);
    expect(second.calls).toBe(first.calls);
    const third = merge([{ calls: [] }, agents]);
    expect(third.agents).not.toBe(first.agents);
    expect(third.agents[0]?.state).toBe('available');
  });
});

describe('createSourceMerger joins', () => {
  it('keeps a joined row while its agent and call are the same objects, in new arrays, and makes a new one when either changes', () => {
    const merge = createSourceMerger();
    const a = agent('a', '101');
    const b = agent('b', '102');
    const ca = call('ca', '101', 'on-call', 5000);
    const cb = { ...call('cb', '102', 'on-call', 6000), agentId: null };
    const first = merge([{ calls: [ca, cb] }, { agents: [a, b] }]);
    // New arrays (another answer), same row objects: the same joined objects come back, in the last
    // arrays (so the picture skips their diff).
    const second = merge([{ calls: [ca, cb] }, { agents: [a, b] }]);
    expect(second.agents).toBe(first.agents);
    expect(second.agents[0]).toBe(first.agents[0]);
    expect(second.agents[1]).toBe(first.agents[1]);
    expect(second.calls[1]).toBe(first.calls[1]);
    expect(second.calls[1]?.agentId).toBe('b');
    // The call on 101 is answered anew (a new object): agent a is joined again, b stays as it was.
    const ca2 = call('ca2', '101', 'on-call', 9000);
    const third = merge([{ calls: [ca2, cb] }, { agents: [a, b] }]);
    expect(third.agents[0]).not.toBe(first.agents[0]);
    expect(third.agents[0]).toMatchObject({ callId: 'ca2', stateSince: 9000 });
    expect(third.agents[1]).toBe(first.agents[1]);
  });
});
