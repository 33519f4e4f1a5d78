// The TEL4VN session over real HTTP to the simulator: login both ways, clear errors, one shared refresh
// under concurrent 401s, refresh before expiry, and a POST that is never replayed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError, type Connector, type ConnectorOptions } from '../../../../main/core/connectors/connector';
import { createTel4vnConnector } from '../../../../main/core/connectors/tel4vn/index';
import { POST_EXPIRED_MESSAGE } from '../../../../main/core/connectors/tel4vn/session';
import { createPoller } from '../../../../main/core/polling/poller';
import { startSimulator, type Simulator } from '../../../../main/simulator/index';
import type { SourceStatus } from '../../../../common/domain';
import { failure } from '../../connector-failure';

let sim: Simulator;
const open: Connector[] = [];

function connector(patch: Partial<ConnectorOptions> = {}, target: Simulator = sim): Connector {
  const c = createTel4vnConnector({
    apiHost: target.url,
    credentials: { username: 'demo', password: 'demo' },
    timezone: 'Asia/Ho_Chi_Minh',
    ownExtension: '900',
    requestTimeoutMs: 1000,
    ...patch,
  });
  open.push(c);
  return c;
}

function source(c: Connector, id: string) {
  const s = c.sources().find((x) => x.id === id);
  if (!s) throw new Error(`no source ${id}`);
  return s;
}

const signal = (): AbortSignal => new AbortController().signal;
const posts = (path: string, since = 0): number => sim.control.requests(since).filter((r) => r.method === 'POST' && r.path === path).length;
const lastSeq = (): number => sim.control.requests().at(-1)?.seq ?? 0;

/** A web server that is not a PBX, answering every request with `status`, `body` and `type`. */
async function notAPbx(status: number, body: string, type: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(status, { 'Content-Type': type }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false, seed: 7 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.control.clearFaults();
  for (const c of open.splice(0)) c.close();
});

describe('login', () => {
  it('logs in with username and password (api_key, then token)', async () => {
    const since = lastSeq();
    expect(await connector().connect()).toEqual({ user: 'demo' });
    expect(posts('/v1/auth', since)).toBe(1);
    expect(posts('/v2/auth/token', since)).toBe(1);
    const agents = await source(open[0] as Connector, 'agents').fetch(signal());
    expect(agents.agents?.length).toBeGreaterThan(0);
  });
  it('logs in with an api_key alone', async () => {
    const since = lastSeq();
    const c = connector({ credentials: { apiKey: 'demo-key' } });
    const { user } = await c.connect();
    expect(user).not.toContain('demo-key');
    // The token answer names the account by a uuid only: the header shows the API host instead.
    expect(user).toBe(new URL(sim.url).host);
    expect(posts('/v1/auth', since)).toBe(0);
    expect((await source(c, 'calls').fetch(signal())).calls).toBeInstanceOf(Array);
  });
  it('reports a wrong password or api_key as BAD_CREDENTIALS, without echoing the secret', async () => {
    const wrongPassword = await failure(connector({ credentials: { username: 'demo', password: 'hunter2-wrong' } }).connect());
    expect(wrongPassword.error.code).toBe('BAD_CREDENTIALS');
    expect(wrongPassword.message).toContain('username or password');
    expect(JSON.stringify(wrongPassword)).not.toContain('hunter2-wrong');
    const wrongKey = await failure(connector({ credentials: { apiKey: 'not-the-key' } }).connect());
    expect(wrongKey.error.code).toBe('BAD_CREDENTIALS');
    expect(wrongKey.message).toContain('API key');
  });
  it('scrubs the password when a server echoes it back in its error', async () => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: `bad login ${body}`, message: 'pw=Tr0ub4dor&3' })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const err = await failure(connector({ apiHost: `http://127.0.0.1:${port}`, credentials: { username: 'demo', password: 'Tr0ub4dor&3' } }).connect());
      expect(err.error.code).toBe('BAD_CREDENTIALS');
      expect(err.error.pbxMessage).toContain('bad login');
      expect(JSON.stringify(err.error)).not.toContain('Tr0ub4dor&3');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
  it('reports an unreachable host as UNREACHABLE naming it', async () => {
    const gone = await startSimulator({ autoRun: false });
    await gone.close();
    const err = await failure(connector({}, gone).connect());
    expect(err.error.code).toBe('UNREACHABLE');
    expect(err.message).toContain(new URL(gone.url).host);
  });
  it('reports a URL that is not a TEL4VN API as NOT_A_PBX', async () => {
    sim.control.addFault({ route: '/v1/auth', kind: 'status', status: 404, times: 1 });
    expect((await failure(connector().connect())).error.code).toBe('NOT_A_PBX');
    const html = await notAPbx(200, '<!doctype html><title>Router</title>', 'text/html');
    const json = await notAPbx(200, '{"hello":"world"}', 'application/json');
    const html404 = await notAPbx(404, '<h1>Not Found</h1>', 'text/html');
    try {
      const errs = await Promise.all([html, json, html404].map((s) => failure(connector({ apiHost: s.url }).connect())));
      expect(errs.map((e) => e.error.code)).toEqual(['NOT_A_PBX', 'NOT_A_PBX', 'NOT_A_PBX']);
      expect(errs[0]?.message).toContain('not JSON');
      expect(errs[1]?.error.field).toBe('data');
    } finally {
      await Promise.all([html.close(), json.close(), html404.close()]);
    }
  });
  it('reports a PBX in trouble as HTTP_ERROR, not as bad credentials', async () => {
    sim.control.addFault({ route: '/v1/auth', kind: 'status', status: 503, times: 1 });
    expect((await failure(connector().connect())).error.code).toBe('HTTP_ERROR');
  });
  it('refuses an unknown time zone at once', () => {
    expect(() => connector({ timezone: 'Nowhere/Else' })).toThrow(ConnectorError);
  });
});

