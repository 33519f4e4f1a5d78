// Actions through the core against the simulator: the guard lets an auto-repeating key through once,
// every attempt past the guard is audited (read back from the real file), the checks before it refuse
// clearly, agents are paused and resumed, abandoned callers are called back and marked handled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AbandonedCall, AuditRecord } from '../../common/domain';
import { startHarness, type Harness } from './core-harness';

let h: Harness;

beforeEach(async () => {
  h = await startHarness({ sim: { agents: 20 } });
  await h.core.invoke('session:demo', undefined);
  await h.until(() => h.of('floor:changed').some((c) => c.calls.upsert.length > 0), 'the first calls');
});
afterEach(async () => {
  await h.close();
});

/** A live call the core has in its picture. */
function liveCall(skip: string[] = []): string {
  const id = h.sim.control.state().calls.find((c) => c.state === 'oncall' && !skip.includes(c.id))?.id;
  if (!id) throw new Error('no live call in the simulator');
  return id;
}
const posts = (suffix: string) => h.sim.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith(suffix));
const auditFile = (): AuditRecord[] =>
  readFileSync(join(h.dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditRecord);

describe('core actions', () => {
  it('lets a key held down (30 presses in under a second) reach the PBX exactly once', async () => {
    const callId = liveCall();
    const results = [];
    for (let i = 0; i < 30; i++) {
      results.push(h.core.invoke('call:act', { callId, action: 'listen' }, 'global-shortcut'));
      await new Promise((r) => setTimeout(r, 25));
    }
    const settled = await Promise.all(results);
    expect(settled.filter((r) => r.ok)).toHaveLength(1);
    const refused = settled.filter((r) => !r.ok).map((r) => (r as { error: { code: string } }).error.code);
    expect(refused).toHaveLength(29);
    expect(refused.every((code) => code === 'ACTION_IN_FLIGHT' || code === 'COOLDOWN')).toBe(true);
    expect(posts(`/v2/call/${callId}/listen`)).toHaveLength(1);
    expect(h.sim.control.state().monitors).toContainEqual(expect.objectContaining({ callId, ext: '900', mode: 'listen' }));
    // One audit record, and one action:done for the shortcut (the refused repeats are not news).
    expect(auditFile()).toEqual([expect.objectContaining({ kind: 'listen', target: callId, detail: '900', ok: true, origin: 'global-shortcut', user: 'demo' })]);
    expect(h.of('action:done')).toEqual([{ kind: 'listen', target: callId, result: settled.find((r) => r.ok) }]);
  });

  it("gives the global shortcuts the call of a selected agent, and a selected call as is", async () => {
    const callId = liveCall();
    const ext = h.sim.control.state().calls.find((c) => c.id === callId)!.ext;
    const agentId = h.sim.control.state().agents.find((a) => a.extension === ext)!.uuid;
    await h.until(() => h.of('floor:changed').some((c) => c.agents.upsert.some((a) => a.id === agentId && a.callId === callId)), 'the agent on the call');
    await h.core.invoke('ui:set-selection', { panel: 'agents', id: agentId });
    expect(h.core.getSelection()).toEqual({ panel: 'calls', id: callId });
    const idle = h.sim.control.state().agents.find((a) => a.loggedIn && !h.sim.control.state().calls.some((c) => c.ext === a.extension))!;
    await h.core.invoke('ui:set-selection', { panel: 'agents', id: idle.uuid });
    expect(h.core.getSelection()).toEqual({ panel: 'agents', id: idle.uuid });
    await h.core.invoke('ui:set-selection', { panel: 'calls', id: callId });
    expect(h.core.getSelection()).toEqual({ panel: 'calls', id: callId });
  });

  it('audits successes and failures, and lists them newest first from the file', async () => {
    const first = liveCall();
    // Who and what the floor showed before the transfer moved the call.
    const simCall = (id: string) => h.sim.control.state().calls.find((c) => c.id === id)!;
    const agentOf = (id: string) => h.sim.control.state().agents.find((a) => a.extension === simCall(id).ext)!;
    const before = { agentName: agentOf(first).name, extension: simCall(first).ext, number: simCall(first).customerNumber };
    expect(await h.core.invoke('call:act', { callId: first, action: 'transfer', target: '101' })).toMatchObject({ ok: expect.any(Boolean) });
    // The PBX refuses a barge the console had every reason to send (900 registered as far as it knows),
    // answering 200 with its own failure words as the simulator's unregistered path does. Scripted as a
    // one-off answer rather than by unregistering 900: with a 50 ms own-extension poll the console may see
    // the change first on a loaded machine and (rightly) refuse without a POST.
    const second = liveCall([first]);
    h.sim.control.addFault({ route: `/v2/call/${second}/barge`, kind: 'body', shape: 'status-fail', message: 'USER_NOT_REGISTERED', times: 1 });
    const refusedByPbx = await h.core.invoke('call:act', { callId: second, action: 'barge' });
    expect(refusedByPbx).toMatchObject({ ok: false, error: { code: 'USER_NOT_REGISTERED', pbxMessage: expect.stringContaining('USER_NOT_REGISTERED') } });
    expect(posts(`/v2/call/${second}/barge`)).toHaveLength(1);

    // Once the poll has seen 900 unregistered, the core checks first and refuses without a POST.
    const polls = (): number => h.sim.control.requests().filter((r) => r.path === '/v3/extension/900/loggedin').length;
    const pollsBefore = polls();
    h.sim.control.setRegistered('900', false);
    await h.until(() => polls() >= pollsBefore + 2, 'the own-extension poll to see 900 unregistered');
    const third = liveCall([first, second]);
    const unregistered = await h.core.invoke('call:act', { callId: third, action: 'barge' });
    expect(unregistered).toEqual({
      ok: false, error: { code: 'USER_NOT_REGISTERED', message: 'Your extension 900 is not registered: log in your softphone first.', party: 'own', extension: '900' },
    });
    expect(posts(`/v2/call/${third}/barge`)).toHaveLength(0);

    const records = auditFile();
    expect(records).toHaveLength(3);
    expect(records[2]).toMatchObject({ kind: 'barge', target: third, ok: false, error: { code: 'USER_NOT_REGISTERED' }, origin: 'renderer', system: 'tel4vn' });
    expect(records[1]).toMatchObject({ kind: 'barge', target: second, ok: false, error: { code: 'USER_NOT_REGISTERED' } });
    expect(records[0]).toMatchObject({ kind: 'transfer', target: first, detail: '101' });
    // Each record names the people and the number, as the floor showed them, not only the call's id.
    expect(records[0]?.subject).toEqual({ ...before, toExtension: '101' });
    expect(records[2]?.subject).toEqual({ agentName: agentOf(third).name, extension: simCall(third).ext, number: simCall(third).customerNumber });
    const listed = await h.core.invoke('audit:list', { limit: 10 });
    expect(listed).toEqual({ ok: true, data: [records[2], records[1], records[0]] });
    // Refused before the guard: not sent, not audited.
    expect(await h.core.invoke('call:act', { callId: 'no-such-call', action: 'listen' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(auditFile()).toHaveLength(3);
  });

  it('refuses listen without an own extension, and reports a PBX refusal in its own words', async () => {
    const before = h.of('floor:changed').length;
    await h.core.invoke('session:connect', { system: 'tel4vn', apiHost: h.sim.url, username: 'demo', password: 'demo' });
    // A call the new session's picture holds (not only the simulator: counting the demo's change sets too
    // let a loaded run ask about a call the new picture did not have yet, UNKNOWN_CALL).
    const inNewPicture = (id: string) => h.of('floor:changed').slice(before).some((c) => c.calls.upsert.some((call) => call.id === id));
    await h.until(() => h.sim.control.state().calls.some((c) => c.state === 'oncall' && inNewPicture(c.id)), 'a live call in the new session');
    const callId = h.sim.control.state().calls.find((c) => c.state === 'oncall' && inNewPicture(c.id))!.id;
    expect(await h.core.invoke('call:act', { callId, action: 'whisper' })).toMatchObject({ ok: false, error: { code: 'OWN_EXTENSION_NOT_SET' } });
    const busyTarget = h.sim.control.state().calls.find((c) => c.id !== callId && c.state === 'oncall')!.ext;
    const refused = await h.core.invoke('call:act', { callId, action: 'transfer', target: busyTarget });
    // The busy party is the target, not the supervisor's phone; the PBX's words are kept.
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'USER_BUSY', pbxMessage: 'USER_BUSY', party: 'target', extension: busyTarget, message: `Extension ${busyTarget} is busy on another call.` },
    });
    expect(auditFile().at(-1)).toMatchObject({ kind: 'transfer', ok: false, detail: busyTarget, error: { code: 'USER_BUSY' } });
  });

  it('pauses and resumes an agent looked up in the picture; an unknown agent is NOT_FOUND', async () => {
    const agent = h.sim.control.state().agents.find((a) => a.loggedIn && a.status === 'available' && a.callId === null)!;
    await h.until(() => h.of('floor:changed').some((c) => c.agents.upsert.some((a) => a.id === agent.uuid)), 'the agent');
    expect(await h.core.invoke('agent:pause', { agentId: agent.uuid, reasonId: 'LUNCH' })).toMatchObject({ ok: true, data: { kind: 'pause', target: agent.uuid } });
    expect(h.sim.control.state().agents.find((a) => a.id === agent.id)).toMatchObject({ status: 'paused', pauseCode: 'LUNCH' });
    expect(await h.core.invoke('agent:resume', { agentId: agent.uuid })).toMatchObject({ ok: true });
    expect(h.sim.control.state().agents.find((a) => a.id === agent.id)?.status).toBe('available');
    expect(await h.core.invoke('agent:pause', { agentId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await h.core.invoke('agent:logoff', { agentId: agent.uuid })).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
    expect(await h.core.invoke('agent:pause-reasons', { agentId: agent.uuid })).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
  });

  it('calls an abandoned caller back from the own extension and marks every record of that caller', async () => {
    // The same caller hung up twice (two records), another caller once.
    const visits = ['0987654321', '0912000111', '0987654321'].map((number) => {
      const { callId } = h.sim.control.addCaller({ number });
      h.sim.control.abandonCaller(callId);
      return callId;
    });
    await h.until(() => visits.every((id) => h.abandoned().some((c) => c.callId === id)), 'the abandoned calls');
    const recordOf = (callId: string) => h.abandoned().find((c) => c.callId === callId) as AbandonedCall;
    const [earlier, other, record] = visits.map((id) => recordOf(id)) as [AbandonedCall, AbandonedCall, AbandonedCall];
    const callId = visits[2]!;
    const result = await h.core.invoke('abandoned:call-back', { id: record.id }, 'notification');
    expect(result).toMatchObject({ ok: true, data: { kind: 'call-back', target: record.id } });
    expect(posts('/v2/click2call')).toHaveLength(1);
    expect(posts('/v2/click2call')[0]?.body).toMatchObject({ mobile: '0987654321' });
    // One call-back reaches the caller: both of that number's records are called back, the other caller's not.
    expect(recordOf(callId).calledBackAt).toEqual(expect.any(Number));
    expect(recordOf(earlier.callId).calledBackAt).toBe(recordOf(callId).calledBackAt);
    expect(recordOf(other.callId).calledBackAt).toBeNull();
    expect(h.of('action:done').at(-1)).toMatchObject({ kind: 'call-back', target: record.id, result: { ok: true } });
    expect(auditFile().at(-1)).toMatchObject({ kind: 'call-back', subject: { agentName: null, extension: '900', number: '0987654321' } });

    // Handled is about the caller too; the undo gives back exactly what the mark changed.
    const handled = await h.core.invoke('abandoned:mark-handled', { id: record.id });
    expect(handled).toMatchObject({ ok: true });
    const marked = (handled as { data: AbandonedCall[] }).data;
    expect(marked.map((c) => c.id).sort()).toEqual([earlier.id, record.id].sort());
    expect(marked.every((c) => c.handled)).toBe(true);
    expect(recordOf(other.callId).handled).toBe(false);
    const undone = await h.core.invoke('abandoned:unmark-handled', { ids: marked.map((c) => c.id) });
    expect(undone).toMatchObject({ ok: true, data: [expect.objectContaining({ handled: false }), expect.objectContaining({ handled: false })] });
    expect([earlier, record].map((c) => recordOf(c.callId).handled)).toEqual([false, false]);
    expect(await h.core.invoke('abandoned:mark-handled', { id: 'nope:1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
