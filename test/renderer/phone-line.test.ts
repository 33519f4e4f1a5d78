// The supervisor's own phone on screen (issue 14 points 1, 7, 11): the "your phone" line with the
// monitoring session ("Listening to Bùi Hữu Hạnh · 0:42") and call-back legs, the monitored call's row,
// listen / whisper / barge disabled with the reason while the phone is busy or not registered (a key is
// refused with it, nothing sent), the demo's hang-up, in three languages. Names and numbers as TEL4VN's
// seeds show them.
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OwnPhone } from '../../common/domain';
import { defaultSettings } from '../../common/settings';
import App from '../../renderer/src/App.vue';
import { call, createFakeBridge, floorState, NOW, session } from './fake-bridge';
import { mountWith } from './mount-app';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

const FREE: OwnPhone = { extension: '101', registration: 'registered', monitoring: null, legs: [], busy: false, ended: null };
const LISTENING: OwnPhone = {
  ...FREE,
  busy: true,
  monitoring: {
    callId: 'c1', mode: 'listen', agentId: 'a1', agentName: 'Bùi Hữu Hạnh', agentExtension: '107', customerNumber: '0914237383',
    since: NOW - 42_000, legSeen: true,
  },
};
const floor = () => floorState({ calls: [call(1, { agentName: 'Bùi Hữu Hạnh', extension: '107' }), call(2)] });
const button = (w: { get(s: string): { attributes(n: string): string | undefined } }, callId: string, action: string) =>
  w.get(`[data-testid="row-call"][data-id="${callId}"] [data-testid="action-${action}"]`);

describe('the monitoring session on screen', () => {
  it('shows which call the phone is on and for how long, on the line and on the row', async () => {
    const { wrapper } = await mountWith(App, createFakeBridge({ getFloor: floor(), getPhone: LISTENING }));
    const line = wrapper.get('[data-testid="phone-monitoring"]');
    expect(line.text()).toContain('Listening to Bùi Hữu Hạnh · 0:42');
    expect(line.attributes('title')).toContain('0914237383');
    expect(wrapper.get('[data-testid="phone-line"]').text()).toContain('hang up your phone to end');
    vi.advanceTimersByTime(2000);
    await flushPromises();
    expect(wrapper.get('[data-testid="phone-monitoring"]').text()).toContain('0:44');
    const row = wrapper.get('[data-testid="row-call"][data-id="c1"]');
    expect(row.attributes('data-monitored')).toBe('listen');
    expect(row.get('[data-testid="monitored-badge"]').text()).toContain('You listen');
    expect(wrapper.get('[data-testid="row-call"][data-id="c2"]').attributes('data-monitored')).toBeUndefined();
  });

  it('disables listen / whisper / barge with what to do, refuses a key without a request, and leaves transfer alone', async () => {
    const bridge = createFakeBridge({ getFloor: floor(), getPhone: LISTENING });
    const { wrapper } = await mountWith(App, bridge);
    for (const action of ['listen', 'whisper', 'barge']) {
      const b = button(wrapper, 'c2', action);
      expect(b.attributes('disabled')).toBeDefined();
      expect(b.attributes('title')).toContain('Your phone (101) is listening to Bùi Hữu Hạnh: hang up your phone first');
    }
    expect(button(wrapper, 'c2', 'transfer').attributes('disabled')).toBeUndefined();
    await wrapper.get('[data-testid="row-call"][data-id="c2"]').trigger('click');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'b' }));
    await flushPromises();
    expect(bridge.fns.actOnCall).not.toHaveBeenCalled();
    expect(wrapper.get('[data-testid="toast"]').text()).toContain('hang up your phone first, then barge again');

    // The session ends (main saw the leg go): the buttons come back, B barges.
    bridge.emit('phone:changed', FREE);
    await flushPromises();
    expect(wrapper.find('[data-testid="phone-line"]').exists()).toBe(false);
    expect(button(wrapper, 'c2', 'barge').attributes('disabled')).toBeUndefined();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'b' }));
    await flushPromises();
    expect(bridge.fns.actOnCall).toHaveBeenCalledWith({ callId: 'c2', action: 'barge' });
  });

  it("says which call when main refuses a leg as OWN_PHONE_BUSY", async () => {
    const bridge = createFakeBridge({ getFloor: floor(), getPhone: FREE });
    const { wrapper } = await mountWith(App, bridge);
    bridge.fns.actOnCall.mockImplementationOnce(async () => {
      bridge.emit('phone:changed', LISTENING);
      return { ok: false, error: { code: 'OWN_PHONE_BUSY', message: 'Your phone (101) is listening to ...' } };
    });
    await wrapper.get('[data-testid="row-call"][data-id="c2"]').trigger('click');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'w' }));
    await flushPromises();
    expect(wrapper.get('[data-testid="toast"]').text()).toContain('is listening to Bùi Hữu Hạnh: hang up your phone first, then whisper again');
  });

  it('says for a few seconds that the session ended, and why', async () => {
    const bridge = createFakeBridge({ getFloor: floor(), getPhone: LISTENING });
    const { wrapper } = await mountWith(App, bridge);
    bridge.emit('phone:changed', { ...FREE, ended: { callId: 'c1', mode: 'listen', agentName: 'Bùi Hữu Hạnh', reason: 'call-ended', at: NOW } });
    await flushPromises();
    const ended = wrapper.get('[data-testid="phone-ended"]');
    expect(ended.text()).toBe('Stopped listening to Bùi Hữu Hạnh: the call ended.');
    expect(wrapper.find('[data-testid="phone-monitoring"]').exists()).toBe(false);
    vi.advanceTimersByTime(11_000);
    await flushPromises();
    expect(wrapper.find('[data-testid="phone-line"]').exists()).toBe(false);
  });

  it('offers the demo a hang-up that ends it', async () => {
    const bridge = createFakeBridge({ getFloor: floor(), getPhone: LISTENING, getSession: session({ demo: true }), hangUpDemoPhone: FREE });
    const { wrapper } = await mountWith(App, bridge);
    await wrapper.get('[data-testid="phone-hang-up"]').trigger('click');
    await flushPromises();
    expect(bridge.fns.hangUpDemoPhone).toHaveBeenCalledOnce();
    expect(wrapper.find('[data-testid="phone-line"]').exists()).toBe(false);
  });

  it('has no demo hang-up on a real PBX', async () => {
    const { wrapper } = await mountWith(App, createFakeBridge({ getFloor: floor(), getPhone: LISTENING }));
    expect(wrapper.find('[data-testid="phone-hang-up"]').exists()).toBe(false);
  });
});

