// The core's answer to each bridge request: one handler per invoke channel, and `invoke`, which validates
// the payload against the contract first, turns a thrown error into an INTERNAL answer (nothing throws
// across the bridge), and tells the renderer about actions that came from elsewhere (shortcut, tray,
// notification).
import {
  validateRequest,
  type BridgeResult,
  type EventChannel,
  type EventPayloads,
  type InvokeChannel,
  type InvokeResponses,
  type RequestOf,
} from '../../common/contract';
import type { AppError, AuditRecord, PbxExtension } from '../../common/domain';
import type { ActionService, AgentActionKind } from './actions/action-service';
import type { AuditLog } from './actions/audit-log';
import type { CustomerDirectory } from './customers/customer-directory';
import type { OutboundService } from './outbound/outbound-service';
import { ConnectorError } from './connectors/connector';
import type { CoreDeps, RequestOrigin } from './host';
import type { RosterStore } from './roster/roster-store';
import type { LiveSession } from './session/live-session';
import type { SettingsService } from './settings/settings-service';

/** What the Electron shell's global shortcuts act on. */
export interface Selection {
  panel: 'abandoned' | 'calls' | 'agents';
  id: string | null;
}

type Handlers = {
  [C in InvokeChannel]: (request: RequestOf<C>, origin: RequestOrigin) => Promise<BridgeResult<InvokeResponses[C]>> | BridgeResult<InvokeResponses[C]>;
};

const ACTION_CHANNELS = new Set<InvokeChannel>([
  'call:act', 'agent:pause', 'agent:resume', 'agent:logoff', 'agent:check-in', 'agent:check-out', 'agent:set-queues',
  'agent:wrap-up', 'abandoned:call-back', 'agent:login',
]);

/** The floor's shared audit (on a hub) is read back this far for the Activity view. */
const FLOOR_AUDIT_WINDOW_MS = 24 * 3600_000;
/** How long the PBX's extension list is reused before it is read again. */
const EXTENSIONS_FRESH_MS = 60_000;

const ok = <T>(data: T): BridgeResult<T> => ({ ok: true, data });
const err = (code: AppError['code'], message: string): { ok: false; error: AppError } => ({ ok: false, error: { code, message } });

interface RequestHandlerDeps {
  core: CoreDeps;
  session: LiveSession;
  settings: SettingsService;
  roster: RosterStore;
  audit: AuditLog;
  actions: ActionService;
  outbound: OutboundService;
  customers: CustomerDirectory;
  emit: <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => void;
  log: (message: string) => void;
  setSelection: (selection: Selection) => void;
  /** A secret typed in a request (the NATS password), for the core's redactor. */
  secretIssued: (secret: string) => void;
}

type Invoke = (channel: string, payload: unknown, origin?: RequestOrigin) => Promise<BridgeResult<unknown>>;

