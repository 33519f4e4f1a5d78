// How far back a record pass reads: as far as allowed on a connection's first pass, then only to the
// oldest start among the calls that ended since (kept two minutes), never to a long call still live.
import { describe, expect, it } from 'vitest';
import { createEndedCalls } from '../../../main/core/session/ended-calls';
import { CDR_MAX_OVERLAP_MS, CDR_MIN_OVERLAP_MS, overlapMs } from '../../../main/core/connectors/tel4vn/cdr';

describe('ended calls: the reach of a record pass', () => {
  it('reaches back to the calls that ended, not to a long call still live', () => {
    const e = createEndedCalls();
    const t = Date.UTC(2026, 11, 6, 3, 0);
    const long = { id: 'long', startedAt: t - 3 * 3_600_000 };
    expect(e.coverFrom([long, { id: 'a', startedAt: t - 600_000 }], t)).toBe(0); // first pass: as far as allowed
    expect(overlapMs(t, 0)).toBe(CDR_MAX_OVERLAP_MS);
    // Nothing ended: the minimum overlap, though a 3-hour call is live.
    expect(e.coverFrom([long, { id: 'a', startedAt: t - 600_000 }], t + 30_000)).toBeNull();
    expect(overlapMs(t + 30_000, null)).toBe(CDR_MIN_OVERLAP_MS);
    // 'a' (10 min old) ended: reach its start, for two minutes.
    expect(e.coverFrom([long], t + 60_000)).toBe(t - 600_000);
    expect(e.coverFrom(null, t + 150_000)).toBe(t - 600_000);
    expect(e.coverFrom([long], t + 200_000)).toBeNull();
  });
});
