// The Outbound view (O, or the view switcher): the queues main keeps with their progress and counts, a list previewed
// before anything is sent (refused rows by line, DNC rows), the send naming the rows and the queue, a
// confirmation naming the queue before stop / delete, the do-not-call panel; absent without the capability.
// Customer names beside numbers, and the agent menu's campaign login and user status.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboundPreview, OutboundQueueInfo } from '../../common/outbound';
import App from '../../renderer/src/App.vue';
import { ALL_CAPS, createFakeBridge, session, type FakeBridge } from './fake-bridge';
import { mountWith } from './mount-app';

let bridge: FakeBridge;
let wrapper: VueWrapper;
afterEach(() => {
  wrapper?.unmount();
  document.body.innerHTML = '';
});
const TEL4VN = { getSession: session({ capabilities: [...ALL_CAPS, 'outbound-queues', 'customer-directory', 'agent-login'] }) };
const press = (key: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

const QUEUE: OutboundQueueInfo = {
  key: 'autocall:AC-1', family: 'autocall', queueCode: 'AC-1', fields: { family: 'autocall', queueCode: 'AC-1', template: 'IVR-1' }, state: 'running',
  updatedAt: 1, rows: 997, sent: 997, succeeded: 995, failed: 2, dncDropped: 3, nextIndex: 997, resumable: false,
  progress: { dialled: 40, answered: 31, failed: 9, remaining: 955 }, lastError: null, dnc: 3, dncSentAt: null,
};
const PREVIEW: OutboundPreview = {
  rows: 1000, sendable: 995, first: [{ line: 2, id: 'C0', mobiles: ['0910000000'] }],
  problems: [{ line: 12, id: 'B0', severity: 'error', message: 'no valid phone number (12345)' }], problemCount: 1, refused: 1,
  dnc: [{ line: 5, id: 'C3' }], dncCount: 4, fileError: null, delimiter: ',', ignoredColumns: ['note'],
};

async function open(): Promise<void> {
  ({ wrapper } = await mountWith(App, bridge));
  press('o');
  await flushPromises();
}

describe('the Outbound view', () => {
  it('opens with O and shows each queue with its state, progress and counts', async () => {
    bridge = createFakeBridge({ ...TEL4VN, getOutbound: { queues: [QUEUE] } });
    await open();
    const row = wrapper.get('[data-testid="outbound-row"]');
    expect(row.attributes('data-state')).toBe('running');
    expect(row.get('[data-testid="outbound-state"]').text()).toBe('Running');
    expect(row.get('[data-testid="outbound-progress"]').text()).toBe('4 % dialled');
    expect(['dialled', 'answered', 'failed', 'remaining'].map((k) => row.get(`[data-testid="outbound-${k}"]`).text())).toEqual(['40', '31', '9', '955']);
    expect(row.get('[data-testid="outbound-sent"]').text()).toContain('995');
    // The view says the PBX lists no queues.
    expect(wrapper.get('[data-testid="outbound-view"]').text()).toContain('The PBX lists no outbound queues');
  });

  it('previews a file, names refused and DNC rows by line, and sends only when asked', async () => {
    bridge = createFakeBridge({ ...TEL4VN, getOutbound: { queues: [] }, previewOutboundList: PREVIEW, loadOutboundList: { ...QUEUE, state: 'loading' } });
    await open();
    await wrapper.get('[data-testid="outbound-queue-code"]').setValue('AC-1');
    await wrapper.get('[data-testid="outbound-template"]').setValue('IVR-1');
    const input = wrapper.get('[data-testid="outbound-file"]');
    const file = new File(['id,mobiles\nC0,0910000000\n'], 'list.csv', { type: 'text/csv' });
    Object.defineProperty(input.element, 'files', { value: [file] });
    await input.trigger('change');
    await flushPromises();
    expect(bridge.fns.previewOutboundList).toHaveBeenCalledWith({ family: 'autocall', queueCode: 'AC-1', csv: 'id,mobiles\nC0,0910000000\n' });
    expect(wrapper.get('[data-testid="outbound-preview-summary"]').text()).toContain('1,000 rows read: 995 to send, 1 refused, 4 on the do-not-call list.');
    expect(wrapper.get('[data-testid="outbound-problem"]').text()).toContain('12');
    expect(wrapper.get('[data-testid="outbound-dnc-row"]').text()).toContain('C3');
    expect(bridge.fns.loadOutboundList).not.toHaveBeenCalled();
    await wrapper.get('[data-testid="outbound-send"]').trigger('click');
    await flushPromises();
    expect(bridge.fns.loadOutboundList).toHaveBeenCalledWith({ queue: { family: 'autocall', queueCode: 'AC-1', template: 'IVR-1', maxRecallCount: 2 }, csv: 'id,mobiles\nC0,0910000000\n' });
    // When the load ends, the counts ("995 sent, 2 refused").
    bridge.emit('outbound:changed', { queues: [QUEUE] });
    await flushPromises();
    expect(wrapper.get('[data-testid="outbound-message"]').text()).toBe('AC-1: 997 sent, 2 refused by the PBX.');
  });

  it('in the browser, refuses a file larger than the web host takes in one message, before anything is sent', async () => {
    bridge = createFakeBridge({ ...TEL4VN, getOutbound: { queues: [] }, getAppInfo: { host: 'web', version: '0', nativeNotifications: false, globalShortcuts: false, secretsEncrypted: false } });
    await open();
    await wrapper.get('[data-testid="outbound-queue-code"]').setValue('AC-1');
    const input = wrapper.get('[data-testid="outbound-file"]');
    const big = `id,mobiles\n${'C1,0910000000\n'.repeat(320_000)}`;
    Object.defineProperty(input.element, 'files', { value: [new File([big], 'big.csv', { type: 'text/csv' })] });
    await input.trigger('change');
    await flushPromises();
    expect(wrapper.get('[data-testid="outbound-message"]').text()).toMatch(/^big\.csv \(4\.\d MiB\) is too large for the browser console/);
    expect(bridge.fns.previewOutboundList).not.toHaveBeenCalled();
  });

  it('asks before stopping or deleting, naming the queue and what happens', async () => {
    bridge = createFakeBridge({ ...TEL4VN, getOutbound: { queues: [QUEUE] } });
    await open();
    await wrapper.get('[data-testid="outbound-delete"]').trigger('click');
    expect(wrapper.get('[data-testid="outbound-confirm"]').text()).toContain('Delete queue AC-1 at the PBX? Customers not yet dialled are dropped');
    expect(bridge.fns.actOnOutboundQueue).not.toHaveBeenCalled();
    await wrapper.get('[data-testid="outbound-confirm-yes"]').trigger('click');
    await flushPromises();
    expect(bridge.fns.actOnOutboundQueue).toHaveBeenCalledWith({ family: 'autocall', queueCode: 'AC-1', action: 'delete' });
  });

  it('imports a do-not-call list for a queue', async () => {
    bridge = createFakeBridge({ ...TEL4VN, getOutbound: { queues: [QUEUE] }, importDoNotCall: { ...QUEUE, dnc: 5, added: 2, bad: [] } });
    await open();
    await wrapper.get('[data-testid="outbound-dnc"]').trigger('click');
    expect(wrapper.get('[data-testid="outbound-dnc-panel"]').text()).toContain('Not sent to the PBX yet');
    await wrapper.get('[data-testid="outbound-dnc-text"]').setValue('C7\nC8');
    await wrapper.get('[data-testid="outbound-dnc-import"]').trigger('click');
    await flushPromises();
    expect(bridge.fns.importDoNotCall).toHaveBeenCalledWith({ family: 'autocall', queueCode: 'AC-1', text: 'C7\nC8' });
    expect(wrapper.get('[data-testid="outbound-message"]').text()).toContain('2 added to the do-not-call list of AC-1 (5 in all).');
  });

  it('is a view of the switcher; without outbound queues it says why in one line and asks main nothing', async () => {
    bridge = createFakeBridge({ getSession: session({ system: 'evolux', capabilities: ['live-agents', 'agent-pause'] }) });
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="view-outbound"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="absent-outbound"]').text()).toBe("Evolux's API has no autodialer or autocall queues, so there are no call lists to load here (TEL4VN only).");
    expect(bridge.fns.getOutbound).not.toHaveBeenCalled();
    // Esc goes back to the floor.
    press('Escape');
    await flushPromises();
    expect(wrapper.find('[data-testid="outbound-view"]').exists()).toBe(false);
  });
});

