// An AppError in the supervisor's language: the translation of its code (for the party it names, when it
// names one: a transfer target busy is not "your extension is busy"), else main's English sentence,
// followed by the PBX's own words when it gave any.
import type { AppError } from '../../../common/domain';
import { NO_KEY_MESSAGE } from '../bridge/web-socket-api';
import { i18n } from '../i18n';

export function describeError(error: AppError): string {
  const { t, te } = i18n.global;
  // A browser page opened without its key is refused as FORBIDDEN_SENDER; tell how to get in instead.
  const noKey = error.code === 'FORBIDDEN_SENDER' && error.message === NO_KEY_MESSAGE;
  const partyKey = error.party ? `errorsFor.${error.party}.${error.code}` : null;
  const key = noKey ? 'errors.NO_ACCESS_KEY' : `errors.${error.code}`;
  const text =
    partyKey && te(partyKey) ? t(partyKey, { ext: error.extension ?? '' }) : te(key) ? t(key, { who: error.holder ?? '' }) : error.message;
  return error.pbxMessage ? `${text} ${t('connect.pbxSaid', { message: error.pbxMessage })}` : text;
}
