// Alerts and the wallboard end to end in Chromium, through the web host, against the simulator (scenario
// paused: the floor moves only when the test moves it). A rule is set in Settings, a queue is driven past
// it on the simulator, the alert shows in the header, the title and the list, is acknowledged and snoozed
// with the keys; then the wallboard's read-only address at 1920x1080 and 3840x2160 (no scrolling; also
// seen from across the room, at 25 %), and loud when the PBX goes away. First, a new caller's wait band on
// the queue cards. Screenshots in docs/screenshots.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { launchChromium, type LaunchedChromium } from './support/chromium';
import { shot } from './support/page';
import type { PageGlobals } from './support/page-globals';
import { eventually } from './support/session';
import { restoreAfterEach } from './support/shared-state';
import { startStack, type E2eStack } from './support/stack';

let stack: E2eStack;
let chromium: LaunchedChromium;
let page: Page;

beforeAll(async () => {
  stack = await startStack({ agents: 24, queues: 3 });
  const connected = await stack.core.invoke('session:connect', { system: 'tel4vn', apiHost: stack.sim.url, username: 'demo', password: 'demo', ownExtension: '900' });
  expect(connected.ok).toBe(true);
  chromium = await launchChromium();
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  await page.goto(stack.host.url);
  await page.getByTestId('status-bar').waitFor();
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await stack?.close();
});
// Faults, registrations and the phone's legs back as they were after each test, pass or fail (the settings
// chosen carry on: later tests build on them).
restoreAfterEach(() => stack, { settings: false });

const alertCount = async (): Promise<number> => Number(await page.getByTestId('alerts-button').getAttribute('data-count'));

describe('the forecast on the queue cards', () => {
  it("shows a new caller's estimated wait as a band on each queue row, saying it is a forecast", async () => {
    // Before the rules test pauses the floor: the queues are staffed, so the core's forecast gives a band.
    const band = page.locator('[data-testid="queue-card"] [data-testid="queue-wait-band"][data-state="band"]').first();
    await band.waitFor({ timeout: 20_000 });
    await expect(band.locator('[aria-hidden="true"]').textContent()).resolves.toMatch(/^Est\. wait \d+:\d\d(–\d+:\d\d)?$/);
    await expect(band.getAttribute('title')).resolves.toMatch(/^Estimated wait for a new caller: \d+:\d\d to \d+:\d\d\. A forecast from the state-based estimate/);
    await shot(page, 'queue-wait-band');
  }, 30_000);
});

describe('alerts in the console', () => {
  it('a rule set in Settings trips when the queue is driven past it: shown, acknowledged (A), snoozed (S)', async () => {
    // Settings: "callers waiting over" from 5 to 2.
    await page.getByTestId('settings-button').click();
    const threshold = page.getByTestId('rule-threshold-waiting-5');
    await threshold.fill('2');
    await threshold.press('Tab');
    await eventually(async () => {
      const r = await stack.core.invoke('settings:get', undefined);
      return r.ok ? (r.data as { alerts: { rules: { id: string; threshold: number | null }[] } }).alerts.rules.find((x) => x.id === 'waiting-5')?.threshold : null;
    }).toBe(2);
    await shot(page, 'alert-rules-settings');
    await page.keyboard.press('Escape');

    // The simulator: nobody free in queue 1, three callers join it.
    const { control } = stack.sim;
    for (const a of control.state().agents) if (a.loggedIn && a.status !== 'paused' && !a.callId) control.pauseAgent(a.id, 'BREAK');
    const before = await alertCount();
    for (let i = 0; i < 3; i++) control.addCaller({ queueId: 1 });
    await eventually(() => page.locator('[data-testid="alerts-button"]').getAttribute('data-count').then(Number)).toBeGreaterThan(before);
    await eventually(() => page.title()).toMatch(/^\(\d+\) Floorwatch$/);

    // The list: the key opens it, the new alert is there with its figure now.
    await page.keyboard.press('!');
    const row = page.getByTestId('alert-waiting-5').first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/3 callers waiting, over 2/);
    await expectAccessible(page, 'alert list');
    await row.click();
    const counted = await alertCount();
    await page.keyboard.press('a');
    await eventually(() => row.getByTestId('alert-acked').textContent()).toMatch(/Acknowledged by demo at \d\d:\d\d/);
    await eventually(alertCount).toBe(counted - 1);
    await shot(page, 'alert-list');
    // Snoozed too (it stays listed, marked with who), with S.
    await page.keyboard.press('s');
    await eventually(() => row.textContent()).toMatch(/Snoozed by demo until \d\d:\d\d/);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('alerts-dialog').count()).resolves.toBe(0);
  }, 60_000);
});

