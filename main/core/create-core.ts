// The core: what the main process knows and does, behind the one `Core` interface its hosts (Electron
// shell, web host, tests, bench) call. This file only wires the parts together: the settings, the audit log,
// the roster, the action guard and the decode worker; the live session (session/live-session.ts: connect,
// retry, disconnect, publishing the floor); and the request handlers (request-handlers.ts: validation and
// one handler per channel). Events go to every subscribed listener.
//
// The password, api_key and token stay inside the connector (and, for "remember", the SecretStore): no
// event, response, error, audit record or log line carries them. All of those leave through one redactor
// (session/redactor.ts) that knows every secret issued in the core's life.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventChannel, EventPayloads } from '../../common/contract';
import { createActionGuard } from './actions/action-guard';
import { createActionService } from './actions/action-service';
import { openAuditLog } from './actions/audit-log';
import { createCustomerDirectory } from './customers/customer-directory';
import { createListDecoder } from './decode/list-decoder';
import type { Core, CoreDeps, EventListener, FloorLink, RecordPass } from './host';
import { createInvoke, type Selection } from './request-handlers';
import { openOutboundLists } from './outbound/outbound-lists';
import { createOutboundService, type OutboundService, type OutboundServiceDeps } from './outbound/outbound-service';
import { createOutboundShare, type OutboundShare } from './outbound/outbound-share';
import { openRosterStore } from './roster/roster-store';
import { createLiveSession, type LivePushEvents } from './session/live-session';
import { createRedactor } from './session/redactor';
import { createSettingsService } from './settings/settings-service';
import { flushJsonLines } from './storage/jsonl-file';

export type { Selection } from './request-handlers';
export type { LivePushEvents } from './session/live-session';

export interface FloorwatchCore extends Core {
  /**
   * What the global shortcuts act on: the focused panel's selection as the renderer reported it, with an
   * agent standing for the call that agent is on (issue 14 point 10), so Ctrl+Alt+L with an agent selected
   * listens to that agent's call, never to a call selected in a panel the supervisor left.
   */
  getSelection(): Selection | null;
  /**
   * The PBX's pushed call events on the live connection (TEL4VN event hooks), for the floor hub that serves
   * the callback; null when not connected or the system pushes none. Not on the bridge: no renderer reaches it.
   */
  pushEvents(): LivePushEvents | null;
  /**
   * Each pass of the PBX's call records as the core reads it, for the floor hub that shares them with its
   * consoles (main/hub/floor-records.ts). Not on the bridge. Returns the unsubscribe.
   */
  onRecordPass(listener: (pass: RecordPass) => void): () => void;
}

