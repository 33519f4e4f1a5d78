// The floor hub's publishing half: it follows one core's picture (the same core the desktop app and the web
// host run) and publishes it for a floor on NATS JetStream, so any number of consoles share one set of
// pollers (docs/hub.md):
//   core 'floor:changed' -> the change set on stream FLOOR_<F> (floor.<F>.changes), in order
//   every few seconds and on 'floor:reset' -> KV floor-<F> `snapshot`: the whole picture and the stream
//     sequence of the last change set already in it, where a reader joining late starts following
//   'sources:changed' and a timer -> KV floor-<F> `health`: sources' states and ages, last poll, version
//   a pushed call event (webhooks.ts) -> its call alone on floor.<F>.events, at once (publishEvent)
// Publishing is one queue, so the snapshot and the changes stream never disagree on where they stand; the
// pushed events skip it (a reader lays them over its picture until the change set that carries them).
//
// NATS away or a cluster electing a stream leader: a publish times out (5 s) and the change sets queued
// behind it wait, or is refused at once ("jetstream is not enabled" from a node whose stream has no leader
// yet). A failed publish leaves the readers' picture behind the hub's, so the hub owes them a reset: a job
// at least RESET_RETRY_MS after the failure publishes a marker and a snapshot of the core's picture, and the
// change sets before it (already in that picture) are dropped rather than each making another reset. Every
// failure is one line saying what was not published and that the hub carries on; nothing is fatal.
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { applyAbandonedChange, type AbandonedChange } from '../../common/abandoned-change';
import type { FloorState } from '../../common/contract';
import type { ActiveCall, ChangeSet, SourceStatus } from '../../common/domain';
import type { Core } from '../core/host';
import { ensureFloorStores, type FloorStores } from './floor-streams';
import { HEALTH_KEY } from './floor-names';
import { snapshotWriter } from './snapshot-chunks';
import { foldedPicture, type HubHealth, type PublishedSnapshot, type PushedCallChange } from './picture';

/**
 * A snapshot is written at most once per this many times its own last write took: at 10,000 agents one
 * write (JSON of 13 MB, chunked) costs the hub a few hundred ms, which must stay a small share of its time.
 */
const SNAPSHOT_SHARE = 20;

/** Header on the changes stream: 'changes' (a ChangeSet body), 'reset' (take the snapshot again) or 'event' (a PushedCallChange). */
export const KIND_HEADER = 'Floorwatch-Kind';

/**
 * After a failed publish, the reset the readers are owed is tried at most this often. A cluster electing a
 * stream leader refused each publish at once for seconds, and a reset per change set meanwhile (29 in five
 * seconds, node-loss.test.ts) sent every console the whole picture again each time: 13 MB at 10,000 agents.
 */
const RESET_RETRY_MS = 1000;

/** What a failed change set or reset costs, and how it mends. */
const OWED = 'the floor was not published; the consoles take its whole picture at the next change';

/** One line: the error's name and message, and its cause's (a NATS timeout or "no responders"). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && error.cause.message !== error.message ? `: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}`;
}

interface FloorHubOptions {
  nc: NatsConnection;
  floor: string;
  /** The core whose picture is published: only reading its events and `floor:get`. */
  core: Pick<Core, 'invoke' | 'subscribe'>;
  version: string;
  /**
   * How often the whole picture is written again (ms). Between two, a reader catches up from the stream; a
   * longer period costs a late joiner more change sets, a shorter one the hub more bytes (13 MB at 10,000
   * agents). Default 5 s; never more often than 20 times the last write took (SNAPSHOT_SHARE).
   */
  snapshotEveryMs?: number;
  /** How often the health record is refreshed when nothing else moves it (ms). Default 5 s. */
  healthEveryMs?: number;
  now?: () => number;
  /**
   * Where publishing failures go, with what failed in words (the hub keeps running: the next change set or
   * snapshot repairs the picture). Default: one line on stderr.
   */
  onError?: (error: unknown, what: string) => void;
  /** Copies of the floor's streams and buckets on a cluster (floor-streams.ts). Default 1. */
  replicas?: number;
  /** More for the health record: the push events' counts (webhooks.ts). */
  pushStats?: () => HubHealth['pushEvents'];
  /**
   * A connection of its own for the pushed events (publishEvent). On `nc` an event's few hundred bytes wait
   * in the socket behind whatever is being sent: a snapshot's chunks (14 MB every few seconds at 10,000
   * agents), a pass of call records. Default: `nc`.
   */
  eventsNc?: NatsConnection;
}

