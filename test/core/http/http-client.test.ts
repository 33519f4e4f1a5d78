// The generic HTTP client over real HTTP to the simulator: statuses pass through, bodies are parsed by us,
// every transport failure becomes a ConnectorError naming the host and never a secret.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../../main/core/connectors/connector';
import { createHttpClient, type HttpClient } from '../../../main/core/http/http-client';
import { okJson, pbxMessageOf, statusError } from '../../../main/core/http/http-errors';
import { startSimulator, type Simulator } from '../../../main/simulator/index';
import { failure } from '../connector-failure';

let sim: Simulator;
let closedPortUrl: string;
const clients: HttpClient[] = [];

function client(baseUrl = sim.url, timeoutMs = 1000, secrets: string[] = []): HttpClient {
  const c = createHttpClient({ baseUrl, timeoutMs, secrets: () => secrets });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false });
  const gone = await startSimulator({ autoRun: false });
  closedPortUrl = gone.url;
  await gone.close();
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.control.clearFaults();
  for (const c of clients.splice(0)) c.close();
});

describe('responses', () => {
  it('resolves with any status and our own parse of the body', async () => {
    const res = await client().send({ method: 'GET', path: '/v3/monitor' });
    expect(res.status).toBe(401);
    expect(res.request).toBe('GET /v3/monitor');
    expect(res.json).toMatchObject({ code: 401 });
    expect(statusError(res).error).toMatchObject({ code: 'UNAUTHORIZED' });
  });
  it('sends JSON bodies', async () => {
    const res = await client().send({ method: 'POST', path: '/v1/auth', body: { username: 'demo', password: 'demo' } });
    expect(res.status).toBe(200);
    expect(okJson(res)).toMatchObject({ data: { api_key: 'demo-key' } });
  });
  it('reports malformed JSON as BAD_RESPONSE "not JSON" (axios would keep the string)', async () => {
    sim.control.addFault({ route: '/v1/auth', kind: 'malformed' });
    const res = await client().send({ method: 'POST', path: '/v1/auth', body: { username: 'demo', password: 'demo' } });
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
    expect(() => okJson(res)).toThrow(/not JSON/);
  });
  it("reports other statuses as HTTP_ERROR with the PBX's own message", async () => {
    sim.control.addFault({ route: '/v1/auth', kind: 'status', status: 500 });
    const res = await client().send({ method: 'POST', path: '/v1/auth', body: {} });
    const err = statusError(res).error;
    expect(err.code).toBe('HTTP_ERROR');
    expect(err.message).toContain('HTTP 500 to POST /v1/auth');
    expect(err.pbxMessage).toBeTruthy();
  });
  it('reads an HTML gateway error without inventing a PBX message', async () => {
    sim.control.addFault({ route: '/v1/auth', kind: 'status', status: 502 });
    const res = await client().send({ method: 'POST', path: '/v1/auth', body: {} });
    expect(res.json).toBeUndefined();
    expect(statusError(res).error).toEqual({ code: 'HTTP_ERROR', message: 'The PBX answered HTTP 502 to POST /v1/auth.' });
  });
});

describe('configuration', () => {
  it('refuses a base URL that is not http(s)', () => {
    for (const bad of ['pbx.example.com', 'ftp://pbx.example.com', '']) {
      expect(() => createHttpClient({ baseUrl: bad, timeoutMs: 1000 }), bad).toThrow(/not an http\(s\) URL/);
    }
  });
});

