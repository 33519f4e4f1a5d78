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
// Journal lines:  {"t":"abandoned","day":"2026-11-24","call":{AbandonedCall}}
//                 {"t":"handled","id":"<id>","at":<epoch ms>}
//                 {"t":"unhandled","id":"<id>","at":<epoch ms>}
//                 {"t":"called-back","id":"<id>","at":<epoch ms>}
import type { AbandonedCall, EpochMs, QueueEntry } from '../../../common/domain';
import { appendJsonLines, readJsonLines, rewriteJsonLines } from '../storage/jsonl-file';
import { localDayKey, localDayStart } from './local-day';

export const abandonedId = (callId: string, joinedAt: EpochMs): string => `${callId}:${joinedAt}`;

/**
 * Abandoned visits in `entries` not in `known` whose hang-up happened at or after `dayStart`. `settled`
 * (optional) remembers the entry objects already found known or yesterday's: the decoder keeps an
 * unchanged row's object, so each poll only looks at the entries that changed (valid for one day). A new
 * visit is not settled here: the next poll finds it known once it is recorded.
 */
export function findAbandoned(
  entries: readonly QueueEntry[],
  known: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  dayStart: EpochMs,
  now: EpochMs,
  settled?: WeakSet<QueueEntry>,
): AbandonedCall[] {
  const out: AbandonedCall[] = [];
  for (const e of entries) {
    if (e.status !== 'abandoned' || settled?.has(e)) continue;
    const abandonedAt = e.abandonedAt ?? now;
    const id = abandonedId(e.id, e.joinedAt);
    if (abandonedAt < dayStart || known.has(id)) {
      settled?.add(e);
      continue;
    }
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
  /** Record the new abandoned visits in `entries` (durably) and return them, oldest first. */
  detect(entries: readonly QueueEntry[]): AbandonedCall[];
  /** Today's abandoned calls, newest first. */
  list(): AbandonedCall[];
  get(id: string): AbandonedCall | undefined;
  /** Mark `id` and the same number's other unhandled records handled; every record changed (none: unknown id). */
  markHandled(id: string): AbandonedCall[];
  /** Undo a mark: these records are unhandled again; the records changed. */
  unmarkHandled(ids: readonly string[]): AbandonedCall[];
  /** The caller of `id` was dialled: every record of that number is called back; the records changed. */
  markCalledBack(id: string): AbandonedCall[];
  /** Reset when the PBX-local day changed; true when it did. */
  rollDay(): boolean;
}

export interface AbandonedJournalOptions {
  file: string;
  zone: () => string;
  now: () => EpochMs;
  log: (message: string) => void;
}

type Line =
  | { t: 'abandoned'; day: string; call: AbandonedCall }
  | { t: FlagLine; id: string; at: EpochMs };

type FlagLine = 'handled' | 'unhandled' | 'called-back';
const FLAG_LINES: readonly string[] = ['handled', 'unhandled', 'called-back'] satisfies FlagLine[];

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
    default:
      return { calledBackAt: at };
  }
}

const newestFirst = (a: AbandonedCall, b: AbandonedCall): number => b.abandonedAt - a.abandonedAt || (a.id < b.id ? 1 : -1);

export function openAbandonedJournal(options: AbandonedJournalOptions): AbandonedJournal {
  let day = localDayKey(options.now(), options.zone());
  const byId = new Map<string, AbandonedCall>();
  /** Entry objects already settled today (see findAbandoned). */
  let settled = new WeakSet<QueueEntry>();
  let sorted: AbandonedCall[] = [];
  let lastEntries: readonly QueueEntry[] | null = null;

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
    settled = new WeakSet();
    sorted = [];
    rewriteJsonLines(options.file, []);
    return true;
  }

  /** Write `t` for each of `calls` (one fsync'd append), then swap in the flagged copies. */
  function flag(calls: readonly AbandonedCall[], t: FlagLine): AbandonedCall[] {
    if (calls.length === 0) return [];
    const at = options.now();
    appendJsonLines(options.file, calls.map((c) => ({ t, id: c.id, at })), true);
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
    detect(entries) {
      // The very list of the last call (the queue source did not answer since): nothing new in it.
      if (entries === lastEntries) return [];
      lastEntries = entries;
      const now = options.now();
      const fresh = findAbandoned(entries, byId, localDayStart(now, options.zone()), now, settled);
      if (fresh.length === 0) return fresh;
      // A list can hold the same visit twice (a PBX quirk): record it once.
      const unique = [...new Map(fresh.map((c) => [c.id, c])).values()];
      appendJsonLines(options.file, unique.map((call) => ({ t: 'abandoned', day, call })), true);
      for (const call of unique) byId.set(call.id, call);
      sorted = [...unique, ...sorted].sort(newestFirst);
      return unique;
    },
    list: () => sorted,
    get: (id) => byId.get(id),
    markHandled: (id) => flag(sameCaller(id).filter((c) => c.id === id || !c.handled), 'handled'),
    unmarkHandled: (ids) => flag(ids.flatMap((id) => byId.get(id) ?? []).filter((c) => c.handled), 'unhandled'),
    markCalledBack: (id) => flag(sameCaller(id), 'called-back'),
    rollDay,
  };
}
