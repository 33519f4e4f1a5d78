// Abandoned-call claims shared by a floor (issue 18 point 4): "Nguyễn Văn A (ext 721) is calling back".
// One KV bucket per floor (claims-<F>, main/hub/floor-names.ts), one key per abandoned call. Claiming is an
// exclusive create and every change a compare-and-set on the revision the changer last saw, both enforced
// by the server (Nats-Expected-Last-Subject-Sequence), so two supervisors clicking at the same moment get
// one winner; the loser is told who has it. Any console may do this: the hub is not in the path.
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';

export interface Claimer {
  /** The supervisor's NATS user (who may write this floor's claims). */
  user: string;
  name: string;
  /** The supervisor's own extension, shown beside the name; null when it has none. */
  extension: string | null;
}

type ClaimState = 'calling-back' | 'handled';

export interface Claim {
  callId: string;
  by: Claimer;
  state: ClaimState;
  at: number;
}

type ClaimOutcome =
  | { ok: true; claim: Claim; revision: number }
  /** Someone else was first (or changed it since `revision`): who holds it now, null if it was released. */
  | { ok: false; holder: Claim | null; revision: number | null };

/**
 * A KV key for a call id. Keys allow only [-/_=.a-zA-Z0-9]; a '.' would also make the key span tokens, so
 * everything but letters, digits, '-' and '_' is written =XX (UTF-8 bytes): reversible and collision-free.
 */
export function claimKey(callId: string): string {
  let key = '';
  for (const byte of new TextEncoder().encode(callId)) {
    const c = String.fromCharCode(byte);
    key += /[A-Za-z0-9_-]/.test(c) ? c : `=${byte.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return key;
}

function isConflict(error: unknown): boolean {
  if (error instanceof JetStreamApiError) {
    return error.code === JetStreamApiCodes.StreamWrongLastSequence || error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown;
  }
  return error instanceof Error && /wrong last sequence/i.test(error.message);
}

export interface FloorClaims {
  /** Claim an abandoned call: wins only if nobody holds it. */
  claim(callId: string, by: Claimer, at: number): Promise<ClaimOutcome>;
  /** Change a claim held at `revision` (e.g. to 'handled'): loses if it changed since. */
  change(callId: string, revision: number, next: Omit<Claim, 'callId'>): Promise<ClaimOutcome>;
  /** Give a claim back (held at `revision`) so another supervisor can claim the call; false if it changed since. */
  release(callId: string, revision: number): Promise<boolean>;
  get(callId: string): Promise<{ claim: Claim; revision: number } | null>;
}

export function floorClaims(kv: KV): FloorClaims {
  const get = async (callId: string) => {
    const entry = await kv.get(claimKey(callId));
    return entry && entry.operation === 'PUT' ? { claim: entry.json<Claim>(), revision: entry.revision } : null;
  };
  const lost = async (callId: string): Promise<ClaimOutcome> => {
    const now = await get(callId);
    return { ok: false, holder: now?.claim ?? null, revision: now?.revision ?? null };
  };
  return {
    get,
    async claim(callId, by, at) {
      const claim: Claim = { callId, by, state: 'calling-back', at };
      try {
        return { ok: true, claim, revision: await kv.create(claimKey(callId), JSON.stringify(claim)) };
      } catch (error) {
        if (isConflict(error)) return lost(callId);
        throw error;
      }
    },
    async change(callId, revision, next) {
      const claim: Claim = { callId, ...next };
      try {
        return { ok: true, claim, revision: await kv.update(claimKey(callId), JSON.stringify(claim), revision) };
      } catch (error) {
        if (isConflict(error)) return lost(callId);
        throw error;
      }
    },
    async release(callId, revision) {
      try {
        await kv.delete(claimKey(callId), { previousSeq: revision });
        return true;
      } catch (error) {
        if (isConflict(error)) return false;
        throw error;
      }
    },
  };
}
