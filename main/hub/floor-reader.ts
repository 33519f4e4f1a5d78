// The reading half, what a console on the hub runs: take the floor's snapshot, then follow the changes
// stream from just after it, so a console that joins late or reconnects gets the current picture once and
// then only the change sets (docs/hub.md). A gap (a change set that does not start where the picture
// stands, or the hub's 'reset' marker) takes the snapshot again. A pushed call event (floor.<F>.events, the
// same stream) is laid over the picture at once and dropped when the change set that carries it arrives.
//
// The changes come through an ordered consumer: one replica, on one node of a cluster. When that node dies
// the client library does not make it again (it asks the lost consumer for its info and waits, silently,
// for an answer that never comes; nats-io ADR issue 162), while the hub's health record keeps moving, so
// the console would show a frozen floor as live. So the reader watches its consumer itself: the server
// sends an idle heartbeat every HEARTBEAT_MS while nothing else comes; no message and no heartbeat for
// STALL_MS and it makes a new consumer from where its picture stands (no snapshot read again). Its own
// connection moving to another node (the client's 'reconnect' status: the node it was on died, or went
// lame duck) makes one at once, without waiting out the stall. Making it (or reading the snapshot) is
// retried while a cluster elects; only after RETRY_FOR_MS is the console told (it then polls the PBX itself).
import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { FloorState } from '../../common/contract';
import type { ActiveCall, ChangeSet } from '../../common/domain';
import { overlayCalls } from '../core/session/pushed-calls';
import { floorNames, HEALTH_KEY } from './floor-names';
import { KIND_HEADER } from './floor-hub';
import { readChunkedSnapshot } from './snapshot-chunks';
import { foldedPicture, type FoldedPicture, type HubHealth, type PublishedSnapshot, type PushedCallChange } from './picture';

/**
 * A pushed event's mark lasts at most this long without the change set that carries it (a hub that stopped
 * between the two): the picture never keeps a call only an event spoke of.
 */
const EVENT_MARK_MS = 10_000;
/**
 * Events told to the listener at most this often: a busy floor of 10,000 agents pushes dozens a second, and
 * each telling is a whole picture for the console to take in (one tick of its own).
 */
const EVENT_TELL_MS = 10;

interface EventMark {
  call: ActiveCall | null;
  afterSeq: number;
  at: number;
}

/** The server's idle heartbeat while a pull waits with nothing to deliver: the consumer's sign of life. */
const HEARTBEAT_MS = 500;
/** Pulls expire after this (and are made again): a pull lost with its node is not waited on for long. */
const PULL_EXPIRES_MS = 5_000;
/**
 * Nothing (no change set, no heartbeat) for this long: the consumer is taken for lost and made again. Five
 * heartbeats missed: a server slow on a loaded machine is not a lost node, and a wrong guess costs only a
 * consumer made again from where the picture stands (no snapshot). It was 5 s (1 s heartbeats): the
 * consoles' picture paused that long after the node holding their consumer died.
 */
