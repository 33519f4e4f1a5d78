// A console's side of a floor hub for one live connection (issue 18): the hub's picture and the fall-back to
// polling the floor's sources itself while the hub is silent (and back), the floor's call-back claims, the
// floor's alerts with the marks every screen lays on them, and the hub's passes of the day's call records.
// The live session (live-session.ts) holds one per connection on a hub and drops it whole with it.
import type { BridgeResult } from '../../../common/contract';
import type { CallRecord, SourceStatus } from '../../../common/domain';
import { alertCondition, type Alert } from '../../../common/alerts';
import { marksToCarry, withCarried } from '../alerts/carried-marks';
import type { PollSource, SourceData } from '../connectors/connector';
import type { AlertMark, FloorLink, SharedAlerts } from '../host';
import { createClaimKeeper, type ClaimKeeper, type ClaimKeeperOptions } from './claim-keeper';
import type { FloorFeed } from './floor-feed';
import { createHubFeed, type HubFeedOptions, type HubSource } from './hub-feed';

interface HubConnectionOptions {
  link: FloorLink;
  /** The floor's sources, polled by this console only in fall-back. */
  floorSources: PollSource[];
  /** A feed polling `list` (the live session's, publishing into its picture). */
  feedOf: (list: PollSource[]) => FloorFeed;
  /** This supervisor as the floor sees them, for the claims. */
  me: ClaimKeeperOptions['me'];
  ownExtension: string;
  intervalMs: () => number;
  now: () => number;
  log: (message: string) => void;
  /** This connection is still the live one: callbacks of a dropped one change nothing. */
  isCurrent: () => boolean;
  /** The hub's picture moved. */
  onData: () => void;
  onAbandoned: HubFeedOptions['onAbandoned'];
  onClaims: ClaimKeeperOptions['onClaims'];
  /** The picture's source changed (the fall-back already started or stopped). */
  onSource: (source: HubSource, since: number) => void;
  /** What the floor's alerts say changed (read, or marked from this screen): show them again. */
  onAlerts: () => void;
}

export interface HubConnection {
  link: FloorLink;
  claims: ClaimKeeper;
  /** Follow the floor's alerts and records (once the live session holds this connection: they show at once). */
  start(): void;
  source(): HubSource;
  /** Every source's latest data: this console's own and the floor's (see the function). */
  latest(own: SourceData[]): SourceData[];
  /** The sources' states: the floor's (the hub's, or the fall-back's) and this console's own. */
  statuses(own: SourceStatus[]): SourceStatus[];
  /** The floor's alerts while the hub speaks (null: polling the PBX itself, or none read yet). */
  sharedAlerts(): SharedAlerts | null;
  /**
   * A mark made on one of this console's own alerts while it polled the PBX itself (`by` as signed): back on
   * the hub it goes to the floor's alert of the same condition (withOwnMarks).
   */
  rememberOwnMark(alert: Alert, by: string): void;
  /**
   * The floor's alerts with the marks made here while polling itself laid over those of the same condition,
   * each written to the floor once for every screen (alerts/carried-marks.ts); `ownActive`: this console's own
   * active alerts (a mark whose alert cleared is dropped).
   */
  withOwnMarks(shared: SharedAlerts, ownActive: readonly Alert[]): SharedAlerts;
  /** Acknowledge (`minutes` null) or snooze one of the floor's alerts, for every screen, in `by`'s name. */
  markAlert(alert: Alert, by: string, minutes: number | null): Promise<BridgeResult<Alert>>;
  /**
   * While the hub speaks and its records are followed: the records of its passes not handed over yet, and
   * whether the day's first pass is in (taken: handed over once). Null: the records source reads the PBX.
   */
  takeRecords(): { records: CallRecord[]; complete: boolean } | null;
  setInterval(ms: number): void;
  /** Stop following the hub; the link closes once the feed and the claims have stopped. */
  stop(): void;
}

