// The reading half, what a console on the hub runs: take the floor's snapshot, then follow the changes
// stream from just after it, so a console that joins late or reconnects gets the current picture once and
// then only the change sets (docs/hub.md). A gap (a change set that does not start where the picture
// stands, or the hub's 'reset' marker) takes the snapshot again.
import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { FloorState } from '../../common/contract';
import type { ChangeSet } from '../../common/domain';
import { floorNames, HEALTH_KEY } from './floor-names';
import { KIND_HEADER } from './floor-hub';
import { readChunkedSnapshot } from './snapshot-chunks';
import { applyChangeSet, type HubHealth, type PublishedSnapshot } from './picture';

export interface FloorReaderListener {
  /** The whole picture: on joining and after every gap. */
  onSnapshot?(state: FloorState): void;
  /** One change set, already folded into `state` (the reader's `state()`). */
  onChanges?(changes: ChangeSet, state: FloorState): void;
  /** Following broke (NATS gone, permissions): the console falls back to its own polling (point 3). */
  onError?(error: unknown): void;
}

export interface FloorReader {
  state(): FloorState;
  health(): Promise<HubHealth | null>;
  /** How many times the whole snapshot was read (1 for a reader that never saw a gap). */
  readonly snapshotsRead: number;
  close(): Promise<void>;
}

async function readSnapshot(kv: KV): Promise<PublishedSnapshot> {
  // The hub writes the snapshot before anything else: a reader that comes first waits for it.
  for (let tries = 0; ; tries++) {
    const snapshot = await readChunkedSnapshot(kv);
    if (snapshot) return snapshot;
    if (tries > 100) throw new Error('The floor has no picture yet: is its hub running?');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function joinFloor(nc: NatsConnection, floor: string, listener: FloorReaderListener = {}): Promise<FloorReader> {
  const names = floorNames(floor);
  const kv = await new Kvm(nc).open(names.pictureBucket);
  const js = jetstream(nc);
  let current: PublishedSnapshot;
  let messages: ConsumerMessages | null = null;
  let closed = false;
  let snapshotsRead = 0;

  const follow = async (): Promise<void> => {
    current = await readSnapshot(kv);
    snapshotsRead++;
    listener.onSnapshot?.(current.state);
    const consumer = await js.consumers.get(names.changesStream, {
      filter_subjects: names.changesSubject,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: current.changesStreamSeq + 1,
    });
    // Pulls that expire after 5 s (heartbeats every 2.5 s) rather than 30 s: a console whose consumer was
    // on a cluster node that died notices in seconds and the ordered consumer is made again elsewhere.
    messages = await consumer.consume({ expires: 5_000 });
    void (async (mine: ConsumerMessages) => {
      for await (const m of mine) {
        if (m.headers?.get(KIND_HEADER) === 'reset') {
          // Wait until the hub's snapshot stands at (or past) the marker, then start over from it.
          if (m.seq > current.changesStreamSeq) return restart(m.seq);
          continue;
        }
        const changes = m.json<ChangeSet>();
        if (changes.seq <= current.state.snapshot.seq) continue; // already in the snapshot
        const moved = applyChangeSet(current.state.snapshot, changes);
        if (!moved) return restart(m.seq);
        current = { state: { ...current.state, snapshot: moved }, changesStreamSeq: m.seq };
        listener.onChanges?.(changes, current.state);
      }
    })(messages).catch((error: unknown) => {
      if (!closed) listener.onError?.(error);
    });
  };

  const restart = async (atLeast: number): Promise<void> => {
    messages?.stop();
    messages = null;
    for (let tries = 0; !closed && tries < 100; tries++) {
      const next = await readSnapshot(kv);
      if (next.changesStreamSeq >= atLeast) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!closed) await follow();
  };

  await follow();
  return {
    state: () => current.state,
    async health() {
      const entry = await kv.get(HEALTH_KEY);
      return entry && entry.operation === 'PUT' ? entry.json<HubHealth>() : null;
    },
    get snapshotsRead() {
      return snapshotsRead;
    },
    async close() {
      closed = true;
      messages?.stop();
    },
  };
}
