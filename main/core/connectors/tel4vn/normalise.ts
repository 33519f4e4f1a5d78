// TEL4VN vendor JSON -> domain types (pure). Seeds 000 (/v3/agent/live) and 003 (/v3/monitor,
// /v3/monitor/callcenter/queue, /v3/extension/{id}/loggedin). Every function throws FieldError naming the
// failing field (e.g. `data[3].call_state`) rather than letting garbage into the picture.
// Each big list is read in two steps, a row at a time (readXRow: the row alone decides its result) and then
// combined (the de-duplication by id): the decode worker reads only the rows whose bytes changed and keeps
// the others' results (decode/row-match.ts); normaliseX reads a whole parsed body the same way.
// Hand-written checks, not zod: these lists run every tick with up to 10,000 rows (see json-fields.ts).
// Fields are read by name (row.status) so V8 keeps one fast path per list.
import type { ActiveCall, Agent, CallDirection, PbxExtension, QueueEntry, QueueEntryStatus } from '../../../../common/domain';
import { FieldError, expectObject, field, isObject, nonEmpty, optStr, str, typeName, unexpected, type JsonObject } from '../../http/json-fields';
import { parseOptionalRfc3339, parseRfc3339, parseZonedLocal } from '../../time/parse-time';

/** The key of an answer's row list (every TEL4VN list read here); the decode worker's byte scanner looks for it too. */
export const LIST = 'data';

/**
 * The `data` list of a TEL4VN answer. Decision: `"data": null` with no failure marker is an empty list. Go
 * encodes an empty (nil) slice as null, and every failure the seeds show carries a marker (`"error"`,
 * `"status": "fail"`, a `"code"` of 400 or more), which the caller checks first (http-errors.ts
 * failureInBody; the decode job does so before calling a reader): a marked answer never reaches here.
 */
export function rowsOf(body: unknown): unknown[] {
  const data = expectObject(body, '(body)').data;
  if (Array.isArray(data)) return data;
  if (data === null) return [];
  throw new FieldError(LIST, data === undefined ? 'is missing' : `should be a list, not ${typeName(data)}`);
}

function objectAt(row: unknown, i: number): JsonObject {
  if (isObject(row)) return row;
  throw new FieldError(`${LIST}[${i}]`, `should be an object, not ${typeName(row)}`);
}

/** Vietnamese order: family name (last_name), middle name, given name (first_name). */
function fullName(row: JsonObject, i: number): string {
  const first = optStr(row.first_name, LIST, i, 'first_name').trim();
  const last = optStr(row.last_name, LIST, i, 'last_name').trim();
  const middle = optStr(row.middle_name, LIST, i, 'middle_name').trim();
  if (last === '' && middle === '') return first;
  let name = last;
  if (middle !== '') name = name === '' ? middle : `${name} ${middle}`;
  if (first !== '') name = `${name} ${first}`;
  return name;
}

const DIRECTIONS: Record<string, CallDirection> = { inbound: 'inbound', outbound: 'outbound', local: 'local' };

/**
 * The id under which a row on the supervisor's own extension is kept: such a row is the supervisor's own
 * leg (the monitoring leg of a listen / whisper / barge, a call-back ringing their phone), never a floor
 * call. The prefix cannot occur in a PBX call id the contract accepts (no ':'), so nothing can act on it;
 * the connector splits these rows off into SourceData.ownLegs (own-legs.ts).
 */
export const OWN_LEG_ID_PREFIX = 'own:';

/**
 * /v3/monitor -> live calls. Several rows can share a call_id: one ActiveCall per call_id, preferring a
 * row that names an agent, so the call stays attached to the agent who has it. Rows on `ownExtension` are
 * kept apart, one per call_id, with the id `own:<call_id>` (see OWN_LEG_ID_PREFIX): a call whose only row
 * is the supervisor's own (a call-back) is then not a floor call at all (combineCalls).
 *
 * Row `i` of /v3/monitor -> its call, checked (FieldError names `data[i].field`). Depends on the row and
 * the params alone, never on the other rows: the decode worker keeps it for a row whose bytes come again.
 */
