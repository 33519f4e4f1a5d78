// The History view's records as CSV lines (pure): times as ISO (a spreadsheet reads them in any language),
// the PBX's own status word beside the console's, never the recording's address (main keeps it).
import type { CsvCell } from '../../../common/csv';
import type { CallRecord } from '../../../common/domain';

export const HISTORY_CSV_HEADER = [
  'id', 'started', 'answered', 'ended', 'direction', 'from', 'to', 'extension', 'queue', 'status', 'pbx_status', 'cause', 'wait_sec', 'talk_sec',
  'duration_sec', 'customer_id', 'has_recording',
] as const;

const iso = (at: number | null): string => (at === null ? '' : new Date(at).toISOString());

/** Seconds before the call was answered (or before the caller hung up). */
export const waitSec = (r: CallRecord): number => Math.max(0, Math.round(((r.answeredAt ?? r.endedAt) - r.startedAt) / 1000));

export function historyCsvRows(records: readonly CallRecord[]): (readonly CsvCell[])[] {
  return records.map((r) => [
    r.id, iso(r.startedAt), iso(r.answeredAt), iso(r.endedAt), r.direction ?? '', r.from, r.to, r.extension, r.destination ?? '', r.status, r.statusText,
    r.cause ?? '', waitSec(r), r.talkSec, r.durationSec, r.customerId ?? '', r.hasRecording,
  ]);
}
