// The published picture of the floor: each update diffs the merged lists against the last published ones
// and returns a compact ChangeSet plus the FloorEvents the transitions mean. Events for a row kind are held
// back until that kind has a baseline (the first data after connecting is a reset, not 10,000 "changes").
import type {
  AbandonedCall,
  ActiveCall,
  Agent,
  ChangeSet,
  EpochMs,
  FloorEvent,
  QueueEntry,
  QueueSummary,
  Snapshot,
} from '../../../common/domain';
import { agentEquals, callEquals, diffRows, entryEquals, queueEquals, type RowDiff } from './diff-rows';
import type { MergedFloor } from './merge-sources';

export interface PictureUpdate {
  snapshot: Snapshot;
  /** Null when nothing changed (no new seq is published then). */
  changes: ChangeSet | null;
  events: FloorEvent[];
}

export interface FloorPicture {
  update(floor: MergedFloor, queues: QueueSummary[], newlyAbandoned: readonly AbandonedCall[]): PictureUpdate;
  snapshot(): Snapshot;
  findCall(id: string): ActiveCall | undefined;
  findAgent(id: string): Agent | undefined;
}

function unchanged<T extends { id: string }>(index: Map<string, T>): RowDiff<T> {
  return { changes: { upsert: [], remove: [] }, index };
}

export function emptySnapshot(at: EpochMs): Snapshot {
  return { seq: 0, at, agents: [], calls: [], queueEntries: [], queues: [] };
}

export function createFloorPicture(now: () => EpochMs): FloorPicture {
  let current = emptySnapshot(now());
  let agents = new Map<string, Agent>();
  let calls = new Map<string, ActiveCall>();
  let entries = new Map<string, QueueEntry>();
  let queues = new Map<string, QueueSummary>();
  let primed = { agents: false, calls: false };
  let lastIn: { agents: Agent[] | null; calls: ActiveCall[] | null; queueEntries: QueueEntry[] | null } = { agents: null, calls: null, queueEntries: null };

  return {
    snapshot: () => current,
    findCall: (id) => calls.get(id),
    findAgent: (id) => agents.get(id),
    update(floor, queueList, newlyAbandoned) {
      const at = now();
      // A list that is the very array of the last update (its source did not answer) cannot have changed.
      const a = floor.agents === lastIn.agents ? unchanged(agents) : diffRows(agents, floor.agents, agentEquals);
      const c = floor.calls === lastIn.calls ? unchanged(calls) : diffRows(calls, floor.calls, callEquals);
      const q = floor.queueEntries === lastIn.queueEntries ? unchanged(entries) : diffRows(entries, floor.queueEntries, entryEquals);
      const s = diffRows(queues, queueList, queueEquals);
      lastIn = { agents: floor.agents, calls: floor.calls, queueEntries: floor.queueEntries };
      const events: FloorEvent[] = [];

      if (primed.calls) {
        for (const call of c.changes.upsert) {
          const before = calls.get(call.id);
          if (!before) events.push({ type: 'call-started', at, call });
          else if (before.state === 'ringing' && call.state === 'on-call') events.push({ type: 'call-answered', at, call });
        }
        for (const id of c.changes.remove) events.push({ type: 'call-ended', at, callId: id });
      }
      if (primed.agents) {
        for (const agent of a.changes.upsert) {
          const from = agents.get(agent.id)?.state ?? null;
          if (from !== agent.state) events.push({ type: 'agent-state', at, agentId: agent.id, from, to: agent.state });
        }
        // An agent who leaves the list (TEL4VN lists only logged-in agents) went offline.
        for (const id of a.changes.remove) {
          const from = agents.get(id)?.state ?? null;
          if (from !== 'offline') events.push({ type: 'agent-state', at, agentId: id, from, to: 'offline' });
        }
      }
      for (const call of newlyAbandoned) events.push({ type: 'call-abandoned', at, call });

      agents = a.index;
      calls = c.index;
      entries = q.index;
      queues = s.index;
      primed = { agents: primed.agents || floor.has.agents, calls: primed.calls || floor.has.calls };

      const moved = (d: RowDiff<{ id: string }>): boolean => d.changes.upsert.length > 0 || d.changes.remove.length > 0;
      if (![a, c, q, s].some(moved)) return { snapshot: current, changes: null, events };
      const baseSeq = current.seq;
      // Lists that did not change keep their arrays (snapshots are never mutated).
      current = {
        seq: baseSeq + 1,
        at,
        agents: moved(a) ? [...a.index.values()] : current.agents,
        calls: moved(c) ? [...c.index.values()] : current.calls,
        queueEntries: moved(q) ? [...q.index.values()] : current.queueEntries,
        queues: moved(s) ? [...s.index.values()] : current.queues,
      };
      const changes: ChangeSet = {
        seq: current.seq,
        baseSeq,
        at,
        agents: a.changes,
        calls: c.changes,
        queueEntries: q.changes,
        queues: s.changes,
      };
      return { snapshot: current, changes, events };
    },
  };
}