describe('transport failures', () => {
  it('times out a slow answer at the request timeout (TIMEOUT)', async () => {
    sim.control.addFault({ route: '/v1/auth', kind: 'delay', delayMs: 2000 });
    const started = performance.now();
    const err = await failure(client(sim.url, 150).send({ method: 'POST', path: '/v1/auth', body: {} }));
    expect(err.error.code).toBe('TIMEOUT');
    expect(err.message).toContain('within 150 ms');
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('reports a reset connection as UNREACHABLE', async () => {
    sim.control.addFault({ route: '/v1/auth', kind: 'reset' });
    const err = await failure(client().send({ method: 'POST', path: '/v1/auth', body: {} }));
    expect(err.error.code).toBe('UNREACHABLE');
    expect(err.message).toMatch(/reset|closed/);
  });
  it('reports a refused connection as UNREACHABLE naming the host', async () => {
    const err = await failure(client(closedPortUrl).send({ method: 'GET', path: '/v3/monitor' }));
    expect(err.error.code).toBe('UNREACHABLE');
    expect(err.message).toContain(new URL(closedPortUrl).host);
    expect(err.message).toContain('connection refused');
  });
  it('reports a host name that does not resolve as UNREACHABLE naming it', async () => {
    // .invalid never resolves (RFC 6761); without DNS at all the lookup fails at once too (EAI_AGAIN).
    const err = await failure(client('http://pbx.example.invalid:8080', 3000).send({ method: 'GET', path: '/v3/monitor' }));
    expect(err.error.code).toBe('UNREACHABLE');
    expect(err.message).toContain('pbx.example.invalid:8080');
  });
  it('honours an AbortSignal, and close() aborts what is in flight', async () => {
    sim.control.addFault({ route: '/v1/auth', kind: 'delay', delayMs: 2000 });
    const c = client(sim.url, 5000);
    const ac = new AbortController();
    const p = failure(c.send({ method: 'POST', path: '/v1/auth', body: {}, signal: ac.signal }));
    setTimeout(() => ac.abort(), 30);
    expect((await p).error.code).toBe('NOT_CONNECTED');
    const q = failure(c.send({ method: 'POST', path: '/v1/auth', body: {} }));
    setTimeout(() => c.close(), 30);
    expect((await q).error.code).toBe('NOT_CONNECTED');
    expect((await failure(c.send({ method: 'GET', path: '/v3/monitor' }))).error.code).toBe('NOT_CONNECTED');
  });
});

describe('raw bodies (lists decoded off the main thread)', () => {
  /** A server answering 200 with `head`, then `tail` after `stallMs` (never, when null). */
  async function trickle(head: string, tail: string, stallMs: number | null): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(head);
      if (stallMs !== null) setTimeout(() => res.end(tail), stallMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    };
  }

  it('hands a 2xx body over as its chunks, unparsed, and reads other statuses as usual', async () => {
    const c = client();
    const cooked = await c.send({ method: 'POST', path: '/v1/auth', body: { username: 'demo', password: 'demo' } });
    const raw = await c.send({ method: 'POST', path: '/v1/auth', body: { username: 'demo', password: 'demo' }, raw: true });
    expect(raw).toMatchObject({ status: 200, text: '', json: undefined });
    expect(Buffer.concat(raw.chunks ?? []).toString('utf8')).toBe(cooked.text);
    const refused = await c.send({ method: 'GET', path: '/v3/monitor', raw: true });
    expect(refused.status).toBe(401);
    expect(refused.chunks).toBeUndefined();
    expect(refused.json).toMatchObject({ code: 401 });
  });

  it('refuses a streamed body over the size limit, and times out one that stalls half-way', async () => {
    const big = await trickle('{"data":"', `${'x'.repeat(5000)}"}`, 0);
    const stalled = await trickle('{"data":[', ']}', null);
    try {
      const small = createHttpClient({ baseUrl: big.url, timeoutMs: 1000, maxBodyBytes: 1000 });
      clients.push(small);
      const tooLarge = await failure(small.send({ method: 'GET', path: '/list', raw: true }));
      expect(tooLarge.error.code).toBe('BAD_RESPONSE');
      expect(tooLarge.message).toBe("The PBX's answer to GET /list is too large.");
      const slow = await failure(client(stalled.url, 200).send({ method: 'GET', path: '/list', raw: true }));
      expect(slow.error.code).toBe('TIMEOUT');
      expect(slow.message).toContain('within 200 ms');
    } finally {
      await big.close();
      await stalled.close();
    }
  });
});

describe('redaction', () => {
  const TOKEN = 'tok-0123456789abcdef';
  const KEY = 'key-fedcba9876543210';
  const leaks = (err: ConnectorError): string => `${err.message}\n${JSON.stringify(err)}\n${inspect(err, { depth: 8 })}\n${err.stack}`;

  it('keeps tokens and api keys out of every failure (query string and headers alike)', async () => {
    const c = client(closedPortUrl, 1000, [TOKEN, KEY]);
    const refused = await failure(c.send({ method: 'GET', path: `/api/cc_agent/checkIn?api_key=${KEY}&user_id=1`, headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect(refused.message).toContain('GET /api/cc_agent/checkIn');
    sim.control.addFault({ route: '/v3/monitor', kind: 'delay', delayMs: 2000, times: 1 });
    const slow = await failure(client(sim.url, 100, [TOKEN, KEY]).send({ method: 'GET', path: `/v3/monitor?api_key=${KEY}`, headers: { Authorization: `Bearer ${TOKEN}`, token: KEY } }));
    sim.control.addFault({ route: '/v3/monitor', kind: 'reset' });
    const reset = await failure(client(sim.url, 1000, [TOKEN, KEY]).send({ method: 'GET', path: '/v3/monitor', query: { api_key: KEY }, headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect([refused.error.code, slow.error.code, reset.error.code]).toEqual(['UNREACHABLE', 'TIMEOUT', 'UNREACHABLE']);
    for (const err of [refused, slow, reset]) {
      const text = leaks(err);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(KEY);
      // The axios error (config.headers, URL) is not attached.
      expect((err as { cause?: unknown }).cause).toBeUndefined();
    }
  });
  it('scrubs secrets that a path itself carries', async () => {
    const err = await failure(client(closedPortUrl, 1000, [KEY]).send({ method: 'GET', path: `/v1/user/${KEY}/status` }));
    expect(err.message).not.toContain(KEY);
    expect(err.message).toContain('[redacted]');
  });
});

describe('pbxMessageOf', () => {
  it('reads every API family shape', () => {
    expect(pbxMessageOf({ error: 'Extension not found' })).toBe('Extension not found');
    expect(pbxMessageOf({ code: 404, content: 'user is not existed', error: 'Not Found' })).toBe('user is not existed; Not Found');
    expect(pbxMessageOf({ status: 'fail', message: 'User not registered extension with Softphone or IP Phone', error: 'USER_NOT_REGISTERED' }))
      .toBe('User not registered extension with Softphone or IP Phone; USER_NOT_REGISTERED');
    expect(pbxMessageOf({ meta: { status: 400, message: 'Bad request' }, errors: ['Agent not created, queues list must contains only integer ids.'] }))
      .toBe('Bad request; Agent not created, queues list must contains only integer ids.');
    expect(pbxMessageOf({ meta: { status: 400, message: { password: 'password must not be empty' } } })).toBe('password: password must not be empty');
    expect(pbxMessageOf({ code: 200, content: 'successfully' })).toBeUndefined();
    expect(pbxMessageOf({ data: [] })).toBeUndefined();
    expect(pbxMessageOf(undefined)).toBeUndefined();
  });
});
