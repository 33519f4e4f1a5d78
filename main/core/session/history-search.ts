// The call-history search, paged by main so every page the console shows is full.
//
// GET /v2/cdr filters by date, number, extension and direction, but not by status or queue (seed 002 has
// no such parameter). Those two are applied here: main reads the PBX's pages (500 records each, the seed's
// cap) in order, keeps the matching records, and cuts them into pages of the asked size. Where each page
// of a search starts in the PBX's list is remembered (a few searches, newest kept), so "next" costs only
// the PBX pages that page spans, and a page asked again starts where it did. Budget: at most
// SCAN_MAX_REQUESTS PBX requests per page asked, a pause between them; a page that could not be filled
// within it comes back short with `more` (the next one goes on from there) and says how far it read.
// Without a status or queue filter the PBX's own pagination answers each page as it is.
// choice: the PBX lists newest first; records arriving during a search shift its pages by as many rows
// (the PBX's own pagination has the same trait); a new search starts afresh.
import type { HistoryPage, HistorySearch } from '../../../common/contract';
import type { CallRecord } from '../../../common/domain';
import type { CallRecordsApi, RecordSearch } from '../connectors/connector';

/** The PBX's page size while scanning: the seed's maximum. */
export const SCAN_PAGE = 500;
/** PBX requests one asked page may cost (10,000 records read). */
export const SCAN_MAX_REQUESTS = 20;
const SCAN_PAUSE_MS = 100;
const REMEMBERED_SEARCHES = 8;

/** A position in the PBX's list: a PBX page (1-based, SCAN_PAGE records) and an index in it. */
interface At {
  pbxPage: number;
  index: number;
}

interface Scan {
  /** starts[p - 1]: where page p begins; starts[p]: where it ended, once read. */
  starts: At[];
  /** Records on each page read (a page the budget cut short holds fewer). */
  counts: number[];
  /** The page on which the PBX's list ended; null until read that far. */
  lastPage: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface HistorySearcher {
  search(api: CallRecordsApi, request: HistorySearch): Promise<HistoryPage>;
}

export function createHistorySearcher(pauseMs = SCAN_PAUSE_MS): HistorySearcher {
  const scans = new Map<string, Scan>();

  function pbxQuery(request: HistorySearch): RecordSearch {
    return {
      startDate: request.from, endDate: request.to,
      ...(request.phone ? { phone: request.phone } : {}),
      ...(request.extension ? { extension: request.extension } : {}),
      ...(request.direction ? { direction: request.direction } : {}),
    };
  }

  function matcher(request: HistorySearch): (r: CallRecord) => boolean {
    const queue = request.queue?.trim().toLowerCase();
    return (r) => (!request.status || r.status === request.status) && (!queue || (r.destination ?? '').toLowerCase() === queue);
  }

  function scanOf(request: HistorySearch): Scan {
    const { page: _page, ...rest } = request;
    const key = JSON.stringify(rest);
    let scan = scans.get(key);
    if (scan) scans.delete(key);
    else scan = { starts: [{ pbxPage: 1, index: 0 }], counts: [], lastPage: null };
    scans.set(key, scan);
    for (const k of scans.keys()) {
      if (scans.size <= REMEMBERED_SEARCHES) break;
      scans.delete(k);
    }
    return scan;
  }

  return {
    async search(api, request) {
      const query = pbxQuery(request);
      if (!request.status && !request.queue) {
        const result = await api.search(query, request.page, request.pageSize);
        const more = result.total !== null ? request.page * request.pageSize < result.total : result.records.length === request.pageSize;
        return { records: result.records, total: result.total, page: request.page, pageSize: request.pageSize, more, scanned: null };
      }
      const matches = matcher(request);
      const scan = scanOf(request);
      // Pages are asked one after the other (the view's next / previous): a page past the last one read
      // is the next one to read.
      const page = Math.min(request.page, scan.starts.length, scan.lastPage ?? Infinity);
      let at = scan.starts[page - 1] as At;
      /** Where this page ended when it was read before: read again, it holds the same records. */
      const stopAt = scan.starts[page];
      const before = (p: At): boolean => !stopAt || p.pbxPage < stopAt.pbxPage || (p.pbxPage === stopAt.pbxPage && p.index < stopAt.index);
      let requests = 0;
      let scanned = 0;
      let rows: CallRecord[] | null = null;
      const found: CallRecord[] = [];
      let end = false;
      while (requests < SCAN_MAX_REQUESTS) {
        if (rows === null) {
          if (requests > 0) await sleep(pauseMs);
          rows = (await api.search(query, at.pbxPage, SCAN_PAGE)).records;
          requests++;
        }
        let i = at.index;
        for (; i < rows.length && found.length < request.pageSize && before({ pbxPage: at.pbxPage, index: i }); i++) {
          scanned++;
          if (matches(rows[i] as CallRecord)) found.push(rows[i] as CallRecord);
        }
        end = rows.length < SCAN_PAGE && i >= rows.length;
        if (i >= rows.length && !end) {
          at = { pbxPage: at.pbxPage + 1, index: 0 };
          rows = null;
        } else at = { pbxPage: at.pbxPage, index: i };
        if (found.length === request.pageSize || end || !before(at)) break;
      }
      // A page cut short by the budget ends where the reading stopped: the next page goes on from there.
      if (!stopAt) {
        scan.starts[page] = at;
        scan.counts[page - 1] = found.length;
      }
      if (end) scan.lastPage = page;
      const total = scan.lastPage === null ? null : scan.counts.slice(0, scan.lastPage).reduce((n, c) => n + c, 0);
      const more = scan.lastPage === null || page < scan.lastPage;
      return { records: found, total, page, pageSize: request.pageSize, more, scanned };
    },
  };
}
