// A supervisor's first ten minutes on the demo floor (issue 14, "Done when"), in one script in Chromium
// through the web host: listen, hang up, barge on another call, transfer to an available agent, find the
// longest pause by sorting, scope to one queue and still see its calls; then the console at 1366x768 and
// 1920x1080 into docs/screenshots. "Try the demo" connects to this test's paused simulator, so the floor
// changes only when the script changes it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { answerQueueCaller } from './support/floor';
import { callRow, connectDemo, rowIds, shot } from './support/page';
import { eventually, openConsoleSession, type ConsoleSession } from './support/session';

let s: ConsoleSession;
let page: Page;

const posts = (callId: string, action: string) => s.stack.requestsTo('POST', new RegExp(`^/v2/call/${callId}/${action}$`));

beforeAll(async () => {
  s = await openConsoleSession({ agents: 24, seed: 3 }, { demoIsThisSimulator: true });
  page = s.page; // 1366x768, a laptop (support/chromium.ts)
});
afterAll(async () => {
  await s?.close();
});

describe("a supervisor's first ten minutes", () => {
  it('listens, hangs up, barges on another call, transfers, finds the longest pause, scopes to a queue', async () => {
    const { control } = s.stack.sim;
    // A caller of the first queue is being answered, so scoping to that queue has a call to keep.
    const { callId: queueCall, queue } = answerQueueCaller(control);

    await connectDemo(page);
    await callRow(page, queueCall).waitFor();

    // 1. Listen to a call: the phone line says so.
    const [first, second, third] = (await rowIds(page, 'row-call')).filter((id): id is string => id !== null && id !== queueCall);
    await callRow(page, first!).click();
    await page.keyboard.press('l');
    await eventually(() => page.getByTestId('phone-monitoring').getAttribute('data-mode')).toBe('listen');
    expect(posts(first!, 'listen')).toHaveLength(1);
    await shot(page, 'first-ten-minutes-listening-1366');

    // 2. Hang up (the demo's hang-up), then barge on another call: no "your extension is busy".
    await page.getByTestId('phone-hang-up').click();
    await page.getByTestId('phone-monitoring').waitFor({ state: 'detached' });
    await callRow(page, second!).click();
    await page.keyboard.press('b');
    await eventually(() => page.getByTestId('phone-monitoring').getAttribute('data-mode')).toBe('barge');
    expect(posts(second!, 'barge')).toHaveLength(1);
    await page.getByTestId('phone-hang-up').click();
    await page.getByTestId('phone-monitoring').waitFor({ state: 'detached' });

    // 3. Transfer a call to an available agent: the picker's first (Enter) is one.
    await callRow(page, third!).click();
    await page.keyboard.press('t');
    await page.getByTestId('transfer-dialog').waitFor();
    const option = page.getByTestId('transfer-option').first();
    await eventually(() => option.getAttribute('data-rank')).toBe('0');
    const target = (await option.getAttribute('data-ext'))!;
    expect(control.state().agents.find((a) => a.extension === target)).toMatchObject({ loggedIn: true, status: 'available', callId: null });
    await page.getByTestId('transfer-target').press('Enter');
    await eventually(() => control.state().calls.find((c) => c.id === third)?.ext).toBe(target);
    expect(posts(third!, 'transfer')).toHaveLength(1);

    // 4. The longest pause: Agents sorted by state put it first (the default order does too).
    const paused = control.state().agents.filter((a) => a.loggedIn && a.status === 'paused');
    expect(paused.length).toBeGreaterThan(0);
    const longest = paused.reduce((a, b) => (b.updatedAt < a.updatedAt ? b : a));
    await eventually(async () => (await rowIds(page, 'row-agent'))[0]).toBe(longest.uuid);

    // 5. Scope to the first queue: its call stays in Live calls.
    await page.locator(`[data-testid="queue-chip"][data-id="${queue.uuid}"]`).click();
    await eventually(() => rowIds(page, 'queue-card')).toEqual([queue.uuid]);
    expect(await rowIds(page, 'row-call')).toContain(queueCall);

    // The Activity view has the morning's actions, by agent and number.
    await page.keyboard.press('v');
    await page.getByTestId('activity-view').waitFor();
    await eventually(async () => (await page.getByTestId('activity-row').allTextContents()).join('\n')).toMatch(/Transfer[\s\S]*Barge[\s\S]*Listen/);
    await expectAccessible(page, 'Activity view (first ten minutes)');
    await shot(page, 'first-ten-minutes-activity-1366');
    await page.keyboard.press('Escape');
    await page.getByTestId('activity-view').waitFor({ state: 'detached' });

    await shot(page, 'first-ten-minutes-scoped-1366');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expectAccessible(page, 'console at 1920x1080');
    await shot(page, 'first-ten-minutes-scoped-1920');
    await page.getByTestId('queue-chip-all').click();
    await eventually(async () => (await rowIds(page, 'queue-card')).length).toBeGreaterThan(1);
    await shot(page, 'first-ten-minutes-all-1920');
  });
});
