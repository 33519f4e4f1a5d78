// The simulator's HTTP server (node:http only: it is bundled into the Electron main for demo mode).
// /_sim/* goes to the control surface (loopback peers only); everything else is a PBX-API request: it is
// recorded, may meet an injected fault, and is answered by the first dialect that knows the path.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleControl, type SimulatorControl } from './control';
import type { Dialect, SimReply, SimRequest } from './dialect';
import { bodyFaultOf, faultBody, wrongShape, type FaultRegistry } from './faults';
import type { RequestRecorder } from './recorder';

const MAX_BODY = 1024 * 1024;
const NOT_FOUND = JSON.stringify({ code: 404, content: 'not found' });
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

interface ServerDeps {
  dialects: readonly Dialect[];
  control: SimulatorControl;
  faults: FaultRegistry;
  recorder: RequestRecorder;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Send one answer; `closed` (a pooled body's release) runs once the response is done with its bytes. */
function send(res: ServerResponse, status: number, body: string | Buffer, contentType = 'application/json; charset=utf-8', closed?: () => void): void {
  if (res.destroyed) return closed?.();
  // 'close' comes after the last byte is handed to the socket, or once the connection is gone.
  if (closed) res.once('close', closed);
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length });
  res.end(bytes);
}

/** The bearer token a request carried ('' when none). */
const bearerOf = (r: SimRequest): string => String(r.headers.authorization ?? '').replace(/^Bearer\s+/i, '');

/**
 * A fault's words with the secrets a careless PBX echoes back: {token} (this request's bearer token),
 * {previous-token} (the bearer token seen before it: an expired one after a refresh) and {api_key} (from
 * the query string or the JSON body), so a test or a person can check that none of them reaches the screen.
 */
function echoSecrets(message: string | undefined, r: SimRequest, previousToken: string): string | undefined {
  if (message === undefined) return undefined;
  const body = r.body as { api_key?: unknown } | undefined;
  const apiKey = r.query.get('api_key') ?? (typeof body?.api_key === 'string' ? body.api_key : '');
  return message.replaceAll('{token}', bearerOf(r)).replaceAll('{previous-token}', previousToken).replaceAll('{api_key}', apiKey);
}

const serialise = (reply: SimReply): string | Buffer =>
  typeof reply.body === 'string' || Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body);

export function createSimServer(deps: ServerDeps): Server {
  // The last two distinct bearer tokens seen, for the {previous-token} echo.
  let lastToken = '';
  let previousToken = '';
  const dispatch = (r: SimRequest): SimReply => {
    for (const d of deps.dialects) {
      const reply = d.handle(r);
      if (reply) return reply;
    }
    return { status: 404, body: NOT_FOUND };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return send(res, 413, JSON.stringify({ code: 413, content: 'request body too large' }));
    }
    let body: unknown;
    let bodyError = false;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        bodyError = true;
        body = raw;
      }
    }

    if (url.pathname === '/_sim' || url.pathname.startsWith('/_sim/')) {
      if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return send(res, 403, JSON.stringify({ error: 'the control surface answers loopback peers only' }));
      if (bodyError) return send(res, 400, JSON.stringify({ error: 'body is not JSON' }));
      const out = handleControl(deps.control, method, url.pathname, url.searchParams, body);
      return send(res, out.status, JSON.stringify(out.body));
    }

    deps.recorder.record({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: { ...req.headers }, body });
    const simReq: SimRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, bodyError };
    const bearer = bearerOf(simReq);
    if (bearer && bearer !== lastToken) [previousToken, lastToken] = [lastToken, bearer];
    const fault = deps.faults.take(url.pathname);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const { body: fb, contentType } = faultBody(fault.status ?? 500);
      return send(res, fault.status ?? 500, fb, contentType);
    }
    if (fault?.kind === 'body') return send(res, fault.status ?? 200, JSON.stringify(bodyFaultOf(fault.shape ?? 'status-fail', echoSecrets(fault.message, simReq, previousToken))));
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
    const reply = dispatch(simReq);
    if (fault?.kind === 'malformed') {
      const text = serialise(reply).toString();
      return send(res, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
    if (fault?.kind === 'wrong-shape') {
      const parsed: unknown = typeof reply.body === 'string' || Buffer.isBuffer(reply.body) ? JSON.parse(reply.body.toString()) : reply.body;
      return send(res, 200, JSON.stringify(wrongShape(parsed)));
    }
    send(res, reply.status, serialise(reply), reply.contentType, reply.hold?.());
  };

  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('[simulator] request failed:', e);
      send(res, 500, JSON.stringify({ code: 500, content: 'internal server error' }));
    });
  });
}
