// A hand-made bridge for renderer tests: every contract function exists (generated from the contract, as
// the real preload and web client are), invokes are vi.fn()s answering from `answers`, and `emit` plays
// main's events. Installed as window.floorwatch, which getBridge() prefers, as in Electron.
import { vi, type Mock } from 'vitest';
import {
  API_GLOBAL,
  eventChannels,
  invokeChannels,
  type AppInfo,
  type BridgeResult,
  type EventChannel,
  type EventPayloads,
  type FloorState,
  type FloorwatchApi,
} from '../../common/contract';
import type { ActiveCall, Agent, Capability, OwnPhone, QueueEntry, QueueSummary, SessionStatus, SourceStatus } from '../../common/domain';
import type { AlertsState } from '../../common/alerts';
import { defaultSettings } from '../../common/settings';

export const NOW = Date.UTC(2026, 10, 24, 3, 0, 0);

export interface FakeBridge {
  api: FloorwatchApi;
  /** The invoke functions, by name (event subscriptions are not mocks). */
  fns: Record<keyof FloorwatchApi, Mock>;
  emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void;
  listenerCount(channel: EventChannel): number;
}

export const ALL_CAPS: Capability[] = ['live-agents', 'live-calls', 'queue-monitor', 'call-actions', 'agent-pause', 'click-to-call'];

export function session(over: Partial<SessionStatus> = {}): SessionStatus {
  return {
    state: 'connected',
    system: 'tel4vn',
    apiHost: 'http://127.0.0.1:9',
    user: 'supervisor',
    ownExtension: '100',
    demo: false,
    capabilities: ALL_CAPS,
    error: null,
    ...over,
  };
}

export const agent = (i: number, over: Partial<Agent> = {}): Agent => ({
  id: `a${i}`,
  name: `Agent ${String(i).padStart(5, '0')}`,
  username: `agent${i}`,
  extension: String(1000 + i),
  state: 'available',
  stateSince: NOW - 65_000,
  pauseReason: null,
  pauseLimitSec: null,
  queues: ['q1'],
  campaign: null,
  callId: null,
  origin: 'pbx',
  answeredToday: 0,
  ...over,
});

export const call = (i: number, over: Partial<ActiveCall> = {}): ActiveCall => ({
  id: `c${i}`,
  extension: String(1000 + i),
  agentId: `a${i}`,
  agentName: `Agent ${String(i).padStart(5, '0')}`,
  customerNumber: `090${String(i).padStart(7, '0')}`,
  direction: 'inbound',
  state: 'on-call',
  startedAt: NOW - 125_000 + i,
  queueId: 'q1',
  queueName: 'Sales',
  ...over,
});

export const entry = (i: number, over: Partial<QueueEntry> = {}): QueueEntry => ({
  id: `e${i}`,
  queueId: 'q1',
  queueName: 'Sales',
  number: `091${String(i).padStart(7, '0')}`,
  status: 'waiting',
  joinedAt: NOW - 30_000 - i * 1000,
  bridgedAt: null,
  abandonedAt: null,
  agentName: null,
  ...over,
});

export const queue = (id: string, name: string, over: Partial<QueueSummary> = {}): QueueSummary => ({
  id,
  name,
  waiting: 1,
  longestWaitSince: NOW - 30_000,
  answered: 10,
  abandoned: 2,
  avgWaitSec: 14,
  serviceLevelPct: 83,
  abandonedPct: 16.7,
  staffing: { available: 2, onCall: 3, paused: 1, ringing: 0 },
  day: { basis: 'console', countedSince: NOW - 3_600_000 },
  ...over,
});

export const source = (id: string, state: SourceStatus['state'] = 'live', lastGoodAt: number | null = NOW): SourceStatus => ({
  id,
  state,
  lastGoodAt,
  lastError: null,
  failures: 0,
});

export function floorState(over: { agents?: Agent[]; calls?: ActiveCall[]; entries?: QueueEntry[]; sources?: SourceStatus[] } = {}): FloorState {
  return {
    snapshot: {
      seq: 1,
      at: NOW,
      agents: over.agents ?? [agent(1), agent(2, { state: 'paused', pauseReason: 'Lunch', stateSince: NOW - 20 * 60_000 })],
      calls: over.calls ?? [call(1)],
      queueEntries: over.entries ?? [entry(1)],
      queues: [queue('q1', 'Sales')],
    },
    sources: over.sources ?? [source('calls'), source('queue'), source('agents')],
    abandoned: [
      { id: 'c9:1', callId: 'c9', number: '0987654321', queueId: 'q1', queueName: 'Sales', waitedSec: 42, joinedAt: NOW - 100_000, abandonedAt: NOW - 58_000, handled: false, handledAt: null, calledBackAt: null },
    ],
    abandonedSeq: 3,
  };
}

export const ok = <T>(data: T): BridgeResult<T> => ({ ok: true, data });

export function createFakeBridge(answers: Partial<Record<string, unknown>> = {}): FakeBridge {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const defaults: Record<string, unknown> = {
    getSession: session(),
    getAppInfo: { host: 'electron', version: '0.1.0', nativeNotifications: true, globalShortcuts: true, secretsEncrypted: true } satisfies AppInfo,
    getSettings: defaultSettings(),
    getFloor: floorState(),
    setSelection: null,
    getPhone: { extension: '100', registration: 'registered', monitoring: null, legs: [], busy: false, ended: null } satisfies OwnPhone,
    listExtensions: [],
    getAlerts: { seq: 0, alerts: [], forecasts: [] } satisfies AlertsState,
    getAlertHistory: [],
    getClaims: [],
    getRoster: { roster: { agents: [], pauseReasons: [], queues: [], devices: [] }, setAside: null },
    getOutbound: { queues: [] },
    getCustomerNames: { names: {}, readAt: null },
    ...answers,
  };
  const fns: Record<string, Mock> = {};
  const api: Record<string, unknown> = {};
  // Settings patches accumulate, as main's do.
  let settings = defaults.getSettings as ReturnType<typeof defaultSettings>;
  for (const { fn } of Object.values(invokeChannels)) {
    fns[fn] = vi.fn(async (req?: { agentId?: string; callId?: string; id?: string }) => {
      if (fn in defaults) return ok(defaults[fn]);
      if (fn === 'updateSettings') return ok((settings = { ...settings, ...(req as object) }));
      return ok({ kind: 'listen', target: req?.callId ?? req?.agentId ?? req?.id ?? '', at: NOW });
    });
    api[fn] = fns[fn];
  }
  for (const [channel, { fn }] of Object.entries(eventChannels)) {
    api[fn] = (listener: (p: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  return {
    api: api as FloorwatchApi,
    fns: fns as Record<keyof FloorwatchApi, Mock>,
    emit: (channel, payload) => listeners.get(channel)?.forEach((l) => l(payload)),
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  };
}

export function installBridge(bridge: FakeBridge): void {
  (window as unknown as Record<string, unknown>)[API_GLOBAL] = bridge.api;
}
