// The floor feed's cadence: the live sources spread over the interval (each on its own slot, kept whatever
// each answer took), a source with a cadence of its own left alone, and each answer published on its own.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PollSource, SourceData } from '../../../main/core/connectors/connector';
import { createFloorFeed } from '../../../main/core/session/floor-feed';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A source answering after `ms`, recording when each fetch began (performance.now()). */
function source(id: string, ms: number, data: SourceData, intervalMs?: number) {
  const starts: number[] = [];
  const polled: PollSource = {
    id,
    ...(intervalMs === undefined ? {} : { intervalMs }),
    async fetch() {
      starts.push(performance.now());
      await new Promise((resolve) => setTimeout(resolve, ms));
      return data;
    },
  };
  return { polled, starts };
}

describe('createFloorFeed', () => {
  it('spreads the live sources over the interval, keeps each on its slot, and publishes each answer on its own', async () => {
    const calls = source('calls', 70, { calls: [] });
    const queue = source('queue', 20, { queueEntries: [] });
    const agents = source('agents', 130, { agents: [] });
    const records = source('records', 5, { ownExtensionRegistered: true }, 3000);
    let published = 0;
    const feed = createFloorFeed([calls.polled, queue.polled, agents.polled, records.polled], {
      intervalMs: 300,
      onData: () => published++,
      onStatus: () => undefined,
    });
    feed.start();
    await vi.advanceTimersByTimeAsync(3000);
    feed.stop();
    // All start at once (the first picture as soon as possible), then each on its third of the interval.
    for (const [i, s] of [calls, queue, agents].entries()) {
      expect(s.starts[0]).toBe(calls.starts[0]);
      const later = s.starts.slice(1);
      expect(later.length).toBeGreaterThanOrEqual(8);
      for (const at of later) expect(((at - i * 100) % 300 + 300) % 300).toBeCloseTo(0, 6);
    }
    // The records keep their own cadence: one more poll 3 s after the first settled.
    expect(records.starts).toHaveLength(1);
    // No two list answers land together after the first round: one publish each.
    const answers = calls.starts.length + queue.starts.length + agents.starts.length;
    expect(published).toBeGreaterThanOrEqual(answers - 3);
  });
});
