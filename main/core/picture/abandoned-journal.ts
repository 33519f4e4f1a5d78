// Abandoned-call detection, exactly once per abandoned visit, and today's list of them.
// A visit is keyed by callId + ':' + joinedAt: a caller who rejoins and hangs up again is a new record; a
// caller who joined and hung up between two polls is caught the first time the entry is seen (already
// Abandoned). Every record and every later flag (handled, called back) is appended to a JSON-lines journal
// in the data folder and fsync'd before anyone is told, so a restart neither re-notifies nor forgets.
// The list resets at midnight in the PBX's time zone.
//
// Journal lines:  {"t":"abandoned","day":"2026-11-24","call":{AbandonedCall}}
//                 {"t":"handled","id":"<id>","at":<epoch ms>}
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
  markHandled(id: string): AbandonedCall | undefined;
  markCalledBack(id: string): AbandonedCall | undefined;
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
  | { t: 'handled' | 'called-back'; id: string; at: EpochMs };

function isLine(v: unknown): v is Line {
  const l = v as Line;
  if (typeof l !== 'object' || l === null) return false;
  if (l.t === 'abandoned') {
    return typeof l.day === 'string' && typeof l.call === 'object' && l.call !== null && typeof l.call.id === 'string' &&
      typeof l.call.abandonedAt === 'number';
  }
  return (l.t === 'handled' || l.t === 'called-back') && typeof l.id === 'string' && typeof l.at === 'number';
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
    if (line.t === 'handled') Object.assign(call, { handled: true, handledAt: line.at });
    else call.calledBackAt = line.at;
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

  function flag(id: string, t: 'handled' | 'called-back'): AbandonedCall | undefined {
    const call = byId.get(id);
    if (!call) return undefined;
    const at = options.now();
    appendJsonLines(options.file, [{ t, id, at }], true);
    // Replace the object (not mutate it): lists already handed out stay as they were sent.
    const next: AbandonedCall = t === 'handled' ? { ...call, handled: true, handledAt: at } : { ...call, calledBackAt: at };
    byId.set(id, next);
    sorted = sorted.map((c) => (c.id === id ? next : c));
    return next;
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
    markHandled: (id) => flag(id, 'handled'),
    markCalledBack: (id) => flag(id, 'called-back'),
    rollDay,
  };
}
