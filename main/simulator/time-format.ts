// Wall-clock times in the PBX's dialects: RFC 3339 with the PBX zone's offset (optionally with up to nine
// fractional digits, as TEL4VN sends them) and zone-less PBX-local "YYYY-MM-DD HH:mm:ss".
// Formatting is done by hand on the zone's cached offset (common/zone-offset.ts, shared with the core):
// Intl per value would cost ~100 ms at 10,000 rows.
import { isValidTimeZone, wallClockToUtc, zoneOffsetMs } from '../../common/zone-offset';

/** TEL4VN's "no such time" value in /v3/monitor/callcenter/queue. */
export const NO_TIME = '1970-01-01T08:00:00+08:00';

export interface TimeFormat {
  readonly timeZone: string;
  /** RFC 3339 with offset; `fractionDigits` 0, 3, 6 or 9. */
  rfc3339(ms: number, fractionDigits?: number): string;
  /** Zone-less PBX-local time "YYYY-MM-DD HH:mm:ss". */
  local(ms: number): string;
  /** Parse a zone-less PBX-local "YYYY-MM-DD[ HH:mm:ss]" back to epoch ms (NaN when malformed). */
  parseLocal(text: string): number;
}

export function createTimeFormat(timeZone: string): TimeFormat {
  if (!isValidTimeZone(timeZone)) throw new Error(`Unknown time zone "${timeZone}" (use an IANA name such as Asia/Ho_Chi_Minh)`);
  const offsetMinutes = (ms: number): number => zoneOffsetMs(timeZone, ms) / 60_000;
  const shifted = (ms: number): string => new Date(Math.floor(ms) + offsetMinutes(ms) * 60_000).toISOString();
  const offsetText = (ms: number): string => {
    const off = offsetMinutes(ms);
    const abs = Math.abs(off);
    return `${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  };
  return {
    timeZone,
    rfc3339: (ms, fractionDigits = 0) => {
      const iso = shifted(ms);
      let frac = '';
      if (fractionDigits > 0) {
        // Sub-millisecond digits are made up (stable for a given ms) so parsers meet 6 and 9 digit forms.
        const sub = String(Math.floor(ms) % 1_000_003 * 7919 % 1_000_000).padStart(6, '0');
        frac = '.' + (iso.slice(20, 23) + sub).slice(0, fractionDigits);
      }
      return iso.slice(0, 19) + frac + offsetText(ms);
    },
    local: (ms) => {
      const iso = shifted(ms);
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
    },
    parseLocal: (text) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
      if (!m) return NaN;
      return wallClockToUtc(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)), timeZone);
    },
  };
}
