// How far back a record pass must read. A CDR is written when its call ends and carries the call's start,
// and GET /v2/cdr filters on the start only, so a pass that read only from the newest record seen would
// miss a long call that ended since. The calls the live monitor listed at the previous pass and lists no
// more have ended: the pass reaches back to the oldest of their starts (they are kept two minutes after
// they left: a PBX may write the record a little after the hang-up). A connection's first pass cannot know
// what ended while the console was away: it reaches back as far as allowed (the reader's 3-hour cap).
// Calls begun and ended between two polls are short: the reader's minimum overlap covers them.
// choice: before, the overlap covered the oldest call still live; at 10,000 agents a call three hours old
// made every 30 s pass re-read 30,000 records (bench: 60 requests, 2.8 s of main thread each pass).
import type { EpochMs } from '../../../common/domain';

const KEEP_MS = 120_000;

interface EndedCalls {
  /**
   * The oldest call start the next pass must cover, given the calls listed now (null: no calls answer
   * yet); 0 = as far back as the reader allows; null = nothing beyond its minimum overlap.
   */
  coverFrom(calls: readonly { id: string; startedAt: EpochMs }[] | null, now: EpochMs): EpochMs | null;
}

export function createEndedCalls(keepMs = KEEP_MS): EndedCalls {
  let live: Map<string, EpochMs> | null = null;
  const ended = new Map<string, { start: EpochMs; at: EpochMs }>();
  let first = true;
  return {
    coverFrom(calls, now) {
      if (calls !== null) {
        const current = new Map<string, EpochMs>();
        for (const c of calls) current.set(c.id, c.startedAt);
        if (live) for (const [id, start] of live) if (!current.has(id)) ended.set(id, { start, at: now });
        live = current;
      }
      for (const [id, e] of ended) if (now - e.at > keepMs) ended.delete(id);
      if (first) {
        first = false;
        return 0;
      }
      let oldest: EpochMs | null = null;
      for (const e of ended.values()) if (oldest === null || e.start < oldest) oldest = e.start;
      return oldest;
    },
  };
}
