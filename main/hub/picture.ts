// What the hub publishes for a floor, and the one fold of a change set into a picture that the hub (to keep
// its snapshot current) and every reader (to follow the changes) share.
import type { FloorState } from '../../common/contract';
import type { ActiveCall, ChangeSet, RowChanges, Snapshot, SourceStatus } from '../../common/domain';
import type { WebhookStats } from './webhooks';

/** The `snapshot` key: the floor's picture, and where in the changes stream it stands. */
export interface PublishedSnapshot {
  state: FloorState;
  /**
   * The changes stream's sequence of the last change set already folded into `state` (0: none yet).
   * A reader follows the stream from the next one, so nothing is missed and nothing applied twice.
   */
  changesStreamSeq: number;
}

/**
 * A pushed call event's change (floor.<F>.events, header Floorwatch-Kind: event), published by the hub as the
 * event is applied, ahead of the floor tick that carries it in a change set: a reader lays it over its
 * picture until that change set arrives (floor-reader.ts).
 */
export interface PushedCallChange {
  callId: string;
  /** The call as the event leaves it; null: hung up, out of the picture. */
  call: ActiveCall | null;
  /** The hub core's last change set (Snapshot.seq) when the event was applied: the next one carries it. */
  afterSeq: number;
}

/** The `health` key: what consoles show about the hub and its sources. */
export interface HubHealth {
  floor: string;
  /** The hub's Floorwatch version. */
  version: string;
  startedAt: number;
  /** When the hub last published anything from a poll (null: not yet). */
  lastPollAt: number | null;
  /** The picture's own sequence (Snapshot.seq) at that time. */
  pictureSeq: number;
  sources: (SourceStatus & { ageMs: number | null })[];
  at: number;
  /** The PBX's push events (main/hub/webhooks.ts WebhookStats), when the hub serves them. */
  pushEvents?: WebhookStats;
}

function applyRows<T extends { id: string }>(rows: T[], changes: RowChanges<T>): T[] {
  if (changes.upsert.length === 0 && changes.remove.length === 0) return rows;
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of changes.remove) byId.delete(id);
  for (const row of changes.upsert) byId.set(row.id, row);
  return [...byId.values()];
}

/**
 * `snapshot` moved on by `changes`, or null when `changes` does not start where `snapshot` stands (a gap:
 * the reader must take the snapshot again).
 */
export function applyChangeSet(snapshot: Snapshot, changes: ChangeSet): Snapshot | null {
  if (changes.baseSeq !== snapshot.seq) return null;
  return {
    seq: changes.seq,
    at: changes.at,
    agents: applyRows(snapshot.agents, changes.agents),
    calls: applyRows(snapshot.calls, changes.calls),
    queueEntries: applyRows(snapshot.queueEntries, changes.queueEntries),
    queues: applyRows(snapshot.queues, changes.queues),
  };
}
