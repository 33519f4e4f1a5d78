// The day's call records read once per floor (issue 18 point 4): the hub's core reads the PBX's CDRs (one
// incremental pass every 30 s, the whole day on its first) and the hub publishes each pass on stream
// RECORDS_<F> (subject floor.<F>.records, kept 26 hours), cut into messages of at most 512 KB. Every console
// of the floor follows the stream from its start and folds the records into its own day (Today, History's
// figures, the abandons' catch-up, the forecast's handle time) as if it had read them itself: the PBX sees
// one reader of its records whatever the number of consoles. A console whose hub is silent reads the PBX
// itself again (main/core/session/live-session.ts), from where its day stands.
import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { CallRecord } from '../../common/domain';
import type { RecordPass } from '../core/host';
import { floorNames } from './floor-names';

/** The most one message carries (JSON bytes, about): under any server's default max_payload of 1 MB. */
const MESSAGE_BYTES = 512 * 1024;

/** One message on floor.<F>.records: part of a pass; `complete` on the pass's last part when it read everything. */
interface RecordsMessage {
  records: CallRecord[];
  complete: boolean;
}

/** The hub: publish one pass, in parts, in order (the caller awaits each pass before the next). */
async function publishRecordPass(nc: NatsConnection, floor: string, pass: RecordPass): Promise<void> {
  const js = jetstream(nc);
  const subject = floorNames(floor).recordsSubject;
  let part: string[] = [];
  let bytes = 0;
  const send = async (last: boolean): Promise<void> => {
    const body = `{"records":[${part.join(',')}],"complete":${last && pass.complete}}`;
    part = [];
    bytes = 0;
    await js.publish(subject, body);
  };
  for (const record of pass.records) {
    const text = JSON.stringify(record);
    if (bytes + text.length > MESSAGE_BYTES && part.length > 0) await send(false);
    part.push(text);
    bytes += text.length + 1;
  }
  // Also an empty pass: it says the hub read the PBX (and, complete, that the day is whole).
  await send(true);
}

/**
 * The hub: publish each pass its core reads, one after the other (their order is the records' order). Start
 * it before the core connects (the first pass is the whole day); `ready` holds the passes back until the
 * floor's streams exist (floor-streams.ts).
 */
export function shareRecordPasses(options: {
  nc: NatsConnection; floor: string; core: { onRecordPass(listener: (pass: RecordPass) => void): () => void }; onError: (error: unknown) => void;
  ready?: Promise<unknown>;
}): { stop(): Promise<void> } {
  let queue: Promise<void> = (options.ready ?? Promise.resolve()).then(() => undefined, options.onError);
  const off = options.core.onRecordPass((pass) => {
    queue = queue.then(() => publishRecordPass(options.nc, options.floor, pass)).catch(options.onError);
  });
  return {
    async stop() {
      off();
      // What is still queued goes out, unless NATS is away (the next hub's first pass reads the day again).
      await Promise.race([queue, new Promise((r) => setTimeout(r, 2000))]);
    },
  };
}

/**
 * A console: every record the stream holds, then each new part as it comes (`onPass` per message, in
 * order). Rejects when the stream cannot be read (an older hub without it, permissions).
 */
export async function followRecordPasses(nc: NatsConnection, floor: string, onPass: (pass: RecordPass) => void): Promise<() => void> {
  const names = floorNames(floor);
  const consumer = await jetstream(nc).consumers.get(names.recordsStream, { deliver_policy: DeliverPolicy.All });
  const messages: ConsumerMessages = await consumer.consume({ expires: 5_000 });
  void (async () => {
    for await (const m of messages) onPass(m.json<RecordsMessage>());
  })().catch(() => undefined);
  return () => {
    messages.stop();
  };
}
