// Abandoned-call detection, exactly once per abandoned visit, and today's list of them.
// A visit is keyed by callId + ':' + joinedAt: a caller who rejoins and hangs up again is a new record; a
// caller who joined and hung up between two polls is caught the first time the entry is seen (already
// Abandoned). Every record and every later flag (handled, called back) is appended to a JSON-lines journal
// in the data folder and fsync'd before anyone is told, so a restart neither re-notifies nor forgets.
// The list resets at midnight in the PBX's time zone.
//
// Handled and called back are about the caller, not one visit: marking one record handled marks that
// number's other unhandled records of the day too, and a call-back reaches every record of the number (a
// supervisor who called 0909... back has answered all three of its hang-ups). Each flagged record gets its
// own line, so an undo ("unhandled") names exactly the records that one mark changed.
//
// Catch-up (issue 16): the abandons in the PBX's records that the live monitor never showed (the console
// or the PBX link was away) join the list marked `whileAway`. One record per caller visit, whichever
// source saw it first: a live abandon and a record are the same visit when they name the same caller and
// queue and started within +-5 s (the monitor's call_uuid and the CDR id differ). Records younger than
// CATCH_UP_GRACE_MS that ended since the live monitor started watching wait for a later pass, so the
// monitor (polled every second) has its turn first. A caller who got through later (an answered call from
// or to the same number, live or recorded) is marked reached, automatically.
//
// Journal lines:  {"t":"abandoned","day":"2026-11-24","call":{AbandonedCall}}
//                 {"t":"handled","id":"<id>","at":<epoch ms>}
//                 {"t":"unhandled","id":"<id>","at":<epoch ms>}
//                 {"t":"reached","id":"<id>","at":<epoch ms>}
//                 {"t":"called-back","id":"<id>","at":<epoch ms>}
import type { AbandonedCall, CallRecord, EpochMs, QueueEntry } from '../../../common/domain';
import { appendJsonLines, readJsonLines, rewriteJsonLines } from '../storage/jsonl-file';
import { customerNumber, queueOutcome, visitWaitSec } from './classify-record';
import { MATCH_WINDOW_MS } from './daily-stats';
import { localDayKey, localDayStart } from './local-day';
import { rowsToRead, type ListChange } from './list-changes';

export const abandonedId = (callId: string, joinedAt: EpochMs): string => `${callId}:${joinedAt}`;
/** A record this young is left to the live monitor for now (see the header). */
const CATCH_UP_GRACE_MS = 10_000;

/** Abandoned visits in `entries` not in `known` whose hang-up happened at or after `dayStart`. */
function findAbandoned(
  entries: readonly QueueEntry[],
  known: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  dayStart: EpochMs,
  now: EpochMs,
): AbandonedCall[] {
  const out: AbandonedCall[] = [];
  for (const e of entries) {
    if (e.status !== 'abandoned') continue;
    const abandonedAt = e.abandonedAt ?? now;
    const id = abandonedId(e.id, e.joinedAt);
    if (abandonedAt < dayStart || known.has(id)) continue;
    out.push({
      id,
      callId: e.id,
      number: e.number,
      queueId: e.queueId,
      queueName: e.queueName,
      waitedSec: Math.max(0, Math.round((abandonedAt - e.joinedAt) / 1000)),
      joinedAt: e.joinedAt,
      abandonedAt,
      handled: false,
      handledAt: null,
      calledBackAt: null,
    });
  }
  return out;
}

