// The simulator writes the PBX's times in its zone with the core's own offset arithmetic
// (common/zone-offset.ts): right in half-hour zones and across a 30-minute DST change, and what it writes
// reads back to the same instant.
import { describe, expect, it } from 'vitest';
import { createTimeFormat } from '../../main/simulator/time-format';

describe('simulator time format', () => {
  it('writes +05:30 (Asia/Kolkata) and reads its own zone-less times back', () => {
    const f = createTimeFormat('Asia/Kolkata');
    const at = Date.UTC(2024, 2, 1, 10, 15, 7);
    expect(f.rfc3339(at)).toBe('2024-03-01T15:45:07+05:30');
    expect(f.local(at)).toBe('2024-03-01 15:45:07');
    expect(f.parseLocal('2024-03-01 15:45:07')).toBe(at);
  });

  it('moves to the new offset at a half-hour transition (Australia/Lord_Howe, +10:30 -> +11:00 at 15:30 UTC)', () => {
    const f = createTimeFormat('Australia/Lord_Howe');
    // DST starts on 2024-10-06 at 02:00 local standard time (+10:30), which is 15:30 UTC on the 5th.
    expect(f.rfc3339(Date.UTC(2024, 9, 5, 15, 29))).toBe('2024-10-06T01:59:00+10:30');
    expect(f.rfc3339(Date.UTC(2024, 9, 5, 15, 45))).toBe('2024-10-06T02:45:00+11:00');
    expect(f.parseLocal('2024-10-06 02:45:00')).toBe(Date.UTC(2024, 9, 5, 15, 45));
  });

  it('writes nine fractional digits and refuses an unknown zone', () => {
    expect(createTimeFormat('Asia/Ho_Chi_Minh').rfc3339(Date.UTC(2024, 0, 1), 9)).toMatch(/^2024-01-01T07:00:00\.\d{9}\+07:00$/);
    expect(() => createTimeFormat('Mars/Olympus')).toThrow(/Unknown time zone "Mars\/Olympus"/);
  });
});
