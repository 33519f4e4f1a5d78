// What a change set costs the page, counted: the words on the rows' refused buttons are worked out once per
// change of the sources or the phone, not per button per row render (at 10,000 agents those translations
// were the largest part of a change set's render), and a forecast that moved only in what the band does
// not show re-renders no queue card. Counts, not times: each fails on the code before.
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComponentOptions } from 'vue';
import type { QueueForecast } from '../../common/alerts';
import type { Agent, ChangeSet, OwnPhone } from '../../common/domain';
import App from '../../renderer/src/App.vue';
import { applyLocale, i18n } from '../../renderer/src/i18n';
import { agent, ALL_CAPS, call, createFakeBridge, floorState, NOW, queue, session, source } from './fake-bridge';
import { useCustomersStore } from '../../renderer/src/stores/customers';
import { useSessionStore } from '../../renderer/src/stores/session';
import { mountWith } from './mount-app';

let renders = new Map<string, number>();
const counter: ComponentOptions = {
  updated(this: { $options: { __name?: string } }) {
    const name = this.$options.__name ?? '?';
    renders.set(name, (renders.get(name) ?? 0) + 1);
  },
};

const NOT_REGISTERED: OwnPhone = { extension: '900', registration: 'not-registered', monitoring: null, legs: [], busy: false, ended: null };

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

/** Changes of the agents table only. */
let seq = 1;
const agentChanges = (upsert: Agent[], remove: string[] = []): ChangeSet => {
  seq++;
  const none = { upsert: [], remove: [] };
  return { seq, baseSeq: seq - 1, at: NOW + seq, agents: { upsert, remove }, calls: none, queueEntries: none, queues: none };
};

