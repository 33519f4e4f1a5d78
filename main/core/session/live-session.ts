// The session's lifecycle: connect (or reconnect) to a PBX or the demo, retry a connect that found its PBX
// unreachable or in trouble until it answers, disconnect, and publish each tick of the live floor. It holds the
// one live connection (connector + pollers + picture) and the SessionStatus the console shows. Its parts that
// do a job of their own: a console's side of a floor hub (hub-connection.ts), the call records as a polled
// source (records-source.ts), the profile and secret kept after a connect (remember-profile.ts).
//
// Session state machine (SessionStatus.state):
//
//   disconnected --connect--> connecting --ok--> connected --a source gets 401 after refresh--> unauthorized
//        ^                        |                  |
//        |                        '--fail--> error   '--disconnect--> disconnected
//        |                                     |  ^
//        |          (PBX unreachable / in trouble: retryAt set; attempts stay in `error`) --ok--> connected
//        '------------------ disconnect (from any state) ----------------'
//
// The typed password / api_key, and every secret the connector obtains (api_key from /v1/auth, each token),
// are handed to `secretIssued` only so the core's redactor can scrub them from whatever leaves the core;
// they go to the connector and, for "remember", the SecretStore, nowhere else.
import { join } from 'node:path';
import type { BridgeResult, EventChannel, EventPayloads, FloorState, RequestOf } from '../../../common/contract';
import type { AbandonedCall, AppError, FloorClaim, OwnPhone, SessionStatus, SourceStatus } from '../../../common/domain';
import type { ConsoleSettings } from '../../../common/settings';
import type { ActionContext } from '../actions/action-service';
import { ConnectorError, type Connector, type Credentials } from '../connectors/connector';
import type { ListDecoder } from '../decode/list-decoder';
import type { CoreDeps, DemoPbx, FloorLink, RecordPass, SharedAlerts } from '../host';
import { createFloorPicture, type FloorPicture } from '../picture/floor-picture';
import { createFloorTicker, type FloorTicker } from '../picture/floor-tick';
import { createOwnPhone, idlePhone, OWN_EXTENSION_SOURCE, type OwnPhoneTracker } from '../phone/own-phone';
import type { RosterStore } from '../roster/roster-store';
import type { SettingsService } from '../settings/settings-service';
import { CONNECTOR_FACTORIES } from './connector-factory';
import { createAbandonedFeed } from './abandoned-feed';
import { openDayStores, type DayStores } from './day-stores';
import { createFloorFeed, type FloorFeed } from './floor-feed';
import { createRecordsService, type RecordsService } from './records-service';
import type { ActiveCall } from '../../../common/domain';
import type { PollSource, PushEvent, PushEventsApi, SourceData } from '../connectors/connector';
import type { PushOutcome } from './pushed-calls';
import { connectHub, type HubConnection } from './hub-connection';
import { createRecordsSource, RECORDS_INTERVAL_MS } from './records-source';
import { rememberProfile } from './remember-profile';
import type { Alert, AlertsState } from '../../../common/alerts';
import { createShownAlerts, OWN_KINDS } from '../alerts/shown-alerts';
import { marksToCarry } from '../alerts/carried-marks';

/** The demo PBX's registered supervisor extension (the simulator's default). */
const DEMO_OWN_EXTENSION = '900';
const REQUEST_TIMEOUT_MS = 5000;
/** How many poll intervals an own-extension "registered" stays good enough to skip an action's own check. */
const OWN_EXTENSION_FRESH_POLLS = 2;
/**
 * Waits between attempts to connect while the PBX is unreachable or in trouble (at start with a remembered
 * session, or after Connect): 1 s, 2 s, 4 s, 8 s, then every 15 s until it answers, refuses, or the
 * supervisor connects elsewhere or disconnects.
 */
const CONNECT_RETRY_MS = [1000, 2000, 4000, 8000, 15000];
/**
 * A failed connect worth trying again: the PBX did not answer, or answered that it is in trouble (a 5xx, or
 * TEL4VN's `{"code": 500, ...}` inside HTTP 200: see tel4vn/session.ts). A refusal of the credentials, an
 * address that is no PBX or a bad setting are not: trying again would only repeat them.
 */