export interface FloorHub {
  readonly stores: FloorStores;
  /**
   * A pushed call event's call as the core now has it (null: hung up), published at once on the floor's
   * events subject: the floor tick that carries it in a change set (a whole floor's merge and diff, 100 ms
   * and more at 10,000 agents on a loaded machine) and a snapshot write in progress are not waited for.
   */
  publishEvent(callId: string, call: ActiveCall | null): void;
  /** Resolves when everything queued so far is published (tests, a clean stop). */
  flush(): Promise<void>;
  /**
   * Stop following the core. `lastSnapshot` false when this hub lost its lease (lease.ts): another hub may
   * already publish, and a last snapshot from this one would overwrite its picture.
   */
  stop(lastSnapshot?: boolean): Promise<void>;
}

export async function startFloorHub(options: FloorHubOptions): Promise<FloorHub> {
  const { nc, core, version } = options;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((error: unknown, what: string) => console.error(`Floorwatch hub: ${what} (${describeError(error)})`));
  const stores = await ensureFloorStores(nc, options.floor, options.replicas ?? 1);
  const { names, picture } = stores;
  // Chunked: at 10,000 agents the picture is larger than a NATS message may be (snapshot-chunks.ts).
  const snapshots = snapshotWriter(picture, nc.info?.max_payload);
  const js: JetStreamClient = jetstream(nc);
  const eventsJs: JetStreamClient = options.eventsNc ? jetstream(options.eventsNc) : js;
  const startedAt = now();
  const healthEveryMs = options.healthEveryMs ?? 5000;
  const snapshotEveryMs = options.snapshotEveryMs ?? 5000;
  // What one change set may weigh: the server's max_payload (1 MB by default) less room for the headers.
  const maxChangeBytes = (nc.info?.max_payload ?? 1024 * 1024) - 16 * 1024;

  const first = await core.invoke('floor:get', undefined);
  if (!first.ok) throw new Error(`The core gave no picture: ${first.error.message}`);
  let state = first.data as FloorState;
  // The picture as published so far, kept by id (picture.ts foldedPicture): `state.snapshot` is not kept up.
  let floor = foldedPicture(state.snapshot);
  // The core's last change set as emitted (the publishing queue may not have sent it yet): a pushed event
  // applied now is in the change set after it.
  let coreSeq = state.snapshot.seq;
  let sources: SourceStatus[] = state.sources;
  let lastPollAt: number | null = null;
  // Where the changes stream stands (a previous hub's change sets may be in it: readers start after them).
  let streamSeq = (await (await js.streams.get(names.changesStream)).info()).state.last_seq;
  let snapshotAt = 0;
  let snapshotTookMs = 0;

  // A publish failed: the readers' picture may be behind the hub's until a reset marker and snapshot, tried
  // again from `resetAfter` on.
  let owedReset = false;
  let resetAfter = 0;
  const failed = (error: unknown): never => {
    owedReset = true;
    resetAfter = now() + RESET_RETRY_MS;
    throw error;
  };
  // Stopped after losing the lease: what is still queued is not published (another hub may publish).
  let abandoned = false;

  let queue: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>, failed: string): void => {
    queue = queue.then(() => (abandoned ? undefined : job())).catch((error: unknown) => onError(error, failed));
  };

  // One snapshot write at a time. The picture and its stream sequence are taken together, in the publishing
  // queue; the chunks then go out beside it, so change sets do not wait behind 13 MB of puts.
  let writing: Promise<void> = Promise.resolve();
  let inFlight = false;
  const startSnapshot = (): Promise<void> => {
    const published: PublishedSnapshot = { state: { ...state, snapshot: floor.snapshot(), sources }, changesStreamSeq: streamSeq };
    const started = performance.now();
    inFlight = true;
    snapshotAt = now();
    writing = writing
      .catch(() => undefined) // a failed write (reported where it was started) does not stop the next one
      .then(() => snapshots.write(published))
      .then(() => {
        snapshotTookMs = performance.now() - started;
      })
      .finally(() => {
        inFlight = false;
      });
    return writing;
  };
  /** Written before anything after it is published (a reset, the first and the last snapshot). */
  const writeSnapshot = (): Promise<void> => startSnapshot();

  // One health write waiting at most: a queue held up by timed-out publishes does not pile them up.
  let healthQueued = false;
  const queueHealth = (): void => {
    if (healthQueued) return;
    healthQueued = true;
    enqueue(async () => {
      healthQueued = false;
      await writeHealth();
    }, `the health record was not written; written again within ${healthEveryMs / 1000} s`);
  };
  const writeHealth = async (): Promise<void> => {
    const at = now();
    const health: HubHealth = {
      floor: names.floor,
      version,
      startedAt,
      lastPollAt,
      pictureSeq: floor.seq,
      sources: sources.map((s) => ({ ...s, ageMs: s.lastGoodAt === null ? null : Math.max(0, at - s.lastGoodAt) })),
      at,
      ...(options.pushStats ? { pushEvents: options.pushStats() } : {}),
    };
    await picture.put(HEALTH_KEY, JSON.stringify(health));
  };

  /** A new picture that does not follow from the last: readers are told to take the snapshot again. */
  const reset = async (next: FloorState): Promise<void> => {
    state = next;
    floor = foldedPicture(next.snapshot);
    owedReset = true;
    const h = headers();
    h.set(KIND_HEADER, 'reset');
    try {
      streamSeq = (await js.publish(names.changesSubject, '', { headers: h })).seq;
      await writeSnapshot();
    } catch (error) {
      failed(error);
    }
    owedReset = false;
  };

  const publishChanges = async (changes: ChangeSet): Promise<void> => {
    // Already in the picture: the core's whole picture was taken (a reset) while this one waited in the queue.
    if (!owedReset && changes.seq <= floor.seq && changes.at <= floor.at) return;
    if (owedReset || changes.baseSeq !== floor.seq) {
      // A publish failed before (the readers are behind), or the core's change set does not start from the
      // hub's picture (should not happen): start again from the core's own picture rather than publish a gap.
      // Not yet after a failure: this change set is in the picture the next reset carries.
      if (owedReset && now() < resetAfter) return;
      const fresh = await core.invoke('floor:get', undefined);
      if (fresh.ok) await reset(fresh.data as FloorState);
      return;
    }
    const body = JSON.stringify(changes);
    lastPollAt = changes.at;
    // Bytes counted only when the characters could be too many (UTF-8: at most 3 bytes each here).
    if (body.length * 3 > maxChangeBytes && Buffer.byteLength(body, 'utf8') > maxChangeBytes) {
      // Larger than a NATS message may be (the first poll of 10,000 agents is the whole floor: 13 MB): the
      // readers take the picture whole instead, from the chunked snapshot behind a reset marker.
      floor.apply(changes);
      await reset({ ...state, snapshot: floor.snapshot() });
      return;
    }
    const h = headers();
    h.set(KIND_HEADER, 'changes');
    try {
      streamSeq = (await js.publish(names.changesSubject, body, { headers: h })).seq;
    } catch (error) {
      failed(error);
    }
    floor.apply(changes);
    if (!inFlight && now() - snapshotAt >= Math.max(snapshotEveryMs, SNAPSHOT_SHARE * snapshotTookMs)) {
      startSnapshot().catch((error: unknown) => onError(error, `the snapshot was not written; written again with a change after ${snapshotEveryMs / 1000} s`));
    }
  };

  const unsubscribe = core.subscribe((channel, payload) => {
    if (channel === 'floor:changed') {
      coreSeq = (payload as ChangeSet).seq;
      enqueue(() => publishChanges(payload as ChangeSet), OWED);
    } else if (channel === 'floor:reset') {
      coreSeq = (payload as FloorState).snapshot.seq;
      enqueue(() => reset(payload as FloorState), OWED);
    }
    else if (channel === 'sources:changed') {
      sources = payload as SourceStatus[];
      queueHealth();
    } else if (channel === 'abandoned:changed') {
      // Carried by the next snapshot; the shared abandoned journal is its own piece (issue 18 point 4).
      const change = payload as AbandonedChange;
      const abandoned = applyAbandonedChange(state.abandoned, state.abandonedSeq, change);
      if (abandoned) state = { ...state, abandoned, abandonedSeq: change.seq };
      else {
        // A change missed: the core's whole list again.
        void core.invoke('floor:get', undefined).then((r) => {
          if (r.ok) state = { ...state, abandoned: (r.data as FloorState).abandoned, abandonedSeq: (r.data as FloorState).abandonedSeq };
        });
      }
    }
  });

  // A reset marker first: readers still following a previous hub's picture (another hub of the floor
  // before a take-over, or this one before a restart) take this one's snapshot rather than compare its
  // sequence numbers with the old picture's.
  enqueue(async () => {
    await reset(state);
    await writeHealth();
  }, OWED);
  const healthTimer = setInterval(queueHealth, healthEveryMs);
  healthTimer.unref?.();

  return {
    stores,
    publishEvent(callId, call) {
      if (abandoned) return; // the lease lost: another hub publishes the floor
      const h = headers();
      h.set(KIND_HEADER, 'event');
      const change: PushedCallChange = { callId, call, afterSeq: coreSeq };
      eventsJs.publish(names.eventsSubject, JSON.stringify(change), { headers: h }).catch((error: unknown) => onError(error, 'a pushed event was not published ahead of its change set'));
    },
    flush: () => queue.then(() => writing).catch((error: unknown) => onError(error, 'the snapshot was not written')),
    async stop(lastSnapshot = true) {
      clearInterval(healthTimer);
      unsubscribe();
      // The last picture, so a console joining after the hub stopped sees where it ended. Without it (the
      // lease lost) nothing queued is published any more: another hub may publish already.
      if (lastSnapshot) enqueue(writeSnapshot, 'the last snapshot was not written');
      else abandoned = true;
      await queue;
      await writing.catch((error: unknown) => onError(error, 'the snapshot was not written'));
    },
  };
}
