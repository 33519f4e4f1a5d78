// The Outbound view (O, or the view switcher): the queues main keeps with their progress and counts, a list previewed
// before anything is sent (refused rows by line, DNC rows), the send naming the rows and the queue, a
// confirmation naming the queue before stop / delete, the do-not-call panel; absent without the capability.
// Customer names beside numbers, and the agent menu's campaign login and user status.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboundPreview, OutboundQueueInfo } from '../../common/outbound';
import App from '../../renderer/src/App.vue';
import { i18n } from '../../renderer/src/i18n';
import { agent, ALL_CAPS, createFakeBridge, floorState, session, type FakeBridge } from './fake-bridge';
import { mountWith } from './mount-app';

let bridge: FakeBridge;
let wrapper: VueWrapper;
afterEach(() => {
  i18n.global.locale.value = 'en';
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
  problems: [{ line: 12, id: 'B0', severity: 'error', reason: { code: 'no-valid-number', numbers: '12345' } }], problemCount: 1, refused: 1,
  dnc: [{ line: 5, id: 'C3' }], dncCount: 4, fileError: null, delimiter: ',', ignoredColumns: ['note'], sheets: [], sheet: null,
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

  it("shows another screen's queue on the floor hub read-only, naming whose it is, in each language", async () => {
    const shared: OutboundQueueInfo = { ...QUEUE, key: 'autocall:AC-2', queueCode: 'AC-2', sharedBy: { user: 'sup-a', name: 'Nguyễn Văn A', extension: '721' } };
    bridge = createFakeBridge({ ...TEL4VN, getOutbound: { queues: [QUEUE, shared] } });
    await open();
    const row = wrapper.get('[data-testid="outbound-row"][data-key="autocall:AC-2"]');
    expect(row.get('[data-testid="outbound-dialled"]').text()).toBe('40');
    expect(row.get('[data-testid="outbound-shared-by"]').text()).toBe("Loaded on Nguyễn Văn A (ext 721)'s screen (floor hub): its figures, read-only here.");
    expect(row.findAll('button')).toHaveLength(0);
    // This console's own queue keeps its buttons.
    expect(wrapper.get('[data-testid="outbound-row"][data-key="autocall:AC-1"]').find('[data-testid="outbound-stop"]').exists()).toBe(true);
    i18n.global.locale.value = 'vi';
    await flushPromises();
    expect(row.get('[data-testid="outbound-shared-by"]').text()).toContain('Nguyễn Văn A (máy 721)');
    i18n.global.locale.value = 'pt-BR';
    await flushPromises();
    expect(row.get('[data-testid="outbound-shared-by"]').text()).toContain('Nguyễn Văn A (ramal 721)');
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
    expect(wrapper.get('[data-testid="outbound-problem"]').text()).toBe('12B0✕ refused: no valid phone number (12345)');
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

  it("words each refusal reason main gives in the supervisor's language (en, vi, pt-BR), and a file main cannot read", async () => {
    const problems: OutboundPreview['problems'] = [
      { line: 3, id: 'A', severity: 'error', reason: { code: 'duplicate-id', line: 2 } },
      { line: 4, id: 'B', severity: 'warning', reason: { code: 'numbers-left-out', numbers: '0123, 99', count: 2 } },
      { line: 5, id: 'C D', severity: 'error', reason: { code: 'bad-id' } },
    ];
    bridge = createFakeBridge({ ...TEL4VN, getOutbound: { queues: [] }, previewOutboundList: { ...PREVIEW, problems, problemCount: 3, refused: 2 } });
    await open();
    await wrapper.get('[data-testid="outbound-queue-code"]').setValue('AC-1');
    const input = wrapper.get('[data-testid="outbound-file"]');
    Object.defineProperty(input.element, 'files', { value: [new File(['id,mobiles\n'], 'list.csv', { type: 'text/csv' })] });
    await input.trigger('change');
    await flushPromises();
    const why = () => wrapper.findAll('[data-testid="outbound-problem"]').map((r) => r.findAll('td')[2]!.text());
    expect(why()).toEqual([
      '✕ refused: the id is already on line 2',
      '⚠ sent without: invalid numbers left out: 0123, 99',
      '✕ refused: the id has characters the PBX does not take (letters, digits and _ . : @ - only)',
    ]);
    i18n.global.locale.value = 'vi';
    await flushPromises();
    expect(why()).toEqual([
      '✕ từ chối: mã này đã có ở dòng 2',
      '⚠ gửi nhưng bỏ: số không hợp lệ 0123, 99',
      expect.stringContaining('mã có ký tự mà tổng đài không nhận (chỉ chữ, số và _ . : @ -)'),
    ]);
    i18n.global.locale.value = 'pt-BR';
    await flushPromises();
    expect(why()[0]).toContain('o id já está na linha 2');
    expect(why()[1]).toContain('números inválidos deixados de fora: 0123, 99');
    // A file main cannot read names why, in the same language.
    bridge.fns.previewOutboundList.mockResolvedValueOnce({ ok: true, data: { ...PREVIEW, fileError: { code: 'no-columns', line: 1, missing: 'id', found: 'name, phone' } } });
    await wrapper.get('[data-testid="outbound-family"]').setValue('autodialer');
    await flushPromises();
    expect(wrapper.get('[data-testid="outbound-preview"]').text()).toContain('linha 1: o cabeçalho não tem coluna para id (encontradas: name, phone)');
  });

  it('sends an .xlsx list to main as its bytes (base64), for the same preview', async () => {
    bridge = createFakeBridge({ ...TEL4VN, getOutbound: { queues: [] }, previewOutboundList: { ...PREVIEW, delimiter: 'xlsx' } });
    await open();
    await wrapper.get('[data-testid="outbound-queue-code"]').setValue('AC-1');
    const input = wrapper.get('[data-testid="outbound-file"]');
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00]);
    Object.defineProperty(input.element, 'files', { value: [new File([bytes], 'Danh sách.xlsx', { type: '' })] });
    await input.trigger('change');
    await flushPromises();
    expect(bridge.fns.previewOutboundList).toHaveBeenCalledWith({ family: 'autocall', queueCode: 'AC-1', xlsx: Buffer.from(bytes).toString('base64') });
    expect(wrapper.get('[data-testid="outbound-preview-summary"]').text()).toContain('995 to send');
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

  it("shows a dialled callee as the console's list's customer, then by the PBX's name, which a list answer does not undo", async () => {
    bridge = createFakeBridge(TEL4VN);
    ({ wrapper } = await mountWith(App, bridge));
    await new Promise((r) => setTimeout(r, 350));
    await flushPromises();
    const number = bridge.fns.getCustomerNames.mock.calls.flatMap((c) => (c[0] as { numbers: string[] }).numbers)[0]!;
    const labels = () => wrapper.findAll('[data-testid="customer-name"]').map((n) => n.text());
    const inList = { number, name: '', code: 'C12', list: 'OUT-1' };
    bridge.emit('customers:changed', { names: { [number]: inList }, readAt: 1 });
    await flushPromises();
    expect(labels()).toContain('· C12 (OUT-1)');
    const label = wrapper.findAll('[data-testid="customer-name"]').find((n) => n.text() === '· C12 (OUT-1)')!;
    expect(label.element.parentElement?.getAttribute('title')).toBe(`${number} · C12 — customer C12 of the list this console loaded into queue OUT-1`);
    bridge.emit('customers:changed', { names: { [number]: { number, name: 'Khach Hang 01', code: 'KH01' } }, readAt: 2 });
    await flushPromises();
    expect(labels()).toContain('· Khach Hang 01');
    bridge.emit('customers:changed', { names: { [number]: inList }, readAt: 3 });
    await flushPromises();
    expect(labels()).toContain('· Khach Hang 01');
    expect(labels()).not.toContain('· C12 (OUT-1)');
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

describe('campaign login for an agent who is logged out (the Agents panel)', () => {
  const directory = [
    { extension: '1001', userId: 'u1', username: 'agent1', enabled: true },
    { extension: '2001', userId: 'u21', username: 'lan.nguyen', enabled: true },
    { extension: '2002', userId: 'u22', username: 'binh.tran', enabled: true },
    { extension: '2003', userId: '', username: '', enabled: true },
    { extension: '2004', userId: 'u24', username: 'off.disabled', enabled: false },
    { extension: '2005', userId: 'u25', username: 'minh.offline', enabled: true },
  ];
  const CAMPAIGN = '23406d2c-19e5-4f7b-a1ce-bfea5c2ff081';

  it('offers only logged-out agents by name, picks with the keyboard, and logs in after a confirmation naming both', async () => {
    bridge = createFakeBridge({
      ...TEL4VN,
      getFloor: floorState({ agents: [agent(1, { campaign: CAMPAIGN }), agent(5, { extension: '2005', name: 'Minh (offline)', state: 'offline' })] }),
      listExtensions: directory,
      loginAgent: { kind: 'agent-login', target: '2002', at: 1 },
    });
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="open-campaign-login"]').trigger('click');
    await flushPromises();
    const dialog = wrapper.get('[data-testid="campaign-login-dialog"]');
    // Agent 1 is logged in (on the floor), 2003 has no user, 2004 is disabled: not offered. Sorted by name.
    expect(dialog.findAll('[data-testid="campaign-login-option"]').map((o) => o.attributes('data-ext'))).toEqual(['2002', '2001', '2005']);
    const input = dialog.get('[data-testid="campaign-login-agent"]');
    expect(document.activeElement).toBe(input.element);
    await input.setValue('n');
    await input.trigger('keydown', { key: 'ArrowDown' });
    expect(input.attributes('aria-activedescendant')).toBe('campaign-login-option-2001');
    await input.trigger('keydown', { key: 'ArrowUp' });
    await input.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(dialog.get('[data-testid="campaign-login-picked"]').text()).toBe('binh.tran (2002)');
    // The campaign field has the focus, filled with the floor's campaign.
    const field = dialog.get('[data-testid="campaign-login-campaign"]');
    expect(document.activeElement).toBe(field.element);
    expect((field.element as HTMLInputElement).value).toBe(CAMPAIGN);
    await field.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(dialog.get('[data-testid="campaign-login-confirm"]').text()).toContain(`Log binh.tran (2002) into campaign ${CAMPAIGN}? The agent starts paused.`);
    // The confirmation's button has the focus: Enter confirms.
    expect(document.activeElement).toBe(dialog.get('[data-testid="campaign-login-yes"]').element);
    expect(bridge.fns.loginAgent).not.toHaveBeenCalled();
    await dialog.get('[data-testid="campaign-login-yes"]').trigger('click');
    await flushPromises();
    expect(bridge.fns.loginAgent).toHaveBeenCalledWith({ extension: '2002', campaignId: CAMPAIGN });
    expect(dialog.get('[data-testid="campaign-login-done"]').text()).toBe(`binh.tran (2002) logged into ${CAMPAIGN}: the agent starts paused.`);
    // Esc closes it.
    press('Escape');
    await flushPromises();
    expect(wrapper.find('[data-testid="campaign-login-dialog"]').exists()).toBe(false);
  });

  it("says the PBX's refusal, and is not offered without campaign login", async () => {
    bridge = createFakeBridge({ ...TEL4VN, listExtensions: directory });
    bridge.fns.loginAgent.mockResolvedValueOnce({ ok: false, error: { code: 'CONFLICT', message: 'user is already logged in' } });
    ({ wrapper } = await mountWith(App, bridge));
    await wrapper.get('[data-testid="open-campaign-login"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="campaign-login-option"]').trigger('click');
    await wrapper.get('[data-testid="campaign-login-campaign"]').setValue('camp-1');
    await wrapper.get('[data-testid="campaign-login-submit"]').trigger('click');
    await wrapper.get('[data-testid="campaign-login-yes"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="campaign-login-error"]').text()).not.toBe('');
    wrapper.unmount();
    bridge = createFakeBridge({ getSession: session({ system: 'evolux', capabilities: ['live-agents', 'agent-pause'] }) });
    ({ wrapper } = await mountWith(App, bridge));
    expect(wrapper.find('[data-testid="open-campaign-login"]').exists()).toBe(false);
  });
});
