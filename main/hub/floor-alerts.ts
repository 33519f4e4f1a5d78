// The floor's alerts shared over the hub (issue 18 point 4): the hub's core runs the alert rules once for the
// floor, and its active alerts and forecasts go to KV floor-<F> `alerts` (one small record, rewritten when
// they move, at most 4 times a second). A supervisor's acknowledgement or snooze is a key of its own in KV
// alerts-<F> (`ack.<alert>`, `snooze.<alert>`), written by the console where it was pressed and watched by
// every console of the floor, which lays the marks over the hub's alerts: one list, with who did what, on
// every screen and wallboard. The server keeps both, so a console (or the hub) restarting finds them again.
//
//   hub core 'alerts:changed' --publishFloorAlerts--> floor-<F>/alerts { alerts, forecasts }  \
//   console A: A pressed --markFloorAlert--> alerts-<F>/ack.<id> { by, at }                    > watchFloorAlerts
//   console B: S pressed --markFloorAlert--> alerts-<F>/snooze.<id> { by, until }             /  (every console)
import type { KV, KvEntry } from '@nats-io/kv';
import { applyAlertsChange, type Alert, type AlertsChange, type AlertsState, type QueueForecast } from '../../common/alerts';
import type { AlertMark, Core, SharedAlerts } from '../core/host';
import { claimKey } from './claims';
import { ALERTS_KEY } from './floor-names';

/** The hub's alerts are written at most this often: the rules run once a second, an ack moves nothing here. */
const WRITE_EVERY_MS = 250;
/** A write that failed is made again this much later (with the alerts as they then stand). */
const RETRY_MS = 1000;
/** Marks are kept two days (the bucket's TTL): an alert lasts a shift, its marks need not outlive it long. */
export const ALERT_MARKS_MAX_AGE_MS = 2 * 24 * 3600_000;

/** The `alerts` key of floor-<F>. */
interface FloorAlertsRecord {
  alerts: Alert[];
  forecasts: QueueForecast[];
  at: number;
}

export interface FloorAlertsPublisher {
  stop(): Promise<void>;
}

/** The hub: follow its core's alerts and keep floor-<F>/alerts current. */
export function publishFloorAlerts(options: { kv: KV; core: Pick<Core, 'invoke' | 'subscribe'>; onError: (error: unknown) => void }): FloorAlertsPublisher {
  const { kv, core, onError } = options;
  let list: Alert[] = [];
  let seq = 0;
  let forecasts: QueueForecast[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const write = (): void => {
    timer = null;
    const record: FloorAlertsRecord = { alerts: list, forecasts, at: Date.now() };
    // A write the server did not take (NATS away) is made again: the alerts may not move for a long time
    // (a queue's waiting count held), and the consoles must not keep the list from before the outage.
    writing = writing.then(() => kv.put(ALERTS_KEY, JSON.stringify(record))).catch((e: unknown) => {
      onError(e);
      if (!stopped) timer ??= setTimeout(write, RETRY_MS);
    });
  };
  const schedule = (): void => {
    if (!stopped) timer ??= setTimeout(write, WRITE_EVERY_MS);
  };
  const load = async (): Promise<void> => {
    const r = await core.invoke('alerts:get', undefined);
    if (!r.ok) return;
    const state = r.data as AlertsState;
    ({ alerts: list, seq, forecasts } = state);
    schedule();
  };
  const off = core.subscribe((channel, payload) => {
    if (channel !== 'alerts:changed') return;
    const change = payload as AlertsChange;
    const next = applyAlertsChange(list, seq, change);
    if (next === null) {
      void load().catch(onError);
      return;
    }
    list = next;
    seq = change.seq;
    if (change.forecasts) forecasts = change.forecasts;
    schedule();
  });
  void load().catch(onError);
  return {
    async stop() {
      stopped = true;
      off();
      if (timer) clearTimeout(timer);
      timer = null;
      await writing;
    },
  };
}

/** A mark's key in alerts-<F>: the alert id encoded as claims encode call ids (claims.ts claimKey). */
const markKey = (mark: Pick<AlertMark, 'kind' | 'id'>): string => `${mark.kind}.${claimKey(mark.id)}`;

/** A console: one supervisor's acknowledgement or snooze, for every screen of the floor. */
export async function markFloorAlert(marks: KV, mark: AlertMark): Promise<void> {
  await marks.put(markKey(mark), JSON.stringify(mark));
}

/** The hub's alerts with the floor's marks laid over: an ack names who, a snooze who and until when. */
function withMarks(alerts: readonly Alert[], marks: ReadonlyMap<string, AlertMark>): Alert[] {
  if (marks.size === 0) return [...alerts];
  return alerts.map((a) => {
    const ack = marks.get(markKey({ kind: 'ack', id: a.id }));
    const snooze = marks.get(markKey({ kind: 'snooze', id: a.id }));
    if (!ack && !snooze) return a;
    const out: Alert = { ...a };
    if (ack && !out.ack) out.ack = { by: ack.by, at: ack.at };
    if (snooze?.kind === 'snooze' && (out.snoozedUntil === null || snooze.until > out.snoozedUntil)) {
      out.snoozedUntil = snooze.until;
      out.snoozedBy = snooze.by;
    }
    return out;
  });
}

/**
 * A console: the hub's alerts and the floor's marks, now and at every change of either (told once a burst of
 * current values is through). Nothing is told before the hub's first record.
 */
export async function watchFloorAlerts(picture: KV, marks: KV, onAlerts: (shared: SharedAlerts) => void): Promise<() => void> {
  let record: FloorAlertsRecord | null = null;
  const byKey = new Map<string, AlertMark>();
  let told: ReturnType<typeof setTimeout> | null = null;
  const tell = (): void => {
    told ??= setTimeout(() => {
      told = null;
      if (record) onAlerts({ alerts: withMarks(record.alerts, byKey), forecasts: record.forecasts });
    }, 0);
  };
  const alertsWatch = await picture.watch({ key: ALERTS_KEY });
  const marksWatch = await marks.watch();
  const follow = async (watch: AsyncIterable<KvEntry>, on: (entry: KvEntry) => void): Promise<void> => {
    for await (const entry of watch) {
      on(entry);
      tell();
    }
  };
  void follow(alertsWatch, (entry) => {
    record = entry.operation === 'PUT' ? entry.json<FloorAlertsRecord>() : null;
  }).catch(() => undefined);
  void follow(marksWatch, (entry) => {
    if (entry.operation === 'PUT') byKey.set(entry.key, entry.json<AlertMark>());
    else byKey.delete(entry.key);
  }).catch(() => undefined);
  return () => {
    if (told) clearTimeout(told);
    alertsWatch.stop();
    marksWatch.stop();
  };
}
