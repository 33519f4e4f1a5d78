// TEL4VN vendor JSON -> domain types (pure). Seeds 000 (/v3/agent/live) and 003 (/v3/monitor,
// /v3/monitor/callcenter/queue, /v3/extension/{id}/loggedin). Every function throws FieldError naming the
// failing field (e.g. `data[3].call_state`) rather than letting garbage into the picture.
// Hand-written readers, not zod: these lists run every tick with up to 10,000 rows (see json-fields.ts).
import type { ActiveCall, Agent, CallDirection, QueueEntry, QueueEntryStatus } from '../../../../common/domain';
import {
  FieldError,
  expectObject,
  field,
  isObject,
  nonEmpty,
  optStr,
  str,
  type JsonObject,
} from '../../http/json-fields';
import { parseOptionalRfc3339, parseRfc3339, parseZonedLocal } from '../../time/parse-time';

const LIST = 'data';

/** The `data` list of a TEL4VN answer. Go encodes an empty slice as null, so `"data": null` is an empty list. */
function rowsOf(body: unknown): unknown[] {
  const obj = expectObject(body, '(body)');
  const data = obj[LIST];
  if (Array.isArray(data)) return data;
  if (data === null) return [];
  throw new FieldError(LIST, data === undefined ? 'is missing' : `should be a list, not ${isObject(data) ? 'an object' : typeof data}`);
}

function rowAt(rows: unknown[], i: number): JsonObject {
  const row = rows[i];
  if (isObject(row)) return row;
  throw new FieldError(`${LIST}[${i}]`, 'should be an object');
}

/** Vietnamese order: family name (last_name), middle name, given name (first_name). */
function fullName(row: JsonObject, i: number): string {
  const last = optStr(row, 'last_name', LIST, i).trim();
  const middle = optStr(row, 'middle_name', LIST, i).trim();
  const first = optStr(row, 'first_name', LIST, i).trim();
  if (!last && !middle) return first;
  return [last, middle, first].filter((p) => p !== '').join(' ');
}

function upper(row: JsonObject, key: string, i: number): string {
  return str(row, key, LIST, i).toUpperCase();
}

function invalid(i: number, key: string, value: string, expected: string): FieldError {
  const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
  return new FieldError(field(LIST, i, key), `is "${shown}", expected ${expected}`);
}

const DIRECTIONS: Record<string, CallDirection> = { inbound: 'inbound', outbound: 'outbound', local: 'local' };

/**
 * /v3/monitor -> live calls. Several rows can share a call_id (a supervisor's listen / whisper / barge leg
 * shows as that extension's own ONCALL row): one ActiveCall per call_id, preferring a row that is not
 * `ownExtension` and that names an agent, so the call stays attached to the agent who has it.
 */
export function normaliseCalls(body: unknown, timezone: string, ownExtension = ''): ActiveCall[] {
  const rows = rowsOf(body);
  const out: ActiveCall[] = [];
  const byId = new Map<string, { index: number; score: number }>();
  for (let i = 0; i < rows.length; i++) {
    const row = rowAt(rows, i);
    const id = nonEmpty(row, 'call_id', LIST, i);
    const extension = nonEmpty(row, 'extension', LIST, i);
    const stateText = upper(row, 'call_state', i);
    const state = stateText === 'ONCALL' ? 'on-call' : stateText === 'RINGING' ? 'ringing' : null;
    if (!state) throw invalid(i, 'call_state', str(row, 'call_state', LIST, i), 'ONCALL or RINGING');
    const directionText = str(row, 'direction', LIST, i);
    const direction = DIRECTIONS[directionText.toLowerCase()];
    if (!direction) throw invalid(i, 'direction', directionText, 'inbound, outbound or local');
    const callTime = str(row, 'call_time', LIST, i);
    // Documented zone-less (PBX-local); an offset form is read as such rather than rejected.
    const startedAt = parseZonedLocal(callTime, timezone) ?? parseRfc3339(callTime);
    if (startedAt === null) throw invalid(i, 'call_time', callTime, 'a time like 2023-04-10 17:02:51');
    const agentName = fullName(row, i) || optStr(row, 'agent_name', LIST, i) || optStr(row, 'username', LIST, i);
    const userUuid = optStr(row, 'user_uuid', LIST, i);
    const customer = optStr(row, 'b_cid_num', LIST, i) || optStr(row, 'destination', LIST, i);
    const call: ActiveCall = {
      id,
      extension,
      agentId: userUuid || null,
      agentName,
      customerNumber: customer,
      direction,
      state,
      startedAt,
      queueName: null,
    };
    const score = (extension !== ownExtension ? 2 : 0) + (userUuid || agentName ? 1 : 0);
    const seen = byId.get(id);
    if (seen === undefined) {
      byId.set(id, { index: out.length, score });
      out.push(call);
    } else if (score > seen.score) {
      out[seen.index] = call;
      seen.score = score;
    }
  }
  return out;
}

