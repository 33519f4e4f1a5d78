// The connect screen: fields per system, the request it sends, errors translated by code with the
// PBX's own words, and the demo button.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../renderer/src/App.vue';
import { applyLocale } from '../../renderer/src/i18n';
import { createFakeBridge, ok, session, type FakeBridge } from './fake-bridge';
import { mountWith } from './mount-app';

const disconnected = session({ state: 'disconnected', system: null, user: null, capabilities: [] });
let wrapper: VueWrapper;
afterEach(() => {
  wrapper.unmount();
  applyLocale('en');
});

async function open(over: Record<string, unknown> = {}): Promise<FakeBridge> {
  const bridge = createFakeBridge({ getSession: disconnected, ...over });
  ({ wrapper } = await mountWith(App, bridge));
  return bridge;
}

describe('connect screen', () => {
  it('connects to TEL4VN with username and password, with the default PBX time zone', async () => {
    const bridge = await open();
    bridge.fns.connect.mockResolvedValueOnce(ok(session()));
    await wrapper.get('[data-testid="connect-api-host"]').setValue('https://pbx.example.vn');
    await wrapper.get('[data-testid="connect-username"]').setValue('sup');
    await wrapper.get('[data-testid="connect-password"]').setValue('pw');
    await wrapper.get('[data-testid="connect-form"]').trigger('submit');
    await flushPromises();
    expect(bridge.fns.connect).toHaveBeenCalledExactlyOnceWith({
      system: 'tel4vn',
      apiHost: 'https://pbx.example.vn',
      username: 'sup',
      password: 'pw',
      ownExtension: '',
      timezone: 'Asia/Ho_Chi_Minh',
      remember: false,
    });
    expect(wrapper.find('[data-testid="panel-calls"]').exists()).toBe(true);
  });

  it('asks Evolux for an API token only', async () => {
    const bridge = await open();
    await wrapper.get('[data-testid="connect-system"]').setValue('evolux');
    expect(wrapper.find('[data-testid="connect-username"]').exists()).toBe(false);
    await wrapper.get('[data-testid="connect-api-host"]').setValue('https://evolux.example.com');
    await wrapper.get('[data-testid="connect-api-key"]').setValue('tok');
    await wrapper.get('[data-testid="connect-form"]').trigger('submit');
    await flushPromises();
    expect(bridge.fns.connect.mock.calls[0]?.[0]).toMatchObject({ system: 'evolux', apiKey: 'tok' });
    expect(bridge.fns.connect.mock.calls[0]?.[0]).not.toHaveProperty('password');
  });

  it('shows a refused login in the chosen language, with what the PBX said', async () => {
    const bridge = await open();
    bridge.fns.connect.mockResolvedValueOnce({
      ok: false,
      error: { code: 'BAD_CREDENTIALS', message: 'refused', pbxMessage: 'invalid password' },
    });
    applyLocale('vi');
    await wrapper.get('[data-testid="connect-api-host"]').setValue('https://pbx.example.vn');
    await wrapper.get('[data-testid="connect-username"]').setValue('sup');
    await wrapper.get('[data-testid="connect-password"]').setValue('bad');
    await wrapper.get('[data-testid="connect-form"]').trigger('submit');
    await flushPromises();
    const error = wrapper.get('[data-testid="connect-error"]');
    expect(error.attributes('data-code')).toBe('BAD_CREDENTIALS');
    expect(error.text()).toContain('Tổng đài từ chối thông tin đăng nhập này.');
    expect(error.text()).toContain('invalid password');
    expect((wrapper.get('[data-testid="connect-password"]').element as HTMLInputElement).value).toBe('bad');
  });

  it('says the console tries again by itself when the PBX is in trouble, and shows the newest attempt\'s words', async () => {
    const bridge = await open();
    const trouble = { code: 'HTTP_ERROR' as const, message: 'trouble', pbxMessage: 'Lỗi hệ thống' };
    bridge.fns.connect.mockImplementationOnce(async () => {
      bridge.emit('session:changed', session({ state: 'error', error: trouble, retryAt: Date.now() + 1000 }));
      return { ok: false, error: trouble };
    });
    await wrapper.get('[data-testid="connect-api-host"]').setValue('https://pbx.example.vn');
    await wrapper.get('[data-testid="connect-username"]').setValue('sup');
    await wrapper.get('[data-testid="connect-password"]').setValue('pw');
    await wrapper.get('[data-testid="connect-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="connect-error"]').text()).toContain('Lỗi hệ thống');
    expect(wrapper.get('[data-testid="connect-retrying"]').text()).toBe('Floorwatch tries again by itself until the PBX answers.');
    // The next attempt, by the core, meets a refusal: that is what shows, and no more retrying.
    bridge.emit('session:changed', session({ state: 'error', error: { code: 'BAD_CREDENTIALS', message: 'refused' } }));
    await flushPromises();
    expect(wrapper.get('[data-testid="connect-error"]').attributes('data-code')).toBe('BAD_CREDENTIALS');
    expect(wrapper.find('[data-testid="connect-retrying"]').exists()).toBe(false);
  });

  it('starts the demo with one click', async () => {
    const bridge = await open();
    bridge.fns.connectDemo.mockResolvedValueOnce(ok(session({ demo: true })));
    await wrapper.get('[data-testid="connect-demo"]').trigger('click');
    await flushPromises();
    expect(bridge.fns.connectDemo).toHaveBeenCalledTimes(1);
    expect(wrapper.find('[data-testid="demo-badge"]').exists()).toBe(true);
  });
});
