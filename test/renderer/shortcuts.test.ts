// The keyboard map: each key calls the right bridge function exactly once, a held key (event.repeat)
// does not re-send, keys typed into a field are ignored, and selection moves with arrows and j / k.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../renderer/src/App.vue';
import { agent, call, createFakeBridge, floorState, type FakeBridge } from './fake-bridge';
import { mountWith } from './mount-app';

let bridge: FakeBridge;
let wrapper: VueWrapper;

function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = window): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
}

beforeEach(async () => {
  bridge = createFakeBridge({
    getFloor: floorState({ calls: [call(1), call(2, { startedAt: Date.now() })], agents: [agent(1), agent(2, { state: 'paused' })] }),
  });
  ({ wrapper } = await mountWith(App, bridge));
});
afterEach(() => {
  wrapper.unmount();
  document.body.innerHTML = '';
});

describe('keyboard shortcuts', () => {
  it('barges into the selected call once, and a held key does not re-send', async () => {
    await wrapper.get('[data-testid="row-call"][data-id="c1"]').trigger('click');
    expect(bridge.fns.setSelection).toHaveBeenLastCalledWith({ panel: 'calls', id: 'c1' });
    press('b');
    await flushPromises(); // the first barge has settled: only the repeat guard can stop the next ones
    press('b', { repeat: true });
    press('b', { repeat: true });
    await flushPromises();
    expect(bridge.fns.actOnCall).toHaveBeenCalledExactlyOnceWith({ callId: 'c1', action: 'barge' });
    expect(wrapper.get('[data-testid="toast"]').text()).toContain('Barge');
    expect(wrapper.get('[data-testid="row-call"][data-id="c1"]').text()).toContain('✓');
    press('b'); // a fresh press is a new intent
    await flushPromises();
    expect(bridge.fns.actOnCall).toHaveBeenCalledTimes(2);
  });

  it('maps L and W to listen and whisper, and ignores keys with Ctrl', async () => {
    await wrapper.get('[data-testid="row-call"][data-id="c2"]').trigger('click');
    press('L');
    await flushPromises();
    press('w');
    press('b', { ctrlKey: true });
    await flushPromises();
    expect(bridge.fns.actOnCall.mock.calls.map((c) => c[0])).toEqual([
      { callId: 'c2', action: 'listen' },
      { callId: 'c2', action: 'whisper' },
    ]);
  });

  it('ignores shortcuts typed into an input', async () => {
    await wrapper.get('[data-testid="row-call"][data-id="c1"]').trigger('click');
    const search = wrapper.get('[data-testid="search"]').element as HTMLInputElement;
    search.focus();
    press('b', {}, search);
    press('p', {}, search);
    await flushPromises();
    expect(bridge.fns.actOnCall).not.toHaveBeenCalled();
    expect(bridge.fns.pauseAgent).not.toHaveBeenCalled();
  });

  it('moves the selection with arrows and j / k in the focused panel, then P pauses (confirmed) or resumes', async () => {
    (wrapper.get('[data-testid="panel-agents"]').element as HTMLElement).focus();
    // The default order puts the paused agent (a2) first.
    press('j');
    await flushPromises();
    expect(bridge.fns.setSelection).toHaveBeenLastCalledWith({ panel: 'agents', id: 'a2' });
    press('p');
    await flushPromises();
    expect(bridge.fns.resumeAgent).toHaveBeenCalledExactlyOnceWith({ agentId: 'a2' });
    press('ArrowDown');
    await flushPromises();
    press('P');
    await flushPromises();
    // TEL4VN pauses without a reason: P asks to confirm, the focused Pause button (Enter) sends it.
    expect(bridge.fns.pauseAgent).not.toHaveBeenCalled();
    const confirm = wrapper.get('[data-testid="pause-confirm"]');
    expect(document.activeElement).toBe(confirm.element);
    await confirm.trigger('click');
    await flushPromises();
    expect(bridge.fns.pauseAgent).toHaveBeenCalledExactlyOnceWith({ agentId: 'a1' });
    press('k');
    await flushPromises();
    expect(wrapper.get('[data-testid="row-agent"][data-id="a2"]').attributes('aria-selected')).toBe('true');
  });

  it('calls back the selected abandoned caller with C, and number keys switch panels', async () => {
    press('4');
    press('ArrowDown');
    press('c');
    await flushPromises();
    expect(bridge.fns.callBack).toHaveBeenCalledExactlyOnceWith({ id: 'c9:1' });
    press('2');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('panel-calls');
  });

  it('opens the transfer picker with T and transfers to a typed extension', async () => {
    await wrapper.get('[data-testid="row-call"][data-id="c1"]').trigger('click');
    press('t');
    await flushPromises();
    const input = wrapper.get('[data-testid="transfer-target"]');
    await input.setValue('205');
    await input.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(bridge.fns.actOnCall).toHaveBeenCalledExactlyOnceWith({ callId: 'c1', action: 'transfer', target: '205' });
    expect(wrapper.find('[data-testid="transfer-dialog"]').exists()).toBe(false);
  });

  it('shows the shortcut list with ? and closes it with Esc', async () => {
    press('?');
    await flushPromises();
    expect(wrapper.find('[data-testid="shortcuts-help"]').exists()).toBe(true);
    press('Escape');
    await flushPromises();
    expect(wrapper.find('[data-testid="shortcuts-help"]').exists()).toBe(false);
  });

  it('obeys a selection asked by main (a notification click)', async () => {
    bridge.emit('ui:select', { panel: 'abandoned', id: 'c9:1' });
    await flushPromises();
    // Main names the record; the panel's row is its caller's.
    expect(wrapper.get('[data-testid="row-abandoned"]').attributes('data-id')).toBe('0987654321');
    expect(wrapper.get('[data-testid="row-abandoned"]').attributes('aria-selected')).toBe('true');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('panel-abandoned');
  });
});