/**
 * /v3/agent/live -> agents online. RESUME -> available, PAUSE -> paused (pause_code as the reason).
 * Ringing / on-call are joined in by the core from the calls, by extension: callId stays null here.
 */
export function normaliseAgents(body: unknown): Agent[] {
  const rows = rowsOf(body);
  const out: Agent[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const row = rowAt(rows, i);
    const id = optStr(row, 'user_uuid', LIST, i) || optStr(row, 'user_live_uuid', LIST, i);
    if (!id) throw new FieldError(field(LIST, i, 'user_uuid'), 'is empty');
    const statusText = upper(row, 'status', i);
    const state = statusText === 'RESUME' ? 'available' : statusText === 'PAUSE' ? 'paused' : null;
    if (!state) throw invalid(i, 'status', str(row, 'status', LIST, i), 'RESUME or PAUSE');
    const updated = optStr(row, 'last_update_time', LIST, i);
    const stateSince = parseOptionalRfc3339(updated);
    if (stateSince === undefined) throw invalid(i, 'last_update_time', updated, 'an RFC 3339 time');
    const username = optStr(row, 'username', LIST, i);
    const pauseCode = optStr(row, 'pause_code', LIST, i);
    // One agent logged in twice (two campaigns) would break the picture's keys: keep the first row.
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      id,
      name: fullName(row, i) || username,
      username,
      extension: optStr(row, 'extension', LIST, i) || null,
      state,
      stateSince,
      pauseReason: state === 'paused' && pauseCode ? pauseCode : null,
      pauseLimitSec: null,
      queues: [],
      campaign: optStr(row, 'campaign_uuid', LIST, i) || null,
      callId: null,
      origin: 'pbx',
    });
  }
  return out;
}

const QUEUE_STATUS: Record<string, QueueEntryStatus> = { TRYING: 'waiting', ANSWERED: 'answered', ABANDONED: 'abandoned' };

function optionalTime(row: JsonObject, key: string, i: number): number | null {
  const text = optStr(row, key, LIST, i);
  const t = parseOptionalRfc3339(text);
  if (t === undefined) throw invalid(i, key, text, 'an RFC 3339 time');
  return t;
}

/**
 * /v3/monitor/callcenter/queue -> queue entries. Trying -> waiting, Answered -> answered, Abandoned ->
 * abandoned; joinedAt is the rejoin time when the caller rejoined, else the join time; times at or before
 * epoch 0 (the `1970-01-01T08:00:00+08:00` sentinel) mean none. One entry per call_uuid: when a call is
 * listed twice (e.g. moved to another queue), the latest wait wins.
 */
export function normaliseQueue(body: unknown): QueueEntry[] {
  const rows = rowsOf(body);
  const out: QueueEntry[] = [];
  const byId = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rowAt(rows, i);
    const id = nonEmpty(row, 'call_uuid', LIST, i);
    const statusText = str(row, 'status', LIST, i);
    const status = QUEUE_STATUS[statusText.toUpperCase()];
    if (!status) throw invalid(i, 'status', statusText, 'Trying, Answered or Abandoned');
    const joined = optionalTime(row, 'joined_time', i);
    if (joined === null) throw new FieldError(field(LIST, i, 'joined_time'), 'is empty');
    const rejoined = optionalTime(row, 'rejoined_time', i);
    const entry: QueueEntry = {
      id,
      queueId: nonEmpty(row, 'call_center_queue_uuid', LIST, i),
      queueName: optStr(row, 'call_center_queue_name', LIST, i),
      number: optStr(row, 'mobile', LIST, i),
      status,
      joinedAt: rejoined ?? joined,
      bridgedAt: optionalTime(row, 'bridged_time', i),
      abandonedAt: optionalTime(row, 'abandoned_time', i),
      agentName: optStr(row, 'call_center_agent_name', LIST, i) || null,
    };
    const seen = byId.get(id);
    if (seen === undefined) {
      byId.set(id, out.length);
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
    throw new FieldError('extension', obj.extension === undefined ? 'is missing' : 'should be text');
  }
  const v = obj.is_logged_in;
  if (typeof v === 'boolean') return v;
  // Tolerate the string forms other TEL4VN fields use ("enabled": "true").
  if (v === 'true' || v === 'false') return v === 'true';
  throw new FieldError('is_logged_in', v === undefined ? 'is missing' : 'should be true or false');
}
