// A Core stand-in for shell tests: records every invoke (channel, payload, origin), answers from a table,
// and lets the test emit core events. The shell must work against the `Core` interface alone.
import type { AbandonedChange } from '../../common/abandoned-change';
import type { BridgeResult, EventChannel, EventPayloads, FloorState } from '../../common/contract';
import type { AbandonedCall, SessionStatus } from '../../common/domain';
import { defaultSettings, type ConsoleSettings } from '../../common/settings';
import type { Core, EventListener, RequestOrigin } from '../../main/core/host';

export interface FakeCore extends Core {
  calls: { channel: string; payload: unknown; origin: RequestOrigin | undefined }[];
  settings: ConsoleSettings;
  session: SessionStatus;
  floor: FloorState;
  /** Answer for 'call:act' (or a promise the test resolves later). */
  actResult: () => Promise<BridgeResult<unknown>>;
  emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void;
}

export const connectedSession = (): SessionStatus => ({
  state: 'connected',
  system: 'tel4vn',
  apiHost: 'http://127.0.0.1:9',
  user: 'sup',
  ownExtension: '100',
  demo: false,
  capabilities: ['call-actions'],
  error: null,
});

export function abandonedCall(n: number, overrides: Partial<AbandonedCall> = {}): AbandonedCall {
  return {
    id: `call-${n}:1700000000000`,
    callId: `call-${n}`,
    number: `090000000${n}`,
    queueId: 'q1',
    queueName: 'Sales',
    waitedSec: 83,
    joinedAt: 1_700_000_000_000,
    abandonedAt: 1_700_000_083_000 + n,
    handled: false,
    handledAt: null,
    calledBackAt: null,
    ...overrides,
  };
}

/** 'abandoned:changed' as the core sends it after a (re)connect: the whole list (common/abandoned-change.ts). */
export const wholeAbandoned = (list: AbandonedCall[], seq = 1): AbandonedChange => ({ seq, reset: true, upsert: list, remove: [] });

export function createFakeCore(): FakeCore {
  const listeners = new Set<EventListener>();
  const core: FakeCore = {
    calls: [],
    settings: defaultSettings(),
    session: connectedSession(),
    floor: {
      snapshot: { seq: 1, at: 0, agents: [], calls: [], queueEntries: [], queues: [] },
      sources: [{ id: 'calls', state: 'live', lastGoodAt: 0, lastError: null, failures: 0 }],
      abandoned: [],
      abandonedSeq: 0,
    },
    actResult: () => Promise.resolve({ ok: true, data: { kind: 'barge', target: 'x', at: 0 } }),
    readRecording: () => undefined,
    async invoke(channel, payload, origin) {
      core.calls.push({ channel, payload, origin });
      switch (channel) {
        case 'settings:get':
          return { ok: true, data: core.settings };
        case 'settings:update':
          core.settings = { ...core.settings, ...(payload as Partial<ConsoleSettings>) };
          core.emit('settings:changed', core.settings);
          return { ok: true, data: core.settings };
        case 'session:get':
          return { ok: true, data: core.session };
        case 'floor:get':
          return { ok: true, data: core.floor };
        case 'alerts:get':
          return { ok: true, data: { seq: 0, alerts: [], forecasts: [] } };
        case 'call:act':
          return core.actResult();
        default:
          return { ok: true, data: null };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(channel, payload) {
      for (const l of listeners) l(channel, payload);
    },
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
  return core;
}
