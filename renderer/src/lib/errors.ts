// An AppError in the supervisor's language: the translation of its code, else main's English sentence,
// followed by the PBX's own words when it gave any.
import type { AppError } from '../../../common/domain';
import { i18n } from '../i18n';

export function describeError(error: AppError): string {
  const { t, te } = i18n.global;
  const key = `errors.${error.code}`;
  const text = te(key) ? t(key) : error.message;
  return error.pbxMessage ? `${text} ${t('connect.pbxSaid', { message: error.pbxMessage })}` : text;
}