describe('token refresh', () => {
  it('makes exactly one POST /v2/auth/token for 20 concurrent GETs that all get 401, and replays them all', async () => {
    const c = connector();
    await c.connect();
    sim.control.expireTokens();
    const since = lastSeq();
    const agents = source(c, 'agents');
    const results = await Promise.all(Array.from({ length: 20 }, () => agents.fetch(signal())));
    expect(results.every((r) => (r.agents?.length ?? 0) > 0)).toBe(true);
    expect(posts('/v2/auth/token', since)).toBe(1);
    expect(posts('/v1/auth', since)).toBe(0);
    // 20 refused + 20 replayed.
    expect(sim.control.requests(since).filter((r) => r.path === '/v3/agent/live')).toHaveLength(40);
  });
  it('renews a short-lived token before it expires: pollers never see a 401', async () => {
    const short = await startSimulator({ autoRun: false, tokenLifetimeSec: 1.2 });
    try {
      // A generous timeout: this test is about 401s, not about a loaded machine's slow answers.
      const c = connector({ requestTimeoutMs: 5000 }, short);
      await c.connect();
      const statuses: SourceStatus[] = [];
      let polls = 0;
      const pollers = c.sources().map((s) => createPoller(s, { intervalMs: 60, onData: () => polls++, onStatus: (st) => statuses.push(st) }));
      for (const p of pollers) p.start();
      await new Promise((resolve) => setTimeout(resolve, 1600));
      for (const p of pollers) p.stop();
      const log = short.control.requests();
      const gets = log.filter((r) => r.method === 'GET');
      // At 80% of 1.2 s but at least 1 s before expiry: every 0.2 s.
      expect(log.filter((r) => r.path === '/v2/auth/token').length).toBeGreaterThanOrEqual(4);
      // No GET was refused and replayed: as many GETs reached the PBX as polls succeeded (give or take
      // the requests aborted by stop()).
      expect(gets.length - polls).toBeLessThanOrEqual(pollers.length);
      expect(statuses.every((s) => s.state === 'live')).toBe(true);
    } finally {
      await short.close();
    }
  });
  it("keeps the seed's 171-day token without a refresh or timer storm (setTimeout overflows past 24.8 days)", async () => {
    const long = await startSimulator({ autoRun: false, tokenLifetimeSec: 14_763_877 });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.name);
    };
    process.on('warning', onWarning);
    try {
      await connector({}, long).connect();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(long.control.requests().filter((r) => r.path === '/v2/auth/token')).toHaveLength(1);
      // An overflowing timer would fire after 1 ms, again and again.
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
      await long.close();
    }
  });
  it('close() stops the renewals and cancels a login in flight', async () => {
    const short = await startSimulator({ autoRun: false, tokenLifetimeSec: 1.2 });
    try {
      const c = connector({}, short);
      await c.connect();
      c.close();
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(short.control.requests().filter((r) => r.path === '/v2/auth/token')).toHaveLength(1);
      expect((await failure(source(c, 'agents').fetch(signal()))).error.code).toBe('NOT_CONNECTED');

      short.control.addFault({ route: '/v2/auth/token', kind: 'delay', delayMs: 300, times: 1 });
      const d = connector({}, short);
      const login = failure(d.connect());
      setTimeout(() => d.close(), 100);
      expect((await login).error.code).toBe('NOT_CONNECTED');
    } finally {
      await short.close();
    }
  });
  it('fails a GET refused twice with UNAUTHORIZED', async () => {
    const c = connector();
    await c.connect();
    sim.control.addFault({ route: '/v3/agent/live', kind: 'status', status: 401, times: 2 });
    const err = await failure(source(c, 'agents').fetch(signal()));
    expect(err.error.code).toBe('UNAUTHORIZED');
    expect(err.message).toContain('reconnect');
  });
  it('never replays a POST: a 401 renews the token and says nothing was done: press again', async () => {
    const c = connector();
    await c.connect();
    sim.control.expireTokens();
    const since = lastSeq();
    const agent = (await source(c, 'agents').fetch(signal())).agents?.find((a) => a.state === 'available');
    const tokenPosts = posts('/v2/auth/token', since);
    sim.control.expireTokens();
    const err = await failure(c.pauseAgent?.(agent as never) ?? Promise.resolve());
    expect(err.error).toEqual({ code: 'TOKEN_RENEWED', message: POST_EXPIRED_MESSAGE });
    expect(posts('/v3/agent/pause', since)).toBe(1);
    expect(posts('/v2/auth/token', since)).toBe(tokenPosts + 1);
    // The renewed session works for the user's next try.
    await c.pauseAgent?.(agent as never);
    expect(posts('/v3/agent/pause', since)).toBe(2);
  });
});
