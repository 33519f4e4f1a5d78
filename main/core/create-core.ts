// The core: what the main process knows and does, behind the one `Core` interface its hosts (Electron
// shell, web host, tests, bench) call. It validates every request against the contract, owns the session
// (connector + one poller per source), publishes the floor picture (ChangeSets + FloorEvents), keeps the
// abandoned calls and daily counters, runs the guarded actions with their audit trail, and the settings.
//
// Session state machine (SessionStatus.state):
//
//   disconnected --connect--> connecting --ok--> connected --a source gets 401 after refresh--> unauthorized
//        ^                        |                  |
//        |                        '--fail--> error   '--disconnect--> disconnected
//        '------------------ disconnect (from any state) ----------------'
//
// The password, api_key and token stay inside the connector (and, for "remember", the SecretStore): no
// event, response, error or log line carries them (log lines pass through `redact` with them all the same).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  validateRequest,
  type BridgeResult,
  type EventChannel,
  type EventPayloads,
  type FloorState,
  type InvokeChannel,
  type InvokeResponses,
  type RequestOf,
} from '../../common/contract';
import type { AppError, SessionStatus } from '../../common/domain';
import type { ConsoleSettings } from '../../common/settings';
import { createActionGuard } from './actions/action-guard';
import { createActionService, type ActionContext, type AgentActionKind } from './actions/action-service';
import { openAuditLog } from './actions/audit-log';
import { ConnectorError, type Connector, type Credentials } from './connectors/connector';
import { createListDecoder } from './decode/list-decoder';
import type { Core, CoreDeps, DemoPbx, EventListener, RequestOrigin } from './host';
import { redact } from './http/redact';
import { openAbandonedJournal, type AbandonedJournal } from './picture/abandoned-journal';
import { createDailyStats, type DailyStats } from './picture/daily-stats';
import { createFloorPicture, type FloorPicture } from './picture/floor-picture';
import { createFloorTicker, type FloorTicker } from './picture/floor-tick';
import { openRosterStore } from './roster/roster-store';
import { CONNECTOR_FACTORIES } from './session/connector-factory';
import { createFloorFeed, type FloorFeed } from './session/floor-feed';
import { createSettingsService } from './settings/settings-service';

/** The demo PBX's registered supervisor extension (the simulator's default). */
export const DEMO_OWN_EXTENSION = '900';
export const REQUEST_TIMEOUT_MS = 5000;
/** The source that polls the supervisor's own extension (connectors with 'own-extension-status'). */
const OWN_EXTENSION_SOURCE = 'own-extension';
/** How many poll intervals an own-extension "registered" stays good enough to skip an action's own check. */
const OWN_EXTENSION_FRESH_POLLS = 2;
/** Retries of a remembered session that found the PBX unreachable at start: 2 s, 4 s ... 30 s. */
const START_RETRY_MS = [2000, 4000, 8000, 15000, 30000];

/** What the Electron shell's global shortcuts act on. */
export interface Selection {
  panel: 'abandoned' | 'calls' | 'agents';
  id: string | null;
}

export interface FloorwatchCore extends Core {
  getSelection(): Selection | null;
}

type ConnectRequest = RequestOf<'session:connect'>;
type Handlers = {
  [C in InvokeChannel]: (request: RequestOf<C>, origin: RequestOrigin) => Promise<BridgeResult<InvokeResponses[C]>> | BridgeResult<InvokeResponses[C]>;
};

/** One live connection: dropped whole on disconnect or reconnect. */
interface Live {
  connector: Connector;
  feed: FloorFeed;
  ticker: FloorTicker;
  request: ConnectRequest;
  user: string;
  timezone: string;
  ownExtension: string;
  demo: boolean;
}

/** The abandoned journal and daily counters of one folder (the demo keeps its own, apart from real ones). */
interface DayStores {
  dir: string;
  journal: AbandonedJournal;
  daily: DailyStats;
}

