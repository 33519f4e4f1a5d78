// The hub creates (or finds) a floor's streams and buckets before it publishes: the picture bucket, the
// changes stream, the claims bucket, the alert marks' bucket and the call records' stream (docs/hub.md). Only the hub user may do this; consoles only open them.
// Everything here is in nats-server 2.9.10: KV with direct get (allow_direct), limits-based streams.
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { ALERT_MARKS_MAX_AGE_MS } from './floor-alerts';
import { floorNames, type FloorNames } from './floor-names';

/** How long change sets stay in the stream: a console away longer takes the snapshot again. */
const CHANGES_MAX_AGE_MS = 10 * 60_000;
/** The call records' passes: a day and its turn (a console joining reads the day from the stream's start). */
const RECORDS_MAX_AGE_MS = 26 * 3600_000;
/** The floor's shared audit records: a month, like a supervisor's question "who did that last week?". */
const AUDIT_MAX_AGE_MS = 31 * 24 * 3600_000;

export interface FloorStores {
  names: FloorNames;
  picture: KV;
  claims: KV;
  alertMarks: KV;
}

/**
 * `replicas`: copies of each stream and bucket on a cluster (3 on the sample's three nodes, so a lost node
 * loses nothing and the floor keeps flowing); 1 on a single server.
 */
export async function ensureFloorStores(nc: NatsConnection, floor: string, replicas = 1): Promise<FloorStores> {
  const names = floorNames(floor);
  const jsm = await jetstreamManager(nc);
  const streams = [
    { name: names.changesStream, subjects: [names.changesSubject, names.eventsSubject], max_age: CHANGES_MAX_AGE_MS * 1_000_000, max_msgs: 100_000, num_replicas: replicas },
    { name: names.auditStream, subjects: [`floor.${floor}.audit.>`], max_age: AUDIT_MAX_AGE_MS * 1_000_000, num_replicas: replicas },
    { name: names.recordsStream, subjects: [names.recordsSubject], max_age: RECORDS_MAX_AGE_MS * 1_000_000, num_replicas: replicas },
  ]; // max_age in nanoseconds
  for (const stream of streams) {
    try {
      await jsm.streams.info(stream.name);
      await jsm.streams.update(stream.name, stream);
    } catch {
      await jsm.streams.add(stream);
    }
  }
  const kvm = new Kvm(nc);
  // history 1: the picture bucket holds only the current snapshot and health.
  const picture = await kvm.create(names.pictureBucket, { history: 1, allow_direct: true, replicas });
  // A few revisions of each claim: who had it before is worth a look when two disagree.
  const claims = await kvm.create(names.claimsBucket, { history: 5, allow_direct: true, replicas });
  // The last mark of each kind per alert, kept two days (the bucket's TTL).
  const alertMarks = await kvm.create(names.alertMarksBucket, { history: 1, allow_direct: true, replicas, ttl: ALERT_MARKS_MAX_AGE_MS });
  // The outbound queues the consoles loaded: the latest of each (its progress moves with each records pass).
  await kvm.create(names.outboundBucket, { history: 1, allow_direct: true, replicas });
  return { names, picture, claims, alertMarks };
}
