// TEL4VN call detail records (seed 002 "CDRs"): GET /v2/cdr and /v2/cdr/{id}, read politely.
//
// Both mappings are read, row by row (a flex row carries `cdrId`, a default row `id`): the default one
// names the caller (from_number) and the queue (receive_dest), which the day's figures need, so the reader
// asks for it; flex rows are read all the same (a PBX set to answer flex). Variants handled: `direction` as
// a word or a number, ids with stray spaces (the seed's second example), zone-less times in the PBX's zone
// (an offset form is read too), empty `time_answered`, numbers sent as text, `"data": null`.
//
// Paging. The seed has two modes: "scroll" (the default: `limit` + `offset`) and "pagination" (`page` +
// `limit`). The day's passes scroll; the history search pages. Either way the next offset is counted
// here (offset + rows received), never taken from the answer, whose `offset` the seed does not define.
// Politeness: at most 500 records a request, a pause between pages, a cap of pages per pass; a pass that
// hits the cap resumes where it stopped (same window, next offset) on the next poll.
//
// Incremental reads. A pass reads a frozen window [start, end] of call *start* times (the only times the
// seed filters on): the first pass of the day from the PBX-local midnight; later ones from the newest
// record seen minus an overlap. A call's record is written when it ends, with its start time, so the overlap
// must cover the longest call still in progress: the core passes the oldest live call's start, and the
// overlap is that age plus a minute, at least 5 minutes and at most 3 hours (a call longer than 3 hours
// that ends later is missed by the figures; it is still in the history). Duplicates across passes and
// pages (new records shift offsets) are expected: the day's ledger keeps each id once.
import type { CallDirection, CallRecord, CallRecordStatus, EpochMs } from '../../../../common/domain';
import { ConnectorError } from '../connector';
import { badShape, okJson } from '../../http/http-errors';
import { FieldError, expectObject, field, isObject, typeName, type JsonObject } from '../../http/json-fields';
import { parseRfc3339, parseZonedLocal, zoneOffsetMs } from '../../time/parse-time';
import type { Tel4vnSession } from './session';

/** The seed's decision: never more than 500 records in one request. */
export const CDR_MAX_PAGE = 500;
export const CDR_MIN_OVERLAP_MS = 5 * 60_000;
export const CDR_MAX_OVERLAP_MS = 3 * 3_600_000;

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

