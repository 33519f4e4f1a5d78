// A console on a floor hub in the renderer (issue 18): the header says whose picture it is, in words (the
// hub's, or its own polling while the hub is silent); the day's call records badge says they are the hub's
// reading, and the alert rules editor that the floor's alerts are the hub's rules' (en, vi, pt-BR); an abandoned caller claimed on another screen shows
// who is calling back and holds the Call back button; the Settings' Floor hub field checks what it stores
// and sends the desktop's NATS password to main only.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../renderer/src/App.vue';
import type { FloorClaim } from '../../common/domain';
import { applyLocale } from '../../renderer/src/i18n';
import { createFakeBridge, floorState, NOW, session, source } from './fake-bridge';
import { mountWith } from './mount-app';

let wrapper: VueWrapper;
afterEach(() => wrapper.unmount());

const claim: FloorClaim = { callId: 'c9:1', by: { user: 'sup-a', name: 'Nguyễn Văn A', extension: '721' }, state: 'calling-back', at: NOW };

describe('a console on a floor hub', () => {
  it('says in the header whether the picture is the hub\'s or its own polling', async () => {
    const bridge = createFakeBridge({ getSession: session({ hub: { floor: 'A', source: 'hub', since: NOW } }) });
    ({ wrapper } = await mountWith(App, bridge));
    const badge = () => wrapper.get('[data-testid="hub-source"]');
    expect(badge().text()).toContain('Floor hub A');
    expect(badge().attributes('data-source')).toBe('hub');
    bridge.emit('session:changed', session({ hub: { floor: 'A', source: 'own', since: NOW } }));
    await flushPromises();
    expect(badge().text()).toContain('Own polling · hub A silent');
    expect(badge().attributes('title')).toMatch(/went silent at .*polls the PBX itself/);
  });

  it('names the hub as the reader of the day\'s call records, in three languages', async () => {
    const records = { ...source('records', 'stale', NOW - 95_000), via: 'hub' as const };
    const bridge = createFakeBridge({
      getSession: session({ hub: { floor: 'A', source: 'hub', since: NOW } }),
      getFloor: floorState({ sources: [source('calls'), source('queue'), source('agents'), records] }),
    });
    ({ wrapper } = await mountWith(App, bridge));
    const badge = () => wrapper.get('[data-testid="source-records"]');
    expect(badge().attributes('data-via')).toBe('hub');
    expect(badge().text()).toMatch(/^◐\s*Call records \(hub A\): stale ·/);
    expect(badge().attributes('title')).toMatch(/^stale · updated .* · as floor hub A read them from the PBX, once for the whole floor$/);
    for (const [locale, words, title] of [
      ['vi', 'Lịch sử cuộc gọi (hub A)', 'theo lần hub tầng A đọc từ tổng đài'],
      ['pt-BR', 'Registros de chamadas (hub A)', 'como o hub do andar A os leu do PABX'],
    ] as const) {
      applyLocale(locale);
      await flushPromises();
      expect(badge().text()).toContain(words);
      expect(badge().attributes('title')).toContain(title);
    }
    applyLocale('en');
    // Polling the PBX itself: the console's own records, no hub named.
    bridge.emit('sources:changed', [source('calls'), source('queue'), source('agents'), source('records')]);
    await flushPromises();
    expect(badge().attributes('data-via')).toBeUndefined();
    expect(badge().text()).toMatch(/^●\s*Call records ·/);
  });

  it('says in the alert rules editor that the hub\'s rules make the floor\'s alerts, and what editing these does', async () => {
    const bridge = createFakeBridge({ getSession: session({ hub: { floor: 'A', source: 'hub', since: NOW } }) });
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="settings-button"]').trigger('click');
    const note = () => wrapper.get('[data-testid="rules-hub-note"]');
    expect(note().text()).toBe("On floor hub A the floor's alerts come from the hub's own rules (the settings in the hub's data folder), the same on every screen: changes made here do not reach them. These rules are this screen's: they watch your own phone, and the whole floor only while this screen polls the PBX itself because the hub is silent.");
    bridge.emit('session:changed', session({ hub: { floor: 'A', source: 'own', since: NOW } }));
    await flushPromises();
    expect(note().text()).toMatch(/ Hub A is silent now: these rules are the ones in force on this screen\.$/);
    applyLocale('vi');
    await flushPromises();
    expect(note().text()).toMatch(/^Trên hub tầng A, cảnh báo của tầng đến từ quy tắc riêng của hub.* Hub A đang im lặng/);
    applyLocale('pt-BR');
    await flushPromises();
    expect(note().text()).toMatch(/^No hub do andar A, os alertas do andar vêm das regras do próprio hub.* O hub A está em silêncio agora/);
    applyLocale('en');
    // Without a hub: no note.
    bridge.emit('session:changed', session({ hub: null }));
    await flushPromises();
    expect(wrapper.find('[data-testid="rules-hub-note"]').exists()).toBe(false);
  });

  it('shows who is calling a caller back and holds the button on the other screens', async () => {
    const bridge = createFakeBridge({ getSession: session({ hub: { floor: 'A', source: 'hub', since: NOW } }), getFloor: floorState(), getClaims: [claim] });
    ({ wrapper } = await mountWith(App, bridge));
    const row = wrapper.get('[data-testid="row-abandoned"]');
    expect(row.get('[data-testid="abandoned-claim"]').text()).toBe('Nguyễn Văn A (ext 721) is calling back');
    expect(row.get('[data-testid="action-callback"]').attributes('disabled')).toBeDefined();
    bridge.emit('claims:changed', [{ ...claim, state: 'handled' }]);
    await flushPromises();
    expect(wrapper.get('[data-testid="abandoned-claim"]').text()).toMatch(/^Called back by Nguyễn Văn A \(ext 721\) at /);
    // This screen's own claim says so, and leaves its button alone.
    bridge.emit('claims:changed', [{ ...claim, by: { user: 'sup-a', name: 'supervisor', extension: '100' } }]);
    await flushPromises();
    expect(wrapper.get('[data-testid="abandoned-claim"]').text()).toBe('You are calling back');
    bridge.emit('claims:changed', []);
    await flushPromises();
    expect(wrapper.find('[data-testid="abandoned-claim"]').exists()).toBe(false);
  });

  it('checks the Floor hub field, stores it with the settings and the password in main only', async () => {
    const bridge = createFakeBridge();
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="settings-button"]').trigger('click');
    await wrapper.get('[data-testid="hub-url"]').setValue('http://hub:4222');
    await wrapper.get('[data-testid="hub-floor"]').setValue('A.>');
    expect(wrapper.get('[data-testid="hub-save"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="floor-hub-settings"]').text()).toContain('nats://host:4222');
    await wrapper.get('[data-testid="hub-url"]').setValue('nats://10.0.0.5:4222');
    await wrapper.get('[data-testid="hub-floor"]').setValue('A');
    await wrapper.get('[data-testid="hub-user"]').setValue('sup-a');
    await wrapper.get('[data-testid="hub-password"]').setValue('s3cret');
    await wrapper.get('[data-testid="hub-save"]').trigger('submit');
    await flushPromises();
    expect(bridge.fns.setHubPassword).toHaveBeenCalledWith({ password: 's3cret' });
    expect(bridge.fns.updateSettings).toHaveBeenLastCalledWith({ floorHub: { url: 'nats://10.0.0.5:4222', floor: 'A', user: 'sup-a' } });
    expect(JSON.stringify(bridge.fns.updateSettings.mock.calls)).not.toContain('s3cret');
  });
});