describe('the wallboard', () => {
  let wall: Page;

  /** The page fits its viewport: nothing to scroll either way. */
  const fits = (p: Page) =>
    p.evaluate(() => {
      const { document, innerWidth, innerHeight } = globalThis as unknown as PageGlobals & { innerWidth: number; innerHeight: number };
      const el = (document as unknown as { scrollingElement: { scrollWidth: number; scrollHeight: number } }).scrollingElement;
      return el.scrollWidth <= innerWidth && el.scrollHeight <= innerHeight;
    });

  beforeAll(async () => {
    wall = await chromium.context.newPage();
  });

  for (const [width, height] of [[1920, 1080], [3840, 2160]] as const) {
    it(`opens straight from its address at ${width}x${height}, read-only, without scrolling`, async () => {
      await wall.setViewportSize({ width, height });
      await wall.goto(stack.host.wallboardUrl);
      await wall.getByTestId('wallboard').waitFor();
      await eventually(() => wall.locator('[data-testid^="wall-queue-"]').count()).toBeGreaterThan(0);
      await eventually(() => wall.getByTestId('wallboard-alerts').textContent()).toMatch(/callers waiting/);
      expect(await fits(wall)).toBe(true);
      // Nothing on it takes the keyboard: Tab leaves nothing focused inside.
      await wall.keyboard.press('Tab');
      expect(await wall.evaluate(() => (globalThis as unknown as { document: { activeElement: { tagName: string } | null } }).document.activeElement?.tagName ?? 'BODY')).toMatch(/BODY|HTML/);
      await shot(wall, `wallboard-${width}x${height}`);
      if (width === 1920) await expectAccessible(wall, 'wallboard');
    }, 60_000);
  }

  it('reads from across the room: the 1920x1080 board shrunk to 25 % (480x270)', async () => {
    await wall.setViewportSize({ width: 1920, height: 1080 });
    const png = await wall.screenshot();
    const far = await chromium.context.newPage();
    await far.setViewportSize({ width: 480, height: 270 });
    await far.setContent(`<body style="margin:0;background:#000"><img width="480" height="270" src="data:image/png;base64,${png.toString('base64')}"></body>`);
    await shot(far, 'wallboard-at-25-percent');
    await far.close();
  }, 60_000);

  it('shows the PBX going away as loudly as the console does', async () => {
    await wall.setViewportSize({ width: 1920, height: 1080 });
    stack.sim.control.addFault({ route: '/v3/monitor/callcenter/queue', kind: 'status', status: 503 });
    stack.sim.control.addFault({ route: '/v3/agent/live', kind: 'status', status: 503 });
    stack.sim.control.addFault({ route: '/v3/monitor', kind: 'status', status: 503 });
    await eventually(() => wall.getByTestId('wallboard-banner').count(), 20_000).toBe(1);
    await expect(wall.getByTestId('wallboard-banner').textContent()).resolves.toMatch(/STALE|NO CONNECTION/);
    await shot(wall, 'wallboard-stale');
    stack.sim.control.clearFaults();
    await eventually(() => wall.getByTestId('wallboard-banner').count(), 20_000).toBe(0);
  }, 60_000);
});
