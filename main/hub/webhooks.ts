// Push events from the PBX into the floor's picture (issue 18 point 2): the hub registers its callback as
// the tenant's event hooks (TEL4VN GET / POST / DELETE /v1/event, one hook per event: ringing, answered,
// hangup, cdr), serves that callback over HTTP, and hands each post to the core, which lays it over the
// polled calls until the next poll confirms it (main/core/session/pushed-calls.ts). Polling stays the
// source of truth; an event only makes the picture earlier.
//
//   PBX --POST callback_url (key)--> this server --check key, size, JSON--> core.pushEvents().apply(body)
//     --> the call as it now stands --> floor hub publishEvent: floor.<F>.events --> consoles (fast path)
//     --> floor feed (10 ms coalescing) --> floor:changed --> floor hub --> NATS --> consoles
//
// Decisions (issue 18 and where the seed is silent):
//   - the key: a random 32-byte one per hub, sent as `callback_apikey`; a post must carry it as
//     `Authorization: Bearer <key>` or `X-Api-Key: <key>`, compared in constant time (SHA-256 of both, then
//     crypto.timingSafeEqual, so neither the key's length nor its prefix leaks); without it 401;
//   - a hook of ours already there (same callback_url and event, e.g. after a crash) is adopted with the key
//     the listing shows; one without a key is replaced. On a clean stop the hub deletes the hooks it holds;
//   - a post that is not a documented event is 400 and changes nothing; one larger than 64 KB is 413; any
//     other path 404, another method 405; the hub not connected to its PBX (or a standby hub) 503. Every
//     refusal is counted (`stats()`, published in the floor's health) and none can stop the server.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorError, type EventHook, type PushEventKind } from '../core/connectors/connector';
import type { ActiveCall } from '../../common/domain';
import type { LivePushEvents } from '../core/create-core';

export const HOOK_EVENTS: readonly PushEventKind[] = ['ringing', 'answered', 'hangup', 'cdr'];
const MAX_BODY_BYTES = 64 * 1024;

/** What the hub tells the floor about its push events (the health record's `pushEvents`). */
export interface WebhookStats {
  /** Hooks registered at the PBX (0: registration failed or the PBX has none: polling only). */
  hooks: number;
  received: number;
  applied: number;
  /** Valid events that changed nothing: replays, late ones, ones the picture already had. */
  ignored: number;
  unauthorized: number;
  invalid: number;
  /** Wrong path or method, too large, or the hub was not connected to its PBX. */
  refused: number;
  lastEventAt: number | null;
  /** Why registering the hooks failed, if it did. */
  error: string | null;
}

interface WebhooksOptions {
  /** The live connection's pushed events (core.pushEvents()); null while not connected. */
  pushEvents: () => LivePushEvents | null;
  /**
   * The URL the PBX posts to (reaches this server, directly or through a proxy); its path is served. A
   * function is given the port listened on (port 0 in tests).
   */
  callbackUrl: string | ((port: number) => string);
  /** Where to listen: port 0 takes a free one. */
  port: number;
  host?: string;
  now?: () => number;
  log?: (message: string) => void;
  /**
   * An applied call event's call as it now stands (null: hung up), before the answer goes back: the floor
   * hub publishes it on its own small subject ahead of the floor's next change set (floor-hub.ts publishEvent).
   */
  onCall?: (callId: string, call: ActiveCall | null) => void;
}

export interface Webhooks {
  /** The port the callback listens on. */
  readonly port: number;
  /** Register (or adopt) the floor's hooks at the PBX; a failure is kept in `stats().error`, polling goes on. */
  register(): Promise<void>;
  stats(): WebhookStats;
  /** Delete the hooks this hub holds and close the server. */
  stop(): Promise<void>;
  /** Close the server and leave the hooks at the PBX (a hub that lost its lease: the next one adopts them). */
  close(): Promise<void>;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The key a post carries: `Authorization: Bearer <key>` or `X-Api-Key: <key>`; '' when none. */
function keyOf(req: IncomingMessage): string {
  const auth = req.headers.authorization;
  const bearer = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  if (bearer) return bearer[1] as string;
  const apiKey = req.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : '';
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.removeAllListeners('data');
        req.resume();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bytes.length, 'Cache-Control': 'no-store' });
  res.end(bytes);
}