export function readCallRow(value: unknown, i: number, timezone: string, ownExtension: string): ActiveCall {
  const row = objectAt(value, i);
  const id = nonEmpty(row.call_id, LIST, i, 'call_id');
  const extension = nonEmpty(row.extension, LIST, i, 'extension');
  const stateText = str(row.call_state, LIST, i, 'call_state');
  const stateUpper = stateText.toUpperCase();
  const state = stateUpper === 'ONCALL' ? 'on-call' : stateUpper === 'RINGING' ? 'ringing' : null;
  if (!state) throw unexpected(stateText, 'ONCALL or RINGING', LIST, i, 'call_state');
  const directionText = str(row.direction, LIST, i, 'direction');
  const direction = DIRECTIONS[directionText] ?? DIRECTIONS[directionText.toLowerCase()];
  if (!direction) throw unexpected(directionText, 'inbound, outbound or local', LIST, i, 'direction');
  const callTime = str(row.call_time, LIST, i, 'call_time');
  // Documented zone-less (PBX-local); an offset form is read as such rather than rejected.
  const startedAt = parseZonedLocal(callTime, timezone) ?? parseRfc3339(callTime);
  if (startedAt === null) throw unexpected(callTime, 'a time like 2023-04-10 17:02:51', LIST, i, 'call_time');
  const agentName =
    fullName(row, i) || optStr(row.agent_name, LIST, i, 'agent_name') || optStr(row.username, LIST, i, 'username');
  const userUuid = optStr(row.user_uuid, LIST, i, 'user_uuid');
  const customer = optStr(row.b_cid_num, LIST, i, 'b_cid_num') || optStr(row.destination, LIST, i, 'destination');
  const own = ownExtension !== '' && extension === ownExtension;
  return {
    id: own ? OWN_LEG_ID_PREFIX + id : id,
    extension,
    agentId: userUuid || null,
    agentName,
    customerNumber: customer,
    direction,
    state,
    startedAt,
    queueId: null,
    queueName: null,
  };
}

/** A row that names an agent (a user_uuid or a name) is preferred over one that does not. */
const callScore = (call: ActiveCall): number => (call.agentId !== null || call.agentName !== '' ? 1 : 0);

/** The calls of every row, in order -> one per id (own legs included), the first of the best-scored rows. */
export function combineCalls(calls: ActiveCall[]): ActiveCall[] {
  const out: ActiveCall[] = [];
  // id -> index in `out`.
  const byId = new Map<string, number>();
  for (const call of calls) {
    const seen = byId.get(call.id);
    if (seen === undefined) {
      byId.set(call.id, out.length);
      out.push(call);
    } else if (callScore(call) > callScore(out[seen] as ActiveCall)) {
      out[seen] = call;
    }
  }
  return out;
}

/**
 * Every agent row's queues as read: TEL4VN's agent list names none (the core derives them, queue-derivation.ts).
 * One frozen array for all rows rather than one per row per answer: 10,000 fewer objects for the decode
 * worker's collector each agents answer, one array in the rows posted to the main thread (structured clone
 * keeps a shared reference shared), and the diff's list compare ends at `a === b`.
 */
const NO_QUEUES = Object.freeze([]) as readonly string[] as string[];

/**
 * /v3/agent/live -> agents online. RESUME -> available, PAUSE -> paused (pause_code as the reason).
 * Ringing / on-call are joined in by the core from the calls, by extension: callId stays null here.
 *
 * Row `i` of /v3/agent/live -> its agent, checked (FieldError names `data[i].field`). No combine step: no
 * duplicate pass (hashing 10,000 uuids costs more than the rest of the read): the PBX refuses a second
 * login of a live user ("user is already logged in", seed 000), so user ids are unique here.
 */
export function readAgentRow(value: unknown, i: number): Agent {
  const row = objectAt(value, i);
  const id = optStr(row.user_uuid, LIST, i, 'user_uuid') || optStr(row.user_live_uuid, LIST, i, 'user_live_uuid');
  if (!id) throw new FieldError(field(LIST, i, 'user_uuid'), 'is empty');
  const statusText = str(row.status, LIST, i, 'status');
  const statusUpper = statusText === 'RESUME' || statusText === 'PAUSE' ? statusText : statusText.toUpperCase();
  const state = statusUpper === 'RESUME' ? 'available' : statusUpper === 'PAUSE' ? 'paused' : null;
  if (!state) throw unexpected(statusText, 'RESUME or PAUSE', LIST, i, 'status');
  const updated = optStr(row.last_update_time, LIST, i, 'last_update_time');
  const stateSince = parseOptionalRfc3339(updated);
  if (stateSince === undefined) throw unexpected(updated, 'an RFC 3339 time', LIST, i, 'last_update_time');
  const username = optStr(row.username, LIST, i, 'username');
  const pauseCode = optStr(row.pause_code, LIST, i, 'pause_code');
  const extension = optStr(row.extension, LIST, i, 'extension');
  const campaign = optStr(row.campaign_uuid, LIST, i, 'campaign_uuid');
  const name = fullName(row, i) || username;
  return {
    id,
    name,
    username,
    extension: extension || null,
    state,
    stateSince,
    pauseReason: state === 'paused' && pauseCode ? pauseCode : null,
    pauseLimitSec: null,
    queues: NO_QUEUES,
    campaign: campaign || null,
    callId: null,
    origin: 'pbx',
    answeredToday: null,
  };
}

