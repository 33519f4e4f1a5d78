// Each agent's callers answered today (Agent.answeredToday), from the day's counted outcomes: the queue
// monitor names the agent who answered (TEL4VN call_center_agent_name: the username in the seed's example),
// matched to the agent list by username, else by full name, as the PBX spells them (one system: no case
// folding, which would cost two string copies per agent per tick at 10,000 agents). null = none counted
// (the renderer shows 0 where the system has a queue monitor).
import type { Agent } from '../../../common/domain';

export interface AnsweredToday {
  /** `agents` with answeredToday set; the very array when no row changed. */
  apply(agents: Agent[], counts: ReadonlyMap<string, number>): Agent[];
}

export function createAnsweredToday(): AnsweredToday {
  const rows = new WeakMap<Agent, Agent>();
  return {
    apply(agents, counts) {
      let changed = false;
      const out = agents.map((agent) => {
        const n = counts.size === 0 ? null : (counts.get(agent.username) ?? counts.get(agent.name) ?? null);
        if (agent.answeredToday === n) return agent;
        changed = true;
        const kept = rows.get(agent);
        if (kept?.answeredToday === n) return kept;
        const row = { ...agent, answeredToday: n };
        rows.set(agent, row);
        return row;
      });
      return changed ? out : agents;
    },
  };
}
