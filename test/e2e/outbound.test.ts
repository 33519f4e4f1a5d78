// Issue 19 in Chromium through the web host against the simulator ("Try the demo" connects to this test's
// paused simulator, whose request log shows exactly what was sent): a do-not-call list for a queue, a
// 1,000-row list with 3 bad rows previewed (refused rows and DNC rows by line) and sent, the queue running
// with its progress moving as the simulator dials (calls on the floor, dialled / answered / failed from the
// CDRs), stopped and started again after a confirmation; the view in Vietnamese on the dark theme; axe in
// light and dark; screenshots into docs/screenshots. Each dialled callee named (the PBX's name, or the
// list's customer and queue). TEL4VN's customer names beside a caller's number on the waiting and live rows
// (found with the search box, since the lists are virtualised); an .xlsx list previewed like a CSV, its
// refused rows worded in Vietnamese and Portuguese; a workbook of several sheets, the sheet picked; a
// logged-out agent logged into a campaign by keyboard.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerName } from '../../main/simulator/dialects/tel4vn-customers';
import { xlsxFile, xlsxWorkbook } from '../fixtures/xlsx-file';
import { expectAccessible } from './support/axe';
import { outboundFigures, shot } from './support/page';
import { eventually, openConsoleSession, type ConsoleSession } from './support/session';

const QUEUE = 'OUT-E2E';
const ACT = { timeout: 10_000 };
let s: ConsoleSession;
let page: Page;

