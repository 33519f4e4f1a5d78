// The bridge in a plain browser: FloorwatchApi over the web host's WebSocket (protocol: common/ws-protocol.ts).
// Its functions are generated from invokeChannels / eventChannels, so no channel can be missing. It
// reconnects by itself with backoff, settles in-flight requests as HOST_UNREACHABLE when the socket drops, shows
// every source as offline while it is down, and re-reads the session, settings and floor once it is back.
// Imports only common/ (layering rule): the page learns the per-run secret from its own URL fragment;
// without one it opens no socket and its session reports why (FORBIDDEN_SENDER).
//
//   connecting --open--> open --close--> waiting --backoff timer--> connecting
//        \------------close before open------------^
import {
  eventChannels,
  invokeChannels,
  type BridgeResult,
  type EventChannel,
  type EventPayloads,
  type FloorState,
  type FloorwatchApi,
  type InvokeChannel,
} from '../../../common/contract';
import type { AppError, SessionStatus, SourceStatus } from '../../../common/domain';
import {
  WS_PATH,
  WS_PROTOCOL,
  offeredProtocols,
  secretFromHash,
  type ClientMessage,
  type ServerMessage,
} from '../../../common/ws-protocol';
import { unpackQueueLists } from '../../../common/queue-lists';

/** Full-jitter backoff between reconnect attempts: random in [0, min(cap, base * 2^n)], at least MIN. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
const BACKOFF_MIN_MS = 100;
/** A safety net only: the core answers every request (its PBX calls have their own timeouts). */
const INVOKE_TIMEOUT_MS = 60_000;

type State = 'connecting' | 'open' | 'waiting';
type Listener = (payload: never) => void;

