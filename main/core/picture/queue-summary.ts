// Per-queue summaries: who waits now (from the queue monitor) and today's figures (from DailyStats).
import type { EpochMs, QueueEntry, QueueSummary } from '../../../common/domain';
import type { QueueCounters } from './daily-stats';

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Service level, as the best panels compute it (FusionPBX, QueueMetrics' default):
 *   SL% = answered within the threshold / (answered + abandoned) * 100
 * Abandoned callers count against the level however short their wait; null before the first outcome.
 * Average wait = mean wait of the answered and abandoned callers of the day.
 */
export function summariseQueues(
  entries: readonly QueueEntry[],
  counters: ReadonlyMap<string, QueueCounters>,
): QueueSummary[] {
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
  const ids = new Set([...live.keys(), ...counters.keys()]);
  const out: QueueSummary[] = [];
  for (const id of ids) {
    const q = live.get(id);
    const c = counters.get(id);
    const outcomes = c ? c.answered + c.abandoned : 0;
    out.push({
      id,
      name: q?.name ?? c?.queueName ?? id,
      waiting: q?.waiting ?? 0,
      longestWaitSince: q?.longest ?? null,
      answered: c?.answered ?? 0,
      abandoned: c?.abandoned ?? 0,
      avgWaitSec: c && outcomes > 0 ? round1(c.waitSumSec / outcomes) : null,
      serviceLevelPct: c && outcomes > 0 ? round1((c.answeredInSl / outcomes) * 100) : null,
    });
  }
  out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return out;
}
