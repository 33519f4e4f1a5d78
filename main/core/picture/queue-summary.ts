// Per-queue summaries: who waits now (from the queue monitor), who staffs the queue now (the agents whose
// queues name it) and today's figures (from DailyStats).
import type { Agent, EpochMs, QueueEntry, QueueStaffing, QueueSummary, RowChanges } from '../../../common/domain';
import type { QueueCounters } from './daily-stats';
import { createRowTally } from './row-tally';

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Agents per queue and state, counted once (tests, one-off pictures). */
export function countStaffing(agents: readonly Agent[]): ReadonlyMap<string, QueueStaffing> {
  return createStaffingCount()(agents);
}

/** One agent row's part in the counts: +1 or -1 in each of its queues. Offline agents staff nothing; wrap-up is busy (not free to answer). */
function countRow(out: Map<string, QueueStaffing>, a: Agent, by: 1 | -1): void {
  if (a.state === 'offline') return;
  for (const id of a.queues) {
    let s = out.get(id);
    if (!s) out.set(id, (s = { available: 0, onCall: 0, paused: 0, ringing: 0 }));
    if (a.state === 'available') s.available += by;
    else if (a.state === 'paused') s.paused += by;
    else if (a.state === 'ringing') s.ringing += by;
    else s.onCall += by;
  }
}

interface StaffingCount {
  /** The counts for a whole agents list. */
  (agents: readonly Agent[]): ReadonlyMap<string, QueueStaffing>;
  /** The counts after a change to the agents last counted (the floor tick's way). */
  changes(changes: RowChanges<Agent>): ReadonlyMap<string, QueueStaffing>;
}

/**
 * Agents per queue and state, kept from tick to tick (row-tally.ts: only agents that changed, came or went
 * are re-counted). The map returned is the counter's own: read it, do not keep it.
 */
export function createStaffingCount(): StaffingCount {
  const out = new Map<string, QueueStaffing>();
  // An agent's new row counts alike when its state and its (shared) list of queues are the same: most rows of
  // a tick change only a call, a clock or a count.
  const tally = createRowTally<Agent>((a, by) => countRow(out, a, by), (a, b) => a.state === b.state && a.queues === b.queues);
  const count: StaffingCount = Object.assign(
    (agents: readonly Agent[]) => {
      tally(agents);
      return out;
    },
    {
      changes(changes: RowChanges<Agent>) {
        tally.changes(changes);
        return out;
      },
    },
  );
  return count;
}

/** Who waits in each queue listed in the visits: the queue's name, how many wait, since when the longest. */
type Waiting = ReadonlyMap<string, { name: string; waiting: number; longest: EpochMs | null }>;

/** One queue's visits as counted: all of them (the queue is listed while any is), and the waiting ones' joins. */
interface QueueVisits {
  /** As its newest visit names it. */
  name: string;
  visits: number;
  /** Each waiting visit's join, by id. */
  joins: Map<string, EpochMs>;
  /** The earliest join, kept as visits come; found again in `joins` (once `stale`) after the earliest went. */
  longest: EpochMs | null;
  stale: boolean;
}

/** Who waits in each queue, counted once (tests, one-off pictures). */
export function countWaiting(entries: readonly QueueEntry[]): Waiting {
  return createWaitingCount()(entries);
}

interface WaitingCount {
  /** The counts for a whole visits list. */
  (entries: readonly QueueEntry[]): Waiting;
  /** Count a change to the visits last counted (the floor tick's way, at every tick). */
  changes(changes: RowChanges<QueueEntry>): void;
  /** The counts as they stand (read when the summaries are made again). */
  current(): Waiting;
}

/**
 * Who waits in each queue, kept from tick to tick (row-tally.ts: only the visits that changed, came or went
 * are counted again): a tick that brings the queue monitor's answer changes a few dozen of its 6,500 visits
 * at 10,000 agents. The map returned is the counter's own: read it, do not keep it.
 */
