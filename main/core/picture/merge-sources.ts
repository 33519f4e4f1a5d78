// Merging the sources' latest data into one floor, and joining agents with the calls on their extension.
// Each source replaces its own lists whole; a failing source simply keeps its last good SourceData in the
// map the caller holds, so its rows stay on screen (greyed by its SourceStatus) instead of vanishing.
import type { ActiveCall, Agent, EpochMs, QueueEntry } from '../../../common/domain';
import type { SourceData } from '../connectors/connector';
import { createQueueDeriver } from './queue-derivation';
import { createStateClock } from './state-clock';

export interface MergedFloor {
  agents: Agent[];
  calls: ActiveCall[];
  queueEntries: QueueEntry[];
  /** Which row kinds any source has delivered so far (events are held back until a kind has a baseline). */
  has: { agents: boolean; calls: boolean; queueEntries: boolean };
}

const NONE: never[] = [];

function concat<T>(lists: T[][]): T[] {
  // The common case is one source per kind: reuse its array rather than copying 10,000 rows (and keep
  // its identity, which tells the merger and the diff that nothing changed).
  if (lists.length === 1) return lists[0] as T[];
  if (lists.length === 0) return NONE;
  return lists.flat();
}

/** Merge once, without memory (tests, one-off pictures). */
export function mergeSources(latest: Iterable<SourceData>, now: () => EpochMs = Date.now): MergedFloor {
  return createSourceMerger(now)(latest);
}

/** The same rows in the same order: the last array can be handed out again (and its diff skipped). */
export function sameRows<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * mergeSources with memory: when a tick's lists are the very arrays of the last tick (only another source
 * answered), the last joined lists are returned as they were, so the picture can skip their diff. Each
 * source answer then costs in proportion to that source, not to the whole floor.
 * After the join: the queues of calls and agents where the PBX does not say them (queue-derivation.ts),
 * then each agent's time in state as the console observes it (state-clock.ts), stamped with `now()`.
 */
export function createSourceMerger(now: () => EpochMs = Date.now): (latest: Iterable<SourceData>) => MergedFloor {
  let lastAgentsIn: Agent[] | null = null;
  let lastCallsIn: ActiveCall[] | null = null;
  let lastEntriesIn: QueueEntry[] | null = null;
  let lastJoined: { agents: Agent[]; calls: ActiveCall[] } | null = null;
  let lastOut: { agents: Agent[]; calls: ActiveCall[] } | null = null;
  const cache = createJoinCache();
  const deriver = createQueueDeriver();
  const clock = createStateClock();
  return (latest) => {
    const agents: Agent[][] = [];
    const calls: ActiveCall[][] = [];
    const entries: QueueEntry[][] = [];
    for (const data of latest) {
      if (data.agents) agents.push(data.agents);
      if (data.calls) calls.push(data.calls);
      if (data.queueEntries) entries.push(data.queueEntries);
    }
    const agentsIn = concat(agents);
    const callsIn = concat(calls);
    const entriesIn = concat(entries);
    const joinedMoved = !lastJoined || agentsIn !== lastAgentsIn || callsIn !== lastCallsIn;
    if (joinedMoved) {
      lastJoined = joinAgentsWithCalls(agentsIn, callsIn, cache);
      lastAgentsIn = agentsIn;
      lastCallsIn = callsIn;
    }
    if (joinedMoved || entriesIn !== lastEntriesIn || !lastOut) {
      lastEntriesIn = entriesIn;
      const joined = lastJoined as { agents: Agent[]; calls: ActiveCall[] };
      const derived = deriver.apply(joined.agents, joined.calls, entriesIn);
      const agentsOut = clock.apply(derived.agents, now());
      // Only the queue monitor answered and nothing was learned: the lists keep their arrays.
      lastOut = {
        agents: lastOut && sameRows(agentsOut, lastOut.agents) ? lastOut.agents : agentsOut,
        calls: lastOut && sameRows(derived.calls, lastOut.calls) ? lastOut.calls : derived.calls,
      };
    }
    return {
      ...lastOut,
      queueEntries: entriesIn,
      has: { agents: agents.length > 0, calls: calls.length > 0, queueEntries: entries.length > 0 },
    };
  };
}