export function createInvoke(deps: RequestHandlerDeps): Invoke {
  const { session, settings, roster, audit, actions, outbound, customers, emit, log } = deps;
  const now = deps.core.now ?? Date.now;
  let extensionCache: { connector: object; at: number; list: PbxExtension[] } | null = null;
  /** Who acknowledged or snoozed an alert: the signed-in user, else the own extension. */
  const markedBy = (): string => {
    const status = session.status();
    return status.user ?? status.ownExtension ?? 'supervisor';
  };
  const agentAction = (kind: AgentActionKind) => (request: { agentId: string }, origin: RequestOrigin) =>
    actions.onAgent(kind, request, origin);

  const handlers: Handlers = {
    'session:get': () => ok(session.status()),
    'session:connect': (request) => session.connect(request, false),
    'session:demo': () => session.connectDemo(),
    'session:disconnect': async () => ok(await session.disconnect()),
    'floor:get': () => ok(session.floorState()),
    'call:act': (request, origin) => actions.onCall(request, origin),
    'agent:pause': (request, origin) => actions.onAgent('pause', request, origin),
    'agent:resume': agentAction('resume'),
    'agent:logoff': agentAction('logoff'),
    'agent:check-in': (request, origin) => actions.onAgent('check-in', request, origin),
    'agent:check-out': agentAction('check-out'),
    'agent:set-queues': (request, origin) => actions.onAgent('set-queues', request, origin),
    'agent:wrap-up': (request, origin) => actions.onAgent('wrap-up', request, origin),
    'agent:pause-reasons': async (request) => {
      const ctx = session.actionContext();
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
      const { journal } = session.stores();
      const changed = journal.markHandled(request.id);
      if (changed.length === 0) return err('NOT_FOUND', 'This abandoned call is not in today\'s list.');
      session.abandonedChanged();
      return ok(changed);
    },
    'abandoned:unmark-handled': (request) => {
      const { journal } = session.stores();
      const changed = journal.unmarkHandled(request.ids);
      if (changed.length > 0) session.abandonedChanged();
      return ok(changed);
    },
    'settings:get': () => ok(settings.get()),
    'settings:update': (patch) => {
      const previous = settings.get();
      const result = settings.update(patch);
      if (!result.ok) return result;
      emit('settings:changed', result.data);
      session.applySettings(previous, result.data);
      return result;
    },
    'roster:get': () => ok(roster.info()),
    'roster:import': (request) => roster.importCsv(request.csv),
    'audit:list': async (request) => {
      const own = await audit.list(request.limit);
      const link = session.floorLink();
      if (!link) return ok(own);
      // On a floor hub, the floor's records (every screen's, the last day), with this screen's own that
      // never reached it (published while the hub was away); newest first, as the local log answers.
      let floor: AuditRecord[] = [];
      try {
        floor = await link.readAudit(now() - FLOOR_AUDIT_WINDOW_MS, request.limit);
      } catch (e) {
        log(`the floor's audit could not be read: ${(e as Error).message}`);
      }
      const key = (r: AuditRecord): string => `${r.at}|${r.user}|${r.kind}|${r.target}`;
      const seen = new Set(floor.map(key));
      const merged = [...floor, ...own.filter((r) => !seen.has(key(r)))].sort((a, b) => b.at - a.at);
      return ok(merged.slice(0, request.limit));
    },
    'claims:get': () => ok(session.claims()),
    'hub:set-password': async (request) => {
      const store = deps.core.floorHubPassword;
      if (!store) return err('NOT_SUPPORTED', 'This host takes the NATS password from its environment (FLOORWATCH_NATS_PASSWORD).');
      deps.secretIssued(request.password);
      await store.set(request.password);
      // A console already on a hub signs in again with it.
      if (settings.get().floorHub) session.reconnect();
      return ok(null);
    },
    'app:info': () =>
      ok({
        host: deps.core.host,
        version: deps.core.version,
        nativeNotifications: deps.core.nativeNotifications,
        globalShortcuts: deps.core.globalShortcuts,
        secretsEncrypted: deps.core.secrets.encrypted,
      }),
    'alerts:get': () => ok(session.alertsState()),
    'alerts:history': () => ok(session.stores().alerts.tracker.cleared()),
    // "Acknowledged by <signed-in user, else own extension>" (issue 17); a snooze says by whom as well. On a
    // floor hub the floor's alerts are marked for every screen (issue 18).
    'alerts:ack': (request) => session.markAlert(request.id, markedBy(), null),
    'alerts:snooze': (request) => session.markAlert(request.id, markedBy(), request.minutes),
    'wallboard:open': () => {
      if (!deps.core.openWallboard) return ok(false);
      deps.core.openWallboard();
      return ok(true);
    },
    'ui:set-selection': (request) => {
      deps.setSelection({ panel: request.panel, id: request.id });
      return ok(null);
    },
    'phone:get': () => ok(session.phone()),
    'phone:demo-hang-up': () => session.hangUpDemoPhone(),
    'extensions:list': async () => {
      const ctx = session.actionContext();
      if (!ctx) return err('NOT_CONNECTED', 'Not connected to a PBX: connect first.');
      const c = ctx.connector;
      if (!c.listExtensions) return err('NOT_SUPPORTED', `${c.system.toUpperCase()} does not list its extensions.`);
      // The picker opens often and the list changes rarely: one walk of the pages per connection a minute.
      const cached = extensionCache;
      if (cached && cached.connector === c && now() - cached.at < EXTENSIONS_FRESH_MS) return ok(cached.list);
      try {
        const list = await c.listExtensions();
        extensionCache = { connector: c, at: now(), list };
        return ok(list);
      } catch (e) {
        if (e instanceof ConnectorError) return { ok: false, error: e.error };
        throw e;
      }
    },
    'today:get': (request) => session.records.today(request.queueId),
    'today:agents': () => session.records.agents(),
    'history:search': (request) => session.records.search(request),
    'history:record': (request) => session.records.record(request.id),
    'history:recording': (request) => session.records.recording(request.id),
    'outbound:get': () => ok(outbound.state()),
    'outbound:preview': (request) => outbound.preview(request),
    'outbound:load': (request, origin) => outbound.load(request, origin),
    'outbound:cancel': (request) => outbound.cancel(request),
    'outbound:resume': (request, origin) => outbound.resume(request, origin),
    'outbound:act': (request, origin) => outbound.act(request, origin),
    'outbound:dnc-import': (request, origin) => outbound.importDnc(request, origin),
    'outbound:dnc-clear': (request, origin) => outbound.clearDnc(request, origin),
    'outbound:forget': (request) => outbound.forget(request),
    'customers:names': (request) => ok(customers.names(request.numbers)),
    'agent:login': (request, origin) => actions.loginAgent(request, origin),
    'agent:user-status': async (request) => {
      const ctx = session.actionContext();
      if (!ctx) return err('NOT_CONNECTED', 'Not connected to a PBX: connect first.');
      const c = ctx.connector;
      if (!c.capabilities.has('agent-login') || !c.customers) return err('NOT_SUPPORTED', `${c.system.toUpperCase()} has no user status to read.`);
      const agent = ctx.findAgent(request.agentId);
      if (!agent) return err('NOT_FOUND', `No agent with id ${request.agentId} is on the floor.`);
      try {
        return ok(await c.customers.userStatus(agent));
      } catch (e) {
        if (e instanceof ConnectorError) return { ok: false, error: e.error };
        throw e;
      }
    },
    'file:save-csv': async (request) => {
      if (!deps.core.saveCsv) return err('NOT_SUPPORTED', 'This host saves no files: the page downloads it.');
      try {
        return ok(await deps.core.saveCsv(request.name, request.text));
      } catch (e) {
        log(`saving ${request.name} failed: ${(e as Error).message}`);
        return err('INTERNAL', `The file could not be saved: ${(e as Error).message}`);
      }
    },
  };

  return async function invoke(channel, payload, origin = 'renderer') {
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
        const request = valid.request as { callId?: string; agentId?: string; id?: string; action?: string; extension?: string };
        const kind = (valid.channel === 'call:act' ? request.action : valid.channel === 'agent:login' ? 'agent-login' : valid.channel.split(':')[1]) as EventPayloads['action:done']['kind'];
        const target = request.callId ?? request.agentId ?? request.id ?? request.extension ?? '';
        emit('action:done', { kind, target, result: result as EventPayloads['action:done']['result'] });
      }
    }
    return result;
  };
}
