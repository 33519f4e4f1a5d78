// The breach predictor's backtest: the scoring on a hand-made day (breaches, alert episodes with the
// console's hysteresis, lead times), and the recorded busy mornings of seeds 17 and 29, whose figures
// BENCHMARKS.md keeps: each must meet the targets, and a day must be the same day on every run.
import { describe, expect, it } from 'vitest';
import { BACKTEST, recordBusyMorning } from '../../bench/backtest/busy-morning';
import { alertStarts, breachTimes, poolDays, scoreDay, type RecordedDay, type Sample } from '../../bench/backtest/score';

const s = (t: number, slPct: number, predicted: boolean, outcomes = 50): Sample => ({ t, slPct, outcomes, predicted, nextSlPct: null });

describe('backtest scoring', () => {
  it('counts a breach at each fall below target, an alert per hysteresis episode, and the lead from the first alert', () => {
    const series = [
      s(0, 90, false), s(60, 88, true), s(120, 86, false), s(150, 85, true), // back within 60 s: the same alert
      s(600, 82, true), s(900, 79, false), // breach at 900 s, 14 min after the alert at 60 s
      s(1000, 81, false), s(2000, 78, false), // a second breach, not predicted
      s(3000, 85, true, 5), // too few outcomes for a breach, but an alert all the same (wrong: no breach follows)
    ];
    expect(breachTimes(series, 80)).toEqual([900, 2000]);
    expect(alertStarts(series)).toEqual([60, 3000]);
    const day: RecordedDay = { seed: 1, targetPct: 80, sampleSec: 10, queues: { q: series } };
    expect(scoreDay(day)).toMatchObject({ breaches: 2, alerts: 2, rightAlerts: 1, caught: 1, precision: 0.5, recall: 0.5, medianLeadMin: 14 });
  });
});

describe('the busy mornings of seeds 17 and 29', () => {
  it('each meets the targets: precision >= 0.7, recall >= 0.7, median lead >= 5 min, the same on every run', () => {
    const days = BACKTEST.seeds.map((seed) => scoreDay(recordBusyMorning(seed)));
    for (const figures of days) {
      expect(figures.breaches).toBeGreaterThanOrEqual(3);
      expect(figures.precision).toBeGreaterThanOrEqual(0.7);
      expect(figures.recall).toBeGreaterThanOrEqual(0.7);
      expect(figures.medianLeadMin).toBeGreaterThanOrEqual(5);
    }
    expect(scoreDay(recordBusyMorning(BACKTEST.seeds[0]))).toEqual(days[0]);
    // Pooled, as BENCHMARKS.md reports the tuning and held-out days.
    const pooled = poolDays(days);
    expect(pooled).toMatchObject({ days: 2, breaches: (days[0]?.breaches ?? 0) + (days[1]?.breaches ?? 0), belowTarget: [] });
  }, 120_000);
});
