// The predicted service-level breach, per queue, from what the console sees now (issue 17, point 3).
//
// Method (the decision, noted here as it asks):
// - Arrival rate: callers who reached an outcome or joined the wait over the last 15 minutes, from the queue
//   summary's day figures (answered + abandoned + waiting, sampled every 30 s); under 5 minutes of samples,
//   the day's average since its first outcome. The day's figures are the CDR-reconciled Today figures when
//   the core has them (cdr16), so a restart loses no history.
// - AHT: the queue's handle time today (handle-times.ts): the day's call records (the reconciled Today AHT),
//   else what the console observed of the queue's calls (PBXs without records), else 180 s.
// - N: agents logged in and not paused (available, ringing, on a call, wrap-up). An agent serving k queues
//   counts 1/k in each: the simulator and TEL4VN route the oldest caller across an agent's queues, so an
//   agent's time is shared, and counting him whole in each queue overstates every queue's staff.
// - Erlang C for the next interval: A = rate x AHT, SL(t) = 1 - P_wait e^(-(N-A) t / AHT), t = the
//   service-level threshold. State-based correction: callers already waiting past t cannot be answered
//   within it, so the next 15 minutes' callers are the expected arrivals plus those waiting now, and the
//   late waiters count as outside the level.
// - The next 15 minutes' level: 0.3 x Erlang C + 0.7 x the last 15 minutes' own level (state-based), tuned
//   on the backtest's seeds 1-12 and checked on held-out days (docs/alerts.md, BENCHMARKS.md).
// - Raise when that level is below the target while today's is still at or above it, today's level would
//   cross the target within those 15 minutes at that rate ("in about N min"), and that has held for 60 s.
// - A new caller's wait is given as a band (state-based: the callers ahead of him and the agents' rate of
//   freeing up), not a single number.
import type { QueueForecast } from '../../../common/alerts';
import type { Agent, EpochMs, QueueSummary } from '../../../common/domain';
import { createRowTally } from '../picture/row-tally';
import { runSteps } from '../picture/steps';
import { serviceLevel } from './erlang-c';
import type { BreachPrediction } from './rule-eval';

const DEFAULT_AHT_SEC = 180;
const HORIZON_SEC = 15 * 60;
const SAMPLE_EVERY_MS = 30_000;
const WINDOW_MS = HORIZON_SEC * 1000;
const MIN_WINDOW_MS = 5 * 60_000;
/** Below this many outcomes today the day's level swings with every caller: no prediction yet. */
export const MIN_OUTCOMES = 20;
/** The last 15 minutes' own level counts once it rests on this many outcomes. */
const RECENT_MIN = 10;
/** The predicted breach is raised when today's level would cross the target within this many minutes: the forecast's horizon. */
const CROSS_WITHIN_MIN = HORIZON_SEC / 60;
/** ...and that crossing has been forecast for this long. */
const HOLD_MS = 60_000;
/** The forecast's weight on Erlang C; the rest is the last 15 minutes' own level (state-based). */
const ERLANG_WEIGHT = 0.3;

interface Sample {
  at: EpochMs;
  arrived: number;
  /** Outcomes and those within the level so far today (from the summary's SL % x outcomes). */
  outcomes: number;
  inLevel: number;
}

interface PredictorInput {
  now: EpochMs;
  agents: readonly Agent[];
  queues: readonly QueueSummary[];
  serviceLevelSec: number;
  serviceLevelTarget(queueId: string): number;
  /** The queue's handle time today, when known (handle-times.ts: the day's records, else observed). */
  handleTime?(queueId: string): { sec: number; from: 'records' | 'observed' } | null;
}

type Outlook = { predictions: Map<string, BreachPrediction>; forecasts: QueueForecast[] };

interface Predictor {
  update(input: PredictorInput): Outlook;
  /** The same, yielding after every `slice` agents of the staffed shares (the alert pass's steps). */
  updateSteps(input: PredictorInput, slice: number): Generator<void, Outlook>;
}

const STAFFED = new Set(['available', 'ringing', 'on-call', 'wrap-up']);

