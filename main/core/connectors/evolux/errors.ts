// Reading Evolux answers (seed 001): success is meta.status 2xx; failures carry meta.status, meta.message
// and `errors` (404 agent not found, 422 already paused / not paused, 400 not logged in or cannot log off
// during a call). The HTTP status and meta.status are both read: whichever is an error decides.
import type { AppError, ErrorCode } from '../../../../common/domain';
import { ConnectorError } from '../connector';
import { notJson, pbxMessageOf } from '../../http/http-errors';
import type { HttpResponse } from '../../http/http-client';

function metaStatus(body: unknown): number | null {
  if (typeof body !== 'object' || body === null) return null;
  const meta = (body as { meta?: unknown }).meta;
  if (typeof meta !== 'object' || meta === null) return null;
  const s = (meta as { status?: unknown }).status;
  return typeof s === 'number' && Number.isInteger(s) ? s : typeof s === 'string' && /^\d{3}$/.test(s) ? Number(s) : null;
}

const ok = (s: number): boolean => s >= 200 && s <= 299;

/** The status that decides: an error status from either the HTTP line or meta.status. */
export function evoluxStatus(res: HttpResponse): number {
  const meta = metaStatus(res.json);
  if (!ok(res.status)) return res.status;
  return meta !== null && !ok(meta) ? meta : res.status;
}

/**
 * Throw unless `res` is a success of `what` (e.g. "pause Ana Lima"). The thrown error's message says what
 * failed and why in English, and quotes the PBX's own words, also given alone in pbxMessage.
 */
export function expectEvoluxSuccess(res: HttpResponse, what: string, scrub: (text: string) => string): void {
  const status = evoluxStatus(res);
  if (ok(status)) {
    if (res.json === undefined && res.text.trim() !== '') throw notJson(res);
    return;
  }
  throw new ConnectorError(evoluxFailure(status, res, what, scrub));
}

/** `scrub` redacts the session's secrets: a PBX may echo the token back in its message. */
export function evoluxFailure(status: number, res: HttpResponse, what: string, scrub: (text: string) => string): AppError {
  // Scrubbed before pbxMessageOf cuts it: a secret across the cut would leave its prefix.
  const pbxMessage = pbxMessageOf(res.json, scrub);
  const quoted = pbxMessage ? ` (Evolux: "${pbxMessage}")` : '';
  let code: ErrorCode;
  let why: string;
  if (status === 401 || status === 403) {
    code = 'UNAUTHORIZED';
    why = 'the PBX refused the API token';
  } else if (status === 404) {
    code = 'NOT_FOUND';
    why = 'Evolux does not know this agent';
  } else if (status === 422) {
    code = 'CONFLICT';
    why = /already paused/i.test(pbxMessage ?? '') ? 'the agent is already paused' : /unpaused/i.test(pbxMessage ?? '') ? 'the agent is not paused' : 'the agent is not in a state that allows it';
  } else if (status === 400 && /chamada|\bcall\b/i.test(pbxMessage ?? '')) {
    // Not USER_BUSY: that code means the supervisor's own extension is busy (TEL4VN monitoring).
    code = 'PBX_ERROR';
    why = 'the agent is on a call';
  } else if (status === 400 && /not logged|n[ãa]o (est[áa] )?logad/i.test(pbxMessage ?? '')) {
    code = 'CONFLICT';
    why = 'the agent is not logged in';
  } else if (status >= 400 && status <= 499) {
    code = 'PBX_ERROR';
    why = 'the PBX refused the request';
  } else {
    code = 'HTTP_ERROR';
    why = `the PBX answered HTTP ${status} to ${res.request}`;
  }
  return { code, message: `Could not ${what}: ${why}${quoted}.`, ...(pbxMessage ? { pbxMessage } : {}) };
}
