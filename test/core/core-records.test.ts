// The PBX's call records through the real connector and core, against the simulator over HTTP: the
// reader's paging (scroll, bounded pages, a pause between them, a cap per pass that resumes), incremental
// reads, the day reconciled (a visit seen live and in the records counts once; one only in the records
// counts), and the catch-up after a restart with abandons made while the console was down: listed once,
// marked while away, ONE summary event, a caller who got through since shown reached.
import { afterEach, describe, expect, it } from 'vitest';
import type { AbandonedCall, FloorEvent, TodayState } from '../../common/domain';
import { zoneOffsetMs } from '../../common/zone-offset';
import { createCdrReader } from '../../main/core/connectors/tel4vn/cdr';
import { createTel4vnSession } from '../../main/core/connectors/tel4vn/session';
import { createHttpClient } from '../../main/core/http/http-client';
import { localDayStart } from '../../main/core/picture/local-day';
import { startSimulator, type Simulator } from '../../main/simulator/index';
import { startHarness, type Harness } from './core-harness';
import { zoneAtHour } from '../fixtures/zone-at-hour';

let sim: Simulator | null = null;
let h: Harness | null = null;
let second: Harness | null = null;
afterEach(async () => {
  await second?.close();
  second = null;
  await h?.close();
  h = null;
  await sim?.close();
  sim = null;
});

/**
 * A simulator where it is 22:xx, most of its day behind it: pages to read (test/fixtures/zone-at-hour.ts);
 * a CDR reader logged in to it with `paging`, and the day's start in its zone.
 */
async function readerAt22(paging: { pageSize: number; pauseMs: number; maxPagesPerPass: number }) {
  const ZONE = zoneAtHour(22);
  sim = await startSimulator({ agents: 40, autoRun: false, seed: 5, timezone: ZONE });
  const http = createHttpClient({ baseUrl: sim.url, timeoutMs: 5000 });
  const session = createTel4vnSession({ http, credentials: { apiKey: 'demo-key' } });
  await session.login();
  const close = (): void => {
    session.close();
    http.close();
  };
  return { sim, ZONE, reader: createCdrReader({ session, zone: ZONE, ...paging }), dayStart: localDayStart(Date.now(), ZONE), close };
}

