// The floor tick works from what changed (issue 15): at 10,000 agents a tick that changes a few rows must
// not read the others. Counted here by the reads of each row's fields (every field but `id`): the rows a
// tick may read are those that changed and those a change reaches (the agent on an extension whose call
// moved, an agent whose answered count moved); a tick that walks the floor reads every row. And the
// change-driven tick gives the same picture as the whole lists do.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActiveCall, Agent, CallRecord, QueueEntry, RowChanges } from '../../../common/domain';
import { openAbandonedJournal } from '../../../main/core/picture/abandoned-journal';
import { createDailyStats } from '../../../main/core/picture/daily-stats';
import { createFloorTicker, RECORDS_PER_TICK, type TickStores } from '../../../main/core/picture/floor-tick';
import { markChanges } from '../../../main/core/picture/list-changes';
import { joinAgentsWithCalls } from '../../../main/core/picture/merge-sources';
import { countWaiting } from '../../../main/core/picture/queue-summary';
import { agent, call, entry } from './fixtures';

const ZONE = 'Asia/Ho_Chi_Minh';
// 2026-11-24 10:00 in Ho Chi Minh City.
const T0 = Date.UTC(2026, 10, 24, 3, 0, 0);
const AGENTS = 3000;
const CALLS = 1800;

let dir: string;
let now: number;
const storesOf = (name: string): TickStores => ({
  journal: openAbandonedJournal({ file: join(dir, `${name}-abandoned.jsonl`), zone: () => ZONE, now: () => now, log: () => {} }),
  daily: createDailyStats({ file: join(dir, `${name}-daily.jsonl`), zone: () => ZONE, now: () => now, serviceLevelSec: () => 20, log: () => {} }),
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fw-tick-'));
  now = T0;
});

