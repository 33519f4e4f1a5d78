// Agents' queue lists on the web host's WebSocket, each distinct list sent once per frame. An agent's
// `queues` is the queues it serves (derived from the visits it and its campaign answered): at 10,000 agents
// about 18 queue ids each, 6.4 MB of a 14 MB picture, yet only a few hundred distinct lists. A floor frame
// (the floor:get answer, floor:reset, floor:changed) carries them once in `queueLists`, and each agent's
// `queues` as the index of its list there; the page puts the lists back (shared, one array per list)
// before anything reads the frame. Pure: used by main/web/ws-bridge.ts, the browser client and the bench.
import type { FloorState } from './contract';
import type { Agent, ChangeSet } from './domain';

/** The channels whose payload (or answer) holds agents: a FloorState, or a ChangeSet. */
const FLOOR_STATES = new Set(['floor:get', 'floor:reset']);
const CHANGE_SETS = new Set(['floor:changed']);

type Packed<T> = T & { queueLists: string[][] };

/** Agents with `queues` replaced by an index into `lists` (equal lists, by identity or by content, share one). */
function packAgents(agents: readonly Agent[], lists: string[][]): Agent[] {
  const byArray = new Map<readonly string[], number>();
  const byText = new Map<string, number>();
  return agents.map((agent) => {
    let at = byArray.get(agent.queues);
    if (at === undefined) {
      const text = agent.queues.join('\n');
      at = byText.get(text);
      if (at === undefined) {
        at = lists.length;
        lists.push(agent.queues);
        byText.set(text, at);
      }
      byArray.set(agent.queues, at);
    }
    return { ...agent, queues: at as unknown as string[] };
  });
}

/** The payload of `channel` (an event, or the answer to an invoke) as the frame carries it. */
export function packQueueLists(channel: string, payload: unknown): unknown {
  const lists: string[][] = [];
  if (FLOOR_STATES.has(channel)) {
    const state = payload as FloorState;
    if (!Array.isArray(state?.snapshot?.agents)) return payload; // not a picture (a host's stand-in): as it is
    const packed: Packed<FloorState> = { ...state, snapshot: { ...state.snapshot, agents: packAgents(state.snapshot.agents, lists) }, queueLists: lists };
    return packed;
  }
  if (CHANGE_SETS.has(channel)) {
    const cs = payload as ChangeSet;
    if (!Array.isArray(cs?.agents?.upsert)) return payload;
    const packed: Packed<ChangeSet> = { ...cs, agents: { ...cs.agents, upsert: packAgents(cs.agents.upsert, lists) }, queueLists: lists };
    return packed;
  }
  return payload;
}

/** Put the lists back into a frame's agents, in place (the frame was just parsed and is the reader's own). */
function unpackAgents(agents: Agent[], lists: readonly string[][]): void {
  for (const agent of agents) {
    const at = agent.queues as unknown;
    // An index the frame does not hold (a host of another version would be refused before this): no queues.
    agent.queues = typeof at === 'number' ? (lists[at] ?? []) : Array.isArray(at) ? (at as string[]) : [];
  }
}

/** The payload of `channel` as the core sent it, from the frame's. */
export function unpackQueueLists(channel: string, payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || !('queueLists' in payload)) return payload;
  const packed = payload as Packed<FloorState | ChangeSet>;
  const lists = Array.isArray(packed.queueLists) ? packed.queueLists : [];
  const agents = FLOOR_STATES.has(channel) ? (packed as Packed<FloorState>).snapshot?.agents
    : CHANGE_SETS.has(channel) ? (packed as Packed<ChangeSet>).agents?.upsert : undefined;
  if (Array.isArray(agents)) unpackAgents(agents, lists);
  const { queueLists: _lists, ...plain } = packed;
  return plain;
}
