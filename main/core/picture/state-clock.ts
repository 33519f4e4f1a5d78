// Time in state as the supervisor sees it. The PBX's own times say something else: TEL4VN's
// last_update_time is the last RESUME / PAUSE, so an agent whose call just ended would show "Available
// 30:23" (time since the morning's resume). The rule (issue 14, decision "time in state on first sight"):
//   - an agent first seen (after connecting, or back in the list) takes the PBX's time: last_update_time,
//     or the call's call_time when the join made them ringing / on call;
//   - a state change the console itself observes (on call -> available) restarts the clock at the moment
//     it was observed, or at the PBX's time when that is later than the start of the old state (then it
//     dates this change: a pause's last_update_time, the call_time of a call just answered, so the agent's
//     and the call's times agree; the morning's RESUME after a call is earlier, and not taken);
//   - the PBX's time replaces ours later only when it is later (a pause -> resume -> pause, or a new call,
//     between two polls: the PBX saw a change the console could not).
// Per connection: a new connection starts from the PBX's times again.
import type { Agent, AgentState, EpochMs } from '../../../common/domain';

interface Seen {
  state: AgentState;
  since: EpochMs | null;
  /** The apply() that last saw this agent. */
  pass: number;
}

interface StateClock {
  /** The agents with `stateSince` as above; rows whose time is already right are passed through as they are. */
  apply(agents: readonly Agent[], at: EpochMs): Agent[];
  /**
   * One agent that came or changed (the floor tick's way: an agent whose row did not change keeps its time,
   * so only changed rows are passed in).
   */
  row(agent: Agent, at: EpochMs): Agent;
  /** An agent left the list: back again, it is a first sight. */
  forget(id: string): void;
}

export function createStateClock(): StateClock {
  const seen = new Map<string, Seen>();
  let pass = 0;
  // A row rewritten with our time, found again by the very row it was made of while the time holds, so an
  // unchanged agent keeps one object from tick to tick (the diff then finds it equal by identity).
  const rewritten = new WeakMap<Agent, Agent>();

  function row(agent: Agent, at: EpochMs): Agent {
    const pbx = agent.stateSince;
    const before = seen.get(agent.id);
    let since: EpochMs | null;
    if (!before) since = pbx;
    else if (before.state !== agent.state) since = pbx !== null && (before.since === null || pbx > before.since) ? pbx : at;
    else since = before.since === null || (pbx !== null && pbx > before.since) ? pbx : before.since;
    if (before) {
      before.state = agent.state;
      before.since = since;
      before.pass = pass;
    } else seen.set(agent.id, { state: agent.state, since, pass });
    if (since === pbx) return agent;
    const kept = rewritten.get(agent);
    if (kept && kept.stateSince === since) return kept;
    const out: Agent = {
      id: agent.id, name: agent.name, username: agent.username, extension: agent.extension, state: agent.state,
      stateSince: since, pauseReason: agent.pauseReason, pauseLimitSec: agent.pauseLimitSec, queues: agent.queues,
      campaign: agent.campaign, callId: agent.callId, origin: agent.origin, answeredToday: agent.answeredToday,
    };
    rewritten.set(agent, out);
    return out;
  }

  return {
    apply(agents, at) {
      pass++;
      const out = agents.map((agent) => row(agent, at));
      // Agents who left the list are forgotten: back again, they are a first sight.
      for (const [id, s] of seen) if (s.pass !== pass) seen.delete(id);
      return out;
    },
    row,
    forget: (id) => void seen.delete(id),
  };
}
