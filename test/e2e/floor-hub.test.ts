// Two supervisors' web consoles on one floor hub, in Chromium (issue 18): a real nats-server from
// deploy/nats-server.conf, a hub core publishing the simulator's floor, and two web hosts (each its own core
// and data folder, signed in to the PBX with its own extension) following the hub as sup-a. Supervisor A
// calls an abandoned caller back: B's screen shows who is calling back within a second and A's call-back in
// its Activity view (the floor's audit). The server killed: the header says the console polls the PBX
// itself; back: the hub again. The hub's alert on both screens and B's wallboard; A acknowledges it with A
// and B sees who did, B snoozes it with S and A sees who did. axe on each screen light and dark; screenshots
// in docs/screenshots.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/create-core';
import type { Core } from '../../main/core/host';
import { floorLinkOpener } from '../../main/hub/console-link';
import { publishFloorAlerts, type FloorAlertsPublisher } from '../../main/hub/floor-alerts';
import { startFloorHub, type FloorHub } from '../../main/hub/floor-hub';
import { startSimulator, type Simulator } from '../../main/simulator';
import { createWebCoreDeps } from '../../main/web/host-deps';
import { RENDERER_OUT_DIR, ensureRendererBuilt } from '../../main/web/renderer-build';
import { createWebHost, type WebHost } from '../../main/web/web-host';
import { startNatsServer, USERS, type NatsServer } from '../hub/nats-server';
import { expectAccessible } from './support/axe';
import { launchChromium, type LaunchedChromium } from './support/chromium';
import { shot } from './support/page';
import { eventually } from './support/session';

/** The simulator's one PBX account, named like a person so the claim reads as it would on a floor. */
const PBX = { username: 'nguyen.van.a', password: 'e2e-floor-pw', apiKey: 'e2e-floor-key' };

interface Screen {
  core: Core;
  host: WebHost;
  page: Page;
  dataDir: string;
}

let server: NatsServer;
let sim: Simulator;
let hubCore: Core;
let hubNc: NatsConnection;
let hub: FloorHub;
let hubAlerts: FloorAlertsPublisher;
let chromium: LaunchedChromium;
const dirs: string[] = [];
let a: Screen;
let b: Screen;

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fw-e2e-hub-'));
  dirs.push(dir);
  return dir;
}

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

