// The action guard: one in flight per target, a cooldown per target + kind after it.
import { describe, expect, it } from 'vitest';
import { createActionGuard } from '../../../main/core/actions/action-guard';

describe('action guard', () => {
  it('refuses a second action on the same target while one is in flight, and the same kind during its cooldown', () => {
    let now = 1000;
    const guard = createActionGuard({ cooldownMs: 1500, now: () => now });
    const first = guard.acquire('call:c1', 'listen');
    expect(first.ok).toBe(true);
    expect(guard.acquire('call:c1', 'barge')).toMatchObject({ ok: false, error: { code: 'ACTION_IN_FLIGHT' } });
    expect(guard.acquire('call:c2', 'listen').ok).toBe(true);
    if (first.ok) first.release();
    now += 1000;
    expect(guard.acquire('call:c1', 'listen')).toMatchObject({ ok: false, error: { code: 'COOLDOWN', message: expect.stringContaining('0.5 s') } });
    const other = guard.acquire('call:c1', 'barge');
    expect(other.ok).toBe(true);
    if (other.ok) other.release();
    now += 600;
    expect(guard.acquire('call:c1', 'listen').ok).toBe(true);
  });

  it('starts the cooldown only once however often release is called', () => {
    let now = 0;
    const guard = createActionGuard({ cooldownMs: 100, now: () => now });
    const lock = guard.acquire('agent:a', 'pause');
    if (!lock.ok) throw new Error('expected the lock');
    lock.release();
    now = 150;
    lock.release();
    expect(guard.acquire('agent:a', 'pause').ok).toBe(true);
  });

  it('frees the target without a cooldown when the attempt was abandoned before anything was sent', () => {
    const guard = createActionGuard({ cooldownMs: 1500, now: () => 0 });
    const lock = guard.acquire('call:c1', 'barge');
    if (!lock.ok) throw new Error('expected the lock');
    lock.abandon();
    lock.release(); // too late: already let go
    expect(guard.acquire('call:c1', 'barge').ok).toBe(true);
  });
});
