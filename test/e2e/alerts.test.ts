// Alerts and the wallboard end to end in Chromium, through the web host, against the simulator (scenario
// paused: the floor moves only when the test moves it). A rule is set in Settings, a queue is driven past
// it on the simulator, the alert shows in the header, the title and the list, is acknowledged and snoozed
// with the keys; then the wallboard's read-only address at 1920x1080 and 3840x2160 (no scrolling; also
// seen from across the room, at 25 %), filling the screen with one, two or three queues (My queues) in three
// languages, light and dark, with a new caller's wait band on each card, and loud when the PBX goes away.
// First, a new caller's wait band on the queue cards. Screenshots in docs/screenshots.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { launchChromium, type LaunchedChromium } from './support/chromium';
import { shot } from './support/page';
import type { Locale } from '../../common/domain';
import type { ConsoleSettings } from '../../common/settings';
import { eventually } from './support/session';
import { restoreAfterEach } from './support/shared-state';
import { startStack, type E2eStack } from './support/stack';
import { cutTexts, fits, wallFill } from './support/wallboard';

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

  it('fills the screen with one, two or three queues: larger figures instead of gaps, the wait band on each card, in three languages, light and dark', async () => {
    const got = await stack.core.invoke('settings:get', undefined);
    if (!got.ok) throw new Error('settings:get failed');
    const before = got.data as ConsoleSettings;
    // The rules test paused every free agent: back to work, so each queue is staffed and has a forecast.
    const { control } = stack.sim;
    for (const a of control.state().agents) if (a.loggedIn && a.status === 'paused') control.resumeAgent(a.id);
    await wall.setViewportSize({ width: 1920, height: 1080 });
    await wall.goto(stack.host.wallboardUrl);
    await eventually(() => wall.locator('[data-testid^="wall-queue-"]').count(), 20_000).toBe(3);
    const ids = await wall.locator('[data-testid^="wall-queue-"]').evaluateAll((els) => els.map((e) => (e.getAttribute('data-testid') ?? '').slice('wall-queue-'.length)));
    // The band: a new caller's wait on every card, a figure (the queues are staffed), said in words to a screen reader.
    await eventually(() => wall.locator('[data-testid="wall-wait-band"][data-state="band"]').count(), 20_000).toBe(3);
    const band = wall.getByTestId('wall-wait-band').first();
    await expect(band.locator('dd [aria-hidden="true"]').textContent()).resolves.toMatch(/^\s*\d+:\d\d(–\d+:\d\d)?\s*$/);
    await expect(band.locator('dd').getAttribute('title')).resolves.toMatch(/^Estimated wait for a new caller: \d+:\d\d to \d+:\d\d\. A forecast/);
    await expect(band.locator('dt').textContent()).resolves.toBe('Est. wait');
    const problems: string[] = [];
    const update = async (patch: Partial<ConsoleSettings>): Promise<void> => {
      const r = await stack.core.invoke('settings:update', patch);
      expect(r.ok).toBe(true);
    };
    try {
      for (const n of [1, 2, 3]) {
        await update({ queueScope: 'mine', queueFilter: ids.slice(0, n) });
        await eventually(() => wall.locator('[data-testid^="wall-queue-"]').count()).toBe(n);
        for (const [width, height] of [[1920, 1080], [3840, 2160]] as const) {
          await wall.setViewportSize({ width, height });
          for (const locale of ['en', 'vi', 'pt-BR'] as Locale[]) {
            await update({ locale });
            await eventually(() => wall.getByTestId('wallboard').getAttribute('lang')).toBe(locale);
            for (const theme of ['light', 'dark'] as const) {
              await wall.evaluate((t) => (globalThis as unknown as { document: { documentElement: { setAttribute(n: string, v: string): void } } }).document.documentElement.setAttribute('data-theme', t), theme);
              const name = `${n} queue(s) ${locale} ${theme} ${width}x${height}`;
              if (!(await fits(wall))) problems.push(`${name}: scrolls`);
              for (const text of await cutTexts(wall)) problems.push(`${name}: cut "${text}"`);
              const fill = await wallFill(wall);
              // No gaps: the cards take the queues' room but for the gaps between them.
              if (fill.cards !== n || fill.filled < 0.9) problems.push(`${name}: ${fill.cards} cards fill ${Math.round(fill.filled * 100)} %`);
              // Read from 5 m: the main figures at least 1/14 of the screen's height with a few queues (1/22 was
              // the bar for six), the band at least 1/20.
              if (fill.figureShare < 1 / 14) problems.push(`${name}: figures at 1/${Math.round(1 / fill.figureShare)} of the height`);
              if (fill.bandShare < 1 / 20) problems.push(`${name}: the band at 1/${Math.round(1 / fill.bandShare)} of the height`);
            }
          }
          if (width === 1920 && n < 3) await shot(wall, `wallboard-${n}-queue${n === 1 ? '' : 's'}`);
        }
      }
      expect(problems).toEqual([]);
      await wall.setViewportSize({ width: 1920, height: 1080 });
      await expectAccessible(wall, 'wallboard with three queues of My queues');
    } finally {
      await update({ locale: before.locale, queueScope: before.queueScope, queueFilter: before.queueFilter });
    }
  }, 180_000);

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
