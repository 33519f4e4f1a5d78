// The core's session over real HTTP to the simulator: demo start, the floor reset and changes, requests
// validated against the contract, connecting (unknown system, bad credentials, remember), reconnecting at
// start with the remembered profile, settings at the core level, and no secret in any event.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FloorState } from '../../common/contract';
import type { ChangeSet, SessionStatus } from '../../common/domain';
import { startSimulator, type Simulator } from '../../main/simulator/index';
import { memorySecrets, memorySettings, startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
let extraSim: Simulator | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
  await extraSim?.close();
  extraSim = null;
});

const sessionStates = (x: Harness) => x.of('session:changed').map((s) => s.state);

describe('core session', () => {
  it('starts the demo when nothing is remembered, resets the floor, then streams changes', async () => {
    h = await startHarness({ sim: { agents: 30 } });
    await h.core.start();
    expect(sessionStates(h)).toEqual(['connecting', 'connected']);
    const session = h.of('session:changed').at(-1) as SessionStatus;
    expect(session).toMatchObject({ system: 'tel4vn', user: 'demo', demo: true, ownExtension: '900', error: null });
    expect(session.capabilities).toContain('call-actions');
    expect(h.of('floor:reset')).toHaveLength(1);
    await h.until(() => h!.of('floor:changed').some((c) => c.agents.upsert.length > 0), 'the first agents');

    const floor = (await h.core.invoke('floor:get', undefined)) as { ok: true; data: FloorState };
    const snapshot = floor.data.snapshot;
    const state = h.sim.control.state();
    expect(snapshot.agents.length).toBe(state.counts.loggedIn);
    await h.until(() => h!.of('sources:changed').some((list) => list.length === 5 && list.every((s) => s.state === 'live')), 'all sources live');
    // Change sets chain: each one's baseSeq is the previous seq.
    const changes = h.of('floor:changed') as ChangeSet[];
    changes.forEach((c, i) => expect(c.baseSeq).toBe(i === 0 ? 0 : changes[i - 1]!.seq));

    // A pause done at the PBX shows up as an agent-state event.
    const agent = state.agents.find((a) => a.loggedIn && a.status === 'available' && a.callId === null)!;
    h.sim.control.pauseAgent(agent.id, 'LUNCH');
    await h.until(
      () => h!.of('floor:events').flat().some((e) => e.type === 'agent-state' && e.agentId === agent.uuid && e.to === 'paused'),
      'the pause event',
    );
  });

  it('validates every request against the contract and names the failing field', async () => {
    h = await startHarness();
    expect(await h.core.invoke('call:act', { callId: 'a/b', action: 'listen' })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', field: 'callId' } });
    expect(await h.core.invoke('nope:nothing', {})).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(await h.core.invoke('settings:update', { pollIntervalSec: 0 })).toMatchObject({ ok: false, error: { field: 'pollIntervalSec' } });
    expect(await h.core.invoke('call:act', { callId: 'abc', action: 'listen' })).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
    expect(await h.core.invoke('app:info', undefined)).toEqual({
      ok: true, data: { host: 'web', version: '0.0.0-test', nativeNotifications: false, globalShortcuts: true, secretsEncrypted: true },
    });
    expect(await h.core.invoke('ui:set-selection', { panel: 'calls', id: 'c1' })).toEqual({ ok: true, data: null });
    expect(h.core.getSelection()).toEqual({ panel: 'calls', id: 'c1' });
  });

  it('refuses a system it does not know, and answers BAD_CREDENTIALS for a wrong password', async () => {
    h = await startHarness();
    const unknown = await h.core.invoke('session:connect', { system: 'asterisk', apiHost: h.sim.url, apiKey: 'k' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', field: 'system' } });
    const wrong = await h.core.invoke('session:connect', { system: 'tel4vn', apiHost: h.sim.url, username: 'demo', password: 'WRONG-pass-123' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    expect(sessionStates(h).at(-1)).toBe('error');
    expect(JSON.stringify(h.events)).not.toContain('WRONG-pass-123');
  });

  it('remembers the profile and secret when asked, and reconnects with them at the next start', async () => {
    const settings = memorySettings();
    const secrets = memorySecrets();
    h = await startHarness({ settings, secrets });
    const connected = await h.core.invoke('session:connect', {
      system: 'tel4vn', apiHost: h.sim.url, username: 'demo', password: 'demo', ownExtension: '900', timezone: 'Asia/Ho_Chi_Minh', remember: true,
    });
    expect(connected).toMatchObject({ ok: true, data: { state: 'connected', demo: false, ownExtension: '900' } });
    expect(secrets.values.get('password')).toBe('demo');
    expect(settings.value).toMatchObject({ version: 2, ownExtension: '900', profile: { system: 'tel4vn', username: 'demo', authMode: 'password' } });
    expect(JSON.stringify(settings.value)).not.toMatch(/"(password|apiKey|api_key|token)"\s*:/);
    const sim = h.sim;
    await h.core.stop();

    // A second core on the same stores (the next app start) reconnects to the same PBX, not the demo.
    extraSim = sim;
    h = await startHarness({ simulator: sim, settings, secrets });
    await h.core.start();
    expect(h.of('session:changed').at(-1)).toMatchObject({ state: 'connected', demo: false, apiHost: sim.url });

    // Without `remember`, the secret is forgotten.
    await h.core.invoke('session:connect', { system: 'tel4vn', apiHost: sim.url, username: 'demo', password: 'demo' });
    expect(secrets.values.size).toBe(0);
    expect(await h.core.invoke('session:disconnect', undefined)).toMatchObject({ ok: true, data: { state: 'disconnected' } });
  });

  it('retries a remembered PBX that is unreachable at start', async () => {
    const sim = await startSimulator({ autoRun: false });
    const url = sim.url;
    await sim.close();
    const settings = memorySettings({
      version: 2, profile: { system: 'tel4vn', apiHost: url, username: 'demo', timezone: 'Asia/Ho_Chi_Minh', ownExtension: '', authMode: 'password' },
    });
    const secrets = memorySecrets();
    secrets.values.set('password', 'demo');
    h = await startHarness({ settings, secrets });
    await h.core.start();
    expect(h.of('session:changed').at(-1)).toMatchObject({ state: 'error', error: { code: 'UNREACHABLE' } });
    // The first retry comes 2 s later: bring the PBX back on the same port meanwhile.
    extraSim = await startSimulator({ autoRun: false, port: Number(new URL(url).port) });
    await h.until(() => h!.of('session:changed').at(-1)?.state === 'connected', 'the retry', 4000);
  });

  it('reports stored settings that were invalid once, and applies settings updates', async () => {
    const settings = memorySettings({ pollInterval: 2, serviceLevelSec: 'twenty', theme: 'dark' });
    h = await startHarness({ settings });
    const session = (await h.core.invoke('session:get', undefined)) as { ok: true; data: SessionStatus };
    expect(session.data.error).toMatchObject({ code: 'SETTINGS_INVALID', message: expect.stringContaining('serviceLevelSec') });
    expect(await h.core.invoke('settings:get', undefined)).toMatchObject({ ok: true, data: { pollIntervalSec: 2, serviceLevelSec: 20, theme: 'dark' } });
    expect(settings.value).toMatchObject({ version: 2, pollIntervalSec: 2, serviceLevelSec: 20 });

    const updated = await h.core.invoke('settings:update', { serviceLevelSec: 30, locale: 'vi' });
    expect(updated).toMatchObject({ ok: true, data: { serviceLevelSec: 30, locale: 'vi' } });
    expect(h.of('settings:changed').at(-1)).toMatchObject({ serviceLevelSec: 30, locale: 'vi' });
    expect(await h.core.invoke('settings:update', { timezone: 'Nowhere/Land' })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', field: 'timezone' } });
  });

  it('turns an unexpected failure into INTERNAL with a safe message, and changes nothing', async () => {
    const settings = memorySettings();
    h = await startHarness({ settings });
    settings.write = () => {
      throw new Error('EROFS: read-only file system, open /secret/path/config.json');
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const result = await h.core.invoke('settings:update', { theme: 'dark' });
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.not.stringContaining('EROFS') } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('EROFS'));
    warn.mockRestore();
    expect(await h.core.invoke('settings:get', undefined)).toMatchObject({ ok: true, data: { theme: 'system' } });
  });

  it('applies a new poll interval at once', async () => {
    // No override here: the settings' interval (whole seconds) drives the pollers.
    h = await startHarness({ settings: memorySettings({ version: 2, pollIntervalSec: 15 }), deps: { pollIntervalMs: undefined } });
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.sim.control.requests().some((r) => r.path === '/v3/agent/live'), 'the first poll');
    const polls = () => h!.sim.control.requests().filter((r) => r.path === '/v3/agent/live').length;
    await h.core.invoke('settings:update', { pollIntervalSec: 1 });
    await h.until(() => polls() >= 2, 'a poll at the new 1 s cadence', 2000);
  });
});

describe('secrets', () => {
  it('never puts the password, api_key or token in an event, a response or the audit log', async () => {
    const password = 'S3cret-Passw0rd!';
    const apiKey = 'k3y-9f8e7d6c5b4a';
    const sim = await startSimulator({ autoRun: false, agents: 20, credentials: { username: 'boss', password, apiKey } });
    extraSim = sim;
    h = await startHarness({ simulator: sim });
    const responses: unknown[] = [];
    const ask = async (channel: string, payload?: unknown) => {
      const r = await h!.core.invoke(channel, payload);
      responses.push(r);
      return r;
    };
    await ask('session:connect', { system: 'tel4vn', apiHost: sim.url, username: 'boss', password, ownExtension: '900', remember: true });
    await h.until(() => h!.of('floor:changed').length > 0, 'data');
    const call = sim.control.state().calls.find((c) => c.state === 'oncall')!;
    await h.until(() => h!.of('floor:changed').some((c) => c.calls.upsert.some((x) => x.id === call.id)), 'the call');
    await ask('call:act', { callId: call.id, action: 'barge' });
    sim.control.expireTokens();
    const mark = h.events.length;
    await ask('session:connect', { system: 'tel4vn', apiHost: sim.url, apiKey });
    await h.until(() => h!.events.slice(mark).some((e) => e.channel === 'floor:changed'), 'data of the api_key session');
    await ask('session:connect', { system: 'tel4vn', apiHost: sim.url, username: 'boss', password: 'wrong-Passw0rd!' });
    await ask('floor:get');
    await ask('session:get');
    await ask('audit:list', { limit: 100 });

    // The tokens the PBX issued during the session, read from its request log.
    const tokens = new Set(sim.control.requests().map((r) => String(r.headers.authorization ?? '').replace(/^Bearer /, '')).filter((t) => t.length > 8));
    expect(tokens.size).toBeGreaterThan(0);
    const text = JSON.stringify(h.events) + JSON.stringify(responses);
    for (const secret of [password, apiKey, 'wrong-Passw0rd!', ...tokens]) expect(text).not.toContain(secret);
    expect(h.events.length).toBeGreaterThan(5);
  });
});
