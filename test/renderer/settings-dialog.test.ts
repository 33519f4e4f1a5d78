// The settings dialog saves each field through updateSettings and shows main's refusal.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../renderer/src/App.vue';
import { createFakeBridge } from './fake-bridge';
import { mountWith } from './mount-app';

let wrapper: VueWrapper;
afterEach(() => wrapper.unmount());

describe('settings dialog', () => {
  it('saves a threshold, mutes alerts, shows a refusal and closes with Esc', async () => {
    const bridge = createFakeBridge();
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="settings-button"]').trigger('click');
    await wrapper.get('[data-testid="setting-longWaitSec"]').setValue('90');
    await flushPromises();
    expect(bridge.fns.updateSettings).toHaveBeenLastCalledWith({ longWaitSec: 90 });

    const before = Date.now();
    await wrapper.get('[data-testid="mute-15"]').trigger('click');
    const mute = bridge.fns.updateSettings.mock.lastCall?.[0] as { notifications: { muteUntil: number } };
    expect(mute.notifications.muteUntil).toBeGreaterThanOrEqual(before + 15 * 60_000);

    bridge.fns.updateSettings.mockResolvedValueOnce({ ok: false, error: { code: 'SETTINGS_INVALID', message: 'bad' } });
    await wrapper.get('[data-testid="setting-pollIntervalSec"]').setValue('99');
    await flushPromises();
    expect(wrapper.get('[data-testid="settings-error"]').text()).toContain('That setting is not valid.');
    expect((wrapper.get('[data-testid="setting-pollIntervalSec"]').element as HTMLInputElement).value).toBe('1');

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(wrapper.find('[data-testid="settings-dialog"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="settings-roster-set-aside"]').exists()).toBe(false);
  });

  it('says where a damaged roster was set aside', async () => {
    const file = 'roster.json.damaged-2026-11-24T03-00-00-000Z';
    const bridge = createFakeBridge({
      getRoster: { roster: { agents: [], pauseReasons: [], queues: [], devices: [] }, setAside: { file, at: 0, reason: 'it is not JSON' } },
    });
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="settings-button"]').trigger('click');
    await flushPromises();
    const notice = wrapper.get('[data-testid="settings-roster-set-aside"]').text();
    expect(notice).toContain(file);
    expect(notice).toContain('it is not JSON');
  });
});
