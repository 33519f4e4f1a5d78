// Issue 19 in Chromium through the web host against the simulator ("Try the demo" connects to this test's
// paused simulator, whose request log shows exactly what was sent): a do-not-call list for a queue, a
// 1,000-row list with 3 bad rows previewed (refused rows and DNC rows by line) and sent, the queue running
// with its progress moving as the simulator dials (calls on the floor, dialled / answered / failed from the
// CDRs), stopped and started again after a confirmation; the view in Vietnamese on the dark theme; axe in
// light and dark; screenshots into docs/screenshots. (Customer names: core-outbound.test.ts against the
// simulator, outbound-view.test.ts in the renderer.)
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { shot } from './support/page';
import { eventually, openConsoleSession, type ConsoleSession } from './support/session';

const QUEUE = 'OUT-E2E';
const ACT = { timeout: 10_000 };
let s: ConsoleSession;
let page: Page;

const row = () => page.locator(`[data-testid="outbound-row"][data-key="autocall:${QUEUE}"]`);
const number = (i: number): string => `09${String(20_000_000 + i)}`;

/** 997 good rows, then 3 bad ones (no number, a number no phone has, an id already on line 2): 1,000 rows. */
function list(): string {
  const lines = ['id,mobiles,contract_number,upcoming_amount'];
  for (let i = 0; i < 997; i++) lines.push(`C${i},${number(i)},HD${i},"1,500,000"`);
  lines.push('B1,,HD-B1,0', 'B2,12345,HD-B2,0', 'C0,0912345678,HD-dup,0');
  return `${lines.join('\r\n')}\r\n`;
}

beforeAll(async () => {
  s = await openConsoleSession({ agents: 30, seed: 19 }, { demoIsThisSimulator: true, recordsIntervalMs: 1000 });
  page = s.page;
  await page.setViewportSize({ width: 1366, height: 768 });
});
afterAll(async () => {
  await s?.close();
});

