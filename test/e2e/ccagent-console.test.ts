// One cc_agent session through the web host in Chromium, against the simulator's cc_agent dialect over
// real HTTP: connect with the api_key, import the roster (a bad file first: nothing changes), check an
// agent in with the dial code shown, set a pause from the roster's reasons, set queues, and the api_key
// nowhere but the query strings the PBX receives.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot } from './support/page';
import { eventually, expectSecretKeptIn, openConsoleSession, type ConsoleSession } from './support/session';
import type { E2eStack } from './support/stack';

const API_KEY = 'cc-key-41d9-never-shown';
let session: ConsoleSession;
let stack: E2eStack;
let page: Page;

const simAgent = (id: number) => stack.sim.control.state().agents.find((a) => a.id === id)!;
const row = (id: number) => page.locator(`[data-testid="row-agent"][data-id="${id}"]`);

beforeAll(async () => {
  session = await openConsoleSession({ credentials: { username: 'demo', password: 'demo', apiKey: API_KEY } });
  ({ stack, page } = session);
});

afterAll(async () => {
  await session?.close();
});

describe('a cc_agent session in a browser', () => {
  let checkInId: number;

  it('connects with the api_key and says why the other panels are absent', async () => {
    await page.getByTestId('connect-system').selectOption('ccagent');
    await page.getByTestId('connect-api-host').fill(stack.sim.url);
    await page.getByTestId('connect-api-key').fill(API_KEY);
    await page.getByTestId('connect-submit').click();
    await eventually(() => page.getByTestId('session-state').getAttribute('data-state')).toBe('connected');
    for (const panel of ['calls', 'queues', 'abandoned']) await eventually(() => page.getByTestId(`absent-${panel}`).count()).toBe(1);
    await eventually(() => page.getByTestId('console-origin-note').count()).toBe(1);
  });

  it('says in Today and History what is absent without call records', async () => {
    await page.keyboard.press('d');
    await eventually(() => page.getByTestId('absent-today').textContent()).toContain('cc_agent');
    await page.keyboard.press('r');
    await eventually(() => page.getByTestId('absent-history').textContent()).toContain('no call records');
    await page.keyboard.press('Escape');
    await page.getByTestId('history-view').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('imports the roster: a bad file is refused by line and changes nothing, a good one shows the agents', async () => {
    const state = stack.sim.control.state();
    checkInId = state.agents.find((a) => !a.loggedIn)!.id;
    const agents = state.agents.slice(0, 6).map((a) => a.id);
    if (!agents.includes(checkInId)) agents.push(checkInId);
    const csv = [
      'kind,id,name,extension',
      ...agents.map((id) => `agent,${id},"${simAgent(id).name}",${simAgent(id).extension}`),
      ...state.pauseReasons.map((p) => `pause,${p.id},${p.code === 'BREAK' ? 'Coffee break' : p.code}`),
      ...state.queues.map((q) => `queue,${q.id},"${q.name}"`),
      `device,${state.agents[0]!.extension},Desk ${state.agents[0]!.extension}`,
    ].join('\n');

    await page.getByTestId('open-roster').click();
    const editor = page.getByTestId('roster-editor');
    await editor.getByTestId('roster-csv').fill('kind,id,name,extension\nagent,12,Ana\nqueue,abc,Sales');
    await eventually(() => editor.getByTestId('roster-problems').textContent()).toContain('line 3');
    await editor.getByTestId('roster-save').click();
    await eventually(() => editor.getByTestId('roster-error').textContent()).toContain('line 3: queue id must be digits');
    expect(await page.getByTestId('row-agent').count()).toBe(0);

    await editor.getByTestId('roster-csv').fill(csv);
    await editor.getByTestId('roster-save').click();
    await editor.getByTestId('roster-saved').waitFor();
    await page.keyboard.press('Escape');
    await eventually(() => page.getByTestId('row-agent').count()).toBe(agents.length);
    // Nothing is read back from the PBX: every row is marked, and no request was made to list anything.
    await eventually(() => row(checkInId).getAttribute('data-state')).toBe('offline');
    expect(stack.sim.control.requests()).toHaveLength(0);
  });

  it('checks an agent in and shows the number to dial', async () => {
    await row(checkInId).getByTestId('action-admin').click();
    const menu = page.getByTestId('agent-admin');
    await menu.getByTestId('admin-check-in').click();
    const code = `**9${simAgent(checkInId).extension}`;
    await eventually(() => menu.getByTestId('admin-dial-code').textContent()).toContain(code);
    expect(simAgent(checkInId).loggedIn).toBe(true);
    await shot(page, 'ccagent-check-in');
    await menu.getByTestId('admin-close').click();
    await eventually(() => row(checkInId).getAttribute('data-state')).toBe('available');
  });

  it('pauses with a reason from the roster, shown as last set by the console', async () => {
    await row(checkInId).getByTestId('action-pause').click();
    const dialog = page.getByTestId('pause-reason-dialog');
    await dialog.locator('[data-testid="pause-reason"]', { hasText: 'Coffee break' }).click();
    const breakId = stack.sim.control.state().pauseReasons.find((p) => p.code === 'BREAK')!.id;
    await eventually(() => stack.requestsTo('GET', /^\/api\/cc_agent\/setPause$/).map((r) => r.query.id)).toEqual([String(breakId)]);
    await eventually(() => row(checkInId).getAttribute('data-state')).toBe('paused');
    await eventually(() => row(checkInId).textContent()).toContain('Coffee break');
    expect(simAgent(checkInId)).toMatchObject({ status: 'paused', pauseCode: 'BREAK' });
  });

  it('sets the agent\'s queues from the roster', async () => {
    await row(checkInId).getByTestId('action-admin').click();
    const menu = page.getByTestId('agent-admin');
    const boxes = menu.getByTestId('admin-queue');
    for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).uncheck();
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await menu.getByTestId('admin-set-queues').click();
    await menu.getByTestId('admin-done').waitFor();
    const sent = stack.requestsTo('GET', /^\/api\/cc_agent\/setQueues$/).at(-1)!;
    expect(sent.query.queue_ids).toBe('1,2');
    expect(simAgent(checkInId).queueIds).toEqual([1, 2]);
    await menu.getByTestId('admin-close').click();
  });

  it('sends the api_key only in the PBX query string: never in frames, the page or a log line', async () => {
    expect(stack.sim.control.requests().every((r) => r.query.api_key === API_KEY)).toBe(true);
    await expectSecretKeptIn(session, API_KEY);
  });
});
