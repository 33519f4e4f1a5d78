// The guard in front of every PBX action: one action in flight per target (call, agent, abandoned call),
// and a cooldown after it per target + kind. A held key that auto-repeats (Windows sends a press every
// ~30 ms) therefore reaches the PBX exactly once; the refused attempts are answered at once and never sent.
// Nothing here retries: a POST happens once per intent (RFC 9110).
import type { ActionKind, AppError, EpochMs } from '../../../common/domain';

const DEFAULT_COOLDOWN_MS = 1500;

/** `release()` ends an action that was sent (its cooldown starts); `abandon()` one refused before sending. */
type GuardResult = { ok: true; release: () => void; abandon: () => void } | { ok: false; error: AppError };

export interface ActionGuard {
  /** Take `target`'s lock for `kind`; `release()` ends the action and starts its cooldown. */
  acquire(target: string, kind: ActionKind): GuardResult;
}

export function createActionGuard(options: { cooldownMs?: number; now: () => EpochMs }): ActionGuard {
  const cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
  const inFlight = new Map<string, ActionKind>();
  const cooldownUntil = new Map<string, EpochMs>();

  return {
    acquire(target, kind) {
      const running = inFlight.get(target);
      if (running !== undefined) {
        return { ok: false, error: { code: 'ACTION_IN_FLIGHT', message: `A ${running} on this ${describe(target)} is still in progress.` } };
      }
      const key = `${kind}|${target}`;
      const now = options.now();
      const until = cooldownUntil.get(key);
      if (until !== undefined && now < until) {
        const sec = Math.max(0.1, (until - now) / 1000).toFixed(1);
        return { ok: false, error: { code: 'COOLDOWN', message: `This ${kind} was just sent; try again in ${sec} s.` } };
      }
      inFlight.set(target, kind);
      let released = false;
      return {
        ok: true,
        // Nothing reached the PBX: no cooldown, so the same action right after (the phone hung up) goes.
        abandon() {
          if (released) return;
          released = true;
          inFlight.delete(target);
        },
        release() {
          if (released) return;
          released = true;
          inFlight.delete(target);
          cooldownUntil.set(key, options.now() + cooldownMs);
          // Forget cooldowns long past so the map does not grow over a shift.
          if (cooldownUntil.size > 1000) {
            const t = options.now();
            for (const [k, u] of cooldownUntil) if (u <= t) cooldownUntil.delete(k);
          }
        },
      };
    },
  };
}

function describe(target: string): string {
  const kind = target.split(':', 1)[0];
  return kind === 'call' ? 'call' : kind === 'agent' ? 'agent' : 'caller';
}
