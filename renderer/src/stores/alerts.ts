// The alerts main raised (threshold rules and the predicted breach) and each queue's forecast: the whole
// list from alerts:get, then only what changed from 'alerts:changed' (read whole again when one is missed);
// acknowledge and snooze. Scoped by "My queues" (settings.queueFilter)
// like everything else: an alert about a queue or an agent outside the scope is not shown or counted;
// floor-wide ones (own phone, a stale source) always are. settings.queueScope 'all' shows the whole floor. A new severe alert plays the optional tone.
import { defineStore } from 'pinia';
import { computed, onScopeDispose, shallowRef } from 'vue';
import { alertCounts, applyAlertsChange, severeNews, type Alert, type AlertsChange, type QueueForecast } from '../../../common/alerts';
import type { AppError } from '../../../common/domain';
import { scopedQueueIds } from '../../../common/queue-scope';
import { getBridge } from '../bridge';
import { forgetOldest } from '../lib/forget-oldest';
import { playTone } from '../lib/tone';
import { useClockStore } from './clock';
import { useSessionStore } from './session';

/**
 * Severe alerts remembered as heard. An alert's id is one per raise, so the set would grow all shift; past
 * this the oldest are forgotten (one heard that long ago is not in a list of a few hundred any more).
 */
export const MAX_HEARD = 10_000;

export const useAlertsStore = defineStore('alerts', () => {
  const bridge = getBridge();
  const session = useSessionStore();
  const clock = useClockStore();
  const all = shallowRef<Alert[]>([]);
  const forecasts = shallowRef<ReadonlyMap<string, QueueForecast>>(new Map());
  const open = shallowRef(false);
  const selected = shallowRef<string | null>(null);
  /** Severe alerts already heard (the tone plays once per alert). */
  const heard = new Set<string>();
  let primed = false;

  let seq = 0;

  /**
   * A new list: the tone for severe alerts not heard before (the first list after (re)connecting only primes),
   * unless acknowledged or snoozed, or the same condition as one listed just before (common/alerts.ts
   * severeNews: the hub's alert handed to the console's own across a fall-back is not news).
   */
  function setList(list: Alert[], fresh: readonly Alert[]): void {
    const news = primed ? severeNews(all.value, fresh.filter((a) => !heard.has(a.id)), clock.now) : [];
    for (const a of fresh) if (a.severity === 'severe') heard.add(a.id);
    forgetOldest(heard, MAX_HEARD);
    primed = true;
    all.value = list;
    const { tone, toneVolume } = session.settings.alerts;
    if (news.length > 0 && tone) playTone(toneVolume);
  }

  function setForecasts(list: readonly QueueForecast[]): void {
    forecasts.value = new Map(list.map((f) => [f.queueId, f]));
  }

  function apply(change: AlertsChange): void {
    // A reset after (re)connecting: alerts restored from the journal are not news.
    if (change.reset) primed = false;
    const next = applyAlertsChange(all.value, seq, change);
    if (next === null) {
      void load();
      return;
    }
    seq = change.seq;
    if (next !== all.value) setList(next, change.upsert);
    if (change.forecasts) setForecasts(change.forecasts);
  }

  const off = bridge.onAlerts(apply);
  onScopeDispose(off);

  async function load(): Promise<void> {
    primed = false;
    const r = await bridge.getAlerts();
    if (!r.ok) return;
    seq = r.data.seq;
    setList(r.data.alerts, r.data.alerts);
    setForecasts(r.data.forecasts);
  }

  const inScope = (a: Alert): boolean => {
    const scope = scopedQueueIds(session.settings);
    return !scope || a.queueIds.length === 0 || a.queueIds.some((q) => scope.has(q));
  };
  /** The list: newest first (as main sends them), in scope. */
  const alerts = computed(() => all.value.filter(inScope));
  /** Active, unacknowledged, not snoozed: what the header, the tray and the title count. */
  const count = computed(() => {
    const now = clock.now;
    return alerts.value.reduce((n, a) => (alertCounts(a, now) ? n + 1 : n), 0);
  });
  const severeCount = computed(() => {
    const now = clock.now;
    return alerts.value.reduce((n, a) => (a.severity === 'severe' && alertCounts(a, now) ? n + 1 : n), 0);
  });

  async function acknowledge(id: string): Promise<AppError | null> {
    const r = await bridge.acknowledgeAlert({ id });
    return r.ok ? null : r.error;
  }

  async function snooze(id: string, minutes: 5 | 15 | 60): Promise<AppError | null> {
    const r = await bridge.snoozeAlert({ id, minutes });
    return r.ok ? null : r.error;
  }

  return { all, alerts, forecasts, count, severeCount, open, selected, load, acknowledge, snooze };
});
