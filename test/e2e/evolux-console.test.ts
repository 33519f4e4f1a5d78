// One Evolux session through the web host in Chromium, against the simulator's Evolux dialect over real
// HTTP: connect with the API token, agents walked over three pages, absent panels saying why, pause with a
// reason, unpause, a log-off refused during a call with the PBX's message, and the token nowhere.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot } from './support/page';
import { eventually, expectSecretKeptIn, openConsoleSession, type ConsoleSession } from './support/session';
import type { E2eStack } from './support/stack';

const TOKEN = 'ev-tok-7Qx2-never-shown';
let session: ConsoleSession;
let stack: E2eStack;
let page: Page;


/** A logged-in, available agent with no call, from the simulator's own view. */
function idleAgent(except: number[] = []) {
  const a = stack.sim.control.state().agents.find((x) => x.loggedIn && x.status === 'available' && x.callId === null && !except.includes(x.id));
  if (!a) throw new Error('no idle agent');
  return a;
}

async function showOnly(name: string): Promise<void> {
  await page.getByTestId('search').fill(name);
}

beforeAll(async () => {
  session = await openConsoleSession({ agents: 120, credentials: { username: 'demo', password: 'demo', apiKey: TOKEN } });
  ({ stack, page } = session);
});

afterAll(async () => {
  await session?.close();
});

describe('an Evolux session in a browser', () => {
  it('connects with the API token, the fields Evolux needs only', async () => {
    await page.getByTestId('connect-system').selectOption('evolux');
    await expect(page.getByTestId('connect-username').count()).resolves.toBe(0);
    await page.getByTestId('connect-api-host').fill(stack.sim.url);
    await page.getByTestId('connect-api-key').fill(TOKEN);
    await page.getByTestId('connect-submit').click();
    await eventually(() => page.getByTestId('session-state').getAttribute('data-state')).toBe('connected');
    const lists = stack.requestsTo('GET', /^\/api\/v1\/agents$/);
    expect(lists.every((r) => r.headers.token === TOKEN)).toBe(true);
  });

  it('says why calls, queues and abandoned calls are absent', async () => {
    for (const panel of ['calls', 'queues', 'abandoned']) {
      await eventually(() => page.getByTestId(`absent-${panel}`).textContent()).toContain('Evolux');
      expect(await page.getByTestId(`panel-${panel}`).count()).toBe(0);
    }
  });

  it('says in Today and History what is absent without call records, and goes back to the floor', async () => {
    await page.keyboard.press('d');
    await eventually(() => page.getByTestId('absent-today').textContent()).toContain('Evolux');
    expect(await page.getByTestId('absent-today').textContent()).toContain('no call records');
    await page.keyboard.press('r');
    await eventually(() => page.getByTestId('absent-history').textContent()).toContain('Evolux');
    expect(await page.getByTestId('history-form').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('history-view').waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByTestId('panel-agents').waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('shows agents from all three pages of the list, archived ones left out', async () => {
    await eventually(() => new Set(stack.requestsTo('GET', /^\/api\/v1\/agents$/).map((r) => r.query.page)).has('3')).toBe(true);
    // Agent 110 is on page 3 (50 a page).
    const last = stack.sim.control.state().agents.find((a) => a.id === 110)!;
    await showOnly(last.username);
    await eventually(() => page.locator('[data-testid="row-agent"][data-id="110"]').count()).toBe(1);
    await showOnly('arquivado');
    await eventually(() => page.getByTestId('row-agent').count()).toBe(0);
  });

  it('pauses an agent with a reason chosen from the PBX list, then unpauses', async () => {
    const agent = idleAgent();
    await showOnly(agent.username);
    const row = page.locator(`[data-testid="row-agent"][data-id="${agent.id}"]`);
    await eventually(() => row.getAttribute('data-state')).toBe('available');
    await row.getByTestId('action-pause').click();
    const dialog = page.getByTestId('pause-reason-dialog');
    await dialog.getByTestId('pause-reason').first().waitFor();
    await expect(dialog.textContent()).resolves.toContain('1:00:00');
    await dialog.locator('[data-testid="pause-reason"][data-id="50"]').click();
    await eventually(() => stack.requestsTo('POST', new RegExp(`^/api/v1/agents/${agent.id}/pause$`)).map((r) => r.body)).toEqual([{ pause_id: 50 }]);
    await eventually(() => row.getAttribute('data-state')).toBe('paused');
    await eventually(() => row.textContent()).toContain('Almoço');
    await row.getByTestId('action-resume').click();
    await eventually(() => stack.requestsTo('POST', new RegExp(`^/api/v1/agents/${agent.id}/unpause$`)).length).toBe(1);
    await eventually(() => row.getAttribute('data-state')).toBe('available');
  });

  it('refuses to log off an agent during a call, with the PBX message shown', async () => {
    const agent = idleAgent();
    stack.sim.control.startCall(agent.id);
    await showOnly(agent.username);
    const row = page.locator(`[data-testid="row-agent"][data-id="${agent.id}"]`);
    await row.getByTestId('action-admin').click();
    const menu = page.getByTestId('agent-admin');
    await menu.getByTestId('admin-logoff').click();
    await eventually(() => menu.getByTestId('admin-error').textContent()).toContain('Não é possível sair enquanto está em uma chamada.');
    expect(stack.sim.control.state().agents.find((a) => a.id === agent.id)?.loggedIn).toBe(true);
    await shot(page, 'evolux-logoff-refused');
    await menu.getByTestId('admin-close').click();
  });

  it('never shows the token: not in frames, page, or any log line', async () => {
    await expectSecretKeptIn(session, TOKEN);
  });
});
