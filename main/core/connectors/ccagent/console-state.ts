// What the console knows of cc_agent agents: the roster (ids and names the supervisor keeps) and the last
// state this console set for each, since the API lists nothing and answers no "what is the state" question.
// Every agent it yields has origin 'console': the UI says that this is not read back from the PBX.
import type { Agent, AgentState, EpochMs, Roster } from '../../../../common/domain';

interface SetState {
  state: AgentState;
  since: EpochMs;
  pauseReasonId: string | null;
  /** null: never set from this console, so unknown. */
  queues: string[] | null;
}

interface ConsoleState {
  /** Record what an action that succeeded at the PBX set. */
  set(agentId: string, change: Partial<Omit<SetState, 'since'>>, at: EpochMs): void;
  /** The roster's agents with the last state set here ('offline' and no time when never set). */
  agents(roster: Roster): Agent[];
}

export function createConsoleState(): ConsoleState {
  const states = new Map<string, SetState>();
  return {
    set(agentId, change, at) {
      const prev = states.get(agentId) ?? { state: 'offline', since: at, pauseReasonId: null, queues: null };
      const next: SetState = { ...prev, ...change, since: change.state !== undefined && change.state !== prev.state ? at : prev.since };
      if (next.state !== 'paused') next.pauseReasonId = null;
      states.set(agentId, next);
    },
    agents(roster) {
      const reasonName = new Map(roster.pauseReasons.map((p) => [p.id, p.name]));
      return roster.agents.map((r): Agent => {
        const s = states.get(r.id);
        return {
          id: r.id, name: r.name, username: '', extension: r.extension,
          state: s?.state ?? 'offline', stateSince: s ? s.since : null,
          pauseReason: s?.pauseReasonId ? (reasonName.get(s.pauseReasonId) ?? `pause ${s.pauseReasonId}`) : null,
          pauseLimitSec: null, queues: s?.queues ?? [], campaign: null, callId: null, origin: 'console', answeredToday: null,
        };
      });
    },
  };
}
