// The PBX's pushed call events (TEL4VN event hooks) laid over the polled calls, so a ringing call is in the
// picture as soon as its event arrives rather than at the next poll. Polling stays the source of truth:
// an event's mark lasts only until a calls poll that *began after the event arrived* lands; that poll's
// answer has seen whatever the event said (or shows it was wrong), and the mark is dropped.
//
// A call's events only move forward, ringing -> answered -> hangup: an event at or behind what is already
// known of that call (from an earlier event, or from the polled list: a ringing event for a call the poll
// already shows on call) changes nothing, so a replayed or late post never puts a call back. The call ids
// seen are remembered for ten minutes (replays later than that are refused by their key, not by this).
import type { ActiveCall } from '../../../common/domain';
import type { PushEvent } from '../connectors/connector';

const RANK = { ringing: 1, answered: 2, hangup: 3 } as const;
type LiveKind = keyof typeof RANK;
/** How long a call id's furthest event is remembered against replays. */
const SEEN_MS = 10 * 60_000;

export type PushOutcome = 'applied' | 'ignored';

interface PushedCalls {
  /** Fold one live event (ringing / answered / hangup) over `polled`; 'ignored' when it changes nothing. */
  apply(event: PushEvent & { kind: LiveKind }, polled: readonly ActiveCall[], at: number): PushOutcome;
  /** The polled calls with the marks still standing (the very array when none stands). */
  over(polled: ActiveCall[]): ActiveCall[];
  /** A calls poll that began at `startedAt` landed: the marks older than it are answered by it. */
  reconciled(startedAt: number): void;
  /**
   * The call as a standing mark leaves it (null: hung up, out of the picture); undefined without a mark. The
   * floor hub publishes it on its own small subject ahead of the floor's next change set (docs/hub.md).
   */
  marked(callId: string): ActiveCall | null | undefined;
  /** How many marks stand (tests). */
  readonly size: number;
}

interface Mark {
  /** The call as the event left it; null: hung up, gone from the picture. */
  call: ActiveCall | null;
  at: number;
}

export function createPushedCalls(): PushedCalls {
  const marks = new Map<string, Mark>();
  const seen = new Map<string, { rank: number; at: number }>();
  let cache: { polled: ActiveCall[]; version: number; out: ActiveCall[] } | null = null;
  let version = 0;

  const prune = (now: number): void => {
    // Map order is insertion order: the oldest first.
    for (const [id, s] of seen) {
      if (now - s.at < SEEN_MS) break;
      seen.delete(id);
    }
  };

  return {
    apply(event, polled, at) {
      prune(at);
      const rank = RANK[event.kind];
      const known = seen.get(event.callId)?.rank ?? 0;
      if (rank <= known) return 'ignored';
      const mark = marks.get(event.callId);
      const base = mark?.call ?? polled.find((c) => c.id === event.callId) ?? null;
      // The poll already shows the call on call: a ringing event is behind it.
      if (!mark && base && base.state === 'on-call' && event.kind === 'ringing') return 'ignored';
      seen.delete(event.callId);
      seen.set(event.callId, { rank, at });
      let call: ActiveCall | null;
      if (event.kind === 'hangup') {
        if (!base) return 'ignored'; // never in the picture: nothing to take out (remembered against a replay)
        call = null;
      } else {
        const state = event.kind === 'ringing' ? 'ringing' : 'on-call';
        call = base
          ? { ...base, state, startedAt: event.kind === 'answered' ? at : base.startedAt }
          : {
            // What the event says; the agent comes from the join by extension, the queue from the queue
            // monitor, the exact start from the next poll.
            id: event.callId, extension: event.extension, agentId: null, agentName: '', customerNumber: event.customerNumber,
            direction: event.direction, state, startedAt: at, queueId: null, queueName: null,
          };
      }
      marks.set(event.callId, { call, at });
      version++;
      return 'applied';
    },
    over(polled) {
      if (marks.size === 0) return polled;
      if (cache && cache.polled === polled && cache.version === version) return cache.out;
      const out = overlayCalls(polled, marks);
      cache = { polled, version, out };
      return out;
    },
    reconciled(startedAt) {
      let dropped = false;
      for (const [id, mark] of marks) {
        if (mark.at < startedAt) {
          marks.delete(id);
          dropped = true;
        }
      }
      if (dropped) version++;
    },
    marked: (callId) => marks.get(callId)?.call,
    get size() {
      return marks.size;
    },
  };
}

/** `calls` with the marks laid over: a marked call replaced (or taken out when it hung up), an unlisted one
 *  added. The console's own pushed events and the hub's pushed changes (main/hub/floor-reader.ts) share it. */
export function overlayCalls(calls: readonly ActiveCall[], marks: ReadonlyMap<string, { call: ActiveCall | null }>): ActiveCall[] {
  const out: ActiveCall[] = [];
  const listed = new Set<string>();
  for (const c of calls) {
    const mark = marks.get(c.id);
    if (!mark) out.push(c);
    else {
      listed.add(c.id);
      if (mark.call) out.push(mark.call);
    }
  }
  for (const [id, mark] of marks) if (mark.call && !listed.has(id)) out.push(mark.call);
  return out;
}
