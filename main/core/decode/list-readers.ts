// The vendor lists decoded off the main thread (decode-worker.ts): each reader turns a parsed body into
// domain rows, checking every field (FieldError names the one that fails), and says how two rows of its
// kind compare, so the worker can send only the rows that changed. Pure: imported by the worker.
import type { ActiveCall, Agent, QueueEntry } from '../../../common/domain';
import { normaliseAgents, normaliseCalls, normaliseQueue } from '../connectors/tel4vn/normalise';
import { agentEquals, callEquals, entryEquals, type RowEquals } from '../picture/diff-rows';

/** What a reader may need beyond the body (the PBX's zone for zone-less times, the own extension). */
export interface ListParams {
  timezone: string;
  ownExtension: string;
}

export interface ListReader<T extends { id: string }> {
  read(body: unknown, params: ListParams): T[];
  equals: RowEquals<T>;
}

const calls: ListReader<ActiveCall> = { read: (body, p) => normaliseCalls(body, p.timezone, p.ownExtension), equals: callEquals };
const queue: ListReader<QueueEntry> = { read: (body) => normaliseQueue(body), equals: entryEquals };
const agents: ListReader<Agent> = { read: (body) => normaliseAgents(body), equals: agentEquals };

/** The big TEL4VN lists (up to 10,000 rows, megabytes a poll). */
export const LIST_READERS = { 'tel4vn/calls': calls, 'tel4vn/queue': queue, 'tel4vn/agents': agents };

export type ListKind = keyof typeof LIST_READERS;
export type RowOf<K extends ListKind> = (typeof LIST_READERS)[K] extends ListReader<infer T> ? T : never;
export type ListRow = RowOf<ListKind>;
