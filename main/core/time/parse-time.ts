// Parsing of the PBX's time strings into epoch milliseconds (pure, no Node import).
// TEL4VN mixes three forms: RFC 3339 with an offset and up to nine fractional digits
// ("2023-03-08T13:45:10.906065+07:00"), zone-less PBX-local wall-clock time ("2023-04-10 17:02:51", in the
// PBX's IANA zone), and the sentinel "1970-01-01T08:00:00+08:00" meaning "no such time".
// Hand-written scanners rather than Date.parse or a regex: Date keeps only 3 fractional digits and accepts
// many loose forms, and a 10,000-row list carries up to 40,000 times that must parse in a few milliseconds.
import type { EpochMs } from '../../../common/domain';
import { wallClockToUtc } from '../../../common/zone-offset';

// The zone arithmetic is shared with the simulator (common/zone-offset.ts); the core's callers find it here.
export { isValidTimeZone, wallClockToUtc, zoneOffsetMs } from '../../../common/zone-offset';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** One 400-year Gregorian cycle: Date.UTC maps years 0-99 to 1900-1999, so those are shifted through it. */
const CYCLE_400Y = 146_097 * DAY;

/** Digits at text[from, from + n) as a number, or -1 when any is not a digit. */
function digits(text: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

interface Scan {
  /** The wall-clock fields as if UTC, in ms. */
  wall: number;
  /** Index just past the seconds and the optional fraction. */
  end: number;
}

/** "YYYY-MM-DD[T ]HH:mm:ss[.f{1,9}]" at the start of `text`; null when malformed or out of range. */
function scanDateTime(text: string): Scan | null {
  if (text.length < 19) return null;
  const c10 = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  // 'T', 't' or ' ' between date and time.
  if (c10 !== 84 && c10 !== 116 && c10 !== 32) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const secondRaw = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || secondRaw < 0 || secondRaw > 60) return null;
  // A leap second (:60) is read as :59 rather than rolling the minute over.
  const second = secondRaw === 60 ? 59 : secondRaw;
  let end = 19;
  let ms = 0;
  if (text.charCodeAt(19) === 46) {
    // Up to nine fractional digits; beyond milliseconds they are truncated (EpochMs is whole ms).
    let n = 0;
    while (n < 10 && 20 + n < text.length) {
      const d = text.charCodeAt(20 + n) - 48;
      if (d < 0 || d > 9) break;
      if (n < 3) ms = ms * 10 + d;
      n++;
    }
    if (n === 0 || n > 9) return null;
    for (let k = n; k < 3; k++) ms *= 10;
    end = 20 + n;
  }
  const wall =
    year < 100
      ? Date.UTC(year + 400, month - 1, day, hour, minute, second, ms) - CYCLE_400Y
      : Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return { wall, end };
}

/** RFC 3339 date-time with an offset or Z, up to nine fractional digits. Null when not one. */
export function parseRfc3339(text: string): EpochMs | null {
  const scan = scanDateTime(text);
  if (!scan) return null;
  const { wall, end } = scan;
  const z = text.charCodeAt(end);
  if ((z === 90 || z === 122) && text.length === end + 1) return wall;
  if ((z !== 43 && z !== 45) || text.length !== end + 6 || text.charCodeAt(end + 3) !== 58) return null;
  const offH = digits(text, end + 1, 2);
  const offM = digits(text, end + 4, 2);
  if (offH < 0 || offH > 23 || offM < 0 || offM > 59) return null;
  const offset = (offH * HOUR + offM * MINUTE) * (z === 45 ? -1 : 1);
  return wall - offset;
}

// Lists repeat the same time strings poll after poll (and the sentinel in most rows): remember them.
const MEMO_LIMIT = 100_000;
const memo = new Map<string, EpochMs | null>();
const localMemo = new Map<string, Map<string, EpochMs | null>>();

/**
 * An RFC 3339 time where a time at or before the epoch means "none" (TEL4VN's
 * `1970-01-01T08:00:00+08:00` sentinel, which is exactly epoch 0; Go's zero time is year 1).
 * Null for none ('' too); undefined when the text is not a time.
 */
export function parseOptionalRfc3339(text: string): EpochMs | null | undefined {
  if (text === '') return null;
  const known = memo.get(text);
  if (known !== undefined) return known;
  const t = parseRfc3339(text);
  if (t === null) return undefined;
  const value = t <= 0 ? null : t;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, value);
  return value;
}

/**
 * Zone-less "YYYY-MM-DD HH:mm:ss" (or with T, optional fraction) read as wall-clock time in `zone`.
 * DST: a time in the spring-forward gap is read with the offset before the gap (so it lands just after
 * it); an ambiguous fall-back time is read as the earlier instant. Null when not such a time.
 */
export function parseZonedLocal(text: string, zone: string): EpochMs | null {
  let perZone = localMemo.get(zone);
  if (!perZone) {
    perZone = new Map();
    localMemo.set(zone, perZone);
  }
  const known = perZone.get(text);
  if (known !== undefined) return known;
  const scan = scanDateTime(text);
  const value = !scan || scan.end !== text.length ? null : wallClockToUtc(scan.wall, zone);
  if (perZone.size >= MEMO_LIMIT) perZone.clear();
  perZone.set(text, value);
  return value;
}
