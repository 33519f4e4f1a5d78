// The supervisor's own phone through the core against the simulator (issue 14 points 1, 7, 11): the
// monitoring session starts with a successful listen / whisper / barge, is shown with its call and mode,
// refuses another leg with the reason (nothing sent), and ends when the supervisor hangs up (the leg, once
// seen, is gone), when the monitored call ends, or when the own extension unregisters. A call-back is the
// supervisor's own leg, never a floor call. TEL4VN rows as the simulator sends them (seed 003 shapes).
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeResult, FloorState } from '../../common/contract';
import type { AbandonedCall, OwnPhone, Snapshot } from '../../common/domain';
import { startHarness, type Harness } from './core-harness';

let h: Harness;

afterEach(async () => {
  await h?.close();
});

async function start(pollIntervalMs = 50): Promise<void> {
  h = await startHarness({ sim: { agents: 20, seed: 5 }, pollIntervalMs });
  await h.core.invoke('session:demo', undefined);
  await h.until(() => h.of('floor:changed').some((c) => c.calls.upsert.length > 0), 'the first calls');
}

const phone = (): OwnPhone => h.of('phone:changed').at(-1)!;
const posts = (route: string) => h.sim.control.requests().filter((r) => r.method === 'POST' && r.path.includes(route));

async function snapshot(): Promise<Snapshot> {
  const r = (await h.core.invoke('floor:get', undefined)) as BridgeResult<FloorState>;
  if (!r.ok) throw new Error(r.error.message);
  return r.data.snapshot;
}

/** Two answered calls on agents' extensions, as the console shows them. */
async function twoCalls(): Promise<{ id: string; ext: string; agentName: string }[]> {
  const calls = (await snapshot()).calls.filter((c) => c.state === 'on-call');
  expect(calls.length).toBeGreaterThanOrEqual(2);
  return calls.slice(0, 2).map((c) => ({ id: c.id, ext: c.extension, agentName: c.agentName }));
}