/** A row whose field reads (all but `id`) are noted by its id in `read`. */
function watched<T extends { id: string }>(row: T, read: Set<string>): T {
  return new Proxy(row, {
    get(target, key, receiver) {
      if (key !== 'id') read.add(target.id);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/** The next list: `list` with `upsert` replacing or added after its rows and `remove` gone (the decoder's order). */
function next<T extends { id: string }>(list: readonly T[], changes: RowChanges<T>, mark: boolean): T[] {
  const rows = new Map(list.map((r) => [r.id, r]));
  for (const id of changes.remove) rows.delete(id);
  for (const r of changes.upsert) rows.set(r.id, r);
  const out = [...rows.values()];
  if (mark) markChanges(out, list, changes);
  return out;
}

const byId = <T extends { id: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => a.id.localeCompare(b.id));

describe('the floor tick', () => {
  for (const mark of [true, false]) {
    it(`reads only the rows that changed or that a change reaches (${mark ? 'the decoder\'s word' : 'lists compared by identity'})`, () => {
      const read = new Set<string>();
      // 3,000 agents in 30 campaigns, 1,800 calls on their extensions (half without an agent id), 600
      // visits: the answered ones teach every campaign its queue before the tick counted.
      const agents = Array.from({ length: AGENTS }, (_, i) =>
        watched(agent(`a${i}`, String(1000 + i), { campaign: `c${i % 30}`, stateSince: T0 - 60_000 }), read));
      const calls = Array.from({ length: CALLS }, (_, i) =>
        watched({ ...call(`k${i}`, String(1000 + i), i % 3 === 0 ? 'ringing' : 'on-call', T0 - 30_000), agentId: i % 2 === 0 ? `a${i}` : null }, read));
      const entries = Array.from({ length: 600 }, (_, i) => i < 300
        ? entry(`k${i}`, 'answered', T0 - 40_000, { bridgedAt: T0 - 30_000, agentName: `a${i}`, queueId: `q${i % 30}`, queueName: `Queue ${i % 30}`, number: `09${i}` })
        : entry(`w${i}`, 'waiting', T0 - 20_000, { queueId: `q${i % 30}`, queueName: `Queue ${i % 30}`, number: `08${i}` }));
      const ticker = createFloorTicker(() => now);
      const stores = storesOf('a');
      const first = ticker.tick([{ agents }, { calls }, { queueEntries: entries }], stores);
      expect(first.update.changes?.agents.upsert).toHaveLength(AGENTS);

      // A few rows change: two agents pause, a call on 2500 is answered, one call ends, one starts on
      // 2999, a waiting caller on queue 5 is answered by agent a5 (a link already known).
      now += 1000;
      const agentChanges = { upsert: [agent('a2010', '3010', { campaign: 'c0', state: 'paused', stateSince: now - 500 }), agent('a2900', '3900', { campaign: 'c20', state: 'paused', stateSince: now - 500 })], remove: [] };
      const callChanges = { upsert: [{ ...call('k1500', '2500', 'on-call', now - 200), agentId: 'a1500' }, call('new', '2999', 'ringing', now - 100)], remove: ['k1700'] };
      const entryChanges = { upsert: [entry('w305', 'answered', T0 - 20_000, { bridgedAt: now - 300, agentName: 'a5', queueId: 'q5', queueName: 'Queue 5', number: '08305' })], remove: [] };
      const agents2 = next(agents, agentChanges, mark);
      const calls2 = next(calls, callChanges, mark);
      const entries2 = next(entries, entryChanges, mark);
      read.clear();
      const second = ticker.tick([{ agents: agents2 }, { calls: calls2 }, { queueEntries: entries2 }], stores);

      // Read: the rows the changed ones replace (a2010, a2900, k1500, k1700), the agents on
      // 2500, 2700 and 2999 (their calls moved) and a5 (answered one more). Not one of the other 4,792.
      const reached = ['a2010', 'a2900', 'k1500', 'k1700', 'a1500', 'a1700', 'a1999', 'a5'];
      expect([...read].filter((id) => !reached.includes(id))).toEqual([]);
      expect(second.update.changes?.agents.upsert.map((a) => a.id).sort()).toEqual(['a1500', 'a1700', 'a1999', 'a2010', 'a2900', 'a5']);
      expect(ticker.picture.findAgent('a1500')).toMatchObject({ state: 'on-call', callId: 'k1500' });
      expect(ticker.picture.findAgent('a1700')).toMatchObject({ state: 'available', callId: null });
      expect(ticker.picture.findAgent('a1999')).toMatchObject({ state: 'ringing', callId: 'new' });
      expect(ticker.picture.findAgent('a5')?.answeredToday).toBe(2);
      expect(ticker.picture.findCall('new')).toMatchObject({ agentId: 'a1999' });

      // The same picture as a tick over the whole lists from scratch, but for the time a1700 has been
      // available (this console saw the call end now, a fresh one takes the PBX's time: state-clock.ts) and
      // when counting began.
      expect(ticker.picture.findAgent('a1700')?.stateSince).toBe(now);
      const fresh = createFloorTicker(() => now);
      fresh.tick([{ agents: agents2 }, { calls: calls2 }, { queueEntries: entries2 }], storesOf('b'));
      // As plain data (the watched rows are proxies).
      const strip = (s: ReturnType<typeof fresh.picture.snapshot>) => JSON.parse(JSON.stringify({
        agents: byId(s.agents).map((a) => (a.id === 'a1700' ? { ...a, stateSince: 0 } : a)), calls: byId(s.calls), queueEntries: byId(s.queueEntries), queues: s.queues.map((q) => ({ ...q, day: null })),
      })) as unknown;
      expect(strip(ticker.picture.snapshot())).toEqual(strip(fresh.picture.snapshot()));
    });
  }

  it('gives the same picture from the decoder\'s word as from whole lists, and joins as the whole-list rule does, over random changes', () => {
    let seed = 17;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    // 60 agents on 40 extensions (some shared, some none), calls on those extensions, visits naming agents.
    const extOf = (i: number): string | null => (i % 13 === 0 ? null : String(100 + (i % 40)));
    const makeAgent = (i: number): Agent => agent(`a${i}`, extOf(i), {
      campaign: `c${i % 4}`, state: pick(['available', 'paused', 'available'] as const), stateSince: now - Math.floor(random() * 60_000),
    });
    const makeCall = (i: number): ActiveCall => ({
      ...call(`k${i}`, String(100 + (i % 40)), pick(['ringing', 'on-call'] as const), now - Math.floor(random() * 30_000)),
      agentId: random() < 0.5 ? null : `a${i % 60}`,
      customerNumber: `09${i % 25}`,
    });
    const makeEntry = (i: number): QueueEntry => {
      const status = pick(['waiting', 'answered', 'abandoned'] as const);
      return entry(`k${i}`, status, now - 50_000, {
        queueId: `q${i % 5}`, queueName: `Queue ${i % 5}`, number: `09${i % 25}`,
        bridgedAt: status === 'answered' ? now - 10_000 : null, abandonedAt: status === 'abandoned' ? now - 10_000 : null,
        agentName: status === 'answered' ? `a${i % 60}` : null,
      });
    };
    let agents: Agent[] = Array.from({ length: 60 }, (_, i) => makeAgent(i));
    let calls: ActiveCall[] = [];
    let entries: QueueEntry[] = [];
    const marked = createFloorTicker(() => now);
    const walked = createFloorTicker(() => now);
    const storesA = storesOf('a');
    const storesB = storesOf('b');
    // Given each whole list without its change: every visit read at every tick, the way they were counted before.
    const whole = storesOf('whole');
    for (let tick = 0; tick < 150; tick++) {
      now += 1000;
      const change = <T extends { id: string }>(list: T[], make: (i: number) => T, ids: number): RowChanges<T> => {
        const upsert: T[] = [];
        const remove: string[] = [];
        const seen = new Set<string>();
        for (let n = Math.floor(random() * 6); n > 0; n--) {
          const i = Math.floor(random() * ids);
          const row = make(i);
          if (seen.has(row.id)) continue;
          seen.add(row.id);
          if (random() < 0.3 && list.some((r) => r.id === row.id)) remove.push(row.id);
          else upsert.push(row);
        }
        return { upsert, remove };
      };
      const source = random();
      // One source answers per tick, as the core publishes per answer.
      if (source < 0.34) agents = next(agents, change(agents, makeAgent, 70), true);
      else if (source < 0.67) calls = next(calls, change(calls, makeCall, 50), true);
      else entries = next(entries, change(entries, makeEntry, 50), true);
      const a = marked.tick([{ agents }, { calls }, { queueEntries: entries }], storesA);
      const b = walked.tick([{ agents: [...agents] }, { calls: [...calls] }, { queueEntries: [...entries] }], storesB);
      expect(byId(a.update.snapshot.agents)).toEqual(byId(b.update.snapshot.agents));
      expect(byId(a.update.snapshot.calls)).toEqual(byId(b.update.snapshot.calls));
      expect(a.update.snapshot.queues).toEqual(b.update.snapshot.queues);
      expect(a.update.events.length).toBe(b.update.events.length);
      // The day's counters, the abandons and who waits, read from the visits that changed, are those of every visit.
      whole.daily.observe([...entries]);
      whole.journal.detect([...entries]);
      expect(storesA.daily.counters()).toEqual(whole.daily.counters());
      expect(storesA.journal.list().map((c) => c.id)).toEqual(whole.journal.list().map((c) => c.id));
      const waits = countWaiting(entries);
      expect(a.update.snapshot.queues.map((q) => [q.id, q.waiting, q.longestWaitSince]))
        .toEqual(a.update.snapshot.queues.map((q) => [q.id, waits.get(q.id)?.waiting ?? 0, waits.get(q.id)?.longest ?? null]));
      const rule = joinAgentsWithCalls(agents, calls);
      const states = (rows: readonly Agent[]) => byId(rows).map((r) => [r.id, r.state, r.callId]);
      expect(states(a.update.snapshot.agents)).toEqual(states(rule.agents));
      expect(byId(a.update.snapshot.calls).map((c) => [c.id, c.agentId])).toEqual(byId(rule.calls).map((c) => [c.id, c.agentId]));
    }
  });

  it('folds a large pass of call records a slice per tick, the day complete with its last slice', () => {
    // The day's first pass (30,000 records at 10,000 agents) folded at once held the tick that carried it,
    // and the floor's change sets with it (a floor hub's first minute).
    const record = (i: number): CallRecord => ({
      id: `r${i}`, direction: 'inbound', extension: '101', from: '0900', to: '1900', destination: 'Sales', startedAt: T0 - 3_600_000 + i, answeredAt: T0 - 3_600_000 + i + 5_000,
      endedAt: T0 - 3_600_000 + i + 60_000, durationSec: 60, talkSec: 55, status: 'answered', statusText: 'ANSWERED', cause: null, customerId: null, hasRecording: false,
    });
    const total = 2 * RECORDS_PER_TICK + 500;
    const ticker = createFloorTicker(() => now);
    const stores = storesOf('records');
    const agents = [agent('a1', '101')];
    const pass = { records: Array.from({ length: total }, (_, i) => record(i)), complete: true };
    const seen: { added: number; complete: boolean; more: boolean }[] = [];
    for (let tick = 0; tick < 4; tick++) {
      now += 100;
      // The feed keeps the source's last answer: the same pass object on every tick.
      const { records } = ticker.tick([{ agents }, { callRecords: pass }], stores);
      if (records) seen.push({ added: records.added, complete: records.complete, more: records.more });
      if (tick < 2) expect(stores.daily.basis()).toBe('console');
    }
    expect(seen).toEqual([
      { added: RECORDS_PER_TICK, complete: false, more: true },
      { added: RECORDS_PER_TICK, complete: false, more: true },
      { added: 500, complete: true, more: false },
    ]);
    expect(stores.daily.recordCount()).toBe(total);
    expect(stores.daily.basis()).toBe('cdr');

    // A pass arriving while another is still being folded waits its turn (the records' order kept), and a
    // complete empty pass still says the day is whole.
    const late = createFloorTicker(() => now);
    const lateStores = storesOf('late');
    const first = { records: pass.records.slice(0, RECORDS_PER_TICK + 10), complete: false };
    expect(late.tick([{ callRecords: first }], lateStores).records).toMatchObject({ added: RECORDS_PER_TICK, complete: false, more: true });
    expect(late.tick([{ callRecords: { records: [], complete: true } }], lateStores).records).toMatchObject({ added: 10, complete: true, more: false });
    expect(lateStores.daily.basis()).toBe('cdr');
  });
});