/** One agent's staffed shares (+1) or their removal (-1): logged in and not paused, 1/k in each of its k queues. */
function shareInto(out: Map<string, number>): (a: Agent, by: 1 | -1) => void {
  return (a, by) => {
    if (!STAFFED.has(a.state) || a.queues.length === 0) return;
    const share = by / a.queues.length;
    for (const q of a.queues) out.set(q, (out.get(q) ?? 0) + share);
  };
}

/** Agents logged in and not paused per queue, an agent in k queues counting 1/k in each. */
export function staffedAgents(agents: readonly Agent[]): Map<string, number> {
  const out = new Map<string, number>();
  createRowTally(shareInto(out))(agents);
  return out;
}

/** A new caller's wait band (seconds): the callers ahead of him leave at N / AHT a second (state-based). */
export function waitBand(waiting: number, available: number, agents: number, ahtSec: number): { low: number; high: number } {
  if (waiting === 0 && available >= 1) return { low: 0, high: 0 };
  // Nobody staffed: a caller waits at least until someone comes back; no honest upper bound, so one AHT per caller ahead.
  if (agents <= 0) return { low: ahtSec, high: ahtSec * (waiting + 1) };
  const ahead = waiting + 1;
  const mean = (ahead * ahtSec) / agents;
  const sd = (Math.sqrt(ahead) * ahtSec) / agents;
  return { low: Math.max(0, Math.round(mean - sd)), high: Math.round(mean + sd) };
}

interface QueueOutlook {
  nextSlPct: number;
  erlangs: number;
}

/**
 * The next interval's service level, % (Erlang C with the state-based correction for callers already
 * waiting past the threshold).
 */
export function nextServiceLevel(
  ratePerSec: number, agents: number, ahtSec: number, slSec: number, waiting: number, longestWaitSec: number,
): QueueOutlook {
  const traffic = ratePerSec * ahtSec;
  const n = Math.floor(agents + 1e-9);
  const sl = serviceLevel(traffic, n, ahtSec, slSec);
  const expected = ratePerSec * HORIZON_SEC;
  const late = longestWaitSec > slSec ? waiting : 0;
  const total = expected + waiting;
  const pct = total > 0 ? ((sl * (expected + waiting - late)) / total) * 100 : 100;
  return { nextSlPct: Math.round(pct * 10) / 10, erlangs: Math.round(traffic * 100) / 100 };
}

/** Minutes until today's level (s of n within the level) crosses `target` with `rate` outcomes a minute at level `p`. */
export function minutesToCross(slPct: number, outcomes: number, targetPct: number, nextPct: number, perMin: number): number | null {
  if (nextPct >= targetPct || perMin <= 0) return null;
  const s = (slPct / 100) * outcomes;
  const margin = s - (targetPct / 100) * outcomes;
  const m = margin / (perMin * ((targetPct - nextPct) / 100));
  return Math.max(1, Math.ceil(m));
}

