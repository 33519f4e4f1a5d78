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
import { agentEquals, callEquals, createRowIndex, entryEquals, queueEquals, type RowDiff } from './diff-rows';
import type { FloorChanges, MergedFloor } from './merge-sources';

export interface PictureUpdate {
  snapshot: Snapshot;
  /** Null when nothing changed (no new seq is published then). */
  changes: ChangeSet | null;
  events: FloorEvent[];
}

export interface FloorPicture {
  /** Diff whole merged lists against the picture (tests, one-off pictures). */
  update(floor: MergedFloor, queues: QueueSummary[], newlyAbandoned: readonly AbandonedCall[]): PictureUpdate;
  /** Fold what one merge changed (merge-sources.ts): only the rows it names are compared. */
  applyChanges(changes: FloorChanges, has: MergedFloor['has'], queues: QueueSummary[], newlyAbandoned: readonly AbandonedCall[]): PictureUpdate;
  snapshot(): Snapshot;
  findCall(id: string): ActiveCall | undefined;
  findAgent(id: string): Agent | undefined;
}

function emptySnapshot(at: EpochMs): Snapshot {
  return { seq: 0, at, agents: [], calls: [], queueEntries: [], queues: [] };
}

const moved = (d: RowDiff<{ id: string }>): boolean => d.changes.upsert.length > 0 || d.changes.remove.length > 0;

export function createFloorPicture(now: () => EpochMs): FloorPicture {
  let current = emptySnapshot(now());
  const agents = createRowIndex<Agent>(agentEquals);
  const calls = createRowIndex<ActiveCall>(callEquals);
  const entries = createRowIndex<QueueEntry>(entryEquals);
  const queues = createRowIndex<QueueSummary>(queueEquals);
  let primed = { agents: false, calls: false };
  let lastIn: { agents: Agent[] | null; calls: ActiveCall[] | null; queueEntries: QueueEntry[] | null } = { agents: null, calls: null, queueEntries: null };

  function callEvents(c: RowDiff<ActiveCall>, at: EpochMs, events: FloorEvent[]): void {
    c.changes.upsert.forEach((call, i) => {
      const before = c.previous[i];
      if (!before) events.push({ type: 'call-started', at, call });
      else if (before.state === 'ringing' && call.state === 'on-call') events.push({ type: 'call-answered', at, call });
    });
    for (const id of c.changes.remove) events.push({ type: 'call-ended', at, callId: id });
  }

  function agentEvents(a: RowDiff<Agent>, at: EpochMs, events: FloorEvent[]): void {
    a.changes.upsert.forEach((agent, i) => {
      const from = a.previous[i]?.state ?? null;
      if (from !== agent.state) events.push({ type: 'agent-state', at, agentId: agent.id, from, to: agent.state });
    });
    // An agent who leaves the list (TEL4VN lists only logged-in agents) went offline.
    for (const agent of a.removed) {
      if (agent.state !== 'offline') events.push({ type: 'agent-state', at, agentId: agent.id, from: agent.state, to: 'offline' });
    }
  }

  function publish(
    a: RowDiff<Agent>, c: RowDiff<ActiveCall>, q: RowDiff<QueueEntry>, has: MergedFloor['has'], queueList: QueueSummary[],
    newlyAbandoned: readonly AbandonedCall[],
  ): PictureUpdate {
    const at = now();
    const s = queues.apply(queueList);
    const events: FloorEvent[] = [];
    if (primed.calls) callEvents(c, at, events);
    if (primed.agents) agentEvents(a, at, events);
    for (const call of newlyAbandoned) events.push({ type: 'call-abandoned', at, call });
    primed = { agents: primed.agents || has.agents, calls: primed.calls || has.calls };

    if (![a, c, q, s].some(moved)) return { snapshot: current, changes: null, events };
    const baseSeq = current.seq;
    // rows() rebuilds a list only after it changed; the others keep their arrays.
    current = { seq: baseSeq + 1, at, agents: agents.rows(), calls: calls.rows(), queueEntries: entries.rows(), queues: queues.rows() };
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
  }

  return {
    snapshot: () => current,
    findCall: (id) => calls.get(id),
    findAgent: (id) => agents.get(id),
    update(floor, queueList, newlyAbandoned) {
      // A list that is the very array of the last update (its source did not answer) cannot have changed.
      const a = floor.agents === lastIn.agents ? agents.unchanged() : agents.apply(floor.agents);
      const c = floor.calls === lastIn.calls ? calls.unchanged() : calls.apply(floor.calls);
      const q = floor.queueEntries === lastIn.queueEntries ? entries.unchanged() : entries.apply(floor.queueEntries);
      lastIn = { agents: floor.agents, calls: floor.calls, queueEntries: floor.queueEntries };
      return publish(a, c, q, floor.has, queueList, newlyAbandoned);
    },
    applyChanges(changes, has, queueList, newlyAbandoned) {
      lastIn = { agents: null, calls: null, queueEntries: null };
      return publish(agents.applyChanges(changes.agents), calls.applyChanges(changes.calls), entries.applyChanges(changes.queueEntries), has, queueList, newlyAbandoned);
    },
  };
}
