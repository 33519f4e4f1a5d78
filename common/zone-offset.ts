// A zone's offset from UTC at an instant, and a zone's wall-clock time back to the instant: the one copy of
// this arithmetic, for the core (reading zone-less PBX times, the PBX-local day) and the simulator (writing
// them). Intl only, no runtime-specific import. Offsets are cached per quarter hour, since transitions fall
// on whole local minutes of quarter-hour zones (Asia/Kolkata +05:30, Australia/Lord_Howe's 30-minute DST,
// Asia/Kathmandu +05:45): an hourly cache would read the old offset for up to 45 minutes after a change.
import type { EpochMs } from './domain';

const MINUTE = 60_000;
const HOUR = 3_600_000;

// One formatter per zone (creating one costs far more than using it).
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
  // Offsets change only on quarter hours (transitions are at whole local minutes of quarter-hour zones).
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

/** Convert wall-clock-as-UTC milliseconds in `zone` to the real instant. */
export function wallClockToUtc(wall: number, zone: string): EpochMs {
  // The instant is within 14 h of the wall-clock value, and zones change offset at most once in any
  // 48 h window: the offsets in force a day before and a day after are the only candidates.
  const before = zoneOffsetMs(zone, wall - 24 * HOUR);
  const after = zoneOffsetMs(zone, wall + 24 * HOUR);
  if (before === after) return wall - before;
  const early = zoneOffsetMs(zone, wall - before) === before ? wall - before : null;
  const late = zoneOffsetMs(zone, wall - after) === after ? wall - after : null;
  // Ambiguous (both valid): the earlier instant. Gap (neither): the offset before the gap.
  if (early !== null && late !== null) return Math.min(early, late);
  return early ?? late ?? wall - before;
}
