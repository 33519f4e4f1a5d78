// The event loop's delay as the lag it is. Node's monitorEventLoopDelay records the time between its timer's
// callbacks, so an idle loop reads the resolution itself (10.2 ms at a 10 ms resolution on this machine), and
// a 15 ms block reads 25 ms. Every figure here is that interval less the resolution: how late the timer ran,
// the lag the targets speak of (as Elastic's APM agent does; open-telemetry-js-contrib#2794, nodejs/node#34661).
import { monitorEventLoopDelay, type RecordableHistogram } from 'node:perf_hooks';

const NS_PER_MS = 1e6;

/** What the figures are read from: Node's histogram (its values in ns), or a test's. */
type Histogram = Pick<RecordableHistogram, 'percentile' | 'percentiles' | 'max' | 'count' | 'reset'>;

export interface LoopDelay {
  /** Start (or go on) sampling; Node's histogram only. */
  enable(): void;
  disable(): void;
  reset(): void;
  /** The delay at percentile `p` (0..100), ms. */
  percentileMs(p: number): number;
  maxMs(): number;
  count(): number;
  /** Per cent of the samples whose delay passed `ms` (the first of the histogram's percentiles above it). */
  shareOverPct(ms: number): number;
}

/** The figures of `histogram`, sampled every `resolutionMs`, as delays. */
export function delaysOf(histogram: Histogram, resolutionMs: number): Omit<LoopDelay, 'enable' | 'disable'> {
  const delay = (ns: number): number => Math.max(0, ns / NS_PER_MS - resolutionMs);
  return {
    reset: () => histogram.reset(),
    percentileMs: (p) => delay(histogram.percentile(p)),
    maxMs: () => delay(histogram.max),
    count: () => histogram.count,
    shareOverPct(ms) {
      for (const [pct, ns] of histogram.percentiles) if (delay(ns) > ms) return 100 - pct;
      return 0;
    },
  };
}

/** The main thread's loop delay, sampled every `resolutionMs` once enabled. */
export function monitorLoopDelay(resolutionMs: number): LoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  return { ...delaysOf(histogram, resolutionMs), enable: () => void histogram.enable(), disable: () => void histogram.disable() };
}
