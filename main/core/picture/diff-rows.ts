// Row-level diff of one list against the last published one, keyed by `id`.
// Cheap on purpose (a 10,000-agent tick has a budget of a few milliseconds): one Map lookup per row and a
// field-by-field compare written out per row type (monomorphic, stops at the first difference). No
// JSON.stringify, no generic deep-equal, no for..in over keys.
import type { ActiveCall, Agent, QueueEntry, QueueSummary, RowChanges } from '../../../common/domain';

type Row = { id: string };
export type RowEquals<T> = (a: T, b: T) => boolean;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const agentEquals: RowEquals<Agent> = (a, b) =>
  a === b ||
  (a.state === b.state && a.stateSince === b.stateSince && a.callId === b.callId && a.pauseReason === b.pauseReason &&
    a.name === b.name && a.username === b.username && a.extension === b.extension && a.pauseLimitSec === b.pauseLimitSec &&
    a.campaign === b.campaign && a.origin === b.origin && sameList(a.queues, b.queues));

export const callEquals: RowEquals<ActiveCall> = (a, b) =>
  a === b ||
  (a.state === b.state && a.extension === b.extension && a.agentId === b.agentId && a.agentName === b.agentName &&
    a.customerNumber === b.customerNumber && a.direction === b.direction && a.startedAt === b.startedAt && a.queueName === b.queueName);

export const entryEquals: RowEquals<QueueEntry> = (a, b) =>
  a === b ||
  (a.status === b.status && a.joinedAt === b.joinedAt && a.bridgedAt === b.bridgedAt && a.abandonedAt === b.abandonedAt &&
    a.agentName === b.agentName && a.queueId === b.queueId && a.queueName === b.queueName && a.number === b.number);

export const queueEquals: RowEquals<QueueSummary> = (a, b) =>
  a === b ||
  (a.waiting === b.waiting && a.longestWaitSince === b.longestWaitSince && a.answered === b.answered && a.abandoned === b.abandoned &&
    a.avgWaitSec === b.avgWaitSec && a.serviceLevelPct === b.serviceLevelPct && a.name === b.name);

export interface RowDiff<T extends Row> {
  changes: RowChanges<T>;
  /** The new rows by id: the base of the next diff. */
  index: Map<string, T>;
}

export function diffRows<T extends Row>(previous: ReadonlyMap<string, T>, next: readonly T[], equals: RowEquals<T>): RowDiff<T> {
  const index = new Map<string, T>();
  const upsert: T[] = [];
  for (const row of next) {
    // A PBX that repeats an id within one list: the first row wins (stable, and the diff stays keyed).
    if (index.has(row.id)) continue;
    index.set(row.id, row);
    const before = previous.get(row.id);
    if (before === undefined || !equals(before, row)) upsert.push(row);
  }
  const remove: string[] = [];
  // No upsert and the same size means the same ids (every new id would be an upsert): skip the scan.
  if (upsert.length > 0 || previous.size !== index.size) {
    for (const id of previous.keys()) if (!index.has(id)) remove.push(id);
  }
  return { changes: { upsert, remove }, index };
}