const ACTION_CHANNELS = new Set<InvokeChannel>([
  'call:act', 'agent:pause', 'agent:resume', 'agent:logoff', 'agent:check-in', 'agent:check-out', 'agent:set-queues',
  'agent:wrap-up', 'abandoned:call-back',
]);

const ok = <T>(data: T): BridgeResult<T> => ({ ok: true, data });
const err = (code: AppError['code'], message: string): { ok: false; error: AppError } => ({ ok: false, error: { code, message } });

export function createCore(deps: CoreDeps): FloorwatchCore {
  const now = deps.now ?? Date.now;
  const listeners = new Set<EventListener>();
  /** Secrets of the current session, for scrubbing log lines (never sent anywhere). */
  let secretValues: string[] = [];
  const log = (message: string): void => {
    console.warn(`[floorwatch core] ${redact(message, secretValues)}`);
  };

  mkdirSync(deps.dataDir, { recursive: true });
  const settings = createSettingsService(deps.settings, log);
  const audit = openAuditLog(join(deps.dataDir, 'audit.jsonl'));
  const roster = openRosterStore(join(deps.dataDir, 'roster.json'), log);
  const guard = createActionGuard({ now });
  // One decode worker for the core's life (started with the first answer), shared by every connection.
  const decoder = createListDecoder({ ...(deps.decodeWorker ? { workerFile: deps.decodeWorker } : {}), log });

  let live: Live | null = null;
  let demoPbx: DemoPbx | null = null;
  let selection: Selection | null = null;
  // Bumped by every connect / disconnect: work of an older one that settles late is dropped.
  let generation = 0;
  let startRetry: ReturnType<typeof setTimeout> | null = null;
  let session: SessionStatus = {
    state: 'disconnected', system: null, apiHost: null, user: null, ownExtension: null, demo: false, capabilities: [],
    error: settings.invalid.length > 0
      ? { code: 'SETTINGS_INVALID', message: `Some settings were invalid and are back to their defaults: ${settings.invalid.join(', ')}.` }
      : null,
  };

  const zone = (): string => live?.timezone ?? settings.get().timezone;
  const pollIntervalMs = (): number => deps.pollIntervalMs ?? settings.get().pollIntervalSec * 1000;
  let stores = openDayStores(deps.dataDir);
  let idlePicture = createFloorPicture(now);

  function openDayStores(dir: string): DayStores {
    mkdirSync(dir, { recursive: true });
    return {
      dir,
      journal: openAbandonedJournal({ file: join(dir, 'abandoned.jsonl'), zone, now, log }),
      daily: createDailyStats({ file: join(dir, 'daily-stats.jsonl'), zone, now, log, serviceLevelSec: () => settings.get().serviceLevelSec }),
    };
  }

  function useDayStores(dir: string): void {
    if (stores.dir !== dir) stores = openDayStores(dir);
  }

  function emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void {
    for (const listener of listeners) {
      try {
        listener(channel, payload);
      } catch (e) {
        log(`an event listener failed on ${channel}: ${(e as Error).message}`);
      }
    }
  }

  function setSession(next: Partial<SessionStatus>): void {
    session = { ...session, ...next };
    emit('session:changed', session);
  }

  const picture = (): FloorPicture => live?.ticker.picture ?? idlePicture;

  function floorState(): FloorState {
    // Also between ticks (disconnected over midnight): yesterday's list is not today's.
    stores.journal.rollDay();
    return { snapshot: picture().snapshot(), sources: live?.feed.statuses() ?? [], abandoned: stores.journal.list() };
  }

  /** One tick of the live picture (picture/floor-tick.ts), published. */
  function publish(current: Live): void {
    try {
      const { update, fresh, rolled } = current.ticker.tick(current.feed.latest(), stores);
      if (update.changes) emit('floor:changed', update.changes);
      if (update.events.length > 0) emit('floor:events', update.events);
      if (fresh.length > 0 || rolled) emit('abandoned:changed', stores.journal.list());
      // Every good poll moves its source's lastGoodAt: send the (small) statuses with each tick so the
      // console's "updated 2 s ago" stays true on a quiet floor, not only when a state changes.
      emit('sources:changed', current.feed.statuses());
    } catch (e) {
      log(`publishing the floor failed: ${(e as Error).stack ?? (e as Error).message}`);
    }
  }

  function stopLive(): void {
    if (!live) return;
    live.feed.stop();
    live.connector.close();
    live = null;
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

  /** Connect (or reconnect) with `request`; `demo` marks the built-in simulator's session. */
  async function connect(request: ConnectRequest, demo: boolean): Promise<BridgeResult<SessionStatus>> {
    const gen = ++generation;
    if (startRetry) clearTimeout(startRetry);
    startRetry = null;
    stopLive();
    const current = settings.get();
    const timezone = request.timezone ?? current.timezone;
    const ownExtension = demo ? DEMO_OWN_EXTENSION : (request.ownExtension ?? current.ownExtension);
    setSession({
      state: 'connecting', system: request.system, apiHost: request.apiHost, user: request.username ?? null,
      ownExtension: ownExtension || null, demo, capabilities: [], error: null,
    });
    const factory = CONNECTOR_FACTORIES[request.system];
    const failWith = (error: AppError): BridgeResult<SessionStatus> => {
      if (gen === generation) setSession({ state: 'error', error });
      return { ok: false, error };
    };
    if (!factory) {
      return failWith({ code: 'NOT_SUPPORTED', message: `Connecting to ${request.system} is not available in this version yet.` });
    }
    secretValues = [request.password, request.apiKey].filter((s): s is string => s !== undefined);
    let connector: Connector;
    let user: string;
    const failWithError = (e: unknown): BridgeResult<SessionStatus> => {
      if (e instanceof ConnectorError) return failWith(e.error);
      log(`connecting failed: ${(e as Error).stack ?? String(e)}`);
      return failWith({ code: 'INTERNAL', message: 'Connecting failed inside Floorwatch; the details are in its log.' });
    };
    try {
      connector = factory({
        apiHost: request.apiHost, credentials: credentialsOf(request), timezone, ownExtension, requestTimeoutMs: deps.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
        roster: () => roster.get(),
        decoder,
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
      await rememberProfile(request, timezone, ownExtension);
      await closeDemo();
      if (gen !== generation) return replaced();
    }
    useDayStores(demo ? join(deps.dataDir, 'demo') : deps.dataDir);
    const next: Live = {
      connector,
      ticker: createFloorTicker(now),
      request,
      user,
      timezone,
      ownExtension,
      demo,
      feed: createFloorFeed(connector.sources(), {
        intervalMs: pollIntervalMs(),
        now,
        onData: () => {
          if (live === next) publish(next);
        },
        onStatus: (all, changed) => {
          if (live !== next) return;
          emit('sources:changed', all);
          if (changed.state === 'unauthorized' && session.state === 'connected') {
            setSession({ state: 'unauthorized', error: changed.lastError });
          }
        },
      }),
    };
    live = next;
    setSession({ state: 'connected', user, capabilities: [...connector.capabilities], error: null });
    emit('floor:reset', floorState());
    next.feed.start();
    return ok(session);
  }

  /** Keep the non-secret profile with the settings, and the secret only when asked to remember it. */
  async function rememberProfile(request: ConnectRequest, timezone: string, ownExtension: string): Promise<void> {
    const patch: Partial<ConsoleSettings> = {};
    if (request.timezone !== undefined && request.timezone !== settings.get().timezone) patch.timezone = request.timezone;
    if (request.ownExtension !== undefined && request.ownExtension !== settings.get().ownExtension) patch.ownExtension = request.ownExtension;
    if (Object.keys(patch).length > 0) {
      const updated = settings.update(patch);
      if (updated.ok) emit('settings:changed', updated.data);
    }
    settings.setProfile({
      system: request.system, apiHost: request.apiHost, username: request.username ?? null, timezone, ownExtension,
      authMode: request.apiKey !== undefined ? 'apiKey' : 'password',
    });
    try {
      if (request.remember) {
        await deps.secrets.clear();
        if (request.apiKey !== undefined) await deps.secrets.set('apiKey', request.apiKey);
        else await deps.secrets.set('password', request.password as string);
      } else {
        await deps.secrets.clear();
      }
    } catch (e) {
      log(`secret store: ${(e as Error).message}`);
    }
  }

  async function connectDemo(): Promise<BridgeResult<SessionStatus>> {
    if (!demoPbx) {
      try {
        demoPbx = await deps.startDemoPbx();
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
    if (startRetry) clearTimeout(startRetry);
    startRetry = null;
    stopLive();
    secretValues = [];
    await closeDemo();
    idlePicture = createFloorPicture(now);
    setSession({ state: 'disconnected', system: null, apiHost: null, user: null, ownExtension: null, demo: false, capabilities: [], error: null });
    emit('floor:reset', floorState());
    emit('sources:changed', []);
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
      findCall: (id) => current.ticker.picture.findCall(id),
      findAgent: (id) => current.ticker.picture.findAgent(id),
      findAbandoned: (id) => stores.journal.get(id),
      markCalledBack: (id) => {
        if (stores.journal.markCalledBack(id)) emit('abandoned:changed', stores.journal.list());
      },
    };
  }

  const actions = createActionService({ context: actionContext, guard, audit, now, log });
  const agentAction = (kind: AgentActionKind) => (request: { agentId: string }, origin: RequestOrigin) =>
    actions.onAgent(kind, request, origin);

  function applySettings(previous: ConsoleSettings, next: ConsoleSettings): void {
    const current = live;
    if (!current) return;
    if (next.pollIntervalSec !== previous.pollIntervalSec) current.feed.setInterval(pollIntervalMs());
    // The connector was built with the zone and own extension (its own-extension source): rebuild it.
    const zoneChanged = next.timezone !== current.timezone;
    const extChanged = !current.demo && next.ownExtension !== current.ownExtension;
    if (zoneChanged || extChanged) {
      void connect({ ...current.request, timezone: next.timezone, ...(current.demo ? {} : { ownExtension: next.ownExtension }) }, current.demo);
    }
  }

  const handlers: Handlers = {
    'session:get': () => ok(session),
    'session:connect': (request) => connect(request, false),
    'session:demo': () => connectDemo(),
    'session:disconnect': async () => ok(await disconnect()),
    'floor:get': () => ok(floorState()),
    'call:act': (request, origin) => actions.onCall(request, origin),
    'agent:pause': (request, origin) => actions.onAgent('pause', request, origin),
    'agent:resume': agentAction('resume'),
    'agent:logoff': agentAction('logoff'),
    'agent:check-in': (request, origin) => actions.onAgent('check-in', request, origin),
    'agent:check-out': agentAction('check-out'),
    'agent:set-queues': (request, origin) => actions.onAgent('set-queues', request, origin),
    'agent:wrap-up': (request, origin) => actions.onAgent('wrap-up', request, origin),
    'agent:pause-reasons': async (request) => {
      const ctx = actionContext();
      if (!ctx) return err('NOT_CONNECTED', 'Not connected to a PBX: connect first.');
      const c = ctx.connector;
      if (!c.capabilities.has('agent-pause-reasons') || !c.pauseReasons) {
        return err('NOT_SUPPORTED', `${c.system.toUpperCase()} does not list pause reasons.`);
      }
      const agent = ctx.findAgent(request.agentId);
      if (!agent) return err('NOT_FOUND', `No agent with id ${request.agentId} is on the floor.`);
      try {
        return ok(await c.pauseReasons(agent));
      } catch (e) {
        if (e instanceof ConnectorError) return { ok: false, error: e.error };
        throw e;
      }
    },
    'abandoned:call-back': (request, origin) => actions.callBack(request.id, origin),
    'abandoned:mark-handled': (request) => {
      const call = stores.journal.markHandled(request.id);
      if (!call) return err('NOT_FOUND', 'This abandoned call is not in today\'s list.');
      emit('abandoned:changed', stores.journal.list());
      return ok(call);
    },
    'settings:get': () => ok(settings.get()),
    'settings:update': (patch) => {
      const previous = settings.get();
      const result = settings.update(patch);
      if (!result.ok) return result;
      emit('settings:changed', result.data);
      applySettings(previous, result.data);
      return result;
    },
    'roster:get': () => ok(roster.get()),
    'roster:import': (request) => roster.importCsv(request.csv),
    'audit:list': async (request) => ok(await audit.list(request.limit)),
    'app:info': () =>
      ok({
        host: deps.host,
        version: deps.version,
        nativeNotifications: deps.nativeNotifications,
        globalShortcuts: deps.globalShortcuts,
        secretsEncrypted: deps.secrets.encrypted,
      }),
    'ui:set-selection': (request) => {
      selection = { panel: request.panel, id: request.id };
      return ok(null);
    },
  };

  async function invoke(channel: string, payload: unknown, origin: RequestOrigin = 'renderer'): Promise<BridgeResult<unknown>> {
    const valid = validateRequest(channel, payload);
    if (!valid.ok) return valid;
    let result: BridgeResult<unknown>;
    try {
      const handler = handlers[valid.channel] as (request: unknown, origin: RequestOrigin) => Promise<BridgeResult<unknown>> | BridgeResult<unknown>;
      result = await handler(valid.request, origin);
    } catch (e) {
      log(`${valid.channel} failed: ${(e as Error).stack ?? String(e)}`);
      result = err('INTERNAL', 'Something went wrong inside Floorwatch; the details are in its log.');
    }
    // The renderer shows its own results; a shortcut's or a notification's result reaches it this way.
    // Refusals of a repeat (in flight, cooldown) are the guard doing its job, not news.
    if (origin !== 'renderer' && ACTION_CHANNELS.has(valid.channel)) {
      const refusedRepeat = !result.ok && (result.error.code === 'ACTION_IN_FLIGHT' || result.error.code === 'COOLDOWN');
      if (!refusedRepeat) {
        const request = valid.request as { callId?: string; agentId?: string; id?: string; action?: string };
        const kind = (valid.channel === 'call:act' ? request.action : valid.channel.split(':')[1]) as EventPayloads['action:done']['kind'];
        const target = request.callId ?? request.agentId ?? request.id ?? '';
        emit('action:done', { kind, target, result: result as EventPayloads['action:done']['result'] });
      }
    }
    return result;
  }

  /** A remembered session whose PBX is unreachable at start is retried a few times before giving up. */
  function retryStart(request: ConnectRequest, attempt: number): void {
    const delay = START_RETRY_MS[attempt];
    if (delay === undefined) return;
    const gen = generation;
    startRetry = setTimeout(() => {
      startRetry = null;
      if (gen !== generation) return;
      void connect(request, false).then((r) => {
        if (!r.ok && (r.error.code === 'UNREACHABLE' || r.error.code === 'TIMEOUT')) retryStart(request, attempt + 1);
      });
    }, delay);
    startRetry.unref?.();
  }

  return {
    invoke,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSelection: () => selection,
    async start() {
      const profile = settings.profile();
      let secret: string | null = null;
      if (profile) {
        try {
          secret = await deps.secrets.get(profile.authMode);
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
      const result = await connect(request, false);
      if (!result.ok && (result.error.code === 'UNREACHABLE' || result.error.code === 'TIMEOUT')) retryStart(request, 0);
    },
    async stop() {
      generation++;
      if (startRetry) clearTimeout(startRetry);
      startRetry = null;
      stopLive();
      decoder.close();
      await closeDemo();
    },
  };
}
