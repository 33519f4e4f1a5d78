// Reading the answers of TEL4VN action POSTs (seed 002 call actions and click-to-call, seed 000 agent
// pause/resume). Some failures arrive with HTTP 200 and {"status":"fail","error":...}: the body decides.
import type { AppError } from '../../../../common/domain';
import { ConnectorError } from '../connector';
import { pbxMessageOf, statusError } from '../../http/http-errors';
import type { HttpResponse } from '../../http/http-client';
import { isObject } from '../../http/json-fields';

/** The documented TEL4VN error codes, with a sentence a supervisor can act on. */
function knownFailure(code: string, ext: string, pbxMessage: string | undefined): AppError | null {
  const extra = pbxMessage ? { pbxMessage } : {};
  switch (code) {
    case 'USER_NOT_REGISTERED':
      return {
        code: 'USER_NOT_REGISTERED',
        message: `Extension ${ext} is not registered: log in the softphone or IP phone first.`,
        ...extra,
      };
    case 'USER_BUSY':
      return { code: 'USER_BUSY', message: `Extension ${ext} is busy on another call.`, ...extra };
    case 'CALL_NOT_FOUND':
      return { code: 'UNKNOWN_CALL', message: 'The PBX does not know this call: it has probably just ended.', ...extra };
    default:
      return null;
  }
}

/**
 * Throw unless `res` is a success of `what` (e.g. "listen to the call"). `ext` is the extension the action
 * rang or used, named in the messages. Success: 2xx and no failure marker in the body.
 */
export function expectActionSuccess(res: HttpResponse, what: string, ext: string): void {
  const body = res.json;
  const pbxMessage = pbxMessageOf(body, res.redact);
  if (isObject(body) && typeof body.error === 'string') {
    const known = knownFailure(body.error.trim().toUpperCase(), ext, pbxMessage);
    if (known) throw new ConnectorError(known);
  }
  if (res.status < 200 || res.status > 299) throw statusError(res);
  const failed =
    res.json === undefined ||
    !isObject(body) ||
    body.status === 'fail' ||
    (typeof body.error === 'string' && body.error !== '') ||
    (body.status !== undefined && body.status !== 'success');
  if (failed) {
    throw new ConnectorError({
      code: 'PBX_ERROR',
      message: `The PBX did not ${what}${pbxMessage ? `: ${pbxMessage}` : '.'}`,
      ...(pbxMessage ? { pbxMessage } : {}),
    });
  }
}
