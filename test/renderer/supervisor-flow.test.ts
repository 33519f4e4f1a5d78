// The supervisor's flow in the console (issue 14 points 9, 10 and 13): keys act on the focused panel's
// selection (an agent stands for the call they are on), P is confirmed and undoable, repeat abandoned
// callers are one row with a count, handled callers are hidden by default and a mark can be undone from its
// toast, and the Connect screen names the field a request cannot carry.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { AbandonedCall } from '../../common/domain';
import App from '../../renderer/src/App.vue';
import { agent, call, createFakeBridge, floorState, NOW, session, type FakeBridge } from './fake-bridge';
import { mountWith } from './mount-app';

let bridge: FakeBridge;
let wrapper: VueWrapper;

afterEach(() => {
  wrapper?.unmount();
  document.body.innerHTML = '';
});

function press(key: string): void {
  window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

const focus = (panel: string) => (wrapper.get(`[data-testid="panel-${panel}"]`).element as HTMLElement).focus();
const toastTexts = () => wrapper.findAll('[data-testid="toast"]').map((t) => t.text());

const record = (id: string, number: string, abandonedAt: number, over: Partial<AbandonedCall> = {}): AbandonedCall => ({
  id, callId: id.split(':')[0]!, number, queueId: 'q1', queueName: 'Sales', waitedSec: 30, joinedAt: abandonedAt - 30_000, abandonedAt,
  handled: false, handledAt: null, calledBackAt: null, ...over,
});

describe('actions act on the focused panel', () => {
  async function mountFloor(): Promise<void> {
    // a1 is on call c1, a2 is available; c2 is another call, selected in Live calls first.
    const state = floorState({
      calls: [call(1), call(2)],
      agents: [agent(1, { state: 'on-call', callId: 'c1' }), agent(2)],
    });
    bridge = createFakeBridge({ getFloor: state });
    ({ wrapper } = await mountWith(App, bridge));
  }

  it("L with the Agents panel focused listens to the selected agent's call, not the call selected in Live calls", async () => {
    await mountFloor();
    await wrapper.get('[data-testid="row-call"][data-id="c2"]').trigger('click');
    focus('agents');
    await wrapper.get('[data-testid="row-agent"][data-id="a1"]').trigger('click');
    await flushPromises();
    expect(bridge.fns.setSelection).toHaveBeenLastCalledWith({ panel: 'agents', id: 'a1' });
    press('l');
    await flushPromises();
    expect(bridge.fns.actOnCall).toHaveBeenCalledExactlyOnceWith({ callId: 'c1', action: 'listen' });
  });

  it('says so, and sends nothing, when the selected agent is on no call or nothing is selected', async () => {
    await mountFloor();
    await wrapper.get('[data-testid="row-call"][data-id="c2"]').trigger('click');
    focus('agents');
    await wrapper.get('[data-testid="row-agent"][data-id="a2"]').trigger('click');
    press('b');
    await flushPromises();
    expect(bridge.fns.actOnCall).not.toHaveBeenCalled();
    expect(toastTexts().at(-1)).toContain('Agent 00002 is not on a call');
    focus('queues');
    press('w');
    await flushPromises();
    expect(bridge.fns.actOnCall).not.toHaveBeenCalled();
    expect(toastTexts().at(-1)).toMatch(/select a call in Live calls \(2\)/);
  });

  it('marks only the focused panel active, so only its selection is drawn as active', async () => {
    await mountFloor();
    await wrapper.get('[data-testid="row-call"][data-id="c2"]').trigger('click');
    focus('agents');
    await wrapper.get('[data-testid="row-agent"][data-id="a1"]').trigger('click');
    await flushPromises();
    const active = wrapper.findAll('section.panel.active').map((p) => p.attributes('data-panel'));
    expect(active).toEqual(['agents']);
    // The call stays remembered (aria-selected) in the panel the supervisor left.
    expect(wrapper.get('[data-testid="row-call"][data-id="c2"]').attributes('aria-selected')).toBe('true');
  });

  it('P in Live calls pauses the agent on the selected call, after Enter; Undo in the toast (U) resumes them', async () => {
    await mountFloor();
    focus('calls');
    await wrapper.get('[data-testid="row-call"][data-id="c1"]').trigger('click');
    press('p');
    await flushPromises();
    expect(wrapper.get('[data-testid="pause-confirm-dialog"]').text()).toContain('Agent 00001');
    expect(wrapper.get('[data-testid="pause-confirm-dialog"]').text()).toContain('TEL4VN pauses an agent without a reason');
    expect(bridge.fns.pauseAgent).not.toHaveBeenCalled();
    await wrapper.get('[data-testid="pause-confirm"]').trigger('click');
    await flushPromises();
    expect(bridge.fns.pauseAgent).toHaveBeenCalledExactlyOnceWith({ agentId: 'a1' });
    expect(wrapper.get('[data-testid="toast"][data-phase="done"]').find('[data-testid="toast-undo"]').exists()).toBe(true);
    press('u');
    await flushPromises();
    expect(bridge.fns.resumeAgent).toHaveBeenCalledExactlyOnceWith({ agentId: 'a1' });
    // Esc on the confirm sends nothing.
    press('p');
    await flushPromises();
    press('Escape');
    await flushPromises();
    expect(wrapper.find('[data-testid="pause-confirm-dialog"]').exists()).toBe(false);
    expect(bridge.fns.pauseAgent).toHaveBeenCalledTimes(1);
  });
});

describe('the abandoned list all day', () => {
  const repeat = '0909111222';
  function abandonedFloor(): AbandonedCall[] {
    return [
      record('r1:1', repeat, NOW - 300_000),
      record('o1:1', '0912000333', NOW - 200_000),
      record('r2:1', repeat, NOW - 100_000 + 7000),
      record('h1:1', '0913000444', NOW - 50_000, { handled: true, handledAt: NOW - 40_000 }),
    ];
  }

  it('groups a repeat caller on one row with the count and the last time to the second; handled callers hidden', async () => {
    const state = floorState();
    state.abandoned = abandonedFloor();
    bridge = createFakeBridge({ getFloor: state });
    ({ wrapper } = await mountWith(App, bridge));
    const rows = wrapper.findAll('[data-testid="row-abandoned"]');
    expect(rows.map((r) => r.attributes('data-id'))).toEqual([repeat, '0912000333']);
    expect(rows[0]!.attributes('data-count')).toBe('2');
    expect(rows[0]!.get('[data-testid="abandoned-attempts"]').text()).toContain('×2');
    const last = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(NOW - 100_000 + 7000);
    expect(rows[0]!.text()).toContain(last);
    expect(wrapper.get('[data-testid="unhandled-count"]').text()).toContain('2 to call back');
  });

  it('calls back the caller\'s newest record, and marks handled with an Undo that restores exactly what was marked', async () => {
    const state = floorState();
    state.abandoned = abandonedFloor();
    const marked = state.abandoned.filter((a) => a.number === repeat).map((a) => ({ ...a, handled: true, handledAt: NOW }));
    bridge = createFakeBridge({ getFloor: state, markHandled: marked, unmarkHandled: marked.map((a) => ({ ...a, handled: false, handledAt: null })) });
    ({ wrapper } = await mountWith(App, bridge));
    focus('abandoned');
    press('j');
    press('c');
    await flushPromises();
    expect(bridge.fns.callBack).toHaveBeenCalledExactlyOnceWith({ id: 'r2:1' });
    press('h');
    await flushPromises();
    expect(bridge.fns.markHandled).toHaveBeenCalledExactlyOnceWith({ id: 'r2:1' });
    // Hidden once handled (the list would otherwise grow all day) ...
    expect(wrapper.findAll('[data-testid="row-abandoned"]').map((r) => r.attributes('data-id'))).toEqual(['0912000333']);
    // ... and back with the toast's Undo.
    await wrapper.get('[data-testid="toast-undo"]').trigger('click');
    await flushPromises();
    expect(bridge.fns.unmarkHandled).toHaveBeenCalledExactlyOnceWith({ ids: marked.map((a) => a.id) });
    expect(wrapper.findAll('[data-testid="row-abandoned"]').map((r) => r.attributes('data-id'))).toEqual([repeat, '0912000333']);
  });

  it('C and H do nothing to the abandoned list while another panel is focused', async () => {
    bridge = createFakeBridge();
    ({ wrapper } = await mountWith(App, bridge));
    focus('abandoned');
    press('j');
    focus('calls');
    press('c');
    press('h');
    await flushPromises();
    expect(bridge.fns.callBack).not.toHaveBeenCalled();
    expect(bridge.fns.markHandled).not.toHaveBeenCalled();
    expect(toastTexts().at(-1)).toContain('Select a caller in Abandoned calls (4)');
  });
});

describe('the Connect screen names the field', () => {
  it('refuses a host without http:// before sending, names and marks the field, and clears it when retyped', async () => {
    bridge = createFakeBridge({ getSession: session({ state: 'disconnected', system: null, apiHost: null }) });
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="connect-api-host"]').setValue('pbx.example.com');
    await wrapper.get('[data-testid="connect-username"]').setValue('sup');
    await wrapper.get('[data-testid="connect-password"]').setValue('pw');
    await wrapper.get('[data-testid="connect-form"]').trigger('submit');
    await flushPromises();
    expect(bridge.fns.connect).not.toHaveBeenCalled();
    const error = wrapper.get('[data-testid="connect-error"]');
    expect(error.attributes('data-field')).toBe('apiHost');
    expect(error.text()).toContain('API host: start it with http:// or https://');
    expect(wrapper.get('[data-testid="connect-api-host"]').attributes('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(wrapper.get('[data-testid="connect-api-host"]').element);
    await wrapper.get('[data-testid="connect-api-host"]').setValue('https://pbx.example.com');
    expect(wrapper.find('[data-testid="connect-error"]').exists()).toBe(false);
  });

  it("shows main's refusal of a field the same way", async () => {
    bridge = createFakeBridge({ getSession: session({ state: 'disconnected', system: null, apiHost: null }) });
    bridge.fns.connect.mockResolvedValue({ ok: false, error: { code: 'INVALID_PAYLOAD', message: 'Invalid request', field: 'ownExtension' } });
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="connect-api-host"]').setValue('https://pbx.example.com');
    await wrapper.get('[data-testid="connect-username"]').setValue('sup');
    await wrapper.get('[data-testid="connect-password"]').setValue('pw');
    await wrapper.get('[data-testid="connect-form"]').trigger('submit');
    await flushPromises();
    expect(bridge.fns.connect).toHaveBeenCalledTimes(1);
    expect(wrapper.get('[data-testid="connect-error"]').text()).toContain('Your extension: digits only.');
  });
});