export function createWaitingCount(): WaitingCount {
  const queues = new Map<string, QueueVisits>();
  const out = new Map<string, { name: string; waiting: number; longest: EpochMs | null }>();
  /** One visit's part in its queue's counts: +1 or -1. */
  const countVisit = (e: QueueEntry, by: 1 | -1): void => {
    let q = queues.get(e.queueId);
    if (!q) queues.set(e.queueId, (q = { name: e.queueName, visits: 0, joins: new Map(), longest: null, stale: false }));
    q.visits += by;
    if (by === 1) q.name = e.queueName;
    if (e.status === 'waiting' && by === 1) {
      q.joins.set(e.id, e.joinedAt);
      if (q.longest === null || e.joinedAt < q.longest) q.longest = e.joinedAt;
    } else if (e.status === 'waiting') {
      q.joins.delete(e.id);
      // The longest waiter went: the next one is found among the others when the counts are read.
      if (e.joinedAt === q.longest) q.stale = true;
    }
    if (q.visits === 0) queues.delete(e.queueId);
  };
  const tally = createRowTally<QueueEntry>(countVisit, (a, b) => a.queueId === b.queueId && a.status === b.status && a.joinedAt === b.joinedAt && a.queueName === b.queueName);
  const read = (): Waiting => {
    out.clear();
    for (const [id, q] of queues) {
      if (q.stale) {
        q.stale = false;
        q.longest = null;
        for (const at of q.joins.values()) if (q.longest === null || at < q.longest) q.longest = at;
      }
      out.set(id, { name: q.name, waiting: q.joins.size, longest: q.longest });
    }
    return out;
  };
  return Object.assign(
    (entries: readonly QueueEntry[]) => {
      tally(entries);
      return read();
    },
    { changes: tally.changes, current: read },
  );
}

const NOBODY: QueueStaffing = { available: 0, onCall: 0, paused: 0, ringing: 0 };

/**
 * Service level (issue 16; QueueMetrics' "short abandons excluded" form):
 *   SL% = answered within the threshold / (answered + abandoned - short abandons) * 100
 * Short abandons (callers who hung up within the configured cut-off) are neither served nor failed; null
 * before the first outcome. The counters are the reconciled ones (daily-stats.ts): the PBX's records for
 * what has closed, live outcomes for what has no record yet.
 * Average wait = mean wait of the answered and abandoned callers of the day; abandon % = abandoned /
 * (answered + abandoned - short abandons), as the Today view's abandon rate. `countedSince` and `basis`:
 * what today's figures count from (see QueueSummary.day).
 */
export function summariseQueues(
  live: Waiting,
  counters: ReadonlyMap<string, QueueCounters>,
  staffing: ReadonlyMap<string, QueueStaffing> = new Map(),
  countedSince: EpochMs | null = null,
  basis: 'console' | 'cdr' = 'console',
): QueueSummary[] {
  const ids = new Set([...live.keys(), ...counters.keys()]);
  const out: QueueSummary[] = [];
  for (const id of ids) {
    const q = live.get(id);
    const c = counters.get(id);
    const outcomes = c ? c.answered + c.abandoned : 0;
    const slBase = c ? outcomes - c.shortAbandoned : 0;
    const s = staffing.get(id) ?? NOBODY;
    out.push({
      id,
      name: q?.name ?? c?.queueName ?? id,
      waiting: q?.waiting ?? 0,
      longestWaitSince: q?.longest ?? null,
      answered: c?.answered ?? 0,
      abandoned: c?.abandoned ?? 0,
      avgWaitSec: c && outcomes > 0 ? round1(c.waitSumSec / outcomes) : null,
      serviceLevelPct: c && slBase > 0 ? round1((c.answeredInSl / slBase) * 100) : null,
      abandonedPct: c && slBase > 0 ? round1(((c.abandoned - c.shortAbandoned) / slBase) * 100) : null,
      staffing: { available: s.available, onCall: s.onCall, paused: s.paused, ringing: s.ringing },
      day: { basis, countedSince },
    });
  }
  out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return out;
}
