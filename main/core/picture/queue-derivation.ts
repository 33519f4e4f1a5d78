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
// Learned links live as long as the connection (what a campaign serves can change between days). A campaign's
// growth reaches its agents at once the first time, then after a window that starts at CAMPAIGN_SETTLE_MS
// and doubles each time, up to CAMPAIGN_SETTLE_MAX_MS (below).
import type { ActiveCall, Agent, EpochMs, QueueEntry, RowChanges } from '../../../common/domain';
import { createKeyIndex, createListTracker, NO_CHANGES } from './list-changes';

interface DerivedChanges {
  agents: RowChanges<Agent>;
  calls: RowChanges<ActiveCall>;
}

interface QueueDeriver {
  /**
   * Fold one tick's changes (the joined agents and calls, the visits) and answer the derived rows that came or
   * changed and the ids that went. The work follows the change: an agent or call that did not change, and
   * learned nothing new, is not looked at.
   */
  update(agents: RowChanges<Agent>, calls: RowChanges<ActiveCall>, entries: RowChanges<QueueEntry>): DerivedChanges;
  /** Whole lists (tests, one-off pictures): rows and arrays that did not change are returned as they were. */
  apply(agents: readonly Agent[], calls: readonly ActiveCall[], entries: readonly QueueEntry[]): { agents: Agent[]; calls: ActiveCall[] };
}

interface QueueRef {
  id: string;
  name: string;
}

/**
 * Names compared without case or padding. Memoised by the text itself (the decoder keeps an unchanged row's
 * strings). Bounded: a floor has far fewer distinct names.
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

/**
 * After a campaign's first link, its later growth reaches the agents who did not answer there themselves at
 * most this often. A campaign learns its queues from many answered visits over the first minutes after a
 * connect (the bench's 40 campaigns of 250 agents learn about 1,600 links), and applying each at once re-made
 * hundreds of agent rows at nearly every answer: in the floor tick, the queue summaries, the bridge and the page.
 * An agent's own answers, and any new row of theirs, take the grown list at once.
 */
export const CAMPAIGN_SETTLE_MS = 30_000;
/**
 * The window doubles each time a campaign's growth reaches its agents, up to this. A campaign learns most of
 * its queues in the first minutes; on a floor whose agents answer many queues (the simulator's answer any)
 * a fixed 30 s window re-made every agent row of a growing campaign twice a minute for as long as it grew:
 * at 10,000 agents 6,000-8,000 agent rows every 30 s only for their queues, about as many as changed for
 * anything else, each one through the floor tick, the bridge and every console. What it delays is an
 * inference (a queue some colleague answered); an agent's own answers still count at once.
 */
export const CAMPAIGN_SETTLE_MAX_MS = 8 * 60_000;
/**
 * The agents one update re-derives for their campaigns' growth, at most; the rest follow in the next updates.
 * The 40 campaigns that learn their first queue in the same second after a connect, and settle together 30 s
 * later, re-made 6,000 agent rows in one floor tick (200 ms holding the main thread), then 500-700 in each of a
 * dozen ticks when capped by whole campaigns; at 100 an update (about 300 a second) the same work is spread thin.
 */
export const CAMPAIGN_AGENTS_PER_UPDATE = 100;

/** The keys an agent is found by, and the campaign its links are learned for. */
const sameKeys = (x: Agent, y: Agent): boolean =>
  x === y || (x.extension === y.extension && x.username === y.username && x.name === y.name && x.campaign === y.campaign);

/** An entry's part in the lookups by number: none for an abandoned visit or one without a number. */
const numbered = (e: QueueEntry): boolean => e.status !== 'abandoned' && e.number !== '' && e.number !== null;

