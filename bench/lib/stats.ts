// Small order statistics for the benchmark's samples (nearest-rank percentiles: no interpolation, so a
// reported p95 is a value that was actually observed).

/** The nearest-rank percentile `p` (0..100) of `samples`; null when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

export const median = (samples: readonly number[]): number | null => percentile(samples, 50);
export const p95 = (samples: readonly number[]): number | null => percentile(samples, 95);

export function mean(samples: readonly number[]): number | null {
  return samples.length === 0 ? null : samples.reduce((s, v) => s + v, 0) / samples.length;
}

/** Rounded for tables and JSON: figures are noisy past a tenth of a millisecond. */
export function round(value: number | null, digits = 1): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
