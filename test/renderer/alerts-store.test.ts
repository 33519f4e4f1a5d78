// The alerts store keeps main's list from change sets (issue 17): the whole list from alerts:get, then only
// what changed; a change that does not follow the last one (a missed event) reads the whole list again; a
// reset (after reconnecting) replaces it; forecasts move only when sent.
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert, AlertsState, QueueForecast } from '../../common/alerts';
import { MAX_HEARD, useAlertsStore } from '../../renderer/src/stores/alerts';
import { useSessionStore } from '../../renderer/src/stores/session';
import { playTone } from '../../renderer/src/lib/tone';

vi.mock('../../renderer/src/lib/tone', () => ({ playTone: vi.fn() }));
import { createFakeBridge, installBridge, NOW, type FakeBridge } from './fake-bridge';

const alert = (id: string, raisedAt: number, over: Partial<Alert> = {}): Alert => ({
  id, ruleId: 'wait-60', kind: 'longest-wait', severity: 'warning', subject: { type: 'queue', id: 'q1', name: 'Sales' }, queueIds: ['q1'],
  figure: 75, threshold: 60, raisedAt, clearingSince: null, clearedAt: null, ack: null, snoozedUntil: null, ...over,
});
const forecast: QueueForecast = { queueId: 'q1', nextSlPct: 70, waitLowSec: 10, waitHighSec: 40, agents: 3, erlangs: 2.5, ahtSec: 180, ahtFrom: 'default' };

let bridge: FakeBridge;
beforeEach(() => {
  bridge = createFakeBridge({ getAlerts: { seq: 3, alerts: [alert('a', NOW - 2000)], forecasts: [forecast] } satisfies AlertsState });
  installBridge(bridge);
  setActivePinia(createPinia());
});

describe('the alerts store', () => {
  it('folds change sets into the list, newest first, and reads it whole when one is missed', async () => {
    const store = useAlertsStore();
    await store.load();
    expect(store.all.map((a) => a.id)).toEqual(['a']);
    expect(store.forecasts.get('q1')?.nextSlPct).toBe(70);

    bridge.emit('alerts:changed', { seq: 4, reset: false, upsert: [alert('b', NOW - 1000), alert('a', NOW - 2000, { figure: 90 })], remove: [], forecasts: null });
    expect(store.all.map((a) => [a.id, a.figure])).toEqual([['b', 75], ['a', 90]]);
    expect(store.forecasts.get('q1')?.nextSlPct).toBe(70);

    bridge.emit('alerts:changed', { seq: 5, reset: false, upsert: [], remove: ['a'], forecasts: [{ ...forecast, nextSlPct: 60 }] });
    expect(store.all.map((a) => a.id)).toEqual(['b']);
    expect(store.forecasts.get('q1')?.nextSlPct).toBe(60);

    // seq 7 after 5: one was missed; the store asks for the whole list (the fake answers seq 3 with 'a').
    const asked = bridge.fns.getAlerts.mock.calls.length;
    bridge.emit('alerts:changed', { seq: 7, reset: false, upsert: [alert('c', NOW)], remove: [], forecasts: null });
    await flushPromises();
    expect(bridge.fns.getAlerts.mock.calls.length).toBe(asked + 1);
    expect(store.all.map((a) => a.id)).toEqual(['a']);

    // A reset replaces the list whatever its seq.
    bridge.emit('alerts:changed', { seq: 1, reset: true, upsert: [alert('x', NOW)], remove: [], forecasts: [] });
    expect(store.all.map((a) => a.id)).toEqual(['x']);
  });

  it('plays the tone once per severe alert, and remembers no more than MAX_HEARD of them all shift', async () => {
    const session = useSessionStore();
    session.settings = { ...session.settings, alerts: { ...session.settings.alerts, tone: true } };
    const store = useAlertsStore();
    await store.load();
    vi.mocked(playTone).mockClear();
    const severe = (id: string): Alert => alert(id, NOW - 1000, { severity: 'severe', subject: { type: 'queue', id: `q-${id}`, name: id } });
    let seq = 3;
    const change = (upsert: Alert[], remove: string[] = []) =>
      bridge.emit('alerts:changed', { seq: ++seq, reset: false, upsert, remove, forecasts: null });

    change([severe('s0')]);
    expect(playTone).toHaveBeenCalledTimes(1);
    // The same alert again (a figure moved) is not news.
    change([{ ...severe('s0'), figure: 99 }]);
    expect(playTone).toHaveBeenCalledTimes(1);
    // A shift of other severe alerts, raised and cleared: one tone for the batch.
    const many = Array.from({ length: MAX_HEARD }, (_, i) => severe(`s${i + 1}`));
    change(many, ['s0']);
    change([], many.map((a) => a.id));
    expect(playTone).toHaveBeenCalledTimes(2);
    // The first one was forgotten: were it listed again it would sound again (before, every id was kept).
    change([severe('s0')]);
    expect(playTone).toHaveBeenCalledTimes(3);
    // While the newest are still remembered.
    change([severe(`s${MAX_HEARD}`)]);
    expect(playTone).toHaveBeenCalledTimes(3);
  });
});
