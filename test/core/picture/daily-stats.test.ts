// Daily counters: each outcome once, service level and average wait, kept across a restart, reset at the
// PBX's midnight; and the per-queue summary built from them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDailyStats } from '../../../main/core/picture/daily-stats';
import { localDayKey, localDayStart } from '../../../main/core/picture/local-day';
import { countStaffing, countWaiting, summariseQueues } from '../../../main/core/picture/queue-summary';
import { agent, entry } from './fixtures';

const ZONE = 'Asia/Ho_Chi_Minh';
// 2026-11-24 10:00 in Ho Chi Minh City (UTC+7).
const T0 = Date.UTC(2026, 10, 24, 3, 0, 0);

describe('local day', () => {
  it('is the PBX zone\'s calendar day, starting at its midnight', () => {
    expect(localDayKey(Date.UTC(2026, 10, 24, 16, 59, 59), ZONE)).toBe('2026-11-24');
    expect(localDayKey(Date.UTC(2026, 10, 24, 17, 0, 0), ZONE)).toBe('2026-11-25');
    expect(localDayStart(T0, ZONE)).toBe(Date.UTC(2026, 10, 23, 17, 0, 0));
    expect(localDayStart(Date.UTC(2026, 6, 1, 12), 'America/New_York')).toBe(Date.UTC(2026, 6, 1, 4));
  });
});

