// The forecast's handle time: the day's CDR figures (the reconciled Today AHT of picture/daily-stats.ts, the
// very figure today:get shows) when the PBX has records, else what the console saw of the queue's calls (a
// PBX without records: Evolux, cc_agent), else the 180 s default; and the forecast says which it used.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertSettingsSchema } from '../../../common/alerts';
import type { ActiveCall, Agent, CallRecord, QueueSummary } from '../../../common/domain';
import { createAlertMonitor } from '../../../main/core/alerts/alert-monitor';
import { createHandleTimes, MIN_OBSERVED_CALLS } from '../../../main/core/alerts/handle-times';
import { createDailyStats } from '../../../main/core/picture/daily-stats';
import { agent, call, entry } from '../picture/fixtures';

const T0 = Date.UTC(2026, 10, 24, 3, 0, 0); // 10:00 in Ho Chi Minh City
const ZONE = 'Asia/Ho_Chi_Minh';

const queueCall = (id: string, extension: string, queueId: string | null): ActiveCall => ({ ...call(id, extension, 'on-call'), queueId, queueName: queueId });
const onCall = (id: string, callId: string, since: number): Agent => agent(id, id, { state: 'on-call', stateSince: since, callId, queues: ['q1'] });

const record = (id: string, startedAt: number, talkSec: number): CallRecord => ({
  id, direction: 'inbound', extension: '101', from: `09000000${id.padStart(2, '0')}`, to: '19001919', destination: 'Sales', startedAt,
  answeredAt: startedAt + 10_000, endedAt: startedAt + 10_000 + talkSec * 1000, durationSec: 10 + talkSec, talkSec, status: 'answered',
  statusText: 'ANSWERED', cause: 'NORMAL_CLEARING', customerId: null, hasRecording: false,
});

const summary = (id: string): QueueSummary => ({
  id, name: 'Sales', waiting: 0, longestWaitSince: null, answered: 0, abandoned: 0, avgWaitSec: null, serviceLevelPct: null, abandonedPct: null,
  staffing: { available: 0, onCall: 0, paused: 0, ringing: 0 }, day: { basis: 'cdr', countedSince: null },
});

describe('the handle time the forecast uses', () => {
  it('observes how long agents stay on a queue call when the PBX keeps no records', () => {
    const times = createHandleTimes(() => null);
    let now = T0;
    // An agent on a call already going when the console first looks: from his state's start.
    times.observe([onCall('a', 'c0', T0 - 30_000)], [queueCall('c0', 'a', 'q1')], now);
    // An outbound call of another agent is no queue's handle time.
    times.observe([onCall('a', 'c0', T0 - 30_000), onCall('b', 'out', now)], [queueCall('c0', 'a', 'q1'), queueCall('out', 'b', null)], now);
    expect(times.of('q1')).toBeNull();
    now += 90_000;
    // c0 ends (120 s), and the agent goes straight onto c1 (the state's start is older: from now).
    times.observe([onCall('a', 'c1', T0 - 30_000)], [queueCall('c1', 'a', 'q1')], now);
    for (let i = 2; i <= MIN_OBSERVED_CALLS; i++) {
      now += 60_000;
      times.observe([onCall('a', `c${i}`, now - 1000)], [queueCall(`c${i}`, 'a', 'q1')], now);
    }
    // c1 lasted 60 s; c2-c4 61 s each (their state began 1 s before the console looked, 60 s apart).
    now += 59_000;
    times.observe([agent('a', 'a', { state: 'available', queues: ['q1'] })], [], now);
    // ...and c5 60 s, ended by the agent going available.
    const mean = (120 + 60 + 61 + 61 + 61 + 60) / 6;
    expect(times.of('q1')).toEqual({ sec: mean, from: 'observed' });
    expect(times.of('q2')).toBeNull();
  });

  it('reads a new call\'s queue in the sliced pass as in a whole one, and counts a repeated agent row once', () => {
    const times = createHandleTimes(() => null);
    let now = T0;
    // Many calls, and the pass yielding every 3 rows: the queue is found across the steps.
    const calls = [...Array.from({ length: 20 }, (_, i) => queueCall(`x${i}`, `x${i}`, 'q2')), queueCall('c0', 'a', 'q1')];
    const run = (agents: Agent[], list: ActiveCall[]): void => {
      const steps = times.observeSteps(agents, list, now, 3);
      let yields = 0;
      while (!steps.next().done) yields++;
      expect(yields).toBeGreaterThan(0);
    };
    run([onCall('a', 'c0', now), onCall('a', 'c0', now)], calls);
    for (let i = 1; i <= MIN_OBSERVED_CALLS; i++) {
      now += 100_000;
      // The same agent twice in the list: his call that ended is one observation, not two.
      run([onCall('a', `c${i}`, now), onCall('a', `c${i}`, now)], [...calls, queueCall(`c${i}`, 'a', 'q1')]);
      // i calls ended: i observations (counted twice, the mean would be given one call early).
      if (i < MIN_OBSERVED_CALLS) expect(times.of('q1')).toBeNull();
    }
    expect(times.of('q1')).toEqual({ sec: 100, from: 'observed' });
    expect(times.of('q2')).toBeNull();
  });

  it("takes the day's records first: the forecast's AHT is Today's AHT, and says where it came from", () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-aht-'));
    let now = T0;
    const daily = createDailyStats({ file: join(dir, 'daily.jsonl'), zone: () => ZONE, now: () => now, serviceLevelSec: () => 20, log: () => {} });
    daily.observe([entry('w', 'waiting', T0 - 1000)]); // learns Sales = q1
    daily.addRecords([record('1', T0 - 3_600_000, 200), record('2', T0 - 3_000_000, 260), record('3', T0 - 2_000_000, 150)]);
    const todayAht = daily.today([], new Set()).find((q) => q.id === 'q1')?.day.ahtSec;
    expect(todayAht).toBeCloseTo(203.3, 1);

    const monitor = createAlertMonitor({
      zone: () => ZONE, now: () => now, log: () => {}, settings: () => alertSettingsSchema.parse({}), serviceLevelSec: () => 20,
      serviceLevelTarget: () => 80, counters: () => daily.counters(),
    });
    const floor = { agents: [], queues: [summary('q1'), summary('q2')], sources: [], ownRegistered: true, ownExtension: '' };
    monitor.tick(floor);
    now += 120_000;
    monitor.tick(floor);
    const byQueue = new Map(monitor.state().forecasts.map((f) => [f.queueId, f]));
    expect(byQueue.get('q1')).toMatchObject({ ahtSec: Math.round(todayAht as number), ahtFrom: 'records' });
    // A queue with neither records nor observed calls: the 180 s.
    expect(byQueue.get('q2')).toMatchObject({ ahtSec: 180, ahtFrom: 'default' });
  });

  it('falls back to the observed figure for a queue the records have not answered yet', () => {
    const times = createHandleTimes(() => new Map([['q1', { queueId: 'q1', queueName: 'Sales', answered: 3, abandoned: 0, shortAbandoned: 0, answeredInSl: 3, waitSumSec: 0, talkSumSec: 0, talked: 0 }]]));
    let now = T0;
    for (let i = 0; i < MIN_OBSERVED_CALLS; i++) {
      times.observe([onCall('a', `c${i}`, now)], [queueCall(`c${i}`, 'a', 'q1')], now);
      now += 100_000;
    }
    times.observe([], [], now);
    expect(times.of('q1')).toEqual({ sec: 100, from: 'observed' });
  });
});