const row = () => page.locator(`[data-testid="outbound-row"][data-key="autocall:${QUEUE}"]`);
const number = (i: number): string => `09${String(20_000_000 + i)}`;
/** The data-testid of the element with the focus ('' for none). */
const focused = (p: Page): Promise<string> => p.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid') ?? '');
/** A caller TEL4VN's customer list names (set by the customer-name test, read by the .xlsx one). */
let known: { number: string; name: string } | null = null;

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
    const { dialled, answered, failed, remaining } = await outboundFigures(row());
    expect(answered + failed).toBe(dialled);
    expect(remaining).toBe(995 - dialled);
    // The list's calls are on the floor too.
    sim.control.tick(1);
    await eventually(() => page.locator('[data-testid="row-call"]').allTextContents().then((t) => t.some((x) => /09200\d{5}/.test(x))), 20_000).toBe(true);
    // Each callee shows who they are: the PBX's name for them, or (until it has one) the list's customer.
    const labels = () =>
      page.locator('[data-testid="row-call"] [data-testid="customer-name"]').evaluateAll((els) =>
        els.map((e) => [(e.parentElement?.firstChild?.textContent ?? '').trim(), (e.textContent ?? '').replace(/^ · /, '')]),
      );
    await eventually(async () => {
      const dialledRows = (await labels()).filter(([n]) => /^09200\d{5}$/.test(n ?? ''));
      return dialledRows.length > 0 && dialledRows.every(([n, label]) => label === callerName(n!) || label === `C${Number(n!.slice(2)) - 20_000_000} (${QUEUE})`);
    }, 20_000).toBe(true);
    await shot(page, 'outbound-running-en-light');
    try {
      // Wide enough for the customer cell to show the callee beside the number (1366 cuts it to "0920…").
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.getByTestId('view-floor').click(ACT);
      await page.getByTestId('panel-calls').waitFor(ACT);
      await shot(page.getByTestId('panel-calls'), 'outbound-dialled-callees-floor');
    } finally {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.getByTestId('view-outbound').click(ACT);
      await page.getByTestId('outbound-view').waitFor(ACT);
    }
  });

  it('stops the queue after a confirmation naming it, then starts it again', async () => {
    await row().getByTestId('outbound-stop').click(ACT);
    await eventually(() => page.getByTestId('outbound-confirm').textContent()).toContain(`Stop queue ${QUEUE}? The PBX stops dialling`);
    // The confirmation's button has the focus as it appears (ConfirmBar): Enter stops the queue.
    await eventually(() => focused(page)).toBe('outbound-confirm-yes');
    await page.keyboard.press('Enter');
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

  it("shows TEL4VN's customer name beside a caller's number on the waiting row, then on the live call", async () => {
    const sim = s.stack.sim;
    // A number the simulator's customer list names (7 in 10 do), new to this floor.
    const number = Array.from({ length: 50 }, (_, i) => `09876501${String(i).padStart(2, '0')}`).find((n) => callerName(n) !== null)!;
    const name = callerName(number)!;
    known = { number, name };
    const { callId } = sim.control.addCaller({ number });
    try {
      await page.getByTestId('view-floor').click(ACT);
      await page.getByTestId('search').fill(number, ACT);
      const waiting = page.locator('[data-testid="row-waiting"]').filter({ hasText: number });
      // The directory is read at a polite pace (at most every 15 s): the name comes within a read or two.
      await eventually(() => waiting.getByTestId('customer-name').textContent().catch(() => ''), 45_000).toBe(` · ${name}`);
      await shot(page, 'customer-name-waiting-caller');
      sim.control.answerCaller(callId);
      const live = page.locator('[data-testid="row-call"]').filter({ hasText: number });
      await eventually(() => live.getByTestId('customer-name').textContent().catch(() => ''), 20_000).toBe(` · ${name}`);
    } finally {
      await page.getByTestId('search').fill('', ACT);
      await page.getByTestId('view-outbound').click(ACT);
      await page.getByTestId('outbound-view').waitFor(ACT);
    }
  });

  it('previews an .xlsx list like a CSV; its refusals read in Vietnamese and Portuguese (language put back after)', async () => {
    const sheet: Array<Array<string | number | Date | null>> = [['Customer ID', 'Phone', 'due_date', 'upcoming_amount']];
    for (let i = 0; i < 20; i++) sheet.push([`X${i}`, 930_000_000 + i, new Date(Date.UTC(2026, 11, 31)), 2_000_000]);
    // The first customer is a caller the directory named: the preview's first row shows the name too.
    if (known) sheet[1]![1] = known.number;
    sheet.push(['X3', 930_000_099, null, null], ['Y 1', 930_000_098, null, null], ['Y2', 12345, null, null], ['Y3', 930_000_097, 'soon', null]);
    try {
      await page.getByTestId('outbound-queue-code').fill('OUT-XLSX', ACT);
      await page.getByTestId('outbound-template').fill('IVR-1', ACT);
      await page.getByTestId('outbound-file').setInputFiles({ name: 'danh-sach.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(xlsxFile(sheet)) });
      await eventually(() => page.getByTestId('outbound-preview-summary').textContent()).toContain('24 rows read: 20 to send, 4 refused, 0 on the do-not-call list.');
      const why = () => page.getByTestId('outbound-problem').evaluateAll((rows) => rows.map((r) => (r.querySelectorAll('td')[2]?.textContent ?? '').trim()));
      expect(await why()).toEqual([
        '✕ refused: the id is already on line 5',
        '✕ refused: the id has characters the PBX does not take (letters, digits and _ . : @ - only)',
        '✕ refused: no valid phone number (12345)',
        '✕ refused: due_date is not a date ("soon"): use YYYY-MM-DD or DD/MM/YYYY',
      ]);
      const first = page.getByTestId('outbound-first-row');
      expect(await first.nth(1).textContent()).toContain('0930000001');
      if (known) await eventually(() => first.first().textContent()).toContain(`${known.number} · ${known.name}`);
      await page.getByTestId('locale-select').selectOption('vi', ACT);
      await eventually(() => why()).toEqual([
        '✕ từ chối: mã này đã có ở dòng 5',
        '✕ từ chối: mã có ký tự mà tổng đài không nhận (chỉ chữ, số và _ . : @ -)',
        '✕ từ chối: không có số điện thoại hợp lệ (12345)',
        '✕ từ chối: due_date không phải là ngày ("soon"): dùng YYYY-MM-DD hoặc DD/MM/YYYY',
      ]);
      await page.getByTestId('outbound-preview').scrollIntoViewIfNeeded();
      await shot(page, 'outbound-xlsx-refusals-vi-light');
      await page.getByTestId('locale-select').selectOption('pt-BR', ACT);
      await eventually(async () => (await why())[0]).toBe('✕ recusada: o id já está na linha 5');
      await expectAccessible(page, 'the Outbound view with an .xlsx preview in Portuguese');
      expect(s.stack.requestsTo('POST', /^\/v2\/autocall\/queue$/).filter((r) => (r.body as { queue_code?: string }).queue_code === 'OUT-XLSX')).toHaveLength(0);
    } finally {
      await page.getByTestId('locale-select').selectOption('auto', ACT);
      await page.getByTestId('outbound-queue-code').fill(QUEUE, ACT);
    }
  });

  it('reads the sheet picked from a workbook of several; the preview names the sheet', async () => {
    const book = xlsxWorkbook([
      { name: 'Summary', rows: [['Campaign', 'Customers'], ['Collections', 2]] },
      { name: 'December', rows: [['Customer ID', 'Phone'], ['D1', 930_000_201], ['D2', '0930000202']] },
    ]);
    try {
      await page.getByTestId('outbound-queue-code').fill('OUT-SHEETS', ACT);
      await page.getByTestId('outbound-template').fill('IVR-1', ACT);
      await page.getByTestId('outbound-file').setInputFiles({ name: 'book.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(book) });
      // The first sheet is read first: a summary with no id column, said so, the sheets offered.
      await eventually(() => page.getByTestId('outbound-sheet-read').textContent()).toBe('Sheet “Summary” of 2.');
      expect(await page.getByTestId('outbound-sheet').locator('option').allTextContents()).toEqual(['Summary (1 row)', 'December (2 rows)']);
      await page.getByTestId('outbound-sheet').focus(ACT);
      await page.getByTestId('outbound-sheet').selectOption('December', ACT);
      await eventually(() => page.getByTestId('outbound-preview-summary').textContent()).toContain('2 rows read: 2 to send, 0 refused');
      expect(await page.getByTestId('outbound-sheet-read').textContent()).toBe('Sheet “December” of 2.');
      expect(await page.getByTestId('outbound-first-row').nth(0).textContent()).toContain('0930000201');
      await page.getByTestId('outbound-preview').scrollIntoViewIfNeeded();
      await shot(page, 'outbound-xlsx-sheets-en-light');
      await expectAccessible(page, 'the Outbound view with a sheet picked from a workbook');
      expect(s.stack.requestsTo('POST', /^\/v2\/autocall\/queue$/).filter((r) => (r.body as { queue_code?: string }).queue_code === 'OUT-SHEETS')).toHaveLength(0);
    } finally {
      await page.getByTestId('outbound-queue-code').fill(QUEUE, ACT);
    }
  });

  it('logs an agent who is logged out into a campaign from the Agents panel, by keyboard (axe light and dark)', async () => {
    const sim = s.stack.sim;
    const agent = sim.control.state().agents.find((a) => a.loggedIn && a.status === 'available' && a.callId === null)!;
    sim.control.logoutAgent(agent.id);
    try {
      await page.getByTestId('view-floor').click(ACT);
      // No wait for the agent's row to leave the floor: the rows are virtualised, and a row filtered by the
      // extension's text matched any row showing a number with those digits (an outbound call to
      // 0920000105 for extension 105), which held the wait past its 10 s on a busy floor. The picker
      // offers the agent only once the floor no longer shows them logged in: that is the wait below.
      await page.getByTestId('open-campaign-login').focus(ACT);
      await page.keyboard.press('Enter');
      const dialog = page.getByTestId('campaign-login-dialog');
      await dialog.waitFor(ACT);
      // Each key goes where the focus is: wait for the focus to be where the supervisor expects it.
      await eventually(() => focused(page)).toBe('campaign-login-agent');
      await page.keyboard.type(agent.extension);
      await eventually(() => dialog.getByTestId('campaign-login-option').first().getAttribute('data-ext'), 30_000).toBe(agent.extension);
      await page.keyboard.press('Enter');
      await eventually(() => dialog.getByTestId('campaign-login-picked').textContent()).toContain(`(${agent.extension})`);
      // The campaign field has the focus, filled with the floor's most staffed campaign: Enter asks, Enter confirms.
      await eventually(() => focused(page)).toBe('campaign-login-campaign');
      const campaign = await dialog.getByTestId('campaign-login-campaign').inputValue(ACT);
      expect(campaign).toMatch(/^[0-9a-f-]{36}$/);
      await page.keyboard.press('Enter');
      await eventually(() => dialog.getByTestId('campaign-login-confirm').textContent()).toContain(`into campaign ${campaign}? The agent starts paused.`);
      await eventually(() => focused(page)).toBe('campaign-login-yes');
      await shot(page, 'campaign-login-picker-en-light');
      await expectAccessible(page, 'the campaign login picker');
      await page.keyboard.press('Enter');
      await eventually(() => dialog.getByTestId('campaign-login-done').textContent(), 20_000).toContain('logged into');
      expect(sim.control.state().agents.find((a) => a.id === agent.id)?.loggedIn).toBe(true);
      // Logged in, the agent leaves the picker's list and is back on the floor.
      await eventually(() => dialog.locator(`[data-testid="campaign-login-option"][data-ext="${agent.extension}"]`).count(), 30_000).toBe(0);
      const audit = await s.stack.core.invoke('audit:list', { limit: 5 });
      expect(audit.ok && (audit.data as Array<{ kind: string; target: string }>).some((a) => a.kind === 'agent-login' && a.target.includes(agent.extension))).toBe(true);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    } finally {
      if (!sim.control.state().agents.find((a) => a.id === agent.id)?.loggedIn) sim.control.loginAgent(agent.id);
      if (await page.getByTestId('campaign-login-dialog').isVisible()) await page.keyboard.press('Escape');
      await page.getByTestId('view-outbound').click(ACT);
    }
  }, 120_000);

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
