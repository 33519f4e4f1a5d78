// A failing source keeps its last good data in the picture and recovers by itself: every fault kind the
// simulator injects, seen at the core's level (floor kept, sources:changed going stale then live), and a
// PBX that goes away and comes back on the same address.
import { afterEach, describe, expect, it } from 'vitest';
import type { FloorState } from '../../common/contract';
import type { SourceStatus } from '../../common/domain';
import { startSimulator, type Simulator } from '../../main/simulator/index';
import type { FaultSpec } from '../../main/simulator/index';
import { startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
let revived: Simulator | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
  await revived?.close();
  revived = null;
});

const agentsSource = (list: SourceStatus[]) => list.find((s) => s.id === 'agents');
const floorOf = async (x: Harness) => ((await x.core.invoke('floor:get', undefined)) as { ok: true; data: FloorState }).data;

describe('faults at the core level', () => {
  it('keeps the last good agents through every kind of fault and goes live again', async () => {
    h = await startHarness({ sim: { agents: 20 }, deps: { requestTimeoutMs: 600 } });
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.of('floor:changed').some((c) => c.agents.upsert.length > 0), 'the first agents');
    const agentCount = (await floorOf(h)).snapshot.agents.length;
    expect(agentCount).toBeGreaterThan(10);

    const faults: Omit<FaultSpec, 'route' | 'times'>[] = [
      { kind: 'status', status: 503 },
      { kind: 'status', status: 502 },
      { kind: 'malformed' },
      { kind: 'wrong-shape' },
      { kind: 'reset' },
      { kind: 'delay', delayMs: 1000 },
    ];
    const codes: string[] = [];
    for (const fault of faults) {
      const mark = h.events.length;
      const since = () => h!.events.slice(mark).filter((e) => e.channel === 'sources:changed').map((e) => agentsSource(e.payload as SourceStatus[]));
      h.sim.control.addFault({ route: '/v3/agent/live', times: 2, ...fault });
      await h.until(() => since().some((s) => s && s.state !== 'live'), `the ${fault.kind} fault to show`);
      const failing = since().find((s) => s && s.state !== 'live')!;
      expect(['stale', 'backoff', 'offline']).toContain(failing.state);
      expect(failing.lastGoodAt).toEqual(expect.any(Number));
      codes.push(failing.lastError!.code);
      // The agents are still on screen while the source fails.
      expect((await floorOf(h)).snapshot.agents).toHaveLength(agentCount);
      await h.until(() => since().at(-1)?.state === 'live', `recovery from the ${fault.kind} fault`, 4000);
    }
    expect(codes).toEqual(['HTTP_ERROR', 'HTTP_ERROR', 'BAD_RESPONSE', 'BAD_RESPONSE', 'UNREACHABLE', 'TIMEOUT']);
    // No change set ever removed an agent: the failures were never shown as an empty floor.
    expect(h.of('floor:changed').flatMap((c) => c.agents.remove)).toEqual([]);
    expect(h.of('session:changed').at(-1)?.state).toBe('connected');
  });

  it('shows every source offline while the PBX is down and resumes when it is back', async () => {
    h = await startHarness({ sim: { agents: 20 }, deps: { requestTimeoutMs: 600 } });
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.of('floor:changed').some((c) => c.agents.upsert.length > 0), 'the first agents');
    const agentCount = (await floorOf(h)).snapshot.agents.length;
    const port = h.sim.port;
    await h.sim.close();
    await h.until(() => (h!.of('sources:changed').at(-1) ?? []).every((s) => s.state === 'offline'), 'all sources offline');
    expect((await floorOf(h)).snapshot.agents).toHaveLength(agentCount);

    // The same PBX (same seed) back on the same address: the session logs in again by itself.
    revived = await startSimulator({ autoRun: false, agents: 20, port });
    await h.until(() => (h!.of('sources:changed').at(-1) ?? []).every((s) => s.state === 'live'), 'all sources live again', 8000);
    expect((await floorOf(h)).snapshot.agents).toHaveLength(agentCount);
  });
});

describe('data age on a quiet floor', () => {
  it('sends each source\'s advancing lastGoodAt although nothing on the floor changes', async () => {
    h = await startHarness({ sim: { agents: 10 } });
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.of('floor:changed').some((c) => c.agents.upsert.length > 0), 'the first agents');
    // The first pass of the call records moves the queues' day basis to the records: wait for it first.
    await h.until(() => (h!.of('sources:changed').at(-1) ?? []).some((s) => s.id === 'records' && s.lastGoodAt !== null), 'the first record pass');
    await new Promise((r) => setTimeout(r, 100));
    const mark = h.events.length;
    const agentAges = () =>
      h!.events
        .slice(mark)
        .filter((e) => e.channel === 'sources:changed')
        .map((e) => agentsSource(e.payload as SourceStatus[])?.lastGoodAt ?? 0);
    // The simulator does not run its scenario here, so no change set follows: only the ages move.
    await h.until(() => new Set(agentAges()).size >= 3, 'three fresher lastGoodAt values');
    const ages = agentAges();
    expect(ages.every((t, i) => i === 0 || t >= ages[i - 1]!)).toBe(true);
    expect(h.events.slice(mark).filter((e) => e.channel === 'floor:changed')).toHaveLength(0);
  });
});
