// What the stores keep after many ticks: only the current rows. A superseded or removed row, and every
// copy of today's abandoned list that main sent again, must be collectable; each is checked with a WeakRef
// and a real garbage collection. (The renderer's heap grew over ten minutes at 10,000 agents partly
// because the agents list's order held a stale copy of every agent it had ever placed.)
// The customers store keeps no more than a day of callers' names however long the console stays open.
import { agentComparator, DEFAULT_AGENT_SORT } from '../../renderer/src/lib/agent-sort';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AbandonedCall, ChangeSet } from '../../common/domain';
import { useFloorStore } from '../../renderer/src/stores/floor';
import { useListsStore } from '../../renderer/src/stores/lists';
import { MAX_NUMBERS, useCustomersStore } from '../../renderer/src/stores/customers';
import { useSessionStore } from '../../renderer/src/stores/session';
import { customerNumberKey } from '../../common/customers';
import { agent, call, createFakeBridge, entry, floorState, installBridge, NOW, type FakeBridge } from './fake-bridge';
import { collect } from '../fixtures/collect';

const alive = (refs: WeakRef<object>[]) => refs.filter((r) => r.deref() !== undefined).length;

const FLOOR = 200;
const TICKS = 40;
const empty = { upsert: [], remove: [] };

let bridge: FakeBridge;
beforeEach(() => {
  bridge = createFakeBridge();
  installBridge(bridge);
  setActivePinia(createPinia());
});

