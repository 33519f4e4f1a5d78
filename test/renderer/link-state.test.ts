// What the console says and allows when its data is not live (issue 14 point 12): the header names the
// PBX or the Floorwatch host as unreachable instead of a green "Connected", durations on stale rows stop
// counting, action buttons and keys wait for live data with the reason, and the transfer picker's agent
// states follow the floor while it is open.
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../common/settings';
import App from '../../renderer/src/App.vue';
import { agent, call, createFakeBridge, floorState, NOW, source } from './fake-bridge';
import { mountWith } from './mount-app';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

const LOST = { code: 'HOST_UNREACHABLE' as const, message: 'host gone' };
const sourcesIn = (state: 'live' | 'stale' | 'backoff' | 'offline', at = NOW - 9_000) =>
  ['calls', 'queue', 'agents'].map((id) => source(id, state, at));

describe('the header', () => {
  it('says Connected while every source is live', async () => {
    const { wrapper } = await mountWith(App, createFakeBridge());
    const badge = wrapper.get('[data-testid="session-state"]');
    expect(badge.attributes('data-link')).toBe('ok');
    expect(badge.text()).toBe('Connected');
    expect(badge.classes()).toContain('tone-ok');
  });

  it('says "PBX unreachable" in red, not "Connected", when every PBX source fails', async () => {
    const bridge = createFakeBridge();
    const { wrapper } = await mountWith(App, bridge);
    bridge.emit('sources:changed', [source('calls', 'offline', NOW - 9_000), source('queue', 'backoff', NOW - 9_000), source('agents', 'offline', NOW - 9_000)]);
    await flushPromises();
    const badge = wrapper.get('[data-testid="session-state"]');
    expect(badge.attributes('data-link')).toBe('pbx-unreachable');
    expect(badge.text()).toContain('PBX unreachable');
    expect(badge.text()).not.toContain('Connected');
    expect(badge.classes()).toContain('tone-bad');
    expect(badge.attributes('title')).toContain('last data received');
    bridge.emit('sources:changed', sourcesIn('live', NOW));
    await flushPromises();
    expect(wrapper.get('[data-testid="session-state"]').text()).toBe('Connected');
  });

  it('says "Floorwatch host unreachable", distinct from the PBX, when the page lost its host', async () => {
    const bridge = createFakeBridge();
    const { wrapper } = await mountWith(App, bridge);
    bridge.emit('sources:changed', sourcesIn('offline').map((s) => ({ ...s, lastError: LOST })));
    await flushPromises();
    const badge = wrapper.get('[data-testid="session-state"]');
    expect(badge.attributes('data-link')).toBe('host-unreachable');
    expect(badge.text()).toContain('Floorwatch host unreachable');
    expect(badge.text()).not.toContain('PBX');
  });

  it('says some data is stale when one source is behind, naming it', async () => {
    const bridge = createFakeBridge();
    const { wrapper } = await mountWith(App, bridge);
    bridge.emit('sources:changed', [source('calls', 'stale', NOW - 3_000), source('queue'), source('agents')]);
    await flushPromises();
    const badge = wrapper.get('[data-testid="session-state"]');
    expect(badge.attributes('data-link')).toBe('partial');
    expect(badge.classes()).toContain('tone-warn');
    expect(badge.attributes('title')).toContain('Calls');
  });

  it('speaks the three languages', async () => {
    const bridge = createFakeBridge();
    const { wrapper } = await mountWith(App, bridge);
    bridge.emit('sources:changed', sourcesIn('offline'));
    for (const [locale, words] of [['vi', 'Không kết nối được tổng đài'], ['pt-BR', 'PABX inacessível']] as const) {
      bridge.emit('settings:changed', { ...defaultSettings(), locale });
      await flushPromises();
      expect(wrapper.get('[data-testid="session-state"]').text()).toContain(words);
    }
  });
});

