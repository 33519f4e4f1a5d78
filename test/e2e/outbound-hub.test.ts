// A campaign's progress on two screens of one floor hub, in Chromium (issue 19 on issue 18's hub): a real
// nats-server, the hub core sharing its passes of the day's call records as `npm run hub` does, and two web
// hosts following it. Supervisor A loads a list from the Outbound view and sends it; B's Outbound view shows
// the queue, read-only, naming A's screen, and its dialled / answered / failed figures move with A's as the
// simulator dials. axe on B light and dark; a screenshot of B into docs/screenshots.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { startHubScreens, type HubScreens } from './support/hub-screens';
import { outboundFigures, shot } from './support/page';
import { eventually } from './support/session';

const QUEUE = 'OUT-HUB';
const ACT = { timeout: 10_000 };
let floor: HubScreens;

const row = (p: Page) => p.locator(`[data-testid="outbound-row"][data-key="autocall:${QUEUE}"]`);
const figure = async (p: Page, testid: string): Promise<number> => Number(await row(p).getByTestId(testid).textContent(ACT));

function list(n: number): string {
  const lines = ['id,mobiles'];
  for (let i = 0; i < n; i++) lines.push(`H${i},09${String(40_000_000 + i)}`);
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  floor = await startHubScreens({ sim: { seed: 19, autoRun: false, agents: 24 }, screens: ['900', '901'], recordsIntervalMs: 1000 });
  for (const s of floor.screens) await s.page.setViewportSize({ width: 1366, height: 768 });
}, 120_000);
afterAll(async () => {
  await floor?.close();
});

describe('a campaign on two screens of a floor hub', () => {
  it("shows A's list on B, read-only and naming A's screen, its progress moving as the simulator dials; axe light and dark", async () => {
    const [a, b] = floor.screens.map((s) => s.page) as [Page, Page];
    for (const p of [a, b]) await eventually(() => p.getByTestId('hub-source').textContent(), 20_000).toContain('Floor hub A');

    // A loads 40 customers into an autocall queue from its Outbound view.
    await a.keyboard.press('o');
    await a.getByTestId('outbound-view').waitFor(ACT);
    await a.getByTestId('outbound-queue-code').fill(QUEUE, ACT);
    await a.getByTestId('outbound-template').fill('IVR-1', ACT);
    await a.getByTestId('outbound-file').setInputFiles({ name: 'hub-list.csv', mimeType: 'text/csv', buffer: Buffer.from(list(40)) });
    await eventually(() => a.getByTestId('outbound-preview-summary').textContent()).toContain('40 rows read: 40 to send');
    await a.getByTestId('outbound-send').click(ACT);
    await eventually(() => row(a).getAttribute('data-state'), 20_000).toBe('running');

    // B shows it, whose screen it is on, with nothing of it to act on.
    await b.keyboard.press('o');
    await b.getByTestId('outbound-view').waitFor(ACT);
    await eventually(() => row(b).getAttribute('data-state'), 20_000).toBe('running');
    expect(await row(b).getByTestId('outbound-shared-by').textContent(ACT)).toContain('ext 900');
    expect(await row(b).getByTestId('outbound-stop').count()).toBe(0);
    expect(await row(a).getByTestId('outbound-stop').count()).toBe(1);

    // The simulator dials; A counts from the hub's records, B shows the same figures.
    await eventually(async () => {
      floor.sim.control.tick(15);
      return figure(a, 'outbound-dialled');
    }, 60_000).toBeGreaterThanOrEqual(2);
    const dialled = await figure(a, 'outbound-dialled');
    await eventually(() => figure(b, 'outbound-dialled'), 20_000).toBeGreaterThanOrEqual(dialled);
    const onB = await outboundFigures(row(b));
    expect(onB.answered + onB.failed).toBe(onB.dialled);
    expect(onB.remaining).toBe(40 - onB.dialled);

    await shot(b, 'outbound-hub-other-screen-en-light');
    await expectAccessible(b, "the Outbound view showing another screen's queue");
    try {
      await b.getByTestId('theme-select').selectOption('dark', ACT);
      await expectAccessible(b, "the Outbound view showing another screen's queue, dark");
    } finally {
      await b.getByTestId('theme-select').selectOption('system', ACT);
    }
  }, 180_000);
});