export interface AbandonedJournal {
  /**
   * Record the new abandoned visits in `entries` (durably) and return them, oldest first. With `change`
   * from the list detected in last, only the rows it brings are read.
   */
  detect(entries: readonly QueueEntry[], change?: ListChange<QueueEntry> | null): AbandonedCall[];
  /** Today's abandoned calls, newest first: a new array whenever any record in it changed, else the same one. */
  list(): AbandonedCall[];
  get(id: string): AbandonedCall | undefined;
  /** Mark `id` and the same number's other unhandled records handled; every record changed (none: unknown id). */
  markHandled(id: string): AbandonedCall[];
  /** Undo a mark: these records are unhandled again; the records changed. */
  unmarkHandled(ids: readonly string[]): AbandonedCall[];
  /** The caller of `id` was dialled: every record of that number is called back; the records changed. */
  markCalledBack(id: string): AbandonedCall[];
  /**
   * Fold in records read from the PBX: their abandons not seen live join the list (durably, marked while
   * away) and are returned, oldest first; callers who got through since are marked reached. `queueIdOf`
   * names the queue a record's receive_dest is (undefined: not a queue the monitor names); `liveSince`:
   * when the live monitor started watching (no grace for what ended before).
   */
  catchUp(records: readonly CallRecord[], queueIdOf: (name: string) => string | undefined, liveSince?: EpochMs): { added: AbandonedCall[]; reached: number };
  /**
   * The floor hub's list (issue 18: the floor's journal, one truth on every screen): its visits of today this
   * journal lacks join it as they are (durably) and are returned; visits both have are kept once (the same
   * id: both read the same PBX), so going to the hub and back neither loses nor doubles a caller.
   */
  adopt(calls: readonly AbandonedCall[]): AbandonedCall[];
  /** Reset when the PBX-local day changed; true when it did. */
  rollDay(): boolean;
}

interface AbandonedJournalOptions {
  file: string;
  zone: () => string;
  now: () => EpochMs;
  log: (message: string) => void;
}

type Line =
  | { t: 'abandoned'; day: string; call: AbandonedCall }
  | { t: FlagLine; id: string; at: EpochMs };

type FlagLine = 'handled' | 'unhandled' | 'called-back' | 'reached';
const FLAG_LINES: readonly string[] = ['handled', 'unhandled', 'called-back', 'reached'] satisfies FlagLine[];

function isLine(v: unknown): v is Line {
  const l = v as Line;
  if (typeof l !== 'object' || l === null) return false;
  if (l.t === 'abandoned') {
    return typeof l.day === 'string' && typeof l.call === 'object' && l.call !== null && typeof l.call.id === 'string' &&
      typeof l.call.abandonedAt === 'number';
  }
  return FLAG_LINES.includes(l.t) && typeof l.id === 'string' && typeof l.at === 'number';
}

function flagged(t: FlagLine, at: EpochMs): Partial<AbandonedCall> {
  switch (t) {
    case 'handled':
      return { handled: true, handledAt: at };
    case 'unhandled':
      return { handled: false, handledAt: null };
    case 'reached':
      return { reachedAt: at };
    default:
      return { calledBackAt: at };
  }
}

const newestFirst = (a: AbandonedCall, b: AbandonedCall): number => b.abandonedAt - a.abandonedAt || (a.id < b.id ? 1 : -1);

