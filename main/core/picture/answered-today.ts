// Each agent's callers answered today (Agent.answeredToday), from the day's counted outcomes: the queue
// monitor names the agent who answered (TEL4VN call_center_agent_name: the username in the seed's example),
// matched to the agent list by username, else by full name, as the PBX spells them (one system: no case
// folding, which would cost two string copies per agent per tick at 10,000 agents). null = none counted
// (the renderer shows 0 where the system has a queue monitor).
import type { Agent } from '../../../common/domain';

interface AnsweredToday {
  /** One agent's row with answeredToday set (the very row when it is right). */
  row(agent: Agent, counts: ReadonlyMap<string, number>): Agent;
}

export function createAnsweredToday(): AnsweredToday {
  const rows = new WeakMap<Agent, Agent>();
  function row(agent: Agent, counts: ReadonlyMap<string, number>): Agent {
    const n = counts.size === 0 ? null : (counts.get(agent.username) ?? counts.get(agent.name) ?? null);
    if (agent.answeredToday === n) return agent;
    const kept = rows.get(agent);
    if (kept?.answeredToday === n) return kept;
    const out = { ...agent, answeredToday: n };
    rows.set(agent, out);
    return out;
  }
  return {
    row,
  };
}
