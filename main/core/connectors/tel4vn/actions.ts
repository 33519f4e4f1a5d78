// Reading the answers of TEL4VN action POSTs (seed 002 call actions and click-to-call, seed 000 agent
// pause/resume). Some failures arrive with HTTP 200 and {"status":"fail","error":...}: the body decides.
import type { AppError } from '../../../../common/domain';
import { ConnectorError } from '../connector';
import { pbxMessageOf, statusError } from '../../http/http-errors';
import type { HttpResponse } from '../../http/http-client';
import { isObject } from '../../http/json-fields';

/**
 * Whose extension an action's `ext` is: the supervisor's own phone (listen / whisper / barge ring it,
 * click-to-call rings it first) or the transfer's target. The same PBX code then names the right party:
 * USER_BUSY on a transfer is about the target, never "your extension is busy".
 */
type ActionParty = 'own' | 'target';

/** The documented TEL4VN error codes, with a sentence a supervisor can act on, naming the right party. */
function knownFailure(code: string, ext: string, party: ActionParty, pbxMessage: string | undefined): AppError | null {
  const extra = { ...(pbxMessage ? { pbxMessage } : {}), party, extension: ext };
  const whose = party === 'own' ? `Your extension ${ext}` : `Extension ${ext}`;
  switch (code) {
    case 'USER_NOT_REGISTERED':
      return {
        code: 'USER_NOT_REGISTERED',
        message: party === 'own'
          ? `${whose} is not registered: log in the softphone or IP phone first.`
          : `${whose} is not registered: its phone is not logged in, so it cannot take the call.`,
        ...extra,
      };
    case 'USER_BUSY':
      return {
        code: 'USER_BUSY',
        message: party === 'own' ? `${whose} is busy on another call: hang up your phone first.` : `${whose} is busy on another call.`,
        ...extra,
      };
    case 'CALL_NOT_FOUND':
      return { code: 'UNKNOWN_CALL', message: 'The PBX does not know this call: it has probably just ended.', ...extra };
    default:
      return null;
  }
}

/**
 * Throw unless `res` is a success of `what` (e.g. "listen to the call"). `ext` is the extension the action
 * rang or used, named in the messages as `party`'s. Success: 2xx and no failure marker in the body.
 */
export function expectActionSuccess(res: HttpResponse, what: string, ext: string, party: ActionParty = 'own'): void {
  const body = res.json;
  const pbxMessage = pbxMessageOf(body, res.redact);
  if (isObject(body) && typeof body.error === 'string') {
    const known = knownFailure(body.error.trim().toUpperCase(), ext, party, pbxMessage);
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