export function createCore(deps: CoreDeps): FloorwatchCore {
  const now = deps.now ?? Date.now;
  const listeners = new Set<EventListener>();
  const redactor = createRedactor();
  const log = (message: string): void => {
    console.warn(`[floorwatch core] ${redactor.text(message)}`);
  };

  function emit<E extends EventChannel>(channel: E, raw: EventPayloads[E]): void {
    // A session change may bring or take the floor hub: the shared outbound queues follow it.
    if (channel === 'session:changed') outboundShare?.follow();
    if (listeners.size === 0) return;
    const payload = redactor.event(channel, raw);
    for (const listener of listeners) {
      try {
        listener(channel, payload);
      } catch (e) {
        log(`an event listener failed on ${channel}: ${(e as Error).message}`);
      }
    }
  }

  mkdirSync(deps.dataDir, { recursive: true });
  const settings = createSettingsService(deps.settings, log);
  const auditFile = openAuditLog(join(deps.dataDir, 'audit.jsonl'));
  // Every record goes to the local log and, on a floor hub, to the floor's shared audit too (issue 18): the
  // local log is the one that must not miss a record, the floor's may while the hub is out of reach.
  let floorLink: () => FloorLink | null = () => null;
  const audit: typeof auditFile = {
    ...auditFile,
    append: (raw) => {
      const record = raw.error ? { ...raw, error: redactor.error(raw.error) } : raw;
      const done = auditFile.append(record);
      void floorLink()?.publishAudit(record).catch((e: Error) => log(`the floor's audit did not take a record: ${e.message}`));
      return done;
    },
  };
  const roster = openRosterStore(join(deps.dataDir, 'roster.json'), log);
  const guard = createActionGuard({ now });
  // One decode worker for the core's life (started with the first answer), shared by every connection.
  const decoder = createListDecoder({ ...(deps.decodeWorker ? { workerFile: deps.decodeWorker } : {}), log });
  // Call lists (issue 19) get a decode worker of their own, from the same file: reading 100,000 rows takes
  // about a second, and the floor's list jobs must not queue behind it. It starts with a list and stops
  // a minute after the last one.
  const listReader = createListDecoder({ ...(deps.decodeWorker ? { workerFile: deps.decodeWorker } : {}), log });
  let listsReading = 0;
  let listReaderIdle: ReturnType<typeof setTimeout> | null = null;
  const readList: OutboundServiceDeps['readList'] = async (file, dnc, want) => {
    if (listReaderIdle) clearTimeout(listReaderIdle);
    listsReading++;
    try {
      return await listReader.customerList(file, dnc, want);
    } finally {
      if (--listsReading === 0) {
        listReaderIdle = setTimeout(() => listReader.close(), 60_000);
        listReaderIdle.unref?.();
      }
    }
  };
  let selection: Selection | null = null;

  // The outbound queues outlive a connection (remembered across restarts); records reach them as read.
  let outbound: OutboundService | null = null;
  const recordListeners = new Set<(pass: RecordPass) => void>();
  let outboundShare: OutboundShare | null = null;
  const session = createLiveSession({
    core: deps, now, settings, roster, decoder, emit, log,
    secretIssued: (secret) => redactor.add(secret),
    onRecords: (pass) => {
      outbound?.observeRecords(pass.records);
      for (const listener of recordListeners) listener(pass);
    },
  });
  floorLink = () => session.floorLink();
  const actions = createActionService({ context: session.actionContext, guard, audit, now, log });
  // On a floor hub the queues go onto the floor's shared list and the other screens' come back (issue 19).
  outboundShare = createOutboundShare({
    link: () => session.floorLink(),
    me: () => {
      const link = session.floorLink();
      const status = session.status();
      return link && status.user ? { user: link.user, name: status.user, extension: status.ownExtension || null } : null;
    },
    own: () => outbound?.state().queues.filter((q) => !q.sharedBy) ?? [],
    onForeign: (queues) => outbound?.foreign(queues),
    now,
    log,
  });
  outbound = createOutboundService({
    context: session.actionContext, settings, lists: openOutboundLists(deps.dataDir, log), audit, guard,
    emit: (state) => {
      emit('outbound:changed', state);
      outboundShare?.publish();
    },
    readList, now, log,
    // Numbers the screens asked about before their list was loaded are named now (a preview's first rows).
    onListed: () => customers.listsChanged(),
  });
  const customers = createCustomerDirectory({
    api: () => {
      const ctx = session.actionContext();
      return ctx?.connector.capabilities.has('customer-directory') ? (ctx.connector.customers ?? null) : null;
    },
    day: () => session.stores().daily.day().key,
    now,
    emit: (found) => emit('customers:changed', found),
    listed: (number) => outbound?.listedCustomer(number) ?? null,
    log,
  });
  const invoke = createInvoke({
    core: deps, session, settings, roster, audit, actions, outbound, customers, emit, log,
    setSelection: (next) => {
      selection = next;
    },
    secretIssued: (secret) => redactor.add(secret),
  });

  return {
    invoke: async (channel, payload, origin) => redactor.result(await invoke(channel, payload, origin)),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSelection: () => {
      if (selection?.panel !== 'agents' || selection.id === null) return selection;
      const callId = session.actionContext()?.findAgent(selection.id)?.callId ?? null;
      return callId ? { panel: 'calls', id: callId } : selection;
    },
    readRecording: (path) => session.records.readRecording(path),
    pushEvents: () => session.pushEvents(),
    onRecordPass(listener) {
      recordListeners.add(listener);
      return () => {
        recordListeners.delete(listener);
      };
    },
    start: () => session.start(),
    async stop() {
      customers.close();
      outboundShare?.close();
      const closing = session.stop();
      decoder.close();
      if (listReaderIdle) clearTimeout(listReaderIdle);
      listReader.close();
      try {
        await closing;
      } finally {
        // The day's lines still waiting for their turn (storage/jsonl-file.ts appendJsonLinesSoon).
        flushJsonLines();
      }
    },
  };
}