describe('the CDR reader against the simulator', () => {
  it('reads the day politely in bounded pages, resumes a capped pass, then reads only what is new', async () => {
    const { sim, ZONE, reader, dayStart, close } = await readerAt22({ pageSize: 50, pauseMs: 20, maxPagesPerPass: 3 });
    const expected = sim.control.state().counts.cdrs;
    sim.control.clearRequests();
    const seen = new Map<string, number>();
    let passes = 0;
    let complete = false;
    while (!complete && passes < 100) {
      const pass = await reader.pass({ dayStart, newestStartedAt: null, coverFrom: null });
      for (const r of pass.records) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
      expect(pass.requests).toBeLessThanOrEqual(3);
      complete = pass.complete;
      passes++;
    }
    expect(seen.size).toBe(expected);
    expect(passes).toBe(Math.max(1, Math.ceil((expected + 1) / 150)));
    const requests = sim.control.requests().filter((r) => r.path === '/v2/cdr');
    expect(requests.every((r) => Number(r.query.limit) <= 500 && r.query.page === undefined)).toBe(true);
    // Within a pass, the pages are at least the pause apart; offsets chain by the rows received.
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(19);
    expect(requests.map((r) => Number(r.query.offset)).slice(0, 4)).toEqual([0, 50, 100, 150]);

    // Incremental: from the newest record seen minus the overlap (5 min with no live call).
    const newest = Date.now() - 60_000;
    sim.control.clearRequests();
    const agent = sim.control.state().agents.find((a) => a.loggedIn && a.status === 'available' && a.callId === null);
    const { callId } = sim.control.startCall(agent!.id, { number: '0912000111' });
    sim.control.hangupCall(callId);
    const inc = await reader.pass({ dayStart, newestStartedAt: newest, coverFrom: null });
    expect(inc.complete).toBe(true);
    expect(inc.records.some((r) => r.to === '0912000111')).toBe(true);
    const startDate = sim.control.requests().find((r) => r.path === '/v2/cdr')?.query.start_date;
    // In the PBX's wall-clock time, zone-less.
    const fiveMinBefore = new Date(newest - 300_000 + zoneOffsetMs(ZONE, newest)).toISOString().slice(0, 19).replace('T', ' ');
    expect(startDate).toBe(fiveMinBefore);
    close();
  });

  it('leaves out the records the day already holds as each page comes, its offsets still counting every row', async () => {
    const { sim, reader, dayStart, close } = await readerAt22({ pageSize: 2, pauseMs: 0, maxPagesPerPass: 500 });
    // Three new calls, then a pass over the last 5 minutes: the day's records there and the three.
    const agents = sim.control.state().agents.filter((a) => a.loggedIn && a.status === 'available' && a.callId === null).slice(0, 3);
    expect(agents).toHaveLength(3);
    for (const [i, a] of agents.entries()) sim.control.hangupCall(sim.control.startCall(a.id, { number: `091200022${i}` }).callId);
    const hints = { dayStart, newestStartedAt: Date.now(), coverFrom: null };
    const whole = await reader.pass(hints);
    expect(whole.complete).toBe(true);
    expect(whole.records.length).toBeGreaterThanOrEqual(3);
    // The same window again, the ledger holding all but the three new calls' records.
    const fresh = new Set(whole.records.filter((r) => r.to.startsWith('091200022')).map((r) => r.id));
    expect(fresh.size).toBe(3);
    const asked: string[] = [];
    sim.control.clearRequests();
    const again = await reader.pass({ ...hints, folded: (id) => (asked.push(id), !fresh.has(id)) });
    expect(again.complete).toBe(true);
    expect(new Set(again.records.map((r) => r.id))).toEqual(fresh);
    expect(new Set(asked)).toEqual(new Set(whole.records.map((r) => r.id)));
    // Every row was read: the offsets chain by the rows received, 2 a page, not by the records kept, up to
    // the answer's total.
    const offsets = sim.control.requests().filter((r) => r.path === '/v2/cdr').map((r) => Number(r.query.offset));
    expect(offsets).toEqual(Array.from({ length: Math.ceil(whole.records.length / 2) }, (_, i) => i * 2));
    close();
  });
});

const sourcesOf = (x: Harness) => x.of('sources:changed').at(-1) ?? [];
const today = async (x: Harness): Promise<TodayState> => ((await x.core.invoke('today:get', {})) as { ok: true; data: TodayState }).data;
const caughtUpEvents = (x: Harness) =>
  x.of('floor:events').flat().filter((e): e is Extract<FloorEvent, { type: 'abandoned-caught-up' }> => e.type === 'abandoned-caught-up');