/** "YYYY-MM-DD HH:mm:ss" of `at` in `zone`: the form start_date / end_date take. */
export function pbxLocalText(at: EpochMs, zone: string): string {
  const iso = new Date(at + zoneOffsetMs(zone, at)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export interface CdrQuery {
  /** PBX-local "YYYY-MM-DD" (the whole day from its midnight) or "YYYY-MM-DD HH:mm:ss". */
  startDate?: string;
  /** PBX-local; a bare date means the whole of that day (sent as its 23:59:59). */
  endDate?: string;
  extension?: string;
  phone?: string;
  direction?: CallDirection;
}

/** The query string of a /v2/cdr request (default mapping). */
export function cdrQueryString(q: CdrQuery, paging: { limit: number; offset?: number; page?: number }): string {
  const p = new URLSearchParams();
  if (q.startDate) p.set('start_date', q.startDate);
  // The seed's decision: an end_date given as a date means the whole of that day.
  if (q.endDate) p.set('end_date', /^\d{4}-\d{2}-\d{2}$/.test(q.endDate) ? `${q.endDate} 23:59:59` : q.endDate);
  if (q.extension) p.set('extension', q.extension);
  if (q.phone) p.set('phone', q.phone);
  if (q.direction) p.set('direction', q.direction);
  p.set('limit', String(Math.min(CDR_MAX_PAGE, Math.max(1, paging.limit))));
  if (paging.page !== undefined) p.set('page', String(paging.page));
  else p.set('offset', String(paging.offset ?? 0));
  return p.toString();
}

export interface CdrReaderOptions {
  session: Tel4vnSession;
  zone: string;
  /** Records per request, at most 500. */
  pageSize?: number;
  /** Pause between two pages of one pass, ms. */
  pauseMs?: number;
  /** Requests per pass; the rest is read by the next pass. */
  maxPagesPerPass?: number;
  now?: () => EpochMs;
}

export interface CdrPassHints {
  /** The PBX-local day's midnight: nothing before it is read. */
  dayStart: EpochMs;
  /** The newest start time among the records the day already holds; null: the first pass of the day. */
  newestStartedAt: EpochMs | null;
  /** The oldest call start to reach back to (session/ended-calls.ts; 0: as far as allowed); null: the minimum overlap. */
  coverFrom: EpochMs | null;
}

export interface CdrPass {
  records: CallRecord[];
  /** False when the page cap stopped the pass: the next one goes on from there. */
  complete: boolean;
  requests: number;
}

export interface CdrReader {
  pass(hints: CdrPassHints, signal?: AbortSignal): Promise<CdrPass>;
  /** One page of a history search (the PBX's pagination mode); page from 1. */
  search(query: CdrQuery, page: number, pageSize: number, signal?: AbortSignal): Promise<{ records: CallRecord[]; total: number | null }>;
  /** One record by its id (or sip_call_id). */
  get(id: string, signal?: AbortSignal): Promise<CallRecord>;
  /** The recording's URL of a record (from the records read lately, else asked for); '' when none. */
  recordingUrl(id: string, signal?: AbortSignal): Promise<string>;
}

/** How many recording URLs are remembered from the records read (ids -> URL), newest kept. */
const RECORDING_MEMORY = 20_000;

/** The overlap of an incremental pass (see the header). */
export function overlapMs(now: EpochMs, coverFrom: EpochMs | null): number {
  const reach = coverFrom === null ? 0 : now - coverFrom + 60_000;
  return Math.min(CDR_MAX_OVERLAP_MS, Math.max(CDR_MIN_OVERLAP_MS, reach));
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort(): void {
      clearTimeout(timer);
      reject(new ConnectorError({ code: 'NOT_CONNECTED', message: 'Reading the call records was stopped.' }));
    }
    signal?.addEventListener('abort', abort, { once: true });
  });

export function createCdrReader(options: CdrReaderOptions): CdrReader {
  const { session, zone } = options;
  const now = options.now ?? Date.now;
  const pageSize = Math.min(CDR_MAX_PAGE, options.pageSize ?? CDR_MAX_PAGE);
  const pauseMs = options.pauseMs ?? 250;
  const maxPages = Math.max(1, options.maxPagesPerPass ?? 60);
  /** A window being read across passes (the cap stopped the last pass inside it). */
  let cursor: { start: string; end: string; offset: number; day: EpochMs } | null = null;
  const recordings = new Map<string, string>();

  function remember(rows: readonly ReadCdr[]): CallRecord[] {
    const out: CallRecord[] = [];
    for (const r of rows) {
      out.push(r.record);
      if (!r.recordingUrl) continue;
      recordings.delete(r.record.id);
      recordings.set(r.record.id, r.recordingUrl);
    }
    // Map iteration is insertion order: drop the oldest.
    for (const key of recordings.keys()) {
      if (recordings.size <= RECORDING_MEMORY) break;
      recordings.delete(key);
    }
    return out;
  }

  async function getPage(qs: string, signal?: AbortSignal): Promise<CdrPage> {
    const res = await session.get(`/v2/cdr?${qs}`, signal);
    const json = okJson(res);
    try {
      return readCdrPage(json, zone);
    } catch (err) {
      if (err instanceof FieldError) throw badShape(res.request, err.field, err.problem);
      throw err;
    }
  }

  async function getOne(id: string, signal?: AbortSignal): Promise<ReadCdr> {
    const res = await session.get(`/v2/cdr/${encodeURIComponent(id.trim())}`, signal);
    if (res.status === 404) throw new ConnectorError({ code: 'NOT_FOUND', message: 'The PBX has no record with this id.' });
    const json = okJson(res);
    try {
      return normaliseCdr(json, zone);
    } catch (err) {
      if (err instanceof FieldError) throw badShape(res.request, err.field.replace(/^data\[0\]\./, ''), err.problem);
      throw err;
    }
  }

  return {
    async pass(hints, signal) {
      const at = now();
      if (!cursor || cursor.day !== hints.dayStart) {
        const from = hints.newestStartedAt === null ? hints.dayStart : Math.max(hints.dayStart, hints.newestStartedAt - overlapMs(at, hints.coverFrom));
        // The end is frozen (a capped pass resumes in the same window) and rounded up to the next whole second:
        // the PBX compares whole seconds, and a call started within this one must not fall outside.
        cursor = { start: pbxLocalText(from, zone), end: pbxLocalText(at + 1000, zone), offset: 0, day: hints.dayStart };
      }
      const records: CallRecord[] = [];
      let requests = 0;
      while (requests < maxPages) {
        if (requests > 0) await sleep(pauseMs, signal);
        const page = await getPage(cdrQueryString({ startDate: cursor.start, endDate: cursor.end }, { limit: pageSize, offset: cursor.offset }), signal);
        requests++;
        records.push(...remember(page.rows));
        cursor.offset += page.rows.length;
        const done = page.rows.length < pageSize || (page.total !== null && cursor.offset >= page.total);
        if (done) {
          cursor = null;
          return { records, complete: true, requests };
        }
      }
      return { records, complete: false, requests };
    },
    async search(query, page, size, signal) {
      const result = await getPage(cdrQueryString(query, { limit: size, page }), signal);
      return { records: remember(result.rows), total: result.total };
    },
    async get(id, signal) {
      const one = await getOne(id, signal);
      remember([one]);
      return one.record;
    },
    async recordingUrl(id, signal) {
      const known = recordings.get(id);
      if (known !== undefined) return known;
      const one = await getOne(id, signal);
      remember([one]);
      return one.recordingUrl;
    },
  };
}
