// What the supervisor sees when the PBX fails in ways that used to cost data (issue 13, points 1, 2, 7), in
// Chromium through the web host against the simulator over real HTTP: the live-calls panel keeps its rows
// and turns stale when /v3/monitor answers a failure with HTTP 200 (each seed shape); a token endpoint in
// trouble while the token expires greys the panels but never signs the console out; an action that meets
// the expired token says it was renewed and to press again, and the console stays connected.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BodyShape } from '../../main/simulator/index';
import { eventually, openConsoleSession, type ConsoleSession } from './support/session';
import { restoreAfterEach } from './support/shared-state';

let session: ConsoleSession;
let page: Page;

beforeAll(async () => {
  session = await openConsoleSession({ agents: 30 });
  page = session.page;
  const { stack } = session;
  // Calls on the floor before the console connects.
  const idle = stack.sim.control.state().agents.filter((a) => a.loggedIn && a.callId === null).slice(0, 4);
  for (const a of idle) stack.sim.control.startCall(a.id);
  const connected = await stack.core.invoke('session:connect', {
    system: 'tel4vn', apiHost: stack.sim.url, username: 'demo', password: 'demo', ownExtension: '900',
  });
  expect(connected.ok).toBe(true);
  await page.getByTestId('row-call').first().waitFor();
}, 60_000);
afterAll(async () => {
  await session?.close();
});
// Faults, registrations and the phone's legs back as they were after each test, pass or fail; the settings too.
restoreAfterEach(() => session?.stack);

const callIds = (): Promise<(string | null)[]> => page.getByTestId('row-call').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')).sort());
const sessionState = (): Promise<string | null> => page.getByTestId('session-state').getAttribute('data-state');
/** Until the simulator has had `polls` more requests to `route` (faulted ones too): "a few polls later" by
 *  the console's own polls, not by a fixed sleep that a loaded machine can fill with no poll at all. */
async function afterPolls(route: RegExp, polls: number): Promise<void> {
  const count = (): number => session.stack.sim.control.requests().filter((r) => route.test(r.path)).length;
  const from = count();
  await eventually(count, 30_000).toBeGreaterThanOrEqual(from + polls);
}

describe('faults on screen', () => {
  it.each<BodyShape>(['status-fail', 'error', 'code-content'])('keeps the live calls and greys the panel when /v3/monitor answers 200 %s', async (shape) => {
    const { stack } = session;
    await page.getByTestId('stale-calls').waitFor({ state: 'detached' });
    const before = await callIds();
    expect(before.length).toBeGreaterThan(0);
    stack.sim.control.addFault({ route: '/v3/monitor', kind: 'body', shape });
    await page.getByTestId('stale-calls').waitFor();
    // Still failing a few polls later: the same rows, greyed, and no "no calls" note.
    await afterPolls(/^\/v3\/monitor/, 3);
    expect(await callIds()).toEqual(before);
    expect(await page.getByTestId('panel-calls').getAttribute('class')).toMatch(/stale/);
    expect(await sessionState()).toBe('connected');
    stack.sim.control.clearFaults();
    await page.getByTestId('stale-calls').waitFor({ state: 'detached' });
    expect(await callIds()).toEqual(before);
  });

  it('stays signed in while the token endpoint answers {"code": 500} and the token expires, and is live again after', async () => {
    const { stack } = session;
    const before = await callIds();
    stack.sim.control.addFault({ route: '/v2/auth/token', kind: 'body', shape: 'code-content' });
    stack.sim.control.expireTokens();
    await page.getByTestId('stale-calls').waitFor();
    await afterPolls(/^\/v2\/auth\/token/, 1);
    expect(await sessionState()).toBe('connected');
    expect(await page.getByText(/signed the console out/i).count()).toBe(0);
    expect(await callIds()).toEqual(before);
    stack.sim.control.clearFaults();
    await page.getByTestId('stale-calls').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('session-state').getAttribute('data-link')).toBe('ok');
  });

  it('an action that meets the expired token says it was renewed: press again; still connected', async () => {
    const { stack } = session;
    const listens = () => stack.requestsTo('POST', /\/listen$/);
    // The polls wait 1.5 s at the PBX, so the click (not a poll) meets the expired token first.
    stack.sim.control.addFault({ route: '/v3/*', kind: 'delay', delayMs: 1500, times: 8 });
    stack.sim.control.expireTokens();
    await page.getByTestId('row-call').first().getByTestId('action-listen').click();
    const toast = page.getByTestId('toast').filter({ hasText: "The PBX's token had expired; it was renewed: press again." });
    await toast.waitFor();
    expect(listens()).toHaveLength(1);
    expect(await sessionState()).toBe('connected');
    expect(await page.getByText(/signed the console out/i).count()).toBe(0);
    await page.getByTestId('stale-calls').waitFor({ state: 'detached' });
  });
});
