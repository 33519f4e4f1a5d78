// Merging the sources' latest data into one floor, and joining agents with the calls on their extension.
// Each source replaces its own lists whole; a failing source simply keeps its last good SourceData in the
// map the caller holds, so its rows stay on screen (greyed by its SourceStatus) instead of vanishing.
//
// The merge works from each list's change (list-changes.ts: the decoder says which rows changed, other
// sources' lists are compared by identity), and only the rows that changed, or whose counterpart changed
// (an agent whose extension's call moved, an anonymous call whose extension's agent came or went), are joined
// again; then the queues where the PBX does not say them (queue-derivation.ts) and each agent's time in state
// as the console observes it (state-clock.ts), each for those rows only. A tick costs what changed.
import type { ActiveCall, Agent, EpochMs, QueueEntry, RowChanges } from '../../../common/domain';
import type { SourceData } from '../connectors/connector';
import { createKeyIndex, createListTracker } from './list-changes';
import { createQueueDeriver } from './queue-derivation';
import { createStateClock } from './state-clock';

export interface MergedFloor {
  agents: Agent[];
  calls: ActiveCall[];
  queueEntries: QueueEntry[];
  /** Which row kinds any source has delivered so far (events are held back until a kind has a baseline). */
  has: { agents: boolean; calls: boolean; queueEntries: boolean };
}

/** What one merge changed in the floor: the joined, derived rows that came or changed and the ids that went. */
export interface FloorChanges {
  agents: RowChanges<Agent>;
  calls: RowChanges<ActiveCall>;
  queueEntries: RowChanges<QueueEntry>;
}

export interface MergeStep {
  changes: FloorChanges;
  /** The lists as the sources gave them (the visits are the picture's as they are). */
  lists: { agents: Agent[]; calls: ActiveCall[]; queueEntries: QueueEntry[] };
  has: MergedFloor['has'];
}

interface FloorMerger {
  step(latest: Iterable<SourceData>): MergeStep;
  /** The merged row of an agent or a call as the last step left it. */
  agent(id: string): Agent | undefined;
  call(id: string): ActiveCall | undefined;
}

const NONE: never[] = [];

function concat<T>(lists: T[][]): T[] {
  // The common case is one source per kind: reuse its array rather than copying 10,000 rows (and keep
  // its identity, which tells the tracker that nothing changed, or lets it take the decoder's word).
  if (lists.length === 1) return lists[0] as T[];
  if (lists.length === 0) return NONE;
  return lists.flat();
}

/** Merge once, without memory (tests, one-off pictures). */
export function mergeSources(latest: Iterable<SourceData>, now: () => EpochMs = Date.now): MergedFloor {
  return createSourceMerger(now)(latest);
}

/** The same rows in the same order: the last array can be handed out again (and its diff skipped). */
function sameRows<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The call that decides the state of the agent on an extension, from its calls in list order: the first,
 * unless it rings and a later one is answered (a second call ringing while talking: the answered one decides).
 */
function decider(calls: Iterable<ActiveCall>): ActiveCall | undefined {
  let first: ActiveCall | undefined;
  for (const call of calls) {
    if (!first) {
      first = call;
      if (first.state !== 'ringing') return first;
    } else if (call.state === 'on-call') return call;
  }
  return first;
}

/** Joined rows found again by the very row they were made of while their counterpart is the same. */
interface JoinCache {
  agents: WeakMap<Agent, { call: ActiveCall; joined: Agent }>;
  calls: WeakMap<ActiveCall, { agentId: string; joined: ActiveCall }>;
}

const createJoinCache = (): JoinCache => ({ agents: new WeakMap(), calls: new WeakMap() });

/**
 * An agent whose extension has a RINGING call is 'ringing', an ONCALL call 'on-call', with `callId` set and
 * `stateSince` = the call's start (the PBX's agent list knows only RESUME / PAUSE). A row that does not
 * change is passed through as it is (the diff then finds it equal at the first field).
 */
function joinAgent(agent: Agent, call: ActiveCall | undefined, cache: JoinCache): Agent {
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
}

