// An action that meets the PBX's expired token (issue 13, point 7), at the core's level over real HTTP: the
// POST is never replayed, the token is renewed, the answer says so ("press again", TOKEN_RENEWED, not "the
// PBX signed the console out"), the session stays connected with every source live, and pressing again at
// once goes through (no cooldown: nothing happened at the PBX).
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../common/domain';
import { startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('an action that meets 401', () => {
  it('is not replayed, renews the token, says "press again", and the session stays connected', async () => {
    // Polls a second apart, so the action (not a poll) is what meets the expired token first.
    h = await startHarness({ sim: { agents: 20 }, pollIntervalMs: 1000 });
    const x = h;
    await x.core.invoke('session:demo', undefined);
    const agent = x.sim.control.state().agents.find((a) => a.loggedIn && a.status === 'available' && a.callId === null)!;
    await x.until(() => x.of('floor:changed').some((c) => c.agents.upsert.some((a) => a.id === agent.uuid)), 'the agent');
    const sessionsBefore = x.of('session:changed').length;
    const pauses = () => x.sim.control.requests().filter((r) => r.method === 'POST' && r.path === '/v3/agent/pause').length;

    x.sim.control.expireTokens();
    const first = await x.core.invoke('agent:pause', { agentId: agent.uuid, reasonId: 'LUNCH' });
    expect(first).toMatchObject({ ok: false, error: { code: 'TOKEN_RENEWED', message: expect.stringContaining('press again') } });
    expect(pauses()).toBe(1);
    expect(x.sim.control.state().agents.find((a) => a.id === agent.id)?.status).toBe('available');

    // Pressed again at once: it goes (no cooldown), with the renewed token.
    const again = await x.core.invoke('agent:pause', { agentId: agent.uuid, reasonId: 'LUNCH' });
    expect(again).toMatchObject({ ok: true });
    expect(pauses()).toBe(2);
    expect(x.sim.control.state().agents.find((a) => a.id === agent.id)?.status).toBe('paused');

    // Still connected, never signed out, every source live.
    expect(x.of('session:changed').slice(sessionsBefore)).toEqual([]);
    const everState = x.of('sources:changed').flat().map((s: SourceStatus) => s.state);
    expect(everState).not.toContain('unauthorized');
    await x.until(() => (x.of('sources:changed').at(-1) ?? []).every((s) => s.state === 'live'), 'every source live');
    // The audit trail has both attempts: the refused one says why.
    const audit = (await x.core.invoke('audit:list', { limit: 10 })) as { ok: true; data: { ok: boolean; error: { code: string } | null }[] };
    expect(audit.data.slice(0, 2).map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'TOKEN_RENEWED']);
  });
});
