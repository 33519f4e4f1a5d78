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

const norm = (text: string | null | undefined): string => (text ?? '').trim().toLowerCase();

export function createQueueDeriver(): QueueDeriver {
  /** call id -> its queue, for the calls on the floor now. */
  const callQueue = new Map<string, QueueRef>();
  const queueNames = new Map<string, string>();
  const byCampaign = new Map<string, Set<string>>();
  const byAgent = new Map<string, Set<string>>();
  /** Moves when a link is learned: agents' derived queues are recomputed then. */
  let learned = 0;
  const learntFrom = new WeakSet<QueueEntry>();
  const callRows = new WeakMap<ActiveCall, ActiveCall>();
  const agentRows = new WeakMap<Agent, { learned: number; row: Agent }>();

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

  return {
    apply(agentsIn, callsIn, entries) {
      index(entries);
      const agentById = new Map<string, Agent>();
      const agentByName = new Map<string, Agent>();
      const agentByExtension = new Map<string, Agent>();
      for (const a of agentsIn) {
        agentById.set(a.id, a);
        if (a.extension) agentByExtension.set(a.extension, a);
        if (a.username) agentByName.set(norm(a.username), a);
        if (a.name) agentByName.set(norm(a.name), a);
      }
      // Learn from the visits not seen before (the decoder keeps an unchanged row's object).
      for (const e of entries) {
        if (e.status !== 'answered' || !e.agentName || learntFrom.has(e)) continue;
        const agent = agentByName.get(norm(e.agentName));
        if (!agent) continue; // the agent may not be in the list yet: try again at the next tick
        learntFrom.add(e);
        link(byAgent, agent.id, e.queueId);
        link(byCampaign, agent.campaign, e.queueId);
      }

      const live = new Set<string>();
      let callsChanged = false;
      const calls = callsIn.map((call) => {
        live.add(call.id);
        if (call.queueId !== null) return call;
        const agent = (call.agentId !== null ? agentById.get(call.agentId) : undefined) ?? agentByExtension.get(call.extension);
        let q = callQueue.get(call.id);
        if (!q) {
          const e = findEntry(call, agent);
          if (!e) return call;
          q = { id: e.queueId, name: e.queueName };
          callQueue.set(call.id, q);
        }
        if (agent && call.state === 'on-call') {
          link(byAgent, agent.id, q.id);
          link(byCampaign, agent.campaign, q.id);
        }
        callsChanged = true;
        const kept = callRows.get(call);
        if (kept && kept.queueId === q.id) return kept;
        const row: ActiveCall = { ...call, queueId: q.id, queueName: queueNames.get(q.id) || q.name || null };
        callRows.set(call, row);
        return row;
      });
      for (const id of callQueue.keys()) if (!live.has(id)) callQueue.delete(id);

      let agentsChanged = false;
      const agents = agentsIn.map((agent) => {
        if (agent.queues.length > 0) return agent;
        const kept = agentRows.get(agent);
        if (kept && kept.learned === learned) {
          if (kept.row !== agent) agentsChanged = true;
          return kept.row;
        }
        const ids = new Set<string>();
        for (const id of byAgent.get(agent.id) ?? []) ids.add(id);
        if (agent.campaign) for (const id of byCampaign.get(agent.campaign) ?? []) ids.add(id);
        let row = agent;
        if (ids.size > 0) {
          const queues = [...ids].sort();
          const before = kept?.row;
          row = before && before.queues.join('\n') === queues.join('\n') ? before : { ...agent, queues };
          agentsChanged = true;
        }
        agentRows.set(agent, { learned, row });
        return row;
      });
      return {
        agents: agentsChanged ? agents : (agentsIn as Agent[]),
        calls: callsChanged ? calls : (callsIn as ActiveCall[]),
      };
    },
  };
}
