// What the hub publishes for a floor, and the one fold of a change set into a picture that the hub (to keep
// its snapshot current) and every reader (to follow the changes) share: the rows kept by id (FoldedPicture).
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

/** A picture kept as rows by id: a change set costs its own rows, not the floor's. */
export interface FoldedPicture {
  readonly seq: number;
  readonly at: number;
  /** Fold `changes` in; false (and nothing changed) when they do not start where the picture stands. */
  apply(changes: ChangeSet): boolean;
  /** The picture as a Snapshot: its row lists made when asked, once per change. */
  snapshot(): Snapshot;
}

/**
 * The hub's picture (floor-hub.ts, needed whole only when it writes a snapshot) and a reader's, moved by every
 * change set. A new map and list of every row for every change set (about ten a second at 10,000 agents)
 * was the largest share of the hub's own time and its longest holds of the event loop (a CPU profile of
 * `npm run bench -- --hub`: 15 % of its busy time). The rows' order: a row keeps its place, a new one comes
 * last. A list that did not change is the same array as before.
 */
export function foldedPicture(start: Snapshot): FoldedPicture {
  let seq = start.seq;
  let at = start.at;
  const kept = <T extends { id: string }>(rows: readonly T[]) => ({ byId: new Map(rows.map((row) => [row.id, row])), list: rows as T[] | null });
  const lists = { agents: kept(start.agents), calls: kept(start.calls), queueEntries: kept(start.queueEntries), queues: kept(start.queues) };
  let made: Snapshot | null = start;
  // A list no change set touched stays the very same array (a console's core compares lists by identity).
  const fold = <T extends { id: string }>(rows: { byId: Map<string, T>; list: T[] | null }, changes: RowChanges<T>): void => {
    if (changes.upsert.length === 0 && changes.remove.length === 0) return;
    for (const id of changes.remove) rows.byId.delete(id);
    for (const row of changes.upsert) rows.byId.set(row.id, row);
    rows.list = null;
  };
  const listOf = <T extends { id: string }>(rows: { byId: Map<string, T>; list: T[] | null }): T[] => (rows.list ??= [...rows.byId.values()]);
  return {
    get seq() {
      return seq;
    },
    get at() {
      return at;
    },
    apply(changes) {
      if (changes.baseSeq !== seq) return false;
      fold(lists.agents, changes.agents);
      fold(lists.calls, changes.calls);
      fold(lists.queueEntries, changes.queueEntries);
      fold(lists.queues, changes.queues);
      seq = changes.seq;
      at = changes.at;
      made = null;
      return true;
    },
    snapshot() {
      made ??= { seq, at, agents: listOf(lists.agents), calls: listOf(lists.calls), queueEntries: listOf(lists.queueEntries), queues: listOf(lists.queues) };
      return made;
    },
  };
}
