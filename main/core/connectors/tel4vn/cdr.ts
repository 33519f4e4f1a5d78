// TEL4VN call detail records (seed 002 "CDRs"): GET /v2/cdr and /v2/cdr/{id}, read politely. A page's rows
// are read in the decode worker (cdr-rows.ts through main/core/decode/record-pages.ts), off the main thread.
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
// must cover the calls that ended since the last pass: the core passes the oldest start among them
// (session/ended-calls.ts), and the overlap is that age plus a minute, at least 5 minutes and at most 3 hours
// (a call longer than 3 hours that ends later is missed by the figures; it is still in the history).
// Duplicates across passes and pages (new records shift offsets) are expected: the day's ledger keeps each id
// once, and once a connection has read its day whole, the records the ledger holds are dropped page by page
// (hints.folded).
import type { CallDirection, CallRecord, EpochMs } from '../../../../common/domain';
import { ConnectorError, type RecordPassHints } from '../connector';
import { createListDecoder, type ListDecoder } from '../../decode/list-decoder';
import { badShape, failureInBody, listFailure, okJson, statusError } from '../../http/http-errors';
import { FieldError, isObject } from '../../http/json-fields';
import { zoneOffsetMs } from '../../time/parse-time';
import { normaliseCdr, type CdrPage, type ReadCdr } from './cdr-rows';
import type { Tel4vnSession } from './session';

/** The seed's decision: never more than 500 records in one request. */
const CDR_MAX_PAGE = 500;
export const CDR_MIN_OVERLAP_MS = 5 * 60_000;
export const CDR_MAX_OVERLAP_MS = 3 * 3_600_000;

/** "YYYY-MM-DD HH:mm:ss" of `at` in `zone`: the form start_date / end_date take. */
function pbxLocalText(at: EpochMs, zone: string): string {
  const iso = new Date(at + zoneOffsetMs(zone, at)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

interface CdrQuery {
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

interface CdrReaderOptions {
  session: Tel4vnSession;
  zone: string;
  /** Records per request, at most 500. */
  pageSize?: number;
  /** Pause between two pages of one pass, ms. */
  pauseMs?: number;
  /** Requests per pass; the rest is read by the next pass. */
  maxPagesPerPass?: number;
  now?: () => EpochMs;
  /** Reads each page (the console's decoder: in its worker); none: read on this thread. */
  decoder?: ListDecoder;
}

interface CdrPass {
  records: CallRecord[];
  /** False when the page cap stopped the pass: the next one goes on from there. */
  complete: boolean;
  requests: number;
}

export interface CdrReader {
  pass(hints: RecordPassHints, signal?: AbortSignal): Promise<CdrPass>;
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
  const decoder = options.decoder ?? createListDecoder();

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

  /** A page's bytes go to the decoder as they came: JSON, the failure check and each row read there. */
  async function getPage(qs: string, signal?: AbortSignal): Promise<CdrPage> {
    const res = await session.get(`/v2/cdr?${qs}`, signal, true);
    if (res.status < 200 || res.status > 299) throw statusError(res);
    return decoder.readCdrPage(res, zone);
  }

  async function getOne(id: string, signal?: AbortSignal): Promise<ReadCdr> {
    const res = await session.get(`/v2/cdr/${encodeURIComponent(id.trim())}`, signal);
    const notFound = (): ConnectorError => new ConnectorError({ code: 'NOT_FOUND', message: 'The PBX has no record with this id.' });
    if (res.status === 404) throw notFound();
    const json = okJson(res);
    // A failure inside a 200 (`{"code": 404, ...}`, `{"status": "fail", ...}`) says so in its words, not as
    // a record without an id. Only a body that is no record is asked: a record's own `status` ("BUSY") is
    // the call's, never the answer's.
    const failed = isObject(json) && json.id === undefined && json.cdrId === undefined ? failureInBody(json) : null;
    if (failed?.code === 404) throw notFound();
    if (failed) throw listFailure(res, json, failed);
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
      const window = cursor;
      const records: CallRecord[] = [];
      let requests = 0;
      // A pass that fails after some pages gives none of them (the poller needs the error: stale, backoff):
      // the next one starts again where this one started, or the records of those pages were never counted.
      const startedAt = window.offset;
      try {
        while (requests < maxPages) {
          if (requests > 0) await sleep(pauseMs, signal);
          const page = await getPage(cdrQueryString({ startDate: window.start, endDate: window.end }, { limit: pageSize, offset: window.offset }), signal);
          requests++;
          // The offset counts every row; records the day already holds stop here, as each page comes, and
          // are not held with the pass's new ones until it ends (a pass reads again at least 5 minutes).
          for (const r of remember(page.rows)) if (!hints.folded?.(r.id)) records.push(r);
          window.offset += page.rows.length;
          const done = page.rows.length < pageSize || (page.total !== null && window.offset >= page.total);
          if (done) {
            cursor = null;
            return { records, complete: true, requests };
          }
        }
      } catch (e) {
        window.offset = startedAt;
        throw e;
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
