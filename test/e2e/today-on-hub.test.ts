// Today (the day's figures from the call records) on a floor hub, in Chromium (issue 18): a real nats-server
// from deploy/nats-server.conf, the simulator with a day already under way, a hub core sharing its passes of
// the records as `npm run hub` does (support/hub-screens.ts, with no screen of its own), and a console started exactly as a
// supervisor starts one: `npm run web -- --hub URL --floor A --api-host ... --ext 900` (main/web/cli.ts in
// its own process, the NATS user and password and the PBX account from the environment). The Today view's
// figures per queue are the hub's; it says they are the records as floor hub A read them; the Call records
// badge is the hub's reading; the alert rules editor says the hub's rules make the floor's alerts. axe light
// and dark; screenshots in docs/screenshots.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TodayState } from '../../common/domain';
import { USERS } from '../hub/nats-server';
import { expectAccessible } from './support/axe';
import { PBX, startHubScreens, type HubScreens } from './support/hub-screens';
import { shot } from './support/page';
import { eventually } from './support/session';

const ROOT = resolve(import.meta.dirname, '../..');

let floor: HubScreens;
let web: ChildProcess;
let webOut = '';
let webDir = '';
let page: Page;

/** `npm run web -- --hub ...` as the README has it; resolves with the address it prints. */
async function startWebConsole(): Promise<string> {
  webDir = mkdtempSync(join(tmpdir(), 'fw-e2e-today-hub-'));
  web = spawn(join(ROOT, 'node_modules/.bin/tsx'), [
    'main/web/cli.ts', '--hub', floor.server.url, '--floor', 'A', '--api-host', floor.sim.url, '--ext', '900', '--data-dir', webDir,
  ], {
    cwd: ROOT,
    env: { ...process.env, FLOORWATCH_NATS_USER: 'sup-a', FLOORWATCH_NATS_PASSWORD: USERS['sup-a'].pass, FLOORWATCH_USERNAME: PBX.username, FLOORWATCH_PASSWORD: PBX.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  web.stdout?.on('data', (chunk: Buffer) => (webOut += chunk.toString()));
  web.stderr?.on('data', (chunk: Buffer) => (webOut += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const url = /Open (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(webOut)?.[1];
    if (url) return url;
    if (web.exitCode !== null) throw new Error(`npm run web exited (${web.exitCode}): ${webOut}`);
    if (Date.now() > deadline) throw new Error(`npm run web printed no address in 60 s: ${webOut}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A Today row's offered, answered and abandoned as the page shows them (the abandoned's short ones aside). */
async function pageFigures(): Promise<Record<string, number[]>> {
  const rows = await page.getByTestId('today-queue').evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute('data-id') ?? '', [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.firstChild?.textContent ?? '')] as const));
  return Object.fromEntries(rows.map(([id, cells]) => [id, cells.map((c) => Number(c.replace(/[^\d]/g, '')))]));
}

async function hubFigures(): Promise<{ today: TodayState; figures: Record<string, number[]> }> {
  const r = await floor.hubCore.invoke('today:get', {});
  if (!r.ok) throw new Error(r.error.message);
  const today = r.data as TodayState;
  return { today, figures: Object.fromEntries(today.queues.map((q) => [q.id, [q.day.offered, q.day.answered, q.day.abandoned]])) };
}

beforeAll(async () => {
  // A day under way (back-filled records), nothing moving unless the test says: the figures hold still. No
  // in-process screen: the console is `npm run web`'s.
  floor = await startHubScreens({ sim: { seed: 11, autoRun: false, agents: 30, queues: 3 }, screens: [], recordsIntervalMs: 5000 });
  const url = await startWebConsole();
  page = await floor.chromium.context.newPage();
  await page.goto(url);
  await page.getByTestId('status-bar').waitFor();
}, 120_000);

afterAll(async () => {
  if (web && web.exitCode === null) {
    const exited = new Promise((r) => web.once('exit', r));
    web.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (web.exitCode === null) web.kill('SIGKILL');
  }
  await floor?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

describe('Today on a floor hub', () => {
  it('shows the hub\'s figures for the day, says the hub read the records, and its badge is the hub\'s; axe light and dark', async () => {
    await eventually(() => page.getByTestId('hub-source').textContent(), 30_000).toContain('Floor hub A');
    // The hub has read the whole day.
    await eventually(async () => (await hubFigures()).today, 60_000).toMatchObject({ catchingUp: false });

    await page.keyboard.press('d');
    await page.getByTestId('today-view').waitFor();
    // The console's day is the hub's: every queue's offered, answered and abandoned, and the floor's.
    await eventually(async () => JSON.stringify(await pageFigures()), 60_000).toBe(JSON.stringify((await hubFigures()).figures));
    expect(Object.keys(await pageFigures())).toContain('');
    await eventually(() => page.getByTestId('today-basis').textContent(), 30_000).toMatch(/^From the PBX's call records since midnight as floor hub A read them \([\d,]+ records, read .+\) and the live queue\.$/);
    // The records badge: the hub's reading, named so.
    const badge = page.getByTestId('source-records');
    await eventually(() => badge.getAttribute('data-via'), 10_000).toBe('hub');
    await expect(badge.textContent()).resolves.toContain('Call records (hub A)');
    await expect(badge.getAttribute('title')).resolves.toMatch(/as floor hub A read them from the PBX, once for the whole floor/);

    // A call answered and ended: its record reaches the console through the hub; the figures still agree.
    const before = (await hubFigures()).figures['']![1]!;
    const caller = floor.sim.control.addCaller({ queueId: 1 });
    floor.sim.control.answerCaller(caller.callId);
    floor.sim.control.hangupCall(caller.callId);
    // (Just after the PBX's midnight the back-filled day may hold no record yet: this one is the day's.)
    await eventually(async () => (await hubFigures()).figures['']![1], 90_000).toBeGreaterThan(before);
    await eventually(async () => JSON.stringify(await pageFigures()), 60_000).toBe(JSON.stringify((await hubFigures()).figures));
    expect((await pageFigures())['']![1]).toBeGreaterThan(0);

    await expectAccessible(page, 'Today on a floor hub');
    await shot(page, 'hub-today');
    await page.keyboard.press('Escape');
  }, 240_000);

  it('says in the alert rules editor that the hub\'s rules make the floor\'s alerts; axe light and dark', async () => {
    await page.getByTestId('settings-button').click();
    const note = page.getByTestId('rules-hub-note');
    await note.scrollIntoViewIfNeeded();
    await expect(note.textContent()).resolves.toMatch(/^On floor hub A the floor's alerts come from the hub's own rules/);
    await expectAccessible(page, 'Settings with the alert rules on a floor hub');
    await shot(page.getByTestId('alert-rules'), 'hub-alert-rules-note');
    await page.keyboard.press('Escape');
  }, 60_000);
});
