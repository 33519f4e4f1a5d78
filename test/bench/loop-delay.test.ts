// The bench's event-loop lag is how late the sampling timer ran, not the interval Node's histogram records
// (which an idle loop fills with the resolution itself).
import { createHistogram } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { delaysOf } from '../../bench/lib/loop-delay';

const MS = 1e6;

describe('event-loop delay', () => {
  it('reads each interval less the resolution: an idle loop lags nothing, a 15 ms block lags 15 ms', () => {
    const h = createHistogram();
    // 97 intervals of an idle loop at a 10 ms resolution (10.2 ms each), then blocks of 15, 25 and 40 ms.
    for (let i = 0; i < 97; i++) h.record(Math.round(10.2 * MS));
    for (const block of [15, 25, 40]) h.record((10 + block) * MS);
    const lag = delaysOf(h, 10);
    expect(lag.percentileMs(50)).toBeCloseTo(0.2, 1);
    expect(lag.maxMs()).toBeCloseTo(40, 0);
    expect(lag.count()).toBe(100);
    // Two of the hundred samples lag more than 20 ms (25 and 40): the histogram's percentiles say 2 %.
    expect(lag.shareOverPct(20)).toBeCloseTo(2, 0);
    expect(lag.shareOverPct(50)).toBe(0);
  });

  it('never reads a negative delay (a timer that ran a little early)', () => {
    const h = createHistogram();
    h.record(Math.round(9.6 * MS));
    expect(delaysOf(h, 10).percentileMs(50)).toBe(0);
  });
});