export async function startWebhooks(options: WebhooksOptions): Promise<Webhooks> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((message: string) => console.warn(`[floorwatch hub] ${message}`));
  let callbackUrl = '';
  let path = '';
  const ownKey = randomBytes(32).toString('base64url');
  // The keys a post may carry: ours, and those of hooks we adopted. Compared as digests (constant length).
  let keys: Buffer[] = [digest(ownKey)];
  let held: EventHook[] = [];
  const stats: WebhookStats = { hooks: 0, received: 0, applied: 0, ignored: 0, unauthorized: 0, invalid: 0, refused: 0, lastEventAt: null, error: null };

  const keyMatches = (given: string): boolean => {
    const d = digest(given);
    let ok = false;
    // Every key is compared, so the time does not say which (or whether an earlier one) matched.
    for (const key of keys) ok = timingSafeEqual(d, key) || ok;
    return ok && given !== '';
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    if (url.pathname !== path) {
      stats.refused++;
      return answer(res, 404, { error: 'not found' });
    }
    if (req.method !== 'POST') {
      stats.refused++;
      res.setHeader('Allow', 'POST');
      return answer(res, 405, { error: 'POST only' });
    }
    if (!keyMatches(keyOf(req))) {
      stats.unauthorized++;
      req.resume();
      return answer(res, 401, { error: 'missing or wrong key' });
    }
    const bytes = await readBody(req);
    if (bytes === null) {
      stats.refused++;
      return answer(res, 413, { error: `larger than ${MAX_BODY_BYTES} bytes` });
    }
    stats.received++;
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      stats.invalid++;
      return answer(res, 400, { error: 'the body is not JSON' });
    }
    const live = options.pushEvents();
    if (!live) {
      stats.refused++;
      return answer(res, 503, { error: 'this hub is not connected to its PBX' });
    }
    try {
      const { event, outcome, call } = live.apply(body);
      stats.lastEventAt = now();
      if (call !== undefined) options.onCall?.(event.callId, call);
      if (outcome === 'applied') stats.applied++;
      else stats.ignored++;
      return answer(res, 200, { received: true });
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      stats.invalid++;
      return answer(res, 400, { error: error.message });
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      stats.refused++;
      log(`an event post failed: ${error instanceof Error ? error.message : String(error)}`);
      answer(res, 500, { error: 'internal error' });
    });
  });
  // A slow or stalled sender holds no socket for long.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  callbackUrl = typeof options.callbackUrl === 'string' ? options.callbackUrl : options.callbackUrl(port);
  path = new URL(callbackUrl).pathname;

  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const ours = (hook: EventHook): boolean => hook.callbackUrl === callbackUrl && (HOOK_EVENTS as readonly string[]).includes(hook.event);

  return {
    port,
    async register() {
      const live = options.pushEvents();
      if (!live) {
        stats.error = 'not connected to the PBX';
        return;
      }
      try {
        const existing = (await live.hooks.list()).filter(ours);
        for (const hook of existing.filter((h) => h.apiKey === '')) await live.hooks.remove(hook.id);
        const adopted = existing.filter((h) => h.apiKey !== '');
        for (const event of HOOK_EVENTS) {
          if (!adopted.some((h) => h.event === event)) await live.hooks.create(event, callbackUrl, ownKey);
        }
        // The create answer carries no id: the listing gives them (and the keys the PBX stored).
        held = (await live.hooks.list()).filter(ours);
        keys = [digest(ownKey), ...held.filter((h) => h.apiKey !== '' && h.apiKey !== ownKey).map((h) => digest(h.apiKey))];
        stats.hooks = held.length;
        stats.error = held.length < HOOK_EVENTS.length ? `the PBX lists ${held.length} of the ${HOOK_EVENTS.length} hooks` : null;
      } catch (error) {
        stats.error = error instanceof Error ? error.message : String(error);
        log(`registering the event hooks failed (polling only): ${stats.error}`);
      }
    },
    stats: () => ({ ...stats }),
    async stop() {
      const live = options.pushEvents();
      if (live) {
        for (const hook of held) {
          await live.hooks.remove(hook.id).catch((error: unknown) => log(`deleting event hook ${hook.id} failed: ${error instanceof Error ? error.message : String(error)}`));
        }
      }
      held = [];
      stats.hooks = 0;
      await close();
    },
    close,
  };
}
