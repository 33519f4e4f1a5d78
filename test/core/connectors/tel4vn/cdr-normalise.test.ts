// CDRs as seed 002 shows them: its own example answers (default and flex lists, a single record), and their
// variants: a direction as a word or a number, the id with a stray space, zone-less times in the PBX's zone
// (or with an offset), an empty time_answered, numbers sent as text, "data": null, a wrong shape naming its field.
// A pass over the seed's own page, served over HTTP, leaves out the records the day holds by their trimmed id.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../../main/core/http/json-fields';
import { cdrQueryString, createCdrReader, overlapMs } from '../../../../main/core/connectors/tel4vn/cdr';
import { createTel4vnSession } from '../../../../main/core/connectors/tel4vn/session';
import { createHttpClient } from '../../../../main/core/http/http-client';
import { normaliseCdr, readCdrPage, readRecordStatus } from '../../../../main/core/connectors/tel4vn/cdr-rows';
import { SEED } from '../../../simulator/seed-examples';

const ZONE = 'Asia/Ho_Chi_Minh';
// The seed's "Get CDRs" default answer, verbatim (its "..." rows left out).
const DEFAULT_LIST = {
  data: [
    { id: 'ad4c9b90-c071-405a-9723-980d2e5e1623', sip_call_id: '112233aabbccddee..', cause: 'NORMAL_CLEARING', duration: 11, direction: 3, recording_url: 'http://recording.demo/ad4c9b90-c071-405a-9723-980d2e5e1623', extension: '101', from_number: '19001919', to_number: '0899888999', receive_dest: '', time_started: '2021-02-17 17:30:35', time_answered: '2021-02-17 17:30:43', time_ended: '2021-02-17 17:30:46', status: 'ANSWERED', customer_id: 'KH1' },
    { id: '01b7d166-b564-42ec-80a1-4ad343225934 ', sip_call_id: 'aabbccddee112233..', cause: 'NORMAL_CLEARING', duration: 7, direction: 3, recording_url: '', extension: '101', from_number: '19001919', to_number: '0899888999', receive_dest: '', time_started: '2021-02-18 17:20:58', time_answered: '', time_ended: '2021-02-18 17:21:05', status: 'BUSY', customer_id: 'KH1' },
  ],
  limit: 10,
  offset: 10,
  total: 35,
};
const FLEX_LIST = {
  data: [
    SEED.cdrFlex,
    { cdrId: 'b689a2e3-0e12-47f4-8dc7-516c1dd10828', sip_call_id: 'c92973c8-49e1-123a-89ab-fa163e3b9b38', recordFile: '', extensionId: '101', to: '0899888999', hangupAt: '2021-06-17 14:38:10', answeredAt: '', ringAt: '2021-06-17 14:38:05', dialAt: '2021-06-17 14:38:01', status: 'busy', duration: 9, direction: 'outbound', billsec: 0, customerId: 'KH1' },
  ],
  limit: 10,
  offset: 10,
  total: 35,
};
const local = (y: number, mo: number, d: number, h: number, mi: number, s: number) => Date.UTC(y, mo - 1, d, h - 7, mi, s);

