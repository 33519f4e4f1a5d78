// One tick of the live picture: merge the sources' latest data, count the day's outcomes, detect callers
// newly abandoned, summarise the queues and diff it all into a ChangeSet. The core runs it on every
// publish; the benchmark runs the very same function to time it.
import type { AbandonedCall, Agent, EpochMs, QueueEntry, QueueSummary } from '../../../common/domain';
import type { SourceData } from '../connectors/connector';
import type { AbandonedJournal } from './abandoned-journal';
import type { DailyStats } from './daily-stats';
import { createFloorPicture, type FloorPicture, type PictureUpdate } from './floor-picture';
import { createAnsweredToday } from './answered-today';
import { createSourceMerger, sameRows, type MergedFloor } from './merge-sources';
import { createStaffingCount, summariseQueues } from './queue-summary';

/** Today's stores (the demo keeps its own, apart from the real ones). */
export interface TickStores {
  journal: AbandonedJournal;
  daily: DailyStats;
}

export interface FloorTick {
  update: PictureUpdate;
  /** Callers first seen abandoned in this tick (already in the journal). */
  fresh: AbandonedCall[];
  /** The PBX-local day changed: today's abandoned list starts over. */
  rolled: boolean;
  /** A pass of call records was folded in this tick (null: none): what it caught up and marked reached. */
  records: { added: number; caughtUp: AbandonedCall[]; reached: number; complete: boolean } | null;
}

export interface FloorTicker {
  readonly picture: FloorPicture;
  tick(latest: Iterable<SourceData>, stores: TickStores): FloorTick;
}

export function createFloorTicker(now: () => EpochMs): FloorTicker {
  const picture = createFloorPicture(now);
  const merge = createSourceMerger(now);
  let lastEntries: readonly QueueEntry[] | null = null;
  let lastAgents: readonly Agent[] | null = null;
  const answered = createAnsweredToday();
  const staffing = createStaffingCount();
  let lastMergedAgents: Agent[] | null = null;
  let lastCounted: Agent[] = [];
  let lastQueues: QueueSummary[] = [];
  /** The record pass last folded in: the feed keeps a source's last answer, so each is folded once. */
  let lastPass: SourceData['callRecords'] | null = null;
  /** Until this connection's first complete pass, every record goes to the catch-up (not only those new
   *  to the day's ledger): one kept on disk before a restart may not have been caught up yet. */
  let sweeping = true;
  /** Abandons that ended before this connection could not be seen live: no grace for them. */
  const liveSince = now();
  return {
    picture,
    tick(latest, stores) {
      const rolled = stores.journal.rollDay();
      const joined = merge(latest);
      const counted = stores.daily.observe(joined.queueEntries);
      // Answered today per agent, where a queue monitor counts them (the same array while nothing moved).
      let merged: MergedFloor = joined;
      if (joined.has.queueEntries) {
        if (joined.agents !== lastMergedAgents || counted || rolled) {
          const next = answered.apply(joined.agents, stores.daily.answeredByAgent());
          if (!sameRows(next, lastCounted)) lastCounted = next;
          lastMergedAgents = joined.agents;
        }
        merged = { ...joined, agents: lastCounted };
      }
      const fresh = stores.journal.detect(merged.queueEntries);
      // The PBX's records: the day's figures, then the abandons nobody saw (after the live ones above, so
      // a visit both saw is kept once) and the callers reached since.
      let records: FloorTick['records'] = null;
      for (const data of latest) {
        const pass = data.callRecords;
        if (!pass || pass === lastPass) continue;
        lastPass = pass;
        const added = stores.daily.addRecords(pass.records);
        const caught = stores.journal.catchUp(sweeping ? pass.records : added, (name) => stores.daily.queueIdOf(name), liveSince);
        if (pass.complete) {
          sweeping = false;
          stores.daily.markRecordsComplete();
        }
        records = { added: added.length, caughtUp: caught.added, reached: caught.reached, complete: pass.complete };
      }
      // A console on the floor hub shows the hub's summaries (the floor's day, one truth on every screen);
      // its own counters only watch (they take over if the hub goes silent).
      let hubQueues: QueueSummary[] | undefined;
      for (const data of latest) hubQueues ??= data.queues;
      if (hubQueues) {
        lastQueues = hubQueues;
        lastEntries = null;
      }
      // The same entries, agents and counters (only the calls answered) give the same summaries.
      else if (merged.queueEntries !== lastEntries || merged.agents !== lastAgents || counted || rolled || records !== null) {
        const { daily } = stores;
        lastQueues = summariseQueues(merged.queueEntries, daily.counters(), staffing(merged.agents), daily.countingSince(), daily.basis());
        lastEntries = merged.queueEntries;
        lastAgents = merged.agents;
      }
      return { update: picture.update(merged, lastQueues, fresh), fresh, rolled, records };
    },
  };
}
