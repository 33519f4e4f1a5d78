// Faults on the token endpoint keep the session (issue 13, point 2), at the core's level over real HTTP: while
// the PBX's token has expired and POST /v2/auth/token answers a server error in any shape (HTTP 200 with
// {"code": 500, ...}, with {"status": "fail", ...} or {"error": ...}, a 503, a reset socket, no answer in
// time), the console stays connected, the sources go stale with their rows kept, and everything is live
// again once the PBX answers. Only a real refusal of the credentials signs it out. At login, a PBX in trouble
// is retried by itself until it answers.
import { afterEach, describe, expect, it } from 'vitest';
import type { FloorState } from '../../common/contract';
import type { SessionStatus, SourceStatus } from '../../common/domain';
import type { FaultSpec } from '../../main/simulator/index';
import { startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const floorOf = async (x: Harness) => ((await x.core.invoke('floor:get', undefined)) as { ok: true; data: FloorState }).data;
const lastSources = (x: Harness): SourceStatus[] => x.of('sources:changed').at(-1) ?? [];
const allLive = (x: Harness): boolean => lastSources(x).length > 0 && lastSources(x).every((s) => s.state === 'live');

const TOKEN_FAULTS: { name: string; fault: Omit<FaultSpec, 'route'> }[] = [
  { name: '200 {"code": 500, "content": "Lỗi hệ thống"}', fault: { kind: 'body', shape: 'code-content' } },
  { name: '200 {"status": "fail", "error": "database timeout"}', fault: { kind: 'body', shape: 'status-fail' } },
  { name: '200 {"error": "database timeout"}', fault: { kind: 'body', shape: 'error' } },
  { name: 'HTTP 503', fault: { kind: 'status', status: 503 } },
  { name: 'HTTP 502 from the proxy (HTML)', fault: { kind: 'status', status: 502 } },
  { name: 'a reset socket', fault: { kind: 'reset' } },
  { name: 'no answer in time', fault: { kind: 'delay', delayMs: 1500 } },
];

describe('the token endpoint in trouble while the token expires', () => {
  it.each(TOKEN_FAULTS)('keeps the session through $name and is live again when the PBX answers', async ({ fault }) => {
    h = await startHarness({ sim: { agents: 20 }, deps: { requestTimeoutMs: 600 } });
    const x = h;
    await x.core.invoke('session:demo', undefined);
    await x.until(() => allLive(x) && x.of('floor:changed').some((c) => c.agents.upsert.length > 0), 'a live floor');
    const agents = (await floorOf(x)).snapshot.agents.length;
    const mark = x.events.length;

    x.sim.control.addFault({ route: '/v2/auth/token', ...fault });
    x.sim.control.expireTokens();
    await x.until(() => lastSources(x).filter((s) => s.state !== 'live').length >= 3, 'the sources to go stale');
    // A few failed renewals more: still signed in, the rows still there.
    await new Promise((r) => setTimeout(r, 800));
    expect(lastSources(x).map((s) => s.state)).not.toContain('unauthorized');
    expect((await floorOf(x)).snapshot.agents).toHaveLength(agents);
    const sessions = x.events.slice(mark).filter((e) => e.channel === 'session:changed').map((e) => (e.payload as SessionStatus).state);
    expect(sessions).toEqual([]);

    x.sim.control.clearFaults();
    await x.until(allLive.bind(null, x), 'every source live again', 5000);
    expect((await floorOf(x)).snapshot.agents).toHaveLength(agents);
    expect(x.of('session:changed').at(-1)?.state).toBe('connected');
  });

  it('still ends the session on a real refusal of the credentials', async () => {
    h = await startHarness({ sim: { agents: 20 } });
    const x = h;
    await x.core.invoke('session:demo', undefined);
    await x.until(() => allLive(x), 'a live floor');
    // The saved password no longer works, and the api_key is refused: the PBX has revoked the account.
    x.sim.control.addFault({ route: '/v2/auth/token', kind: 'status', status: 401 });
    x.sim.control.addFault({ route: '/v1/auth', kind: 'status', status: 401 });
    x.sim.control.expireTokens();
    await x.until(() => x.of('session:changed').at(-1)?.state === 'unauthorized', 'the session to end');
    expect(x.of('session:changed').at(-1)?.error).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('logging in while the PBX is in trouble', () => {
  it('is not "the PBX refused the API key": it says what the PBX said and connects by itself once it answers', async () => {
    h = await startHarness({ sim: { agents: 20 } });
    const x = h;
    x.sim.control.addFault({ route: '/v2/auth/token', kind: 'body', shape: 'code-content' });
    const first = await x.core.invoke('session:connect', { system: 'tel4vn', apiHost: x.sim.url, apiKey: 'demo-key' });
    expect(first).toMatchObject({ ok: false, error: { code: 'HTTP_ERROR', pbxMessage: expect.stringContaining('Lỗi hệ thống') } });
    const failed = x.of('session:changed').at(-1)!;
    expect(failed).toMatchObject({ state: 'error', retryAt: expect.any(Number) });
    // Tried again by itself, staying in `error` between attempts (no flash of the console).
    const posts = () => x.sim.control.requests().filter((r) => r.path === '/v2/auth/token').length;
    await x.until(() => posts() >= 2, 'a second attempt', 4000);
    expect(x.of('session:changed').slice(1).map((s) => s.state)).not.toContain('connecting');

    x.sim.control.clearFaults();
    await x.until(() => x.of('session:changed').at(-1)?.state === 'connected', 'connected by itself', 8000);
    await x.until(() => allLive(x), 'a live floor');
  });

  it('still refuses a wrong API key at once, and does not try again', async () => {
    h = await startHarness({ sim: { agents: 20 } });
    const x = h;
    const wrong = await x.core.invoke('session:connect', { system: 'tel4vn', apiHost: x.sim.url, apiKey: 'not-the-key' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    expect(x.of('session:changed').at(-1)?.retryAt).toBeUndefined();
    // The words of a refusal inside HTTP 200 are a refusal too.
    x.sim.control.addFault({ route: '/v2/auth/token', kind: 'body', shape: 'error', message: 'api_key is invalid' });
    const refused = await x.core.invoke('session:connect', { system: 'tel4vn', apiHost: x.sim.url, apiKey: 'demo-key' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS', pbxMessage: 'api_key is invalid' } });
    expect(x.of('session:changed').at(-1)?.retryAt).toBeUndefined();
  });
});
