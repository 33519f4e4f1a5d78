// Issue 16's measure: the call-record pass at 10,000 agents (the simulator's back-filled day, about 200,000
// records), through the real modules the core runs: the TEL4VN CDR reader over real HTTP (decode: JSON and
// each row normalised, pages of 500, the polite 250 ms pause, 60 pages a pass), then the day's ledger
// (classify each record, reconcile the visits, the per-queue and per-half-hour counters, the fsync'd
// append) and today's figures. Measured: the first read of the day (back to back here; in the console the
// capped passes come one per 30 s cadence), one incremental pass after it (the overlap re-read, the
// records the day holds left out page by page), wall time, the main thread's busy time (event-loop
// utilisation, so the polite pauses and the network wait do not count), the PBX requests, the heap the
// day's ledger holds, and the file it writes.
// The pages are read in the decode worker, as the console reads them (main/core/decode/record-pages.ts);
// the same 40 pages read back to back inline and in the worker, in turn three times each (a loaded machine's
// noise falls on both), give the main thread's cost per page and its longest block either way (medians).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CallRecord } from '../common/domain';
import { createCdrReader } from '../main/core/connectors/tel4vn/cdr';
import { createTel4vnSession } from '../main/core/connectors/tel4vn/session';
import { createListDecoder, type ListDecoder } from '../main/core/decode/list-decoder';
import { createHttpClient } from '../main/core/http/http-client';
import { createDailyStats } from '../main/core/picture/daily-stats';
import { flushJsonLines } from '../main/core/storage/jsonl-file';
import { localDayStart } from '../main/core/picture/local-day';
import { createEndedCalls } from '../main/core/session/ended-calls';
import { DEMO_CREDENTIALS } from '../main/simulator';
import type { SimProcess } from './lib/sim-process';
import { monitorLoopDelay } from './lib/loop-delay';
import { median } from './lib/stats';

const TIMEZONE = 'Asia/Ho_Chi_Minh';
const WORKER = new URL('../main/core/decode/decode-worker.ts', import.meta.url);
/** Pages of 500 read back to back, inline and in the worker, for the main thread's cost per page. */
const COMPARED_PAGES = 40;

interface PageReadCost {
  /** The main thread busy per page (receiving it, and reading it when inline), ms. */
  busyPerPageMs: number;
  /** The main event loop's longest delay while the pages were read, ms. */
  maxBlockMs: number;
}

export interface CdrPassFigures {
  agents: number;
  /** Records the simulator holds for the day. */
  dayRecords: number;
  first: {
    records: number;
    /** Passes the page cap split the day into (one per 30 s cadence in the console). */
    passes: number;
    requests: number;
    /** Reading (HTTP, decode, normalise) with the polite pauses, ms. */
    wallMs: number;
    /** The main thread busy while reading, ms (event-loop utilisation's active time). */
    busyMs: number;
    /** Classify + reconcile + counters + the fsync'd append of the whole day, ms (all on the main thread). */
    foldMs: number;
    /** today:get's figures (the floor and every queue, 48 half hours) from the ledger, ms. */
    todayMs: number;
    /** Heap held after the day is read and folded (after a GC), MiB; null without a GC to call. */
    heapMiB: number | null;
    /** daily-stats.jsonl after the day, MiB. */
    fileMiB: number;
  };
  incremental: { records: number; fresh: number; requests: number; wallMs: number; busyMs: number; foldMs: number };
  /** Where the pages above were read ('worker': the console's way). */
  readIn: 'worker' | 'inline';
  pages: { count: number; inline: PageReadCost; worker: PageReadCost };
}

