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

type Waiting = ReadonlyMap<string, { name: string; waiting: number; longest: EpochMs | null }>;

/**
 * Who waits in each queue, by the entries list itself: most floor ticks bring agents or calls only, and the
 * same list of 6,500 visits was walked again for each.
 */
const waitingByList = new WeakMap<readonly QueueEntry[], Waiting>();
function waitingOf(entries: readonly QueueEntry[]): Waiting {
  const known = waitingByList.get(entries);
  if (known) return known;
  const live = new Map<string, { name: string; waiting: number; longest: EpochMs | null }>();
  for (const e of entries) {
    let q = live.get(e.queueId);
    if (!q) {
      q = { name: e.queueName, waiting: 0, longest: null };
      live.set(e.queueId, q);
    }
    if (e.status !== 'waiting') continue;
    q.waiting++;
    if (q.longest === null || e.joinedAt < q.longest) q.longest = e.joinedAt;
  }
  waitingByList.set(entries, live);
  return live;
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
  entries: readonly QueueEntry[],
  counters: ReadonlyMap<string, QueueCounters>,
  staffing: ReadonlyMap<string, QueueStaffing> = new Map(),
  countedSince: EpochMs | null = null,
  basis: 'console' | 'cdr' = 'console',
): QueueSummary[] {
  const live = waitingOf(entries);
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
