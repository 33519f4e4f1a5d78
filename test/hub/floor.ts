// One floor for the hub tests, each part real: a nats-server from deploy/nats-server.conf, a hub core on the
// simulator publishing floor A as `npm run hub` does (main/hub/cli.ts: the day's records followed before the
// core connects, the floor's alerts once the hub publishes, each when asked), and consoles (real cores on the
// same simulator, each with its own PBX session and extension) following it as sup-a. A test file starts one
// floor per test and stops it in afterEach.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { expect } from 'vitest';
import type { SessionStatus } from '../../common/domain';
import type { CoreDeps } from '../../main/core/host';
import { floorLinkOpener } from '../../main/hub/console-link';
import { publishFloorAlerts, type FloorAlertsPublisher } from '../../main/hub/floor-alerts';
import { startFloorHub, type FloorHub } from '../../main/hub/floor-hub';
import { shareRecordPasses } from '../../main/hub/floor-records';
import type { SimulatorOptions } from '../../main/simulator/index';
import { memorySettings, startHarness, type Harness } from '../core/core-harness';
import { startNatsServer, USERS, type NatsServer } from './nats-server';

/** The poll interval of the hub and the consoles: the fall-back's two intervals are 2 s. */
export const INTERVAL_MS = 1000;

export interface TestFloorOptions {
  /** The simulator behind the hub and every console (20 agents unless said). */
  sim?: SimulatorOptions;
  /** The hub core's settings (its alert rules are the floor's). */
  hubSettings?: Record<string, unknown>;
  /** Share the day's call records over the hub (floor-records.ts); `intervalMs`: a pass that often, hub and consoles. */
  records?: { intervalMs?: number };
  /** Publish the floor's alerts (floor-alerts.ts). */
  alerts?: boolean;
}

export interface ConsoleOptions {
  dataDir?: string;
  /** Settings beside the floor hub's (the console's own alert rules...). */
  settings?: Record<string, unknown>;
}

export interface TestFloor {
  server: NatsServer;
  hubCore: Harness;
  hub: FloorHub;
  /** The consoles started and not closed yet (a test that closes one takes it out). */
  consoles: Harness[];
  /** A console on floor A as sup-a, signed in with its own extension, once its picture is the hub's. */
  startConsole(ownExtension: string, options?: ConsoleOptions): Promise<Harness>;
  stop(): Promise<void>;
}

export async function startTestFloor(options: TestFloorOptions = {}): Promise<TestFloor> {
  const server = await startNatsServer();
  const recordsDeps: Partial<CoreDeps> = options.records?.intervalMs ? { recordsIntervalMs: options.records.intervalMs } : {};
  const hubCore = await startHarness({
    sim: { agents: 20, ...options.sim },
    pollIntervalMs: INTERVAL_MS,
    deps: recordsDeps,
    ...(options.hubSettings ? { settings: memorySettings(options.hubSettings) } : {}),
  });
  // The hub outlives the server's restarts, as `npm run hub` does.
  const hubNc: NatsConnection = await connect({ servers: server.url, ...USERS.hub, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  // As `npm run hub` does: the passes followed before the core connects (its first is the whole day),
  // published once the floor's streams exist.
  let storesReady: () => void = () => undefined;
  const records = options.records
    ? shareRecordPasses({ nc: hubNc, floor: 'A', core: hubCore.core, onError: (e) => console.error(e), ready: new Promise<void>((r) => (storesReady = r)) })
    : null;
  // The hub's PBX account without an own extension: the consoles' own-extension polls are theirs alone.
  await hubCore.core.invoke('session:connect', { system: 'tel4vn', apiHost: hubCore.sim.url, username: 'demo', password: 'demo' });
  await hubCore.until(() => hubCore.of('floor:changed').length > 0, 'the hub core\'s first picture');
  const hub = await startFloorHub({ nc: hubNc, floor: 'A', core: hubCore.core, version: 't', healthEveryMs: INTERVAL_MS / 2 });
  storesReady();
  const alerts: FloorAlertsPublisher | null = options.alerts
    ? publishFloorAlerts({ kv: hub.stores.picture, core: hubCore.core, onError: (e) => console.error(e) })
    : null;
  const consoles: Harness[] = [];

  return {
    server, hubCore, hub, consoles,
    async startConsole(ownExtension, consoleOptions = {}) {
      const c = await startHarness({
        simulator: hubCore.sim,
        pollIntervalMs: INTERVAL_MS,
        ...(consoleOptions.dataDir ? { dataDir: consoleOptions.dataDir } : {}),
        settings: memorySettings({ floorHub: { url: server.url, floor: 'A', user: 'sup-a' }, ...consoleOptions.settings }),
        deps: { ...recordsDeps, openFloorLink: floorLinkOpener(async () => ({ user: 'sup-a', pass: USERS['sup-a'].pass })) },
      });
      consoles.push(c);
      const connected = await c.core.invoke('session:connect', { system: 'tel4vn', apiHost: hubCore.sim.url, username: 'demo', password: 'demo', ownExtension });
      expect(connected.ok).toBe(true);
      await c.until(() => hubOf(c)?.source === 'hub', 'the console on the hub', 15_000);
      return c;
    },
    async stop() {
      for (const c of consoles.splice(0)) await c.close();
      await alerts?.stop();
      await Promise.race([records?.stop(), new Promise((r) => setTimeout(r, 2000))]);
      // A hub whose server was killed waits for it to write its last snapshot: not in a test's teardown.
      await Promise.race([hub.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
      await hubNc.close();
      await hubCore.close();
      await server.stop();
    },
  };
}

/** The console's floor hub as its session last said (null: none). */
export const hubOf = (c: Harness): SessionStatus['hub'] | null => (c.of('session:changed').at(-1) as SessionStatus | undefined)?.hub ?? null;

/** Read until `ok` holds (every 50 ms), or fail after `timeoutMs` with the last value read. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
