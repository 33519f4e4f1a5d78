// Per-row reactivity, counted in the DOM: a change set re-renders the rows it changed and no others, a
// change to a row off screen re-renders nothing, and the clock re-renders the ticking times, not the rows.
// (Before, a patched table re-rendered every visible row of its panel, and every row each second.)
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComponentOptions } from 'vue';
import type { ChangeSet } from '../../common/domain';
import App from '../../renderer/src/App.vue';
import { agent, call, createFakeBridge, floorState, NOW, type FakeBridge } from './fake-bridge';
import { mountWith } from './mount-app';
import { useUiStore } from '../../renderer/src/stores/ui';

/** Re-renders (the `updated` hook) per component name, and per row id for rows. */
let renders = new Map<string, number>();
const counter: ComponentOptions = {
  updated(this: { $options: { __name?: string }; $el: unknown }) {
    const el = this.$el as HTMLElement | null;
    const id = el instanceof HTMLElement ? el.dataset.id : undefined;
    const key = `${this.$options.__name ?? '?'}${id ? `:${id}` : ''}`;
    renders.set(key, (renders.get(key) ?? 0) + 1);
  },
};
const rendered = () => Object.fromEntries(renders);

const AGENTS = 500;
let seq = 1;
function changes(over: Partial<ChangeSet>): ChangeSet {
  seq++;
  const none = { upsert: [], remove: [] };
  return { seq, baseSeq: seq - 1, at: NOW + seq, agents: none, calls: none, queueEntries: none, queues: none, ...over };
}

async function mountFloor(): Promise<FakeBridge> {
  const agents = Array.from({ length: AGENTS }, (_, i) => agent(i));
  const calls = Array.from({ length: 40 }, (_, i) => call(i));
  const bridge = createFakeBridge({ getFloor: floorState({ agents, calls }) });
  await mountWith(App, bridge, {}, [counter]);
  // By name: a state change then moves no row (the default order, by state, moves the agent: tested apart).
  useUiStore().sortAgents('name');
  await flushPromises();
  renders = new Map();
  return bridge;
}

beforeEach(() => {
  seq = 1;
  vi.useFakeTimers({ now: NOW, toFake: ['setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('row re-renders', () => {
  it('a change to one visible agent re-renders that row only', async () => {
    const bridge = await mountFloor();
    expect(document.querySelector('[data-testid="row-agent"][data-id="a3"]')?.getAttribute('data-state')).toBe('available');
    bridge.emit('floor:changed', changes({ agents: { upsert: [agent(3, { state: 'paused', pauseReason: 'Break' })], remove: [] } }));
    await flushPromises();
    expect(document.querySelector('[data-testid="row-agent"][data-id="a3"]')?.getAttribute('data-state')).toBe('paused');
    // The row, and the summary line's counts (available -> paused).
    expect(rendered()).toEqual({ 'AgentRow:a3': 1, AgentSummary: 1 });
  });

  it('a change to agents and calls off screen re-renders nothing', async () => {
    const bridge = await mountFloor();
    bridge.emit(
      'floor:changed',
      changes({
        agents: { upsert: [agent(300, { state: 'on-call' }), agent(450, { state: 'paused' })], remove: [] },
        calls: { upsert: [call(35, { state: 'ringing' })], remove: [] },
      }),
    );
    await flushPromises();
    // Only the summary line's counts (two agents changed state); no row, no list.
    expect(rendered()).toEqual({ AgentSummary: 1 });
  });

  it('a login off screen re-renders the count and the list, not the rows', async () => {
    const bridge = await mountFloor();
    const panel = document.querySelector('[data-testid="panel-agents"] .panel-count');
    expect(panel?.textContent).toBe(String(AGENTS));
    bridge.emit('floor:changed', changes({ agents: { upsert: [agent(AGENTS + 5)], remove: [`a${AGENTS - 1}`] } }));
    bridge.emit('floor:changed', changes({ agents: { upsert: [agent(AGENTS + 6)], remove: [] } }));
    await flushPromises();
    expect(panel?.textContent).toBe(String(AGENTS + 1));
    expect(Object.keys(rendered()).filter((k) => k.startsWith('AgentRow'))).toEqual([]);
  });

  it('an agent leaving above the others shifts the window by one row: one row mounts, none re-renders', async () => {
    const bridge = await mountFloor();
    const ids = () => [...document.querySelectorAll('[data-testid="row-agent"]')].map((r) => r.getAttribute('data-id'));
    const before = ids();
    bridge.emit('floor:changed', changes({ agents: { upsert: [], remove: ['a0'] } }));
    await flushPromises();
    expect(ids()).toEqual([...before.slice(1), `a${before.length}`]);
    expect(Object.keys(rendered()).filter((k) => k.startsWith('AgentRow') || k.startsWith('CallRow'))).toEqual([]);
  });

  it('the clock re-renders the ticking times, not the rows', async () => {
    await mountFloor();
    const cell = () => document.querySelector('[data-testid="row-agent"][data-id="a2"]')?.children[3]?.textContent?.trim(); // name, state, reason, time
    expect(cell()).toBe('1:05');
    vi.advanceTimersByTime(1000);
    await flushPromises();
    expect(cell()).toBe('1:06');
    const counts = rendered();
    expect(counts.ElapsedTime).toBeGreaterThan(10);
    expect(Object.keys(counts).filter((k) => k !== 'ElapsedTime' && k !== 'SourceBadge')).toEqual([]); // the badges say "1 s ago"
  });
});
