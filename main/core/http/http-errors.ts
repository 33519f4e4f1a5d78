// Turning HTTP outcomes into the one error a connector throws (ConnectorError with an AppError code).
// Generic: every PBX family's error bodies are read here ({"error"}, {"code","content"},
// {"status":"fail","error","message"}, Evolux {"meta":{"message"},"errors"}); nothing vendor-specific else.
import { ConnectorError } from '../connectors/connector';
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

/** The JSON of a 2xx answer; a non-2xx answer or a body that is not JSON throws the matching error. */
export function okJson(res: HttpResponse): unknown {
  if (res.status < 200 || res.status > 299) throw statusError(res);
  if (res.json === undefined) throw notJson(res);
  return res.json;
}