const RETRY_CONNECT: ReadonlySet<AppError['code']> = new Set(['UNREACHABLE', 'TIMEOUT', 'HTTP_ERROR']);
/**
 * The alert rules run on their own timer, once a second, not inside each source's tick: their figures are
 * whole seconds, and at 10,000 agents a pass costs milliseconds the picture's change set should not wait
 * for (three answers a second would pay it three times). It also runs while no source answers ("stale").
 */
const ALERT_CHECK_MS = 1000;
/** "today:changed" at most this often from live ticks (a record pass always sends it). */
const TODAY_CHANGED_MIN_MS = 2000;

export type ConnectRequest = RequestOf<'session:connect'>;

/** One live connection: dropped whole on disconnect or reconnect. */
interface Live {
  connector: Connector;
  /** What this console polls itself: every source, or on a floor hub only its own extension. */
  feed: FloorFeed;
  /** On a floor hub (issue 18): the hub's picture, its fall-back, claims, alerts and records; null otherwise. */
  hub: HubConnection | null;
  ticker: FloorTicker;
  /** The supervisor's own phone: registration, monitoring session, call-back legs (phone/own-phone.ts). */
  phone: OwnPhoneTracker;
  request: ConnectRequest;
  user: string;
  timezone: string;
  ownExtension: string;
  demo: boolean;
  /** Evaluates the alert rules once a second (ALERT_CHECK_MS), also while no source answers ("stale"). */
  alertTimer: ReturnType<typeof setInterval>;
  /** The record source's first complete pass of the day happened (figures are no longer a lower bound). */
  recordsComplete: boolean;
  recordsAt: number | null;
  /** Abandons caught up by passes of a first read not finished yet: one notification when it ends. */
  pendingCatchUp: AbandonedCall[];
}

/** The live connection's pushed events (TEL4VN event hooks), for the floor hub (main/hub/webhooks.ts). */
export interface LivePushEvents {
  /** The PBX's hook registry (list / create / remove) and the reader of a posted body. */
  hooks: PushEventsApi;
  /**
   * Read one posted body and lay it over the picture (session/pushed-calls.ts); throws a ConnectorError
   * (BAD_RESPONSE naming the field) when the body is not an event, and then changes nothing. `call`: an
   * applied call event's call as it now stands in the picture (null: hung up, gone), for the floor hub's
   * fast path (main/hub/floor-hub.ts publishEvent).
   */
  apply(body: unknown): { event: PushEvent; outcome: PushOutcome; call?: ActiveCall | null };
}

interface LiveSessionDeps {
  core: CoreDeps;
  now: () => number;
  settings: SettingsService;
  roster: RosterStore;
  /** The core's list decoder (a worker per kind of list), shared by every connection. */
  decoder: ListDecoder;
  emit: <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => void;
  log: (message: string) => void;
  /** A secret typed or issued in this session, for the core's redactor (never sent anywhere). */
  secretIssued: (secret: string) => void;
  /** Each pass of call records as read from the PBX (the outbound queues' progress counts them; a floor hub shares them). */
  onRecords?: (pass: RecordPass) => void;
}

export interface LiveSession {
  status(): SessionStatus;
  /** The floor's call-back claims (on a floor hub; [] otherwise). */
  claims(): FloorClaim[];
  /** The floor hub's link while connected on one (the shared audit), else null. */
  floorLink(): FloorLink | null;
  /** The current day's abandoned journal and counters (the demo's or the real PBX's). */
  stores(): DayStores;
  /** Tell the listeners what changed in today's abandoned list (after a mark made outside the tick). */
  abandonedChanged(): void;
  /** The alerts shown (alerts:get): the console's own, or on a floor hub the floor's beside its own phone's. */
  alertsState(): AlertsState;
  /** Acknowledge (`minutes` null) or snooze an alert shown, in `by`'s name: on a hub, the floor's for every screen. */
  markAlert(id: string, by: string, minutes: number | null): Promise<BridgeResult<Alert>>;
  floorState(): FloorState;
  /** The supervisor's own phone (an idle one when not connected). */
  phone(): OwnPhone;
  /** Demo only: the simulated supervisor hangs up their phone. */
  hangUpDemoPhone(): BridgeResult<OwnPhone>;
  /** What an action needs from the live connection; null when not connected. */
  actionContext(): ActionContext | null;
  /** The PBX's pushed events on the live connection; null when not connected or its system pushes none. */
  pushEvents(): LivePushEvents | null;
  connect(request: ConnectRequest, demo: boolean): Promise<BridgeResult<SessionStatus>>;
  connectDemo(): Promise<BridgeResult<SessionStatus>>;
  disconnect(): Promise<SessionStatus>;
  /** Connect again with the same request (a new NATS password for the floor hub); nothing when not connected. */
  reconnect(): void;
  /** Settings changed: follow a new poll interval, rebuild the connection on a new zone or own extension. */
  applySettings(previous: ConsoleSettings, next: ConsoleSettings): void;
  /** Today's figures, per-agent today, the call history and its recordings. */
  records: RecordsService;
  /** Resume a remembered session, or start the demo when nothing is configured. */
  start(): Promise<void>;
  /** Drop the connection and the retry; the promise settles once the demo PBX has closed. */
  stop(): Promise<void>;
}

