// The history search pages a status or queue filter itself (the PBX has neither): every page full, pages
// stable when asked again, the total known once the list's end is read, a budget per page that ends a
// page short with `more` and goes on from there on the next.
import { describe, expect, it } from 'vitest';
import type { HistorySearch } from '../../../common/contract';
import type { CallRecord, CallRecordStatus } from '../../../common/domain';
import type { CallRecordsApi } from '../../../main/core/connectors/connector';
import { SCAN_MAX_REQUESTS, SCAN_PAGE, createHistorySearcher } from '../../../main/core/session/history-search';

function record(i: number, status: CallRecordStatus, destination: string | null = 'Sales'): CallRecord {
  return {
    id: `r${i}`, direction: 'inbound', extension: '101', from: '0900', to: '1900', destination, startedAt: 1_000_000 - i, answeredAt: null,
    endedAt: 1_000_000 - i + 5, durationSec: 5, talkSec: 0, status, statusText: status, cause: null, customerId: null, hasRecording: false,
  };
}

/** The PBX's pagination over a fixed list, counting its requests. */
function pbx(list: CallRecord[]): CallRecordsApi & { asked: { page: number; size: number }[] } {
  const asked: { page: number; size: number }[] = [];
  return {
    asked,
    async search(_q, page, size) {
      asked.push({ page, size });
      return { records: list.slice((page - 1) * size, page * size), total: list.length };
    },
    pass: async () => ({ records: [], complete: true, requests: 0 }),
    get: async () => list[0]!,
    recording: async () => null,
  };
}

const base: HistorySearch = { from: '2026-12-06', to: '2026-12-06', page: 1, pageSize: 50 };

describe('history search paged by main', () => {
  it('fills every page with the status asked for, and knows the total at the end', async () => {
    // Every 7th record is abandoned-like ("cancel"): 1,300 records, 186 matches.
    const list = Array.from({ length: 1300 }, (_, i) => record(i, i % 7 === 0 ? 'cancel' : 'answered'));
    const api = pbx(list);
    const search = createHistorySearcher(0);
    const p1 = await search.search(api, { ...base, status: 'cancel' });
    expect(p1.records).toHaveLength(50);
    expect(p1.records.every((r) => r.status === 'cancel')).toBe(true);
    expect(p1.more).toBe(true);
    expect(p1.total).toBeNull();
    expect(api.asked.every((a) => a.size === SCAN_PAGE)).toBe(true);
    const ids = new Set(p1.records.map((r) => r.id));
    for (const page of [2, 3]) {
      const p = await search.search(api, { ...base, status: 'cancel', page });
      expect(p.records).toHaveLength(50);
      for (const r of p.records) expect(ids.has(r.id)).toBe(false);
      for (const r of p.records) ids.add(r.id);
    }
    const p4 = await search.search(api, { ...base, status: 'cancel', page: 4 });
    expect(p4.records).toHaveLength(186 - 150);
    expect(p4).toMatchObject({ more: false, total: 186, page: 4 });
    // Asked again, a page holds the same records; past the end is the last page.
    const again = await search.search(api, { ...base, status: 'cancel', page: 2 });
    expect(again.records.map((r) => r.id)).toEqual(list.filter((r) => r.status === 'cancel').slice(50, 100).map((r) => r.id));
    expect((await search.search(api, { ...base, status: 'cancel', page: 9 })).page).toBe(4);
  });

  it('filters by queue (receive_dest) in any letter case', async () => {
    const list = Array.from({ length: 120 }, (_, i) => record(i, 'answered', i % 2 ? 'Sales' : 'Support'));
    const p = await createHistorySearcher(0).search(pbx(list), { ...base, queue: 'support' });
    expect(p.records).toHaveLength(50);
    expect(p.records.every((r) => r.destination === 'Support')).toBe(true);
  });

  it('stops a page at its request budget and goes on from there on the next page', async () => {
    // One match in 12,000 records, at the very end.
    const list = Array.from({ length: 12_000 }, (_, i) => record(i, i === 11_999 ? 'busy' : 'answered'));
    const api = pbx(list);
    const search = createHistorySearcher(0);
    const p1 = await search.search(api, { ...base, status: 'busy' });
    expect(api.asked).toHaveLength(SCAN_MAX_REQUESTS);
    expect(p1).toMatchObject({ records: [], more: true, total: null, scanned: SCAN_MAX_REQUESTS * SCAN_PAGE });
    const p2 = await search.search(api, { ...base, status: 'busy', page: 2 });
    expect(p2.records.map((r) => r.id)).toEqual(['r11999']);
    expect(p2).toMatchObject({ more: false, total: 1 });
  });

  it('passes an unfiltered search to the PBX page for page', async () => {
    const api = pbx(Array.from({ length: 75 }, (_, i) => record(i, 'answered')));
    const p2 = await createHistorySearcher(0).search(api, { ...base, page: 2 });
    expect(api.asked).toEqual([{ page: 2, size: 50 }]);
    expect(p2).toMatchObject({ total: 75, more: false, scanned: null });
    expect(p2.records).toHaveLength(25);
  });
});