const QUEUE_STATUS: Record<string, QueueEntryStatus> = {
  Trying: 'waiting',
  Answered: 'answered',
  Abandoned: 'abandoned',
  TRYING: 'waiting',
  ANSWERED: 'answered',
  ABANDONED: 'abandoned',
};

function optionalTime(v: unknown, i: number, key: string): number | null {
  const text = optStr(v, LIST, i, key);
  const t = parseOptionalRfc3339(text);
  if (t === undefined) throw unexpected(text, 'an RFC 3339 time', LIST, i, key);
  return t;
}

/**
 * /v3/monitor/callcenter/queue -> queue entries. Trying -> waiting, Answered -> answered, Abandoned ->
 * abandoned; joinedAt is the rejoin time when the caller rejoined, else the join time; times at or before
 * epoch 0 (the `1970-01-01T08:00:00+08:00` sentinel) mean none. One entry per call_uuid: when a call is
 * listed twice (e.g. moved to another queue), the latest wait wins (combineQueue).
 *
 * Row `i` of the queue monitor -> its entry, checked (FieldError names `data[i].field`); the row alone decides it.
 */
export function readQueueRow(value: unknown, i: number): QueueEntry {
  const row = objectAt(value, i);
  const id = nonEmpty(row.call_uuid, LIST, i, 'call_uuid');
  const statusText = str(row.status, LIST, i, 'status');
  const status = QUEUE_STATUS[statusText] ?? QUEUE_STATUS[statusText.toUpperCase()];
  if (!status) throw unexpected(statusText, 'Trying, Answered or Abandoned', LIST, i, 'status');
  const joined = optionalTime(row.joined_time, i, 'joined_time');
  if (joined === null) throw new FieldError(field(LIST, i, 'joined_time'), 'is empty');
  const rejoined = optionalTime(row.rejoined_time, i, 'rejoined_time');
  const agentName = optStr(row.call_center_agent_name, LIST, i, 'call_center_agent_name');
  return {
    id,
    queueId: nonEmpty(row.call_center_queue_uuid, LIST, i, 'call_center_queue_uuid'),
    queueName: optStr(row.call_center_queue_name, LIST, i, 'call_center_queue_name'),
    number: optStr(row.mobile, LIST, i, 'mobile'),
    status,
    joinedAt: rejoined ?? joined,
    bridgedAt: optionalTime(row.bridged_time, i, 'bridged_time'),
    abandonedAt: optionalTime(row.abandoned_time, i, 'abandoned_time'),
    agentName: agentName || null,
  };
}

/** Every row's entry, in order -> one per id, the latest wait (the last of equal ones). */
export function combineQueue(entries: QueueEntry[]): QueueEntry[] {
  const out: QueueEntry[] = [];
  const byId = new Map<string, number>();
  for (const entry of entries) {
    const seen = byId.get(entry.id);
    if (seen === undefined) {
      byId.set(entry.id, out.length);
      out.push(entry);
    } else if (entry.joinedAt >= (out[seen] as QueueEntry).joinedAt) {
      out[seen] = entry;
    }
  }
  return out;
}

/** /v3/extension/{id}/loggedin -> registered or not. */
export function readLoggedIn(body: unknown): boolean {
  const obj = expectObject(body, '(body)');
  if (typeof obj.extension !== 'string') {
    throw new FieldError('extension', obj.extension === undefined ? 'is missing' : `should be text, not ${typeName(obj.extension)}`);
  }
  const v = obj.is_logged_in;
  if (typeof v === 'boolean') return v;
  // Tolerate the string forms other TEL4VN fields use ("enabled": "true").
  if (v === 'true' || v === 'false') return v === 'true';
  throw new FieldError('is_logged_in', v === undefined ? 'is missing' : 'should be true or false');
}

/** One page of /v3/agent/extension (seed 000): `{data, limit, offset, total}`; `enabled` is "true" / "false" text. */
export function readExtensionsPage(body: unknown): { rows: PbxExtension[]; total: number | null } {
  const rows = rowsOf(body);
  const out: PbxExtension[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = objectAt(rows[i], i);
    const enabled = row.enabled;
    out.push({
      extension: nonEmpty(row.extension, LIST, i, 'extension'),
      userId: optStr(row.user_uuid, LIST, i, 'user_uuid'),
      username: optStr(row.username, LIST, i, 'username'),
      // Absent or unreadable: listed, so offered (the PBX refuses a disabled one in its own words).
      enabled: enabled !== 'false' && enabled !== false,
    });
  }
  const total = expectObject(body, '(body)').total;
  return { rows: out, total: typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : null };
}
