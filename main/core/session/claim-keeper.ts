// Call-back claims on a floor hub, as one console takes part in them (issue 18): before this screen calls
// an abandoned caller back it must hold the caller's claim (an exclusive create on the hub's KV, so two
// supervisors clicking at once get one winner); the floor's claims are watched and shown on every screen.
// A claim this screen holds ends by itself:
//   - the call-back is placed and the supervisor's phone rings with that caller: when that leg is gone (hung
//     up) the claim becomes 'handled' ("called back by ..."): the caller is free again, the floor sees who;
//   - the PBX refused the call-back: the claim is given back at once;
//   - no leg with the caller shows within CLAIM_RING_MS, or the call-back outlives CLAIM_HOLD_MS: given back
//     (a screen that lost its phone or its hub must not hold a caller for the whole day).
import { claimHolder, type AppError, type FloorClaim, type OwnPhone } from '../../../common/domain';
import type { FloorLink } from '../host';

/** A call-back whose leg never showed on the supervisor's phone within this long is given back. */
const CLAIM_RING_MS = 60_000;
/** The longest a call-back holds its caller. */
const CLAIM_HOLD_MS = 30 * 60_000;
const SWEEP_MS = 5000;

export interface ClaimKeeperOptions {
  link: FloorLink;
  /** This supervisor as the floor sees them: the PBX user's name and own extension. */
  me: () => { name: string; extension: string | null };
  now: () => number;
  onClaims(claims: FloorClaim[]): void;
  log: (message: string) => void;
}

export interface ClaimKeeper {
  list(): FloorClaim[];
  /** Before a call-back of `callId` (the caller's `number`): null when this screen holds it now, else why not. */
  take(callId: string, number: string): Promise<AppError | null>;
  /** The call-back was not placed: give the claim back. */
  giveBack(callId: string): Promise<void>;
  /** The own phone moved: a call-back leg that came and went finishes its claim. */
  observePhone(phone: OwnPhone): void;
  stop(): Promise<void>;
}

interface Held {
  revision: number;
  number: string;
  at: number;
  legSeen: boolean;
}

export function createClaimKeeper(options: ClaimKeeperOptions): ClaimKeeper {
  const { link, now, log } = options;
  let claims: FloorClaim[] = [];
  const held = new Map<string, Held>();
  let stopWatch: (() => void) | null = null;
  let stopped = false;

  void link.watchClaims((next) => {
    claims = next;
    options.onClaims(next);
  }).then((stop) => {
    if (stopped) stop();
    else stopWatch = stop;
  }, (error: unknown) => log(`floor hub ${link.floor}: the claims cannot be watched (${(error as Error).message})`));

  const claimOf = (callId: string, state: FloorClaim['state']): FloorClaim => {
    const me = options.me();
    return { callId, by: { user: link.user, name: me.name, extension: me.extension }, state, at: now() };
  };

  const end = async (callId: string, how: 'handled' | 'released'): Promise<void> => {
    const h = held.get(callId);
    if (!h) return;
    held.delete(callId);
    try {
      if (how === 'handled') await link.finishClaim(claimOf(callId, 'handled'), h.revision);
      else await link.releaseClaim(callId, h.revision);
    } catch (error) {
      log(`floor hub ${link.floor}: the claim on ${callId} could not be ${how} (${(error as Error).message})`);
    }
  };

  const sweep = setInterval(() => {
    const t = now();
    for (const [callId, h] of held) {
      if ((!h.legSeen && t - h.at > CLAIM_RING_MS) || t - h.at > CLAIM_HOLD_MS) void end(callId, 'released');
    }
  }, SWEEP_MS);
  sweep.unref?.();

  return {
    list: () => claims,
    async take(callId, number) {
      if (held.has(callId)) return null;
      let attempt;
      try {
        attempt = await link.claim(claimOf(callId, 'calling-back'));
      } catch (error) {
        // The hub is out of reach: the call-back is this supervisor's to make; the PBX still takes it.
        log(`floor hub ${link.floor}: no claim taken on ${callId} (${(error as Error).message})`);
        return null;
      }
      if (attempt.ok) {
        held.set(callId, { revision: attempt.revision, number, at: now(), legSeen: false });
        return null;
      }
      const who = attempt.holder ? claimHolder(attempt.holder) : 'another supervisor';
      return { code: 'CLAIMED', message: `${who} is calling this caller back.`, holder: who };
    },
    giveBack: (callId) => end(callId, 'released'),
    observePhone(phone) {
      for (const [callId, h] of held) {
        const ringing = phone.legs.some((l) => l.number === h.number);
        if (ringing) h.legSeen = true;
        else if (h.legSeen) void end(callId, 'handled');
      }
    },
    async stop() {
      stopped = true;
      clearInterval(sweep);
      stopWatch?.();
      // Whatever this screen still holds goes back: a closed console calls nobody.
      await Promise.allSettled([...held.keys()].map((id) => end(id, 'released')));
    },
  };
}
