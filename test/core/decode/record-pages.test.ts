// Pages of call records (GET /v2/cdr) read in the decode worker (a real worker_threads thread running
// main/core/decode/decode-worker.ts) and inline, through the real CDR reader over HTTP to the simulator: the
// same records as the page reader gives on this thread, a failure inside a 200 in each seed's shape, a
// truncated or misshapen page, each a clear error that loses no record, a lost worker, a worker that cannot
// start.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '../../../common/domain';
import { createCdrReader, type CdrReader } from '../../../main/core/connectors/tel4vn/cdr';
import { readCdrPage } from '../../../main/core/connectors/tel4vn/cdr-rows';
import { createTel4vnSession, type Tel4vnSession } from '../../../main/core/connectors/tel4vn/session';
import { createListDecoder, type ListDecoder } from '../../../main/core/decode/list-decoder';
import { createHttpClient } from '../../../main/core/http/http-client';
import { localDayStart } from '../../../main/core/picture/local-day';
import { startSimulator, type Simulator } from '../../../main/simulator/index';
import { zoneAtHour } from '../../fixtures/zone-at-hour';
import { failure } from '../connector-failure';

const WORKER = new URL('../../../main/core/decode/decode-worker.ts', import.meta.url);
// A PBX where it is 22:xx, most of its day behind it: pages to read (test/fixtures/zone-at-hour.ts).
const ZONE = zoneAtHour(22);

let sim: Simulator;
let session: Tel4vnSession;
const open: { close(): void }[] = [];

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false, seed: 13, agents: 40, timezone: ZONE });
  const http = createHttpClient({ baseUrl: sim.url, timeoutMs: 5000 });
  session = createTel4vnSession({ http, credentials: { username: 'demo', password: 'demo' } });
  open.push(http);
  await session.login();
});
afterAll(async () => {
  session.close();
  for (const x of open.splice(0)) x.close();
  await sim.close();
});
afterEach(() => {
  sim.control.clearFaults();
});

function decoderOf(mode: 'worker' | 'inline', log?: (m: string) => void): ListDecoder {
  const d = createListDecoder({ ...(mode === 'worker' ? { workerFile: WORKER } : {}), ...(log ? { log } : {}) });
  open.push(d);
  return d;
}

function readerOf(decoder: ListDecoder, pauseMs = 0): CdrReader {
  return createCdrReader({ session, zone: ZONE, decoder, pageSize: 50, pauseMs, maxPagesPerPass: 3 });
}

const hints = () => ({ dayStart: localDayStart(Date.now(), ZONE), newestStartedAt: null, coverFrom: null });
const cdrRequests = () => sim.control.requests().filter((r) => r.path === '/v2/cdr');

/** Every pass to the end of the day, counting each id once. */
async function readDay(reader: CdrReader): Promise<Map<string, CallRecord>> {
  const seen = new Map<string, CallRecord>();
  for (let passes = 0; passes < 100; passes++) {
    const pass = await reader.pass(hints());
    for (const r of pass.records) seen.set(r.id, r);
    if (pass.complete) return seen;
  }
  throw new Error('the day never ended');
}

describe.each(['worker', 'inline'] as const)('call-record pages (%s)', (mode) => {
  it('gives the records the page reader gives on this thread, page by page', async () => {
    const reader = readerOf(decoderOf(mode));
    sim.control.clearRequests();
    const pass = await reader.pass(hints());
    expect(pass.requests).toBe(3);
    // The same pages asked again, read here from their JSON: the same records, in the same order.
    const reference: CallRecord[] = [];
    for (const r of cdrRequests()) {
      const res = await session.get(`/v2/cdr?${new URLSearchParams(r.query as Record<string, string>).toString()}`);
      reference.push(...readCdrPage(res.json, ZONE).rows.map((x) => x.record));
    }
    expect(pass.records).toHaveLength(150);
    expect(pass.records).toEqual(reference);
    expect(pass.records.some((r) => r.destination !== null && r.answeredAt === null)).toBe(true);
  });

  it.each(['status-fail', 'error', 'code-content'] as const)(
    'a failure inside a 200 (%s) mid-pass fails it in the PBX\'s words, and the next pass loses no record',
    async (shape) => {
      const expected = sim.control.state().counts.cdrs;
      const reader = readerOf(decoderOf(mode), 400);
      sim.control.clearRequests();
      const failing = reader.pass(hints());
      // The second page fails: the fault is set during the pause after the first.
      await vi.waitFor(() => expect(cdrRequests().length).toBe(1), { timeout: 5000, interval: 5 });
      sim.control.addFault({ route: '/v2/cdr', kind: 'body', shape, message: 'Lỗi hệ thống CDR', times: 1 });
      const err = await failure(failing);
      expect(err.error.code).toBe('PBX_ERROR');
      expect(err.message).toMatch(/GET \/v2\/cdr.*Lỗi hệ thống CDR/);
      // The page read before the failure was not counted: the day read on from the same start has it all.
      const day = await readDay(reader);
      expect(day.size).toBe(expected);
      expect(Number(cdrRequests()[2]?.query.offset)).toBe(0);
    },
  );

  it('a truncated page is not JSON, a misshapen one names its field: clear errors, then the day whole', async () => {
    const expected = sim.control.state().counts.cdrs;
    const reader = readerOf(decoderOf(mode));
    sim.control.addFault({ route: '/v2/cdr', kind: 'malformed', times: 1 });
    const truncated = await failure(reader.pass(hints()));
    expect(truncated.error.code).toBe('BAD_RESPONSE');
    expect(truncated.message).toMatch(/answer to GET \/v2\/cdr.* is not JSON/);
    sim.control.addFault({ route: '/v2/cdr', kind: 'wrong-shape', times: 1 });
    const misshapen = await failure(reader.pass(hints()));
    expect(misshapen.error).toMatchObject({ code: 'BAD_RESPONSE', field: 'data' });
    expect((await readDay(reader)).size).toBe(expected);
  });
});

describe('call-record pages and the decode worker', () => {
  it('a page in flight when the worker is lost fails clearly; a new worker reads the next', async () => {
    const logged: string[] = [];
    const decoder = decoderOf('worker', (m) => logged.push(m));
    const res = () => session.get('/v2/cdr?limit=50&offset=0', undefined, true);
    const first = await decoder.readCdrPage(await res(), ZONE);
    // readCdrPage posts the page before it returns: closing the decoder at once loses the worker mid-job.
    const inFlight = decoder.readCdrPage(await res(), ZONE);
    decoder.close();
    const lost = await failure(inFlight);
    expect(lost.error.code).toBe('INTERNAL');
    expect(lost.message).toMatch(/GET \/v2\/cdr/);
    // Closing is not a fault: the console shutting down logs no failed decode.
    expect(logged).toEqual([]);
    const again = await decoder.readCdrPage(await res(), ZONE);
    expect(again).toEqual(first);
    expect(decoder.mode).toBe('worker');
  });

  it('falls back to reading pages inline, losing none, when the worker cannot start', async () => {
    const logged: string[] = [];
    const decoder = createListDecoder({ workerFile: new URL('./no-such-worker.cjs', import.meta.url), log: (m) => logged.push(m) });
    open.push(decoder);
    const reference = readCdrPage((await session.get('/v2/cdr?limit=50&offset=0')).json, ZONE);
    const page = await decoder.readCdrPage(await session.get('/v2/cdr?limit=50&offset=0', undefined, true), ZONE);
    expect(page).toEqual(reference);
    expect(decoder.mode).toBe('inline');
    expect(logged).toEqual([expect.stringMatching(/could not start .*decoding on the main thread instead/)]);
  });
});
