// A core wired to a real simulator on 127.0.0.1, with in-memory settings and secret stores and a fresh
// data folder: what the core tests drive. Every event the core emits is kept, in order.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyAbandonedChange, type AbandonedChange } from '../../common/abandoned-change';
import type { EventChannel, EventPayloads } from '../../common/contract';
import type { AbandonedCall } from '../../common/domain';
import { createCore, type FloorwatchCore } from '../../main/core/create-core';
import type { CoreDeps, SecretName, SecretStore, SettingsStore } from '../../main/core/host';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../main/simulator/index';

export interface RecordedEvent {
  channel: EventChannel;
  payload: unknown;
}

export interface MemorySettings extends SettingsStore {
  value: unknown;
}

export interface MemorySecrets extends SecretStore {
  values: Map<SecretName, string>;
}

export interface Harness {
  sim: Simulator;
  core: FloorwatchCore;
  events: RecordedEvent[];
  dataDir: string;
  settings: MemorySettings;
  secrets: MemorySecrets;
  /** The payloads of one channel, in order. */
  of<E extends EventChannel>(channel: E): EventPayloads[E][];
  /** Today's abandoned list as a listener holds it: every 'abandoned:changed' so far folded in order. */
  abandoned(): AbandonedCall[];
  /** Resolve when `check` holds (polled every 10 ms), or fail after `timeoutMs`. */
  until(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function memorySettings(initial?: unknown): MemorySettings {
  const store: MemorySettings = {
    value: initial,
    read: () => store.value,
    write: (v) => {
      store.value = structuredClone(v);
    },
  };
  return store;
}

export function memorySecrets(): MemorySecrets {
  const values = new Map<SecretName, string>();
  return {
    values,
    encrypted: true,
    get: async (name) => values.get(name) ?? null,
    set: async (name, value) => {
      values.set(name, value);
    },
    clear: async () => values.clear(),
  };
}

export interface HarnessOptions {
  sim?: SimulatorOptions;
  /** Reuse a simulator (it is then not closed by this harness). */
  simulator?: Simulator;
  settings?: MemorySettings;
  secrets?: MemorySecrets;
  dataDir?: string;
  deps?: Partial<CoreDeps>;
  pollIntervalMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  // No back-filled day unless a test asks for one: the figures then hold only what the test did.
  const sim = options.simulator ?? (await startSimulator({ autoRun: false, backfill: false, ...options.sim }));
  const settings = options.settings ?? memorySettings();
  const secrets = options.secrets ?? memorySecrets();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fw-core-'));
  const core = createCore({
    settings,
    secrets,
    dataDir,
    startDemoPbx: async () => ({
      url: sim.url, username: 'demo', password: 'demo', hangUp: (ext: string) => sim.control.hangupExtension(ext), close: async () => {},
    }),
    host: 'web',
    version: '0.0.0-test',
    nativeNotifications: false,
    globalShortcuts: true,
    pollIntervalMs: options.pollIntervalMs ?? 50,
    requestTimeoutMs: 1000,
    recordsIntervalMs: 200,
    ...options.deps,
  });
  const events: RecordedEvent[] = [];
  core.subscribe((channel, payload) => events.push({ channel, payload }));
  return {
    sim,
    core,
    events,
    dataDir,
    settings,
    secrets,
    of: <E extends EventChannel>(channel: E) => events.filter((e) => e.channel === channel).map((e) => e.payload as EventPayloads[E]),
    abandoned: () => foldAbandoned(events.filter((e) => e.channel === 'abandoned:changed').map((e) => e.payload as AbandonedChange)),
    async until(check, what, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      await core.stop();
      if (!options.simulator) await sim.close();
    },
  };
}

/** The list the changes make, applied in order as the renderer does; a change out of sequence fails the test. */
export function foldAbandoned(changes: readonly AbandonedChange[]): AbandonedCall[] {
  let list: AbandonedCall[] = [];
  let seq = -1;
  for (const change of changes) {
    const next = applyAbandonedChange(list, seq, change);
    if (!next) throw new Error(`abandoned:changed ${change.seq} does not follow ${seq}`);
    list = next;
    seq = change.seq;
  }
  return list;
}
