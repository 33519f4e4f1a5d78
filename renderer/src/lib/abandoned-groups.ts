// Today's abandoned calls by caller: a number that hung up three times is one row with "×3" and the last
// time, not three rows the supervisor calls back three times. Handled and called back are kept per caller by
// main too (a mark or a call-back reaches every record of the number), so a group is handled when all its
// records are. A withheld (empty) number cannot be told apart from another: each such record is its own row.
import type { AbandonedCall, EpochMs } from '../../../common/domain';

export interface CallerGroup {
  /** The row's id in the panel: the number, or the record id for a withheld number. */
  key: string;
  number: string;
  /** The caller's records, newest first (the newest is the one a call-back or a mark is sent for). */
  records: AbandonedCall[];
  latest: AbandonedCall;
  /** Every record handled. */
  handled: boolean;
  /** The latest call-back of any of the records. */
  calledBackAt: EpochMs | null;
  /** The queues the caller hung up in, newest first, each once. */
  queueNames: string[];
}

export const callerKey = (call: AbandonedCall): string => (call.number.trim() === '' ? call.id : call.number);

/** Group `calls` (any order) by caller; groups newest first by their latest hang-up. */
export function groupByCaller(calls: readonly AbandonedCall[]): CallerGroup[] {
  const byKey = new Map<string, AbandonedCall[]>();
  const newest = [...calls].sort((a, b) => b.abandonedAt - a.abandonedAt || (a.id < b.id ? 1 : -1));
  for (const call of newest) {
    const key = callerKey(call);
    const list = byKey.get(key);
    if (list) list.push(call);
    else byKey.set(key, [call]);
  }
  return [...byKey].map(([key, records]) => {
    const latest = records[0]!;
    let calledBackAt: EpochMs | null = null;
    for (const r of records) if (r.calledBackAt !== null && (calledBackAt === null || r.calledBackAt > calledBackAt)) calledBackAt = r.calledBackAt;
    return {
      key,
      number: latest.number,
      records,
      latest,
      handled: records.every((r) => r.handled),
      calledBackAt,
      queueNames: [...new Set(records.map((r) => r.queueName))],
    };
  });
}
