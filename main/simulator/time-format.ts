// Wall-clock times in the PBX's dialects: RFC 3339 with the PBX zone's offset (optionally with up to nine
// fractional digits, as TEL4VN sends them) and zone-less PBX-local "YYYY-MM-DD HH:mm:ss".
// Formatting is done by hand on a cached zone offset: Intl per value would cost ~100 ms at 10,000 rows.

/** TEL4VN's "no such time" value in /v3/monitor/callcenter/queue. */
export const NO_TIME = '1970-01-01T08:00:00+08:00';

export interface TimeFormat {
  readonly timeZone: string;
  /** Offset of the zone from UTC at `ms`, in minutes. */
  offsetMinutes(ms: number): number;
  /** RFC 3339 with offset; `fractionDigits` 0, 3, 6 or 9. */
  rfc3339(ms: number, fractionDigits?: number): string;
  /** Zone-less PBX-local time "YYYY-MM-DD HH:mm:ss". */
  local(ms: number): string;
  /** Parse a zone-less PBX-local "YYYY-MM-DD[ HH:mm:ss]" back to epoch ms (NaN when malformed). */
  parseLocal(text: string): number;
}

const HOUR = 3_600_000;

export function createTimeFormat(timeZone: string): TimeFormat {
  let dtf: Intl.DateTimeFormat;
  try {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
  } catch {
    throw new Error(`Unknown time zone "${timeZone}" (use an IANA name such as Asia/Ho_Chi_Minh)`);
  }
  // Offsets only change at DST transitions, which fall on whole hours in every zone used here.
  const cache = new Map<number, number>();
  const offsetMinutes = (ms: number): number => {
    const bucket = Math.floor(ms / HOUR);
    let off = cache.get(bucket);
    if (off === undefined) {
      const parts: Record<string, number> = {};
      for (const p of dtf.formatToParts(new Date(bucket * HOUR))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
      const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
      off = Math.round((asUtc - bucket * HOUR) / 60_000);
      if (cache.size > 10_000) cache.clear();
      cache.set(bucket, off);
    }
    return off;
  };
  const shifted = (ms: number): string => new Date(Math.floor(ms) + offsetMinutes(ms) * 60_000).toISOString();
  const offsetText = (ms: number): string => {
    const off = offsetMinutes(ms);
    const abs = Math.abs(off);
    return `${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  };
  return {
    timeZone,
    offsetMinutes,
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
      const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
      return asUtc - offsetMinutes(asUtc) * 60_000;
    },
  };
}
