// The connected console over a fake bridge: rows, live counters from one clock, virtualisation at
// 10,000 agents, stale greying, capability-gated panels and the offline banner.
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../common/settings';
import App from '../../renderer/src/App.vue';
import { agent, createFakeBridge, floorState, NOW, session, source } from './fake-bridge';
import { mountWith } from './mount-app';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('console', () => {
  it('shows the four panels with their rows and live counters', async () => {
    const { wrapper } = await mountWith(App, createFakeBridge());
    for (const p of ['queues', 'calls', 'agents', 'abandoned']) expect(wrapper.find(`[data-testid="panel-${p}"]`).exists()).toBe(true);
    const callRow = wrapper.get('[data-testid="row-call"][data-id="c1"]');
    expect(callRow.text()).toContain('0900000001');
    expect(callRow.text()).toContain('2:04'); // started 124.999 s before NOW
    vi.advanceTimersByTime(3000);
    await flushPromises();
    expect(wrapper.get('[data-testid="row-call"][data-id="c1"]').text()).toContain('2:07');
    expect(wrapper.get('[data-testid="row-waiting"]').text()).toContain('0:34'); // joined 31 s before NOW, 3 s ticked
    expect(wrapper.get('[data-testid="row-abandoned"]').text()).toContain('0987654321');
    expect(wrapper.get('[data-testid="unhandled-count"]').text()).toContain('1');
  });

  it('runs one 1 s timer for every live counter on the screen', async () => {
    const bridge = createFakeBridge({ getFloor: floorState({ agents: Array.from({ length: 50 }, (_, i) => agent(i)) }) });
    const { wrapper } = await mountWith(App, bridge);
    expect(wrapper.findAll('[data-testid="row-agent"]').length).toBeGreaterThan(10);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('gives every cell a narrow screen may cut a tooltip with its whole text', async () => {
    const { wrapper } = await mountWith(App, createFakeBridge());
    const cells = wrapper.get('[data-testid="row-call"][data-id="c1"]').findAll(':scope > span');
    expect(cells[0]!.attributes('title')).toMatch(/\S+ \d+$/); // the agent's name and extension
    expect(cells[1]!.attributes('title')).toContain('0900000001');
    expect(cells[2]!.attributes('title')).toBe('Sales'); // the queue
    expect(cells[3]!.attributes('title')).toBe('In');
    const paused = wrapper.get('[data-testid="row-agent"][data-id="a2"]').findAll(':scope > span');
    expect(paused[2]!.attributes('title')).toContain('Lunch');
  });

  it('flags a pause longer than the limit, in text', async () => {
    const { wrapper } = await mountWith(App, createFakeBridge());
    const paused = wrapper.get('[data-testid="row-agent"][data-id="a2"]');
    expect(paused.text()).toContain('Lunch');
    expect(paused.text()).toContain('Long pause');
    expect(wrapper.get('[data-testid="row-agent"][data-id="a1"]').text()).not.toContain('Long pause');
  });

  it('keeps at most ~100 row elements in the DOM with 10,000 agents', async () => {
    const agents = Array.from({ length: 10_000 }, (_, i) => agent(i));
    const { wrapper } = await mountWith(App, createFakeBridge({ getFloor: floorState({ agents }) }));
    const agentRows = wrapper.findAll('[data-testid="row-agent"]').length;
    expect(agentRows).toBeGreaterThan(5);
    expect(agentRows).toBeLessThanOrEqual(30);
    expect(document.querySelectorAll('[role="row"]').length).toBeLessThanOrEqual(100);
    expect(wrapper.get('[data-testid="panel-agents"]').text()).toContain('10000');
  });

  it('greys a panel whose source is stale and says how old its data is', async () => {
    const bridge = createFakeBridge({
      getFloor: floorState({ sources: [source('calls', 'stale', NOW - 12_000), source('queue'), source('agents')] }),
    });
    const { wrapper } = await mountWith(App, bridge);
    const calls = wrapper.get('[data-testid="panel-calls"]');
    expect(calls.classes()).toContain('stale');
    expect(wrapper.get('[data-testid="stale-calls"]').text()).toContain('12');
    expect(wrapper.find('[data-testid="stale-agents"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="panel-agents"]').classes()).not.toContain('stale');
    expect(wrapper.get('[data-testid="source-calls"]').attributes('data-state')).toBe('stale');
    bridge.emit('sources:changed', [source('calls', 'live'), source('queue'), source('agents')]);
    await flushPromises();
    expect(wrapper.find('[data-testid="stale-calls"]').exists()).toBe(false);
  });

  it('shows only the panels the system can fill and says why the others are absent', async () => {
    const bridge = createFakeBridge({
      getSession: session({ system: 'evolux', capabilities: ['live-agents', 'agent-pause', 'agent-pause-reasons', 'agent-logoff'] }),
    });
    const { wrapper } = await mountWith(App, bridge);
    expect(wrapper.get('[data-testid="absent-calls"]').text()).toContain("Evolux's API has no live call listing");
    expect(wrapper.find('[data-testid="row-call"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="absent-queues"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="row-agent"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="absent-agents"]').exists()).toBe(false);
  });

  it('shows the DEMO badge, and the offline banner only after 5 s with every source down', async () => {
    const bridge = createFakeBridge({ getSession: session({ demo: true }) });
    const { wrapper } = await mountWith(App, bridge);
    expect(wrapper.find('[data-testid="demo-badge"]').exists()).toBe(true);
    bridge.emit('sources:changed', [source('calls', 'offline', NOW - 1000), source('queue', 'offline', NOW - 1000), source('agents', 'backoff', NOW - 1000)]);
    await flushPromises();
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(false);
    vi.advanceTimersByTime(6000);
    await flushPromises();
    expect(wrapper.get('[data-testid="offline-banner"]').text()).toContain('PBX');
    bridge.emit('sources:changed', [source('calls'), source('queue'), source('agents')]);
    await flushPromises();
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(false);
  });

  it('says the Floorwatch host is lost, not the PBX, when the browser lost its host', async () => {
    const bridge = createFakeBridge();
    const { wrapper } = await mountWith(App, bridge);
    const lost = { code: 'HOST_UNREACHABLE' as const, message: 'host gone' };
    bridge.emit('sources:changed', ['calls', 'queue', 'agents'].map((id) => ({ ...source(id, 'offline', NOW - 1000), lastError: lost })));
    await flushPromises();
    vi.advanceTimersByTime(6000);
    await flushPromises();
    const banner = wrapper.get('[data-testid="offline-banner"]').text();
    expect(banner).toContain('connection to Floorwatch');
    expect(banner).not.toContain('PBX');
  });

  it('labels agents whose state the console set itself (cc_agent)', async () => {
    const bridge = createFakeBridge({
      getSession: session({ system: 'ccagent', capabilities: ['agent-pause', 'roster', 'check-in'] }),
      getFloor: floorState({ agents: [agent(1, { origin: 'console' })], calls: [], entries: [] }),
    });
    const { wrapper } = await mountWith(App, bridge);
    expect(wrapper.get('[data-testid="console-origin-note"]').text()).toContain('not read from the PBX');
    expect(wrapper.get('[data-testid="row-agent"]').attributes('data-id')).toBe('a1');
  });

  it('names a global shortcut the OS refused, and re-reads it after a settings change', async () => {
    const info = { host: 'electron', version: '0.1.0', nativeNotifications: true, globalShortcuts: true, secretsEncrypted: true };
    const bridge = createFakeBridge({ getAppInfo: { ...info, shortcutProblems: [{ action: 'barge', accelerator: 'CommandOrControl+Alt+B' }] } });
    const { wrapper } = await mountWith(App, bridge);
    expect(wrapper.get('[data-testid="shortcut-problem"]').text()).toContain('CommandOrControl+Alt+B');
    bridge.fns.getAppInfo.mockResolvedValueOnce({ ok: true, data: { ...info, shortcutProblems: [] } });
    bridge.emit('settings:changed', defaultSettings());
    await flushPromises();
    expect(wrapper.find('[data-testid="shortcut-problem"]').exists()).toBe(false);
  });
});
