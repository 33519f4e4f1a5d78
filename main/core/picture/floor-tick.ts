// One tick of the live picture: merge the sources' latest data, count the day's outcomes, detect callers
// newly abandoned, summarise the queues and diff it all into a ChangeSet. The core runs it on every
// publish; the benchmark runs the very same function to time it.
//
// A tick works from what changed (merge-sources.ts, list-changes.ts): the rows the decoder says changed,
// the agents whose answered count moved, and nothing else, so at 10,000 agents a tick that changes 100
// rows looks at about 100 rows, not 10,000 (the visits' day counters and the abandoned detection still
// pass over the visits list, skipping unchanged rows by identity).
import type { AbandonedCall, Agent, EpochMs, QueueSummary, RowChanges } from '../../../common/domain';
import type { SourceData } from '../connectors/connector';
import type { AbandonedJournal } from './abandoned-journal';
import type { AnsweredMark, DailyStats } from './daily-stats';
import { createFloorPicture, type FloorPicture, type PictureUpdate } from './floor-picture';
import { createAnsweredToday } from './answered-today';
import { createKeyIndex, hasChanges } from './list-changes';
import { createFloorMerger, type MergeStep } from './merge-sources';
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

/**
 * Each agent's callers answered today (Agent.answeredToday), where a queue monitor counts them: the merged
 * rows that changed, and the agents whose name's count moved (daily-stats.ts answeredMoves), get it set.
 */
function createAnsweredStage(merged: (id: string) => Agent | undefined): (step: MergeStep, daily: DailyStats) => RowChanges<Agent> {
  const answered = createAnsweredToday();
  /** The rows published, by id. */
  const out = new Map<string, Agent>();
  /** Agents by username and by full name, as the counts name them. */
  const named = createKeyIndex();
  let counting = false;
  let mark: AnsweredMark | null = null;
  const index = (a: Agent, by: 'add' | 'delete'): void => {
    named[by](a.username, a.id);
    if (a.name !== a.username) named[by](a.name, a.id);
  };
  return (step, daily) => {
    const counts = daily.answeredByAgent();
    const moves = daily.answeredMoves(mark);
    mark = moves.mark;
    // The counts apply from the first queue monitor's answer; started over (a new day), every agent is read.
    const all = step.has.queueEntries !== counting || (counting && moves.names === null);
    counting = step.has.queueEntries;
    const upsert = new Map<string, Agent>();
    const remove: string[] = [];
    const put = (a: Agent): void => {
      const row = counting ? answered.row(a, counts) : a;
      if (out.get(a.id) === row) return;
      out.set(a.id, row);
      upsert.set(a.id, row);
    };
    for (const id of step.changes.agents.remove) {
      const before = out.get(id);
      if (!before) continue;
      index(before, 'delete');
      out.delete(id);
      remove.push(id);
    }
    for (const a of step.changes.agents.upsert) {
      const before = out.get(a.id);
      if (before?.username !== a.username || before.name !== a.name) {
        if (before) index(before, 'delete');
        index(a, 'add');
      }
      put(a);
    }
    const again = all ? out.keys() : counting && moves.names ? new Set(moves.names) : [];
    for (const key of [...again]) {
      for (const id of all ? [key] : (named.ids(key) ?? [])) {
        const a = merged(id);
        if (a) put(a);
      }
    }
    return { upsert: [...upsert.values()], remove };
  };
}

export function createFloorTicker(now: () => EpochMs): FloorTicker {
  const picture = createFloorPicture(now);
  const merger = createFloorMerger(now);
  const answeredToday = createAnsweredStage((id) => merger.agent(id));
  const staffing = createStaffingCount();
  /** The queue summaries as last made, and whether they are the hub's (made again when they stop being). */
  let lastQueues: QueueSummary[] = [];
  let hubWas = false;
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
      const step = merger.step(latest);
      const entries = step.lists.queueEntries;
      const counted = stores.daily.observe(entries);
      const agents = answeredToday(step, stores.daily);
      const fresh = stores.journal.detect(entries);
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
      // The staffing follows every change of the agents, whoever's summaries are shown.
      const staffed = staffing.changes(agents);
      // A console on the floor hub shows the hub's summaries (the floor's day, one truth on every screen);
      // its own counters only watch (they take over if the hub goes silent).
      let hubQueues: QueueSummary[] | undefined;
      for (const data of latest) hubQueues ??= data.queues;
      if (hubQueues) lastQueues = hubQueues;
      // The same entries, agents and counters (only the calls answered) give the same summaries.
      else if (hubWas || hasChanges(step.changes.queueEntries) || hasChanges(agents) || counted || rolled || records !== null) {
        const { daily } = stores;
        lastQueues = summariseQueues(entries, daily.counters(), staffed, daily.countingSince(), daily.basis());
      }
      hubWas = hubQueues !== undefined;
      return { update: picture.applyChanges({ ...step.changes, agents }, step.has, lastQueues, fresh), fresh, rolled, records };
    },
  };
}
