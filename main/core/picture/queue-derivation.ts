// Which queue a live call and an agent belong to, where the PBX does not say. TEL4VN's /v3/monitor rows
// carry no queue at all (seed 003), and /v3/agent/live gives a campaign_uuid, never a queue (seed 000):
// without this, scoping to "my queues" would empty Live calls and narrow no agent. What the seeds do give
// is the queue monitor's visits (call_uuid, mobile, call_center_agent_name, the queue), so:
//   - a call takes the queue of the visit with its call id (call_id = call_uuid); failing that (a PBX whose
//     leg ids differ), of the Answered visit with its customer number and its agent; failing that, of the
//     one not-abandoned visit with its customer number (inbound calls only). Once found, a call keeps its
//     queue until it ends (the visit may leave the queue monitor before the call does);
//   - an agent's queues are the queues of the visits they answered, plus those answered by anyone in their
//     campaign (an inbound campaign feeds its queues; learned, never guessed up front).
// A connector that does name the queue (a call's queueId, an agent's queues) is taken as it is.
// Learned links live as long as the connection (what a campaign serves can change between days).
import type { ActiveCall, Agent, QueueEntry } from '../../../common/domain';

export interface QueueDeriver {
  /** The calls and agents with their queues filled in; rows and arrays that did not change are returned as they were. */
  apply(agents: readonly Agent[], calls: readonly ActiveCall[], entries: readonly QueueEntry[]): { agents: Agent[]; calls: ActiveCall[] };
}

interface QueueRef {
  id: string;
  name: string;
}

/**
 * Names compared without case or padding. Memoised by the text itself: the agents index is rebuilt on most
 * ticks from rows whose names did not change (the decoder keeps an unchanged row's strings), and lower-casing
 * 20,000 names a tick was most of that rebuild. Bounded: a floor has far fewer distinct names.
 */
const normed = new Map<string, string>();
const NORMED_LIMIT = 100_000;
function norm(text: string | null | undefined): string {
  if (!text) return '';
  let out = normed.get(text);
  if (out === undefined) {
    if (normed.size >= NORMED_LIMIT) normed.clear();
    out = text.trim().toLowerCase();
    normed.set(text, out);
  }
  return out;
}

