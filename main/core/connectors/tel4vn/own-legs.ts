// The supervisor's own legs, split off the /v3/monitor calls: the rows normaliseCalls keeps under
// `own:<call_id>` (a monitoring leg, a call-back ringing the supervisor's phone) become OwnLegs and leave the
// floor's calls, so the supervisor's own calls are never shown as floor calls nor offered as targets of
// listen / whisper / barge (issue 14 point 11).
import type { ActiveCall, OwnLeg } from '../../../../common/domain';
import { OWN_LEG_ID_PREFIX } from './normalise';

export interface SplitCalls {
  calls: ActiveCall[];
  ownLegs: OwnLeg[];
}

const NO_LEGS: OwnLeg[] = [];

/**
 * A splitter with memory: the decoder hands back the very same array when nothing changed, and then the
 * same arrays come out, so the picture's merge and diff still find "nothing changed" by identity. Without
 * own legs (the common case) the calls array is passed through as it is.
 */
export function createOwnLegSplitter(): (rows: ActiveCall[]) => SplitCalls {
  let lastIn: ActiveCall[] | null = null;
  let last: SplitCalls = { calls: [], ownLegs: NO_LEGS };
  return (rows) => {
    if (rows === lastIn) return last;
    lastIn = rows;
    if (!rows.some((r) => r.id.startsWith(OWN_LEG_ID_PREFIX))) {
      last = { calls: rows, ownLegs: NO_LEGS };
      return last;
    }
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
    last = { calls, ownLegs };
    return last;
  };
}