/** A GC to call before reading the heap (node has none without --expose-gc: turned on here). */
function gcFunction(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

const busySince = (start: ReturnType<typeof performance.eventLoopUtilization>): number => performance.eventLoopUtilization(start).active;

/** `COMPARED_PAGES` pages of the day read back to back by `decoder`: the main thread's share. */
async function pageReadCost(session: ReturnType<typeof createTel4vnSession>, decoder: ListDecoder, dayStart: number, now: () => number): Promise<PageReadCost> {
  const reader = createCdrReader({ session, zone: TIMEZONE, now, decoder, pauseMs: 0, maxPagesPerPass: COMPARED_PAGES });
  // A first page warms the path (the worker's start, the JIT) outside the measure.
  await createCdrReader({ session, zone: TIMEZONE, now, decoder, maxPagesPerPass: 1 }).pass({ dayStart, newestStartedAt: null, coverFrom: null });
  const delay = monitorLoopDelay(5);
  delay.enable();
  const elu = performance.eventLoopUtilization();
  const pass = await reader.pass({ dayStart, newestStartedAt: null, coverFrom: null });
  const busy = busySince(elu);
  delay.disable();
  return { busyPerPageMs: busy / pass.requests, maxBlockMs: delay.maxMs() };
}

export async function measureCdrPass(sim: SimProcess, agents: number): Promise<CdrPassFigures> {
  const gc = gcFunction();
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-cdr-'));
  const http = createHttpClient({ baseUrl: sim.url, timeoutMs: 30_000 });
  const session = createTel4vnSession({ http, credentials: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password } });
  const decoder = createListDecoder({ workerFile: WORKER });
  const inline = createListDecoder();
  try {
    await session.login();
    const state = await sim.state();
    const dayRecords = state.counts.cdrs;
    // The simulator's clock (its scenario may run ahead of the wall clock) is the PBX's time.
    const offset = state.now - Date.now();
    const now = (): number => Date.now() + offset;
    // The console's own settings: pages of 500, 250 ms apart, 60 a pass.
    const reader = createCdrReader({ session, zone: TIMEZONE, now, decoder });
    const daily = createDailyStats({ file: join(dir, 'daily-stats.jsonl'), zone: () => TIMEZONE, now, log: () => {}, serviceLevelSec: () => 20, shortAbandonSec: () => 5 });
    const dayStart = localDayStart(now(), TIMEZONE);
    const rounds: { inline: PageReadCost[]; worker: PageReadCost[] } = { inline: [], worker: [] };
    for (let i = 0; i < 3; i++) {
      rounds.inline.push(await pageReadCost(session, inline, dayStart, now));
      rounds.worker.push(await pageReadCost(session, decoder, dayStart, now));
    }
    const mid = (list: PageReadCost[]): PageReadCost => ({
      busyPerPageMs: median(list.map((x) => x.busyPerPageMs)) ?? 0,
      maxBlockMs: median(list.map((x) => x.maxBlockMs)) ?? 0,
    });
    const pages = { count: COMPARED_PAGES, inline: mid(rounds.inline), worker: mid(rounds.worker) };
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;

    // The first read of the day: capped passes, back to back.
    const records: CallRecord[] = [];
    let passes = 0;
    let requests = 0;
    let complete = false;
    const elu = performance.eventLoopUtilization();
    const t0 = performance.now();
    while (!complete && passes < 100) {
      const pass = await reader.pass({ dayStart, newestStartedAt: null, coverFrom: null });
      records.push(...pass.records);
      requests += pass.requests;
      complete = pass.complete;
      passes++;
    }
    const wallMs = performance.now() - t0;
    const busyMs = busySince(elu);
    const f0 = performance.now();
    daily.addRecords(records);
    daily.markRecordsComplete();
    // The day's lines go in a turn after the fold (storage/jsonl-file.ts appendJsonLinesSoon): timed with it.
    flushJsonLines();
    const foldMs = performance.now() - f0;
    const q0 = performance.now();
    daily.today([], new Set(['']));
    const todayMs = performance.now() - q0;
    records.length = 0; // the core keeps the ledger, not the pass's array
    gc?.();
    const heapMiB = gc ? (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20 : null;
    const fileMiB = statSync(join(dir, 'daily-stats.jsonl')).size / 2 ** 20;

    // One incremental pass, as the next 30 s cadence would run it: reaching back to the calls that ended
    // in those 30 s (session/ended-calls.ts), as the core does.
    const ended = createEndedCalls();
    const callsNow = async () => (await sim.state()).calls.map((c) => ({ id: c.id, startedAt: c.createdAt }));
    ended.coverFrom(await callsNow(), now());
    ended.coverFrom(await callsNow(), now()); // past the connection's first pass
    await sim.post('/_sim/tick', { steps: 30 });
    const oldestLive = ended.coverFrom(await callsNow(), now());
    const elu2 = performance.eventLoopUtilization();
    const t1 = performance.now();
    // Past the day's first whole pass, as the core does (session/records-source.ts): the records the day
    // holds are left out page by page.
    const inc = await reader.pass({ dayStart, newestStartedAt: daily.newestRecordAt(), coverFrom: oldestLive, folded: (id) => daily.hasRecord(id) });
    const incWall = performance.now() - t1;
    const incBusy = busySince(elu2);
    const f1 = performance.now();
    const fresh = daily.addRecords(inc.records);
    flushJsonLines();
    const incFold = performance.now() - f1;

    return {
      agents,
      dayRecords,
      first: { records: daily.recordCount(), passes, requests, wallMs, busyMs, foldMs, todayMs, heapMiB, fileMiB },
      incremental: { records: inc.records.length, fresh: fresh.length, requests: inc.requests, wallMs: incWall, busyMs: incBusy, foldMs: incFold },
      readIn: decoder.mode,
      pages,
    };
  } finally {
    decoder.close();
    inline.close();
    session.close();
    http.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