export function connectHub(options: HubConnectionOptions): HubConnection {
  const { link, floorSources, feedOf, now, log, isCurrent } = options;
  /** The floor's sources this console polls while the hub is silent (null while the hub speaks). */
  let fallback: FloorFeed | null = null;
  /** The hub's last picture: the floor stays whole until the console's own sources have all answered. */
  let lastData: SourceData | null = null;
  /** The floor's alerts as the hub runs them, marks laid over (null: none read yet). */
  let alerts: SharedAlerts | null = null;
  /** Stops watching them (null: not watching: not reached yet, or being set up). */
  let stopAlerts: (() => void) | null = null;
  let watchingAlerts = false;
  /**
   * The hub's passes of the day's call records not folded yet (floor-records.ts): the records source takes
   * them instead of reading the PBX while the hub speaks. `following` false: they cannot be read (the
   * records source reads the PBX itself).
   */
  const records = { pending: [] as CallRecord[], complete: false, following: true, stop: null as (() => void) | null };
  /**
   * Marks made here on this console's own alerts while it polled the PBX itself, by own alert id (named as
   * the floor names who: "demo (ext 900)"); dropped once written to the floor, or when that alert clears.
   */
  const marksForFloor = new Map<string, Alert>();
  /** Own alert ids whose mark is being written to the floor (one write each). */
  const markingFloor = new Set<string>();
  /** Named on the floor as its own marks are: supervisors may share one PBX account. */
  const floorName = (by: string): string => (options.ownExtension ? `${by} (ext ${options.ownExtension})` : by);

  const claims = createClaimKeeper({
    link, now, log,
    me: options.me,
    onClaims: (next) => {
      if (isCurrent()) options.onClaims(next);
    },
  });
  const feed = createHubFeed({
    link, now, log,
    intervalMs: options.intervalMs,
    ownExtension: options.ownExtension,
    onData: () => {
      if (isCurrent()) options.onData();
    },
    onAbandoned: (list) => {
      if (isCurrent()) options.onAbandoned(list);
    },
    onSource: (source, since) => {
      if (!isCurrent()) return;
      if (source === 'own' && !fallback) {
        fallback = feedOf(floorSources);
        fallback.start();
      } else if (source === 'hub' && fallback) {
        fallback.stop();
        fallback = null;
      }
      options.onSource(source, since);
      // The floor's alerts while the hub speaks, this console's own while it polls itself.
      if (source === 'hub') watchFloorAlerts();
      options.onAlerts();
    },
  });

  /** Follow the floor's alerts (once per link; again after a failure, at the next return to the hub). */
  function watchFloorAlerts(): void {
    if (watchingAlerts) return;
    watchingAlerts = true;
    link.watchAlerts((next) => {
      if (!isCurrent()) return;
      alerts = next;
      options.onAlerts();
    }).then((stop) => {
      if (isCurrent()) stopAlerts = stop;
      else stop();
    }, (e: unknown) => {
      watchingAlerts = false;
      log(`the floor's alerts cannot be read (${(e as Error).message}); this console's own are shown`);
    });
  }

  /** Follow the hub's passes of the day's records into the records source's hands (takeRecords). */
  function followFloorRecords(): void {
    link.followRecords((pass) => {
      if (!isCurrent()) return;
      for (const r of pass.records) records.pending.push(r);
      if (pass.complete) records.complete = true;
    }).then((stop) => {
      if (isCurrent()) records.stop = stop;
      else stop();
    }, (e: unknown) => {
      records.following = false;
      log(`the floor's call records cannot be read (${(e as Error).message}); reading them from the PBX`);
    });
  }

  return {
    link,
    claims,
    start() {
      watchFloorAlerts();
      followFloorRecords();
    },
    source: () => feed.source(),
    /**
     * The floor's data from the hub while it speaks, or from the fall-back pollers once each has answered
     * (until then the hub's last picture: no gap, no double), beside this console's own.
     */
    latest(own) {
      const data = feed.data();
      if (data) {
        lastData = data;
        return [...own, data];
      }
      if (fallback?.complete()) return [...own, ...fallback.latest()];
      return lastData ? [...own, lastData] : own;
    },
    statuses(own) {
      // The hub's own-extension and records sources are not this console's: its own are shown.
      const floor = fallback ? fallback.statuses() : feed.statuses().filter((s) => !own.some((o) => o.id === s.id));
      // Except the day's records while this console takes the hub's passes: they are as old as the hub's last
      // read of the PBX (its state and age), not this console's folding of them every pass.
      const hubRecords = !fallback && records.following ? feed.statuses().find((s) => s.id === 'records') : undefined;
      const mine = hubRecords ? own.map((s) => (s.id === 'records' ? { ...hubRecords, via: 'hub' as const } : s)) : own;
      return [...floor, ...mine];
    },
    sharedAlerts: () => (feed.source() === 'hub' ? alerts : null),
    rememberOwnMark(alert, by) {
      const named = (who: string): string => (who === by ? floorName(by) : who);
      marksForFloor.set(alert.id, {
        ...alert,
        ack: alert.ack ? { ...alert.ack, by: named(alert.ack.by) } : null,
        ...(alert.snoozedBy !== undefined ? { snoozedBy: named(alert.snoozedBy) } : {}),
      });
    },
    withOwnMarks(shared, ownActive) {
      if (marksForFloor.size === 0) return shared;
      const active = new Set(ownActive.map((a) => a.id));
      for (const id of marksForFloor.keys()) if (!active.has(id)) marksForFloor.delete(id);
      const own = [...marksForFloor.values()];
      const carried = marksToCarry(own, shared.alerts, now());
      // A floor alert of the same condition already marked: nothing left to carry for that one.
      const floorConditions = new Set(shared.alerts.map(alertCondition));
      const toCarry = new Set(carried.map((c) => alertCondition(c.to)));
      for (const a of own) {
        const condition = alertCondition(a);
        if (floorConditions.has(condition) && !toCarry.has(condition) && !markingFloor.has(a.id)) marksForFloor.delete(a.id);
      }
      for (const c of carried) {
        const from = own.find((a) => alertCondition(a) === alertCondition(c.to));
        if (!from || markingFloor.has(from.id)) continue;
        markingFloor.add(from.id);
        const marks: AlertMark[] = [];
        if (c.ack) marks.push({ kind: 'ack', id: c.to.id, by: c.ack.by, at: c.ack.at });
        if (c.snooze) marks.push({ kind: 'snooze', id: c.to.id, by: c.snooze.by ?? c.ack?.by ?? floorName(''), until: c.snooze.until, at: now() });
        void Promise.all(marks.map((m) => link.markAlert(m))).then(() => {
          marksForFloor.delete(from.id);
        }, (e: unknown) => {
          log(`the floor hub did not take a mark made while polling the PBX itself: ${(e as Error).message}; tried again`);
        }).finally(() => {
          markingFloor.delete(from.id);
        });
      }
      return { ...shared, alerts: withCarried(shared.alerts, carried) };
    },
    async markAlert(alert, by, minutes) {
      // The floor's alert: the mark goes to every screen (kept by the server); this screen shows it at once.
      // Supervisors of a floor may share one PBX account: the screen's own extension tells them apart, as a
      // claim's does ("demo (ext 721)").
      if (options.ownExtension) by = `${by} (ext ${options.ownExtension})`;
      const at = now();
      const mark: AlertMark = minutes === null ? { kind: 'ack', id: alert.id, by, at } : { kind: 'snooze', id: alert.id, by, until: at + minutes * 60_000, at };
      try {
        await link.markAlert(mark);
      } catch (e) {
        log(`the floor hub did not take an alert's mark: ${(e as Error).message}`);
        return { ok: false, error: { code: 'UNREACHABLE', message: 'The floor hub did not take this; try again.' } };
      }
      const marked: Alert = mark.kind === 'ack' ? { ...alert, ack: alert.ack ?? { by, at } } : { ...alert, snoozedUntil: mark.until, snoozedBy: by };
      if (isCurrent() && alerts) {
        alerts = { ...alerts, alerts: alerts.alerts.map((a) => (a.id === alert.id ? marked : a)) };
        options.onAlerts();
      }
      return { ok: true, data: marked };
    },
    takeRecords() {
      if (!records.following || feed.source() !== 'hub') return null;
      const taken = records.pending;
      records.pending = [];
      return { records: taken, complete: records.complete };
    },
    setInterval(ms) {
      fallback?.setInterval(ms);
    },
    stop() {
      fallback?.stop();
      stopAlerts?.();
      records.stop?.();
      void Promise.allSettled([feed.stop(), claims.stop()]).then(() => link.close());
    },
  };
}
