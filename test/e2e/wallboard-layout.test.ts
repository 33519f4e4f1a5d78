// The wallboard's layout on a real floor of 12 queues with long names (Vietnamese, Portuguese, English), in
// all three languages, light and dark, at 1920x1080 and 3840x2160: nothing scrolls, no queue name, label or
// figure is cut (each text fits its box), six cards fill each page with figures read from across the room,
// the queues rotate in pages, and axe finds nothing serious.
// Screenshots in docs/screenshots (a few; every combination is looked at when WALLBOARD_SHOTS names a folder).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../common/domain';
import { expectAccessible } from './support/axe';
import { launchChromium, type LaunchedChromium } from './support/chromium';
import { shot } from './support/page';
import { eventually } from './support/session';
import { startStack, type E2eStack } from './support/stack';
import { cutTexts, fits, wallFill } from './support/wallboard';

const ALL_SHOTS = process.env.WALLBOARD_SHOTS;
/** Long names as supervisors write them, in the floor's languages. */
const NAMES = [
  'Chăm sóc khách hàng doanh nghiệp – khu vực phía Nam',
  'Atendimento ao cliente pessoa jurídica – Região Sudeste',
  'Customer care for enterprise accounts (EMEA, overflow)',
  'Hỗ trợ kỹ thuật Internet cáp quang và truyền hình',
  'Renegociação de dívidas e cobrança amigável',
  'Khiếu nại chất lượng dịch vụ di động trả sau',
];
let stack: E2eStack;
let chromium: LaunchedChromium;
let wall: Page;

beforeAll(async () => {
  stack = await startStack({ agents: 48, queues: 12 });
  NAMES.forEach((name, i) => stack.sim.control.renameQueue(i + 1, name));
  const connected = await stack.core.invoke('session:connect', { system: 'tel4vn', apiHost: stack.sim.url, username: 'demo', password: 'demo', ownExtension: '900' });
  expect(connected.ok).toBe(true);
  // Callers in every queue: the names reach the console with them, and the figures are not all zero.
  for (let q = 1; q <= 12; q++) for (let i = 0; i < (q % 4) + 1; i++) stack.sim.control.addCaller({ queueId: q });
  chromium = await launchChromium();
  wall = await chromium.context.newPage();
}, 90_000);

afterAll(async () => {
  await chromium?.close();
  await stack?.close();
});

async function setLocale(locale: Locale | 'auto'): Promise<void> {
  const r = await stack.core.invoke('settings:update', { locale });
  expect(r.ok).toBe(true);
}

describe('the wallboard with 12 queues of long names', () => {
  it('shows every name, label and figure whole in three languages, light and dark, at 1920x1080 and 3840x2160', async () => {
    const before = await stack.core.invoke('settings:get', undefined);
    if (!before.ok) throw new Error('settings:get failed');
    const problems: string[] = [];
    try {
      for (const [width, height] of [[1920, 1080], [3840, 2160]] as const) {
        await wall.setViewportSize({ width, height });
        await wall.goto(stack.host.wallboardUrl);
        await wall.getByTestId('wallboard').waitFor({ timeout: 30_000 });
        await eventually(() => wall.locator('[data-testid^="wall-queue-"]').count(), 20_000).toBeGreaterThan(0);
        await eventually(() => wall.getByText(NAMES[0] as string).count(), 20_000).toBe(1);
        for (const locale of ['en', 'vi', 'pt-BR'] as const) {
          await setLocale(locale);
          await eventually(() => wall.getByTestId('wallboard').getAttribute('lang')).toBe(locale);
          for (const theme of ['light', 'dark'] as const) {
            await wall.evaluate((t) => (globalThis as unknown as { document: { documentElement: { setAttribute(n: string, v: string): void } } }).document.documentElement.setAttribute('data-theme', t), theme);
            const name = `wallboard-12-queues-${locale}-${theme}-${width}x${height}`;
            if (ALL_SHOTS) await shot(wall, name, ALL_SHOTS);
            // Every combination is checked before the test says what failed.
            if (!(await fits(wall))) problems.push(`${name}: scrolls`);
            for (const text of await cutTexts(wall)) problems.push(`${name}: cut "${text}"`);
            // Six cards a page: no empty cell, every figure at least 1/22 of the screen's height; the band, a range
            // ("12:40–15:30") in half a card's width, at least 1/32.
            const fill = await wallFill(wall);
            if (fill.cards !== 6 || fill.filled < 0.85) problems.push(`${name}: ${fill.cards} cards fill ${Math.round(fill.filled * 100)} %`);
            if (fill.figureShare < 1 / 22 || fill.bandShare < 1 / 32) problems.push(`${name}: figures at 1/${Math.round(1 / fill.figureShare)}, the band at 1/${Math.round(1 / fill.bandShare)} of the height`);
            if (width === 1920 && ((locale === 'vi' && theme === 'dark') || (locale === 'pt-BR' && theme === 'light'))) await shot(wall, name);
          }
        }
        // Twelve queues do not fit one screen: they rotate in pages (every 10 s), and the page says which. The
        // other page's cards are checked too (in the last language and theme).
        const shownPage = await wall.getByTestId('wallboard-page').textContent();
        expect(shownPage).toMatch(/2/);
        await eventually(() => wall.getByTestId('wallboard-page').textContent(), 15_000).not.toBe(shownPage);
        for (const text of await cutTexts(wall)) problems.push(`other page ${width}x${height}: cut "${text}"`);
        if (ALL_SHOTS) await shot(wall, `wallboard-12-queues-page-2-${width}x${height}`, ALL_SHOTS);
        // Whatever this floor forecasts now, the widest bands lib/wait-band.ts makes fit their cell too: to the
        // second under an hour, in whole minutes from an hour (Vietnamese's unit the longest). A band past an
        // hour once ran over here ("23:46–1:02:14") on a night the simulator forecast one.
        for (const widest of ['59:59–59:59', '45–119 phút']) {
          await wall.evaluate((text) => {
            const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ textContent: string | null }> } }).document;
            for (const el of doc.querySelectorAll('[data-testid="wall-wait-band"] dd [aria-hidden="true"]')) el.textContent = text;
          }, widest);
          for (const text of await cutTexts(wall)) problems.push(`widest band ${width}x${height}: cut "${text}"`);
        }
      }
      expect(problems).toEqual([]);
      await wall.setViewportSize({ width: 1920, height: 1080 });
      // Checked in the theme it has, then the other (expectAccessible flips it).
      await expectAccessible(wall, 'wallboard with 12 queues');
    } finally {
      await setLocale((before.data as { locale: Locale | 'auto' }).locale);
    }
  }, 240_000);
});
