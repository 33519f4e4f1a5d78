// applyAbandonedChange: the list a listener keeps from 'abandoned:changed' (common/abandoned-change.ts).
import { describe, expect, it } from 'vitest';
import { abandonedChangeSchema, applyAbandonedChange } from '../../common/abandoned-change';
import type { AbandonedCall } from '../../common/domain';

const row = (n: number, abandonedAt: number, over: Partial<AbandonedCall> = {}): AbandonedCall => ({
  id: `c${n}:1`, callId: `c${n}`, number: `0900${n}`, queueId: 'q1', queueName: 'Sales', waitedSec: 10,
  joinedAt: abandonedAt - 10_000, abandonedAt, handled: false, handledAt: null, calledBackAt: null, ...over,
});

describe('applyAbandonedChange', () => {
  const list = [row(3, 3000), row(2, 2000), row(1, 1000)];

  it('a reset is the whole list, newest first, whatever the seq', () => {
    expect(applyAbandonedChange(list, 40, { seq: 1, reset: true, upsert: [row(1, 1000), row(5, 5000)], remove: [] })!.map((c) => c.id)).toEqual(['c5:1', 'c1:1']);
  });

  it('places new records by time (a caught-up older one in the middle), replaces changed ones, keeps the rest as they were', () => {
    const next = applyAbandonedChange(list, 7, { seq: 8, reset: false, upsert: [row(4, 4000), row(9, 1500, { whileAway: true }), { ...list[1]!, handled: true }], remove: [] })!;
    expect(next.map((c) => c.id)).toEqual(['c4:1', 'c3:1', 'c2:1', 'c9:1', 'c1:1']);
    expect(next[1]).toBe(list[0]);
    expect(next[4]).toBe(list[2]);
    expect(next[2]!.handled).toBe(true);
  });

  it('drops removed ids; an empty change is the same list', () => {
    expect(applyAbandonedChange(list, 7, { seq: 8, reset: false, upsert: [], remove: ['c2:1'] })!.map((c) => c.id)).toEqual(['c3:1', 'c1:1']);
    expect(applyAbandonedChange(list, 7, { seq: 8, reset: false, upsert: [], remove: [] })).toBe(list);
  });

  it('a change that does not follow the seq held is refused (read the whole list again)', () => {
    expect(applyAbandonedChange(list, 7, { seq: 9, reset: false, upsert: [row(4, 4000)], remove: [] })).toBeNull();
  });

  it('the schema refuses a malformed change', () => {
    expect(abandonedChangeSchema.safeParse({ seq: 1, reset: false, upsert: [row(1, 20_000)], remove: [] }).success).toBe(true);
    expect(abandonedChangeSchema.safeParse({ seq: 1, reset: false, upsert: [{ ...row(1, 20_000), handled: 'yes' }], remove: [] }).success).toBe(false);
    expect(abandonedChangeSchema.safeParse([row(1, 20_000)]).success).toBe(false);
  });
});
