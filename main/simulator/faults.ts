// Injected faults for PBX-API routes: an HTTP status with a plausible body, a delay, truncated JSON,
// JSON of the wrong shape, or a reset socket. A fault matches an exact path or a prefix ending in '*'.
import { SimError } from './floor-types';

export const FAULT_KINDS = ['status', 'delay', 'malformed', 'wrong-shape', 'reset'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  route: string;
  kind: FaultKind;
  status?: number;
  delayMs?: number;
  /** How many requests it affects; default: until cleared. */
  times?: number;
}

export interface Fault extends FaultSpec {
  id: number;
  /** Requests still affected (Infinity: until cleared). */
  remaining: number;
}

export interface FaultRegistry {
  add(spec: unknown): { id: number };
  clear(): void;
  list(): Fault[];
  /** The fault that applies to this path (consuming one use), if any. */
  take(path: string): Fault | undefined;
}

export function createFaultRegistry(): FaultRegistry {
  let faults: Fault[] = [];
  let nextId = 1;
  const matches = (route: string, path: string): boolean => (route.endsWith('*') ? path.startsWith(route.slice(0, -1)) : route === path);
  return {
    add: (spec) => {
      const s = (typeof spec === 'object' && spec !== null ? spec : {}) as Record<string, unknown>;
      if (typeof s.route !== 'string' || !s.route.startsWith('/')) throw new SimError(400, 'route must be a path starting with "/"');
      if (!FAULT_KINDS.includes(s.kind as FaultKind)) throw new SimError(400, `kind must be one of ${FAULT_KINDS.join(', ')}`);
      const kind = s.kind as FaultKind;
      const status = s.status === undefined ? 500 : Number(s.status);
      if (kind === 'status' && (!Number.isInteger(status) || status < 100 || status > 599)) throw new SimError(400, 'status must be an HTTP status code');
      const delayMs = s.delayMs === undefined ? 1000 : Number(s.delayMs);
      if (kind === 'delay' && !(delayMs >= 0 && delayMs <= 600_000)) throw new SimError(400, 'delayMs must be 0..600000');
      const times = s.times === undefined ? Infinity : Number(s.times);
      if (!(times === Infinity || (Number.isInteger(times) && times > 0))) throw new SimError(400, 'times must be a positive integer');
      const fault: Fault = { id: nextId++, route: s.route, kind, status, delayMs, times: s.times === undefined ? undefined : times, remaining: times };
      faults.push(fault);
      return { id: fault.id };
    },
    clear: () => {
      faults = [];
    },
    list: () => faults.map((f) => ({ ...f })),
    take: (path) => {
      const f = faults.find((x) => matches(x.route, path));
      if (!f) return undefined;
      f.remaining--;
      if (f.remaining <= 0) faults = faults.filter((x) => x !== f);
      return f;
    },
  };
}

const REASONS: Record<number, string> = {
  400: 'bad request', 401: 'token is invalid or expired', 403: 'forbidden', 404: 'not found', 429: 'too many requests',
  500: 'internal server error', 503: 'service unavailable',
};

/** A plausible error body for an injected status: TEL4VN's {code, content}, or nginx's HTML for 502/504. */
export function faultBody(status: number): { body: string; contentType: string } {
  if (status === 502 || status === 504) {
    const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
    return { body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`, contentType: 'text/html' };
  }
  return { body: JSON.stringify({ code: status, content: REASONS[status] ?? 'error' }), contentType: 'application/json; charset=utf-8' };
}

/** Valid JSON of the wrong shape: a `data` list becomes an object; otherwise string fields become numbers. */
export function wrongShape(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return { data: body };
  if (Array.isArray(body)) return { data: body };
  const obj = body as Record<string, unknown>;
  if (Array.isArray(obj.data)) return { ...obj, data: { ...(obj.data[0] as object | undefined), items: obj.data.length } };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = typeof v === 'string' ? 42 : v;
  return out;
}