describe('the monitoring session (core + simulator)', () => {
  it('starts with a listen, refuses a second leg with the reason, ends when the supervisor hangs up, then barge works', async () => {
    await start();
    const [first, second] = await twoCalls();
    expect(phone()).toMatchObject({ extension: '900', monitoring: null, legs: [], busy: false });
    await h.until(() => phone().registration === 'registered', 'the phone registered');

    expect(await h.core.invoke('call:act', { callId: first!.id, action: 'listen' })).toMatchObject({ ok: true });
    expect(phone().monitoring).toMatchObject({ callId: first!.id, mode: 'listen', agentName: first!.agentName, agentExtension: first!.ext });
    // The PBX lists the supervisor's leg (a row on 900 with the call's call_id): seen, the phone is busy.
    await h.until(() => phone().monitoring?.legSeen === true, 'the monitoring leg seen');
    expect(phone().busy).toBe(true);
    // The leg is not a floor call of its own, and the monitored call stays the agent's.
    const s = await snapshot();
    expect(s.calls.filter((c) => c.id === first!.id)).toHaveLength(1);
    expect(s.calls.find((c) => c.id === first!.id)?.extension).toBe(first!.ext);
    expect(s.calls.some((c) => c.extension === '900' || c.id.startsWith('own:'))).toBe(false);

    // Whisper, barge or listen again: refused here, with the call and what to do, and never sent.
    const before = posts('/v2/call/').length;
    for (const action of ['whisper', 'barge', 'listen'] as const) {
      const refused = await h.core.invoke('call:act', { callId: second!.id, action });
      expect(refused).toMatchObject({ ok: false, error: { code: 'OWN_PHONE_BUSY' } });
      const message = (refused as { error: { message: string } }).error.message;
      expect(message).toContain('Your phone (900) is listening to');
      expect(message).toContain(first!.agentName);
      expect(message).toContain('hang up your phone first');
    }
    expect(posts('/v2/call/')).toHaveLength(before);

    // The supervisor hangs up (the control endpoint a test or the demo uses): the leg goes, the session ends.
    const res = await fetch(`${h.sim.url}/_sim/extensions/900/hangup`, { method: 'POST' });
    expect(res.status).toBe(200);
    await h.until(() => phone().monitoring === null, 'the session ended');
    expect(phone()).toMatchObject({ busy: false, ended: { callId: first!.id, mode: 'listen', reason: 'hung-up' } });
    expect(h.sim.control.state().calls.find((c) => c.id === first!.id)?.monitors).toEqual([]); // the call goes on

    expect(await h.core.invoke('call:act', { callId: second!.id, action: 'barge' })).toMatchObject({ ok: true });
    expect(phone().monitoring).toMatchObject({ callId: second!.id, mode: 'barge' });
    expect(h.sim.control.state().monitors).toEqual([expect.objectContaining({ callId: second!.id, ext: '900', mode: 'barge' })]);
  });

  it('ends when the monitored call ends', async () => {
    await start();
    const [first] = await twoCalls();
    await h.core.invoke('call:act', { callId: first!.id, action: 'whisper' });
    await h.until(() => phone().monitoring?.legSeen === true, 'the leg seen');
    h.sim.control.hangupCall(first!.id);
    await h.until(() => phone().monitoring === null, 'the session ended with the call');
    expect(phone()).toMatchObject({ busy: false, ended: { callId: first!.id, mode: 'whisper', reason: 'call-ended' } });
  });

  it('ends when the own extension unregisters, and says the phone is not registered', async () => {
    await start();
    const [first] = await twoCalls();
    await h.core.invoke('call:act', { callId: first!.id, action: 'listen' });
    expect(phone().monitoring).not.toBeNull();
    h.sim.control.setRegistered('900', false);
    await h.until(() => phone().registration === 'not-registered', 'not registered');
    expect(phone()).toMatchObject({ monitoring: null, ended: { callId: first!.id, reason: 'unregistered' } });
    h.sim.control.setRegistered('900', true);
    await h.until(() => phone().registration === 'registered', 'registered again');
  });

  it('the demo hangs the phone up itself', async () => {
    await start();
    const [first] = await twoCalls();
    await h.core.invoke('call:act', { callId: first!.id, action: 'listen' });
    const r = await h.core.invoke('phone:demo-hang-up', undefined);
    expect(r).toMatchObject({ ok: true, data: { monitoring: null, busy: false } });
    expect(h.sim.control.state().monitors).toEqual([]);
    expect(await h.core.invoke('phone:get', undefined)).toMatchObject({ ok: true, data: { monitoring: null } });
  });

  it("turns the PBX's USER_BUSY for the own phone into the reason when the console had not seen the leg yet", async () => {
    await start(2000); // slow polls: the second request goes before any answer lists the first leg
    const [first, second] = await twoCalls();
    expect(await h.core.invoke('call:act', { callId: first!.id, action: 'listen' })).toMatchObject({ ok: true });
    const refused = await h.core.invoke('call:act', { callId: second!.id, action: 'barge' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'OWN_PHONE_BUSY', pbxMessage: expect.stringContaining('USER_BUSY') } });
    expect((refused as { error: { message: string } }).error.message).toContain('hang up your phone first');
  });
});

describe("the supervisor's own legs", () => {
  it('a call-back rings the own phone as its own leg, never a floor call, and the phone is busy meanwhile', async () => {
    await start();
    const { callId } = h.sim.control.addCaller({ number: '0987654321' });
    h.sim.control.abandonCaller(callId);
    await h.until(() => h.abandoned().some((c) => c.callId === callId), 'the abandoned call');
    const record = h.abandoned().find((c) => c.callId === callId) as AbandonedCall;
    expect(await h.core.invoke('abandoned:call-back', { id: record.id })).toMatchObject({ ok: true });
    await h.until(() => phone().legs.length === 1, 'the call-back leg');
    expect(phone().legs[0]).toMatchObject({ number: '0987654321', direction: 'outbound' });
    expect(phone().busy).toBe(true);
    const leg = phone().legs[0]!.callId;
    expect((await snapshot()).calls.some((c) => c.id === leg || c.extension === '900')).toBe(false);
    const [first] = await twoCalls();
    expect(await h.core.invoke('call:act', { callId: first!.id, action: 'listen' })).toMatchObject({
      ok: false, error: { code: 'OWN_PHONE_BUSY', message: expect.stringContaining('on a call with 0987654321') },
    });
    h.sim.control.hangupExtension('900');
    await h.until(() => phone().legs.length === 0, 'the call-back over');
    expect(phone().busy).toBe(false);
  });
});
