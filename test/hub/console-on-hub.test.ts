// Consoles on the floor hub (issue 18 points 3 and 4), each a real core on the simulator, the hub a real
// core publishing on a real nats-server started from deploy/nats-server.conf:
//   - a console on the hub shows the hub's picture and polls only its own extension from the PBX;
//   - the server killed: the console polls the PBX itself within two poll intervals and says so; the
//     server back: it returns to the hub; the abandoned list has every caller once across both moves;
//   - two consoles call back the same caller: one claim wins, the other is refused with the holder's name
//     and sees the claim; a record of one console's action is in the other's Activity (the floor's audit).
import { afterEach, describe, expect, it } from 'vitest';
import type { FloorState } from '../../common/contract';
import type { AbandonedCall, ActionOutcome, AuditRecord, FloorClaim } from '../../common/domain';
import type { BridgeResult } from '../../common/contract';
import type { Harness } from '../core/core-harness';
import { hubOf, INTERVAL_MS, startTestFloor, type TestFloor } from './floor';

let floor: TestFloor | null = null;

afterEach(async () => {
  await floor?.stop();
  floor = null;
});

async function startFloor(): Promise<void> {
  floor = await startTestFloor();
}

/** A console on floor A as sup-a, signed in to the hub's simulator with its own PBX session. */
const startConsole = (ownExtension: string): Promise<Harness> => floor!.startConsole(ownExtension);

const floorOf = async (c: Harness) => ((await c.core.invoke('floor:get', undefined)) as { data: FloorState }).data;
const agentIds = (s: FloorState) => s.snapshot.agents.map((a) => a.id).sort();
const abandonedIds = (c: Harness) => c.abandoned().map((a: AbandonedCall) => a.callId);
/** The floor paths the console asked the PBX for since `seq` (its own extension's are not floor paths). */
const floorRequests = (since: number) => floor!.hubCore.sim.control.requests(since)
  .filter((r) => /\/v3\/(monitor|agent\/live)/.test(r.path)).length;

