// The predicted breach, backtested (issue 17): the simulator's busy morning (main/simulator/scenario.ts,
// BUSY_MORNING) is run on its own clock, four hours in a few seconds, and every 10 s of scenario time the
// core's own code reads it: the day's counters (picture/daily-stats.ts: newOutcomes, addOutcome), the
// queue summaries (picture/queue-summary.ts) and the predictor (alerts/predict-breach.ts), exactly as a
// tick of the core does. What this skips is only the HTTP and the dialect between: the queue entries and
// agents are mapped straight from the simulator's model into the console's types.
//
// The recorded day: per queue and per sample, today's service level, its outcomes and whether the
// predicted-breach condition held. score.ts turns it into precision, recall and lead time.
//
// Fixed before the predictor was tuned (issue 17): seed 17 (the reported day), seed 29 (the second day),
// 120 agents, 6 queues, target 80 % answered within 20 s. Two days are too few to tune on (3 to 6 breaches
// each: one alert moves precision by 0.1), so the second round tuned on `tuning` (seeds 1-12) only and reports
// `heldOut` (13-40 but 17 and 29), never looked at while tuning, beside them.
import type { ActiveCall, Agent, QueueEntry, QueueSummary } from '../../common/domain';
import { createPredictor } from '../../main/core/alerts/predict-breach';
import { addOutcome, newOutcomes, type QueueCounters } from '../../main/core/picture/daily-stats';
import { countWaiting, summariseQueues } from '../../main/core/picture/queue-summary';
import { createFloor } from '../../main/simulator/floor';
import type { Floor } from '../../main/simulator/floor-types';
import { BUSY_MORNING } from '../../main/simulator/scenario';
import type { RecordedDay } from './score';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const BACKTEST = {
  seeds: [17, 29], tuning: range(1, 12), heldOut: range(13, 40).filter((s) => s !== 17 && s !== 29), agents: 120, queues: 6, targetPct: 80, serviceLevelSec: 20, sampleSec: 10 } as const;

/** 08:00 on a fixed day, as the scenario's wall clock (only differences matter). */
const DAY_START = Date.UTC(2026, 11, 7, 1, 0, 0);

/**
 * The simulator's floor as the core sees it after a tick: the queue summaries (the day counted from the
 * queue entries by the core's own daily-stats functions), the agents and the live calls, mapped straight
 * from the model (no HTTP, no dialect). Also what the alert-cost measure (bench/alert-cost.ts) reads.
 */
export function readFloor(
  floor: Floor, counted: Set<string>, counters: Map<string, QueueCounters>, dayStart: number, now: number, serviceLevelSec: number,
): { queues: QueueSummary[]; agents: Agent[]; calls: ActiveCall[] } {
  const entries: QueueEntry[] = [];
  for (const e of floor.entries.values()) {
    entries.push({
      id: e.callId, queueId: String(e.queueId), queueName: floor.queues[e.queueId - 1]?.name ?? '', number: e.number,
      status: e.status === 'Trying' ? 'waiting' : e.status === 'Answered' ? 'answered' : 'abandoned',
      joinedAt: e.rejoinedAt ?? e.joinedAt, bridgedAt: e.bridgedAt, abandonedAt: e.abandonedAt, agentName: null,
    });
  }
  for (const o of newOutcomes(entries, counted, 'backtest', dayStart, now)) {
    counted.add(o.key);
    addOutcome(counters, o, serviceLevelSec);
  }
  const queues = summariseQueues(countWaiting(entries), counters);
  const calls: ActiveCall[] = [];
  const agents: Agent[] = floor.agents.map((a) => {
    const call = floor.agentCall(a);
    const state: Agent['state'] = !a.loggedIn ? 'offline' : call ? (call.state === 'ringing' ? 'ringing' : 'on-call') : a.status === 'paused' ? 'paused' : 'available';
    if (call) {
      const queueId = call.queueId === null ? null : String(call.queueId);
      calls.push({
        id: call.id, extension: a.extension, agentId: String(a.id), agentName: a.username, customerNumber: call.customerNumber,
        direction: call.direction, state: call.state === 'ringing' ? 'ringing' : 'on-call', startedAt: call.createdAt,
        queueId, queueName: queueId === null ? null : (floor.queues[Number(queueId) - 1]?.name ?? null),
      });
    }
    return {
      id: String(a.id), name: a.username, username: a.username, extension: a.extension, state, stateSince: a.updatedAt,
      pauseReason: a.pauseCode || null, pauseLimitSec: null, queues: a.queueIds.map(String), campaign: null,
      callId: call?.id ?? null, origin: 'pbx', answeredToday: null,
    };
  });
  return { queues, agents, calls };
}

export function recordBusyMorning(seed: number): RecordedDay {
  let now = DAY_START;
  const floor = createFloor({
    seed, agents: BACKTEST.agents, queues: BACKTEST.queues, retentionMs: 60_000, supervisorExtension: '9000',
    domainName: 'backtest.local', hotline: '19001000', scenario: 'busy-morning', clock: () => now,
  });
  const predictor = createPredictor();
  const counted = new Set<string>();
  const counters = new Map<string, QueueCounters>();
  const day: RecordedDay = { seed, targetPct: BACKTEST.targetPct, sampleSec: BACKTEST.sampleSec, queues: {} };
  const seconds = BUSY_MORNING.hours * 3600;

  for (let sec = 1; sec <= seconds; sec++) {
    now += 1000;
    floor.advance(1000);
    if (sec % BACKTEST.sampleSec !== 0) continue;

    const { queues, agents } = readFloor(floor, counted, counters, DAY_START, now, BACKTEST.serviceLevelSec);
    const { predictions } = predictor.update({
      now, agents, queues, serviceLevelSec: BACKTEST.serviceLevelSec, serviceLevelTarget: () => BACKTEST.targetPct,
    });
    for (const q of queues) {
      const series = (day.queues[q.id] ??= []);
      const p = predictions.get(q.id);
      series.push({
        t: sec,
        slPct: q.serviceLevelPct,
        outcomes: q.answered + q.abandoned,
        predicted: p?.breach ?? false,
        nextSlPct: p?.nextSlPct ?? null,
      });
    }
  }
  return day;
}
