// The day on the floor and its history, as a supervisor uses them, in Chromium through the web host
// against the simulator (its back-filled day of call records): the Today view (D) with the reconciled
// figures per queue, the uPlot charts and the agents' today, an agent's pane reached from the table and
// from an agent row on the floor; the History view (R) searched by status with full pages filled by main,
// a record opened from the keyboard and its recording played from the web host's origin; both exported as
// CSV downloads; axe light and dark; screenshots in three languages. Locale and theme are put back in
// `finally` blocks, so a failure here never leaks into another test.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { connectDemo, shot } from './support/page';
import { eventually, openConsoleSession, type ConsoleSession } from './support/session';
import { zoneAtHour } from '../fixtures/zone-at-hour';

const T = { timeout: 15_000 };
/** The <audio> element's few fields read in the page (the node type-check has no DOM lib). */
interface AudioLike {
  duration: number;
  currentTime: number;
  paused: boolean;
}
let s: ConsoleSession;
let page: Page;

async function setLocale(locale: string): Promise<void> {
  await page.getByTestId('locale-select').selectOption(locale, T);
  await eventually(() => page.locator('html').getAttribute('lang')).toBe(locale === 'auto' ? 'en' : locale);
}
async function setTheme(theme: string): Promise<void> {
  await page.getByTestId('theme-select').selectOption(theme, T);
  await eventually(() => page.locator('html').getAttribute('data-theme')).toBe(theme === 'system' ? 'light' : theme);
}
/** A download the page starts, read back as text. */
async function download(click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download', T), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

beforeAll(async () => {
  // 60 agents: a back-filled day of about 1,200 records, enough abandoned ones for full filtered pages, on a
  // PBX where it is 22:xx (test/fixtures/zone-at-hour.ts: in Ho Chi Minh City at night the day so far is
  // a handful of records).
  s = await openConsoleSession({ agents: 60, seed: 5, timezone: zoneAtHour(22) }, { demoIsThisSimulator: true });
  page = s.page; // 1366x768, a laptop (support/chromium.ts)
});
afterAll(async () => {
  await s?.close();
});

describe('the Today view', () => {
  it('connects to the demo and reads its day of call records', async () => {
    await connectDemo(page);
    await eventually(() => page.getByTestId('source-records').getAttribute('data-state'), 30_000).toBe('live');
    // A caller waiting in every queue: the queue monitor names each queue, which the records name by name only.
    const { control } = s.stack.sim;
    for (const q of control.state().queues) control.addCaller({ queueId: q.id });
    const polled = s.stack.requestsTo('GET', /^\/v3\/monitor\/callcenter\/queue$/).length;
    await eventually(() => s.stack.requestsTo('GET', /^\/v3\/monitor\/callcenter\/queue$/).length).toBeGreaterThan(polled + 1);
  });

  it('opens with D and shows the day from the call records: per queue, the charts, the agents', async () => {
    await page.keyboard.press('d');
    await page.getByTestId('today-view').waitFor(T);
    await eventually(() => page.getByTestId('today-basis').textContent(), 20_000).toMatch(/^From the PBX’s call records since midnight|^From the PBX's call records since midnight/);
    const queues = s.stack.sim.control.state().queues;
    // The floor first, then every queue the monitor named.
    await eventually(() => page.getByTestId('today-queue').count(), 20_000).toBe(queues.length + 1);
    const floorRow = page.locator('[data-testid="today-queue"][data-id=""]');
    const offered = Number((await floorRow.locator('td').first().textContent())!.replace(/\D/g, ''));
    expect(offered).toBeGreaterThan(0);
    expect(queues.length).toBeGreaterThan(0);
    // Both charts are uPlot canvases, with a summary in words for assistive technology.
    for (const kind of ['calls', 'sl']) {
      const chart = page.getByTestId(`today-chart-${kind}`);
      await chart.locator('canvas').first().waitFor(T);
      expect(await chart.locator('[role="img"]').getAttribute('aria-label')).toMatch(/Whole floor/);
    }
    expect(await page.getByTestId('today-formula').textContent()).toContain('answered within the threshold');
    // Another queue's charts.
    const firstQueue = page.getByTestId('today-queue').nth(1);
    await firstQueue.getByRole('button').click(T);
    await eventually(() => firstQueue.getAttribute('class')).toContain('on');
    await eventually(() => page.getByTestId('today-chart-calls').locator('[role="img"]').getAttribute('aria-label')).not.toMatch(/Whole floor/);
    await page.locator('[data-testid="today-queue"][data-id=""]').getByRole('button').click(T);
    await eventually(() => page.getByTestId('today-agent').count()).toBeGreaterThan(5);
    await shot(page, 'today-en-light');
  });

  it('sorts the agents and opens an agent’s today pane from the table', async () => {
    // The default order: the most answered first.
    const answered = await page.locator('[data-testid="today-agent"] td:nth-of-type(1)').allTextContents();
    const numbers = answered.map((x) => Number(x.replace(/\D/g, '')));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    await page.getByTestId('sort-today-name').click(T);
    await eventually(() => page.getByTestId('sort-today-name').locator('xpath=..').getAttribute('aria-sort')).toBe('ascending');
    await page.getByTestId('sort-today-answered').click(T);
    const first = page.getByTestId('today-agent').first();
    const id = (await first.getAttribute('data-id'))!;
    await first.getByRole('button').click(T);
    const pane = page.getByTestId('agent-today');
    await pane.waitFor(T);
    expect(await pane.getByTestId('agent-today-answered').locator('dd').textContent()).toBe((await first.locator('td').first().textContent())!.trim());
    await shot(page, 'today-agent-pane-en-light');
    await page.keyboard.press('Escape');
    await pane.waitFor({ state: 'detached', ...T });
    expect(id).not.toBe('');
  });

  it('opens an agent’s today from an agent row on the floor (D on the selected agent)', async () => {
    await page.keyboard.press('3');
    await page.getByTestId('panel-agents').waitFor(T);
    const row = page.getByTestId('row-agent').first();
    await row.click(T);
    const agentId = (await row.getAttribute('data-id'))!;
    await page.keyboard.press('d');
    await eventually(() => page.getByTestId('agent-today').getAttribute('data-id')).toBe(agentId);
    await page.keyboard.press('Escape'); // the pane
    await page.keyboard.press('Escape'); // the view: back to the floor
    await page.getByTestId('panel-agents').waitFor({ state: 'visible', ...T });
    // The answered count on the row opens it too.
    await row.getByTestId('agent-today-link').click(T);
    await eventually(() => page.getByTestId('agent-today').getAttribute('data-id')).toBe(agentId);
  });

  it('exports the figures and the agents as CSV downloads', async () => {
    const figures = await download(() => page.getByTestId('export-today').click(T));
    expect(figures.name).toMatch(/^floorwatch-today-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(figures.text.charCodeAt(0)).toBe(0xfeff);
    const lines = figures.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('queue,period,offered,answered,abandoned,short_abandoned,answered_in_sl,sl_threshold_sec,service_level_pct,asa_sec,aht_sec,abandon_rate_pct,waiting');
    expect(lines[1]).toMatch(/^Whole floor,day,\d+,/);
    // The floor's 48 half hours follow the day lines.
    expect(lines.filter((l) => l.startsWith('Whole floor,')).length).toBe(49);
    const agents = await download(() => page.getByTestId('export-agents').click(T));
    const rows = agents.text.slice(1).trim().split('\r\n');
    expect(rows[0]).toBe('name,extension,answered,missed,talk_sec,aht_sec,pauses,paused_sec,last_call');
    expect(rows.length).toBe((await page.getByTestId('today-agent').count()) + 1);
    await eventually(() => page.getByTestId('export-status').textContent()).toMatch(/^Downloaded/);
  });

  it('is accessible, light and dark, and fits in Vietnamese and Portuguese', async () => {
    await page.getByTestId('agent-today-close').click(T).catch(() => {});
    await expectAccessible(page, 'Today view');
    try {
      await setTheme('dark');
      await shot(page, 'today-en-dark');
      await setLocale('vi');
      await eventually(() => page.getByTestId('today-formula').textContent()).toContain('trả lời trong ngưỡng');
      await shot(page, 'today-vi-dark');
      await setTheme('light');
      await setLocale('pt-BR');
      await eventually(() => page.getByTestId('today-formula').textContent()).toContain('atendidas no limite');
      await shot(page, 'today-pt-BR-light');
      // Nothing in the figures table is cut off: every header fits its column.
      const clipped = await page.locator('[data-testid="today-figures"] th').evaluateAll((ths) => ths.filter((th) => th.scrollWidth > th.clientWidth + 1).length);
      expect(clipped).toBe(0);
    } finally {
      await setLocale('en');
      await setTheme('light');
    }
  });
});

describe('the History view', () => {
  it('opens with R on today’s calls, and filters by status with full pages', async () => {
    await page.keyboard.press('r');
    await page.getByTestId('history-view').waitFor(T);
    await eventually(() => page.getByTestId('history-row').count(), 20_000).toBe(50);
    await page.getByTestId('history-status').selectOption('cancel', T);
    await page.getByTestId('history-search').click(T);
    await eventually(async () => new Set(await page.locator('[data-testid="history-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))))).toEqual(new Set(['cancel']));
    const cancelled = s.stack.sim.control.state().counts.cdrs; // the day so far, every status
    expect(cancelled).toBeGreaterThan(500);
    const firstPage = await page.getByTestId('history-row').count();
    expect(firstPage).toBe(50);
    const ids1 = await page.locator('[data-testid="history-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    // PageDown on the results turns the page: more cancelled calls, none of the first page's.
    await page.getByTestId('history-row').first().focus();
    await page.keyboard.press('PageDown');
    await eventually(() => page.getByTestId('history-range').textContent()).toContain('Page 2');
    const ids2 = await page.locator('[data-testid="history-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(ids2.length).toBeGreaterThan(0);
    expect(ids2.some((id) => ids1.includes(id))).toBe(false);
    expect(new Set(await page.locator('[data-testid="history-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))))).toEqual(new Set(['cancel']));
    // The PBX was asked in pages of 500 (the seed's cap) without a status: main filtered.
    const asked = s.stack.requestsTo('GET', /^\/v2\/cdr$/).filter((r) => r.query.page !== undefined);
    expect(asked.every((r) => Number(r.query.limit) <= 500 && r.query.status === undefined)).toBe(true);
  });

  it('opens an answered call from the keyboard and plays its recording from the host’s own origin', async () => {
    await page.getByTestId('history-status').selectOption('answered', T);
    await page.getByTestId('history-search').click(T);
    await eventually(async () => new Set(await page.locator('[data-testid="history-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))))).toEqual(new Set(['answered']));
    await page.getByTestId('history-row').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const second = await page.getByTestId('history-row').nth(1).getAttribute('data-id');
    await eventually(() => page.getByTestId('history-details').getAttribute('data-id')).toBe(second);
    const audio = page.getByTestId('history-audio');
    await audio.waitFor(T);
    const src = (await audio.getAttribute('src'))!;
    expect(src).toMatch(/^\/recordings\/[A-Za-z0-9_-]{20,}$/);
    // No PBX address reached the page.
    expect(await page.content()).not.toContain(s.stack.sim.url);
    await page.getByTestId('history-play').click(T);
    await eventually(() => audio.evaluate((a) => (a as unknown as AudioLike).duration)).toBeGreaterThan(0);
    await eventually(() => audio.evaluate((a) => (a as unknown as AudioLike).currentTime)).toBeGreaterThan(0);
    await shot(page, 'history-en-light');
    await page.getByTestId('history-play').click(T);
    await eventually(() => audio.evaluate((a) => (a as unknown as AudioLike).paused)).toBe(true);
  });

  it('exports the search as a CSV download', async () => {
    const file = await download(() => page.getByTestId('history-export').click(T));
    expect(file.name).toMatch(/^floorwatch-calls-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = file.text.slice(1).trim().split('\r\n');
    expect(lines[0]!.startsWith('id,started,answered,ended,direction,from,to,extension,queue,status,')).toBe(true);
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.slice(1).every((l) => l.split(',')[9] === 'answered')).toBe(true);
    expect(file.text).not.toContain('/recordings/');
  });

  it('is accessible, light and dark, and fits in Vietnamese and Portuguese', async () => {
    await expectAccessible(page, 'History view');
    try {
      await setLocale('vi');
      await setTheme('dark');
      await eventually(() => page.getByTestId('history-search').textContent()).toBe('Tìm');
      await shot(page, 'history-vi-dark');
      await setLocale('pt-BR');
      await setTheme('light');
      await eventually(() => page.getByTestId('history-search').textContent()).toBe('Buscar');
      await shot(page, 'history-pt-BR-light');
      // The search form stays on one line at 1366 px in every language.
      const tops = await page.locator('[data-testid="history-form"] > *').evaluateAll((els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().bottom))).size);
      expect(tops).toBe(1);
    } finally {
      await setLocale('en');
      await setTheme('light');
    }
    // Esc leaves the view for the floor.
    await page.getByTestId('history-row').first().focus();
    await page.keyboard.press('Escape');
    await page.getByTestId('history-view').waitFor({ state: 'detached', ...T });
  });
});