describe('the work of a change set in the page', () => {
  it('the agents summary follows a change set by the agents it changed, with my queues on too, not by a walk of the floor', async () => {
    seq = 1;
    // Every read of an agent's queues is counted: the summary's scope check reads them.
    let reads = 0;
    const counting = (a: Agent): Agent => {
      let queues = a.queues;
      return Object.defineProperty(a, 'queues', { enumerable: true, get: () => (reads++, queues), set: (v: string[]) => (queues = v) });
    };
    const agents = Array.from({ length: 3000 }, (_, i) => counting(agent(i, { queues: i % 2 === 0 ? ['q1', 'q2'] : ['q3'] })));
    const bridge = createFakeBridge({ getFloor: floorState({ agents }) });
    await mountWith(App, bridge);
    await useSessionStore().updateSettings({ queueFilter: ['q1'], queueScope: 'mine' });
    await flushPromises();
    const summary = () => document.querySelector('[data-testid="agent-summary"]')?.textContent?.replace(/\s+/g, ' ').trim();
    expect(summary()).toMatch(/1,500/);

    reads = 0;
    bridge.emit('floor:changed', agentChanges([counting(agent(4, { state: 'paused', queues: ['q1', 'q2'] })), counting(agent(5, { state: 'paused', queues: ['q3'] }))], ['a6']));
    await flushPromises();
    expect(summary()).toMatch(/1,498/); // a4 paused, a6 gone; a5 is outside my queues
    // The changed rows' own reads (shared strings, the list's filter, the count); before, every agent's: 3,000 and more.
    expect(reads).toBeLessThan(100);
  });

  it('re-rendered call rows read their buttons\' refusals, worked out once, instead of translating them per button', async () => {
    const calls = Array.from({ length: 12 }, (_, i) => call(i));
    const bridge = createFakeBridge({ getFloor: floorState({ calls }), getPhone: NOT_REGISTERED });
    await mountWith(App, bridge, {}, [counter]);
    const listen = () => document.querySelector('[data-testid="row-call"][data-id="c3"] [data-testid="action-listen"]');
    expect(listen()?.getAttribute('title')).toMatch(/900/);
    expect(listen()?.hasAttribute('disabled')).toBe(true);

    const t = vi.spyOn(i18n.global, 't');
    renders = new Map();
    const cs: ChangeSet = {
      seq: 2, baseSeq: 1, at: NOW + 1000,
      agents: { upsert: [], remove: [] },
      calls: { upsert: calls.map((c) => ({ ...c, state: 'ringing' as const })), remove: [] },
      queueEntries: { upsert: [], remove: [] },
      queues: { upsert: [], remove: [] },
    };
    bridge.emit('floor:changed', cs);
    await flushPromises();
    expect(renders.get('CallRow')).toBe(12);
    // Before: 12 rows x 3 buttons (listen, whisper, barge) x 2 reads (disabled, title) sentences.
    expect(t.mock.calls.filter(([key]) => String(key).startsWith('phone.'))).toEqual([]);
    expect(listen()?.getAttribute('title')).toMatch(/900/);

    // Another language: the shared words follow it.
    applyLocale('vi');
    try {
      await flushPromises();
      expect(listen()?.getAttribute('title')).toMatch(/^Tổng đài không thấy/);
    } finally {
      applyLocale('en');
    }
    await flushPromises();

    // The phone registers: the words change once, and every row's buttons follow.
    bridge.emit('phone:changed', { ...NOT_REGISTERED, registration: 'registered' });
    await flushPromises();
    expect(listen()?.hasAttribute('disabled')).toBe(false);
    expect(listen()?.getAttribute('title')).toBe('Listen (L)');
  });

  it('a queue tick that moved the waiting figures re-renders the cards without translating their titles again', async () => {
    const base = floorState();
    const queues = Array.from({ length: 8 }, (_, i) => queue(`q${i}`, `Queue ${i}`));
    const bridge = createFakeBridge({ getFloor: { ...base, snapshot: { ...base.snapshot, queues } } });
    const t = vi.spyOn(i18n.global, 't'); // before mounting: the cards take their t from useI18n()
    await mountWith(App, bridge, {}, [counter]);
    const card = (id: string) => document.querySelector(`[data-testid="queue-card"][data-id="${id}"]`);
    expect(card('q2')?.querySelector('[data-testid="queue-staffing"]')?.getAttribute('title')).toMatch(/2/);
    expect(card('q2')?.querySelector('[data-testid="queue-sl"]')?.getAttribute('title')).toMatch(/80|%/);

    t.mockClear();
    renders = new Map();
    const none = { upsert: [], remove: [] };
    bridge.emit('floor:changed', { seq: 2, baseSeq: 1, at: NOW + 1000, agents: none, calls: none, queueEntries: none, queues: { upsert: queues.map((q) => ({ ...q, waiting: 4 })), remove: [] } } satisfies ChangeSet);
    await flushPromises();
    expect(renders.get('QueueCard')).toBe(8);
    expect(card('q2')?.querySelector('.big')?.textContent).toBe('4');
    // Before: the staffing and the service-level sentences of every card, each tick.
    expect(t.mock.calls.filter(([key]) => String(key).startsWith('queue.'))).toEqual([]);

    // The staffing moved on one queue: its sentence only.
    bridge.emit('floor:changed', { seq: 3, baseSeq: 2, at: NOW + 2000, agents: none, calls: none, queueEntries: none, queues: { upsert: [{ ...queues[2]!, waiting: 4, staffing: { available: 5, onCall: 3, paused: 1, ringing: 0 } }], remove: [] } } satisfies ChangeSet);
    await flushPromises();
    expect(t.mock.calls.filter(([key]) => String(key).startsWith('queue.')).map(([key]) => key)).toEqual(['queue.staffingTitle']);
    expect(card('q2')?.querySelector('[data-testid="queue-staffing"]')?.getAttribute('title')).toMatch(/5/);
  });

  it('a forecast that moved only in what the band does not show re-renders no queue card', async () => {
    const base = floorState();
    const queues = Array.from({ length: 8 }, (_, i) => queue(`q${i}`, `Queue ${i}`));
    const forecast = (id: string, over: Partial<QueueForecast> = {}): QueueForecast => ({
      queueId: id, nextSlPct: 80, waitLowSec: 40, waitHighSec: 90, agents: 3, erlangs: 2.5, ahtSec: 200, ahtFrom: 'records', ...over,
    });
    const bridge = createFakeBridge({
      getFloor: { ...base, snapshot: { ...base.snapshot, queues } },
      getAlerts: { seq: 1, alerts: [], forecasts: queues.map((q) => forecast(q.id)) },
    });
    await mountWith(App, bridge, {}, [counter]);
    const band = (id: string) => document.querySelector(`[data-testid="queue-card"][data-id="${id}"] [data-testid="queue-wait-band"]`)?.textContent;
    expect(band('q2')).toContain('0:40–1:30');

    renders = new Map();
    // Every queue's traffic and predicted service level moved; no band moved.
    bridge.emit('alerts:changed', { seq: 2, reset: false, upsert: [], remove: [], forecasts: queues.map((q) => forecast(q.id, { erlangs: 2.7, nextSlPct: 78 })) });
    await flushPromises();
    expect(renders.get('QueueCard')).toBeUndefined();
    expect(renders.get('QueueWaitBand')).toBeUndefined();

    // One queue's band moved: that card and its band only.
    bridge.emit('alerts:changed', { seq: 3, reset: false, upsert: [], remove: [], forecasts: queues.map((q) => forecast(q.id, { erlangs: 2.7, waitHighSec: q.id === 'q2' ? 120 : 90 })) });
    await flushPromises();
    expect(Object.fromEntries([...renders].filter(([k]) => k.startsWith('Queue')))).toEqual({ QueueCard: 1, QueueWaitBand: 1 });
    expect(band('q2')).toContain('0:40–2:00');
  });

  it('a stale panel whose count moves does not translate its stale sentence again', async () => {
    seq = 1;
    const sources = [source('calls'), source('queue'), source('agents', 'stale', NOW - 30_000)];
    const bridge = createFakeBridge({ getFloor: floorState({ sources }) });
    const t = vi.spyOn(i18n.global, 't'); // before mounting: the frames take their t from useI18n()
    await mountWith(App, bridge);
    const marker = () => document.querySelector('[data-testid="stale-agents"]')?.textContent;
    expect(marker()).toMatch(/30/);
    t.mockClear();
    bridge.emit('floor:changed', agentChanges([agent(7), agent(8)]));
    await flushPromises();
    expect(document.querySelector('[data-panel="agents"] .panel-count')?.textContent).toBe('4');
    // Before: the frame re-rendered with its count and translated the sentence with its age each time.
    expect(t.mock.calls.filter(([key]) => key === 'panel.stale')).toEqual([]);
    expect(marker()).toMatch(/30/);
  });

  it('a customer name found is looked up again and re-rendered in the cells of that number only', async () => {
    const calls = Array.from({ length: 10 }, (_, i) => call(i));
    const bridge = createFakeBridge({
      getSession: session({ capabilities: [...ALL_CAPS, 'customer-directory'] }),
      getFloor: floorState({ calls }),
    });
    await mountWith(App, bridge, {}, [counter]);
    await vi.waitFor(() => expect(bridge.fns.getCustomerNames).toHaveBeenCalled());
    const number = calls[3]!.customerNumber;
    const lookups = vi.spyOn(useCustomersStore(), 'customerOf');
    renders = new Map();
    bridge.emit('customers:changed', { names: { [number]: { number, name: 'Khach Hang 03', code: 'KH03' } }, readAt: NOW });
    await flushPromises();
    expect(document.querySelector(`[data-testid="row-call"][data-id="c3"] [data-testid="customer-name"]`)?.textContent).toContain('Khach Hang 03');
    expect(renders.get('CustomerNumber')).toBe(1);
    // Before: every number cell on screen (10 calls' and the waiting caller's) looked its name up again.
    expect(lookups.mock.calls.map(([n]) => n)).toEqual([number]);
    // The same name again re-renders nothing.
    renders = new Map();
    bridge.emit('customers:changed', { names: { [number]: { number, name: 'Khach Hang 03', code: 'KH03' } }, readAt: NOW + 1 });
    await flushPromises();
    expect(renders.get('CustomerNumber')).toBeUndefined();
  });
});
