// Queue cards and chips off screen hold what they showed: a tick writes the figures of the ones in view,
// and one scrolled into view catches up at once.
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../renderer/src/App.vue';
import { createFakeBridge, floorState, NOW, queue } from './fake-bridge';
import { mountWith } from './mount-app';

/** A hand-driven IntersectionObserver: the test says which elements are in view. */
const observers = new Map<Element, (entries: { isIntersecting: boolean }[]) => void>();
class FakeObserver {
  constructor(private readonly callback: (entries: { isIntersecting: boolean }[]) => void) {}
  observe(el: Element): void {
    observers.set(el, this.callback);
  }
  disconnect(): void {}
}
const show = (el: Element | null, inView: boolean) => observers.get(el as Element)?.([{ isIntersecting: inView }]);

beforeEach(() => {
  vi.stubGlobal('IntersectionObserver', FakeObserver);
});
afterEach(() => {
  vi.unstubAllGlobals();
  observers.clear();
  document.body.innerHTML = '';
});

describe('queue cards and chips off screen', () => {
  it('hold their figures while off screen and catch up when scrolled into view', async () => {
    const state = floorState();
    state.snapshot.queues = [queue('q1', 'Sales', { waiting: 1 }), queue('q2', 'Support', { waiting: 2 })];
    const bridge = createFakeBridge({ getFloor: state });
    await mountWith(App, bridge);
    const card = () => document.querySelector('[data-testid="queue-card"][data-id="q2"]');
    const chip = () => document.querySelector('[data-testid="queue-chip"][data-id="q2"]');
    // The waiting figures themselves: a card also shows times that follow the wall clock.
    const waiting = (el: Element | null | undefined) => el?.querySelector('.num.big, .count')?.textContent?.trim();
    expect(waiting(card())).toBe('2');
    show(card(), false);
    show(chip(), false);
    const visibleCard = document.querySelector('[data-testid="queue-card"][data-id="q1"]');
    const none = { upsert: [], remove: [] };
    bridge.emit('floor:changed', {
      seq: 2, baseSeq: 1, at: NOW + 1000, agents: none, calls: none, queueEntries: none,
      queues: { upsert: [queue('q1', 'Sales', { waiting: 7 }), queue('q2', 'Support', { waiting: 9 })], remove: [] },
    });
    await flushPromises();
    expect(waiting(visibleCard)).toBe('7'); // in view: follows the tick
    expect(waiting(card())).toBe('2'); // off screen: holds what it showed
    expect(waiting(chip())).toBe('2');
    show(card(), true);
    show(chip(), true);
    await flushPromises();
    expect(waiting(card())).toBe('9');
    expect(waiting(chip())).toBe('9');
  });
});
