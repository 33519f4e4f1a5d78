// Injected faults for PBX-API routes: an HTTP status with a plausible body, a failure answered inside the
// body (HTTP 200 by default) in each shape the seeds show, a delay, truncated JSON, JSON of the wrong shape,
// or a reset socket. A fault matches an exact path or a prefix ending in '*'.
import { SimError } from './floor-types';

const FAULT_KINDS = ['status', 'body', 'delay', 'malformed', 'wrong-shape', 'reset'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * The failure bodies of the `body` kind, each as a seed shows it (see bodyFaultOf):
 *   status-fail  {"data": null, "status": "fail", "error": ...}   TEL4VN v2 (seed 002), with a null list
 *   error        {"error": ...}                                   TEL4VN v3 (seeds 000, 003)
 *   code-content {"code": 500, "content": ..., "error": ...}      TEL4VN v1/v2 (seed 002)
 *   meta         {"meta": {"status": 500, "message": ...}, "errors": [...]}   Evolux (seed 001)
 *   success-false {"success": false, "error": ...}                cc_agent (seed 004 shows only success)
 *   data-null    {"data": null}: no failure marker, the empty list as TEL4VN's Go encodes it (not a fault)
 */
const BODY_SHAPES = ['status-fail', 'error', 'code-content', 'meta', 'success-false', 'data-null'] as const;
export type BodyShape = (typeof BODY_SHAPES)[number];

export interface FaultSpec {
  route: string;
  kind: FaultKind;
  /** `status`: the HTTP status (default 500); `body`: the HTTP status of the failure body (default 200). */
  status?: number;
  /** `body`: which failure body (default status-fail). */
  shape?: BodyShape;
  /**
   * `body`: the failure's words (each shape has a default, e.g. "database timeout", "Lỗi hệ thống"). The
   * server fills in {token}, {previous-token} and {api_key} with what the request carried (an echoed secret).
   */
  message?: string;
  delayMs?: number;
  /** How many requests it affects; default: until cleared. */
  times?: number;
}

interface Fault extends FaultSpec {
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
      const status = s.status === undefined ? (kind === 'body' ? 200 : 500) : Number(s.status);
      if ((kind === 'status' || kind === 'body') && (!Number.isInteger(status) || status < 100 || status > 599)) {
        throw new SimError(400, 'status must be an HTTP status code');
      }
      const shape = s.shape === undefined ? 'status-fail' : s.shape;
      if (kind === 'body' && !BODY_SHAPES.includes(shape as BodyShape)) throw new SimError(400, `shape must be one of ${BODY_SHAPES.join(', ')}`);
      if (s.message !== undefined && (typeof s.message !== 'string' || s.message.length > 2000)) throw new SimError(400, 'message must be text (at most 2000 characters)');
      const delayMs = s.delayMs === undefined ? 1000 : Number(s.delayMs);
      if (kind === 'delay' && !(delayMs >= 0 && delayMs <= 600_000)) throw new SimError(400, 'delayMs must be 0..600000');
      const times = s.times === undefined ? Infinity : Number(s.times);
      if (!(times === Infinity || (Number.isInteger(times) && times > 0))) throw new SimError(400, 'times must be a positive integer');
      const fault: Fault = {
        id: nextId++, route: s.route, kind, status, delayMs, times: s.times === undefined ? undefined : times, remaining: times,
        ...(kind === 'body' ? { shape: shape as BodyShape } : {}), ...(typeof s.message === 'string' ? { message: s.message } : {}),
      };
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

/** The failure body of a `body` fault (BODY_SHAPES), with its words or the shape's own default. */
export function bodyFaultOf(shape: BodyShape, message?: string): Record<string, unknown> {
  switch (shape) {
    case 'status-fail':
      return { data: null, status: 'fail', error: message ?? 'database timeout' };
    case 'error':
      return { error: message ?? 'database timeout' };
    case 'code-content':
      return { code: 500, content: message ?? 'Lỗi hệ thống', error: 'Internal Server Error' };
    case 'meta':
      return { meta: { status: 500, message: 'Internal Server Error' }, errors: [message ?? 'Erro interno do servidor'] };
    case 'success-false':
      return { success: false, error: message ?? 'database timeout' };
    case 'data-null':
      return { data: null };
  }
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