describe('customer names', () => {
  it('shows the name beside a live call\'s number once main knows it', async () => {
    bridge = createFakeBridge(TEL4VN);
    ({ wrapper } = await mountWith(App, bridge));
    await new Promise((r) => setTimeout(r, 350));
    await flushPromises();
    const asked = bridge.fns.getCustomerNames.mock.calls.flatMap((c) => (c[0] as { numbers: string[] }).numbers);
    expect(asked.length).toBeGreaterThan(0);
    bridge.emit('customers:changed', { names: { [asked[0]!]: { number: asked[0]!, name: 'Khach Hang 01', code: 'KH01' } }, readAt: 1 });
    await flushPromises();
    expect(wrapper.findAll('[data-testid="customer-name"]').map((n) => n.text())).toContain('· Khach Hang 01');
  });
});

describe('campaign login and user status in the agent menu', () => {
  it('TEL4VN: logs the agent into a campaign after a confirmation naming both, and reads the user status', async () => {
    bridge = createFakeBridge({
      ...TEL4VN,
      loginAgent: { kind: 'agent-login', target: '101', at: 1 },
      getUserStatus: { userId: 'u1', username: 'agent.one', agentName: 'Agent One', extension: '101', extLoggedIn: false, userUuid: 'uuid-1', at: Date.now() },
    });
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="action-admin"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="admin-campaign-id"]').setValue('23406d2c-19e5-4f7b-a1ce-bfea5c2ff081');
    await wrapper.get('[data-testid="admin-login"]').trigger('click');
    expect(wrapper.get('[data-testid="admin-login-confirm"]').text()).toContain('into campaign 23406d2c-19e5-4f7b-a1ce-bfea5c2ff081? The agent starts paused.');
    expect(bridge.fns.loginAgent).not.toHaveBeenCalled();
    await wrapper.get('[data-testid="admin-login-yes"]').trigger('click');
    await flushPromises();
    expect(bridge.fns.loginAgent).toHaveBeenCalledWith({ extension: expect.stringMatching(/^\d+$/), campaignId: '23406d2c-19e5-4f7b-a1ce-bfea5c2ff081' });
    await wrapper.get('[data-testid="admin-user-status"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="admin-softphone"]').text()).toBe('not logged in');
  });

  it('elsewhere: one line says why there is no campaign login', async () => {
    bridge = createFakeBridge({ getSession: session({ system: 'evolux', capabilities: ['live-agents', 'agent-pause', 'agent-logoff'] }) });
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="action-admin"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="admin-campaign"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="admin-no-campaign"]').text()).toBe('Campaign login and user status: Evolux has no such API (TEL4VN only).');
  });
});
