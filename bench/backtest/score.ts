// Scoring a recorded day of the breach predictor (busy-morning.ts): precision, recall and lead time.
//
// - A breach: today's service level of a queue falls below the target (from at or above it), counted once
//   the day has MIN_OUTCOMES outcomes (before that the level swings with every caller); a queue that comes
//   back above and falls again breaches again.
// - An alert: an episode of the predicted-breach condition, with the console's hysteresis (it ends only
//   after the condition has been gone for CLEAR_SEC), so it is exactly what a supervisor would see raised.
// - An alert is right (precision) when its queue breaches within HORIZON_MIN of its raising; a breach is
//   caught (recall) when an alert of its queue was raised within HORIZON_MIN before it, and the lead time is
//   from the earliest such alert (since the queue's previous breach) to the breach.
import { MIN_OUTCOMES } from '../../main/core/alerts/predict-breach';

const CLEAR_SEC = 60;
const HORIZON_MIN = 60;

export interface Sample {
  /** Scenario seconds since 08:00. */
  t: number;
  slPct: number | null;
  outcomes: number;
  predicted: boolean;
  nextSlPct: number | null;
}

export interface RecordedDay {
  seed: number;
  targetPct: number;
  sampleSec: number;
  queues: Record<string, Sample[]>;
}

export interface BacktestFigures {
  seed: number;
  breaches: number;
  alerts: number;
  rightAlerts: number;
  caught: number;
  precision: number | null;
  recall: number | null;
  medianLeadMin: number | null;
  leadTimesMin: number[];
}

export function breachTimes(series: readonly Sample[], targetPct: number): number[] {
  const out: number[] = [];
  let above: boolean | null = null;
  for (const s of series) {
    if (s.slPct === null || s.outcomes < MIN_OUTCOMES) continue;
    const now = s.slPct >= targetPct;
    if (above === true && !now) out.push(s.t);
    above = now;
  }
  return out;
}

export function alertStarts(series: readonly Sample[]): number[] {
  const out: number[] = [];
  let open = false;
  let goneSince: number | null = null;
  for (const s of series) {
    if (s.predicted) {
      if (!open) out.push(s.t);
      open = true;
      goneSince = null;
    } else if (open) {
      goneSince ??= s.t;
      if (s.t - goneSince >= CLEAR_SEC) open = false;
    }
  }
  return out;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export function scoreDay(day: RecordedDay): BacktestFigures {
  const horizon = HORIZON_MIN * 60;
  let breaches = 0;
  let alerts = 0;
  let rightAlerts = 0;
  let caught = 0;
  const leads: number[] = [];
  for (const series of Object.values(day.queues)) {
    const b = breachTimes(series, day.targetPct);
    const a = alertStarts(series);
    breaches += b.length;
    alerts += a.length;
    rightAlerts += a.filter((t) => b.some((tb) => tb >= t && tb - t <= horizon)).length;
    let previous = -Infinity;
    for (const tb of b) {
      const before = a.filter((t) => t <= tb && tb - t <= horizon && t > previous);
      if (before.length > 0) {
        caught++;
        leads.push(Math.round(((tb - Math.min(...before)) / 60) * 10) / 10);
      }
      previous = tb;
    }
  }
  const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 100) / 100);
  return {
    seed: day.seed, breaches, alerts, rightAlerts, caught,
    precision: ratio(rightAlerts, alerts), recall: ratio(caught, breaches), medianLeadMin: median(leads), leadTimesMin: leads,
  };
}

/** Several days pooled: every alert and breach counted together (not a mean of the days' ratios). */
export function poolDays(days: readonly BacktestFigures[]): Omit<BacktestFigures, 'seed'> & { days: number; belowTarget: number[] } {
  const sum = (f: (d: BacktestFigures) => number): number => days.reduce((n, d) => n + f(d), 0);
  const breaches = sum((d) => d.breaches);
  const alerts = sum((d) => d.alerts);
  const rightAlerts = sum((d) => d.rightAlerts);
  const caught = sum((d) => d.caught);
  const leads = days.flatMap((d) => d.leadTimesMin);
  const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 100) / 100);
  return {
    days: days.length, breaches, alerts, rightAlerts, caught, precision: ratio(rightAlerts, alerts), recall: ratio(caught, breaches),
    medianLeadMin: median(leads), leadTimesMin: leads,
    // The days that miss a target on their own (with 3 to 6 breaches a day, one alert is 0.1 of a ratio).
    belowTarget: days.filter((d) => (d.precision ?? 1) < 0.7 || (d.recall ?? 1) < 0.7 || (d.medianLeadMin ?? 5) < 5).map((d) => d.seed),
  };
}
