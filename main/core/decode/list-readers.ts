// The vendor lists decoded off the main thread (decode-worker.ts): each reader turns one parsed row into a
// domain row, checking every field (FieldError names the one that fails, with the row's index in this
// answer), combines every row's result into the list (the de-duplication by id), and says how two rows of
// its kind compare, so the worker can send only the rows that changed. A row's result depends on the row
// and the params alone, so the worker keeps it for a row whose bytes come again (row-match.ts). Pure:
// imported by the worker.
import type { ActiveCall, Agent, QueueEntry } from '../../../common/domain';
import { combineCalls, combineQueue, LIST, readAgentRow, readCallRow, readQueueRow, rowsOf } from '../connectors/tel4vn/normalise';
import { agentEquals, callEquals, entryEquals, type RowEquals } from '../picture/diff-rows';

/** What a reader may need beyond the body (the PBX's zone for zone-less times, the own extension). */
export interface ListParams {
  timezone: string;
  ownExtension: string;
}

export interface ListReader<T extends { id: string }> {
  /** The key of the body's top-level object that holds the rows (the byte scanner looks for it). */
  listKey: string;
  /** The rows of a whole parsed body (FieldError when the body or its list is not as documented). */
  rowsOf(body: unknown): unknown[];
  /** Row `index` of this answer -> its checked result. */
  row(row: unknown, index: number, params: ListParams): T;
  /** Every row's result, in the answer's order -> the list (rows sharing an id: the reader's rule). */
  combine(rows: T[]): T[];
  equals: RowEquals<T>;
}

const calls: ListReader<ActiveCall> = {
  listKey: LIST, rowsOf, row: (row, i, p) => readCallRow(row, i, p.timezone, p.ownExtension), combine: combineCalls, equals: callEquals,
};
const queue: ListReader<QueueEntry> = { listKey: LIST, rowsOf, row: (row, i) => readQueueRow(row, i), combine: combineQueue, equals: entryEquals };
const agents: ListReader<Agent> = { listKey: LIST, rowsOf, row: (row, i) => readAgentRow(row, i), combine: (rows) => rows, equals: agentEquals };

/**
 * A whole parsed body -> its list: every row read and the results combined (`count`: the rows read). The
 * decode worker's reading of a body it could not match by rows, and the reference its tests hold it to.
 */
export function readList<T extends { id: string }>(reader: ListReader<T>, body: unknown, params: ListParams): { rows: T[]; count: number } {
  const list = reader.rowsOf(body);
  const results: T[] = new Array<T>(list.length);
  for (let i = 0; i < list.length; i++) results[i] = reader.row(list[i], i, params);
  return { rows: reader.combine(results), count: list.length };
}

/** The big TEL4VN lists (up to 10,000 rows, megabytes a poll). */
export const LIST_READERS = { 'tel4vn/calls': calls, 'tel4vn/queue': queue, 'tel4vn/agents': agents };

export type ListKind = keyof typeof LIST_READERS;
/** The row of a kind; of a union of kinds, the union of their rows (distributed: one reader at a time). */
export type RowOf<K extends ListKind> = K extends ListKind ? ((typeof LIST_READERS)[K] extends ListReader<infer T> ? T : never) : never;
export type ListRow = RowOf<ListKind>;
