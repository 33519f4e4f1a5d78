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
import { countStaffing, summariseQueues } from './queue-summary';

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
  let lastMergedAgents: Agent[] | null = null;
  let lastCounted: Agent[] = [];
  let lastQueues: QueueSummary[] = [];
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
      // The same entries, agents and counters (only the calls answered) give the same summaries.
      if (merged.queueEntries !== lastEntries || merged.agents !== lastAgents || counted || rolled) {
        lastQueues = summariseQueues(merged.queueEntries, stores.daily.counters(), countStaffing(merged.agents), stores.daily.countingSince());
        lastEntries = merged.queueEntries;
        lastAgents = merged.agents;
      }
      return { update: picture.update(merged, lastQueues, fresh), fresh, rolled };
    },
  };
}
