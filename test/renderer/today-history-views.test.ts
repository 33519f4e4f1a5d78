// The Today (D) and History (R) views over the fake bridge: the day's figures per queue and the agents'
// today, sorted, an agent's pane opened from the table and closed with Esc, Esc back to the floor; the
// History search with main's paging (status in the request, PageDown for the next page), a record opened
// with its recording's address from main, a bad number refused in words; and the one-line absence on a PBX
// without call records. uPlot is replaced (happy-dom draws no canvas); the e2e suite runs the real one.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryPage } from '../../common/contract';
import type { AgentToday, CallRecord, TodayFigures, TodayState } from '../../common/domain';
import App from '../../renderer/src/App.vue';
import { ALL_CAPS, NOW, createFakeBridge, session, type FakeBridge } from './fake-bridge';
import { mountWith } from './mount-app';

vi.mock('uplot', () => ({
  default: class {
    static paths = { bars: () => () => null };
    setData(): void {}
    setSize(): void {}
    destroy(): void {}
  },
}));

let bridge: FakeBridge;
let wrapper: VueWrapper;
afterEach(() => {
  wrapper?.unmount();
  document.body.innerHTML = '';
});

const press = (key: string, target: EventTarget = window) => target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
const fig = (answered: number, abandoned: number): TodayFigures => ({
  offered: answered + abandoned, answered, abandoned, shortAbandoned: 0, answeredInSl: answered, serviceLevelPct: answered + abandoned ? (answered / (answered + abandoned)) * 100 : null,
  asaSec: 12, ahtSec: 180, abandonRatePct: 0, waiting: 0,
});
const TODAY: TodayState = {
  day: '2026-11-24', dayStart: NOW - 10 * 3_600_000, at: NOW, shortAbandonSec: 5, recordsAt: NOW - 3000, records: 120, catchingUp: false,
  queues: [
    { id: '', name: '', serviceLevelSec: 20, day: fig(90, 10), intervals: Array.from({ length: 48 }, (_, i) => fig(i < 20 ? 4 : 0, 0)) },
    { id: 'q1', name: 'Sales', serviceLevelSec: 20, day: fig(90, 10), intervals: [] },
  ],
};
const person = (agentId: string, name: string, answered: number, extra: Partial<AgentToday> = {}): AgentToday => ({
  agentId, name, extension: String(100 + answered), answered, missed: 0, talkSec: answered * 200, ahtSec: answered ? 200 : null, lastCallAt: NOW - 60_000,
  pauses: 1, pausedSec: 300, ...extra,
});
const AGENTS = [person('a1', 'Agent 00001', 3), person('a2', 'Agent 00002', 9), person('a3', 'Bùi Hữu Hạnh', 5)];
const HISTORY_CAPS = [...ALL_CAPS, 'call-history' as const];

const record = (i: number): CallRecord => ({
  id: `r${i}`, direction: 'inbound', extension: '1001', from: `090000000${i % 10}`, to: '19001919', destination: 'Sales', startedAt: NOW - i * 60_000,
  answeredAt: NOW - i * 60_000 + 8000, endedAt: NOW - i * 60_000 + 90_000, durationSec: 90, talkSec: 82, status: 'answered', statusText: 'ANSWERED',
  cause: 'NORMAL_CLEARING', customerId: null, hasRecording: i === 2,
});
const PAGE: HistoryPage = { records: Array.from({ length: 50 }, (_, i) => record(i + 1)), total: 120, page: 1, pageSize: 50, more: true, scanned: null };

