// Queue filter chips (persisted as settings.queueFilter) and search narrow every panel; the supervisor's
// own extension can be changed from the status bar.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../renderer/src/App.vue';
import { agent, call, createFakeBridge, entry, floorState, queue, type FakeBridge } from './fake-bridge';
import { mountWith } from './mount-app';

let wrapper: VueWrapper;
let bridge: FakeBridge;
afterEach(() => wrapper.unmount());

async function open(): Promise<void> {
  // As on TEL4VN after the core's derivation: calls carry the queue id found in the queue monitor (or none:
  // outbound), agents the queues they and their campaign answered (or none yet).
  const state = floorState({
    calls: [call(1, { queueId: 'q1', queueName: 'Sales' }), call(2, { queueId: 'q2', queueName: 'Support' }), call(3, { queueId: null, queueName: null, direction: 'outbound' })],
    agents: [agent(1, { queues: ['q1'] }), agent(2, { queues: ['q2'] }), agent(3, { queues: [] })],
    entries: [entry(1, { queueId: 'q1' }), entry(2, { queueId: 'q2', queueName: 'Support' })],
  });
  state.snapshot.queues = [queue('q1', 'Sales'), queue('q2', 'Support')];
  bridge = createFakeBridge({ getFloor: state });
  ({ wrapper } = await mountWith(App, bridge));
}

const ids = (testid: string) => wrapper.findAll(`[data-testid="${testid}"]`).map((r) => r.attributes('data-id'));

describe('filters', () => {
  it('narrows calls, agents and waiting callers to the chosen queue and persists the choice', async () => {
    await open();
    expect(ids('row-call')).toHaveLength(3);
    await wrapper.get('[data-testid="queue-chip"][data-id="q2"]').trigger('click');
    await flushPromises();
    expect(bridge.fns.updateSettings).toHaveBeenCalledWith({ queueFilter: ['q2'], queueScope: 'mine' });
    // The outbound call and the agent of no known queue stay visible ("No queue" is on by default).
    expect(ids('row-call')).toEqual(['c2', 'c3']);
    expect(wrapper.get('[data-testid="row-call"][data-id="c3"] [data-testid="call-queue"]').text()).toBe('Other');
    expect(ids('row-agent').sort()).toEqual(['a2', 'a3']);
    expect(ids('row-waiting')).toEqual(['e2']);
    expect(ids('queue-card')).toEqual(['q2']);
    expect(wrapper.get('[data-testid="agent-summary"]').text()).toContain('My queues');
    await wrapper.get('[data-testid="queue-chip-other"]').trigger('click');
    await flushPromises();
    expect(ids('row-call')).toEqual(['c2']);
    expect(ids('row-agent')).toEqual(['a2']);
    // Q: the whole floor, my queues kept; Q again: back to them.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'q' }));
    await flushPromises();
    expect(bridge.fns.updateSettings).toHaveBeenLastCalledWith({ queueScope: 'all' });
    expect(ids('row-call')).toHaveLength(3);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'q' }));
    await flushPromises();
    expect(ids('row-call')).toEqual(['c2']);
    await wrapper.get('[data-testid="queue-chip-all"]').trigger('click');
    await flushPromises();
    expect(ids('row-call')).toHaveLength(3);
  });

  it('searches by number, name or extension', async () => {
    await open();
    await wrapper.get('[data-testid="search"]').setValue('Agent 00002');
    expect(ids('row-agent')).toEqual(['a2']);
    expect(ids('row-call')).toEqual(['c2']);
    await wrapper.get('[data-testid="search"]').setValue('1001');
    expect(ids('row-agent')).toEqual(['a1']);
  });

  it('saves a new own extension from the status bar, and refuses non-digits', async () => {
    await open();
    const input = wrapper.get('[data-testid="own-extension"]');
    await input.setValue('12a'); // setValue fires input and change
    expect(bridge.fns.updateSettings).not.toHaveBeenCalled();
    expect((input.element as HTMLInputElement).value).toBe('100');
    await input.setValue('205');
    expect(bridge.fns.updateSettings).toHaveBeenCalledExactlyOnceWith({ ownExtension: '205' });
  });

  it('hides handled abandoned callers unless asked, newest first either way', async () => {
    const state = floorState();
    const base = state.abandoned[0]!;
    state.abandoned = [
      { ...base, id: 'old:1', number: '0911000001', abandonedAt: base.abandonedAt - 60_000, handled: true },
      { ...base, id: 'new:1', number: '0911000002', abandonedAt: base.abandonedAt },
    ];
    bridge = createFakeBridge({ getFloor: state });
    ({ wrapper } = await mountWith(App, bridge));
    expect(ids('row-abandoned')).toEqual(['0911000002']);
    await wrapper.get('[data-testid="show-handled"]').setValue(true);
    expect(ids('row-abandoned')).toEqual(['0911000002', '0911000001']);
  });

  it('says it is waiting for data before the first picture, and that nothing matches under a filter', async () => {
    bridge = createFakeBridge({ getFloor: floorState({ calls: [] }) });
    bridge.fns.getFloor.mockImplementation(() => new Promise(() => {}));
    ({ wrapper } = await mountWith(App, bridge));
    expect(wrapper.get('[data-testid="panel-calls"] [data-testid="empty-note"]').text()).toContain('Waiting for the first data');
    bridge.emit('floor:reset', floorState({ calls: [] }));
    await flushPromises();
    expect(wrapper.get('[data-testid="panel-calls"] [data-testid="empty-note"]').text()).toContain('Nothing here right now');
    await wrapper.get('[data-testid="search"]').setValue('zzz');
    expect(wrapper.get('[data-testid="panel-calls"] [data-testid="empty-note"]').text()).toContain('Nothing matches');
  });
});