describe('memory under churn', () => {
  it('the floor tables and the panel orders hold only the current rows after many ticks', async () => {
    const floor = useFloorStore();
    const lists = useListsStore();
    const ids = Array.from({ length: FLOOR }, (_, i) => i + 1);
    bridge.emit('floor:reset', floorState({ agents: ids.map((i) => agent(i)), calls: ids.map((i) => call(i)), entries: ids.map((i) => entry(i)) }));
    const gone: WeakRef<object>[] = [];
    let next = FLOOR + 1;
    // Synchronous, in its own function: no local of the loop outlives it (an async function's locals would).
    const churn = (seq: number): void => {
      // Every agent changes state (a new object each time), ten are renamed (they move in the list), ten
      // log out and ten new ones log in; ten calls and ten waiting callers end and ten new ones start.
      const leaving = ids.splice(0, 10);
      const staying = ids.map((i, n) => agent(i, { state: seq % 2 ? 'paused' : 'available', ...(n < 10 ? { name: `Renamed ${seq} ${i}` } : {}) }));
      const arriving = Array.from({ length: 10 }, () => next++);
      ids.push(...arriving);
      for (const id of [...ids, ...leaving]) {
        for (const row of [floor.agents.get(`a${id}`), floor.calls.get(`c${id}`), floor.queueEntries.get(`e${id}`)]) if (row) gone.push(new WeakRef(row));
      }
      const cs: ChangeSet = {
        seq, baseSeq: seq - 1, at: NOW + seq * 1000, queues: empty,
        agents: { upsert: [...staying, ...arriving.map((i) => agent(i))], remove: leaving.map((i) => `a${i}`) },
        calls: { upsert: arriving.map((i) => call(i)), remove: leaving.map((i) => `c${i}`) },
        queueEntries: { upsert: arriving.map((i) => entry(i)), remove: leaving.map((i) => `e${i}`) },
      };
      bridge.emit('floor:changed', cs);
      // The panels read their lists every tick, as the console does.
      expect(lists.agentIds.length + lists.callIds.length + lists.waitingIds.length).toBe(3 * FLOOR);
    };
    for (let seq = 2; seq <= TICKS + 1; seq++) churn(seq);
    // What is held is exactly the current floor, in order.
    expect(lists.callIds).toEqual(ids.map((i) => `c${i}`));
    expect(lists.agentIds).toEqual([...floor.agents.values()].sort(agentComparator(DEFAULT_AGENT_SORT)).map((a) => a.id));
    await collect();
    // Every row object that was superseded or removed was let go (only the ones still current stay).
    const current = new Set<object>([...floor.agents.values(), ...floor.calls.values(), ...floor.queueEntries.values()]);
    const stillCurrent = gone.filter((r) => {
      const row = r.deref();
      return row !== undefined && current.has(row);
    }).length;
    expect(gone.length).toBeGreaterThan(TICKS * FLOOR);
    expect(alive(gone) - stillCurrent).toBe(0);
  });

  it("today's abandoned calls: unchanged rows keep their objects, and the copies main sends again are let go", async () => {
    const floor = useFloorStore();
    bridge.emit('floor:reset', floorState());
    const row = (i: number): AbandonedCall => ({
      id: `x${i}:${NOW}`, callId: `x${i}`, number: `090${i}`, queueId: 'q1', queueName: 'Sales', waitedSec: 30 + i,
      joinedAt: NOW + i, abandonedAt: NOW + i + 30_000, handled: false, handledAt: null, calledBackAt: null,
    });
    let list: AbandonedCall[] = [];
    const sent: WeakRef<object>[] = [];
    const firstHeld = new Map<string, AbandonedCall>();
    let seq = 0;
    const send = (tick: number): void => {
      const added = Array.from({ length: 5 }, (_, k) => row(tick * 5 + k));
      list = [...list, ...added];
      let upsert = added;
      if (tick === 10) {
        list = list.map((a) => (a.id === `x0:${NOW}` ? { ...a, handled: true, handledAt: NOW + 99 } : a));
        upsert = [...added, list.find((a) => a.id === `x0:${NOW}`)!];
      }
      // As it arrives over the bridge: the whole list once (a reset), then the records each change made.
      const payload = structuredClone(tick === 0 ? { seq: ++seq, reset: true, upsert: list, remove: [] } : { seq: ++seq, reset: false, upsert, remove: [] });
      for (const a of payload.upsert) sent.push(new WeakRef(a));
      bridge.emit('abandoned:changed', payload);
      for (const a of floor.abandoned) if (!firstHeld.has(a.id) || a.handled !== firstHeld.get(a.id)?.handled) firstHeld.set(a.id, a);
    };
    for (let tick = 0; tick < TICKS; tick++) send(tick);
    expect(floor.abandoned).toHaveLength(TICKS * 5);
    // The same object from its first arrival on (a re-render of that row is not needed)...
    expect(floor.abandoned.every((a) => firstHeld.get(a.id) === a)).toBe(true);
    // ...but a row that changed is the new version.
    expect(floor.abandoned.find((a) => a.id === `x0:${NOW}`)?.handled).toBe(true);
    await collect();
    expect(alive(sent)).toBe(0);
  });

  it("customers' names: a week of callers holds no more than a day's, and a number forgotten is asked again when shown", async () => {
    const session = useSessionStore();
    session.session = { ...session.session, capabilities: ['customer-directory'] };
    const customers = useCustomersStore();
    const number = (i: number): string => `09${String(i).padStart(8, '0')}`;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      // A row shows the first caller: asked for once, and its name arrives.
      expect(customers.customerOf(number(0))).toBeNull();
      await vi.advanceTimersByTimeAsync(300);
      expect(bridge.fns.getCustomerNames).toHaveBeenCalledTimes(1);
      const named = (from: number, count: number) =>
        Object.fromEntries(Array.from({ length: count }, (_, k) => [customerNumberKey(number(from + k)), { number: number(from + k), name: `Khach ${from + k}`, code: '' }]));
      bridge.emit('customers:changed', { names: named(0, 1), readAt: NOW });
      expect(customers.customerOf(number(0))?.name).toBe('Khach 0');
      // Then a week of other callers' names, a batch at a time.
      for (let from = 1; from < 7 * MAX_NUMBERS; from += 5000) bridge.emit('customers:changed', { names: named(from, 5000), readAt: NOW });
      expect(customers.names.size).toBe(MAX_NUMBERS);
      expect(customers.customerOf(number(7 * MAX_NUMBERS))?.name).toBe(`Khach ${7 * MAX_NUMBERS}`);
      // The first caller was forgotten: shown again, it is asked for again rather than shown nameless for good.
      expect(customers.customerOf(number(0))).toBeNull();
      await vi.advanceTimersByTimeAsync(300);
      expect(bridge.fns.getCustomerNames).toHaveBeenCalledTimes(2);
      expect(bridge.fns.getCustomerNames).toHaveBeenLastCalledWith({ numbers: [number(0)] });
    } finally {
      vi.useRealTimers();
    }
  });
});
