// The day reconciled: PBX records are the truth for closed visits, live outcomes count until their record
// arrives, nothing twice; short abandons, per-queue thresholds, half hours, restart, and the PBX's midnight
// in two zones on either side of UTC.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../common/domain';
import { createDailyStats } from '../../../main/core/picture/daily-stats';
import { localDayStart } from '../../../main/core/picture/local-day';
import { summariseQueues } from '../../../main/core/picture/queue-summary';
import { entry } from './fixtures';

const record = (id: string, startedAt: number, extra: Partial<CallRecord> = {}): CallRecord => ({
  id, direction: 'inbound', extension: '101', from: '0901234567', to: '19001919', destination: 'Sales', startedAt,
  answeredAt: startedAt + 10_000, endedAt: startedAt + 70_000, durationSec: 70, talkSec: 60, status: 'answered',
  statusText: 'ANSWERED', cause: 'NORMAL_CLEARING', customerId: null, hasRecording: true, ...extra,
});

describe.each([
  ['Asia/Ho_Chi_Minh', Date.UTC(2026, 10, 24, 3, 0, 0)], // 10:00 local (UTC+7)
  ['America/Sao_Paulo', Date.UTC(2026, 10, 24, 13, 0, 0)], // 10:00 local (UTC-3)
])('the day reconciled in %s', (zone, t0) => {
  let dir: string;
  let now: number;
  const bySl: Record<string, number> = {};
  const open = () =>
    createDailyStats({
      file: join(dir, 'daily.jsonl'), zone: () => zone, now: () => now, serviceLevelSec: () => 20,
      serviceLevelSecByQueue: () => bySl, shortAbandonSec: () => 5, log: () => {},
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fw-day-'));
    now = t0;
    for (const k of Object.keys(bySl)) delete bySl[k];
  });

  it('counts a visit seen live and in the records once, and one seen only in the records', () => {
    const stats = open();
    const joined = t0 - 120_000;
    // Live: answered after 8 s. Its record arrives when the call ends, with a start 2 s off the live join.
    stats.observe([entry('live-a', 'answered', joined, { bridgedAt: joined + 8000 })]);
    expect(stats.counters().get('q1')).toMatchObject({ answered: 1, abandoned: 0 });
    stats.addRecords([
      record('cdr-a', joined + 2000, { answeredAt: joined + 10_000 }),
      // Only in the records: a caller who gave up before the console looked (before it started).
      record('cdr-b', t0 - 3_600_000, { answeredAt: null, endedAt: t0 - 3_600_000 + 40_000, status: 'cancel', statusText: 'CANCEL', talkSec: 0 }),
    ]);
    expect(stats.counters().get('q1')).toMatchObject({ answered: 1, abandoned: 1, answeredInSl: 1 });
    // The same records again (an overlapping pass): nothing moves.
    expect(stats.addRecords([record('cdr-a', joined + 2000), record('cdr-b', t0 - 3_600_000)])).toEqual([]);
    expect(stats.counters().get('q1')).toMatchObject({ answered: 1, abandoned: 1 });
    // A live outcome that arrives after its record (the record pass was quicker) is not counted either.
    stats.observe([entry('live-c', 'abandoned', t0 - 50_000, { abandonedAt: t0 - 20_000, number: '0987654321' })]);
    stats.addRecords([record('cdr-c', t0 - 49_000, { from: '0987654321', answeredAt: null, endedAt: t0 - 20_000, talkSec: 0 })]);
    stats.observe([entry('live-c', 'abandoned', t0 - 50_000, { abandonedAt: t0 - 20_000, number: '0987654321' }), entry('x', 'waiting', t0 - 1000)]);
    expect(stats.counters().get('q1')).toMatchObject({ answered: 1, abandoned: 2 });
    // Same caller, same queue, but 6 s apart: two visits.
    stats.addRecords([record('cdr-d', t0 - 200_000, { from: '0911111111' })]);
    stats.observe([entry('live-d', 'answered', t0 - 206_001, { number: '0911111111', bridgedAt: t0 - 190_000 })]);
    expect(stats.counters().get('q1')?.answered).toBe(3);
  });

  it('keeps short abandons apart, uses each queue\'s threshold, and gives the figures by half hour', () => {
    const stats = open();
    const dayStart = localDayStart(t0, zone);
    stats.observe([entry('w', 'waiting', t0 - 1000)]); // learns Sales = q1
    stats.addRecords([
      record('a1', dayStart + 9 * 3_600_000, { answeredAt: dayStart + 9 * 3_600_000 + 15_000 }), // 15 s wait
      record('a2', dayStart + 9 * 3_600_000 + 60_000, { answeredAt: dayStart + 9 * 3_600_000 + 90_000 }), // 30 s
      record('s1', dayStart + 9.6 * 3_600_000, { answeredAt: null, endedAt: dayStart + 9.6 * 3_600_000 + 3000, talkSec: 0 }), // short
      record('l1', dayStart + 9.6 * 3_600_000, { from: '0900000001', answeredAt: null, endedAt: dayStart + 9.6 * 3_600_000 + 60_000, talkSec: 0 }),
      // A ring group's call: not a queue the monitor names, so not in any queue's figures.
      record('rg', dayStart + 9 * 3_600_000, { destination: 'Ring group 2' }),
      // An outbound call: the agent's, not a queue visit.
      record('o1', dayStart + 9 * 3_600_000, { direction: 'outbound', destination: null, to: '0900000002' }),
    ]);
    const [floor, sales] = stats.today([entry('w', 'waiting', t0 - 1000)], new Set(['', 'q1']));
    expect(sales).toMatchObject({ id: 'q1', name: 'Sales', serviceLevelSec: 20 });
    // SL = answered within 20 s / (answered + abandoned - short) = 1 / (2 + 2 - 1).
    expect(sales?.day).toMatchObject({ offered: 5, answered: 2, abandoned: 2, shortAbandoned: 1, serviceLevelPct: 33.3, asaSec: 22.5, ahtSec: 60, abandonRatePct: 33.3, waiting: 1 });
    expect(floor?.day).toMatchObject({ answered: 2, abandoned: 2 });
    expect(sales?.intervals).toHaveLength(48);
    expect(sales?.intervals[18]).toMatchObject({ answered: 2, abandoned: 0 }); // 09:00-09:30
    // 09:30-10:00: two abandons and the caller waiting now (joined 09:59:59).
    expect(sales?.intervals[19]).toMatchObject({ answered: 0, abandoned: 2, shortAbandoned: 1, waiting: 1, offered: 3 });
    expect(sales?.intervals[20]).toMatchObject({ offered: 0 });
    expect(summariseQueues(new Map(), stats.counters())[0]).toMatchObject({ answered: 2, abandoned: 2, serviceLevelPct: 33.3 });
    // Per queue threshold: 30 s for Sales makes both answers count.
    bySl.q1 = 30;
    expect(stats.today([], new Set())[1]?.day.serviceLevelPct).toBe(66.7);
    // Per agent: the answered records of extension 101 (ring group and outbound included).
    expect(stats.agents().get('101')).toMatchObject({ answered: 4, missed: 0, talkSec: 240, ahtSec: 60 });
  });

  it('survives a restart and rolls over at the PBX\'s midnight', () => {
    const stats = open();
    stats.observe([entry('w', 'waiting', t0 - 1000)]);
    stats.addRecords([record('a1', t0 - 600_000)]);
    stats.observe([entry('live-z', 'abandoned', t0 - 30_000, { number: '0999', abandonedAt: t0 })]);
    const again = open();
    expect(again.counters().get('q1')).toMatchObject({ answered: 1, abandoned: 1 });
    expect(again.newestRecordAt()).toBe(t0 - 600_000);
    expect(again.addRecords([record('a1', t0 - 600_000)])).toEqual([]);
    // One second past the PBX's midnight: a new day, empty.
    const midnight = localDayStart(t0, zone) + 24 * 3_600_000;
    now = midnight + 1000;
    expect(again.rollDay()).toBe(true);
    expect(again.counters().size).toBe(0);
    expect(again.newestRecordAt()).toBeNull();
    // A record of yesterday read late is yesterday's; one started after midnight is today's.
    expect(again.addRecords([record('late', midnight - 5000), record('new', midnight + 500)]).map((r) => r.id)).toEqual(['new']);
    expect(open().recordCount()).toBe(1);
  });

  it('stores records compactly and still reads the whole-record lines of older versions', async () => {
    const stats = open();
    stats.observe([entry('w', 'waiting', t0 - 1000)]); // names the queue
    stats.addRecords([record('c1', t0 - 600_000)]);
    // The day's lines are written in the turn of the loop after the tick that counted them.
    await new Promise((r) => setTimeout(r, 0));
    const lines = readFileSync(join(dir, 'daily.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t?: string });
    expect(lines.some((l) => l.t === 'c')).toBe(true);
    appendFileSync(join(dir, 'daily.jsonl'), `${JSON.stringify({ t: 'r', day: stats.day().key, r: record('old1', t0 - 300_000) })}\n`);
    const again = open();
    expect(again.recordCount()).toBe(2);
    expect(again.counters().get('q1')).toMatchObject({ answered: 2 });
  });
});
