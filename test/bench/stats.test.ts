// The benchmark's percentiles are nearest-rank: a reported figure is a value that was observed.
import { describe, expect, it } from 'vitest';
import { median, p95, percentile, round } from '../../bench/lib/stats';

describe('bench stats', () => {
  it('takes nearest-rank percentiles without interpolating', () => {
    const samples = Array.from({ length: 20 }, (_, i) => 20 - i); // 20..1, unsorted on purpose
    expect(median(samples)).toBe(10);
    expect(p95(samples)).toBe(19);
    expect(percentile(samples, 100)).toBe(20);
    expect(percentile([7], 95)).toBe(7);
    expect(p95([])).toBeNull();
  });

  it('rounds for tables and keeps non-figures empty', () => {
    expect(round(12.345)).toBe(12.3);
    expect(round(12.345, 2)).toBe(12.35);
    expect(round(Number.NaN)).toBeNull();
    expect(round(null)).toBeNull();
  });
});