export function createQueueDeriver(): QueueDeriver {
  /** call id -> its queue, for the calls on the floor now (`pass`: the apply() that last saw the call). */
  const callQueue = new Map<string, { ref: QueueRef; pass: number }>();
  let pass = 0;
  const queueNames = new Map<string, string>();
  const byCampaign = new Map<string, Set<string>>();
  const byAgent = new Map<string, Set<string>>();
  /** Moves when a link is learned: agents' derived queues are recomputed then. */
  let learned = 0;
  const learntFrom = new WeakSet<QueueEntry>();
  /**
   * A call's derived row, found again by the very row it was made of. `settled`: nothing is left to learn from
   * it (its agent was found, or it is not on-call yet: answering brings a new row), so the next tick hands
   * the row back without looking up the agent or the links again.
   */
  const callRows = new WeakMap<ActiveCall, { row: ActiveCall; settled: boolean }>();
  /** The entries and agents the learning pass last ran over: nothing new to learn while both stand. */
  let learntOver: { entries: readonly QueueEntry[]; agents: readonly Agent[] } | null = null;
  /**
   * An agent's derived row and the sizes of its two link sets when it was made: the sets only grow, so the
   * row stands while both sizes do (a link learned for another agent or campaign does not touch it).
   */
  const agentRows = new WeakMap<Agent, { own: number; campaign: number; learned: number; row: Agent }>();

  // The entries indexed for the join, rebuilt when the entries list changes.
  let indexed: readonly QueueEntry[] | null = null;
  let byCall = new Map<string, QueueEntry>();
  let byNumberAgent = new Map<string, QueueEntry>();
  /** number -> the one not-abandoned visit with it, or null when several share it. */
  let byNumber = new Map<string, QueueEntry | null>();

  function index(entries: readonly QueueEntry[]): void {
    if (entries === indexed) return;
    indexed = entries;
    byCall = new Map();
    byNumberAgent = new Map();
    byNumber = new Map();
    for (const e of entries) {
      queueNames.set(e.queueId, e.queueName);
      byCall.set(e.id, e);
      if (e.status === 'abandoned' || !e.number) continue;
      if (e.status === 'answered' && e.agentName) byNumberAgent.set(`${e.number}|${norm(e.agentName)}`, e);
      byNumber.set(e.number, byNumber.has(e.number) ? null : e);
    }
  }

  /**
   * One array per distinct list of queues: agents of one campaign share theirs. At 10,000 agents in about
   * 18 queues each that is a few hundred arrays instead of 10,000, and a frame that carries many agents
   * carries each list once (structured clone keeps shared references; the web host's frames index them,
   * common/queue-lists.ts).
   */
  const lists = new Map<string, string[]>();
  function sharedList(sorted: string[]): string[] {
    const key = sorted.join('\n');
    const known = lists.get(key);
    if (known) return known;
    lists.set(key, sorted);
    return sorted;
  }

  function link(map: Map<string, Set<string>>, key: string | null, queueId: string): void {
    if (!key) return;
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    if (set.has(queueId)) return;
    set.add(queueId);
    learned++;
  }

  function findEntry(call: ActiveCall, agent: Agent | undefined): QueueEntry | undefined {
    const own = byCall.get(call.id);
    if (own) return own;
    if (call.direction !== 'inbound' || !call.customerNumber) return undefined;
    for (const who of [agent?.username, agent?.name, call.agentName]) {
      const e = who ? byNumberAgent.get(`${call.customerNumber}|${norm(who)}`) : undefined;
      if (e) return e;
    }
    return byNumber.get(call.customerNumber) ?? undefined;
  }

  // The agents indexed by id, name and extension, rebuilt only when the agents list changes: most ticks
  // bring a new calls or queue list with the same agents (10,000 rows, two lower-cased names each).
  let agentsIndexed: readonly Agent[] | null = null;
  let agentById = new Map<string, Agent>();
  let agentByName = new Map<string, Agent>();
  let agentByExtension = new Map<string, Agent>();

  /** The same agents in the same order with the same keys (a calls answer only changed their states): the index stands. */
  function sameKeys(a: readonly Agent[], b: readonly Agent[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as Agent;
      const y = b[i] as Agent;
      if (x !== y && (x.id !== y.id || x.extension !== y.extension || x.username !== y.username || x.name !== y.name || x.campaign !== y.campaign)) return false;
    }
    return true;
  }

  function indexAgents(agentsIn: readonly Agent[]): void {
    if (agentsIn === agentsIndexed) return;
    // The index holds rows for their keys (id, extension, names) and campaign only, which joining with calls
    // leaves as they were.
    const stands = agentsIndexed !== null && sameKeys(agentsIndexed, agentsIn);
    agentsIndexed = agentsIn;
    if (stands) return;
    agentById = new Map();
    agentByName = new Map();
    agentByExtension = new Map();
    for (const a of agentsIn) {
      agentById.set(a.id, a);
      if (a.extension) agentByExtension.set(a.extension, a);
      if (a.username) agentByName.set(norm(a.username), a);
      if (a.name) agentByName.set(norm(a.name), a);
    }
  }

  /** The last answer, by what it was made from: the same inputs give the very same arrays (so the tick's later steps see nothing new). */
  let last: { agentsIn: readonly Agent[]; callsIn: readonly ActiveCall[]; entries: readonly QueueEntry[]; learned: number; agents: Agent[]; calls: ActiveCall[] } | null = null;

  /** `next` itself, or `previous` when they hold the very same rows in the same order. */
  function same<T>(next: T[], previous: T[] | undefined): T[] {
    if (!previous || previous.length !== next.length) return next;
    for (let i = 0; i < next.length; i++) if (next[i] !== previous[i]) return next;
    return previous;
  }

  return {
    apply(agentsIn, callsIn, entries) {
      if (last && last.agentsIn === agentsIn && last.callsIn === callsIn && last.entries === entries && last.learned === learned) {
        return { agents: last.agents, calls: last.calls };
      }
      index(entries);
      indexAgents(agentsIn);
      // Learn from the visits not seen before (the decoder keeps an unchanged row's object). Only when the
      // visits or the agents moved: a calls answer alone brings nothing to learn here.
      if (!learntOver || learntOver.entries !== entries || learntOver.agents !== agentsIn) {
        learntOver = { entries, agents: agentsIn };
        for (const e of entries) {
          if (e.status !== 'answered' || !e.agentName || learntFrom.has(e)) continue;
          const agent = agentByName.get(norm(e.agentName));
          if (!agent) continue; // the agent may not be in the list yet: try again at the next tick
          learntFrom.add(e);
          link(byAgent, agent.id, e.queueId);
          link(byCampaign, agent.campaign, e.queueId);
        }
      }

      pass++;
      let seenCalls = 0;
      let callsChanged = false;
      const calls = callsIn.map((call) => {
        if (call.queueId !== null) return call;
        let known = callQueue.get(call.id);
        const kept = callRows.get(call);
        if (known && kept?.settled && kept.row.queueId === known.ref.id) {
          if (known.pass !== pass) seenCalls++;
          known.pass = pass;
          callsChanged = true;
          return kept.row;
        }
        const agent = (call.agentId !== null ? agentById.get(call.agentId) : undefined) ?? agentByExtension.get(call.extension);
        if (!known) {
          const e = findEntry(call, agent);
          if (!e) return call;
          known = { ref: { id: e.queueId, name: e.queueName }, pass: 0 };
          callQueue.set(call.id, known);
        }
        if (known.pass !== pass) seenCalls++;
        known.pass = pass;
        const q = known.ref;
        if (agent && call.state === 'on-call') {
          link(byAgent, agent.id, q.id);
          link(byCampaign, agent.campaign, q.id);
        }
        callsChanged = true;
        const row: ActiveCall =
          kept && kept.row.queueId === q.id ? kept.row : { ...call, queueId: q.id, queueName: queueNames.get(q.id) || q.name || null };
        callRows.set(call, { row, settled: agent !== undefined || call.state !== 'on-call' });
        return row;
      });
      // Calls that ended forget their queue (every call seen this pass was stamped with it).
      if (callQueue.size > seenCalls) for (const [id, known] of callQueue) if (known.pass !== pass) callQueue.delete(id);

      // The same agents and nothing newly learned: the agents answer of last time (no pass over 10,000 rows).
      if (last && last.agentsIn === agentsIn && last.learned === learned) {
        const result = { agents: last.agents, calls: same(callsChanged ? calls : (callsIn as ActiveCall[]), last.calls) };
        last = { agentsIn, callsIn, entries, learned, ...result };
        return result;
      }
      let agentsChanged = false;
      const agents = agentsIn.map((agent) => {
        if (agent.queues.length > 0) return agent;
        const kept = agentRows.get(agent);
        // Nothing learned anywhere since this row was made: it stands without looking its links up.
        if (kept && kept.learned === learned) {
          if (kept.row !== agent) agentsChanged = true;
          return kept.row;
        }
        const ownLinks = byAgent.get(agent.id);
        const campaignLinks = agent.campaign ? byCampaign.get(agent.campaign) : undefined;
        const own = ownLinks?.size ?? 0;
        const campaign = campaignLinks?.size ?? 0;
        if (kept && kept.own === own && kept.campaign === campaign) {
          kept.learned = learned;
          if (kept.row !== agent) agentsChanged = true;
          return kept.row;
        }
        const ids = new Set<string>();
        for (const id of ownLinks ?? []) ids.add(id);
        for (const id of campaignLinks ?? []) ids.add(id);
        let row = agent;
        if (ids.size > 0) {
          const queues = sharedList([...ids].sort());
          const before = kept?.row;
          row = before && before.queues === queues ? before : { ...agent, queues };
          agentsChanged = true;
        }
        agentRows.set(agent, { own, campaign, learned, row });
        return row;
      });
      const result = {
        agents: same(agentsChanged ? agents : (agentsIn as Agent[]), last?.agents),
        calls: same(callsChanged ? calls : (callsIn as ActiveCall[]), last?.calls),
      };
      last = { agentsIn, callsIn, entries, learned, ...result };
      return result;
    },
  };
}