describe('the own extension not registered', () => {
  it('says so with what to do, and disables listen / whisper / barge and call back with that reason', async () => {
    const { wrapper } = await mountWith(App, createFakeBridge({ getFloor: floor(), getPhone: { ...FREE, registration: 'not-registered' } }));
    const badge = wrapper.get('[data-testid="phone-registration"]');
    expect(badge.text()).toContain('Your phone (101) is not registered');
    expect(wrapper.get('[data-testid="phone-line"]').text()).toContain('log it in');
    for (const action of ['listen', 'whisper', 'barge']) {
      expect(button(wrapper, 'c1', action).attributes('disabled')).toBeDefined();
      expect(button(wrapper, 'c1', action).attributes('title')).toContain('no softphone or desk phone logged in on extension 101');
    }
    expect(button(wrapper, 'c1', 'transfer').attributes('disabled')).toBeUndefined();
    expect(wrapper.get('[data-testid="action-callback"]').attributes('disabled')).toBeDefined();
  });

  it('names an extension the PBX does not know', async () => {
    const { wrapper } = await mountWith(App, createFakeBridge({ getPhone: { ...FREE, registration: 'no-such-extension' } }));
    expect(wrapper.get('[data-testid="phone-registration"]').text()).toContain('Extension 101 does not exist on the PBX');
  });
});

describe("the phone's own legs", () => {
  it('shows a call-back in progress on the phone line', async () => {
    const phone: OwnPhone = { ...FREE, busy: true, legs: [{ callId: 'cb1', state: 'ringing', direction: 'outbound', number: '0987654321', startedAt: NOW - 5000 }] };
    const { wrapper } = await mountWith(App, createFakeBridge({ getPhone: phone }));
    const leg = wrapper.get('[data-testid="phone-leg"]');
    expect(leg.text()).toContain('Calling 0987654321 · 0:05');
    expect(button(wrapper, 'c1', 'listen').attributes('title')).toContain('on a call with 0987654321');
  });
});

describe('in three languages', () => {
  it('speaks Vietnamese and Portuguese', async () => {
    const bridge = createFakeBridge({ getFloor: floor(), getPhone: LISTENING });
    const { wrapper } = await mountWith(App, bridge);
    bridge.emit('settings:changed', { ...defaultSettings(), locale: 'vi' });
    await flushPromises();
    expect(wrapper.get('[data-testid="phone-monitoring"]').text()).toContain('Đang nghe Bùi Hữu Hạnh · 0:42');
    bridge.emit('phone:changed', { ...FREE, registration: 'not-registered' });
    await flushPromises();
    expect(wrapper.get('[data-testid="phone-registration"]').text()).toContain('Máy của bạn (101) chưa đăng ký');
    bridge.emit('settings:changed', { ...defaultSettings(), locale: 'pt-BR' });
    await flushPromises();
    expect(wrapper.get('[data-testid="phone-registration"]').text()).toContain('Seu telefone (101) não está registrado');
  });
});