export function openAbandonedJournal(options: AbandonedJournalOptions): AbandonedJournal {
  let day = localDayKey(options.now(), options.zone());
  const byId = new Map<string, AbandonedCall>();
  let sorted: AbandonedCall[] = [];
  /** The list detected in last (null: none since the day began, so the next one is read whole). */
  let lastEntries: readonly QueueEntry[] | null = null;
  /** A record joined since the answered visits were last read whole: each of them may reach it. */
  let grown = true;

  // Written as the floor ticks: fsync'd off the main loop (storage/jsonl-file.ts Durability).
  const inBackground = { background: (e: Error) => options.log(`abandoned journal: saving to disk failed: ${e.message}`) };
  // Unreadable lines (a torn write), other days and unknown records all lead to a rewrite below.
  let foreign = 0;
  const stored = readJsonLines(options.file, (n) => {
    foreign++;
    options.log(`abandoned journal: skipped unreadable line ${n}`);
  });
  for (const line of stored) {
    if (!isLine(line)) {
      foreign++;
      continue;
    }
    if (line.t === 'abandoned') {
      if (line.day !== day) foreign++;
      else if (!byId.has(line.call.id)) byId.set(line.call.id, { ...line.call });
      continue;
    }
    const call = byId.get(line.id);
    if (!call) continue;
    Object.assign(call, flagged(line.t, line.at));
  }
  sorted = [...byId.values()].sort(newestFirst);
  // Rewriting today's records with their flags folded in drops past days and torn lines.
  if (foreign > 0) rewriteJsonLines(options.file, sorted.slice().reverse().map((call) => ({ t: 'abandoned', day, call })));

  function rollDay(): boolean {
    const current = localDayKey(options.now(), options.zone());
    if (current === day) return false;
    day = current;
    byId.clear();
    idsByNumber.clear();
    pending = [];
    lastEntries = null;
    sorted = [];
    rewriteJsonLines(options.file, []);
    return true;
  }

  /** Records of the last passes still too young to catch up (see CATCH_UP_GRACE_MS). */
  let pending: CallRecord[] = [];
  /** Record ids by caller number (a visit's match and a reached caller are looked up by number). */
  const idsByNumber = new Map<string, string[]>();
  const index = (call: AbandonedCall): void => {
    const ids = idsByNumber.get(call.number);
    if (ids) ids.push(call.id);
    else idsByNumber.set(call.number, [call.id]);
  };
  for (const call of byId.values()) index(call);
  const put = (call: AbandonedCall): void => {
    if (!byId.has(call.id)) {
      index(call);
      grown = true;
    }
    byId.set(call.id, call);
  };
  const callsOf = (number: string): AbandonedCall[] => (idsByNumber.get(number) ?? []).flatMap((id) => byId.get(id) ?? []);

  /**
   * The record the other source already made of this caller's visit (same number and queue, start within
   * 5 s): `fromRecords` true looks among the caught-up ones, false among the live ones. Never within one
   * source: a caller who rejoins within 5 s is a second visit, told apart by its exact key.
   */
  function sameVisit(number: string, queueName: string, startedAt: EpochMs, fromRecords: boolean): AbandonedCall | undefined {
    return callsOf(number).find((c) => (c.whileAway === true) === fromRecords && c.queueName === queueName && Math.abs(c.joinedAt - startedAt) <= MATCH_WINDOW_MS);
  }

  /** Mark reached the unreached abandons of `number` that ended before an answered call started at `at`. */
  function reach(number: string, at: EpochMs, answeredAt: EpochMs): number {
    const due = callsOf(number).filter((c) => c.reachedAt == null && c.abandonedAt <= at);
    flag(due, 'reached', answeredAt);
    return due.length;
  }

  /**
   * Live answered visits reach earlier abandons of the same caller: `rows`, the visits new since the list
   * read last, or every visit of `entries` once a record joined (a visit answered earlier may reach it).
   */
  function reachFromEntries(entries: readonly QueueEntry[], rows: readonly QueueEntry[]): void {
    const all = grown;
    grown = false;
    if (byId.size === 0) return;
    for (const e of all ? entries : rows) {
      if (e.status === 'answered' && e.bridgedAt !== null && idsByNumber.has(e.number)) reach(e.number, e.joinedAt, e.bridgedAt);
    }
  }

  /** Write `t` for each of `calls` (one fsync'd append), then swap in the flagged copies. */
  function flag(calls: readonly AbandonedCall[], t: FlagLine, at = options.now()): AbandonedCall[] {
    if (calls.length === 0) return [];
    appendJsonLines(options.file, calls.map((c) => ({ t, id: c.id, at })), inBackground);
    // Replace the objects (not mutate them): lists already handed out stay as they were sent.
    const changed = new Map(calls.map((c) => [c.id, { ...c, ...flagged(t, at) }]));
    for (const [id, next] of changed) byId.set(id, next);
    sorted = sorted.map((c) => changed.get(c.id) ?? c);
    return [...changed.values()];
  }

  /** Today's records of the caller of `id` (a withheld number is its own caller: the record alone). */
  function sameCaller(id: string): AbandonedCall[] {
    const call = byId.get(id);
    if (!call) return [];
    if (call.number.trim() === '') return [call];
    return sorted.filter((c) => c.id === id || c.number === call.number);
  }

  return {
    detect(entries, change) {
      // The very list of the last call (the queue source did not answer since): nothing new in it.
      if (entries === lastEntries) return [];
      // A visit's row is a new object whenever its data changed: only the rows that came since the list
      // read last can be a new abandon (the whole list: the day's first, or not chained).
      const rows = rowsToRead(entries, lastEntries, change);
      lastEntries = entries;
      const now = options.now();
      reachFromEntries(entries, rows);
      const found = findAbandoned(rows, byId, localDayStart(now, options.zone()), now);
      // A visit the records brought in first (a catch-up pass that ran before this poll) is not new.
      const fresh = found.filter((c) => !sameVisit(c.number, c.queueName, c.joinedAt, true));
      if (fresh.length === 0) return fresh;
      // A list can hold the same visit twice (a PBX quirk): record it once.
      const unique = [...new Map(fresh.map((c) => [c.id, c])).values()];
      appendJsonLines(options.file, unique.map((call) => ({ t: 'abandoned', day, call })), inBackground);
      for (const call of unique) put(call);
      sorted = [...unique, ...sorted].sort(newestFirst);
      return unique;
    },
    list: () => sorted,
    get: (id) => byId.get(id),
    markHandled: (id) => flag(sameCaller(id).filter((c) => c.id === id || !c.handled), 'handled'),
    unmarkHandled: (ids) => flag(ids.flatMap((id) => byId.get(id) ?? []).filter((c) => c.handled), 'unhandled'),
    markCalledBack: (id) => flag(sameCaller(id), 'called-back'),
    catchUp(records, queueIdOf, liveSince = -Infinity) {
      rollDay();
      const now = options.now();
      const dayStart = localDayStart(now, options.zone());
      const added: AbandonedCall[] = [];
      const later: CallRecord[] = [];
      const all = pending.length > 0 ? [...pending, ...records] : records;
      for (const r of all) {
        if (r.startedAt < dayStart || queueOutcome(r) !== 'abandoned') continue;
        const queueId = queueIdOf(r.destination as string);
        if (queueId === undefined) continue;
        // Young and ended while the live monitor was watching: its turn first (before, it could not see it).
        // (Record times are whole seconds: a second's margin on the live side.)
        if (r.endedAt > now - CATCH_UP_GRACE_MS && r.endedAt >= liveSince - 1000) {
          later.push(r);
          continue;
        }
        const number = customerNumber(r);
        if (byId.has(`cdr:${r.id}`) || sameVisit(number, r.destination as string, r.startedAt, false)) continue;
        added.push({
          id: `cdr:${r.id}`, callId: r.id, number, queueId, queueName: r.destination as string, waitedSec: Math.round(visitWaitSec(r)),
          joinedAt: r.startedAt, abandonedAt: r.endedAt, handled: false, handledAt: null, calledBackAt: null, whileAway: true, reachedAt: null,
        });
      }
      pending = later;
      added.sort((a, b) => a.abandonedAt - b.abandonedAt);
      if (added.length > 0) {
        appendJsonLines(options.file, added.map((call) => ({ t: 'abandoned', day, call })), inBackground);
        for (const call of added) put(call);
        sorted = [...added, ...sorted].sort(newestFirst);
      }
      // Callers who got through after they gave up: an answered call from them, or to them.
      let reached = 0;
      for (const r of records) {
        if (r.answeredAt === null) continue;
        reached += reach(customerNumber(r), r.startedAt, r.answeredAt);
      }
      return { added, reached };
    },
    adopt(calls) {
      rollDay();
      const dayStart = localDayStart(options.now(), options.zone());
      const added = calls.filter((c) => c.abandonedAt >= dayStart && !byId.has(c.id) && !sameVisit(c.number, c.queueName, c.joinedAt, c.whileAway !== true));
      if (added.length === 0) return added;
      // This screen's own marks are its own: a visit joins unhandled and not called back here.
      const fresh = added.map((c) => ({ ...c, handled: false, handledAt: null, calledBackAt: null }));
      appendJsonLines(options.file, fresh.map((call) => ({ t: 'abandoned', day, call })), inBackground);
      for (const call of fresh) put(call);
      sorted = [...fresh, ...sorted].sort(newestFirst);
      return fresh;
    },
    rollDay,
  };
}
