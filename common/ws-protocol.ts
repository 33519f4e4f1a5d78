// The web host's WebSocket protocol: the bridge contract (common/contract.ts) carried as JSON text frames.
// Shared by the Node side (main/web) and the browser client (renderer/src/bridge/web-socket-api.ts).
//
//   page URL   http://127.0.0.1:PORT/#s=SECRET      (a fragment is never sent in an HTTP request)
//   handshake  GET /ws, Origin: the host's own origin,
//              Sec-WebSocket-Protocol: floorwatch.v2, floorwatch.secret.SECRET  -> the host selects floorwatch.v2
//   client  -> { t: 'invoke', id, channel, payload? }
//   host    -> { t: 'result', id, result: BridgeResult }      one per invoke, same id
//              { t: 'event', channel, payload }               core events, to every open (authorised) socket
//              { t: 'error', error }                          a frame the host could not read at all
//   floor frames (the floor:get answer, floor:reset, floor:changed) carry each agents' queue list once, in
//   `queueLists`, and each agent's `queues` as its index there (common/queue-lists.ts); v2 since then.
import { z } from 'zod';
import type { BridgeResult, EventChannel, EventPayloads } from './contract';
import type { AppError } from './domain';

/** The one path the host upgrades; every other path is a static file or 404. */
export const WS_PATH = '/ws';
/** The subprotocol the host selects: its version, so an old tab and a new host fail loudly, not oddly. */
export const WS_PROTOCOL = 'floorwatch.v2';
/** The secret rides as a second offered subprotocol: `floorwatch.secret.<secret>` (the host never echoes it). */
export const WS_SECRET_PREFIX = 'floorwatch.secret.';
/** The fragment key holding the per-run secret in the page URL (`#s=...`). */
export const SECRET_HASH_KEY = 's';
/** Largest frame either side accepts. roster:import carries up to 1,000,000 characters (3 bytes each at worst). */
export const WS_MAX_PAYLOAD = 4 * 1024 * 1024;
/** The secret's alphabet: base64url, which is also a valid subprotocol token. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

/** Close codes the host uses (RFC 6455 7.4; 4000-4999 are the application's own). */
export const WS_CLOSE = {
  /** The host is shutting down. */
  goingAway: 1001,
  /** A binary frame: the protocol is text only. */
  unsupportedData: 1003,
  /** The client did not read its events (or its answers) fast enough; it reconnects and re-reads the floor. */
  tooSlow: 4008,
} as const;

const clientMessageSchema = z
  .object({
    t: z.literal('invoke'),
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    channel: z.string().min(1).max(64),
    payload: z.unknown().optional(),
  })
  .strict();
export type ClientMessage = z.infer<typeof clientMessageSchema>;

type EventMessage = { [E in EventChannel]: { t: 'event'; channel: E; payload: EventPayloads[E] } }[EventChannel];

export type ServerMessage =
  | { t: 'result'; id: number; result: BridgeResult<unknown> }
  | EventMessage
  | { t: 'error'; error: AppError };

/**
 * Read one text frame from a client. A frame that is not an invoke envelope is refused with
 * INVALID_PAYLOAD; when its id can still be read, the refusal is addressed to it so the caller's promise settles.
 */
export function parseClientMessage(
  text: string,
): { ok: true; message: ClientMessage } | { ok: false; id: number | null; error: AppError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: null, error: { code: 'INVALID_PAYLOAD', message: 'The message is not JSON.' } };
  }
  const parsed = clientMessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  const rawId = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? rawId : null;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  return {
    ok: false,
    id,
    error: {
      code: 'INVALID_PAYLOAD',
      message: `Not an invoke message${field ? ` at "${field}"` : ''}: ${issue?.message ?? 'invalid'}`,
      ...(field ? { field } : {}),
    },
  };
}

/** The secret from a page's `location.hash` (`#s=SECRET`), or null when absent or malformed. */
export function secretFromHash(hash: string): string | null {
  const secret = new URLSearchParams(hash.replace(/^#/, '')).get(SECRET_HASH_KEY);
  return secret !== null && SECRET_PATTERN.test(secret) ? secret : null;
}

/** The subprotocols a client offers: the version first, then the secret. */
export function offeredProtocols(secret: string): string[] {
  return [WS_PROTOCOL, WS_SECRET_PREFIX + secret];
}
