// Auth (401s, bad credentials, token expiry) and every injected fault kind, over real HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTokenStore } from '../../main/simulator/tokens';
import { getToken, startClient, type Client } from './helpers';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sim.close());
afterEach(async () => {
  c.sim.control.clearFaults();
  c.token = await getToken(c.sim.url);
});

const UNAUTHORIZED = { status: 401, body: { code: 401, content: 'token is invalid or expired' } };

describe('auth', () => {
  it('bad credentials and a bad api_key are 401 {code, content}; missing fields are 400', async () => {
    const bad = await c.post('/v1/auth', { username: 'demo', password: 'wrong' });
    expect(bad).toMatchObject({ status: 401, body: { code: 401, content: expect.any(String) } });
    const key = await c.post('/v2/auth/token', { api_key: 'nope' });
    expect(key).toMatchObject({ status: 401, body: { code: 401, content: expect.any(String) } });
    expect((await c.post('/v1/auth', {})).status).toBe(400);
  });

  it('every other route needs a valid Bearer token', async () => {
    const good = c.token;
    c.token = '';
    expect(await c.get('/v3/monitor')).toMatchObject(UNAUTHORIZED);
    c.token = 'not-a-token';
    expect(await c.get('/v3/agent/live')).toMatchObject(UNAUTHORIZED);
    expect(await c.post('/v2/call/x/barge', { ext: '900' })).toMatchObject(UNAUTHORIZED);
    c.token = good;
    expect((await c.get('/v3/agent/live')).status).toBe(200);
  });

  it('control.expireTokens() expires every token issued so far; a new one works', async () => {
    const old = c.token;
    c.sim.control.expireTokens();
    expect(await c.get('/v3/monitor')).toMatchObject(UNAUTHORIZED);
    c.token = await getToken(c.sim.url);
    expect(c.token).not.toBe(old);
    expect((await c.get('/v3/monitor')).status).toBe(200);
  });

  it('POST /_sim/tokens/expire does the same over HTTP', async () => {
    expect((await fetch(`${c.sim.url}/_sim/tokens/expire`, { method: 'POST' })).status).toBe(200);
    expect(await c.get('/v3/monitor')).toMatchObject(UNAUTHORIZED);
  });

  it('a token is valid for tokenLifetimeSec, then expires (token store on a fake clock)', () => {
    let now = 1_000_000;
    const store = createTokenStore(2, () => now);
    const { token, expiresInSec } = store.issue();
    expect(expiresInSec).toBe(2);
    expect(store.valid(token)).toBe(true);
    now += 1999;
    expect(store.valid(token)).toBe(true);
    now += 1;
    expect(store.valid(token)).toBe(false);
    expect(store.valid(undefined)).toBe(false);
  });

  it('over HTTP, expired_in is tokenLifetimeSec and the token is refused once it has passed', async () => {
    const short = await startClient({ tokenLifetimeSec: 0.2 });
    try {
      const res = await short.post('/v2/auth/token', { api_key: 'demo-key' });
      expect((res.body as { data: { expired_in: number } }).data.expired_in).toBe(0.2);
      short.token = (res.body as { data: { token: string } }).data.token;
      await new Promise((r) => setTimeout(r, 250));
      expect(await short.get('/v3/monitor')).toMatchObject(UNAUTHORIZED);
    } finally {
      await short.sim.close();
    }
  });
});

