// Two supervisors' web consoles on one floor hub, in Chromium (issue 18): a real nats-server from
// deploy/nats-server.conf, a hub core publishing the simulator's floor, and two web hosts (each its own core
// and data folder, signed in to the PBX with its own extension) following the hub as sup-a. Supervisor A
// calls an abandoned caller back: B's screen shows who is calling back within a second and A's call-back in
// its Activity view (the floor's audit). The server killed: the header says the console polls the PBX
// itself; back: the hub again. The hub's alert on both screens and B's wallboard; A acknowledges it with A
// and B sees who did, B snoozes it with S and A sees who did. axe on each screen light and dark; screenshots
// in docs/screenshots.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../main/simulator';
import type { NatsServer } from '../hub/nats-server';
import { expectAccessible } from './support/axe';
import type { LaunchedChromium } from './support/chromium';
import { startHubScreens, type HubScreens, type Screen } from './support/hub-screens';
import { shot } from './support/page';
import { eventually } from './support/session';

let floor: HubScreens;
let server: NatsServer;
let sim: Simulator;
let chromium: LaunchedChromium;
let a: Screen;
let b: Screen;

beforeAll(async () => {
  floor = await startHubScreens({ sim: { seed: 7, autoRun: false, agents: 24, queues: 3 }, screens: ['900', '901'], alerts: true });
  ({ server, sim, chromium } = floor);
  [a, b] = floor.screens as [Screen, Screen];
}, 120_000);

afterAll(async () => {
  await floor?.close();
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