describe('the day reconciled and the catch-up, through the core', () => {
  it('counts a visit seen live and in the records once, one seen only in the records too', async () => {
    h = await startHarness({ sim: { agents: 20, abandonRetentionSec: 3600, backfill: true, seed: 9 } });
    const backfilled = h.sim.control.state().counts.cdrs;
    await h.core.invoke('session:demo', undefined);
    await h.until(() => sourcesOf(h!).some((s) => s.id === 'records' && s.lastGoodAt !== null), 'a record pass');
    await new Promise((r) => setTimeout(r, 100));
    const first = await today(h);
    const floorFirst = first.queues[0]!.day;
    expect(first.records).toBe(backfilled);
    expect(first.catchingUp).toBe(false);
    // Live: two callers abandon and one is answered; their records follow.
    const { control } = h.sim;
    const a = control.addCaller({ queueId: 1, number: '0933000001' }).callId;
    const b = control.addCaller({ queueId: 1, number: '0933000002' }).callId;
    const c = control.addCaller({ queueId: 1, number: '0933000003' }).callId;
    await h.until(() => h!.of('floor:changed').some((x) => x.queueEntries.upsert.some((e) => e.id === c)), 'the callers seen waiting');
    control.abandonCaller(a);
    control.abandonCaller(b);
    control.answerCaller(c);
    await h.until(() => h!.of('floor:changed').some((x) => x.queueEntries.upsert.some((e) => e.id === c && e.status === 'answered')), 'the answer seen');
    control.hangupCall(c);
    const records = control.state().counts.cdrs;
    await h.until(() => h!.of('today:changed').length > 0 && control.requests().filter((r) => r.path === '/v2/cdr').length > 3, 'passes after the calls');
    await new Promise((r) => setTimeout(r, 600));
    const after = await today(h);
    expect(after.records).toBe(records);
    // Each of the three visits once, though seen live and in the records.
    expect(after.queues[0]!.day.abandoned - floorFirst.abandoned).toBe(2);
    expect(after.queues[0]!.day.answered - floorFirst.answered).toBe(1);
    // The queue summaries (what alerts and the queue rows read) carry the same reconciled figures.
    const floor = (await h.core.invoke('floor:get', undefined)) as { ok: true; data: { snapshot: { queues: { id: string; abandoned: number; answered: number }[] } } };
    const summed = floor.data.snapshot.queues.reduce((n, q) => n + q.abandoned, 0);
    expect(summed).toBe(after.queues.slice(1).reduce((n, q) => n + q.day.abandoned, 0));
    // The live ones were notified live, not caught up; the back-filled day was caught up in one summary.
    const catchUps = caughtUpEvents(h);
    expect(catchUps.length).toBeLessThanOrEqual(1);
    for (const e of catchUps) expect(e.calls.every((x) => x.whileAway)).toBe(true);
    expect(catchUps.flatMap((e) => e.calls).some((x) => x.number === '0933000001')).toBe(false);
  });

  it('catches up the abandons made while the console was down: once, marked, one summary, reached callers', async () => {
    h = await startHarness({ sim: { agents: 20, abandonRetentionSec: 5, backfill: false, seed: 11 } });
    const { control } = h.sim;
    await h.core.invoke('session:demo', undefined);
    await h.until(() => sourcesOf(h!).some((s) => s.id === 'records' && s.lastGoodAt !== null), 'a first record pass');
    await h.core.stop();
    // While the console is down: three callers give up; one of them calls again and gets through.
    const numbers = ['0944000001', '0944000002', '0944000003'];
    const ids = numbers.map((number) => control.addCaller({ queueId: 2, number }).callId);
    await new Promise((r) => setTimeout(r, 1100));
    for (const id of ids) control.abandonCaller(id);
    control.tick(6); // past the retention: the queue monitor no longer lists them
    const again = control.addCaller({ queueId: 2, number: '0944000002' }).callId;
    control.answerCaller(again);
    control.hangupCall(again);
    await new Promise((r) => setTimeout(r, 1200)); // down a little longer than the records' whole seconds
    second = await startHarness({ simulator: h.sim, dataDir: h.dataDir });
    await second.core.invoke('session:demo', undefined);
    await second.until(() => caughtUpEvents(second!).length > 0, 'the catch-up summary');
    await new Promise((r) => setTimeout(r, 800)); // more passes: no second summary
    const events = caughtUpEvents(second);
    expect(events).toHaveLength(1);
    const caught = events[0]!.calls.filter((c) => numbers.includes(c.number));
    expect(caught.map((c) => c.number).sort()).toEqual(numbers);
    const floor = (await second.core.invoke('floor:get', undefined)) as { ok: true; data: { abandoned: AbandonedCall[] } };
    const mine = floor.data.abandoned.filter((c) => numbers.includes(c.number));
    expect(mine).toHaveLength(3);
    expect(mine.every((c) => c.whileAway === true)).toBe(true);
    expect(mine.find((c) => c.number === '0944000002')?.reachedAt).toEqual(expect.any(Number));
    expect(mine.find((c) => c.number === '0944000001')?.reachedAt ?? null).toBeNull();
    // No live "call-abandoned" for them: they were never seen live.
    const live = second.of('floor:events').flat().filter((e) => e.type === 'call-abandoned');
    expect(live.filter((e) => e.type === 'call-abandoned' && numbers.includes(e.call.number))).toEqual([]);
  });
});
