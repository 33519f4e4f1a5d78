// The supervisor's own phone as a supervisor sees it (issue 14 points 1, 7, 11, 12), in Chromium through the
// web host against the simulator: listen, be told why a barge elsewhere is refused, hang up with the demo's
// control, then barge another call; a call-back shown on the phone line, never in Live calls; the phone
// unregistered; the header when the PBX stops answering. "Try the demo" connects to this test's paused
// simulator, so the floor only changes when a test changes it. Screenshots of each state for the docs.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRow, connectDemo, shot } from './support/page';
import { eventually, openConsoleSession, type ConsoleSession } from './support/session';
import { restoreAfterEach } from './support/shared-state';

let s: ConsoleSession;
let page: Page;

const monitorPosts = () => s.stack.requestsTo('POST', /^\/v2\/call\/[^/]+\/(listen|whisper|barge)$/);

beforeAll(async () => {
  s = await openConsoleSession({ agents: 24 }, { demoIsThisSimulator: true });
  page = s.page;
});
afterAll(async () => {
  await s?.close();
});
// Language, faults, the phone's registration and legs: back as they were after each test, pass or fail.
restoreAfterEach(() => s?.stack);

describe("the supervisor's phone in a browser", () => {
  it('connects to the demo', async () => {
    await connectDemo(page);
    await page.getByTestId('row-call').first().waitFor();
  });

  it('listens, is refused a barge elsewhere with the reason, hangs up with the demo control, then barges another call', async () => {
    const talking = s.stack.sim.control.state().calls.filter((c) => c.state === 'oncall' && c.agentId !== null);
    const [first, second] = talking;
    expect(second).toBeDefined();
    await callRow(page, first!.id).click();
    // As a supervisor would: press once the row offers it (a loaded machine may grey it for a moment).
    await eventually(() => callRow(page, first!.id).getByTestId('action-listen').isEnabled()).toBe(true);
    await page.keyboard.press('l');
    const monitoring = page.getByTestId('phone-monitoring');
    await monitoring.waitFor();
    expect(await monitoring.getAttribute('data-mode')).toBe('listen');
    expect(await monitoring.textContent()).toMatch(/Listening to \S.+ · 0:0\d/);
    await eventually(() => callRow(page, first!.id).getAttribute('data-monitored')).toBe('listen');
    expect(s.stack.sim.control.state().monitors).toEqual([expect.objectContaining({ callId: first!.id, ext: '900', mode: 'listen' })]);
    // Once the PBX lists the supervisor's leg, listen / whisper / barge elsewhere wait, saying why.
    const barge = callRow(page, second!.id).getByTestId('action-barge');
    // The title says why: the phone (a moment of stale data would disable it too, for another reason).
    await eventually(() => barge.getAttribute('title')).toContain('hang up your phone first');
    expect(await barge.isDisabled()).toBe(true);
    expect(await callRow(page, second!.id).getByTestId('action-transfer').isDisabled()).toBe(false);
    // Live calls hold no row of the supervisor's own extension.
    expect(await page.locator('[data-testid="row-call"]', { hasText: /\b900\b/ }).count()).toBe(0);
    await shot(page, 'phone-listening-en-light');

    await callRow(page, second!.id).click();
    await page.keyboard.press('b');
    const refused = page.getByTestId('toast').filter({ hasText: 'hang up your phone first' });
    await refused.waitFor();
    expect(monitorPosts()).toHaveLength(1); // the listen only: the refused barge never left the console
    await shot(page, 'phone-refused-en-light');

    await page.getByTestId('phone-hang-up').click();
    await page.getByTestId('phone-monitoring').waitFor({ state: 'detached' });
    expect(s.stack.sim.control.state().monitors).toEqual([]);
    expect(s.stack.sim.control.state().calls.some((c) => c.id === first!.id)).toBe(true); // the agent's call goes on
    await eventually(() => barge.isDisabled()).toBe(false);
    await page.keyboard.press('b');
    await eventually(() => page.getByTestId('phone-monitoring').getAttribute('data-mode')).toBe('barge');
    await eventually(() => callRow(page, second!.id).getAttribute('data-monitored')).toBe('barge');
    expect(monitorPosts().map((r) => r.path)).toEqual([`/v2/call/${first!.id}/listen`, `/v2/call/${second!.id}/barge`]);
    await shot(page, 'phone-barging-en-light');
    await page.getByTestId('phone-hang-up').click();
    await page.getByTestId('phone-monitoring').waitFor({ state: 'detached' });
  });

  it('says it in Vietnamese too', async () => {
    const call = s.stack.sim.control.state().calls.find((c) => c.state === 'oncall' && c.agentId !== null)!;
    await callRow(page, call.id).click();
    await eventually(() => callRow(page, call.id).getAttribute('aria-selected')).toBe('true');
    await eventually(() => callRow(page, call.id).getByTestId('action-whisper').isEnabled()).toBe(true);
    await page.keyboard.press('w');
    // A rare run saw no phone panel here: fail with what the page said instead (a refusal's toast) if it comes back.
    const monitoring = page.getByTestId('phone-monitoring');
    const shown = async (): Promise<string | null> =>
      (await monitoring.count()) > 0
        ? monitoring.getAttribute('data-mode')
        : `no phone panel; toasts: ${(await page.getByTestId('toast').allTextContents()).join(' | ') || 'none'}`;
    await eventually(shown).toBe('whisper');
    await page.getByTestId('locale-select').selectOption('vi');
    await eventually(() => page.getByTestId('phone-monitoring').textContent()).toMatch(/Đang nhắc nhỏ \S.+ · 0:\d\d/);
    await eventually(() => page.getByTestId('row-call').first().getByTestId('action-barge').isDisabled()).toBe(true);
    await shot(page, 'phone-whispering-vi-light');
    await page.getByTestId('phone-hang-up').click();
    await eventually(() => page.getByTestId('phone-ended').textContent()).toContain('Đã ngừng nhắc nhỏ');
    await page.getByTestId('locale-select').selectOption('en');
  });

  it('shows a call-back on the phone line, never in Live calls', async () => {
    const number = '0987650002';
    const { callId } = s.stack.sim.control.addCaller({ number });
    s.stack.sim.control.abandonCaller(callId);
    const abandoned = page.getByTestId('row-abandoned').filter({ hasText: number });
    await abandoned.waitFor();
    await abandoned.getByTestId('action-callback').click();
    const leg = page.getByTestId('phone-leg');
    await leg.waitFor();
    expect(await leg.textContent()).toContain(`Calling ${number}`);
    expect(await page.getByTestId('row-call').filter({ hasText: number }).count()).toBe(0);
    await shot(page, 'phone-callback-en-light');
    await page.getByTestId('phone-hang-up').click();
    await page.getByTestId('phone-leg').waitFor({ state: 'detached' });
  });

  it('says the phone is not registered, with what to do, and disables listen / whisper / barge', async () => {
    s.stack.sim.control.setRegistered('900', false);
    const badge = page.getByTestId('phone-registration');
    await badge.waitFor();
    expect(await badge.textContent()).toContain('Your phone (900) is not registered');
    const listen = page.getByTestId('row-call').first().getByTestId('action-listen');
    await eventually(() => listen.isDisabled()).toBe(true);
    expect(await listen.getAttribute('title')).toContain('log it in');
    await shot(page, 'phone-not-registered-en-light');
    s.stack.sim.control.setRegistered('900', true);
    await page.getByTestId('phone-registration').waitFor({ state: 'detached' });
  });

  it('says "PBX unreachable" in the header and stops the clocks on stale rows, then recovers', async () => {
    s.stack.sim.control.addFault({ route: '/*', kind: 'status', status: 503 });
    const header = page.getByTestId('session-state');
    await eventually(() => header.getAttribute('data-link'), 30_000).toBe('pbx-unreachable');
    expect(await header.textContent()).toContain('PBX unreachable');
    const duration = () => page.getByTestId('row-call').first().locator('[role="gridcell"]').nth(4).textContent();
    const before = await duration();
    await page.waitForTimeout(2200);
    expect(await duration()).toBe(before);
    expect(await page.getByTestId('row-call').first().getByTestId('action-listen').isDisabled()).toBe(true);
    await shot(page, 'header-pbx-unreachable-en-light');
    s.stack.sim.control.clearFaults();
    await eventually(() => header.getAttribute('data-link'), 35_000).toBe('ok');
  });

  it('says "Floorwatch host unreachable", not the PBX, when the page loses its host', async () => {
    const second = await s.chromium.context.newPage();
    const route: { drop?: () => void } = {};
    let refuse = false;
    // Between the page and the host: forward, or drop and refuse while `refuse` is set.
    await second.routeWebSocket(/\/ws$/, (ws) => {
      if (refuse) return void ws.close({ code: 1006 });
      ws.connectToServer();
      route.drop = () => ws.close({ code: 4000, reason: 'test drop' });
    });
    await second.goto(s.stack.host.url);
    const header = second.getByTestId('session-state');
    await eventually(() => header.getAttribute('data-link')).toBe('ok');
    await second.getByTestId('row-call').first().waitFor();
    refuse = true;
    route.drop?.();
    await eventually(() => header.getAttribute('data-link')).toBe('host-unreachable');
    expect(await header.textContent()).toContain('Floorwatch host unreachable');
    expect(await header.textContent()).not.toContain('PBX');
    await shot(second, 'header-host-unreachable-en-light');
    refuse = false;
    await eventually(() => header.getAttribute('data-link'), 30_000).toBe('ok');
    await second.close();
  });
});
