// The PBX time parsers: offsets, nine fractional digits, zone-less local times across DST, the sentinel.
import { describe, expect, it } from 'vitest';
import {
  isValidTimeZone,
  parseOptionalRfc3339,
  parseRfc3339,
  parseZonedLocal,
  zoneOffsetMs,
} from '../../../main/core/time/parse-time';

describe('parseRfc3339', () => {
  it('reads +07:00 offsets', () => {
    expect(parseRfc3339('2023-10-12T17:48:19+07:00')).toBe(Date.UTC(2023, 9, 12, 10, 48, 19));
  });
  it('reads Z and lowercase z', () => {
    expect(parseRfc3339('2023-10-12T10:48:19Z')).toBe(Date.UTC(2023, 9, 12, 10, 48, 19));
    expect(parseRfc3339('2023-10-12t10:48:19z')).toBe(Date.UTC(2023, 9, 12, 10, 48, 19));
  });
  it('reads negative offsets (Brazil, -03:00)', () => {
    expect(parseRfc3339('2024-01-05T09:00:00-03:00')).toBe(Date.UTC(2024, 0, 5, 12, 0, 0));
  });
  it('truncates nine fractional digits to milliseconds', () => {
    expect(parseRfc3339('2023-03-08T11:59:45.951270386+07:00')).toBe(Date.UTC(2023, 2, 8, 4, 59, 45, 951));
    expect(parseRfc3339('2023-03-08T13:45:10.906065+07:00')).toBe(Date.UTC(2023, 2, 8, 6, 45, 10, 906));
    expect(parseRfc3339('2023-03-08T13:45:10.9+07:00')).toBe(Date.UTC(2023, 2, 8, 6, 45, 10, 900));
    expect(parseRfc3339('2023-03-08T13:45:10.05Z')).toBe(Date.UTC(2023, 2, 8, 13, 45, 10, 50));
  });
  it('rejects what is not an RFC 3339 time', () => {
    for (const bad of ['', 'now', '2023-04-10 17:02:51', '2023-13-01T00:00:00Z', '2023-02-30T00:00:00Z',
      '2023-01-01T24:00:00Z', '2023-01-01T00:00:00.1234567890Z', '2023-01-01T00:00:00+25:00', '1690000000']) {
      expect(parseRfc3339(bad), bad).toBeNull();
    }
  });
  it('accepts Feb 29 in a leap year only', () => {
    expect(parseRfc3339('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseRfc3339('2023-02-29T00:00:00Z')).toBeNull();
  });
});

describe('parseOptionalRfc3339', () => {
  it('reads the 1970 sentinel, any time at or before epoch 0, and "" as none', () => {
    expect(parseOptionalRfc3339('1970-01-01T08:00:00+08:00')).toBeNull();
    expect(parseOptionalRfc3339('1970-01-01T07:00:00+07:00')).toBeNull();
    expect(parseOptionalRfc3339('0001-01-01T00:00:00Z')).toBeNull();
    expect(parseOptionalRfc3339('')).toBeNull();
  });
  it('gives real times and undefined for garbage', () => {
    expect(parseOptionalRfc3339('2023-10-12T17:48:26+07:00')).toBe(Date.UTC(2023, 9, 12, 10, 48, 26));
    expect(parseOptionalRfc3339('yesterday')).toBeUndefined();
  });
});

describe('parseZonedLocal', () => {
  it('reads zone-less times in Asia/Ho_Chi_Minh (+07:00, no DST)', () => {
    expect(parseZonedLocal('2023-04-10 17:02:51', 'Asia/Ho_Chi_Minh')).toBe(Date.UTC(2023, 3, 10, 10, 2, 51));
  });
  it('reads zone-less times in America/Sao_Paulo (-03:00)', () => {
    expect(parseZonedLocal('2024-06-01 09:00:00', 'America/Sao_Paulo')).toBe(Date.UTC(2024, 5, 1, 12));
  });
  it('follows DST in America/New_York', () => {
    expect(parseZonedLocal('2024-01-15 12:00:00', 'America/New_York')).toBe(Date.UTC(2024, 0, 15, 17));
    expect(parseZonedLocal('2024-07-15 12:00:00', 'America/New_York')).toBe(Date.UTC(2024, 6, 15, 16));
    // The last minute before and the first after spring-forward (2024-03-10 02:00 EST -> 03:00 EDT).
    expect(parseZonedLocal('2024-03-10 01:59:00', 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 6, 59));
    expect(parseZonedLocal('2024-03-10 03:00:00', 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 7, 0));
    // In the gap: read with the offset before it, landing just after the gap.
    expect(parseZonedLocal('2024-03-10 02:30:00', 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 7, 30));
    // Fall-back (2024-11-03 02:00 EDT -> 01:00 EST): 01:30 happens twice; the earlier one is taken.
    expect(parseZonedLocal('2024-11-03 01:30:00', 'America/New_York')).toBe(Date.UTC(2024, 10, 3, 5, 30));
    expect(parseZonedLocal('2024-11-03 02:30:00', 'America/New_York')).toBe(Date.UTC(2024, 10, 3, 7, 30));
  });
  it('reads half-hour and quarter-hour zones', () => {
    expect(parseZonedLocal('2024-01-01 05:30:00', 'Asia/Kolkata')).toBe(Date.UTC(2024, 0, 1, 0, 0));
    expect(parseZonedLocal('2024-01-01 05:45:00', 'Asia/Kathmandu')).toBe(Date.UTC(2024, 0, 1, 0, 0));
  });
  it('rejects garbage and offsets (a zone-less field with an offset is not zone-less)', () => {
    expect(parseZonedLocal('2023-04-10 17:02', 'Asia/Ho_Chi_Minh')).toBeNull();
    expect(parseZonedLocal('2023-04-10T17:02:51+07:00', 'Asia/Ho_Chi_Minh')).toBeNull();
    expect(parseZonedLocal('2023-04-31 10:00:00', 'Asia/Ho_Chi_Minh')).toBeNull();
  });
});

describe('zones', () => {
  it('knows valid and invalid IANA zones', () => {
    expect(isValidTimeZone('Asia/Ho_Chi_Minh')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
  it('gives DST-correct offsets', () => {
    expect(zoneOffsetMs('America/New_York', Date.UTC(2024, 0, 1))).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs('America/New_York', Date.UTC(2024, 6, 1))).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs('UTC', Date.UTC(2024, 6, 1))).toBe(0);
  });
});
