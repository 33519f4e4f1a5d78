// What a PBX call record means for the day's figures: the classification rule, written once.
//
// From seed 002's status table and issue 16's decisions:
// - A queue visit is an INBOUND record whose `receive_dest` names a queue. It is ANSWERED when
//   `time_answered` is set, and ABANDONED when it is empty, whatever its status: `cancel` reads "the agent
//   hung up" in the seed, but a caller who gave up in the queue carries it too, and so do `busy`,
//   `no-answered` (the agent let it ring out and the caller was never served) and the rest. Whether the
//   name is a queue (and not a ring group, which receive_dest may also name) is decided by the day's
//   figures: only names the live queue monitor has shown as `call_center_queue_name` count.
// - For the agent on the record's extension: ANSWERED when the call connected (either direction), MISSED
//   when an inbound call rang them out (`no-answered`). A caller who hangs up while the phone rings
//   (`cancel`) is not the agent's miss.
// - Flex-mapped records name neither the caller nor the queue: they count for agents only.
// - A record of unknown direction is nobody's queue visit.
import type { CallRecord } from '../../../common/domain';

type QueueOutcome = 'answered' | 'abandoned';
type AgentOutcome = 'answered' | 'missed';

/** The queue visit a record closes, or null when it is not one. */
export function queueOutcome(r: CallRecord): QueueOutcome | null {
  if (r.direction !== 'inbound' || r.destination === null) return null;
  return r.answeredAt !== null ? 'answered' : 'abandoned';
}

/** What the record means for the agent on its extension, or null. */
export function agentOutcome(r: CallRecord): AgentOutcome | null {
  if (r.extension === '') return null;
  if (r.answeredAt !== null) return 'answered';
  return r.direction === 'inbound' && r.status === 'no-answered' ? 'missed' : null;
}

/** The customer's number on a record: the caller of an inbound call, the called party otherwise. */
export function customerNumber(r: CallRecord): string {
  return r.direction === 'inbound' ? r.from : r.to;
}

/** Seconds a queue visit waited: until answered, or until the caller hung up. */
export function visitWaitSec(r: CallRecord): number {
  return Math.max(0, ((r.answeredAt ?? r.endedAt) - r.startedAt) / 1000);
}
