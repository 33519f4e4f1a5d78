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

export interface Scenario {
  /** The random part of a step of `dtSec` scenario seconds: agents' own moves, then new callers. */
  randomStep(dtSec: number): void;
  /** Idle agents take the oldest waiting caller among their queues. */
  routeWaiting(): void;
}

export function createScenario(m: FloorInternals): Scenario {
  const { rng, agents, queues, entries, idle } = m;
  const surgeAmplitude = m.options.surge ?? DEFAULT_SURGE;

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
    const surge = 1 + surgeAmplitude * Math.sin((2 * Math.PI * m.scenarioMs) / 1000 / SURGE_PERIOD_SEC);
    const n = rng.poisson(agents.length * CALLS_PER_AGENT_PER_SEC * surge * dtSec);
    for (let i = 0; i < n; i++) m.newCaller(rng.pick(queues), phoneNumber(rng));
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
      randomAgents(dtSec);
      arrivals(dtSec);
    },
    routeWaiting,
  };
}
