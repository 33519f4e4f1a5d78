// Reading cc_agent answers (seed 004): {"success": true, "data": ...} on success. The seed shows no error
// body; the simulator and this reader use {"success": false, "error": "..."}, with HTTP 200 or an error
// status, and also take {"message": "..."}. The seed's own examples end objects with a trailing comma
// ({"success": true,}): such a body is read by json5 (a real tolerant parser: a comma inside a string such
// as "Sales, ]" is data) rather than refused.
import JSON5 from 'json5';
import type { ErrorCode } from '../../../../common/domain';
import { ConnectorError } from '../connector';
import { notJson, pbxMessageOf } from '../../http/http-errors';
import type { HttpResponse } from '../../http/http-client';

/** The body as JSON, or as JSON5 (trailing commas) when strict JSON failed; undefined when it is neither. */
export function lenientJson(res: HttpResponse): unknown {
  if (res.json !== undefined) return res.json;
  const text = res.text.trim();
  if (text === '') return undefined;
  try {
    return JSON5.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The `data` of a successful answer to `what` (e.g. "check Ana in"); otherwise throws a ConnectorError whose
 * message says what failed and quotes the PBX (scrubbed of secrets: a PBX may echo the api_key).
 */
export function expectCcSuccess(res: HttpResponse, what: string, scrub: (text: string) => string): unknown {
  const body = lenientJson(res);
  const httpOk = res.status >= 200 && res.status <= 299;
  const success = typeof body === 'object' && body !== null ? (body as { success?: unknown }).success : undefined;
  if (httpOk && (success === true || success === 'true' || success === 1)) return (body as { data?: unknown }).data;
  if (httpOk && body === undefined) throw notJson(res);
  // Scrubbed before pbxMessageOf cuts it: a secret across the cut would leave its prefix.
  const pbxMessage = pbxMessageOf(body, scrub);
  let code: ErrorCode;
  let why: string;
  if (res.status === 401 || res.status === 403) {
    code = 'UNAUTHORIZED';
    why = 'the PBX refused the API key';
  } else if (res.status === 404) {
    code = 'NOT_FOUND';
    why = 'the PBX does not know an id it was given';
  } else if (httpOk || (res.status >= 400 && res.status <= 499)) {
    code = 'PBX_ERROR';
    why = httpOk && success === undefined ? 'the answer has no "success" field' : 'the PBX refused it';
  } else {
    code = 'HTTP_ERROR';
    why = `the PBX answered HTTP ${res.status} to ${res.request}`;
  }
  throw new ConnectorError({
    code,
    message: `Could not ${what}: ${why}${pbxMessage ? ` (cc_agent: "${pbxMessage}")` : ''}.`,
    ...(pbxMessage ? { pbxMessage } : {}),
  });
}