describe('faults', () => {
  it("'status' answers that status with a plausible body, for `times` requests only", async () => {
    c.sim.control.addFault({ route: '/v3/monitor', kind: 'status', status: 503, times: 1 });
    expect(await c.get('/v3/monitor')).toMatchObject({ status: 503, body: { code: 503, content: 'service unavailable' } });
    expect((await c.get('/v3/monitor')).status).toBe(200);
    c.sim.control.addFault({ route: '/v3/monitor', kind: 'status', status: 502 });
    const gw = await c.get('/v3/monitor');
    expect(gw.status).toBe(502);
    expect(gw.text).toContain('<title>502 Bad Gateway</title>');
    expect((await c.get('/v3/monitor')).status).toBe(502);
  });

  it("'delay' waits then answers normally", async () => {
    c.sim.control.addFault({ route: '/v3/agent/live', kind: 'delay', delayMs: 150, times: 1 });
    const t0 = performance.now();
    const res = await c.get('/v3/agent/live');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
    expect(Array.isArray((res.body as { data: unknown }).data)).toBe(true);
  });

  it("'malformed' sends truncated JSON with 200", async () => {
    c.sim.control.addFault({ route: '/v3/monitor/callcenter/queue', kind: 'malformed', times: 1 });
    const res = await c.get('/v3/monitor/callcenter/queue');
    expect(res.status).toBe(200);
    expect(res.body).toBeUndefined();
    expect(() => JSON.parse(res.text)).toThrow();
    expect(res.text.startsWith('{"data":[')).toBe(true);
  });

  it("'wrong-shape' sends valid JSON of the wrong shape", async () => {
    c.sim.control.addFault({ route: '/v3/agent/live', kind: 'wrong-shape', times: 1 });
    const res = await c.get('/v3/agent/live');
    expect(res.status).toBe(200);
    const data = (res.body as { data: unknown }).data;
    expect(typeof data === 'object' && data !== null && !Array.isArray(data)).toBe(true);
    c.sim.control.addFault({ route: '/v3/extension/*', kind: 'wrong-shape', times: 1 });
    expect((await c.get('/v3/extension/900/loggedin')).body).toEqual({ extension: 42, is_logged_in: true });
  });

  it("'body' answers a failure inside the body (HTTP 200 by default) in each seed shape, over HTTP too", async () => {
    const add = (spec: object) => fetch(`${c.sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ route: '/v3/monitor', kind: 'body', times: 1, ...spec }) });
    await add({});
    expect(await c.get('/v3/monitor')).toMatchObject({ status: 200, body: { data: null, status: 'fail', error: 'database timeout' } });
    await add({ shape: 'error', message: 'permission denied' });
    expect(await c.get('/v3/monitor')).toMatchObject({ status: 200, body: { error: 'permission denied' } });
    await add({ shape: 'code-content' });
    expect(await c.get('/v3/monitor')).toMatchObject({ status: 200, body: { code: 500, content: 'Lỗi hệ thống', error: 'Internal Server Error' } });
    await add({ shape: 'meta', status: 500 });
    expect(await c.get('/v3/monitor')).toMatchObject({ status: 500, body: { meta: { status: 500 }, errors: [expect.any(String)] } });
    await add({ shape: 'success-false' });
    expect(await c.get('/v3/monitor')).toMatchObject({ status: 200, body: { success: false } });
    await add({ shape: 'data-null' });
    expect(await c.get('/v3/monitor')).toEqual({ status: 200, body: { data: null }, text: '{"data":null}' });
    expect((await c.get('/v3/monitor')).body).toMatchObject({ data: expect.any(Array) });
    const bad = await add({ shape: 'teapot' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/shape must be one of/);
  });

  it("'reset' destroys the socket", async () => {
    c.sim.control.addFault({ route: '/v2/call', kind: 'reset', times: 1 });
    await expect(c.get('/v2/call')).rejects.toThrow();
    expect((await c.get('/v2/call')).status).toBe(200);
  });

  it('a prefix ending in * matches every path under it; DELETE /_sim/faults clears all', async () => {
    const add = await fetch(`${c.sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ route: '/v3/*', kind: 'status', status: 500 }) });
    expect(await add.json()).toEqual({ id: expect.any(Number) });
    expect((await c.get('/v3/agent/live')).status).toBe(500);
    expect((await c.get('/v3/monitor')).status).toBe(500);
    expect((await c.get('/v2/call')).status).toBe(200);
    expect((await fetch(`${c.sim.url}/_sim/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await c.get('/v3/monitor')).status).toBe(200);
  });

  it('a bad fault spec is refused with 400 and a reason', async () => {
    const res = await fetch(`${c.sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ route: '/v3/monitor', kind: 'explode' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/kind must be one of/);
    expect(() => c.sim.control.addFault({ route: 'v3', kind: 'status' })).toThrow(/route/);
  });
});
