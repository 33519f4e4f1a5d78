// The floor's shared audit (issue 18 point 4): every console publishes its audit records to stream
// AUDIT_<F> as well as to its local log, on its own subject floor.<F>.audit.<user> (the sample config lets a
// user write only its own), and reads the floor's records back for the Activity view.
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AuditRecord } from '../../common/domain';
import { floorNames } from './floor-names';

/** Publish one record; resolves once JetStream has stored it (its stream sequence). */
export async function publishAudit(nc: NatsConnection, floor: string, user: string, record: AuditRecord): Promise<number> {
  const names = floorNames(floor);
  return (await jetstream(nc).publish(names.auditSubject(user), JSON.stringify(record))).seq;
}

/** The floor's records from `sinceMs` on, oldest first, at most `limit` (the newest ones if more). */
export async function readFloorAudit(nc: NatsConnection, floor: string, sinceMs: number, limit = 1000): Promise<AuditRecord[]> {
  const names = floorNames(floor);
  const js = jetstream(nc);
  const consumer = await js.consumers.get(names.auditStream, {
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(sinceMs).toISOString(),
  });
  const out: AuditRecord[] = [];
  try {
    for (;;) {
      const pending = (await consumer.info(false)).num_pending;
      if (pending === 0) break;
      const batch = await consumer.fetch({ max_messages: Math.min(pending, 500), expires: 2000 });
      let got = 0;
      for await (const m of batch) {
        out.push(m.json<AuditRecord>());
        got++;
      }
      if (got === 0) break;
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
  return out.slice(-limit);
}
