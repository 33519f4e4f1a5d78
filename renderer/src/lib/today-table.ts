// The Today view's tables as plain data: half-hour labels, the agents' order (any column, either way), and
// the rows its CSV exports carry. Pure, so the order and the files are tested without a DOM.
import type { AgentToday, TodayFigures, TodayQueue } from '../../../common/domain';
import type { CsvCell } from '../../../common/csv';

/** The PBX-local wall time a half hour starts at: "09:30" (interval 19). */
export function halfHourLabel(i: number): string {
  return `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
}

export type AgentColumn = 'name' | 'answered' | 'missed' | 'talkSec' | 'ahtSec' | 'pauses' | 'pausedSec' | 'lastCallAt';
export interface AgentOrder {
  key: AgentColumn;
  desc: boolean;
}
/** The busiest first: what a supervisor looks for at the end of a shift. */
export const DEFAULT_AGENT_ORDER: AgentOrder = { key: 'answered', desc: true };

/** The next order after pressing a column's header: the same column flips, another starts descending (names ascending). */
export function nextAgentOrder(order: AgentOrder, key: AgentColumn): AgentOrder {
  if (order.key === key) return { key, desc: !order.desc };
  return { key, desc: key !== 'name' };
}

/** Sorted copy; ties by extension, unknown values (no AHT, no last call) last either way. */
export function sortAgentsToday(rows: readonly AgentToday[], order: AgentOrder, collator: Intl.Collator): AgentToday[] {
  const sign = order.desc ? -1 : 1;
  const named = (a: AgentToday) => a.name || a.extension;
  return [...rows].sort((a, b) => {
    let d: number;
    if (order.key === 'name') d = sign * collator.compare(named(a), named(b));
    else {
      const x = a[order.key];
      const y = b[order.key];
      if (x === null || y === null) d = x === y ? 0 : x === null ? 1 : -1;
      else d = sign * (x - y);
    }
    // Ties by extension, a plain comparison: a floor of 10,000 has thousands of ties, and a collator per
    // pair cost a tenth of a second per refresh.
    return d || (a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : 0);
  });
}

/** Today's figures as CSV: one line per queue (the floor first), then one per half hour of the shown queue. */
export function todayCsvRows(queues: readonly TodayQueue[], floorName: string): (readonly CsvCell[])[] {
  const line = (name: string, period: string, f: TodayFigures, slSec: number): CsvCell[] => [
    name, period, f.offered, f.answered, f.abandoned, f.shortAbandoned, f.answeredInSl, slSec, f.serviceLevelPct, f.asaSec, f.ahtSec, f.abandonRatePct, f.waiting,
  ];
  const out: CsvCell[][] = [];
  for (const q of queues) out.push(line(q.id === '' ? floorName : q.name, 'day', q.day, q.serviceLevelSec));
  for (const q of queues) q.intervals.forEach((f, i) => out.push(line(q.id === '' ? floorName : q.name, halfHourLabel(i), f, q.serviceLevelSec)));
  return out;
}

export const TODAY_CSV_HEADER = [
  'queue', 'period', 'offered', 'answered', 'abandoned', 'short_abandoned', 'answered_in_sl', 'sl_threshold_sec', 'service_level_pct', 'asa_sec', 'aht_sec',
  'abandon_rate_pct', 'waiting',
] as const;

export const AGENTS_CSV_HEADER = ['name', 'extension', 'answered', 'missed', 'talk_sec', 'aht_sec', 'pauses', 'paused_sec', 'last_call'] as const;

/** One line per agent; the last call as an ISO time (a spreadsheet reads it in any language). */
export function agentsCsvRows(rows: readonly AgentToday[]): (readonly CsvCell[])[] {
  return rows.map((a) => [a.name, a.extension, a.answered, a.missed, a.talkSec, a.ahtSec, a.pauses, a.pausedSec, a.lastCallAt === null ? '' : new Date(a.lastCallAt).toISOString()]);
}