describe('stale rows', () => {
  it('stop counting while their panel is stale, and count again when it is live', async () => {
    const bridge = createFakeBridge();
    const { wrapper } = await mountWith(App, bridge);
    const duration = () => wrapper.get('[data-testid="row-call"][data-id="c1"]').findAll(':scope > span')[5]!.text();
    expect(duration()).toContain('2:04');
    // The calls source went stale 2 s from now; its last good data was at NOW + 1 s.
    vi.advanceTimersByTime(2000);
    bridge.emit('sources:changed', [source('calls', 'stale', NOW + 1000), source('queue'), source('agents')]);
    await flushPromises();
    expect(duration()).toContain('2:05');
    vi.advanceTimersByTime(10_000);
    await flushPromises();
    expect(duration()).toContain('2:05'); // frozen at the last good data, not 2:16
    // The agents panel stays live: its time in state goes on.
    const agentTime = wrapper.get('[data-testid="row-agent"][data-id="a1"]').findAll(':scope > span')[3]!.text(); // name, state, reason, time
    expect(agentTime).toContain('1:17');
    bridge.emit('sources:changed', sourcesIn('live', Date.now()));
    await flushPromises();
    expect(duration()).toContain('2:16');
  });

  it('disable their action buttons with the reason, and a key press is refused without a request', async () => {
    const bridge = createFakeBridge({
      getFloor: floorState({ sources: [source('calls', 'stale', NOW - 12_000), source('queue', 'offline', NOW - 12_000), source('agents', 'backoff', NOW - 12_000)] }),
    });
    const { wrapper } = await mountWith(App, bridge);
    const listen = wrapper.get('[data-testid="row-call"][data-id="c1"] [data-testid="action-listen"]');
    expect(listen.attributes('disabled')).toBeDefined();
    expect(listen.attributes('title')).toContain('not up to date');
    expect(wrapper.get('[data-testid="row-agent"][data-id="a1"] [data-testid="action-pause"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="action-callback"]').attributes('disabled')).toBeDefined();
    // Marking handled is the console's own: it stays.
    expect(wrapper.get('[data-testid="action-handled"]').attributes('disabled')).toBeUndefined();

    await wrapper.get('[data-testid="row-call"][data-id="c1"]').trigger('click');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'l' }));
    await flushPromises();
    expect(bridge.fns.actOnCall).not.toHaveBeenCalled();
    const toast = wrapper.get('[data-testid="toast"]');
    expect(toast.attributes('data-phase')).toBe('error');
    expect(toast.text()).toContain('Live calls are not up to date');

    bridge.emit('sources:changed', sourcesIn('live', NOW));
    await flushPromises();
    expect(wrapper.get('[data-testid="row-call"][data-id="c1"] [data-testid="action-listen"]').attributes('disabled')).toBeUndefined();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'l' }));
    await flushPromises();
    expect(bridge.fns.actOnCall).toHaveBeenCalledWith({ callId: 'c1', action: 'listen' });
  });
});

describe('the transfer picker', () => {
  it('shows each agent state as it is now, not as it was when the picker opened', async () => {
    const bridge = createFakeBridge({ getFloor: floorState({ agents: [agent(1, { callId: 'c1', state: 'on-call' }), agent(2)], calls: [call(1)] }) });
    const { wrapper } = await mountWith(App, bridge);
    await wrapper.get('[data-testid="row-call"][data-id="c1"]').trigger('click');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 't' }));
    await flushPromises();
    const state = () => wrapper.get('[data-testid="transfer-option"][data-ext="1002"]').get('[data-testid="transfer-option-state"]');
    expect(state().attributes('data-state')).toBe('available');
    const empty = { upsert: [], remove: [] };
    bridge.emit('floor:changed', {
      seq: 2, baseSeq: 1, at: NOW + 1000, calls: empty, queueEntries: empty, queues: empty,
      agents: { upsert: [agent(2, { state: 'ringing', callId: 'c7' })], remove: [] },
    });
    await flushPromises();
    expect(state().attributes('data-state')).toBe('ringing');
    expect(state().text()).toContain('Ringing');
    expect(wrapper.find('[data-testid="transfer-dialog"]').exists()).toBe(true);
  });
});
