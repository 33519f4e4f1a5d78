// Catch-up as a supervisor meets it (issue 16 point 4), in Chromium through the web host against the
// simulator: the PBX stops answering, callers give up in a queue meanwhile, and once it answers again the
// abandons nobody saw come from its call records into the abandoned list, each marked "While you were
// away" in words, with ONE notification for all of them, never one per old call. The page's Notification
// is wrapped to record what it raises (the real one still runs, permission granted for the host).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedNotification } from './support/page-globals';
import { connectDemo, shot } from './support/page';
import { RECORD_NOTIFICATIONS, notificationsOf } from './support/recorders';
import { eventually, openConsoleSession, type ConsoleSession } from './support/session';

let s: ConsoleSession;
let page: Page;

const notifications = (): Promise<RecordedNotification[]> => notificationsOf(page);
const caughtUp = async (): Promise<RecordedNotification[]> => (await notifications()).filter((n) => /while Floorwatch was away/.test(n.title));

beforeAll(async () => {
  // No back-filled day: the only abandons in the records are the ones this test makes. A queue lists an
  // abandoned caller for 5 s, so once the PBX is back the live monitor no longer shows them.
  s = await openConsoleSession({ agents: 20, backfill: false, abandonRetentionSec: 5, seed: 11 }, { demoIsThisSimulator: true, recordsIntervalMs: 1000 });
  page = s.page;
  await s.chromium.context.grantPermissions(['notifications'], { origin: s.stack.host.origin });
  await s.chromium.context.addInitScript(RECORD_NOTIFICATIONS);
  await page.reload();
});
afterAll(async () => {
  s?.stack.sim.control.clearFaults();
  await s?.close();
});

describe('catch-up from the call records in a browser', () => {
  it('lists the abandons made while the PBX was away, marked in words, with one notification', async () => {
    await connectDemo(page);
    await eventually(() => page.getByTestId('source-records').getAttribute('data-state'), 30_000).toBe('live');
    const { control } = s.stack.sim;

    // The PBX stops answering every list (and the records); the console keeps its picture, stale.
    for (const route of ['/v3/*', '/v2/cdr*']) control.addFault({ route, kind: 'status', status: 503 });
    await eventually(() => page.getByTestId('source-records').getAttribute('data-state'), 30_000).not.toBe('live');
    const numbers = ['0944000001', '0944000002', '0944000003'];
    const ids = numbers.map((number) => control.addCaller({ queueId: 2, number }).callId);
    await new Promise((r) => setTimeout(r, 1100)); // a wait of a whole second in the records
    for (const id of ids) control.abandonCaller(id);
    control.tick(6); // past the queue's 5 s: the live monitor will not list them
    await new Promise((r) => setTimeout(r, 1200)); // the records' times are whole seconds
    control.clearFaults();

    // Back: the three come from the records, each marked, and one summary names how many.
    const away = page.getByTestId('row-abandoned').filter({ has: page.getByTestId('abandoned-while-away') });
    await eventually(async () => (await away.allTextContents()).filter((t) => numbers.some((n) => t.includes(n))).length, 30_000).toBe(3);
    expect(await away.first().getByTestId('abandoned-while-away').textContent()).toContain('While you were away');
    expect(await away.first().getByTestId('abandoned-while-away').getAttribute('title')).toContain("Found in the PBX's records");
    await eventually(() => caughtUp().then((n) => n.length), 15_000).toBe(1);
    const [summary] = await caughtUp();
    expect(summary!.title).toBe('3 calls abandoned while Floorwatch was away');
    for (const n of numbers) expect(summary!.body).toContain(n);
    // Never one notification per old call: none of the three was raised as a live abandon.
    expect((await notifications()).filter((n) => numbers.some((x) => n.body.includes(x)))).toHaveLength(1);
    // More passes of the records add no second summary.
    const passes = s.stack.requestsTo('GET', /^\/v2\/cdr$/).length;
    await eventually(() => s.stack.requestsTo('GET', /^\/v2\/cdr$/).length, 15_000).toBeGreaterThan(passes + 2);
    expect(await caughtUp()).toHaveLength(1);
    await shot(page, 'abandoned-while-away-en-light');
  });
});
