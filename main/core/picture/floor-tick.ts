// One tick of the live picture: merge the sources' latest data, count the day's outcomes, detect callers
// newly abandoned, summarise the queues and diff it all into a ChangeSet. The core runs it on every
// publish; the benchmark runs the very same function to time it.
//
// A tick works from what changed (merge-sources.ts, list-changes.ts): the rows the decoder says changed,
// the agents whose answered count moved, and nothing else, so at 10,000 agents a tick that changes 100
// rows looks at about 100 rows, not 10,000. The day's counters, the abandoned detection and who waits read
// only the visits that changed too: each walked the 6,500 visits every second, and the walks grew slower
// as the session went on and the rows spread over the heap (bench/analysis.md).
import type { AbandonedCall, Agent, CallRecord, EpochMs, QueueEntry, QueueSummary, RowChanges } from '../../../common/domain';
import type { SourceData } from '../connectors/connector';
import type { AbandonedJournal } from './abandoned-journal';
import type { AnsweredMark, DailyStats } from './daily-stats';
import { createFloorPicture, type FloorPicture, type PictureUpdate } from './floor-picture';
import { createAnsweredToday } from './answered-today';
import { createKeyIndex, hasChanges } from './list-changes';
import { createFloorMerger, type MergeStep } from './merge-sources';
import { createStaffingCount, createWaitingCount, summariseQueues } from './queue-summary';

/** Today's stores (the demo keeps its own, apart from the real ones). */
export interface TickStores {
  journal: AbandonedJournal;
  daily: DailyStats;
}

interface FloorTick {
  update: PictureUpdate;
  /**
   * Records of a pass were folded in this tick (null: none): what they caught up and marked reached;
   * `complete` once a complete pass's last slice is in, `more` while slices of a pass still wait.
   */
  records: { added: number; caughtUp: AbandonedCall[]; reached: number; complete: boolean; more: boolean } | null;
}

/**
 * At most this many records of the call records' passes are folded in one tick; the rest wait for the next
 * ticks (the floor ticks at every source's answer, several times a second). A day's first pass brings
 * 30,000 records (60 pages): folded at once (the day's ledger and its fsync'd file, the abandons' catch-up)
 * it held the tick that carried it, and every change set due meanwhile, for a second or more at 10,000
 * agents (a floor hub's first minute, bench/hub.ts); 2,000 a tick still held it 40-90 ms on a loaded
 * machine (a CPU profile of the bench's live phase, 2026-12-06). The records reach the day's figures within
 * a minute instead; the live picture keeps its cadence.
 */
export const RECORDS_PER_TICK = 500;

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
  const waiting = createWaitingCount();
  /** The visits list of the tick before: the day's counters and the journal read only what changed since. */
  let lastEntries: readonly QueueEntry[] | null = null;
  /** The queue summaries as last made, and whether they are the hub's (made again when they stop being). */
  let lastQueues: QueueSummary[] = [];
  let hubWas = false;
  /** The record pass last taken in: the feed keeps a source's last answer, so each is taken once. */
  let lastPass: SourceData['callRecords'] | null = null;
  /** Passes taken in and not folded whole yet, in order; `at`: the first record of the head not folded. */
  const backlog: { records: readonly CallRecord[]; complete: boolean }[] = [];
  let at = 0;
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
      const entryChange = lastEntries && { from: lastEntries, ...step.changes.queueEntries };
      lastEntries = entries;
      const counted = stores.daily.observe(entries, entryChange);
      const agents = answeredToday(step, stores.daily);
      const fresh = stores.journal.detect(entries, entryChange);
      // The PBX's records: the day's figures, then the abandons nobody saw (after the live ones above, so
      // a visit both saw is kept once) and the callers reached since.
      let records: FloorTick['records'] = null;
      for (const data of latest) {
        const pass = data.callRecords;
        if (!pass || pass === lastPass) continue;
        lastPass = pass;
        backlog.push(pass);
      }
      // A slice of RECORDS_PER_TICK at most, across the passes in order (an empty complete pass still counts).
      let budget = RECORDS_PER_TICK;
      while (backlog.length > 0 && budget > 0) {
        const head = backlog[0] as (typeof backlog)[number];
        const slice = head.records.slice(at, at + budget);
        budget -= slice.length;
        at += slice.length;
        const whole = at >= head.records.length;
        if (whole) {
          backlog.shift();
          at = 0;
        }
        const added = stores.daily.addRecords(slice);
        const caught = stores.journal.catchUp(sweeping ? slice : added, (name) => stores.daily.queueIdOf(name), liveSince);
        const complete = whole && head.complete;
        if (complete) {
          sweeping = false;
          stores.daily.markRecordsComplete();
        }
        const before = records as FloorTick['records'];
        records = {
          added: (before?.added ?? 0) + added.length,
          caughtUp: before ? [...before.caughtUp, ...caught.added] : caught.added,
          reached: (before?.reached ?? 0) + caught.reached,
          complete: complete || (before?.complete ?? false),
          more: backlog.length > 0,
        };
      }
      // The staffing and who waits follow every change, whoever's summaries are shown.
      const staffed = staffing.changes(agents);
      waiting.changes(step.changes.queueEntries);
      // A console on the floor hub shows the hub's summaries (the floor's day, one truth on every screen);
      // its own counters only watch (they take over if the hub goes silent).
      let hubQueues: QueueSummary[] | undefined;
      for (const data of latest) hubQueues ??= data.queues;
      if (hubQueues) lastQueues = hubQueues;
      // The same entries, agents and counters (only the calls answered) give the same summaries.
      else if (hubWas || hasChanges(step.changes.queueEntries) || hasChanges(agents) || counted || rolled || records !== null) {
        const { daily } = stores;
        lastQueues = summariseQueues(waiting.current(), daily.counters(), staffed, daily.countingSince(), daily.basis());
      }
      hubWas = hubQueues !== undefined;
      return { update: picture.applyChanges({ ...step.changes, agents }, step.has, lastQueues, fresh), records };
    },
  };
}
