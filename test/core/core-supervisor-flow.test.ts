// The supervisor's flow through the core against the simulator (TEL4VN as seeds 000 / 003 show it: calls
// without a queue, agents with a campaign only): a call's queue and an agent's queues are derived from the
// queue monitor, and time in state restarts when the console sees a call end (issue 14 points 3 and 5).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BridgeResult, FloorState } from '../../common/contract';
import type { PbxExtension, Snapshot } from '../../common/domain';
import { startHarness, type Harness } from './core-harness';

let h: Harness;
let snapshot: Snapshot;

beforeEach(async () => {
  h = await startHarness({ sim: { agents: 20, seed: 3 } });
  await h.core.invoke('session:demo', undefined);
  await h.until(() => h.of('floor:changed').some((c) => c.agents.upsert.length > 0), 'the first agents');
});
afterEach(async () => {
  await h.close();
});

async function picture(check: (s: Snapshot) => boolean, what: string): Promise<Snapshot> {
  let ok = false;
  await h.until(() => {
    void (h.core.invoke('floor:get', undefined) as Promise<BridgeResult<FloorState>>).then((r) => {
      if (r.ok) {
        snapshot = r.data.snapshot;
        ok = check(snapshot);
      }
    });
    return ok;
  }, what);
  return snapshot;
}

describe('supervisor flow (core + simulator)', () => {
  it('derives the queue of an answered call and of its agent and campaign, which TEL4VN never sends', async () => {
    const state = h.sim.control.state();
    const queue = state.queues[0]!;
    const agent = state.agents.find((a) => a.loggedIn && a.status === 'available' && a.callId === null && a.queueIds[0] === queue.id)!;
    const { callId } = h.sim.control.addCaller({ queueId: queue.id });
    h.sim.control.answerCaller(callId, { agentId: agent.id });
    // What the PBX sends: no queue on the monitor row, none on the agent row.
    const s = await picture((p) => p.calls.some((c) => c.id === callId && c.queueId !== null), 'the call with its queue');
    expect(s.calls.find((c) => c.id === callId)).toMatchObject({ queueId: queue.uuid, queueName: queue.name, agentId: agent.uuid });
    expect(s.agents.find((a) => a.id === agent.uuid)).toMatchObject({ queues: [queue.uuid], answeredToday: 1, state: 'on-call' });
    // The queue's row counts its staff now, and says its day is counted by this console since it started.
    const row = s.queues.find((q) => q.id === queue.uuid)!;
    expect(row.staffing.onCall).toBeGreaterThanOrEqual(1);
    expect(row.staffing.available + row.staffing.onCall + row.staffing.paused + row.staffing.ringing).toBe(
      s.agents.filter((a) => a.queues.includes(queue.uuid) && a.state !== 'offline').length,
    );
    // The records source read the day from midnight (issue 16): the figures count from there.
    expect(row.day).toEqual({ basis: expect.stringMatching(/^(console|cdr)$/), countedSince: expect.any(Number) });
    expect(row).toMatchObject({ answered: 1, abandonedPct: 0, serviceLevelPct: 100 });
    // Colleagues in the same campaign are learned to serve the queue too.
    const peers = state.agents.filter((a) => a.loggedIn && a.queueIds[0] === queue.id && a.uuid !== agent.uuid).map((a) => a.uuid);
    const peerRows = s.agents.filter((a) => peers.includes(a.id));
    expect(peerRows.length).toBeGreaterThan(0);
    for (const row of peerRows) expect(row.queues).toContain(queue.uuid);
    // An outbound call stays without a queue.
    const idle = h.sim.control.state().agents.find((a) => a.loggedIn && a.status === 'available' && a.callId === null)!;
    const out = h.sim.control.startCall(idle.id);
    const s2 = await picture((p) => p.calls.some((c) => c.id === out.callId), 'the outbound call');
    expect(s2.calls.find((c) => c.id === out.callId)).toMatchObject({ queueId: null, direction: 'outbound' });
  });

  it('lists every extension of the PBX for the transfer picker, all pages, from a short cache', async () => {
    await h.close();
    h = await startHarness({ sim: { agents: 450, seed: 3 } });
    await h.core.invoke('session:demo', undefined);
    const first = (await h.core.invoke('extensions:list', undefined)) as BridgeResult<PbxExtension[]>;
    expect(first.ok && first.data.length).toBe(450);
    if (first.ok) expect(new Set(first.data.map((x) => x.extension)).size).toBe(450);
    const pages = h.sim.control.requests().filter((r) => r.path === '/v3/agent/extension');
    expect(pages.map((r) => r.query)).toEqual([{ limit: '200', offset: '0' }, { limit: '200', offset: '200' }, { limit: '200', offset: '400' }]);
    await h.core.invoke('extensions:list', undefined);
    expect(h.sim.control.requests().filter((r) => r.path === '/v3/agent/extension')).toHaveLength(3);
  }, 20_000);

  it('restarts time in state when a call ends, instead of counting from the last resume', async () => {
    const agent = h.sim.control.state().agents.find((a) => a.loggedIn && a.status === 'available' && a.callId === null)!;
    expect(Date.now() - agent.updatedAt).toBeGreaterThan(4000); // resumed a while ago (seeded)
    const first = await picture((p) => p.agents.some((a) => a.id === agent.uuid), 'the agent');
    expect(first.agents.find((a) => a.id === agent.uuid)?.stateSince).toBe(agent.updatedAt);
    const { callId } = h.sim.control.startCall(agent.id);
    await picture((p) => p.agents.some((a) => a.id === agent.uuid && a.state === 'on-call'), 'the agent on the call');
    const endedAt = Date.now();
    h.sim.control.hangupCall(callId);
    const s = await picture((p) => p.agents.some((a) => a.id === agent.uuid && a.state === 'available'), 'the agent available again');
    const since = s.agents.find((a) => a.id === agent.uuid)?.stateSince ?? 0;
    expect(since).toBeGreaterThanOrEqual(endedAt);
    expect(since).toBeLessThanOrEqual(Date.now());
  });
});
