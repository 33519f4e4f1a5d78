// A floor hub with supervisors' screens in Chromium, each part real: a nats-server from
// deploy/nats-server.conf, the simulator, a hub core on it publishing floor A as `npm run hub` does (its
// day's call records shared when asked, its alerts when asked), and web hosts (each its own core, data
// folder and PBX session with its own extension) following the hub as sup-a, each open in a page of one
// Chromium. One per test file: start it in beforeAll, stop it in afterAll.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createCore } from '../../../main/core/create-core';
import type { Core } from '../../../main/core/host';
import { floorLinkOpener } from '../../../main/hub/console-link';
import { publishFloorAlerts, type FloorAlertsPublisher } from '../../../main/hub/floor-alerts';
import { startFloorHub, type FloorHub } from '../../../main/hub/floor-hub';
import { shareRecordPasses } from '../../../main/hub/floor-records';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../main/simulator';
import { createWebCoreDeps } from '../../../main/web/host-deps';
import { RENDERER_OUT_DIR, ensureRendererBuilt } from '../../../main/web/renderer-build';
import { createWebHost, type WebHost } from '../../../main/web/web-host';
import { startNatsServer, USERS, type NatsServer } from '../../hub/nats-server';
import { launchChromium, type LaunchedChromium } from './chromium';

/** The simulator's one PBX account, named like a person so a screen's name reads as it would on a floor. */
export const PBX = { username: 'nguyen.van.a', password: 'e2e-floor-pw', apiKey: 'e2e-floor-key' };

export interface Screen {
  core: Core;
  host: WebHost;
  page: Page;
  dataDir: string;
}

export interface HubScreensOptions {
  sim: Omit<SimulatorOptions, 'credentials' | 'otherSupervisorExtensions'>;
  /** The screens' own extensions: one screen each, in this order. */
  screens: string[];
  /** The hub publishes the floor's alerts (floor-alerts.ts). */
  alerts?: boolean;
  /** The hub shares its passes of the day's call records, one this often (the core's 30 s otherwise). */
  recordsIntervalMs?: number;
}

export interface HubScreens {
  server: NatsServer;
  sim: Simulator;
  /** The hub's own core (its Today, alerts: what every screen should show). */
  hubCore: Core;
  hub: FloorHub;
  chromium: LaunchedChromium;
  screens: Screen[];
  close(): Promise<void>;
}

export async function startHubScreens(options: HubScreensOptions): Promise<HubScreens> {
  const dirs: string[] = [];
  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-e2e-hub-'));
    dirs.push(dir);
    return dir;
  };
  await ensureRendererBuilt();
  const server = await startNatsServer();
  const sim = await startSimulator({ ...options.sim, credentials: PBX, otherSupervisorExtensions: options.screens.slice(1) });
  // The hub: a core of its own on the same PBX, publishing floor A.
  const hubDeps = createWebCoreDeps({ dataDir: dataDir(), version: '0.0.0-e2e' });
  if (options.recordsIntervalMs !== undefined) hubDeps.recordsIntervalMs = options.recordsIntervalMs;
  const hubCore = createCore(hubDeps);
  const hubNc: NatsConnection = await connect({ servers: server.url, ...USERS.hub, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  // As `npm run hub` does: the record passes followed before the core connects (the first is the whole day),
  // published once the floor's streams exist.
  let storesReady: () => void = () => undefined;
  const records =
    options.recordsIntervalMs !== undefined
      ? shareRecordPasses({ nc: hubNc, floor: 'A', core: hubCore, onError: (e) => console.error(e), ready: new Promise<void>((r) => (storesReady = r)) })
      : null;
  expect((await hubCore.invoke('session:connect', { system: 'tel4vn', apiHost: sim.url, username: PBX.username, password: PBX.password })).ok).toBe(true);
  const hub = await startFloorHub({ nc: hubNc, floor: 'A', core: hubCore, version: '0.0.0-e2e', healthEveryMs: 500 });
  storesReady();
  // The floor's alert rules run in the hub, once for every screen (its default rules).
  const alerts: FloorAlertsPublisher | null = options.alerts ? publishFloorAlerts({ kv: hub.stores.picture, core: hubCore, onError: () => undefined }) : null;
  const chromium = await launchChromium();

  /** A web console on floor A of the hub, signed in to the PBX with its own extension, open in a page. */
  async function openScreen(ownExtension: string): Promise<Screen> {
    const dir = dataDir();
    const deps = createWebCoreDeps({ dataDir: dir, version: '0.0.0-e2e', openFloorLink: floorLinkOpener(async () => ({ user: 'sup-a', pass: USERS['sup-a'].pass })) });
    const core = createCore(deps);
    expect((await core.invoke('settings:update', { floorHub: { url: server.url, floor: 'A', user: 'sup-a' } })).ok).toBe(true);
    const connected = await core.invoke('session:connect', { system: 'tel4vn', apiHost: sim.url, username: PBX.username, password: PBX.password, ownExtension });
    expect(connected.ok).toBe(true);
    const host = await createWebHost({ core, staticDir: RENDERER_OUT_DIR });
    const page = await chromium.context.newPage();
    await page.goto(host.url);
    await page.getByTestId('status-bar').waitFor();
    return { core, host, page, dataDir: dir };
  }
  const screens: Screen[] = [];
  for (const ext of options.screens) screens.push(await openScreen(ext));

  return {
    server, sim, hubCore, hub, chromium, screens,
    async close() {
      await chromium.close();
      for (const s of screens) {
        await s.host.close();
        await s.core.stop();
      }
      await alerts?.stop();
      await records?.stop();
      await Promise.race([hub.stop(), new Promise((r) => setTimeout(r, 2000))]);
      await hubNc.close();
      await hubCore.stop();
      await sim.close();
      await server.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