export function createPredictor(): Predictor {
  const samples = new Map<string, Sample[]>();
  const firstSeen = new Map<string, { at: EpochMs; arrived: number }>();
  // The staffed shares kept from tick to tick (picture/row-tally.ts): only agents that changed, came or went
  // move them, where summing every agent's shares again was the largest single cost of a tick at 10,000
  // agents (about 20 queues each).
  const staffed = new Map<string, number>();
  const tallyStaffed = createRowTally(shareInto(staffed));
  /** Since when each queue's crossing has been forecast (the hold before raising). */
  const holdingSince = new Map<string, EpochMs>();
  function* updateSteps(input: PredictorInput, slice: number): Generator<void, Outlook> {
    const { now } = input;
    yield* tallyStaffed.steps(input.agents, slice);
    const predictions = new Map<string, BreachPrediction>();
    const forecasts: QueueForecast[] = [];
    for (const q of input.queues) {
      const arrived = q.answered + q.abandoned + q.waiting;
      let list = samples.get(q.id);
      if (!list) samples.set(q.id, (list = []));
      const last = list[list.length - 1];
      // A new day (or counters reconciled down): start the history over.
      if (last && arrived < last.arrived) {
        list.length = 0;
        firstSeen.delete(q.id);
      }
      const outcomes = q.answered + q.abandoned;
      const inLevel = q.serviceLevelPct === null ? 0 : (q.serviceLevelPct / 100) * outcomes;
      if (!list.length || now - (list[list.length - 1] as Sample).at >= SAMPLE_EVERY_MS) list.push({ at: now, arrived, outcomes, inLevel });
      while (list.length > 2 && now - (list[1] as Sample).at >= WINDOW_MS) list.shift();
      if (!firstSeen.has(q.id)) firstSeen.set(q.id, { at: now, arrived });
      const oldest = list[0] as Sample;
      const first = firstSeen.get(q.id) as { at: EpochMs; arrived: number };
      let rate: number | null = null;
      if (now - oldest.at >= MIN_WINDOW_MS) rate = (arrived - oldest.arrived) / ((now - oldest.at) / 1000);
      else if (now - first.at >= 60_000) rate = (arrived - first.arrived) / ((now - first.at) / 1000);

      const known = input.handleTime?.(q.id) ?? null;
      const aht = known?.sec ?? DEFAULT_AHT_SEC;
      const ahtFacts = { ahtSec: Math.round(aht), ahtFrom: known?.from ?? 'default' } as const;
      // Shares added and taken out again leave float dust (1e-16): a queue nobody staffs reads 0 (not -0).
      const n = Math.round((staffed.get(q.id) ?? 0) * 1e6) / 1e6 || 0;
      const longest = q.longestWaitSince === null ? 0 : (now - q.longestWaitSince) / 1000;
      // The queue's available agents are its summary's (queue-summary.ts counts them the same way).
      const band = waitBand(q.waiting, q.staffing.available, n, aht);
      if (rate === null) {
        forecasts.push({ queueId: q.id, nextSlPct: null, waitLowSec: band.low, waitHighSec: band.high, agents: Math.round(n * 10) / 10, erlangs: 0, ...ahtFacts });
        continue;
      }
      const erlang = nextServiceLevel(rate, n, aht, input.serviceLevelSec, q.waiting, longest);
      // State-based: the level of the last 15 minutes' own outcomes, when there are enough of them. The
      // forecast leans on it (ERLANG_WEIGHT): Erlang C alone, on a floor where agents serve several queues,
      // swings to 0 whenever a queue's share of them dips under its traffic.
      const recentOutcomes = outcomes - oldest.outcomes;
      const recent = recentOutcomes >= RECENT_MIN ? ((q.serviceLevelPct === null ? 0 : (q.serviceLevelPct / 100) * outcomes) - oldest.inLevel) / recentOutcomes * 100 : null;
      const mixed = recent === null ? erlang.nextSlPct : erlang.nextSlPct * ERLANG_WEIGHT + recent * (1 - ERLANG_WEIGHT);
      const outlook = { ...erlang, nextSlPct: Math.round(mixed * 10) / 10 };
      forecasts.push({
        queueId: q.id, nextSlPct: outlook.nextSlPct, waitLowSec: band.low, waitHighSec: band.high,
        agents: Math.round(n * 10) / 10, erlangs: outlook.erlangs, ...ahtFacts,
      });
      const target = input.serviceLevelTarget(q.id);
      const today = q.serviceLevelPct;
      const inMin = today !== null && today >= target ? minutesToCross(today, outcomes, target, outlook.nextSlPct, rate * 60) : null;
      // Only a crossing within the forecast's own horizon: beyond it "in about N min" would promise more than
      // a 15-minute forecast knows. And only once that has held for HOLD_MS: a forecast that dips for one
      // sample is noise (the mirror of the 60 s an alert takes to clear).
      const holds = today !== null && outcomes >= MIN_OUTCOMES && inMin !== null && inMin <= CROSS_WITHIN_MIN;
      if (!holds) holdingSince.delete(q.id);
      else if (!holdingSince.has(q.id)) holdingSince.set(q.id, now);
      const breach = holds && now - (holdingSince.get(q.id) as number) >= HOLD_MS;
      predictions.set(q.id, { breach, nextSlPct: outlook.nextSlPct, inMin: breach ? inMin : null });
    }
    return { predictions, forecasts };
  }
  return {
    updateSteps,
    update: (input) => runSteps(updateSteps(input, Infinity)),
  };
}
