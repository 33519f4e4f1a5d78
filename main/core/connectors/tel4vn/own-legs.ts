// The supervisor's own legs, split off the /v3/monitor calls: the rows readCallRow keeps under
// `own:<call_id>` (a monitoring leg, a call-back ringing the supervisor's phone) become OwnLegs and leave the
// floor's calls, so the supervisor's own calls are never shown as floor calls nor offered as targets of
// listen / whisper / barge (issue 14 point 11).
import type { ActiveCall, OwnLeg } from '../../../../common/domain';
import { OWN_LEG_ID_PREFIX } from './normalise';

interface SplitCalls {
  calls: ActiveCall[];
  ownLegs: OwnLeg[];
}

const NO_LEGS: OwnLeg[] = [];

/**
 * Without own legs (the common case) the calls array is passed through as it is, so the picture's merge and
 * diff still find "nothing changed" by identity. Every answer is split anew: a memo keyed on the array's
 * identity handed back a stale split (the supervisor's second leg on a call was never seen, so the phone
 * never read as busy), and one scan of the rows costs little beside decoding them.
 */
export function createOwnLegSplitter(): (rows: ActiveCall[]) => SplitCalls {
  return (rows) => {
    if (!rows.some((r) => r.id.startsWith(OWN_LEG_ID_PREFIX))) return { calls: rows, ownLegs: NO_LEGS };
    const calls: ActiveCall[] = [];
    const ownLegs: OwnLeg[] = [];
    for (const r of rows) {
      if (!r.id.startsWith(OWN_LEG_ID_PREFIX)) calls.push(r);
      else {
        ownLegs.push({
          callId: r.id.slice(OWN_LEG_ID_PREFIX.length), state: r.state, direction: r.direction, number: r.customerNumber, startedAt: r.startedAt,
        });
      }
    }
    return { calls, ownLegs };
  };
}
