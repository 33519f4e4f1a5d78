// The web host over real HTTP and WebSocket on 127.0.0.1: static files and their headers, no way out of
// the static folder, and who may open the bridge socket (this run's secret, the host's own origin). The
// core behind it is a recording stand-in: these tests are about the host's edge, not the core.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PATH, offeredProtocols, secretFromHash, type ServerMessage } from '../../common/ws-protocol';
import type { Core, EventListener } from '../../main/core/host';
import { createWebHost, type WebHost } from '../../main/web/web-host';

const META_CSP = "default-src 'self'; script-src 'self'; connect-src 'self' ws://127.0.0.1:*; object-src 'none'";
const INDEX_HTML = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${META_CSP}" /></head><body>console</body></html>`;

function recordingCore() {
  const calls: { channel: string; payload: unknown; origin: string | undefined }[] = [];
  const listeners = new Set<EventListener>();
  /** Runs inside each invoke before it answers (a handler that emits an event). */
  const during: { invoke: (() => void) | null } = { invoke: null };
  const core: Core = {
    async invoke(channel, payload, origin) {
      calls.push({ channel, payload, origin });
      during.invoke?.();
      return { ok: true, data: { echoed: channel } };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {},
    async stop() {},
    readRecording: (path) => (path === '/recordings/tok' ? { bytes: Buffer.from('RIFFwav'), contentType: 'audio/wav' } : undefined),
  };
  const emit: EventListener = (channel, payload) => listeners.forEach((l) => l(channel, payload));
  return { core, calls, emit, during, listenerCount: () => listeners.size };
}

let dir: string;
let staticDir: string;
let host: WebHost;
let secret: string;
let port: number;
let wsUrl: string;
const fake = recordingCore();

/** A raw GET: node:http sends the path exactly as given (no `..` folding as fetch does). */
function rawGet(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Open a bridge socket; resolves with the socket once open, or with the refusal's HTTP status. */
function openSocket(options: { protocols?: string[]; origin?: string | null } = {}) {
  const origin = options.origin === undefined ? host.origin : options.origin;
  const ws = new WebSocket(wsUrl, options.protocols ?? offeredProtocols(secret), origin === null ? {} : { origin });
  return new Promise<{ ws: WebSocket; refusedWith: number | null }>((resolve, reject) => {
    ws.once('open', () => resolve({ ws, refusedWith: null }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ws, refusedWith: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

function nextMessage(ws: WebSocket): Promise<ServerMessage> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()) as ServerMessage)));
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fw-web-host-'));
  staticDir = join(dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(staticDir, '.env'), 'HIDDEN=1');
  writeFileSync(join(dir, 'secret.txt'), 'OUTSIDE-THE-STATIC-FOLDER');
  symlinkSync(join(dir, 'secret.txt'), join(staticDir, 'assets', 'link.txt'));
  host = await createWebHost({ core: fake.core, port: 0, staticDir });
  const url = new URL(host.url);
  port = Number(url.port);
  secret = secretFromHash(url.hash) ?? '';
  wsUrl = `ws://127.0.0.1:${port}${WS_PATH}`;
});

afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the address', () => {
  it('is on 127.0.0.1 and carries a random secret only in the fragment', () => {
    const url = new URL(host.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe('/');
    expect(url.search).toBe('');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('static files', () => {
  it('serves index.html at / with the page CSP (plus frame-ancestors) and the security headers', async () => {
    const res = await rawGet('/');
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX_HTML);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(`${META_CSP}; frame-ancestors 'none'`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('serves assets with their content type, and HEAD without a body', async () => {
    const res = await rawGet('/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const head = await rawGet('/assets/app.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/%2F..%2Fsecret.txt',
    '/assets/link.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
    '/.env',
  ])('refuses %s with 404 and never leaks a file outside the folder', async (path) => {
    const res = await rawGet(path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('OUTSIDE-THE-STATIC-FOLDER');
    expect(res.body).not.toContain('HIDDEN');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('lists no directory', async () => {
    for (const path of ['/assets', '/assets/']) {
      const res = await rawGet(path);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('app.js');
    }
  });

  it('answers only GET and HEAD', async () => {
    const res = await rawGet('/', {}, 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await rawGet('/', { Host: `evil.example:${port}` });
    expect(res.status).toBe(421);
    expect(res.body).not.toContain('console');
  });
});

describe('who may open the bridge socket', () => {
  it('opens with this run\'s secret from the host\'s own origin, and never echoes the secret', async () => {
    const { ws, refusedWith } = await openSocket();
    expect(refusedWith).toBeNull();
    expect(ws.protocol).toBe('floorwatch.v2');
    ws.close();
  });

  it.each([
    ['a wrong secret', { protocols: offeredProtocols('x'.repeat(43)) }],
    ['a secret of another length', { protocols: offeredProtocols('short-secret-but-valid-token-chars') }],
    ['no secret', { protocols: ['floorwatch.v2'] }],
    ['a foreign origin', { origin: 'http://evil.example' }],
    ['another port on loopback', { origin: 'http://127.0.0.1:1' }],
    ['no origin at all', { origin: null }],
  ])('refuses %s with 403', async (_name, options) => {
    const { refusedWith } = await openSocket(options);
    expect(refusedWith).toBe(403);
  });

  it('refuses an upgrade on another path', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/other`, offeredProtocols(secret), { origin: host.origin });
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => undefined);
    });
    expect(status).toBe(404);
    ws.terminate();
  });
});

describe('the bridge', () => {
  it('hands a valid invoke to the core as the renderer and answers with the same id', async () => {
    const { ws } = await openSocket();
    fake.calls.length = 0;
    ws.send(JSON.stringify({ t: 'invoke', id: 7, channel: 'call:act', payload: { callId: 'abc-1', action: 'barge' } }));
    const message = await nextMessage(ws);
    expect(message).toEqual({ t: 'result', id: 7, result: { ok: true, data: { echoed: 'call:act' } } });
    expect(fake.calls).toEqual([{ channel: 'call:act', payload: { callId: 'abc-1', action: 'barge' }, origin: 'renderer' }]);
    ws.close();
  });

  it('answers an invalid payload with INVALID_PAYLOAD naming the field, and the core never sees it', async () => {
    const { ws } = await openSocket();
    fake.calls.length = 0;
    ws.send(JSON.stringify({ t: 'invoke', id: 8, channel: 'call:act', payload: { callId: '../auth', action: 'barge' } }));
    const bad = await nextMessage(ws);
    expect(bad).toMatchObject({ t: 'result', id: 8, result: { ok: false, error: { code: 'INVALID_PAYLOAD', field: 'callId' } } });
    ws.send(JSON.stringify({ t: 'invoke', id: 9, channel: 'shell:exec', payload: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 9, result: { ok: false, error: { code: 'INVALID_PAYLOAD' } } });
    ws.send(JSON.stringify({ t: 'invoke', id: 10, channel: 'floor:get', extra: true }));
    expect(await nextMessage(ws)).toMatchObject({ id: 10, result: { ok: false, error: { code: 'INVALID_PAYLOAD' } } });
    ws.send('not json');
    expect(await nextMessage(ws)).toMatchObject({ t: 'error', error: { code: 'INVALID_PAYLOAD' } });
    expect(fake.calls).toEqual([]);
    // The socket survives bad input: a good request still works.
    ws.send(JSON.stringify({ t: 'invoke', id: 11, channel: 'floor:get' }));
    expect(await nextMessage(ws)).toMatchObject({ id: 11, result: { ok: true } });
    ws.close();
  });

  it('sends every core event to every open socket', async () => {
    const [a, b] = await Promise.all([openSocket(), openSocket()]);
    const got = Promise.all([nextMessage(a.ws), nextMessage(b.ws)]);
    fake.emit('ui:select', { panel: 'abandoned', id: 'call-1:123' });
    for (const message of await got) {
      expect(message).toEqual({ t: 'event', channel: 'ui:select', payload: { panel: 'abandoned', id: 'call-1:123' } });
    }
    a.ws.close();
    b.ws.close();
  });

  it('sends the events made before an answer ahead of it (events go out in a turn after the tick that made them)', async () => {
    const { ws } = await openSocket();
    const got: ServerMessage[] = [];
    const two = new Promise<void>((resolve) => ws.on('message', (data: Buffer) => {
      got.push(JSON.parse(data.toString('utf8')) as ServerMessage);
      if (got.length === 2) resolve();
    }));
    fake.during.invoke = () => fake.emit('ui:select', { panel: 'abandoned', id: 'call-2:456' });
    try {
      ws.send(JSON.stringify({ t: 'invoke', id: 9, channel: 'call:act', payload: { callId: 'abc-2', action: 'barge' } }));
      await two;
    } finally {
      fake.during.invoke = null;
    }
    expect(got.map((m) => m.t)).toEqual(['event', 'result']);
    ws.close();
  });

  it('closes a socket that sends a frame over the size limit (1009) or a binary frame (1003)', async () => {
    const big = await openSocket();
    const bigClosed = closed(big.ws);
    big.ws.send('x'.repeat(4 * 1024 * 1024 + 1));
    expect(await bigClosed).toBe(1009);
    const binary = await openSocket();
    const binaryClosed = closed(binary.ws);
    binary.ws.send(Buffer.from([1, 2, 3]));
    expect(await binaryClosed).toBe(1003);
  });
});

describe('a page that stops reading', () => {
  it('is disconnected (4008) once too far behind, instead of being buffered without end', async () => {
    const { ws } = await openSocket();
    const code = closed(ws);
    ws.pause(); // reads nothing more: the host's writes pile up
    const big = { snapshot: { seq: 1, at: 0, agents: [], calls: [], queueEntries: [], queues: [] }, sources: [], abandoned: [], pad: 'x'.repeat(1024 * 1024) };
    for (let i = 0; i < 48; i += 1) fake.emit('floor:reset', big as never);
    ws.resume();
    expect(await code).toBe(4008);
  });
});

describe('closing', () => {
  it('closes open sockets with 1001 and stops listening to the core', async () => {
    const other = recordingCore();
    const h = await createWebHost({ core: other.core, staticDir });
    const url = new URL(h.url);
    const ws = new WebSocket(`ws://127.0.0.1:${url.port}${WS_PATH}`, offeredProtocols(secretFromHash(url.hash) ?? ''), {
      origin: h.origin,
    });
    await new Promise((resolve) => ws.once('open', resolve));
    expect(other.listenerCount()).toBe(1);
    const code = closed(ws);
    await h.close();
    expect(await code).toBe(1001);
    expect(other.listenerCount()).toBe(0);
  });
});

describe('the wallboard address (read-only)', () => {
  it('has its own secret, opens straight into the wallboard, and every action answers FORBIDDEN without reaching the core', async () => {
    const url = new URL(host.wallboardUrl);
    const roSecret = secretFromHash(url.hash) ?? '';
    expect(roSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(roSecret).not.toBe(secret);
    expect(new URLSearchParams(url.hash.slice(1)).get('view')).toBe('wallboard');
    const { ws, refusedWith } = await openSocket({ protocols: offeredProtocols(roSecret) });
    expect(refusedWith).toBeNull();
    const ask = async (id: number, channel: string, payload?: unknown) => {
      const reply = nextMessage(ws);
      ws.send(JSON.stringify({ t: 'invoke', id, channel, ...(payload === undefined ? {} : { payload }) }));
      return reply;
    };
    const before = fake.calls.length;
    for (const [i, [channel, payload]] of ([
      ['call:act', { callId: 'c1', action: 'barge' }],
      ['agent:pause', { agentId: 'a1' }],
      ['abandoned:call-back', { id: 'x' }],
      ['abandoned:mark-handled', { id: 'x' }],
      ['settings:update', { theme: 'dark' }],
      ['session:disconnect', undefined],
      ['alerts:ack', { id: 'x' }],
      ['alerts:snooze', { id: 'x', minutes: 5 }],
      ['wallboard:open', undefined],
    ] as const).entries()) {
      const reply = await ask(i + 1, channel, payload);
      expect(reply, channel).toMatchObject({ t: 'result', id: i + 1, result: { ok: false, error: { code: 'FORBIDDEN' } } });
    }
    expect(fake.calls.length).toBe(before);
    // Reading is allowed.
    expect(await ask(100, 'floor:get')).toMatchObject({ t: 'result', id: 100, result: { ok: true } });
    expect(await ask(101, 'alerts:get')).toMatchObject({ t: 'result', id: 101, result: { ok: true } });
    ws.close();
  });
});