/** A call without an agent id (TEL4VN's user_uuid is often empty) gets the id of the agent on its extension. */
function joinCall(call: ActiveCall, agentId: string | undefined, cache: JoinCache): ActiveCall {
  if (call.agentId !== null || agentId === undefined) return call;
  const kept = cache.calls.get(call);
  if (kept?.agentId === agentId) return kept.joined;
  const joined = { ...call, agentId };
  cache.calls.set(call, { agentId, joined });
  return joined;
}

/** The join of whole lists (the rule above, once). On an extension with several agents the last one listed takes its calls. */
export function joinAgentsWithCalls(agents: Agent[], calls: ActiveCall[]): { agents: Agent[]; calls: ActiveCall[] } {
  const cache = createJoinCache();
  const callsOn = new Map<string, ActiveCall[]>();
  for (const call of calls) {
    const list = callsOn.get(call.extension);
    if (list) list.push(call);
    else callsOn.set(call.extension, [call]);
  }
  const agentOn = new Map<string, string>();
  for (const agent of agents) if (agent.extension !== null) agentOn.set(agent.extension, agent.id);
  return {
    agents: agents.map((a) => joinAgent(a, a.extension === null ? undefined : decider(callsOn.get(a.extension) ?? []), cache)),
    calls: calls.map((c) => joinCall(c, agentOn.get(c.extension), cache)),
  };
}

/** `row` handed out for its id, unless it is the row handed out last. */
function put<T extends { id: string }>(out: Map<string, T>, row: T, upsert: T[]): void {
  if (out.get(row.id) === row) return;
  out.set(row.id, row);
  upsert.push(row);
}

function drop<T>(out: Map<string, T>, id: string, remove: string[]): void {
  if (out.delete(id)) remove.push(id);
}

/**
 * The merge with memory: each step takes the sources' latest data and answers what changed in the merged
 * floor since the step before. Joining, deriving and the state clock look only at rows that changed.
 */