describe('the Today view', () => {
  it('opens with D: the figures per queue, the agents busiest first, a pane per agent, Esc back', async () => {
    bridge = createFakeBridge({ getSession: session({ capabilities: HISTORY_CAPS }), getToday: TODAY, getAgentsToday: AGENTS });
    ({ wrapper } = await mountWith(App, bridge));
    press('d');
    await flushPromises();
    expect(wrapper.find('[data-testid="today-view"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="view-today"]').attributes('aria-current')).toBe('page');
    expect(wrapper.findAll('[data-testid="today-queue"]').map((r) => r.attributes('data-id'))).toEqual(['', 'q1']);
    expect(wrapper.get('[data-testid="today-basis"]').text()).toContain('120 records');
    expect(wrapper.get('[data-testid="today-sl"]').text()).toContain('90%');
    const names = () => wrapper.findAll('[data-testid="today-agent"]').map((r) => r.attributes('data-id'));
    expect(names()).toEqual(['a2', 'a3', 'a1']);
    await wrapper.get('[data-testid="sort-today-name"]').trigger('click');
    expect(names()).toEqual(['a1', 'a2', 'a3']);
    await wrapper.get('[data-testid="today-agent"][data-id="a3"] button').trigger('click');
    await flushPromises();
    const pane = wrapper.get('[data-testid="agent-today"]');
    expect(pane.get('[data-testid="agent-today-answered"] dd').text()).toBe('5');
    expect(pane.get('[data-testid="agent-today-paused"] dd').text()).toBe('5:00');
    press('Escape', pane.element);
    await flushPromises();
    expect(wrapper.find('[data-testid="agent-today"]').exists()).toBe(false);
    press('Escape');
    await flushPromises();
    expect(wrapper.find('[data-testid="today-view"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="view-floor"]').attributes('aria-current')).toBe('page');
  });

  it('says the figures are the floor hub\'s reading of the records when a hub read them', async () => {
    bridge = createFakeBridge({ getSession: session({ capabilities: HISTORY_CAPS }), getToday: { ...TODAY, recordsHub: 'A' }, getAgentsToday: AGENTS });
    ({ wrapper } = await mountWith(App, bridge));
    press('d');
    await flushPromises();
    expect(wrapper.get('[data-testid="today-basis"]').text()).toMatch(/^From the PBX's call records since midnight as floor hub A read them \(120 records, read .+\) and the live queue\.$/);
  });

  it('says in one line what is absent on a PBX without call records', async () => {
    bridge = createFakeBridge({ getSession: session({ system: 'evolux' }), getToday: { ...TODAY, queues: [], recordsAt: null, records: 0 }, getAgentsToday: [] });
    ({ wrapper } = await mountWith(App, bridge));
    press('d');
    await flushPromises();
    expect(wrapper.get('[data-testid="absent-today"]').text()).toBe(
      "Evolux's API has no call records: the day's queue figures, the charts and each agent's calls are absent; the pauses are the ones this console saw.",
    );
    press('r');
    await flushPromises();
    expect(wrapper.get('[data-testid="absent-history"]').text()).toContain('no call history to search');
    expect(bridge.fns.searchHistory).not.toHaveBeenCalled();
  });
});

describe('the History view', () => {
  it("shows the customer's name beside an inbound caller's and an outbound callee's number, never beside an extension", async () => {
    const outbound: CallRecord = { ...record(3), id: 'out1', direction: 'outbound', from: '1001', to: '0911222333' };
    const local: CallRecord = { ...record(4), id: 'loc1', direction: 'local', from: '1002', to: '1003' };
    bridge = createFakeBridge({
      getSession: session({ capabilities: [...HISTORY_CAPS, 'customer-directory'] }), getToday: TODAY, getAgentsToday: AGENTS,
      searchHistory: { ...PAGE, records: [record(1), outbound, local], total: 3, more: false },
    });
    ({ wrapper } = await mountWith(App, bridge));
    press('r');
    await flushPromises();
    await new Promise((r) => setTimeout(r, 350)); // the store gathers numbers before it asks main
    await flushPromises();
    const asked = bridge.fns.getCustomerNames.mock.calls.flatMap((c) => (c[0] as { numbers: string[] }).numbers);
    expect(asked).toEqual(expect.arrayContaining(['0900000001', '0911222333']));
    expect(asked).not.toContain('1001');
    expect(asked).not.toContain('1002');
    bridge.emit('customers:changed', {
      names: { '0900000001': { number: '0900000001', name: 'Khach Hang 01', code: 'KH01' }, '0911222333': { number: '0911222333', name: 'Trần Thị B', code: 'KH02' } },
      readAt: 1,
    });
    await flushPromises();
    const nameIn = (id: string) => wrapper.find(`[data-testid="history-row"][data-id="${id}"] [data-testid="customer-name"]`);
    expect(nameIn('r1').text()).toBe('· Khach Hang 01');
    expect(nameIn('out1').text()).toBe('· Trần Thị B');
    expect(nameIn('loc1').exists()).toBe(false);
  });

  it('searches today on R, pages with PageDown, filters by status in the request, plays a record from main', async () => {
    bridge = createFakeBridge({
      getSession: session({ capabilities: HISTORY_CAPS }), getToday: TODAY, getAgentsToday: AGENTS, searchHistory: PAGE,
      getRecording: { url: '/recordings/abcdefghijklmnopqrstuvwx', contentType: 'audio/wav', bytes: 32000 },
    });
    ({ wrapper } = await mountWith(App, bridge));
    press('d'); // Today first: the PBX's day comes from it
    await flushPromises();
    press('r');
    await flushPromises();
    const first = bridge.fns.searchHistory.mock.calls.at(-1)![0];
    expect(first).toEqual({ from: '2026-11-24', to: '2026-11-24', page: 1, pageSize: 50 });
    expect(wrapper.findAll('[data-testid="history-row"]')).toHaveLength(50);
    expect(wrapper.get('[data-testid="history-range"]').text()).toContain('1–50 of 120');
    // A status and a bad number: refused in words, nothing asked.
    await wrapper.get('[data-testid="history-status"]').setValue('cancel');
    await wrapper.get('[data-testid="history-phone"]').setValue('09x1');
    const asked = bridge.fns.searchHistory.mock.calls.length;
    await wrapper.get('[data-testid="history-form"]').trigger('submit');
    await flushPromises();
    expect(bridge.fns.searchHistory.mock.calls.length).toBe(asked);
    expect(wrapper.get('[data-testid="history-invalid"]').text()).toBe('Number: digits only (a leading + is fine).');
    await wrapper.get('[data-testid="history-phone"]').setValue('0900 000 001');
    await wrapper.get('[data-testid="history-form"]').trigger('submit');
    await flushPromises();
    expect(bridge.fns.searchHistory.mock.calls.at(-1)![0]).toMatchObject({ status: 'cancel', phone: '0900000001', page: 1 });
    // PageDown on the results asks main for the next page.
    press('PageDown', wrapper.get('[data-testid="history-row"]').element);
    await flushPromises();
    expect(bridge.fns.searchHistory.mock.calls.at(-1)![0]).toMatchObject({ page: 2 });
    // Enter on a row with a recording: its details and main's address for the bytes.
    const row = wrapper.get('[data-testid="history-row"][data-id="r2"]');
    press('Enter', row.element);
    await flushPromises();
    expect(bridge.fns.getRecording).toHaveBeenCalledWith({ id: 'r2' });
    expect(wrapper.get('[data-testid="history-details"]').attributes('data-id')).toBe('r2');
    expect(wrapper.get('[data-testid="history-audio"]').attributes('src')).toBe('/recordings/abcdefghijklmnopqrstuvwx');
  });
});
