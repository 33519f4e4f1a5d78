// TEL4VN call detail records (seed 002 "CDRs"), one page's rows read and checked: pure, so the decode worker
// runs it (main/core/decode/record-pages.ts) as well as the reader in cdr.ts (a single record).
//
// Both mappings are read, row by row (a flex row carries `cdrId`, a default row `id`): the default one
// names the caller (from_number) and the queue (receive_dest), which the day's figures need, so the reader
// asks for it; flex rows are read all the same (a PBX set to answer flex). Variants handled: `direction` as
// a word or a number, ids with stray spaces (the seed's second example), zone-less times in the PBX's zone
// (an offset form is read too), empty `time_answered`, numbers sent as text, `"data": null`.
import type { CallDirection, CallRecord, CallRecordStatus, EpochMs } from '../../../../common/domain';
import { FieldError, expectObject, field, isObject, typeName, type JsonObject } from '../../http/json-fields';
import { parseRfc3339, parseZonedLocal } from '../../time/parse-time';

const LIST = 'data';

// choice: numeric directions as the simulator speaks them; the seed's one example (hotline -> mobile,
// direction 3) is an outbound call, 1 and 2 are inferred. Unknown values read as null, not as an error.
const NUMERIC_DIRECTION: Record<string, CallDirection> = { '1': 'inbound', '2': 'local', '3': 'outbound' };
const WORD_DIRECTION: Record<string, CallDirection> = { inbound: 'inbound', outbound: 'outbound', local: 'local' };

function readDirection(v: unknown): CallDirection | null {
  if (typeof v === 'number') return NUMERIC_DIRECTION[String(v)] ?? null;
  if (typeof v !== 'string') return null;
  const t = v.trim().toLowerCase();
  return WORD_DIRECTION[t] ?? NUMERIC_DIRECTION[t] ?? null;
}

/** Seed 002's status table in any letter case: "ANSWERED", "no-answered", "NO_ANSWER", "Cancelled"... */
export function readRecordStatus(text: string): CallRecordStatus {
  const t = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  switch (t) {
    case 'answered':
      return 'answered';
    case 'busy':
      return 'busy';
    case 'no-answered':
    case 'no-answer':
    case 'noanswer':
      return 'no-answered';
    case 'cancel':
    case 'canceled':
    case 'cancelled':
      return 'cancel';
    case 'not-available':
    case 'notavailable':
      return 'not-available';
    case 'invalid':
      return 'invalid';
    default:
      return 'other';
  }
}

function text(v: unknown, i: number, key: string): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (v === undefined || v === null) return '';
  throw new FieldError(field(LIST, i, key), `should be text, not ${typeName(v)}`);
}

function num(v: unknown, i: number, key: string): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  if (v === undefined || v === null || v === '') return null;
  throw new FieldError(field(LIST, i, key), `should be a number, not ${typeName(v)}`);
}

/** A CDR time: zone-less PBX-local (as the seed shows), or RFC 3339 with an offset; '' / missing = null. */
function time(v: unknown, zone: string, i: number, key: string): EpochMs | null {
  const t = text(v, i, key);
  if (t === '') return null;
  const at = parseZonedLocal(t, zone) ?? parseRfc3339(t);
  if (at === null) throw new FieldError(field(LIST, i, key), `is "${t.slice(0, 40)}", not a time`);
  return at;
}

export interface ReadCdr {
  record: CallRecord;
  /** Where the PBX keeps the recording ('' when none): stays in main, never in a CallRecord. */
  recordingUrl: string;
}

/** One CDR row in either mapping. Throws FieldError naming the failing field. */
export function normaliseCdr(raw: unknown, zone: string, i = 0): ReadCdr {
  if (!isObject(raw)) throw new FieldError(`${LIST}[${i}]`, `should be an object, not ${typeName(raw)}`);
  const row: JsonObject = raw;
  const flex = row.cdrId !== undefined && row.id === undefined;
  const idKey = flex ? 'cdrId' : 'id';
  const id = text(row[idKey], i, idKey);
  if (id === '') throw new FieldError(field(LIST, i, idKey), row[idKey] === undefined ? 'is missing' : 'is empty');
  const startKey = flex ? 'dialAt' : 'time_started';
  const startedAt = time(row[startKey], zone, i, startKey);
  if (startedAt === null) throw new FieldError(field(LIST, i, startKey), 'is missing');
  const answeredAt = time(flex ? row.answeredAt : row.time_answered, zone, i, flex ? 'answeredAt' : 'time_answered');
  const endKey = flex ? 'hangupAt' : 'time_ended';
  const durationSec = num(row.duration, i, 'duration');
  const endedAt = time(row[endKey], zone, i, endKey) ?? startedAt + (durationSec ?? 0) * 1000;
  const billsec = num(row.billsec, i, 'billsec');
  const talkSec = answeredAt === null ? 0 : billsec ?? Math.max(0, Math.round((endedAt - answeredAt) / 1000));
  const statusText = text(row.status, i, 'status');
  const recordingUrl = text(flex ? row.recordFile : row.recording_url, i, flex ? 'recordFile' : 'recording_url');
  const destination = flex ? '' : text(row.receive_dest, i, 'receive_dest');
  const cause = flex ? '' : text(row.cause, i, 'cause');
  const customerId = text(flex ? row.customerId : row.customer_id, i, flex ? 'customerId' : 'customer_id');
  return {
    record: {
      id,
      direction: readDirection(row.direction),
      extension: text(flex ? row.extensionId : row.extension, i, flex ? 'extensionId' : 'extension'),
      from: flex ? '' : text(row.from_number, i, 'from_number'),
      to: text(flex ? row.to : row.to_number, i, flex ? 'to' : 'to_number'),
      destination: destination === '' ? null : destination,
      startedAt,
      answeredAt,
      endedAt,
      durationSec: durationSec ?? Math.max(0, Math.round((endedAt - startedAt) / 1000)),
      talkSec,
      status: statusText === '' ? (answeredAt !== null ? 'answered' : 'other') : readRecordStatus(statusText),
      statusText,
      cause: cause === '' ? null : cause,
      customerId: customerId === '' ? null : customerId,
      hasRecording: recordingUrl !== '',
    },
    recordingUrl,
  };
}

export interface CdrPage {
  rows: ReadCdr[];
  /** The answer's `total` when it gave one. */
  total: number | null;
}

/** A /v2/cdr answer: `{data, limit, offset, total}`; `"data": null` is an empty page. */
export function readCdrPage(body: unknown, zone: string): CdrPage {
  const obj = expectObject(body, '(body)');
  const data = obj.data;
  if (data !== null && !Array.isArray(data)) {
    throw new FieldError(LIST, data === undefined ? 'is missing' : `should be a list, not ${typeName(data)}`);
  }
  const rows = (data ?? []).map((row, i) => normaliseCdr(row, zone, i));
  const total = typeof obj.total === 'number' ? obj.total : typeof obj.total === 'string' && /^\d+$/.test(obj.total) ? Number(obj.total) : null;
  return { rows, total };
}