beforeAll(async () => {
  await ensureRendererBuilt();
  server = await startNatsServer();
  sim = await startSimulator({ seed: 7, autoRun: false, agents: 24, queues: 3, credentials: PBX, otherSupervisorExtensions: ['901'] });
  // The hub: a core of its own on the same PBX, publishing floor A.
  hubCore = createCore(createWebCoreDeps({ dataDir: dataDir(), version: '0.0.0-e2e' }));
  expect((await hubCore.invoke('session:connect', { system: 'tel4vn', apiHost: sim.url, username: PBX.username, password: PBX.password })).ok).toBe(true);
  hubNc = await connect({ servers: server.url, ...USERS.hub, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  hub = await startFloorHub({ nc: hubNc, floor: 'A', core: hubCore, version: '0.0.0-e2e', healthEveryMs: 500 });
  // The floor's alert rules run in the hub, once for both screens (its default rules).
  hubAlerts = publishFloorAlerts({ kv: hub.stores.picture, core: hubCore, onError: () => undefined });
  chromium = await launchChromium();
  a = await openScreen('900');
  b = await openScreen('901');
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  for (const s of [a, b]) {
    await s?.host.close();
    await s?.core.stop();
  }
  await hubAlerts?.stop();
  await Promise.race([hub?.stop(), new Promise((r) => setTimeout(r, 2000))]);
  await hubNc?.close();
  await hubCore?.stop();
  await sim?.close();
  await server?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('two consoles on one floor hub', () => {
  it('shares the call-back claim and the audit across screens; axe on both', async () => {
    for (const s of [a, b]) await eventually(() => s.page.getByTestId('hub-source').textContent(), 20_000).toContain('Floor hub A');

    // A caller hangs up in queue 1: both screens list it (the floor's journal).
    const caller = sim.control.addCaller({ queueId: 1, number: '0912345678' });
    sim.control.abandonCaller(caller.callId);
    for (const s of [a, b]) await s.page.getByTestId('row-abandoned').filter({ hasText: '0912345678' }).waitFor({ timeout: 20_000 });

    // Supervisor A calls back (keyboard: select the row, C).
    const rowA = a.page.getByTestId('row-abandoned').filter({ hasText: '0912345678' });
    await rowA.click({ timeout: 10_000 });
    await a.page.keyboard.press('c');
    // B sees who is calling back, and its Call back is held.
    const rowB = b.page.getByTestId('row-abandoned').filter({ hasText: '0912345678' });
    await eventually(() => rowB.getByTestId('abandoned-claim').textContent(), 5000).toBe('nguyen.van.a (ext 900) is calling back');
    await expect(rowB.getByTestId('action-callback').isDisabled()).resolves.toBe(true);
    await expect(rowB.getByTestId('action-callback').getAttribute('title')).resolves.toBe('nguyen.van.a (ext 900) is calling back');
    await expectAccessible(b.page, 'console on a hub, a caller claimed by another screen');
    await shot(b.page, 'hub-claim-other-screen');

    // B's Activity view: A's call-back, whose screen it was.
    await b.page.getByTestId('activity-button').click();
    const record = b.page.getByTestId('activity-row').filter({ hasText: '0912345678' }).first();
    await eventually(async () => {
      if ((await record.count()) === 0) await b.page.getByTestId('activity-refresh').click();
      return record.count();
    }, 10_000).toBeGreaterThan(0);
    await expect(record.getAttribute('data-kind')).resolves.toBe('call-back');
    await expect(record.getByTestId('activity-by').textContent()).resolves.toBe('nguyen.van.a (ext 900)');
    await expectAccessible(b.page, 'Activity view on a hub');
    await shot(b.page, 'hub-activity-floor-audit');
    await b.page.keyboard.press('Escape');

    // The Settings' Floor hub field as it stands (the web host: the password from its environment).
    await b.page.getByTestId('settings-button').click();
    await b.page.getByTestId('floor-hub-settings').scrollIntoViewIfNeeded();
    await expect(b.page.getByTestId('hub-url').inputValue()).resolves.toBe(server.url);
    await expectAccessible(b.page, 'Settings with the Floor hub field');
    await shot(b.page.getByTestId('floor-hub-settings'), 'hub-settings-field');
    await b.page.keyboard.press('Escape');
  }, 120_000);

  it('says so in the header when the hub goes silent, and returns to it', async () => {
    await server.kill();
    try {
      for (const s of [a, b]) await eventually(() => s.page.getByTestId('hub-source').getAttribute('data-source'), 10_000).toBe('own');
      await expect(a.page.getByTestId('hub-source').textContent()).resolves.toContain('Own polling · hub A silent');
      await expectAccessible(a.page, 'console polling by itself');
      await shot(a.page, 'hub-fallback-own-polling');
    } finally {
      await server.restart();
    }
    for (const s of [a, b]) await eventually(() => s.page.getByTestId('hub-source').getAttribute('data-source'), 30_000).toBe('hub');
  }, 120_000);

  it('shows the hub\'s alert on both screens and the wallboard, and each screen\'s ack and snooze on the other with who did it', async () => {
    for (const s of [a, b]) await eventually(() => s.page.getByTestId('hub-source').getAttribute('data-source'), 30_000).toBe('hub');
    const wall = await chromium.context.newPage();
    const callers: string[] = [];
    try {
      // Six callers wait in queue 2: the hub's default rule (more than 5 waiting) trips for the floor.
      for (let i = 0; i < 6; i++) callers.push(sim.control.addCaller({ queueId: 2 }).callId);
      await wall.goto(b.host.wallboardUrl);
      await eventually(() => wall.getByTestId('wallboard-alerts').textContent(), 20_000).toMatch(/callers waiting/);
      const rows: Record<'a' | 'b', ReturnType<Page['getByTestId']>> = { a: a.page.getByTestId('alert-waiting-5'), b: b.page.getByTestId('alert-waiting-5') };
      for (const s of [a, b]) {
        await eventually(() => s.page.getByTestId('alerts-button').getAttribute('data-count').then(Number), 20_000).toBeGreaterThan(0);
        await s.page.keyboard.press('!');
        await s.page.getByTestId('alert-waiting-5').first().waitFor({ timeout: 15_000 });
      }
      // One alert for the floor: the same id on both screens (the hub's).
      const idOn = (p: Page) => p.getByTestId('alert-waiting-5').first().getAttribute('data-alert-id');
      await expect(idOn(b.page)).resolves.toBe(await idOn(a.page));

      // A acknowledges (keyboard: select it, A): B shows who, within seconds.
      await rows.a.first().click({ timeout: 10_000 });
      await a.page.keyboard.press('a');
      await eventually(() => rows.b.first().getByTestId('alert-acked').textContent(), 5000).toMatch(/^✓ Acknowledged by nguyen\.van\.a \(ext 900\) at \d\d:\d\d$/);
      // B snoozes it (S): A shows who and until when.
      await rows.b.first().click({ timeout: 10_000 });
      await b.page.keyboard.press('s');
      await eventually(() => rows.a.first().getByTestId('alert-snoozed').textContent(), 5000).toMatch(/^Snoozed by nguyen\.van\.a \(ext 901\) until \d\d:\d\d$/);
      await expectAccessible(a.page, 'alert list on a hub, acknowledged and snoozed on other screens');
      await shot(a.page, 'hub-alert-marks-other-screen');
    } finally {
      for (const id of callers) sim.control.abandonCaller(id);
      for (const s of [a, b]) await s.page.keyboard.press('Escape');
      await wall.close();
    }
  }, 120_000);
});