export const STALL_MS = 5 * HEARTBEAT_MS;
/** The watchdog's look; one that comes more than a heartbeat late means this process's loop was held up. */
const CHECK_MS = HEARTBEAT_MS / 2;
/** A JetStream request of the reader (a consumer made) given up after this, and sent again. */
const API_TIMEOUT_MS = 2_000;
/** How long making the consumer again (or reading the snapshot) is retried before the console is told. */
const RETRY_FOR_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface FloorReaderListener {
  /** The whole picture: on joining and after every gap. */
  onSnapshot?(state: FloorState): void;
  /** One change set, already folded into `state` (the reader's `state()`). */
  onChanges?(changes: ChangeSet, state: FloorState): void;
  /** Pushed call events laid over the picture, ahead of their change set: `state` is the reader's `state()`. */
  onEvent?(state: FloorState): void;
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
  // A consumer made again (resume) answers in milliseconds; a request sent while a cluster elects may be lost
  // with the old leader: given up after API_TIMEOUT_MS and sent again, not waited on for 5 s. The first one,
  // on joining, keeps the client's 5 s (a console joining a loaded server is not refused for being slow).
  const jsResuming = jetstream(nc, { timeout: API_TIMEOUT_MS });
  let current: PublishedSnapshot;
  /** `current`'s picture kept by id: a change set folds in at the cost of its own rows (picture.ts). */
  let folded: FoldedPicture;
  let messages: ConsumerMessages | null = null;
  let watchdog: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  let snapshotsRead = 0;
  /** Pushed events not yet carried by a change set, by call id; `view` is the picture with them laid over. */
  const marks = new Map<string, EventMark>();
  let view: FloorState | null = null;
  const state = (): FloorState => {
    if (marks.size === 0) return current.state;
    return (view ??= { ...current.state, snapshot: { ...current.state.snapshot, calls: overlayCalls(current.state.snapshot.calls, marks) } });
  };
  /** Marks the picture now carries (a change set after the one they followed), or too old, go. */
  const settle = (): void => {
    const seq = current.state.snapshot.seq;
    const now = Date.now();
    for (const [id, mark] of marks) if (mark.afterSeq < seq || now - mark.at > EVENT_MARK_MS) marks.delete(id);
    view = null;
  };
  let tellTimer: ReturnType<typeof setTimeout> | null = null;
  const tellEvents = (): void => {
    tellTimer ??= setTimeout(() => {
      tellTimer = null;
      if (!closed) listener.onEvent?.(state());
    }, EVENT_TELL_MS);
  };

  /** The snapshot, once it stands at (or past) `atLeast` on the stream (a hub's reset marker), or after 5 s. */
  const takeSnapshot = async (atLeast: number): Promise<void> => {
    let next = await readSnapshot(kv);
    for (let tries = 0; !closed && next.changesStreamSeq < atLeast && tries < 100; tries++) {
      await sleep(50);
      next = await readSnapshot(kv);
    }
    current = next;
    folded = foldedPicture(next.state.snapshot);
    snapshotsRead++;
    // A new picture (the hub's or a new hub's): its sequence says nothing of the marks' (a late event is
    // only latency lost, the next change set carries it).
    marks.clear();
    view = null;
    listener.onSnapshot?.(current.state);
  };

  const stopFollowing = (): void => {
    clearInterval(watchdog);
    messages?.stop();
    messages = null;
  };

  /** Follow the stream from just after where the picture stands, with a new ordered consumer. */
  const follow = async (api = js): Promise<void> => {
    // Both subjects of the stream (changes and events) in one order: no filter (nats-server 2.9 has one
    // filter subject per consumer).
    const consumer = await api.consumers.get(names.changesStream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: current.changesStreamSeq + 1,
    });
    const mine = await consumer.consume({ expires: PULL_EXPIRES_MS, idle_heartbeat: HEARTBEAT_MS });
    if (closed) {
      mine.stop(); // closed while the consumer was being made
      return;
    }
    messages = mine;
    let heardAt = performance.now();
    void (async () => {
      for await (const n of mine.status()) if (n.type === 'heartbeat') heardAt = performance.now();
    })().catch(() => undefined);
    // A check that comes late means this process's own loop was held up (a loaded machine): the heartbeats
    // may be waiting unread, so the clock starts again rather than call the consumer lost.
    let checkedAt = performance.now();
    watchdog = setInterval(() => {
      const at = performance.now();
      if (at - checkedAt > CHECK_MS + HEARTBEAT_MS) heardAt = at;
      checkedAt = at;
      if (at - heardAt > STALL_MS && messages === mine) void resume(false, 0);
    }, CHECK_MS);
    watchdog.unref?.();
    void (async () => {
      for await (const m of mine) {
        heardAt = performance.now();
        if (m.headers?.get(KIND_HEADER) === 'reset') {
          // Wait until the hub's snapshot stands at (or past) the marker, then start over from it.
          if (m.seq > current.changesStreamSeq) return resume(true, m.seq);
          continue;
        }
        if (m.subject === names.eventsSubject) {
          const event = m.json<PushedCallChange>();
          // Behind the picture already (its change set came first): nothing to lay.
          if (event.afterSeq < current.state.snapshot.seq) continue;
          marks.set(event.callId, { call: event.call, afterSeq: event.afterSeq, at: Date.now() });
          view = null;
          tellEvents();
          continue;
        }
        const changes = m.json<ChangeSet>();
        if (changes.seq <= current.state.snapshot.seq) continue; // already in the snapshot
        if (!folded.apply(changes)) return resume(true, m.seq);
        current = { state: { ...current.state, snapshot: folded.snapshot() }, changesStreamSeq: m.seq };
        if (marks.size > 0) settle();
        listener.onChanges?.(changes, state());
      }
    })().catch((error: unknown) => {
      if (!closed && messages === mine) listener.onError?.(error);
    });
  };

  /**
   * Start following again: from a new snapshot (a gap, a reset marker at `atLeast`) or from where the
   * picture stands (the consumer was lost). Retried while NATS is away or a cluster elects.
   */
  let resuming = false;
  const resume = async (fromSnapshot: boolean, atLeast: number): Promise<void> => {
    if (resuming || closed) return;
    resuming = true;
    stopFollowing();
    const giveUpAt = performance.now() + RETRY_FOR_MS;
    try {
      for (let attempt = 0; !closed; attempt++) {
        try {
          if (fromSnapshot) await takeSnapshot(atLeast);
          fromSnapshot = false;
          if (!closed) await follow(jsResuming);
          return;
        } catch (error) {
          if (performance.now() > giveUpAt) {
            if (!closed) listener.onError?.(error);
            return;
          }
          await sleep(Math.min(1_000, 250 * 2 ** attempt));
        }
      }
    } finally {
      resuming = false;
    }
  };

  // This connection on another node now: its consumer may have died with the old node (or hangs on a pull
  // the dead node held). Follow again at once from where the picture stands; a consumer that was alive
  // elsewhere is only replaced.
  const connection = nc.status();
  void (async () => {
    for await (const s of connection) {
      if (closed) break;
      if (s.type === 'reconnect' && messages) void resume(false, 0);
    }
  })().catch(() => undefined);

  try {
    await takeSnapshot(0);
    await follow();
  } catch (error) {
    closed = true;
    (connection as { stop?: () => void }).stop?.();
    throw error;
  }
  return {
    state,
    async health() {
      const entry = await kv.get(HEALTH_KEY);
      return entry && entry.operation === 'PUT' ? entry.json<HubHealth>() : null;
    },
    get snapshotsRead() {
      return snapshotsRead;
    },
    async close() {
      closed = true;
      if (tellTimer) clearTimeout(tellTimer);
      (connection as { stop?: () => void }).stop?.();
      stopFollowing();
    },
  };
}