describe('outbound lists in a browser', () => {
  it('keeps a do-not-call list for a queue before its first load', async () => {
    await page.getByTestId('connect-demo').click(ACT);
    await eventually(() => page.getByTestId('session-state').getAttribute('data-state')).toBe('connected');
    await page.keyboard.press('o');
    await page.getByTestId('outbound-view').waitFor(ACT);
    await page.getByTestId('outbound-queue-code').fill(QUEUE, ACT);
    await page.getByTestId('outbound-template').fill('IVR-1', ACT);
    await page.getByTestId('outbound-form-dnc').click(ACT);
    await page.getByTestId('outbound-dnc-text').fill('C10\nC11', ACT);
    await page.getByTestId('outbound-dnc-import').click(ACT);
    await eventually(() => page.getByTestId('outbound-message').textContent()).toContain(`2 added to the do-not-call list of ${QUEUE}`);
    await eventually(() => row().getAttribute('data-state')).toBe('new');
  });

  it('previews a 1,000-row list: 3 refused and 2 do-not-call rows named by line, nothing sent', async () => {
    await page.getByTestId('outbound-file').setInputFiles({ name: 'campaign.csv', mimeType: 'text/csv', buffer: Buffer.from(list()) });
    await eventually(() => page.getByTestId('outbound-preview-summary').textContent()).toContain('1,000 rows read: 995 to send, 3 refused, 2 on the do-not-call list.');
    const cells = (testid: string) =>
      page.getByTestId(testid).evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => (c.textContent ?? '').trim())));
    const problems = await cells('outbound-problem');
    expect(problems.map((p) => p.slice(0, 2))).toEqual([['999', 'B1'], ['1000', 'B2'], ['1001', 'C0']]);
    expect(problems[2]![2]).toContain('already on line 2');
    expect((await cells('outbound-dnc-row')).map((d) => d.slice(0, 2))).toEqual([['12', 'C10'], ['13', 'C11']]);
    expect(s.stack.requestsTo('POST', /^\/v2\/autocall\/queue$/)).toHaveLength(0);
    await page.getByTestId('outbound-preview').scrollIntoViewIfNeeded();
    await shot(page, 'outbound-preview-en-light');
    await expectAccessible(page, 'the Outbound view with a preview');
  });

  it('sends 995 rows in two batches without the DNC ids; the queue runs', async () => {
    await page.getByTestId('outbound-send').click(ACT);
    await eventually(() => row().getAttribute('data-state')).toBe('running');
    await eventually(() => row().getByTestId('outbound-sent').textContent()).toContain('995');
    const posts = s.stack.requestsTo('POST', /^\/v2\/autocall\/queue$/);
    expect(posts.map((p) => (p.body as { customers: unknown[] }).customers.length)).toEqual([500, 495]);
    const ids = posts.flatMap((p) => (p.body as { customers: Array<{ id: string; upcoming_amount: unknown }> }).customers);
    expect(ids.map((c) => c.id)).not.toContain('C10');
    expect(ids[0]!.upcoming_amount).toBe(1_500_000);
    expect(s.stack.sim.outbound.get('autocall', QUEUE)?.state).toBe('running');
  });

  it('dials: outbound calls on the floor, and dialled / answered / failed move from the call records', async () => {
    const sim = s.stack.sim;
    await eventually(async () => {
      sim.control.tick(15);
      return Number(await row().getByTestId('outbound-dialled').textContent());
    }, 60_000).toBeGreaterThanOrEqual(3);
    const dialled = Number(await row().getByTestId('outbound-dialled').textContent());
    const answered = Number(await row().getByTestId('outbound-answered').textContent());
    const failed = Number(await row().getByTestId('outbound-failed').textContent());
    expect(answered + failed).toBe(dialled);
    expect(Number(await row().getByTestId('outbound-remaining').textContent())).toBe(995 - dialled);
    // The list's calls are on the floor too.
    sim.control.tick(1);
    await eventually(() => page.locator('[data-testid="row-call"]').allTextContents().then((t) => t.some((x) => /09200\d{5}/.test(x))), 20_000).toBe(true);
    await shot(page, 'outbound-running-en-light');
  });

  it('stops the queue after a confirmation naming it, then starts it again', async () => {
    await row().getByTestId('outbound-stop').click(ACT);
    await eventually(() => page.getByTestId('outbound-confirm').textContent()).toContain(`Stop queue ${QUEUE}? The PBX stops dialling`);
    await page.getByTestId('outbound-confirm-yes').click(ACT);
    await eventually(() => row().getAttribute('data-state')).toBe('stopped');
    expect(s.stack.sim.outbound.get('autocall', QUEUE)?.state).toBe('stopped');
    await row().getByTestId('outbound-start').click(ACT);
    await page.getByTestId('outbound-confirm-yes').click(ACT);
    await eventually(() => row().getAttribute('data-state')).toBe('running');
    expect(s.stack.sim.outbound.get('autocall', QUEUE)?.state).toBe('running');
    // Every action is in the audit trail with the queue and the rows.
    const audit = await s.stack.core.invoke('audit:list', { limit: 10 });
    const kinds = audit.ok ? (audit.data as Array<{ kind: string; subject?: { queue?: string; rows?: number } }>).map((a) => `${a.kind} ${a.subject?.queue} ${a.subject?.rows}`) : [];
    expect(kinds).toEqual(expect.arrayContaining([`outbound-load autocall:${QUEUE} 995`, `outbound-stop autocall:${QUEUE} 995`, `outbound-start autocall:${QUEUE} 995`, `outbound-dnc autocall:${QUEUE} 2`]));
  });

  it('reads in Vietnamese on the dark theme (settings put back after)', async () => {
    try {
      await page.getByTestId('locale-select').selectOption('vi', ACT);
      await page.getByTestId('theme-select').selectOption('dark', ACT);
      await page.getByTestId('view-outbound').click(ACT);
      await eventually(() => row().getByTestId('outbound-state').textContent()).toBe('Đang chạy');
      await shot(page, 'outbound-vi-dark');
      await expectAccessible(page, 'the Outbound view in Vietnamese');
    } finally {
      await page.getByTestId('locale-select').selectOption('auto', ACT);
      await page.getByTestId('theme-select').selectOption('system', ACT);
      await page.keyboard.press('Escape');
    }
  });
});