export function createLiveSession(deps: LiveSessionDeps): LiveSession {
  const { now, settings, roster, decoder, emit, log } = deps;

  let live: Live | null = null;
  let demoPbx: DemoPbx | null = null;
  // Bumped by every connect / disconnect: work of an older one that settles late is dropped.
  let generation = 0;
  let connectRetry: ReturnType<typeof setTimeout> | null = null;
  let session: SessionStatus = {
    state: 'disconnected', system: null, apiHost: null, user: null, ownExtension: null, demo: false, capabilities: [],
    error: settings.invalid.length > 0
      ? { code: 'SETTINGS_INVALID', message: `Some settings were invalid and are back to their defaults: ${settings.invalid.join(', ')}.` }
      : null,
  };

  const zone = (): string => live?.timezone ?? settings.get().timezone;
  const pollIntervalMs = (): number => deps.core.pollIntervalMs ?? settings.get().pollIntervalSec * 1000;
  const dayStoreDeps = {
    zone, now, log, serviceLevelSec: () => settings.get().serviceLevelSec, alertSettings: () => settings.get().alerts,
    serviceLevelTarget: (queueId: string) => settings.get().queueTargets[queueId] ?? settings.get().serviceLevelTargetPct,
    serviceLevelSecByQueue: () => settings.get().serviceLevelSecByQueue, shortAbandonSec: () => settings.get().shortAbandonSec,
  };
  let lastTodayChanged = 0;
  let todayPending = false;
  let stores = openDayStores(deps.core.dataDir, dayStoreDeps);
  const abandonedFeed = createAbandonedFeed();
  let idlePicture = createFloorPicture(now);
  /** The floor's call-back claims (on a floor hub; [] otherwise). */
  let claims: FloorClaim[] = [];
  const shown = createShownAlerts();

  function useDayStores(dir: string): void {
    if (stores.dir === dir) return;
    stores = openDayStores(dir, dayStoreDeps);
    abandonedFeed.restart();
  }

  /** 'abandoned:changed' with what changed since the last one (the whole list after a restart). */
  function abandonedChanged(): void {
    const change = abandonedFeed.next(stores.journal.list());
    if (change) emit('abandoned:changed', change);
  }

  function setSession(next: Partial<SessionStatus>): void {
    session = { ...session, ...next };
    emit('session:changed', session);
  }

  const picture = (): FloorPicture => live?.ticker.picture ?? idlePicture;

  function floorState(): FloorState {
    // Also between ticks (disconnected over midnight): yesterday's list is not today's.
    stores.journal.rollDay();
    // Whatever the list holds beyond the last change goes out first, so its seq is the list's.
    abandonedChanged();
    return { snapshot: picture().snapshot(), sources: live ? statusesOf(live) : [], abandoned: stores.journal.list(), abandonedSeq: abandonedFeed.seq() };
  }

  /** Every source's latest data: the console's own, and on a floor hub the floor's (hub-connection.ts). */
  function latestOf(current: Live): SourceData[] {
    const own = current.feed.latest();
    return current.hub ? current.hub.latest(own) : own;
  }

  function statusesOf(current: Live): SourceStatus[] {
    const own = current.feed.statuses();
    return current.hub ? current.hub.statuses(own) : own;
  }

  /** The own phone's last known registration; null when this system cannot tell or none is set. */
  function ownRegistered(current: Live): boolean | null {
    if (!current.ownExtension) return null;
    for (const data of latestOf(current)) if (data.ownExtensionRegistered !== undefined) return data.ownExtensionRegistered;
    return null;
  }

  /** A pass of the alert rules still under way (its steps run a turn apart): the next second's waits for it. */
  let alertPass: Generator<void, unknown> | null = null;
  /**
   * The rules over the published picture (alerts/alert-monitor.ts), a step per turn of the loop (at 10,000
   * agents the whole pass held the loop 15-75 ms, and every action and frame due meanwhile waited); the
   * alerts go out when they changed.
   */
  function checkAlerts(current: Live): void {
    if (alertPass) return;
    const snapshot = current.ticker.picture.snapshot();
    const pass = stores.alerts.steps({
      agents: snapshot.agents, calls: snapshot.calls, queues: snapshot.queues, sources: statusesOf(current),
      ownRegistered: ownRegistered(current), ownExtension: current.ownExtension,
    });
    alertPass = pass;
    const step = (): void => {
      try {
        if (live !== current) {
          // Disconnected or connected elsewhere meanwhile: the rest of this floor's pass no longer matters.
          alertPass = null;
          pass.return(null);
          return;
        }
        const r = pass.next();
        if (!r.done) {
          setImmediate(step);
          return;
        }
        alertPass = null;
        if (r.value) showAlerts(current);
      } catch (e) {
        alertPass = null;
        log(`checking the alerts failed: ${(e as Error).stack ?? (e as Error).message}`);
      }
    };
    step();
  }

  /** The floor's alerts while the hub speaks (null: not on a hub, or polling the PBX itself). */
  function sharedAlerts(current: Live | null): SharedAlerts | null {
    return current?.hub?.sharedAlerts() ?? null;
  }

  /** Send what changed in the alerts shown (shown-alerts.ts), if anything did. */
  function showAlerts(current: Live | null): void {
    let shared = sharedAlerts(current);
    if (shared && current?.hub) {
      carryFloorMarks(shared);
      // Marks made here while polling the PBX itself, onto the floor's alerts (hub-connection.ts).
      shared = current.hub.withOwnMarks(shared, stores.alerts.tracker.active());
    }
    const change = shown.show(stores.alerts.state(), shared);
    if (change) emit('alerts:changed', change);
  }

  /**
   * The floor's acknowledgements and snoozes onto this console's own alerts of the same conditions (kept in
   * its journal), while the hub speaks: a fall-back then shows them marked, and notifies nothing again
   * (alerts/carried-marks.ts).
   */
  function carryFloorMarks(shared: SharedAlerts): void {
    if (!shared.alerts.some((a) => a.ack !== null || a.snoozedUntil !== null)) return;
    const { tracker } = stores.alerts;
    for (const c of marksToCarry(shared.alerts, tracker.active(), now())) {
      if (c.ack) tracker.acknowledge(c.to.id, c.ack.by, c.ack.at);
      if (c.snooze) tracker.snoozeUntil(c.to.id, c.snooze.until, c.snooze.by);
    }
  }

  async function markAlert(id: string, by: string, minutes: number | null): Promise<BridgeResult<Alert>> {
    const current = live;
    const floorAlert = sharedAlerts(current) ? shown.shared(id) : undefined;
    // The floor's alert: the mark goes to every screen (hub-connection.ts).
    if (current?.hub && floorAlert) return current.hub.markAlert(floorAlert, by, minutes);
    const alert = minutes === null ? stores.alerts.tracker.acknowledge(id, by) : stores.alerts.tracker.snooze(id, minutes, by);
    if (!alert) return { ok: false, error: { code: 'NOT_FOUND', message: 'This alert is no longer active.' } };
    // On a hub's floor, polling the PBX itself: the floor's alert of this condition gets the mark on return.
    if (current?.hub && !OWN_KINDS.has(alert.kind)) current.hub.rememberOwnMark(alert, by);
    showAlerts(current);
    return { ok: true, data: alert };
  }

  /** One tick of the live picture (picture/floor-tick.ts), published. */
  function publish(current: Live): void {
    try {
      const before = current.ticker.picture.snapshot().agents;
      const abandonedBefore = stores.journal.list();
      const { update, records } = current.ticker.tick(latestOf(current), stores);
      // The pauses read only the agents this tick changed.
      const agentsChanged = update.changes && { from: before, upsert: update.changes.agents.upsert, remove: update.changes.agents.remove };
      stores.pauses.observe(update.snapshot.agents, agentsChanged);
      if (update.changes) emit('floor:changed', update.changes);
      const events = update.events;
      if (records) {
        current.recordsAt = now();
        current.pendingCatchUp.push(...records.caughtUp);
        if (records.complete) {
          current.recordsComplete = true;
          // One summary for the whole catch-up, never one notification per old call.
          if (current.pendingCatchUp.length > 0) events.push({ type: 'abandoned-caught-up', at: now(), calls: current.pendingCatchUp });
          current.pendingCatchUp = [];
        }
      }
      if (events.length > 0) emit('floor:events', events);
      // Any change of the journal in this tick (a new abandon, a caller reached by a live answered visit or by
      // the records, a new day) replaced its list: send it now, not with the next change of another kind.
      if (stores.journal.list() !== abandonedBefore) abandonedChanged();
      // A queue move inside the throttle window is sent when the window ends (a later tick), never dropped:
      // the Today view reads again only on this event.
      if (update.changes && update.changes.queues.upsert.length + update.changes.queues.remove.length > 0) todayPending = true;
      // A pass folded a slice per tick (floor-tick.ts RECORDS_PER_TICK): its last slice tells at once, the
      // others as a live tick's move would (not a Today read again per slice).
      if (records?.more) todayPending = true;
      if ((records && !records.more) || (todayPending && now() - lastTodayChanged >= TODAY_CHANGED_MIN_MS)) {
        todayPending = false;
        lastTodayChanged = now();
        emit('today:changed', { at: lastTodayChanged, day: stores.daily.day().key });
      }
      // Every good poll moves its source's lastGoodAt: send the (small) statuses with each tick so the
      // console's "updated 2 s ago" stays true on a quiet floor, not only when a state changes.
      emit('sources:changed', statusesOf(current));
      observePhone(current);
    } catch (e) {
      log(`publishing the floor failed: ${(e as Error).stack ?? (e as Error).message}`);
    }
  }

  function observePhone(current: Live): void {
    if (current.phone.observe(latestOf(current), statusesOf(current))) {
      emit('phone:changed', current.phone.phone());
      current.hub?.claims.observePhone(current.phone.phone());
    }
  }

  function phone(): OwnPhone {
    return live?.phone.phone() ?? idlePhone();
  }

  function hangUpDemoPhone(): BridgeResult<OwnPhone> {
    const current = live;
    if (!current || !current.demo || !demoPbx?.hangUp) {
      return { ok: false, error: { code: 'NOT_SUPPORTED', message: 'Only the demo can hang up your phone for you: hang up the phone itself.' } };
    }
    demoPbx.hangUp(current.ownExtension);
    current.phone.hungUp();
    emit('phone:changed', current.phone.phone());
    return { ok: true, data: current.phone.phone() };
  }

  function stopLive(): void {
    if (!live) return;
    live.feed.stop();
    clearInterval(live.alertTimer);
    live.connector.close();
    const hub = live.hub;
    live = null;
    if (hub) {
      claims = [];
      emit('claims:changed', claims);
      hub.stop();
    }
  }

  async function closeDemo(): Promise<void> {
    const pbx = demoPbx;
    demoPbx = null;
    if (pbx) await pbx.close().catch((e: Error) => log(`closing the demo PBX failed: ${e.message}`));
  }

  function credentialsOf(request: ConnectRequest): Credentials {
    return request.apiKey !== undefined
      ? { apiKey: request.apiKey }
      : { username: request.username as string, password: request.password as string };
  }

  /**
   * Connect (or reconnect) with `request`; `demo` marks the built-in simulator's session. A failure worth
   * trying again (RETRY_CONNECT) is retried with backoff; `attempt` counts those retries (0: the first try).
   * A retry stays in `error` while it runs, so the connect screen does not flash the console at each one.
   */
  async function connect(request: ConnectRequest, demo: boolean, attempt = 0): Promise<BridgeResult<SessionStatus>> {
    const gen = ++generation;
    if (connectRetry) clearTimeout(connectRetry);
    connectRetry = null;
    stopLive();
    const current = settings.get();
    const timezone = request.timezone ?? current.timezone;
    const ownExtension = demo ? DEMO_OWN_EXTENSION : (request.ownExtension ?? current.ownExtension);
    if (attempt === 0) {
      setSession({
        state: 'connecting', system: request.system, apiHost: request.apiHost, user: request.username ?? null,
        ownExtension: ownExtension || null, demo, capabilities: [], error: null, retryAt: undefined,
      });
    }
    const factory = CONNECTOR_FACTORIES[request.system];
    const failWith = (error: AppError): BridgeResult<SessionStatus> => {
      if (gen === generation) {
        const retryAt = RETRY_CONNECT.has(error.code) ? retryConnect(request, demo, attempt) : undefined;
        setSession({ state: 'error', error, retryAt });
      }
      return { ok: false, error };
    };
    for (const typed of [request.password, request.apiKey]) if (typed !== undefined) deps.secretIssued(typed);
    let connector: Connector;
    let user: string;
    const failWithError = (e: unknown): BridgeResult<SessionStatus> => {
      if (e instanceof ConnectorError) return failWith(e.error);
      log(`connecting failed: ${(e as Error).stack ?? String(e)}`);
      return failWith({ code: 'INTERNAL', message: 'Connecting failed inside Floorwatch; the details are in its log.' });
    };
    try {
      connector = factory({
        apiHost: request.apiHost, credentials: credentialsOf(request), timezone, ownExtension, requestTimeoutMs: deps.core.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
        roster: () => roster.get(),
        decoder,
        onSecret: deps.secretIssued,
      });
    } catch (e) {
      return failWithError(e);
    }
    try {
      ({ user } = await connector.connect());
    } catch (e) {
      connector.close();
      return failWithError(e);
    }
    // A newer connect or a disconnect that came while this one awaited makes this one void.
    const replaced = (): BridgeResult<SessionStatus> => {
      connector.close();
      return { ok: false, error: { code: 'NOT_CONNECTED', message: 'This connection was replaced by a newer one.' } };
    };
    if (gen !== generation) return replaced();
    if (!demo) {
      await rememberProfile(request, timezone, ownExtension, { settings, secrets: deps.core.secrets, emit, log });
      await closeDemo();
      if (gen !== generation) return replaced();
    }
    useDayStores(demo ? join(deps.core.dataDir, 'demo') : deps.core.dataDir);
    const sources: PollSource[] = [...connector.sources()];
    if (connector.callRecords) {
      sources.push(createRecordsSource({
        api: connector.callRecords,
        intervalMs: deps.core.recordsIntervalMs ?? RECORDS_INTERVAL_MS,
        stores: () => stores,
        now,
        liveCalls: () => {
          let calls: { id: string; startedAt: number }[] | null = null;
          for (const data of live === next ? latestOf(next) : []) if (data.calls) (calls ??= []).push(...data.calls);
          return calls;
        },
        fromHub: () => next.hub?.takeRecords() ?? null,
        onPass: (pass) => {
          if (live === next) deps.onRecords?.(pass);
        },
      }));
    }
    // A console on a floor hub (issue 18; not the demo, whose simulator is its own): the floor's sources
    // are the hub's, this console polls only its own extension, and its actions still go to the PBX with
    // the supervisor's own session (every POST carries their identity). The floor's sources wait for a
    // fall-back.
    const hubSettings = demo ? null : settings.get().floorHub;
    let link: FloorLink | null = null;
    if (hubSettings && deps.core.openFloorLink) {
      try {
        link = await deps.core.openFloorLink(hubSettings);
      } catch (e) {
        log(`the floor hub ${hubSettings.url} cannot be used: ${(e as Error).message}; polling the PBX itself`);
      }
      if (gen !== generation) {
        void link?.close();
        return replaced();
      }
    }
    // The call records source stays this console's (its Today view, History and the abandons' catch-up
    // need the day's records), fed by the hub's passes while it speaks (records source above).
    const ownOnHub = (source: PollSource): boolean => source.id === OWN_EXTENSION_SOURCE || source.id === 'records';
    const ownSources = link ? sources.filter(ownOnHub) : sources;
    const floorSources = link ? sources.filter((source) => !ownOnHub(source)) : [];
    const feedOf = (list: PollSource[]): FloorFeed => createFloorFeed(list, {
      intervalMs: pollIntervalMs(),
      now,
      onData: () => {
        if (live === next) publish(next);
      },
      onStatus: (_all, changed) => {
        if (live !== next) return;
        emit('sources:changed', statusesOf(next));
        observePhone(next);
        if (changed.state === 'unauthorized' && session.state === 'connected') {
          setSession({ state: 'unauthorized', error: changed.lastError });
        }
      },
    });
    const next: Live = {
      connector,
      hub: null,
      ticker: createFloorTicker(now),
      phone: createOwnPhone({ extension: ownExtension, now }),
      request,
      user,
      timezone,
      ownExtension,
      demo,
      alertTimer: setInterval(() => {
        if (live === next) checkAlerts(next);
      }, ALERT_CHECK_MS),
      recordsComplete: false,
      recordsAt: null,
      pendingCatchUp: [],
      feed: feedOf(ownSources),
    };
    next.alertTimer.unref?.();
    live = next;
    if (link && hubSettings) {
      next.hub = followHub(next, link, floorSources, feedOf);
      next.hub.start();
    }
    setSession({
      state: 'connected', user, capabilities: [...connector.capabilities], error: null, retryAt: undefined,
      hub: next.hub ? { floor: hubSettings!.floor, source: next.hub.source(), since: now() } : null,
    });
    abandonedFeed.restart(); // a (re)connect: the listeners take the whole list again
    emit('floor:reset', floorState());
    shown.show(stores.alerts.state(), null);
    emit('alerts:changed', shown.reset());
    emit('phone:changed', next.phone.phone());
    next.feed.start();
    return { ok: true, data: session };
  }

  /** The hub's picture, its fall-back to own polling and back, and the floor's claims (a console on a hub). */
  function followHub(current: Live, link: FloorLink, floorSources: PollSource[], feedOf: (list: PollSource[]) => FloorFeed): HubConnection {
    return connectHub({
      link, floorSources, feedOf, now, log,
      me: () => ({ name: current.user, extension: current.ownExtension || null }),
      ownExtension: current.ownExtension,
      intervalMs: pollIntervalMs,
      isCurrent: () => live === current,
      onData: () => publish(current),
      onAbandoned: (list) => {
        if (stores.journal.adopt(list).length > 0) abandonedChanged();
      },
      onClaims: (next) => {
        claims = next;
        emit('claims:changed', next);
      },
      onSource: (source, since) => {
        setSession({ hub: { floor: link.floor, source, since } });
        emit('sources:changed', statusesOf(current));
      },
      onAlerts: () => showAlerts(current),
    });
  }

  async function connectDemo(): Promise<BridgeResult<SessionStatus>> {
    if (!demoPbx) {
      try {
        demoPbx = await deps.core.startDemoPbx();
      } catch (e) {
        log(`starting the demo PBX failed: ${(e as Error).stack ?? (e as Error).message}`);
        const error: AppError = { code: 'INTERNAL', message: 'The demo PBX could not be started.' };
        setSession({ state: 'error', error });
        return { ok: false, error };
      }
    }
    return connect({ system: 'tel4vn', apiHost: demoPbx.url, username: demoPbx.username, password: demoPbx.password }, true);
  }

  async function disconnect(): Promise<SessionStatus> {
    generation++;
    if (connectRetry) clearTimeout(connectRetry);
    connectRetry = null;
    stopLive();
    await closeDemo();
    idlePicture = createFloorPicture(now);
    setSession({
      state: 'disconnected', system: null, apiHost: null, user: null, ownExtension: null, demo: false, capabilities: [], error: null, retryAt: undefined,
      hub: null,
    });
    emit('floor:reset', floorState());
    emit('sources:changed', []);
    emit('phone:changed', idlePhone());
    return session;
  }

  function actionContext(): ActionContext | null {
    const current = live;
    if (!current || session.state !== 'connected') return null;
    return {
      connector: current.connector,
      user: current.user,
      system: current.connector.system,
      ownExtension: current.ownExtension,
      ownExtensionSeenRegistered: () => {
        const status = current.feed.statuses().find((s) => s.id === OWN_EXTENSION_SOURCE);
        if (status?.state !== 'live' || status.lastGoodAt === null) return false;
        if (now() - status.lastGoodAt > OWN_EXTENSION_FRESH_POLLS * pollIntervalMs()) return false;
        return current.feed.latest().some((data) => data.ownExtensionRegistered === true);
      },
      claims: current.hub?.claims ?? null,
      phone: () => current.phone.phone(),
      startedMonitoring: (call, mode) => {
        current.phone.startedMonitoring(call, mode);
        emit('phone:changed', current.phone.phone());
      },
      findCall: (id) => current.ticker.picture.findCall(id),
      findAgent: (id) => current.ticker.picture.findAgent(id),
      findAgentByExtension: (ext) => current.ticker.picture.snapshot().agents.find((a) => a.extension === ext),
      findAbandoned: (id) => stores.journal.get(id),
      markCalledBack: (id) => {
        if (stores.journal.markCalledBack(id).length > 0) abandonedChanged();
      },
    };
  }

  function pushEvents(): LivePushEvents | null {
    const current = live;
    const hooks = current?.connector.pushEvents;
    if (!current || !hooks || session.state !== 'connected') return null;
    return {
      hooks,
      apply(body) {
        const event = hooks.read(body);
        // The supervisor's own legs are the own-phone tracker's (polled), never floor calls.
        if (live !== current || (current.ownExtension !== '' && event.extension === current.ownExtension)) return { event, outcome: 'ignored' };
        const outcome = current.feed.push(event);
        const call = outcome === 'applied' && event.kind !== 'cdr' ? current.feed.pushed(event.callId) : undefined;
        return call === undefined ? { event, outcome } : { event, outcome, call };
      },
    };
  }

  function applySettings(previous: ConsoleSettings, next: ConsoleSettings): void {
    const current = live;
    if (!current) return;
    if (next.pollIntervalSec !== previous.pollIntervalSec) {
      current.feed.setInterval(pollIntervalMs());
      current.hub?.setInterval(pollIntervalMs());
    }
    // The connector was built with the zone and own extension (its own-extension source): rebuild it. A
    // new floor hub (or none) is a new picture: the same.
    const zoneChanged = next.timezone !== current.timezone;
    const extChanged = !current.demo && next.ownExtension !== current.ownExtension;
    const hubChanged = !current.demo && JSON.stringify(next.floorHub) !== JSON.stringify(previous.floorHub);
    if (zoneChanged || extChanged || hubChanged) {
      void connect({ ...current.request, timezone: next.timezone, ...(current.demo ? {} : { ownExtension: next.ownExtension }) }, current.demo);
    }
  }

  /** Try `request` again after the attempt-th wait; answers when (epoch ms). Dropped by any newer connect. */
  function retryConnect(request: ConnectRequest, demo: boolean, attempt: number): number {
    const delay = CONNECT_RETRY_MS[Math.min(attempt, CONNECT_RETRY_MS.length - 1)] as number;
    const gen = generation;
    connectRetry = setTimeout(() => {
      connectRetry = null;
      if (gen === generation) void connect(request, demo, attempt + 1);
    }, delay);
    connectRetry.unref?.();
    return now() + delay;
  }

  async function start(): Promise<void> {
    const profile = settings.profile();
    let secret: string | null = null;
    if (profile) {
      try {
        secret = await deps.core.secrets.get(profile.authMode);
      } catch (e) {
        log(`secret store: ${(e as Error).message}`);
      }
    }
    if (!profile || secret === null) {
      await connectDemo();
      return;
    }
    const request: ConnectRequest = {
      system: profile.system,
      apiHost: profile.apiHost,
      timezone: profile.timezone,
      ownExtension: profile.ownExtension,
      remember: true,
      ...(profile.authMode === 'apiKey' ? { apiKey: secret } : { username: profile.username ?? '', password: secret }),
    };
    await connect(request, false);
  }

  function stop(): Promise<void> {
    generation++;
    if (connectRetry) clearTimeout(connectRetry);
    connectRetry = null;
    stopLive();
    return closeDemo();
  }

  const records = createRecordsService({
    api: () => (live && session.state === 'connected' ? { api: live.connector.callRecords ?? null, system: live.connector.system } : null),
    stores: () => stores,
    picture,
    recordsStatus: () => {
      // On a hub that feeds them, the records are as old as the hub's last read of the PBX (hub-connection.ts).
      const viaHub = live?.hub ? statusesOf(live).find((s) => s.id === 'records' && s.via === 'hub') : undefined;
      const complete = live?.recordsComplete ?? false;
      return viaHub && live?.hub ? { at: viaHub.lastGoodAt, complete, hub: live.hub.link.floor } : { at: live?.recordsAt ?? null, complete };
    },
    settings: () => settings.get(),
    now,
    log,
  });

  return {
    status: () => session,
    claims: () => claims,
    floorLink: () => live?.hub?.link ?? null,
    records,
    stores: () => stores,
    abandonedChanged,
    alertsState() {
      showAlerts(live);
      return shown.state();
    },
    markAlert,
    floorState,
    phone,
    hangUpDemoPhone,
    actionContext,
    pushEvents,
    connect,
    connectDemo,
    disconnect,
    applySettings,
    reconnect() {
      if (live) void connect(live.request, live.demo);
    },
    start,
    stop,
  };
}
