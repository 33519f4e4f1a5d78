// The handle time the breach predictor uses per queue (issue 17, point 3): the day's from the PBX's call
// records (the reconciled Today AHT: talk time of the answered visits whose record has closed), else the one
// the console observed itself, for PBXs without records (Evolux, cc_agent) or before the first records pass:
// how long each agent stayed on a queue call, from the moment the console saw him on it until he left it.
// Talk time only, like the records' billsec: wrap-up is not counted on either side.
import type { ActiveCall, Agent, EpochMs } from '../../../common/domain';
import type { QueueCounters } from '../picture/daily-stats';
import { runSteps } from '../picture/steps';

/** The observed mean is over the newest calls of each queue: the morning's calls say little of the afternoon's. */
const OBSERVED_CALLS = 50;
/** Below this many observed calls the mean is noise: the predictor keeps its default (180 s). */
export const MIN_OBSERVED_CALLS = 5;

type HandleTimeSource = 'records' | 'observed' | 'default';

interface HandleTimes {
  /** Fold in this tick's agents and calls: calls that ended since the last tick become observations. */
  observe(agents: readonly Agent[], calls: readonly ActiveCall[], now: EpochMs): void;
  /** The same, yielding after every `slice` agents (the alert pass's steps); the lists must not change meanwhile. */
  observeSteps(agents: readonly Agent[], calls: readonly ActiveCall[], now: EpochMs, slice: number): Generator<void, void>;
  /** The queue's handle time, seconds, and where it comes from; null when neither is known. */
  of(queueId: string): { sec: number; from: Exclude<HandleTimeSource, 'default'> } | null;
}

export function createHandleTimes(counters: () => ReadonlyMap<string, QueueCounters> | null): HandleTimes {
  /** Per agent: the call he is on, its queue (null: outbound or internal, no queue's handle time) and since when. */
  const onCall = new Map<string, { callId: string; queueId: string | null; since: EpochMs; pass: number }>();
  /** The observe() that last saw each agent on his call (a counter, not a set of ids built every second). */
  let pass = 0;
  /** Per queue: the newest observed talk times, seconds. */
  const observed = new Map<string, number[]>();
  let lastNow: EpochMs | null = null;

  const record = (queueId: string | null, sec: number): void => {
    if (queueId === null) return;
    let list = observed.get(queueId);
    if (!list) observed.set(queueId, (list = []));
    list.push(sec);
    if (list.length > OBSERVED_CALLS) list.shift();
  };

  function* observeSteps(agents: readonly Agent[], calls: readonly ActiveCall[], now: EpochMs, slice: number): Generator<void, void> {
    pass++;
    /** Calls not seen before (already in `onCall`): which queue each came through is read below, for these only. */
    const fresh: { callId: string; queueId: string | null; since: EpochMs; pass: number }[] = [];
    let n = 0;
    // Indexes, not for..of: inside a generator each step of an array's iterator is an object (row-tally.ts).
    for (let i = 0; i < agents.length; i++) {
      const a = agents[i] as Agent;
      if (++n % slice === 0) yield;
      if (a.state !== 'on-call' || a.callId === null) continue;
      const current = onCall.get(a.id);
      if (current?.callId === a.callId) {
        current.pass = pass;
        continue;
      }
      if (current) record(current.queueId, (now - current.since) / 1000);
      // From when the agent's state says the call began, when that is since the last look (or this is the
      // first look: a call already going); else from now (a second call straight after the first).
      const since = a.stateSince !== null && (lastNow === null || a.stateSince >= lastNow) ? a.stateSince : now;
      const call = { callId: a.callId, queueId: null, since, pass };
      onCall.set(a.id, call);
      fresh.push(call);
    }
    if (fresh.length > 0) {
      // One pass over the calls for the few new ones (a map of every call, made each second at 10,000
      // agents, was a seventh of what the main thread allocated: a sampling heap profile of the bench's tick).
      // Outbound and internal calls keep no queue, so no queue's handle time (kept, not looked up again).
      const queueOf = new Map<string, string | null>();
      for (const call of fresh) queueOf.set(call.callId, null);
      for (let i = 0; i < calls.length; i++) {
        const c = calls[i] as ActiveCall;
        if (++n % slice === 0) yield;
        if (c.queueId !== null && queueOf.has(c.id)) queueOf.set(c.id, c.queueId);
      }
      for (const call of fresh) call.queueId = queueOf.get(call.callId) ?? null;
    }
    // forEach, not for..of: no [id, c] pair made per agent on a call.
    onCall.forEach((c, id) => {
      if (c.pass === pass) return;
      record(c.queueId, (now - c.since) / 1000);
      onCall.delete(id);
    });
    lastNow = now;
  }

  return {
    observeSteps,
    observe: (agents, calls, now) => runSteps(observeSteps(agents, calls, now, Infinity)),
    of(queueId) {
      const c = counters()?.get(queueId);
      if (c && c.talked > 0) return { sec: c.talkSumSec / c.talked, from: 'records' };
      const list = observed.get(queueId);
      if (!list || list.length < MIN_OBSERVED_CALLS) return null;
      return { sec: list.reduce((x, y) => x + y, 0) / list.length, from: 'observed' };
    },
  };
}