describe('a console on the floor hub', () => {
  it('shows the hub\'s picture, falls back to its own polling within two intervals when the server dies, and returns', async () => {
    await startFloor();
    const c = await startConsole('900');
    await c.until(() => hubOf(c)?.source === 'hub', 'the console on the hub', 10_000);
    const hubState = await floorOf(floor!.hubCore);
    await c.until(() => c.of('floor:changed').length > 0, 'the hub\'s picture in the console', 10_000);
    expect(agentIds(await floorOf(c))).toEqual(agentIds(hubState));
    expect(hubOf(c)).toMatchObject({ floor: 'A', source: 'hub' });

    // While on the hub only the hub polls the floor: one console's worth of floor requests per interval.
    const seq = floor!.hubCore.sim.control.requests(0).at(-1)?.seq ?? 0;
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_MS));
    const perInterval = floorRequests(seq) / 3;
    expect(perInterval).toBeLessThanOrEqual(3 * 1.5); // the hub's three floor sources, not four or more

    // A caller abandons while on the hub.
    const first = floor!.hubCore.sim.control.addCaller({ queueId: 1 });
    floor!.hubCore.sim.control.abandonCaller(first.callId);
    await c.until(() => abandonedIds(c).includes(first.callId), 'the first abandon on the console', 10_000);

    // The server dies: the console polls the PBX itself within two poll intervals and says so.
    const killedAt = Date.now();
    await floor!.server.kill();
    await c.until(() => hubOf(c)?.source === 'own', 'the fall-back', 4 * INTERVAL_MS);
    const fellBackAt = Date.now();
    // The console's own floor requests (told from the hub's by the console's token, the one its own
    // extension's polls carry) reach the PBX within two intervals of the hub's silence.
    const auth = (path: string) => floor!.hubCore.sim.control.requests().find((r) => r.path === path)?.headers.authorization;
    const consoleToken = auth('/v3/extension/900/loggedin');
    expect(consoleToken).toBeDefined();
    const ownFloorPoll = () => floor!.hubCore.sim.control.requests().find((r) => r.at >= killedAt && r.path.startsWith('/v3/monitor') && r.headers.authorization === consoleToken);
    await c.until(() => ownFloorPoll() !== undefined, 'the console\'s own floor poll', 4 * INTERVAL_MS);
    expect(fellBackAt - killedAt).toBeLessThanOrEqual(2 * INTERVAL_MS);
    expect(ownFloorPoll()!.at - killedAt).toBeLessThanOrEqual(2 * INTERVAL_MS);
    // And its picture is its own polling's: its calls source live again.
    await c.until(() => (c.of('sources:changed').at(-1) ?? []).some((s) => s.id === 'calls' && s.state === 'live' && (s.lastGoodAt ?? 0) >= fellBackAt), 'the own calls answered', 10_000);

    // A caller abandons while the hub is away: the console sees it by itself.
    const second = floor!.hubCore.sim.control.addCaller({ queueId: 1 });
    floor!.hubCore.sim.control.abandonCaller(second.callId);
    await c.until(() => abandonedIds(c).includes(second.callId), 'the abandon seen in the fall-back', 10_000);

    // The server is back: the hub writes again, the console returns to it.
    await floor!.server.restart();
    await c.until(() => hubOf(c)?.source === 'hub', 'the return to the hub', 20_000);
    const third = floor!.hubCore.sim.control.addCaller({ queueId: 1 });
    floor!.hubCore.sim.control.abandonCaller(third.callId);
    await c.until(() => abandonedIds(c).includes(third.callId), 'the abandon after the return', 10_000);

    // Every caller once: no gap, no double, either way.
    const ids = abandonedIds(c).filter((id) => [first.callId, second.callId, third.callId].includes(id));
    expect(ids.sort()).toEqual([first.callId, second.callId, third.callId].sort());
    // The header's words follow the source (hub -> own -> hub), each move told once.
    const moves = c.of('session:changed').map((s) => s.hub?.source).filter((s, i, all) => s && s !== all[i - 1]);
    expect(moves).toEqual(['hub', 'own', 'hub']);
  }, 60_000);

  it('gives one screen the call-back claim, refuses the other with the holder\'s name, and shares the audit', async () => {
    await startFloor();
    const a = await startConsole('900');
    const b = await startConsole('901');
    await a.until(() => hubOf(a)?.source === 'hub', 'console a on the hub', 10_000);
    await b.until(() => hubOf(b)?.source === 'hub', 'console b on the hub', 10_000);
    const caller = floor!.hubCore.sim.control.addCaller({ queueId: 1, number: '0912345678' });
    floor!.hubCore.sim.control.abandonCaller(caller.callId);
    await a.until(() => abandonedIds(a).includes(caller.callId), 'the abandon on a', 10_000);
    await b.until(() => abandonedIds(b).includes(caller.callId), 'the abandon on b', 10_000);
    const id = a.abandoned().find((x) => x.callId === caller.callId)!.id;

    const won = (await a.core.invoke('abandoned:call-back', { id })) as BridgeResult<ActionOutcome>;
    expect(won.ok).toBe(true);
    const lost = (await b.core.invoke('abandoned:call-back', { id })) as BridgeResult<ActionOutcome>;
    expect(lost).toMatchObject({ ok: false, error: { code: 'CLAIMED', message: expect.stringMatching(/\(ext 900\) is calling this caller back/) } });
    // b sees who holds it (within a second: the watch).
    await b.until(() => (b.of('claims:changed').at(-1) ?? []).some((x: FloorClaim) => x.callId === id && x.by.extension === '900'), 'the claim on b', 2000);

    // a's call-back is in b's Activity: the floor's audit.
    const deadline = Date.now() + 5000;
    let records: AuditRecord[] = [];
    while (Date.now() < deadline) {
      records = ((await b.core.invoke('audit:list', { limit: 100 })) as { data: AuditRecord[] }).data;
      if (records.some((r) => r.kind === 'call-back' && r.target === id && r.ok)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(records.some((r) => r.kind === 'call-back' && r.target === id && r.ok)).toBe(true);
  }, 60_000);
});