describe('CDR rows (seed 002)', () => {
  it('reads the default mapping list: numeric direction, the id\'s stray space, empty time_answered', () => {
    const page = readCdrPage(DEFAULT_LIST, ZONE);
    expect(page.total).toBe(35);
    const [a, b] = page.rows;
    expect(a?.record).toEqual({
      id: 'ad4c9b90-c071-405a-9723-980d2e5e1623', direction: 'outbound', extension: '101', from: '19001919', to: '0899888999',
      destination: null, startedAt: local(2021, 2, 17, 17, 30, 35), answeredAt: local(2021, 2, 17, 17, 30, 43), endedAt: local(2021, 2, 17, 17, 30, 46),
      durationSec: 11, talkSec: 3, status: 'answered', statusText: 'ANSWERED', cause: 'NORMAL_CLEARING', customerId: 'KH1', hasRecording: true,
    });
    expect(a?.recordingUrl).toBe('http://recording.demo/ad4c9b90-c071-405a-9723-980d2e5e1623');
    expect(b?.record).toMatchObject({ id: '01b7d166-b564-42ec-80a1-4ad343225934', answeredAt: null, talkSec: 0, status: 'busy', hasRecording: false });
  });

  it('reads the flex mapping list: words for direction, billsec as talk time, no caller and no queue', () => {
    const [a, b] = readCdrPage(FLEX_LIST, ZONE).rows;
    expect(a?.record).toMatchObject({
      id: '0c1d6ff3-c9b0-4fd1-8f5c-7be53f5f6973', direction: 'outbound', extension: '101', from: '', to: '0899888999', destination: null,
      startedAt: local(2021, 6, 17, 14, 14, 31), answeredAt: local(2021, 6, 17, 14, 14, 33), endedAt: local(2021, 6, 17, 14, 14, 56),
      durationSec: 25, talkSec: 23, status: 'answered', hasRecording: true,
    });
    expect(b?.record).toMatchObject({ answeredAt: null, status: 'busy', talkSec: 0, hasRecording: false });
    // The single-record answers of both mappings.
    expect(normaliseCdr(SEED.cdr, ZONE).record).toMatchObject({ id: '01b7d166-b564-42ec-80a1-4ad343225934', status: 'busy', direction: 'outbound' });
    expect(normaliseCdr(SEED.cdrFlex, ZONE).record.id).toBe('0c1d6ff3-c9b0-4fd1-8f5c-7be53f5f6973');
  });

  it('takes the variants: directions in words or digits, statuses in any spelling, offsets, numbers as text, null data', () => {
    const row = { ...DEFAULT_LIST.data[1], direction: 'Inbound', receive_dest: 'Hỗ trợ', duration: '7', time_started: '2021-02-18T17:20:58+07:00', status: 'NO_ANSWER' };
    expect(normaliseCdr(row, ZONE).record).toMatchObject({ direction: 'inbound', destination: 'Hỗ trợ', durationSec: 7, startedAt: local(2021, 2, 18, 17, 20, 58), status: 'no-answered' });
    expect(normaliseCdr({ ...row, direction: '1' }, ZONE).record.direction).toBe('inbound');
    expect(normaliseCdr({ ...row, direction: 2 }, ZONE).record.direction).toBe('local');
    expect(normaliseCdr({ ...row, direction: 9 }, ZONE).record.direction).toBeNull();
    expect(['answered', 'no-answered', 'Cancel', 'NOT_AVAILABLE', 'invalid', 'weird'].map(readRecordStatus)).toEqual(['answered', 'no-answered', 'cancel', 'not-available', 'invalid', 'other']);
    expect(readCdrPage({ data: null, total: 0 }, ZONE).rows).toEqual([]);
    // The same wall-clock text is another instant in another PBX zone.
    expect(normaliseCdr(SEED.cdr, 'America/Sao_Paulo').record.startedAt).toBe(Date.UTC(2021, 1, 18, 20, 20, 58));
  });

  it('names the failing field of a wrong shape', () => {
    const bad = (body: unknown) => {
      try {
        readCdrPage(body, ZONE);
      } catch (e) {
        return (e as FieldError).field;
      }
      return null;
    };
    expect(bad({ data: {} })).toBe('data');
    expect(bad({ data: [{ ...SEED.cdr, id: '  ' }] })).toBe('data[0].id');
    expect(bad({ data: [{ ...SEED.cdr, time_started: 'yesterday' }] })).toBe('data[0].time_started');
    expect(bad({ data: [{ ...SEED.cdr, duration: 'long' }] })).toBe('data[0].duration');
  });

  it('asks politely: at most 500 a page, an end date as a whole day, scroll or pagination', () => {
    expect(cdrQueryString({ startDate: '2021-02-18', endDate: '2021-02-19' }, { limit: 5000, offset: 1000 })).toBe(
      'start_date=2021-02-18&end_date=2021-02-19+23%3A59%3A59&limit=500&offset=1000',
    );
    expect(cdrQueryString({ phone: '0899888999', direction: 'inbound', extension: '101' }, { limit: 50, page: 2 })).toBe(
      'extension=101&phone=0899888999&direction=inbound&limit=50&page=2',
    );
    // The overlap of an incremental pass: 5 min at least, the age of the oldest call ended since + 1 min, 3 h at most.
    expect(overlapMs(1_000_000_000, null)).toBe(300_000);
    expect(overlapMs(1_000_000_000, 1_000_000_000 - 20 * 60_000)).toBe(21 * 60_000);
    expect(overlapMs(1_000_000_000, 0)).toBe(3 * 3_600_000);
  });
});

describe('a record pass over the seed\'s page', () => {
  it('leaves out the records the day holds by their trimmed id, and a 200 carrying a failure still fails the pass', async () => {
    // The PBX: the seed's token answer, then GET /v2/cdr answers in turn (the seed's default list, then a
    // failure inside a 200 in the seed's "status": "fail" shape).
    const pages: unknown[] = [DEFAULT_LIST, { data: null, status: 'fail', message: 'Lỗi hệ thống CDR' }];
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/v2/auth/token') return res.end(JSON.stringify(SEED.token));
      if (req.method === 'GET' && req.url?.startsWith('/v2/cdr?')) return res.end(JSON.stringify(pages.shift()));
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const http = createHttpClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 5000 });
    const session = createTel4vnSession({ http, credentials: { apiKey: 'demo-key' } });
    try {
      await session.login();
      const reader = createCdrReader({ session, zone: ZONE, pauseMs: 0 });
      const hints = { dayStart: local(2021, 2, 17, 0, 0, 0), newestStartedAt: local(2021, 2, 18, 17, 25, 0), coverFrom: null };
      // The day holds the BUSY record, whose id the seed sends with a stray space.
      const asked: string[] = [];
      const pass = await reader.pass({ ...hints, folded: (id) => (asked.push(id), id === '01b7d166-b564-42ec-80a1-4ad343225934') });
      expect(asked).toEqual(['ad4c9b90-c071-405a-9723-980d2e5e1623', '01b7d166-b564-42ec-80a1-4ad343225934']);
      expect(pass.records.map((r) => r.id)).toEqual(['ad4c9b90-c071-405a-9723-980d2e5e1623']);
      expect(pass.complete).toBe(true);
      // Leaving records out never turns a failed page into an empty one.
      await expect(reader.pass({ ...hints, folded: () => true })).rejects.toMatchObject({ error: { code: 'PBX_ERROR' } });
    } finally {
      session.close();
      http.close();
      await new Promise((r) => server.close(r));
    }
  });
});
