// The floor store applies full pictures and change sets (upsert / remove), re-sorts only when an
// order field changes, and asks for a full picture when a change set does not follow on.
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AbandonedCall, ChangeSet } from '../../common/domain';
import { RESYNC_RETRY_MS, useFloorStore } from '../../renderer/src/stores/floor';
import { useUiStore } from '../../renderer/src/stores/ui';
import { useListsStore } from '../../renderer/src/stores/lists';
import { agent, call, createFakeBridge, floorState, installBridge, NOW, type FakeBridge } from './fake-bridge';

const empty = { upsert: [], remove: [] };
const changes = (seq: number, over: Partial<ChangeSet>): ChangeSet => ({
  seq,
  baseSeq: seq - 1,
  at: NOW + seq,
  agents: empty,
  calls: empty,
  queueEntries: empty,
  queues: empty,
  ...over,
});

let bridge: FakeBridge;
beforeEach(() => {
  bridge = createFakeBridge();
  installBridge(bridge);
  setActivePinia(createPinia());
});

afterEach(() => {
  vi.useRealTimers();
});

describe('floor store', () => {
  it('replaces everything on floor:reset', () => {
    const floor = useFloorStore();
    bridge.emit('floor:reset', floorState());
    expect(floor.seq).toBe(1);
    expect([...floor.agents.keys()]).toEqual(['a1', 'a2']);
    bridge.emit('floor:reset', { ...floorState({ agents: [agent(7)] }), snapshot: { ...floorState().snapshot, seq: 5, agents: [agent(7)] } });
    expect([...floor.agents.keys()]).toEqual(['a7']);
    expect(floor.seq).toBe(5);
  });

  it('upserts and removes rows from a change set', () => {
    const floor = useFloorStore();
    bridge.emit('floor:reset', floorState());
    bridge.emit(
      'floor:changed',
      changes(2, { agents: { upsert: [agent(1, { state: 'on-call' }), agent(3)], remove: ['a2'] }, calls: { upsert: [], remove: ['c1'] } }),
    );
    expect(floor.seq).toBe(2);
    expect(floor.agents.get('a1')?.state).toBe('on-call');
    expect([...floor.agents.keys()].sort()).toEqual(['a1', 'a3']);
    expect(floor.calls.size).toBe(0);
  });

  it('keeps the sorted list when only a state changes, rebuilds it when a row comes', () => {
    const floor = useFloorStore();
    const lists = useListsStore();
    useUiStore().sortAgents('name'); // by name, a state change moves nobody
    bridge.emit('floor:reset', floorState());
    const before = lists.agentIds;
    bridge.emit('floor:changed', changes(2, { agents: { upsert: [agent(1, { state: 'paused' })], remove: [] } }));
    expect(lists.agentIds).toBe(before); // same array: no re-sort of the floor for a state change
    expect(floor.agents.get('a1')?.state).toBe('paused');
    bridge.emit('floor:changed', changes(3, { agents: { upsert: [agent(0)], remove: [] } }));
    expect(lists.agentIds).toEqual(['a0', 'a1', 'a2']);
  });

  it('sorts calls longest first and filters by search', async () => {
    const lists = useListsStore();
    const { useUiStore } = await import('../../renderer/src/stores/ui');
    bridge.emit('floor:reset', floorState({ calls: [call(1, { startedAt: NOW - 5000 }), call(2, { startedAt: NOW - 90_000 })] }));
    expect(lists.callIds).toEqual(['c2', 'c1']);
    useUiStore().search = '0900000001';
    expect(lists.callIds).toEqual(['c1']);
  });

  it('asks for the full picture when a change set skips a sequence number', async () => {
    const floor = useFloorStore();
    bridge.emit('floor:reset', floorState());
    bridge.fns.getFloor.mockClear();
    bridge.emit('floor:changed', { ...changes(4, { agents: { upsert: [agent(9)], remove: [] } }), baseSeq: 3 });
    expect(floor.agents.has('a9')).toBe(false);
    await flushPromises();
    expect(bridge.fns.getFloor).toHaveBeenCalledTimes(1);
    expect(floor.seq).toBe(1);
  });

  it('asks again when the first full picture could not be read, until one arrives', async () => {
    vi.useFakeTimers();
    const floor = useFloorStore();
    bridge.fns.getFloor.mockResolvedValueOnce({ ok: false, error: { code: 'HOST_UNREACHABLE', message: 'gone' } });
    await floor.resync();
    expect(floor.seq).toBe(-1);
    await vi.advanceTimersByTimeAsync(RESYNC_RETRY_MS);
    expect(bridge.fns.getFloor).toHaveBeenCalledTimes(2);
    expect(floor.seq).toBe(1);
    await vi.advanceTimersByTimeAsync(RESYNC_RETRY_MS * 3);
    expect(bridge.fns.getFloor).toHaveBeenCalledTimes(2);
  });

  it('takes sources whole and the abandoned list from a reset', () => {
    const floor = useFloorStore();
    bridge.emit('sources:changed', [{ id: 'calls', state: 'stale', lastGoodAt: NOW, lastError: null, failures: 1 }]);
    expect(floor.sources[0]?.state).toBe('stale');
    bridge.emit('abandoned:changed', { seq: 1, reset: true, upsert: floorState().abandoned, remove: [] });
    expect(useListsStore().unhandledCount).toBe(1);
  });

  it('applies abandoned changes as deltas: a change touches only its records, a gap or a bad change reads the floor', async () => {
    const floor = useFloorStore();
    bridge.emit('floor:reset', floorState()); // abandonedSeq 3
    const held = floor.abandoned[0]!;
    const row = (n: number, over: Partial<AbandonedCall> = {}): AbandonedCall => ({
      id: `n${n}:1`, callId: `n${n}`, number: `09000000${n}`, queueId: 'q1', queueName: 'Sales', waitedSec: n,
      joinedAt: NOW - 50_000 + n, abandonedAt: NOW - 10_000 + n, handled: false, handledAt: null, calledBackAt: null, ...over,
    });
    bridge.emit('abandoned:changed', { seq: 4, reset: false, upsert: [row(1)], remove: [] });
    expect(floor.abandoned.map((a) => a.id)).toEqual(['n1:1', held.id]); // newest first
    expect(floor.abandoned[1]).toBe(held); // the row the change did not name is the same object
    bridge.emit('abandoned:changed', { seq: 5, reset: false, upsert: [{ ...held, handled: true, handledAt: NOW }], remove: [] });
    expect(floor.abandoned.map((a) => [a.id, a.handled])).toEqual([['n1:1', false], [held.id, true]]);
    bridge.emit('abandoned:changed', { seq: 6, reset: false, upsert: [], remove: ['n1:1'] });
    expect(floor.abandoned.map((a) => a.id)).toEqual([held.id]);
    expect(bridge.fns.getFloor).not.toHaveBeenCalled();
    // A change missed (7 never came): the whole floor again, not a list with a hole.
    bridge.emit('abandoned:changed', { seq: 8, reset: false, upsert: [row(2)], remove: [] });
    expect(bridge.fns.getFloor).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(floor.abandoned.map((a) => a.id)).toEqual([held.id]));
    // A malformed change (the contract's schema) is not applied either.
    bridge.emit('abandoned:changed', { seq: 4, reset: false, upsert: [{ ...row(3), waitedSec: 'long' }], remove: [] } as never);
    expect(bridge.fns.getFloor).toHaveBeenCalledTimes(2);
    expect(floor.abandoned.some((a) => a.id === 'n3:1')).toBe(false);
  });
});
