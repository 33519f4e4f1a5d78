// The alerts of one data folder, once per floor tick: the predictor's forecasts, the rules' conditions
// over the picture (rule-eval.ts) and the tracker's alerts with hysteresis, ack and snooze
// (alert-tracker.ts). The live session calls `tick` after each picture and publishes `state()` when it
// changed. Kept behind this small interface so the floor hub (issue 18) can feed it from shared state.
import type { Alert, AlertSettings, AlertsChange, AlertsState } from '../../../common/alerts';
import type { ActiveCall, Agent, EpochMs, QueueSummary, SourceStatus } from '../../../common/domain';
import type { QueueCounters } from '../picture/daily-stats';
import { createHandleTimes } from './handle-times';
import { createAlertTracker, type AlertTracker } from './alert-tracker';
import { createPredictor } from './predict-breach';
import { evaluateRuleSteps } from './rule-eval';
import { runSteps } from '../picture/steps';

/**
 * Agents read per step of a pass (each walk over the floor yields after this many): at 10,000 agents a whole
 * walk held the main process's loop up to 20-40 ms on a loaded machine; in the bench a slice of 2,000 still
 * gave steps of 12 ms at p95 (a step the floor's next answer waits behind), 1,000 of 8.8 ms, 500 of 3.9 ms
 * (the whole pass 17 ms at p95 instead of 28-32: the figures of issue 15, bench/analysis.md).
 */
export const ALERT_AGENTS_PER_STEP = 500;

interface AlertMonitorOptions {
  file?: string;
  zone: () => string;
  now: () => EpochMs;
  log: (message: string) => void;
  settings: () => AlertSettings;
  serviceLevelSec: () => number;
  /** The queue's service-level target % (settings.queueTargets, else serviceLevelTargetPct). */
  serviceLevelTarget: (queueId: string) => number;
  /** The day's reconciled counters (picture/daily-stats.ts), whose records give the forecast its handle time. */
  counters?: () => ReadonlyMap<string, QueueCounters>;
  /** Agents per step (ALERT_AGENTS_PER_STEP; a test slices finer). */
  agentsPerStep?: number;
}

interface FloorNow {
  agents: readonly Agent[];
  /** The live calls: which queue an agent's call came through (the observed handle time). */
  calls?: readonly ActiveCall[];
  queues: readonly QueueSummary[];
  sources: readonly SourceStatus[];
  ownRegistered: boolean | null;
  ownExtension: string;
}

export interface AlertMonitor {
  /** Evaluate this tick; what changed (the 'alerts:changed' payload), or null when nothing shown did. */
  tick(floor: FloorNow): AlertsChange | null;
  /**
   * The same tick a step at a time (the handle times, the forecasts, the rules, the tracker; each walk over
   * the agents yields after every `agentsPerStep` of them): the live session runs each step in a turn of its
   * own, so the pass over a 10,000-agent floor never holds the main process's loop for long. The floor's arrays are the picture's at the start (a snapshot is
   * never changed in place).
   */
  steps(floor: FloorNow): Generator<void, AlertsChange | null>;
  /** The whole list and forecasts, with the seq of the last change (alerts:get). */
  state(): AlertsState;
  /** The whole list as one change (after (re)connecting): a listener starts over from it. */
  reset(): AlertsChange;
  /** Alerts changed outside a tick (acknowledged, snoozed), as the next change. */
  changed(upsert: Alert[]): AlertsChange;
  tracker: AlertTracker;
}

export function createAlertMonitor(options: AlertMonitorOptions): AlertMonitor {
  const tracker = createAlertTracker({ ...(options.file ? { file: options.file } : {}), zone: options.zone, now: options.now, log: options.log });
  const predictor = createPredictor();
  const handleTimes = createHandleTimes(() => options.counters?.() ?? null);
  const target = options.serviceLevelTarget;
  const slice = options.agentsPerStep ?? ALERT_AGENTS_PER_STEP;
  let forecasts: AlertsState['forecasts'] = [];
  let forecastText = '';
  let seq = 0;
  const next = (change: Omit<AlertsChange, 'seq'>): AlertsChange => ({ seq: ++seq, ...change });
  function* steps(floor: FloorNow): Generator<void, AlertsChange | null> {
    const now = options.now();
    const config = options.settings();
    yield* handleTimes.observeSteps(floor.agents, floor.calls ?? [], now, slice);
    yield;
    const out = yield* predictor.updateSteps({
      now, agents: floor.agents, queues: floor.queues, serviceLevelSec: options.serviceLevelSec(), serviceLevelTarget: target,
      handleTime: handleTimes.of,
    }, slice);
    yield;
    const conditions = yield* evaluateRuleSteps(config.rules, {
      now, agents: floor.agents, queues: floor.queues, sources: floor.sources, ownRegistered: floor.ownRegistered,
      ownExtension: floor.ownExtension, serviceLevelTarget: target, predictions: out.predictions,
    }, slice);
    yield;
    const enabled = new Set(config.rules.filter((r) => r.enabled).map((r) => r.id));
    const rows = tracker.update(conditions, enabled, config.clearAfterSec * 1000);
    // Forty queues' forecasts are a few kB: compared as text, sent only when they moved.
    const text = JSON.stringify(out.forecasts);
    const moved = text !== forecastText;
    forecastText = text;
    forecasts = out.forecasts;
    if (!rows && !moved) return null;
    return next({ reset: false, upsert: rows?.upsert ?? [], remove: rows?.remove ?? [], forecasts: moved ? forecasts : null });
  }
  return {
    tracker,
    steps,
    tick: (floor) => runSteps(steps(floor)),
    state: () => ({ seq, alerts: tracker.active(), forecasts }),
    reset: () => next({ reset: true, upsert: tracker.active(), remove: [], forecasts }),
    changed: (upsert) => next({ reset: false, upsert, remove: [], forecasts: null }),
  };
}