export function createFloorMerger(now: () => EpochMs = Date.now): FloorMerger {
  const trackAgents = createListTracker<Agent>();
  const trackCalls = createListTracker<ActiveCall>();
  const trackEntries = createListTracker<QueueEntry>();
  const agents = new Map<string, Agent>();
  const calls = new Map<string, ActiveCall>();
  /** The agents and calls on each extension, in the order they were first listed. */
  const agentsOn = createKeyIndex();
  const callsOn = createKeyIndex();
  /** The call deciding each extension's agent state. */
  const deciders = new Map<string, ActiveCall>();
  const cache = createJoinCache();
  const joinedAgents = new Map<string, Agent>();
  const joinedCalls = new Map<string, ActiveCall>();
  const deriver = createQueueDeriver(now);
  const clock = createStateClock();
  const merged = new Map<string, Agent>();
  const mergedCalls = new Map<string, ActiveCall>();

  const callsOnExtension = function* (ext: string): Generator<ActiveCall> {
    for (const id of callsOn.ids(ext) ?? []) {
      const call = calls.get(id);
      if (call) yield call;
    }
  };

  function join(rawAgents: RowChanges<Agent>, rawCalls: RowChanges<ActiveCall>): { agents: RowChanges<Agent>; calls: RowChanges<ActiveCall> } {
    // The calls, and the extensions whose calls moved.
    const touched = new Set<string>();
    for (const id of rawCalls.remove) {
      const before = calls.get(id);
      if (!before) continue;
      calls.delete(id);
      callsOn.delete(before.extension, id);
      touched.add(before.extension);
    }
    for (const call of rawCalls.upsert) {
      const before = calls.get(call.id);
      calls.set(call.id, call);
      if (!before || before.extension !== call.extension) {
        if (before) {
          callsOn.delete(before.extension, call.id);
          touched.add(before.extension);
        }
        callsOn.add(call.extension, call.id);
      }
      touched.add(call.extension);
    }
    // The agents to join again: those that changed, and those whose extension's deciding call changed.
    const dirty = new Set<string>();
    for (const ext of touched) {
      const next = decider(callsOnExtension(ext));
      if (next === deciders.get(ext)) continue;
      if (next) deciders.set(ext, next);
      else deciders.delete(ext);
      for (const id of agentsOn.ids(ext) ?? []) dirty.add(id);
    }
    /** Extensions whose listed agents came or went: their anonymous calls are joined again. */
    const moved = new Set<string>();
    const agentRemove: string[] = [];
    for (const id of rawAgents.remove) {
      const before = agents.get(id);
      if (!before) continue;
      agents.delete(id);
      if (before.extension !== null) {
        agentsOn.delete(before.extension, id);
        moved.add(before.extension);
      }
      drop(joinedAgents, id, agentRemove);
    }
    for (const agent of rawAgents.upsert) {
      const before = agents.get(agent.id);
      agents.set(agent.id, agent);
      dirty.add(agent.id);
      if (before && before.extension === agent.extension) continue;
      if (before?.extension) {
        agentsOn.delete(before.extension, agent.id);
        moved.add(before.extension);
      }
      if (agent.extension !== null) {
        agentsOn.add(agent.extension, agent.id);
        moved.add(agent.extension);
      }
    }
    const agentUpsert: Agent[] = [];
    for (const id of dirty) {
      const agent = agents.get(id);
      if (agent) put(joinedAgents, joinAgent(agent, agent.extension === null ? undefined : deciders.get(agent.extension), cache), agentUpsert);
    }
    // The calls to join again: those that changed, and the anonymous ones on an extension whose agent moved.
    const callRemove: string[] = [];
    for (const id of rawCalls.remove) drop(joinedCalls, id, callRemove);
    const again = new Set<string>(rawCalls.upsert.map((c) => c.id));
    for (const ext of moved) for (const call of callsOnExtension(ext)) if (call.agentId === null) again.add(call.id);
    const callUpsert: ActiveCall[] = [];
    for (const id of again) {
      const call = calls.get(id);
      if (call) put(joinedCalls, joinCall(call, agentsOn.last(call.extension), cache), callUpsert);
    }
    return { agents: { upsert: agentUpsert, remove: agentRemove }, calls: { upsert: callUpsert, remove: callRemove } };
  }

  return {
    agent: (id) => merged.get(id),
    call: (id) => mergedCalls.get(id),
    step(latest) {
      const agentLists: Agent[][] = [];
      const callLists: ActiveCall[][] = [];
      const entryLists: QueueEntry[][] = [];
      for (const data of latest) {
        if (data.agents) agentLists.push(data.agents);
        if (data.calls) callLists.push(data.calls);
        if (data.queueEntries) entryLists.push(data.queueEntries);
      }
      const lists = { agents: concat(agentLists), calls: concat(callLists), queueEntries: concat(entryLists) };
      const entries = trackEntries.track(lists.queueEntries);
      const joined = join(trackAgents.track(lists.agents), trackCalls.track(lists.calls));
      const derived = deriver.update(joined.agents, joined.calls, entries);
      const at = now();
      const agentUpsert: Agent[] = [];
      const agentRemove: string[] = [];
      for (const id of derived.agents.remove) {
        clock.forget(id);
        drop(merged, id, agentRemove);
      }
      for (const agent of derived.agents.upsert) put(merged, clock.row(agent, at), agentUpsert);
      for (const id of derived.calls.remove) mergedCalls.delete(id);
      for (const call of derived.calls.upsert) mergedCalls.set(call.id, call);
      return {
        changes: { agents: { upsert: agentUpsert, remove: agentRemove }, calls: derived.calls, queueEntries: entries },
        lists,
        has: { agents: agentLists.length > 0, calls: callLists.length > 0, queueEntries: entryLists.length > 0 },
      };
    },
  };
}

/**
 * The merger's whole lists (tests, one-off pictures): the merged rows in the sources' order. While no row
 * changed, the last arrays are handed out again (so the picture can skip their diff).
 */
export function createSourceMerger(now: () => EpochMs = Date.now): (latest: Iterable<SourceData>) => MergedFloor {
  const merger = createFloorMerger(now);
  let last: { agents: Agent[]; calls: ActiveCall[] } | null = null;
  return (latest) => {
    const { lists, has } = merger.step(latest);
    const agents = lists.agents.map((a) => merger.agent(a.id) ?? a);
    const calls = lists.calls.map((c) => merger.call(c.id) ?? c);
    last = {
      agents: last && sameRows(agents, last.agents) ? last.agents : agents,
      calls: last && sameRows(calls, last.calls) ? last.calls : calls,
    };
    return { ...last, queueEntries: lists.queueEntries, has };
  };
}
