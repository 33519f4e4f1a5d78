// Parsing of the PBX's time strings into epoch milliseconds (pure, no Node import).
// TEL4VN mixes three forms: RFC 3339 with an offset and up to nine fractional digits
// ("2023-03-08T13:45:10.906065+07:00"), zone-less PBX-local wall-clock time ("2023-04-10 17:02:51", in the
// PBX's IANA zone), and the sentinel "1970-01-01T08:00:00+08:00" meaning "no such time".
// Hand-written parsers rather than Date.parse: Date keeps only 3 fractional digits, accepts many loose
// forms, and a 10,000-row list must parse in a few milliseconds.
import type { EpochMs } from '../../../common/domain';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Wall-clock fields as if they were UTC, or null when a field is out of range (e.g. month 13, Feb 30). */
function wallClockMs(m: RegExpExecArray): number | null {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  // A leap second (:60) is read as :59 plus one second would roll the minute; clamp it instead.
  const second = Math.min(Number(m[6]), 59);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || Number(m[6]) > 60) return null;
  // Day 0 of the next month is the last day of this one.
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  // Fractions beyond milliseconds are truncated (EpochMs is whole milliseconds).
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  // Date.UTC maps years 0-99 to 1900-1999 (Go's zero time is year 1): shift by one 400-year Gregorian
  // cycle (exactly 146,097 days) and back.
  if (year < 100) return Date.UTC(year + 400, month - 1, day, hour, minute, second, ms) - 146_097 * 86_400_000;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** RFC 3339 date-time with an offset or Z, up to nine fractional digits. Null when not one. */
export function parseRfc3339(text: string): EpochMs | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const wall = wallClockMs(m);
  if (wall === null) return null;
  if (m[8]) return wall;
  const offH = Number(m[10]);
  const offM = Number(m[11]);
  if (offH > 23 || offM > 59) return null;
  const offset = (offH * HOUR + offM * MINUTE) * (m[9] === '-' ? -1 : 1);
  return wall - offset;
}

/**
 * An RFC 3339 time where a time at or before the epoch means "none" (TEL4VN's
 * `1970-01-01T08:00:00+08:00` sentinel, which is exactly epoch 0). Undefined when the text is not a time.
 */
export function parseOptionalRfc3339(text: string): EpochMs | null | undefined {
  if (text === '') return null;
  const t = parseRfc3339(text);
  if (t === null) return undefined;
  return t <= 0 ? null : t;
}

// One formatter per zone (creating one costs far more than using it); offsets cached per quarter hour.
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Throws RangeError for an unknown zone: callers validate the zone once with isValidTimeZone.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC (ms, east positive) at the instant `utcMs`. */
export function zoneOffsetMs(zone: string, utcMs: number): number {
  // Offsets change at most on quarter hours: cache by 15-minute bucket of the instant.
  const bucket = Math.floor(utcMs / (15 * MINUTE));
  let perZone = offsetCache.get(zone);
  if (!perZone) {
    perZone = new Map();
    offsetCache.set(zone, perZone);
  }
  const cached = perZone.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * 15 * MINUTE;
  const parts = formatterFor(zone).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = Math.round((asUtc - at) / MINUTE) * MINUTE;
  if (perZone.size > 10_000) perZone.clear();
  perZone.set(bucket, offset);
  return offset;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Zone-less "YYYY-MM-DD HH:mm:ss" (or with T, optional fraction) read as wall-clock time in `zone`.
 * DST: a time in the spring-forward gap is read with the offset before the gap (so it lands just after
 * it); an ambiguous fall-back time is read as the earlier instant. Null when not such a time.
 */
export function parseZonedLocal(text: string, zone: string): EpochMs | null {
  const m = LOCAL.exec(text);
  if (!m) return null;
  const wall = wallClockMs(m);
  if (wall === null) return null;
  return wallClockToUtc(wall, zone);
}

/** Convert wall-clock-as-UTC milliseconds in `zone` to the real instant. */
export function wallClockToUtc(wall: number, zone: string): EpochMs {
  // The instant is within 14 h of the wall-clock value, and zones change offset at most once in any
  // 48 h window: the offsets in force a day before and a day after are the only candidates.
  const before = zoneOffsetMs(zone, wall - 24 * HOUR);
  const after = zoneOffsetMs(zone, wall + 24 * HOUR);
  const candidates = before === after ? [before] : [before, after];
  const valid = candidates.filter((off) => zoneOffsetMs(zone, wall - off) === off).map((off) => wall - off);
  // Ambiguous (two valid instants): the earlier one. Gap (none valid): the offset before the gap.
  if (valid.length > 0) return Math.min(...valid);
  return wall - before;
}
