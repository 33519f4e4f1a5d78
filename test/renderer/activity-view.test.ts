// The Activity view (V): the audit records as time · action · agent and number · result, newest first,
// filtered by text, action and result, on the keyboard, and read again when an action finishes.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../common/domain';
import App from '../../renderer/src/App.vue';
import { createFakeBridge, type FakeBridge } from './fake-bridge';
import { mountWith } from './mount-app';

let bridge: FakeBridge;
let wrapper: VueWrapper;

afterEach(() => {
  wrapper?.unmount();
  document.body.innerHTML = '';
});

const press = (key: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
/** Records of today, at noon whatever the hour of the run (older days show their date before the time). */
const NOW = new Date().setHours(12, 0, 0, 0);
const base = { user: 'sup.lan', system: 'tel4vn', error: null, origin: 'renderer' } as const;
const RECORDS: AuditRecord[] = [
  { ...base, at: NOW - 1000, kind: 'barge', target: 'c7', detail: '900', ok: false, error: { code: 'OWN_PHONE_BUSY' as never, message: 'Your phone is on a call.' },
    subject: { agentName: 'Bùi Hữu Hạnh', extension: '101', number: '0901234567' } },
  { ...base, at: NOW - 60_000, kind: 'transfer', target: 'c7', detail: '105', ok: true, origin: 'global-shortcut',
    subject: { agentName: 'Bùi Hữu Hạnh', extension: '101', number: '0901234567', toExtension: '105' } },
  { ...base, at: NOW - 120_000, kind: 'call-back', target: 'c9:1', detail: '900 -> 0987654321', ok: true,
    subject: { agentName: null, extension: '900', number: '0987654321' } },
  // Written before records named their subject: the ids are all there is.
  { ...base, at: NOW - 180_000, kind: 'listen', target: 'c3', detail: '900', ok: true },
];

const rows = () => wrapper.findAll('[data-testid="activity-row"]');

describe('the Activity view', () => {
  it('opens with V and lists each record as time, action, agent and number, result', async () => {
    bridge = createFakeBridge({ listAudit: RECORDS });
    ({ wrapper } = await mountWith(App, bridge));
    press('v');
    await flushPromises();
    expect(bridge.fns.listAudit).toHaveBeenCalledWith({ limit: 500 });
    expect(wrapper.get('[data-testid="activity-view"]').attributes('aria-label')).toBe('Activity');
    const cells = rows().map((r) => r.findAll('td').map((c) => c.text()));
    const time = (at: number) => new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
    expect(cells[0]).toEqual([time(NOW - 1000), 'Barge', 'Bùi Hữu Hạnh 101 · 0901234567', expect.stringContaining('✕')]);
    expect(cells[1]).toEqual([time(NOW - 60_000), 'Transfer · global shortcut', 'Bùi Hữu Hạnh 101 · 0901234567 → 105', '✓ Done']);
    expect(cells[2]?.[2]).toBe('900 · 0987654321');
    expect(cells[3]?.[2]).toBe('c3 · 900');
    // The filter box has the focus: typing filters at once.
    expect(document.activeElement).toBe(wrapper.get('[data-testid="activity-filter"]').element);
  });

  it('filters by text, by action and by result, and says when nothing matches', async () => {
    bridge = createFakeBridge({ listAudit: RECORDS });
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="activity-button"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="activity-filter"]').setValue('0987654321');
    expect(rows().map((r) => r.attributes('data-kind'))).toEqual(['call-back']);
    await wrapper.get('[data-testid="activity-filter"]').setValue('');
    await wrapper.get('[data-testid="activity-kind"]').setValue('transfer');
    expect(rows().map((r) => r.attributes('data-kind'))).toEqual(['transfer']);
    await wrapper.get('[data-testid="activity-kind"]').setValue('');
    await wrapper.get('[data-testid="activity-result"]').setValue('failed');
    expect(rows().map((r) => r.attributes('data-kind'))).toEqual(['barge']);
    await wrapper.get('[data-testid="activity-filter"]').setValue('nobody');
    expect(wrapper.get('[data-testid="activity-empty"]').text()).toBe('Nothing matches the filter.');
  });

  it('reads again when an action finishes while it is open, and closes with Esc', async () => {
    bridge = createFakeBridge({ listAudit: RECORDS });
    ({ wrapper } = await mountWith(App, bridge));
    press('v');
    await flushPromises();
    expect(bridge.fns.listAudit).toHaveBeenCalledTimes(1);
    // A global shortcut's result arrives while the view is open.
    bridge.emit('action:done', { kind: 'listen', target: 'c1', result: { ok: true, data: { kind: 'listen', target: 'c1', at: NOW } } });
    await flushPromises();
    expect(bridge.fns.listAudit).toHaveBeenCalledTimes(2);
    press('Escape');
    await flushPromises();
    expect(wrapper.find('[data-testid="activity-view"]').exists()).toBe(false);
  });
});
