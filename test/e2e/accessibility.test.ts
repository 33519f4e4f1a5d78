// axe-core on every view of the console, light and dark (support/axe.ts flips the theme itself): the
// Connect screen, the console with its four panels, an abandoned call and a toast, the shortcut list,
// Settings, the transfer picker and the Activity view. A view added later gets one more `it` here (or a
// call to expectAccessible in its own end-to-end file). Fails on any critical or serious violation.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { eventually, openConsoleSession, type ConsoleSession } from './support/session';
import { restoreAfterEach } from './support/shared-state';

const CREDENTIALS = { username: 'sup.axe', password: 'pw-axe-never-shown', apiKey: 'ak-axe-never-shown' };
let session: ConsoleSession;
let page: Page;
/** The call listened to on the console, to find in the Activity view. */
let listenedCallId: string | null = null;

beforeAll(async () => {
  session = await openConsoleSession({ credentials: CREDENTIALS, supervisorExtension: '900' });
  ({ page } = session);
});

afterAll(async () => {
  await session?.close();
});
// Faults, registrations and the phone's legs back as they were after each test, pass or fail; the settings too.
restoreAfterEach(() => session?.stack);

describe('accessibility (axe-core, no critical or serious violation, light and dark)', () => {
  it('the Connect screen', async () => {
    await page.getByTestId('connect-form').waitFor();
    await expectAccessible(page, 'Connect screen');
  });

  it('the console with calls, agents, waiting callers, an abandoned call and a toast', async () => {
    const { stack } = session;
    await page.getByTestId('connect-api-host').fill(stack.sim.url);
    await page.getByTestId('connect-username').fill(CREDENTIALS.username);
    await page.getByTestId('connect-password').fill(CREDENTIALS.password);
    await page.getByTestId('connect-extension').fill('900');
    await page.getByTestId('connect-submit').click();
    await eventually(() => page.getByTestId('session-state').getAttribute('data-state')).toBe('connected');
    const queue = stack.sim.control.state().queues[0]!;
    stack.sim.control.addCaller({ queueId: queue.id, number: '0987001122' });
    const { callId } = stack.sim.control.addCaller({ queueId: queue.id, number: '0987003344' });
    stack.sim.control.abandonCaller(callId);
    await page.getByTestId('row-call').first().waitFor();
    await page.getByTestId('row-agent').first().waitFor();
    await page.getByTestId('row-waiting').first().waitFor();
    await page.getByTestId('row-abandoned').first().waitFor();
    // A selected row and a finished action's toast are part of the everyday screen.
    await page.getByTestId('row-call').first().click();
    listenedCallId = await page.getByTestId('row-call').first().getAttribute('data-id');
    await page.keyboard.press('l');
    await page.getByTestId('toast').first().waitFor();
    await expectAccessible(page, 'console');
  });

  it('the shortcut list', async () => {
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-help').waitFor();
    await expectAccessible(page, 'shortcut list');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts-help').waitFor({ state: 'detached' });
  });

  it('Settings', async () => {
    await page.getByTestId('settings-button').click();
    await page.getByTestId('settings-dialog').waitFor();
    await expectAccessible(page, 'Settings');
    await page.keyboard.press('Escape');
    await page.getByTestId('settings-dialog').waitFor({ state: 'detached' });
  });

  it('the transfer picker', async () => {
    await page.getByTestId('row-call').nth(1).click();
    await page.keyboard.press('t');
    await page.getByTestId('transfer-dialog').waitFor();
    await expectAccessible(page, 'transfer picker');
    await page.keyboard.press('Escape');
    await page.getByTestId('transfer-dialog').waitFor({ state: 'detached' });
  });

  it('the Activity view, which names the agent and the number of the listen done above', async () => {
    await page.keyboard.press('v');
    await page.getByTestId('activity-view').waitFor();
    const row = page.getByTestId('activity-row').filter({ hasText: 'Listen' }).first();
    await row.waitFor();
    const listened = session.stack.sim.control.state().calls.find((c) => c.id === listenedCallId);
    expect(listened).toBeDefined();
    await eventually(() => row.textContent()).toContain(listened!.customerNumber);
    await expectAccessible(page, 'Activity view');
    await page.keyboard.press('Escape');
    await page.getByTestId('activity-view').waitFor({ state: 'detached' });
  });
});