interface Pending {
  resolve: (result: BridgeResult<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The session error of a page opened without its key; lib/errors.ts recognises it by this message. */
export const NO_KEY_MESSAGE =
  'This page has no access key: open the exact address the web host printed (it ends in #s=...).';
const NO_SESSION: SessionStatus = {
  state: 'disconnected', system: null, apiHost: null, user: null, ownExtension: null, demo: false, capabilities: [], error: null,
};

const HOST_GONE: AppError = { code: 'HOST_UNREACHABLE', message: "The console's host is unreachable; reconnecting." };
const hostGone = (): BridgeResult<never> => ({ ok: false, error: HOST_GONE });

export function createWebSocketApi(): FloorwatchApi {
  const secret = secretFromHash(window.location.hash);
  const url = `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}${WS_PATH}`;
  const listeners = new Map<EventChannel, Set<Listener>>();
  const pending = new Map<number, Pending>();
  /** Frames written while the socket was still connecting: sent on open, refused if it never opens. */
  let queued: ClientMessage[] = [];
  let socket: WebSocket | null = null;
  let state: State = 'waiting';
  let attempt = 0;
  let everOpened = false;
  let nextId = 1;
  /** The last sources the host reported, so a drop can show them offline with their real ages. */
  let lastSources: SourceStatus[] = [];
  /** Ids of floor:get requests in flight, whose answers update lastSources. */
  const floorGetIds = new Set<number>();

  function emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void {
    if (channel === 'sources:changed') lastSources = payload as SourceStatus[];
    if (channel === 'floor:reset') lastSources = (payload as FloorState).sources;
    for (const listener of [...(listeners.get(channel) ?? [])]) {
      try {
        (listener as (p: EventPayloads[E]) => void)(payload);
      } catch (error) {
        // One failing listener must not starve the others of the event.
        console.error(`floorwatch: a listener of ${channel} failed`, error);
      }
    }
  }

  function settle(id: number, result: BridgeResult<unknown>): void {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  function settleAll(): void {
    for (const id of [...pending.keys()]) settle(id, hostGone());
    floorGetIds.clear();
    queued = [];
  }

  function connect(): void {
    if (secret === null) return;
    state = 'connecting';
    const ws = new WebSocket(url, offeredProtocols(secret));
    socket = ws;
    ws.onopen = () => {
      if (ws.protocol !== WS_PROTOCOL) {
        ws.close();
        return;
      }
      state = 'open';
      attempt = 0;
      for (const message of queued) ws.send(JSON.stringify(message));
      queued = [];
      if (everOpened) void catchUp();
      everOpened = true;
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage;
      } catch {
        return;
      }
      if (message.t === 'result') {
        // A floor:get answer carries each agents' queue list once: put them back (common/queue-lists.ts).
        const r = message.result;
        const result = r.ok && floorGetIds.has(message.id) ? { ok: true as const, data: unpackQueueLists('floor:get', r.data) } : r;
        noteResult(message.id, result);
        settle(message.id, result);
      } else if (message.t === 'event') emit(message.channel, unpackQueueLists(message.channel, message.payload) as typeof message.payload);
      else if (message.t === 'error') console.error('floorwatch: the host refused a message:', message.error.message);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      const wasOpen = state === 'open';
      state = 'waiting';
      settleAll();
      if (wasOpen) showOffline();
      const delay = Math.max(BACKOFF_MIN_MS, Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
      attempt += 1;
      setTimeout(connect, delay);
    };
  }

  /** floor:get answers carry the sources too; remember them like the events do. */
  function noteResult(id: number, result: BridgeResult<unknown>): void {
    if (floorGetIds.delete(id) && result.ok) lastSources = (result.data as FloorState).sources;
  }

  /** While the host is gone the UI must not show the last picture as live: every source goes offline. */
  function showOffline(): void {
    emit(
      'sources:changed',
      lastSources.map((s) => ({ ...s, state: 'offline' as const, lastError: HOST_GONE })),
    );
  }

  /** After a reconnect, events sent meanwhile are lost: re-read what they would have told. */
  async function catchUp(): Promise<void> {
    const [session, settings, floor] = await Promise.all([
      invoke('session:get', undefined),
      invoke('settings:get', undefined),
      invoke('floor:get', undefined),
    ]);
    if (session.ok) emit('session:changed', session.data as EventPayloads['session:changed']);
    if (settings.ok) emit('settings:changed', settings.data as EventPayloads['settings:changed']);
    if (floor.ok) emit('floor:reset', floor.data as FloorState);
  }

  function invoke(channel: InvokeChannel, payload: unknown): Promise<BridgeResult<unknown>> {
    if (secret === null) {
      const error: AppError = { code: 'FORBIDDEN_SENDER', message: NO_KEY_MESSAGE };
      // The session answers with the reason, so the Connect screen says why nothing can work here.
      if (channel === 'session:get') return Promise.resolve({ ok: true, data: { ...NO_SESSION, state: 'error', error } });
      return Promise.resolve({ ok: false, error });
    }
    if (state === 'waiting') return Promise.resolve(hostGone());
    const id = nextId++;
    if (channel === 'floor:get') floorGetIds.add(id);
    const message: ClientMessage = { t: 'invoke', id, channel, ...(payload === undefined ? {} : { payload }) };
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        floorGetIds.delete(id);
        settle(id, { ok: false, error: { code: 'TIMEOUT', message: "The console's host did not answer in time." } });
      }, INVOKE_TIMEOUT_MS);
      pending.set(id, { resolve, timer });
      if (state === 'open' && socket) socket.send(JSON.stringify(message));
      else queued.push(message);
    });
  }

  const api: Record<string, unknown> = {};
  for (const [channel, def] of Object.entries(invokeChannels)) {
    api[def.fn] = (request?: unknown) => invoke(channel as InvokeChannel, request);
  }
  for (const [channel, def] of Object.entries(eventChannels)) {
    api[def.fn] = (listener: Listener) => {
      const set = listeners.get(channel as EventChannel) ?? new Set<Listener>();
      listeners.set(channel as EventChannel, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    };
  }
  connect();
  return api as FloorwatchApi;
}