/**
 * What joining keeps between ticks. The decoder keeps unchanged rows' objects, so: the calls by extension
 * are rebuilt only when the calls list changed, and a joined row is found again by the very row it was
 * made of (weakly held: it goes with that row) while its counterpart is the same object. An agent on the
 * same call then keeps its joined object, and the diff finds it equal by identity instead of comparing
 * 5,000 on-call agents field by field at every tick.
 */
export interface JoinCache {
  calls: ActiveCall[] | null;
  byExtension: Map<string, ActiveCall>;
  anonymous: boolean;
  agents: WeakMap<Agent, { call: ActiveCall; joined: Agent }>;
  callsJoined: WeakMap<ActiveCall, { agent: Agent; joined: ActiveCall }>;
}

export function createJoinCache(): JoinCache {
  return { calls: null, byExtension: new Map(), anonymous: false, agents: new WeakMap(), callsJoined: new WeakMap() };
}

/**
 * An agent whose extension has a RINGING call is 'ringing', an ONCALL call 'on-call', with `callId` set and
 * `stateSince` = the call's start (the PBX's agent list knows only RESUME / PAUSE). A call without an
 * agent id gets the id of the agent on its extension. Rows that do not change are passed through as they
 * are (the diff then finds them equal at the first field).
 */
export function joinAgentsWithCalls(
  agents: Agent[],
  calls: ActiveCall[],
  cache: JoinCache = createJoinCache(),
): { agents: Agent[]; calls: ActiveCall[] } {
  if (calls.length === 0) return { agents, calls };
  if (cache.calls !== calls) {
    cache.calls = calls;
    cache.byExtension = new Map();
    cache.anonymous = false;
    for (const call of calls) {
      const seen = cache.byExtension.get(call.extension);
      // Two calls on one extension (a second one ringing while talking): the answered one decides the state.
      if (!seen || (seen.state === 'ringing' && call.state === 'on-call')) cache.byExtension.set(call.extension, call);
      if (call.agentId === null) cache.anonymous = true;
    }
  }
  const byExtension = cache.byExtension;
  const joinedAgents = agents.map((agent) => {
    if (agent.extension === null) return agent;
    const call = byExtension.get(agent.extension);
    if (!call) return agent;
    const state = call.state === 'ringing' ? 'ringing' : 'on-call';
    if (agent.state === state && agent.callId === call.id && agent.stateSince === call.startedAt) return agent;
    const kept = cache.agents.get(agent);
    if (kept?.call === call) return kept.joined;
    // Written out rather than spread: an object literal of a known shape is several times cheaper.
    const joined: Agent = {
      id: agent.id, name: agent.name, username: agent.username, extension: agent.extension, state, stateSince: call.startedAt,
      pauseReason: agent.pauseReason, pauseLimitSec: agent.pauseLimitSec, queues: agent.queues, campaign: agent.campaign,
      callId: call.id, origin: agent.origin, answeredToday: agent.answeredToday,
    };
    cache.agents.set(agent, { call, joined });
    return joined;
  });
  // Only when the PBX left some call without an agent id (TEL4VN's user_uuid is often empty).
  if (!cache.anonymous) return { agents: joinedAgents, calls };
  const agentByExtension = new Map<string, Agent>();
  for (const agent of agents) if (agent.extension !== null) agentByExtension.set(agent.extension, agent);
  const joinedCalls = calls.map((call) => {
    if (call.agentId !== null) return call;
    const agent = agentByExtension.get(call.extension);
    if (!agent) return call;
    const kept = cache.callsJoined.get(call);
    if (kept?.agent === agent) return kept.joined;
    const joined = { ...call, agentId: agent.id };
    cache.callsJoined.set(call, { agent, joined });
    return joined;
  });
  return { agents: joinedAgents, calls: joinedCalls };
}
