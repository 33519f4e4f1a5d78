// In the browser host the page raises one Notification per abandoned call (never twice; it remembers the
// last MAX_SHOWN it showed, more than a big floor's day), asks for the permission only from a click and only
// once, and stays silent where main notifies natively.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AbandonedCall } from '../../common/domain';
import App from '../../renderer/src/App.vue';
import { MAX_SHOWN } from '../../renderer/src/stores/web-notifications';
import { createFakeBridge, floorState, NOW, type FakeBridge } from './fake-bridge';
import { mountWith } from './mount-app';

const webHost = { host: 'web', version: '0.1.0', nativeNotifications: false, globalShortcuts: false, secretsEncrypted: false };
const abandoned: AbandonedCall = floorState().abandoned[0]!;

class FakeNotification {
  static permission: NotificationPermission = 'default';
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = 'granted';
    return 'granted' as NotificationPermission;
  });
  static shown: FakeNotification[] = [];
  onclick: (() => void) | null = null;
  constructor(
    public title: string,
    public options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  close(): void {}
}

let wrapper: VueWrapper;
let bridge: FakeBridge;
beforeEach(() => {
  FakeNotification.permission = 'default';
  FakeNotification.shown = [];
  FakeNotification.requestPermission.mockClear();
  localStorage.clear();
  vi.stubGlobal('Notification', FakeNotification);
});
afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
});

const abandonEvent = () => bridge.emit('floor:events', [{ type: 'call-abandoned', at: NOW, call: abandoned }]);

describe('web notifications', () => {
  it('stay silent for another queue\'s caller while scoped to my queues, and the title counts my queues', async () => {
    FakeNotification.permission = 'granted';
    const { defaultSettings } = await import('../../common/settings');
    bridge = createFakeBridge({ getAppInfo: webHost, getSettings: { ...defaultSettings(), queueFilter: ['q2'], queueScope: 'mine' } });
    ({ wrapper } = await mountWith(App, bridge));
    abandonEvent(); // Sales (q1)
    expect(FakeNotification.shown).toHaveLength(0);
    expect(document.title).toBe('Floorwatch');
    bridge.emit('floor:events', [{ type: 'call-abandoned', at: NOW, call: { ...abandoned, id: 'x:1', queueId: 'q2', queueName: 'Support' } }]);
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['Abandoned call in Support']);
  });

  it('asks for permission from a click, once, then notifies each abandoned call once', async () => {
    bridge = createFakeBridge({ getAppInfo: webHost });
    ({ wrapper } = await mountWith(App, bridge));
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    await wrapper.get('[data-testid="enable-notifications"]').trigger('click');
    await flushPromises();
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(wrapper.find('[data-testid="enable-notifications"]').exists()).toBe(false);

    abandonEvent();
    abandonEvent();
    expect(FakeNotification.shown).toHaveLength(1);
    expect(FakeNotification.shown[0]?.title).toBe('Abandoned call in Sales');
    expect(FakeNotification.shown[0]?.options.body).toContain('0987654321');

    FakeNotification.shown[0]?.onclick?.();
    await flushPromises();
    expect(wrapper.get(`[data-testid="row-abandoned"][data-id="${abandoned.number}"]`).attributes('aria-selected')).toBe('true');
  });

  it('remembers no more than MAX_SHOWN calls shown, however long the page stays open', async () => {
    FakeNotification.permission = 'granted';
    bridge = createFakeBridge({ getAppInfo: webHost });
    ({ wrapper } = await mountWith(App, bridge));
    abandonEvent();
    expect(FakeNotification.shown).toHaveLength(1);
    // A week of other abandoned calls, caught up from the records: one notification for them all.
    const week = Array.from({ length: MAX_SHOWN }, (_, i) => ({ ...abandoned, id: `w:${i}`, number: `09${String(i).padStart(8, '0')}` }));
    bridge.emit('floor:events', [{ type: 'abandoned-caught-up', at: NOW, calls: week }]);
    expect(FakeNotification.shown).toHaveLength(2);
    // The newest are still remembered; the first call was forgotten (before, every id was kept).
    bridge.emit('floor:events', [{ type: 'call-abandoned', at: NOW, call: week.at(-1)! }]);
    expect(FakeNotification.shown).toHaveLength(2);
    abandonEvent();
    expect(FakeNotification.shown).toHaveLength(3);
  });

  it('does not offer to ask again after the supervisor was asked once', async () => {
    localStorage.setItem('floorwatch.notificationPermissionAsked', '1');
    bridge = createFakeBridge({ getAppInfo: webHost });
    ({ wrapper } = await mountWith(App, bridge));
    expect(wrapper.find('[data-testid="enable-notifications"]').exists()).toBe(false);
  });

  it('leaves notifications to main in Electron', async () => {
    FakeNotification.permission = 'granted';
    bridge = createFakeBridge();
    ({ wrapper } = await mountWith(App, bridge));
    expect(wrapper.find('[data-testid="enable-notifications"]').exists()).toBe(false);
    abandonEvent();
    expect(FakeNotification.shown).toHaveLength(0);
  });
});