export function createQueueDeriver(now: () => EpochMs = Date.now): QueueDeriver {
  // The inputs as they stand, by id.
  const agentsById = new Map<string, Agent>();
  const callsById = new Map<string, ActiveCall>();
  const entriesById = new Map<string, QueueEntry>();
  // What each answer handed out, by id (a row is reported only when its object changed).
  const agentsOut = new Map<string, Agent>();
  const callsOut = new Map<string, ActiveCall>();

  // The agents found by name (username or full name), extension and campaign; the last one added answers.
  const agentByName = createKeyIndex();
  const agentByExtension = createKeyIndex();
  const agentsOfCampaign = createKeyIndex();
  // The visits found by number and agent, and by number alone (only when one visit has it).
  const entryByNumberAgent = createKeyIndex();
  const entriesByNumber = createKeyIndex();
  const queueNames = new Map<string, string>();

  /** call id -> its queue, for the calls on the floor now (kept until the call ends). */
  const callQueue = new Map<string, QueueRef>();
  const byCampaign = new Map<string, Set<string>>();
  const byAgent = new Map<string, Set<string>>();
  const learntFrom = new WeakSet<QueueEntry>();
  /** Answered visits whose agent is not in the list yet, by the agent's name: learned from when they come. */
  const pending = createKeyIndex();
  /** Calls without a queue found yet: looked for again when a visit with their id comes. */
  const unmatched = new Set<string>();
  /**
   * Calls to look at again when something they could match comes: an inbound call without a queue when a
   * visit with its number moves (or an agent on its extension, or of its agent id, whose names it matches
   * by), an on-call call whose agent is not found when that agent comes (then its links are learned). Each
   * by the row whose keys were indexed.
   */
  const waiting = new Map<string, ActiveCall>();
  const waitingByNumber = createKeyIndex();
  const waitingByExtension = createKeyIndex();
  const waitingByAgent = createKeyIndex();
  /**
   * A call's derived row, found again by the very row it was made of. `settled`: nothing is left to learn from
   * it (its agent was found, or it is not on-call yet: answering brings a new row).
   */
  const callRows = new WeakMap<ActiveCall, { row: ActiveCall; settled: boolean }>();
  /** An agent's derived row and the sizes of its two link sets when it was made (the sets only grow). */
  const agentRows = new WeakMap<Agent, { own: number; campaign: number; row: Agent }>();
  /** Agents whose links grew in this update: their rows are derived again. */
  const relinked = new Set<string>();
  /** Campaigns whose links grew since their agents last took them; when they last did, and the window then. */
  const grownCampaigns = new Set<string>();
  const campaignApplied = new Map<string, { at: EpochMs; windowMs: number }>();

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

  function link(map: Map<string, Set<string>>, key: string | null, queueId: string): boolean {
    if (!key) return false;
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    if (set.has(queueId)) return false;
    set.add(queueId);
    return true;
  }

  /** `agent` answered on `queueId`: the link for them and their campaign (its agents are derived again). */
  function learn(agent: Agent, queueId: string): void {
    if (link(byAgent, agent.id, queueId)) relinked.add(agent.id);
    if (link(byCampaign, agent.campaign, queueId)) grownCampaigns.add(agent.campaign as string);
  }

  /**
   * The campaigns that grew and may pass their growth on now: their agents whose rows predate it are derived
   * again, CAMPAIGN_AGENTS_PER_UPDATE at most (those derived since already have it). A campaign left part-way
   * stays grown and goes on in the next update; its next window (twice the last) starts once all its agents
   * have it.
   */
  function settleCampaigns(): void {
    const at = now();
    let budget = CAMPAIGN_AGENTS_PER_UPDATE;
    for (const campaign of grownCampaigns) {
      const last = campaignApplied.get(campaign);
      if (last !== undefined && at - last.at < last.windowMs) continue;
      const size = byCampaign.get(campaign)?.size ?? 0;
      for (const id of agentsOfCampaign.ids(campaign) ?? []) {
        const agent = agentsById.get(id);
        if (!agent || agent.queues.length > 0 || relinked.has(id) || agentRows.get(agent)?.campaign === size) continue;
        if (budget === 0) return;
        relinked.add(id);
        budget--;
      }
      grownCampaigns.delete(campaign);
      campaignApplied.set(campaign, { at, windowMs: last ? Math.min(last.windowMs * 2, CAMPAIGN_SETTLE_MAX_MS) : CAMPAIGN_SETTLE_MS });
    }
  }

  const agentNamed = (name: string): Agent | undefined => {
    const id = agentByName.last(name);
    return id === undefined ? undefined : agentsById.get(id);
  };

  function learnFrom(e: QueueEntry): void {
    if (e.status !== 'answered' || !e.agentName || learntFrom.has(e)) return;
    const agent = agentNamed(norm(e.agentName));
    // The agent may not be in the list yet: learned from when they come.
    if (!agent) return pending.add(norm(e.agentName), e.id);
    learntFrom.add(e);
    pending.delete(norm(e.agentName), e.id);
    learn(agent, e.queueId);
  }

  function indexAgent(a: Agent, by: 'add' | 'delete'): void {
    if (a.extension) agentByExtension[by](a.extension, a.id);
    if (a.username) agentByName[by](norm(a.username), a.id);
    if (a.name) agentByName[by](norm(a.name), a.id);
    if (a.campaign) agentsOfCampaign[by](a.campaign, a.id);
  }

  function indexEntry(e: QueueEntry, by: 'add' | 'delete'): void {
    if (!numbered(e)) return;
    if (e.status === 'answered' && e.agentName) entryByNumberAgent[by](`${e.number}|${norm(e.agentName)}`, e.id);
    entriesByNumber[by](e.number, e.id);
  }

  function findEntry(call: ActiveCall, agent: Agent | undefined): QueueEntry | undefined {
    const own = entriesById.get(call.id);
    if (own) return own;
    if (call.direction !== 'inbound' || !call.customerNumber) return undefined;
    for (const who of [agent?.username, agent?.name, call.agentName]) {
      const id = who ? entryByNumberAgent.last(`${call.customerNumber}|${norm(who)}`) : undefined;
      if (id !== undefined) return entriesById.get(id);
    }
    const ids = entriesByNumber.ids(call.customerNumber);
    if (ids?.size !== 1) return undefined;
    for (const id of ids) return entriesById.get(id);
    return undefined;
  }

  function agentOfCall(call: ActiveCall): Agent | undefined {
    const byId = call.agentId !== null ? agentsById.get(call.agentId) : undefined;
    if (byId) return byId;
    const id = agentByExtension.last(call.extension);
    return id === undefined ? undefined : agentsById.get(id);
  }

  function wait(call: ActiveCall, byNumber: boolean): void {
    waiting.set(call.id, call);
    if (byNumber) waitingByNumber.add(call.customerNumber, call.id);
    waitingByExtension.add(call.extension, call.id);
    if (call.agentId !== null) waitingByAgent.add(call.agentId, call.id);
  }

  function unwait(id: string): void {
    unmatched.delete(id);
    const call = waiting.get(id);
    if (!call) return;
    waiting.delete(id);
    waitingByNumber.delete(call.customerNumber, id);
    waitingByExtension.delete(call.extension, id);
    if (call.agentId !== null) waitingByAgent.delete(call.agentId, id);
  }

  function deriveCall(call: ActiveCall): ActiveCall {
    unwait(call.id);
    if (call.queueId !== null) return call;
    let known = callQueue.get(call.id);
    const kept = callRows.get(call);
    if (known && kept?.settled && kept.row.queueId === known.id) return kept.row;
    const agent = agentOfCall(call);
    if (!known) {
      const e = findEntry(call, agent);
      if (!e) {
        unmatched.add(call.id);
        // Only an inbound call is matched by its number (and its agent's names); the others only by a
        // visit with their own id.
        if (call.direction === 'inbound' && call.customerNumber) wait(call, true);
        return call;
      }
      known = { id: e.queueId, name: e.queueName };
      callQueue.set(call.id, known);
    }
    if (agent && call.state === 'on-call') learn(agent, known.id);
    const settled = agent !== undefined || call.state !== 'on-call';
    if (!settled) wait(call, false);
    const row: ActiveCall =
      kept && kept.row.queueId === known.id ? kept.row : { ...call, queueId: known.id, queueName: queueNames.get(known.id) || known.name || null };
    callRows.set(call, { row, settled });
    return row;
  }

  /**
   * The sorted list of links that only grow, as one shared list, made once per size of them: an agent's own
   * (`ownLists`, by agent id) and a campaign's (`campaignLists`: when a campaign learns a queue, its agents are
   * derived again, thousands at 10,000 agents, each made the same sort and key before).
   */
  const campaignLists = new Map<string, { size: number; queues: string[] | null }>();
  const ownLists = new Map<string, { size: number; queues: string[] | null }>();
  function grownList(made: typeof ownLists, id: string, links: ReadonlySet<string> | undefined): string[] | null {
    const size = links?.size ?? 0;
    const known = made.get(id);
    if (known && known.size === size) return known.queues;
    const queues = links && size > 0 ? sharedList([...links].sort()) : null;
    made.set(id, { size, queues });
    return queues;
  }

  /** The union of two shared lists, by their identities: agents who answered the same queues share it. */
  const unions = new WeakMap<string[], WeakMap<string[], string[]>>();

  /**
   * The sorted union of an agent's own links and its campaign's, as one shared list: from the two lists
   * (each made once per growth) and their union made once per pair, where a set, a sort and a key per agent
   * cost most of the floor tick while the queues were being learned (a CPU profile of the bench's main tick). A
   * new row of the same agent whose links did not grow gets the very list again.
   */
  function agentList(agentId: string, ownLinks: ReadonlySet<string> | undefined, campaignId: string | null, campaignLinks: ReadonlySet<string> | undefined): string[] | null {
    const theirs = campaignId ? grownList(campaignLists, campaignId, campaignLinks) : null;
    if ((ownLinks?.size ?? 0) === 0) return theirs;
    const mine = grownList(ownLists, agentId, ownLinks) as string[];
    if (!theirs) return mine;
    let withCampaign = unions.get(mine);
    if (!withCampaign) unions.set(mine, (withCampaign = new WeakMap()));
    let both = withCampaign.get(theirs);
    if (!both) {
      both = sharedList([...new Set([...mine, ...theirs])].sort());
      withCampaign.set(theirs, both);
    }
    return both;
  }

  function deriveAgent(agent: Agent): Agent {
    if (agent.queues.length > 0) return agent;
    const kept = agentRows.get(agent);
    const ownLinks = byAgent.get(agent.id);
    const campaignLinks = agent.campaign ? byCampaign.get(agent.campaign) : undefined;
    const own = ownLinks?.size ?? 0;
    const campaign = campaignLinks?.size ?? 0;
    if (kept && kept.own === own && kept.campaign === campaign) return kept.row;
    const queues = agentList(agent.id, ownLinks, agent.campaign ?? null, campaignLinks);
    let row = agent;
    if (queues) {
      const before = kept?.row;
      row = before && before.queues === queues ? before : { ...agent, queues };
    }
    agentRows.set(agent, { own, campaign, row });
    return row;
  }

  /** Hand out `row` for `id` when it is not what was handed out last. */
  function put<T extends { id: string }>(out: Map<string, T>, row: T, upsert: T[]): void {
    if (out.get(row.id) === row) return;
    out.set(row.id, row);
    upsert.push(row);
  }

  function update(agents: RowChanges<Agent>, calls: RowChanges<ActiveCall>, entries: RowChanges<QueueEntry>): DerivedChanges {
    relinked.clear();
    // The agents' keys first: the visits and calls below are matched to the agents of this tick.
    /** Agents that came, went or whose keys moved (their rows before and after). */
    const moved: Agent[] = [];
    const named: string[] = [];
    for (const id of agents.remove) {
      const before = agentsById.get(id);
      if (!before) continue;
      agentsById.delete(id);
      indexAgent(before, 'delete');
      moved.push(before);
    }
    for (const a of agents.upsert) {
      const before = agentsById.get(a.id);
      agentsById.set(a.id, a);
      if (before && sameKeys(before, a)) continue;
      moved.push(a);
      if (before) {
        indexAgent(before, 'delete');
        moved.push(before);
      }
      indexAgent(a, 'add');
      if (a.username) named.push(norm(a.username));
      if (a.name) named.push(norm(a.name));
    }
    // The visits: the lookups by number, the queues' names, then the links their answers teach.
    /** The visits that came, changed or went, and their numbers. */
    const visits: string[] = [];
    const numbers = new Set<string>();
    for (const id of entries.remove) {
      const before = entriesById.get(id);
      if (!before) continue;
      entriesById.delete(id);
      indexEntry(before, 'delete');
      numbers.add(before.number);
      if (before.agentName) pending.delete(norm(before.agentName), id);
    }
    for (const e of entries.upsert) {
      const before = entriesById.get(e.id);
      if (before) {
        indexEntry(before, 'delete');
        numbers.add(before.number);
      }
      entriesById.set(e.id, e);
      indexEntry(e, 'add');
      queueNames.set(e.queueId, e.queueName);
      visits.push(e.id);
      numbers.add(e.number);
    }
    for (const e of entries.upsert) learnFrom(e);
    // Visits waiting for an agent of a name that just came.
    for (const name of named) {
      for (const id of [...(pending.ids(name) ?? [])]) {
        const e = entriesById.get(id);
        if (e) learnFrom(e);
        else pending.delete(name, id);
      }
    }

    // The calls that came or changed, then those that may now find their queue or agent.
    const callUpsert: ActiveCall[] = [];
    const callRemove: string[] = [];
    for (const id of calls.remove) {
      callsById.delete(id);
      callQueue.delete(id);
      unwait(id);
      if (callsOut.delete(id)) callRemove.push(id);
    }
    const done = new Set<string>();
    for (const c of calls.upsert) {
      callsById.set(c.id, c);
      done.add(c.id);
      put(callsOut, deriveCall(c), callUpsert);
    }
    const retry = (id: string): void => {
      if (done.has(id)) return;
      const c = callsById.get(id);
      if (!c) return;
      done.add(id);
      put(callsOut, deriveCall(c), callUpsert);
    };
    for (const id of visits) if (unmatched.has(id)) retry(id);
    for (const number of numbers) for (const id of [...(waitingByNumber.ids(number) ?? [])]) retry(id);
    for (const a of moved) {
      for (const id of [...(waitingByAgent.ids(a.id) ?? [])]) retry(id);
      if (a.extension) for (const id of [...(waitingByExtension.ids(a.extension) ?? [])]) retry(id);
    }

    // The agents that came or changed, and those whose links grew.
    const agentUpsert: Agent[] = [];
    const agentRemove: string[] = [];
    for (const id of agents.remove) if (agentsOut.delete(id)) agentRemove.push(id);
    for (const a of agents.upsert) {
      relinked.delete(a.id);
      put(agentsOut, deriveAgent(a), agentUpsert);
    }
    settleCampaigns();
    for (const id of relinked) {
      const a = agentsById.get(id);
      if (a) put(agentsOut, deriveAgent(a), agentUpsert);
    }
    return { agents: { upsert: agentUpsert, remove: agentRemove }, calls: { upsert: callUpsert, remove: callRemove } };
  }

  // The whole-list form: each list's change found by identity, then the same update.
  const trackAgents = createListTracker<Agent>();
  const trackCalls = createListTracker<ActiveCall>();
  const trackEntries = createListTracker<QueueEntry>();
  let last: { agents: Agent[]; calls: ActiveCall[] } | null = null;
  /** `input` itself when every row came back as it was, else the last array when it holds the same rows, else `rows`. */
  function arrayOf<T>(rows: T[], input: readonly T[], previous: T[] | undefined): T[] {
    if (rows.every((r, i) => r === input[i])) return input as T[];
    if (previous && previous.length === rows.length && rows.every((r, i) => r === previous[i])) return previous;
    return rows;
  }

  return {
    update,
    apply(agentsIn, callsIn, entries) {
      const a = trackAgents.track(agentsIn);
      const c = trackCalls.track(callsIn);
      const e = trackEntries.track(entries);
      if (a === NO_CHANGES && c === NO_CHANGES && e === NO_CHANGES && grownCampaigns.size === 0 && last) return last;
      update(a, c, e);
      last = {
        agents: arrayOf(agentsIn.map((row) => agentsOut.get(row.id) ?? row), agentsIn, last?.agents),
        calls: arrayOf(callsIn.map((row) => callsOut.get(row.id) ?? row), callsIn, last?.calls),
      };
      return last;
    },
  };
}
