// The scenario that moves the simulated floor: how often callers arrive (swelling and ebbing), how long they
// wait before giving up and how often they call back, how long calls last, and when agents log in, pause
// and place their own calls. The floor model (floor.ts) draws its durations from these constants; the
// random steps here only call the model's operations.
import { phoneNumber } from './names';
import { PAUSE_REASONS, type FloorInternals, type SimAgent, type SimQueueEntry } from './floor-types';

// Scenario rates (per second of scenario time) and durations (seconds of scenario time).
const CALLS_PER_AGENT_PER_SEC = 0.0035; // ~0.6 occupancy at a 3-minute mean talk time
/** Arrivals swell and ebb (+-60 % over 20 minutes) so queues build up and callers abandon at the peaks. */
const DEFAULT_SURGE = 0.6;
const SURGE_PERIOD_SEC = 1200;
export const MEAN_TALK_SEC = 180;
export const MEAN_PATIENCE_SEC = 75;
export const MIN_PATIENCE_SEC = 10;
export const REJOIN_CHANCE = 0.3;
const MEAN_AVAILABLE_BEFORE_PAUSE_SEC = 1800;
const MEAN_LOGGED_OUT_SEC = 1800;
const MEAN_SHIFT_SEC = 4 * 3600;
const MEAN_OUTBOUND_GAP_SEC = 3600;
export const OUTBOUND_ANSWER_CHANCE = 0.8;

/**
 * The busy morning (issue 17's backtest day), fixed before the predictor was tuned: four hours of scenario
 * time from 08:00. Arrivals, as a share of the steady floor's rate: 0.55 at 08:00 rising to 0.85 at 08:45,
 * to the peak of 1.5 at 09:15, held until 10:45, falling to 0.75 by 11:15 and held to 12:00. Each queue
 * draws a weight from 0.6 to 1.4 (its share of the callers), while agents are spread evenly, so at the peak
 * some queues are understaffed and others are not. At 09:00 a tenth of the logged-in agents leave for a
 * training (paused TRAINING, back at its usual pace): the floor understaffs.
 */
export const BUSY_MORNING = {
  hours: 4,
  profile: [
    [0, 0.55], [45, 0.85], [75, 1.5], [165, 1.5], [195, 0.75], [240, 0.75],
  ] as readonly (readonly [minute: number, share: number])[],
  weights: [0.6, 1.4] as const,
  trainingAtMin: 60,
  trainingShare: 0.1,
};

/** The busy morning's arrival share at `minute` (linear between the profile's points). */
function busyMorningShare(minute: number): number {
  const p = BUSY_MORNING.profile;
  for (let i = 1; i < p.length; i++) {
    const [m1, s1] = p[i] as readonly [number, number];
    const [m0, s0] = p[i - 1] as readonly [number, number];
    if (minute <= m1) return s0 + ((s1 - s0) * (minute - m0)) / (m1 - m0);
  }
  return (p[p.length - 1] as readonly [number, number])[1];
}

export interface Scenario {
  /** The random part of a step of `dtSec` scenario seconds: agents' own moves, then new callers. */
  randomStep(dtSec: number): void;
  /** Idle agents take the oldest waiting caller among their queues. */
  routeWaiting(): void;
}

export function createScenario(m: FloorInternals): Scenario {
  const { rng, agents, queues, entries, idle } = m;
  const surgeAmplitude = m.options.surge ?? DEFAULT_SURGE;
  const busy = m.options.scenario === 'busy-morning';
  // Busy morning: each queue's share of the callers, drawn at the first arrivals (the queues exist by then)
  // and only in that scenario, so the steady floor's draws stay as they were.
  let weights: number[] | null = null;
  let weightSum = 0;
  let trainingDone = false;

  const pickQueue = (): (typeof queues)[number] => {
    if (!busy) return rng.pick(queues);
    if (!weights) {
      weights = queues.map(() => BUSY_MORNING.weights[0] + rng.next() * (BUSY_MORNING.weights[1] - BUSY_MORNING.weights[0]));
      weightSum = weights.reduce((x, y) => x + y, 0);
    }
    let r = rng.next() * weightSum;
    for (let i = 0; i < queues.length; i++) {
      r -= weights[i] as number;
      if (r <= 0) return queues[i] as (typeof queues)[number];
    }
    return queues[queues.length - 1] as (typeof queues)[number];
  };

  /** Busy morning, 09:00: a tenth of the logged-in, available agents go to a training. */
  const training = (): void => {
    if (!busy || trainingDone || m.scenarioMs < BUSY_MORNING.trainingAtMin * 60_000) return;
    trainingDone = true;
    for (const a of agents) {
      if (a.loggedIn && a.status === 'available' && idle.has(a.id) && rng.chance(BUSY_MORNING.trainingShare)) m.setPause(a, true, 'TRAINING');
    }
  };

  const randomAgents = (dtSec: number): void => {
    const pLogin = dtSec / MEAN_LOGGED_OUT_SEC;
    const pLogout = dtSec / MEAN_SHIFT_SEC;
    const pPause = dtSec / MEAN_AVAILABLE_BEFORE_PAUSE_SEC;
    const pOutbound = dtSec / MEAN_OUTBOUND_GAP_SEC;
    for (const a of agents) {
      const r = rng.next();
      if (!a.loggedIn) {
        if (r < pLogin) m.setLogin(a, true, 'available');
        continue;
      }
      if (!idle.has(a.id)) {
        if (a.status === 'paused' && m.agentCall(a) === undefined) {
          const reason = PAUSE_REASONS.find((p) => p.code === a.pauseCode);
          if (r < dtSec / (reason?.meanSec ?? 300)) m.setPause(a, false);
        }
        continue;
      }
      if (r < pLogout) m.setLogin(a, false, 'available');
      else if (r < pLogout + pPause) m.setPause(a, true, rng.pick(PAUSE_REASONS).code);
      else if (r < pLogout + pPause + pOutbound) m.startCall(a.extension, { ringing: true });
    }
  };

  const arrivals = (dtSec: number): void => {
    const share = busy
      ? busyMorningShare(m.scenarioMs / 60_000)
      : 1 + surgeAmplitude * Math.sin((2 * Math.PI * m.scenarioMs) / 1000 / SURGE_PERIOD_SEC);
    const n = rng.poisson(agents.length * CALLS_PER_AGENT_PER_SEC * share * dtSec);
    for (let i = 0; i < n; i++) m.newCaller(pickQueue(), phoneNumber(rng));
  };

  const routeWaiting = (): void => {
    if (!queues.some((q) => q.waiting.length > 0)) return;
    for (const id of [...idle]) {
      const a = agents[id - 1] as SimAgent;
      let best: SimQueueEntry | undefined;
      for (const qid of a.queueIds) {
        const head = queues[qid - 1]?.waiting[0];
        const e = head !== undefined ? entries.get(head) : undefined;
        if (e && (!best || (e.rejoinedAt ?? e.joinedAt) < (best.rejoinedAt ?? best.joinedAt))) best = e;
      }
      if (best) m.route(best, a, true);
    }
  };

  return {
    randomStep(dtSec) {
      training();
      randomAgents(dtSec);
      arrivals(dtSec);
    },
    routeWaiting,
  };
}
