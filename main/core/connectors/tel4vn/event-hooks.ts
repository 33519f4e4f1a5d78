// TEL4VN event hooks (seed 002 "Event"): list the tenant's hooks (GET /v1/event), create one per event
// (POST /v1/event {callback_url, callback_apikey, event} -> {"created": true}: the answer has no id, the
// list gives it), delete one (DELETE /v1/event/{id} -> {"deleted": true}); and read what a hook posts
// ("Event Hook Data"), field by field, into a PushEvent. Every answer is read whatever its HTTP status:
// the seed says some failures come with 200.
import type { CallDirection } from '../../../../common/domain';
import { ConnectorError, type EventHook, type PushEvent, type PushEventKind, type PushEventsApi } from '../connector';
import type { HttpResponse } from '../../http/http-client';
import { badShape, failureInBody, listFailure, okJson, pbxMessageOf, statusError } from '../../http/http-errors';
import { FieldError, isObject, typeName, type JsonObject } from '../../http/json-fields';
import { redact } from '../../http/redact';
import type { Tel4vnSession } from './session';

const KINDS: ReadonlySet<string> = new Set<PushEventKind>(['ringing', 'answered', 'hangup', 'cdr']);
const DIRECTIONS: Record<string, CallDirection> = { inbound: 'inbound', outbound: 'outbound', local: 'local' };
/** What the console's contract accepts as a call id (an action on any other could not be sent). */
const CALL_ID = /^[A-Za-z0-9_-]{1,128}$/;

function text(body: JsonObject, key: string, required: boolean): string {
  const v = body[key];
  // Numbers are read as their digits: a phone number or extension sent as a JSON number is still one.
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string') return v.trim();
  if (!required && (v === undefined || v === null)) return '';
  throw new FieldError(key, v === undefined ? 'is missing' : `should be text, not ${typeName(v)}`);
}

function shown(value: string): string {
  const clean = redact(value);
  return clean.length > 40 ? `${clean.slice(0, 40)}...` : clean;
}

/**
 * One posted event. Decisions where the seed is loose: ids and numbers are trimmed (stray spaces), names
 * are case-insensitive, `local` is read like /v3/monitor's direction though the seed lists inbound and
 * outbound only; duration / billsec / recording_url / status are not needed by the live picture and are
 * only checked for type when present. A body that fails any check changes nothing (FieldError).
 */
export function readHookEvent(body: unknown): PushEvent {
  if (!isObject(body)) throw new FieldError('(body)', `should be an object, not ${typeName(body)}`);
  const stateText = text(body, 'state', true);
  const kind = stateText.toLowerCase();
  if (!KINDS.has(kind)) throw new FieldError('state', `is "${shown(stateText)}", expected ringing, answered, hangup or cdr`);
  const callId = text(body, 'call_id', true);
  if (!CALL_ID.test(callId)) throw new FieldError('call_id', callId === '' ? 'is empty' : `is "${shown(callId)}", expected letters, digits, '-' or '_'`);
  const directionText = text(body, 'direction', true);
  const direction = DIRECTIONS[directionText.toLowerCase()];
  if (!direction) throw new FieldError('direction', `is "${shown(directionText)}", expected inbound or outbound`);
  const from = text(body, 'from_number', true);
  const to = text(body, 'to_number', true);
  for (const key of ['duration', 'billsec'] as const) {
    const v = body[key];
    if (v !== undefined && v !== null && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      throw new FieldError(key, `should be a number of seconds, not ${typeName(v)}`);
    }
  }
  for (const key of ['sip_call_id', 'domain', 'hotline', 'recording_url', 'status'] as const) text(body, key, false);
  // Seed 002: the extension is to_number on an inbound call, from_number on an outbound one.
  const inbound = direction === 'inbound';
  const extension = inbound ? to : from;
  const customerNumber = inbound ? from : to;
  // A cdr of a call that rang no extension (a caller who left the queue) names none; a live event must.
  if (kind !== 'cdr' && extension === '') throw new FieldError(inbound ? 'to_number' : 'from_number', 'is empty (the extension of the call)');
  return { kind: kind as PushEventKind, callId, direction, extension, customerNumber };
}

function readHooks(res: HttpResponse): EventHook[] {
  const json = okJson(res);
  const failed = failureInBody(json);
  if (failed) throw listFailure(res, json, failed);
  const data = isObject(json) ? json.data : undefined;
  if (data === null) return [];
  if (!Array.isArray(data)) throw badShape(res.request, 'data', data === undefined ? 'is missing' : `should be a list, not ${typeName(data)}`);
  return data.map((row, i) => {
    if (!isObject(row)) throw badShape(res.request, `data[${i}]`, `should be an object, not ${typeName(row)}`);
    const get = (key: string, required: boolean): string => {
      try {
        return text(row, key, required);
      } catch (error) {
        throw badShape(res.request, `data[${i}].${key}`, (error as FieldError).problem);
      }
    };
    return { id: get('event_domain_uuid', true), event: get('event_name', true), callbackUrl: get('callback_url', true), apiKey: get('callback_apikey', false) };
  });
}

/** `{"<word>": true}` with a 2xx, or the PBX's reason. */
function expectDone(res: HttpResponse, word: 'created' | 'deleted', what: string): void {
  const body = res.json;
  if (res.status >= 200 && res.status <= 299 && isObject(body) && body[word] === true && !failureInBody(body)) return;
  if (res.status === 401 || res.status < 200 || res.status > 299) throw statusError(res);
  const pbxMessage = pbxMessageOf(body, res.redact);
  throw new ConnectorError({ code: 'PBX_ERROR', message: `The PBX did not ${what}${pbxMessage ? `: ${pbxMessage}` : '.'}`, ...(pbxMessage ? { pbxMessage } : {}) });
}

export function createTel4vnEventHooks(session: Tel4vnSession): PushEventsApi {
  return {
    async list() {
      return readHooks(await session.get('/v1/event'));
    },
    async create(event, callbackUrl, apiKey) {
      const res = await session.post('/v1/event', { callback_url: callbackUrl, callback_apikey: apiKey, event });
      expectDone(res, 'created', `create the ${event} event hook`);
    },
    async remove(id) {
      const res = await session.delete(`/v1/event/${encodeURIComponent(id)}`);
      // Already gone is what was asked.
      if (res.status === 404) return;
      expectDone(res, 'deleted', 'delete the event hook');
    },
    read(body) {
      try {
        return readHookEvent(body);
      } catch (error) {
        if (error instanceof FieldError) throw badShape('an event hook post', error.field, error.problem);
        throw error;
      }
    },
  };
}
