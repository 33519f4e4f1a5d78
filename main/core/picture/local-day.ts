// The PBX-local calendar day: daily counters and the abandoned list reset at midnight in the PBX's zone,
// not the console machine's (a supervisor abroad still sees the floor's day).
import type { EpochMs } from '../../../common/domain';
import { wallClockToUtc, zoneOffsetMs } from '../time/parse-time';

const DAY = 86_400_000;

/** "YYYY-MM-DD" of the instant `at` in `zone`. */
export function localDayKey(at: EpochMs, zone: string): string {
  return new Date(at + zoneOffsetMs(zone, at)).toISOString().slice(0, 10);
}

/** The instant of the midnight that starts the PBX-local day holding `at`. */
export function localDayStart(at: EpochMs, zone: string): EpochMs {
  const wall = at + zoneOffsetMs(zone, at);
  return wallClockToUtc(Math.floor(wall / DAY) * DAY, zone);
}
