// What a PBX dialect module looks like, and what the server gives it. A dialect speaks one vendor's HTTP
// API over the shared floor; the router (dialects/index.ts) tries each dialect in turn.
import type { EventHooks } from './event-hooks';
import type { Floor } from './floor-types';
import type { OutboundQueues } from './outbound/queues';
import type { TimeFormat } from './time-format';

export interface SimRequest {
  method: string;
  /** Path without the query string, e.g. '/v3/monitor'. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The JSON body parsed, or undefined when empty; `bodyError` is set when it was not JSON. */
  body: unknown;
  bodyError: boolean;
}

export interface SimReply {
  status: number;
  /** Serialised as JSON, unless it is already a string or Buffer (then sent as is, with `contentType`). */
  body: unknown;
  contentType?: string;
  /** A body shared between responses (body-pool.ts): hold it while one is sent; the result releases it. */
  hold?: () => () => void;
}

export interface Credentials {
  username: string;
  password: string;
  apiKey: string;
}

/** Bearer tokens issued by any dialect that uses them; the control surface can expire them all. */
export interface TokenStore {
  issue(): { token: string; expiresInSec: number };
  valid(token: string | undefined): boolean;
  expireAll(): void;
}

export interface DialectContext {
  floor: Floor;
  time: TimeFormat;
  tokens: TokenStore;
  credentials: Credentials;
  supervisorExtension: string;
  /** TEL4VN's autodialer and autocall queues (seed 002). */
  outbound: OutboundQueues;
  /** TEL4VN's event hooks (seed 002 "Event"): registered callbacks and their delivery. */
  eventHooks: EventHooks;
}

export interface Dialect {
  name: string;
  /** The reply, or undefined when the path is not this dialect's (the router then tries the next one). */
  handle(req: SimRequest): SimReply | undefined;
}

export type DialectFactory = (ctx: DialectContext) => Dialect;

export const json = (status: number, body: unknown): SimReply => ({ status, body });

/** Matches '/v3/agent/:id' style patterns; returns the named parameters or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const s = path.split('/');
  if (p.length !== s.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] as string;
    const val = s[i] as string;
    if (seg.startsWith(':')) {
      if (val === '') return undefined;
      try {
        params[seg.slice(1)] = decodeURIComponent(val);
      } catch {
        return undefined; // a malformed %-escape names nothing that exists
      }
    } else if (seg !== val) return undefined;
  }
  return params;
}

/** A string field of a JSON body, or undefined. */
export function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const v = (body as Record<string, unknown>)[name];
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' ? v : undefined;
}