describe('daily stats', () => {
  let dir: string;
  let now: number;
  let sl: number;
  const open = () => createDailyStats({ file: join(dir, 'daily.jsonl'), zone: () => ZONE, now: () => now, serviceLevelSec: () => sl, log: () => {} });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fw-daily-'));
    now = T0;
    sl = 20;
  });

  it('counts each outcome once, computes service level and average wait, and survives a restart', () => {
    const stats = open();
    const list = [
      entry('a', 'answered', T0 - 60_000, { bridgedAt: T0 - 50_000 }), // 10 s: within 20 s
      entry('b', 'answered', T0 - 60_000, { bridgedAt: T0 - 20_000 }), // 40 s: outside
      entry('c', 'abandoned', T0 - 30_000, { abandonedAt: T0 }), // 30 s
      entry('d', 'waiting', T0 - 5000),
    ];
    expect(stats.observe(list)).toBe(true);
    expect(stats.observe(list)).toBe(false);
    const q = stats.counters().get('q1');
    expect(q).toMatchObject({ answered: 2, abandoned: 1, answeredInSl: 1, waitSumSec: 80 });
    const staffing = countStaffing([
      agent('x', '101', { queues: ['q1'] }), agent('y', '102', { queues: ['q1', 'q2'], state: 'paused' }),
      agent('z', '103', { queues: ['q1'], state: 'wrap-up' }), agent('o', '104', { queues: ['q1'], state: 'offline' }),
    ]);
    const [summary] = summariseQueues(countWaiting(list), stats.counters(), staffing, stats.countingSince());
    // SL = answered within threshold / (answered + abandoned) = 1 / 3.
    expect(summary).toEqual({
      id: 'q1', name: 'Sales', waiting: 1, longestWaitSince: T0 - 5000, answered: 2, abandoned: 1, avgWaitSec: 26.7, serviceLevelPct: 33.3,
      abandonedPct: 33.3, staffing: { available: 1, onCall: 1, paused: 1, ringing: 0 }, day: { basis: 'console', countedSince: T0 },
    });

    now = T0 + 60_000;
    const restarted = open();
    expect(restarted.counters().get('q1')).toMatchObject({ answered: 2, abandoned: 1, answeredInSl: 1 });
    expect(restarted.observe(list)).toBe(false);
    // Counting began when the first console watched today, not at the restart.
    expect(restarted.countingSince()).toBe(T0);
  });

  it('counts a rejoined caller\'s second visit as a new outcome', () => {
    const stats = open();
    stats.observe([entry('a', 'abandoned', T0 - 30_000, { abandonedAt: T0 - 20_000 })]);
    stats.observe([entry('a', 'answered', T0 - 10_000, { bridgedAt: T0 })]);
    expect(stats.counters().get('q1')).toMatchObject({ answered: 1, abandoned: 1, answeredInSl: 1 });
  });

  it('recounts the whole day when the service-level threshold changes', () => {
    const stats = open();
    stats.observe([entry('a', 'answered', T0 - 60_000, { bridgedAt: T0 - 20_000 })]);
    expect(stats.counters().get('q1')?.answeredInSl).toBe(0);
    sl = 45;
    expect(stats.observe([])).toBe(true);
    expect(stats.counters().get('q1')?.answeredInSl).toBe(1);
  });

  it('resets at the PBX\'s midnight, ignores yesterday\'s outcomes still listed, and drops them from the file', () => {
    const stats = open();
    const yesterday = entry('y', 'answered', T0 - 120_000, { bridgedAt: T0 - 110_000 });
    stats.observe([yesterday]);
    now = Date.UTC(2026, 10, 24, 17, 0, 1); // 00:00:01 on the 25th in Ho Chi Minh City
    expect(stats.observe([yesterday])).toBe(true);
    expect(stats.counters().size).toBe(0);
    // Only the record that the new day is counted from its midnight (the console watched across it).
    const midnight = Date.UTC(2026, 10, 24, 17, 0, 0);
    // (and the queue's name, learned from today's list: records name queues by name)
    const lines = readFileSync(join(dir, 'daily.jsonl'), 'utf8').split('\n');
    expect(lines[0]).toBe(JSON.stringify({ day: '2026-11-25', since: midnight }));
    expect(lines.filter((l) => l.includes('"key"'))).toEqual([]);
    expect(stats.countingSince()).toBe(midnight);
  });

  it('reads only the visits a tick\'s change brings, and the whole list it cannot chain to or of a new day', () => {
    const stats = open();
    const a = entry('a', 'answered', T0 - 60_000, { bridgedAt: T0 - 50_000 });
    const first = [a];
    expect(stats.observe(first)).toBe(true);
    // In the list but not in the change: the list itself is not walked, so this abandon is not counted yet.
    const b = entry('b', 'answered', T0 - 40_000, { bridgedAt: T0 - 35_000 });
    const hidden = entry('h', 'abandoned', T0 - 30_000, { abandonedAt: T0 - 20_000 });
    const second = [a, b, hidden];
    expect(stats.observe(second, { from: first, upsert: [b], remove: [] })).toBe(true);
    expect(stats.counters().get('q1')).toMatchObject({ answered: 2, abandoned: 0 });
    // A change from a list other than the one read last: the whole list is read.
    const third = [a, b, hidden];
    expect(stats.observe(third, { from: first, upsert: [], remove: [] })).toBe(true);
    expect(stats.counters().get('q1')).toMatchObject({ answered: 2, abandoned: 1 });
    // A new day: its first list is read whole, though its change is chained to the list before midnight.
    now = Date.UTC(2026, 10, 24, 17, 5, 0); // 00:05 on the 25th in Ho Chi Minh City
    const c = entry('c', 'answered', now - 60_000, { bridgedAt: now - 55_000 });
    expect(stats.observe([a, b, hidden, c], { from: third, upsert: [], remove: [] })).toBe(true);
    expect(stats.counters().get('q1')).toMatchObject({ answered: 1, abandoned: 0 });
  });

  it('skips an unreadable line rather than losing the day', async () => {
    const stats = open();
    stats.observe([entry('a', 'answered', T0 - 5000, { bridgedAt: T0 })]);
    // The day's lines are written in the turn of the loop after the tick that counted them.
    await new Promise((r) => setTimeout(r, 0));
    const file = join(dir, 'daily.jsonl');
    const torn = readFileSync(file, 'utf8') + '{"day":"2026-11-24","key":';
    writeFileSync(file, torn);
    const logged: string[] = [];
    const again = createDailyStats({ file, zone: () => ZONE, now: () => now, serviceLevelSec: () => sl, log: (m) => logged.push(m) });
    expect(again.counters().get('q1')?.answered).toBe(1);
    expect(logged).toHaveLength(1);
    // The torn tail is cut off, so the next record starts on a line of its own.
    again.observe([entry('b', 'answered', T0 - 5000, { bridgedAt: T0 })]);
    expect(open().counters().get('q1')?.answered).toBe(2);
  });
});
