// Turning HTTP outcomes into the one error a connector throws (ConnectorError with an AppError code).
// Generic: every PBX family's error bodies are read here ({"error"}, {"code","content"},
// {"status":"fail","error","message"}, Evolux {"meta":{"message"},"errors"}); nothing vendor-specific else.
import { ConnectorError } from './connector-error';
import type { HttpResponse } from './http-client';
import { isObject } from './json-fields';
import { redact } from './redact';

const MAX_PBX_MESSAGE = 300;

/** Strings found in an Evolux-style `errors` / `meta.message` value: a string, a list or a field map. */
function flatten(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out.push(`${k}: ${x}`);
}

/**
 * The PBX's own words in an error body, whatever the API family's shape; undefined when it said nothing.
 * Credential-looking fragments are scrubbed; pass the client's `redact` to scrub the session's own secrets.
 */
export function pbxMessageOf(body: unknown, scrub: (text: string) => string = redact): string | undefined {
  if (typeof body === 'string') return body.trim() ? scrub(body.trim()).slice(0, MAX_PBX_MESSAGE) : undefined;
  if (!isObject(body)) return undefined;
  const parts: string[] = [];
  // Most specific first: `message` is a sentence, `content` a TEL4VN detail, `error` a code or a title.
  for (const key of ['message', 'content', 'error']) {
    const v = body[key];
    if (typeof v === 'string' && v.trim() && v !== 'successfully') parts.push(v.trim());
  }
  if (isObject(body.meta)) flatten(body.meta.message, parts);
  flatten(body.errors, parts);
  const unique = [...new Set(parts)];
  return unique.length ? scrub(unique.join('; ')).slice(0, MAX_PBX_MESSAGE) : undefined;
}

/** A non-2xx answer: 401 is UNAUTHORIZED, anything else HTTP_ERROR, with the PBX's message when it gave one. */
export function statusError(res: HttpResponse): ConnectorError {
  const pbxMessage = pbxMessageOf(res.json, res.redact);
  if (res.status === 401) {
    return new ConnectorError({
      code: 'UNAUTHORIZED',
      message: `The PBX refused the session (HTTP 401 to ${res.request}).`,
      ...(pbxMessage ? { pbxMessage } : {}),
    });
  }
  return new ConnectorError({
    code: 'HTTP_ERROR',
    message: `The PBX answered HTTP ${res.status} to ${res.request}${pbxMessage ? `: ${pbxMessage}` : '.'}`,
    ...(pbxMessage ? { pbxMessage } : {}),
  });
}

export function notJson(res: HttpResponse): ConnectorError {
  return new ConnectorError({
    code: 'BAD_RESPONSE',
    message: `The PBX's answer to ${res.request} is not JSON.`,
  });
}

/** JSON of the wrong shape: the message names the failing field (e.g. `data[3].call_state`). */
export function badShape(request: string, field: string, problem: string): ConnectorError {
  return new ConnectorError({
    code: 'BAD_RESPONSE',
    message: `The PBX's answer to ${request} is not as documented: ${field} ${problem}.`,
    field,
  });
}

/**
 * A failure reported inside an answer, whatever the API family's shape; null when the body carries no failure
 * marker. The seeds show every one of these arriving with HTTP 200:
 *   TEL4VN v2   {"status": "fail", "error": "USER_NOT_REGISTERED"}        (seed 002; with "data": null too)
 *   TEL4VN v3   {"error": "user is already logged in"}                     (seeds 000, 003)
 *   TEL4VN v1/2 {"code": 404, "content": "queue not found", "error": ...}  (seed 002; `code` is the HTTP code)
 *   Evolux      {"meta": {"status": 400, "message": ...}, "errors": [...]} (seed 001)
 *   cc_agent    {"success": false, ...}                                    (seed 004 shows only `true`)
 * `code` is the status the body states (its `code` or `meta.status`), null when it states none.
 * A success body never carries a marker: TEL4VN's is {"data": ...} or {"code": 200, "content": "successfully"},
 * Evolux's meta.status is 2xx, cc_agent's success is true.
 */
interface BodyFailure {
  code: number | null;
}

function statedStatus(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return typeof v === 'string' && /^\d{3}$/.test(v.trim()) ? Number(v) : null;
}

export function failureInBody(body: unknown): BodyFailure | null {
  if (!isObject(body)) return null;
  const stated = statedStatus(body.code) ?? (isObject(body.meta) ? statedStatus(body.meta.status) : null);
  const code = stated !== null && stated >= 400 ? stated : null;
  if (code !== null) return { code };
  const status = typeof body.status === 'string' ? body.status.trim().toLowerCase() : '';
  const error = body.error;
  const failed =
    status === 'fail' || status === 'failed' || status === 'error' ||
    (typeof error === 'string' && error.trim() !== '') ||
    (isObject(error) && Object.keys(error).length > 0) ||
    body.success === false || body.success === 'false';
  return failed ? { code: null } : null;
}

/**
 * A list answer (a poll) that reports a failure inside a 2xx: a failed poll, never an empty list. PBX_ERROR
 * with the PBX's own words; the poller keeps the last good rows, marks the source stale and backs off.
 */
export function listFailure(res: HttpResponse, body: unknown, failure: BodyFailure): ConnectorError {
  const pbxMessage = pbxMessageOf(body, res.redact);
  const stated = failure.code !== null ? ` (code ${failure.code})` : '';
  return new ConnectorError({
    code: 'PBX_ERROR',
    message: `The PBX answered ${res.request} with a failure${stated}${pbxMessage ? `: ${pbxMessage}` : '.'}`,
    ...(pbxMessage ? { pbxMessage } : {}),
  });
}

/** The JSON of a 2xx answer; a non-2xx answer or a body that is not JSON throws the matching error. */
export function okJson(res: HttpResponse): unknown {
  if (res.status < 200 || res.status > 299) throw statusError(res);
  if (res.json === undefined) throw notJson(res);
  return res.json;
}
