// Today's per-queue figures, reconciled from two sources:
// - the PBX's call records (CDRs, read every 30-60 s): the truth for every visit that has closed, including
//   the ones the console never saw (before it started, while it was away, or begun and ended between polls);
// - the live queue monitor (every poll): the outcomes that have no record yet (an answered caller's record
//   is written when the call ends, minutes later), and who waits now.
// Nothing is counted twice: a live outcome and a record are the same visit when they name the same caller
// and queue and started within +-5 s (the monitor's call_uuid and the CDR id differ); the record then
// replaces the live outcome. Each live visit is keyed by outcome + call id + joinedAt (a rejoin is a new
// visit), each record by its id.
//
// Both kinds are appended to a JSON-lines file in the data folder (fsync'd: only a tick or a pass that brought
// something new writes, one append each, in a turn of the loop of its own right after the tick:
// storage/jsonl-file.ts appendJsonLinesSoon), so a restart keeps the day; everything
// resets at midnight in the PBX's zone. A record belongs to the day (and the half hour) its call started in;
// a live outcome to the day it happened in.
//
// Counters are kept incrementally (a tick costs the new outcomes, not the day); a changed service-level
// threshold or short-abandon cut-off recounts the day from the visits kept in memory.
import type { AgentToday, CallRecord, EpochMs, QueueEntry, TodayFigures, TodayQueue } from '../../../common/domain';
import { appendJsonLines, appendJsonLinesSoon, readJsonLines, rewriteJsonLines } from '../storage/jsonl-file';
import { agentOutcome, customerNumber, queueOutcome, visitWaitSec } from './classify-record';
import { localDayKey, localDayStart } from './local-day';
import { rowsToRead, type ListChange } from './list-changes';

/** One live outcome, as stored (number and joinedAt let a record match it; older lines lack them). */
interface Outcome {
  day: string;
  key: string;
  queueId: string;
  queueName: string;
  outcome: 'answered' | 'abandoned';
  waitSec: number;
  number?: string;
  joinedAt?: EpochMs;
  /** Who answered (the queue monitor's agent name, e.g. TEL4VN call_center_agent_name); absent when none. */
  agent?: string;
}

/** The file's record of when today's counting started. */
interface Since {
  day: string;
  since: EpochMs;
}

const isSince = (v: unknown): v is Since =>
  typeof v === 'object' && v !== null && typeof (v as Since).day === 'string' && typeof (v as Since).since === 'number' &&
  (v as { key?: unknown }).key === undefined;

export interface QueueCounters {
  queueId: string;
  queueName: string;
  answered: number;
  abandoned: number;
  /** Abandoned within the short-abandon cut-off: counted in `abandoned`, out of the service level. */
  shortAbandoned: number;
  /** Answered within the queue's service-level threshold (recounted when it changes). */
  answeredInSl: number;
  /** Sum of the waits of answered and abandoned callers, seconds. */
  waitSumSec: number;
  /** Talk time of the answered visits whose record has closed, and how many (Today's AHT; 0 without records). */
  talkSumSec: number;
  talked: number;
}

/** A live outcome and a record are one visit when they started this close (issue 16's decision). */
export const MATCH_WINDOW_MS = 5000;
export const INTERVAL_MS = 30 * 60_000;
const INTERVALS = 48;

/** The outcomes in `entries` not yet in `counted`, that happened today (at or after `dayStart`). */
export function newOutcomes(
  entries: readonly QueueEntry[],
  counted: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  day: string,
  dayStart: EpochMs,
  now: EpochMs,
): Outcome[] {
  const out: Outcome[] = [];
  for (const e of entries) {
    if (e.status === 'waiting') continue;
    const answered = e.status === 'answered';
    const endedAt = (answered ? e.bridgedAt : e.abandonedAt) ?? now;
    // Yesterday's visits still listed after midnight belong to yesterday's figures.
    if (endedAt < dayStart) continue;
    const key = `${e.status}:${e.id}:${e.joinedAt}`;
    if (counted.has(key)) continue;
    const waitSec = Math.max(0, (endedAt - e.joinedAt) / 1000);
    out.push({
      day, key, queueId: e.queueId, queueName: e.queueName, outcome: answered ? 'answered' : 'abandoned', waitSec,
      number: e.number, joinedAt: e.joinedAt,
      ...(answered && e.agentName ? { agent: e.agentName } : {}),
    });
  }
  return out;
}

/**
 * Fold one live outcome into plain per-queue counters (no records, no short-abandon cut-off): what the
 * breach predictor's backtest counts a recorded day with (bench/backtest).
 */
export function addOutcome(counters: Map<string, QueueCounters>, o: Outcome, serviceLevelSec: number): void {
  let c = counters.get(o.queueId);
  if (!c) {
    c = { queueId: o.queueId, queueName: o.queueName, answered: 0, abandoned: 0, shortAbandoned: 0, answeredInSl: 0, waitSumSec: 0, talkSumSec: 0, talked: 0 };
    counters.set(o.queueId, c);
  }
  if (o.outcome === 'answered') c.answered++;
  else c.abandoned++;
  if (o.outcome === 'answered' && o.waitSec <= serviceLevelSec) c.answeredInSl++;
  c.waitSumSec += o.waitSec;
}

/** A closed queue visit, from either source. */
interface Visit {
  key: string;
  live: boolean;
  queueName: string;
  number: string;
  /** Start of the wait (null: an old live line without it, never matched, counted in the first interval). */
  startedAt: EpochMs | null;
  outcome: 'answered' | 'abandoned';
  waitSec: number;
  /** Talk time from the record; null for a live outcome. */
  talkSec: number | null;
  /** A live visit whose record has arrived: the record counts instead. */
  superseded: boolean;
  /** The other side of a matched pair. */
  pair: Visit | null;
}

interface Acc {
  answered: number;
  abandoned: number;
  short: number;
  inSl: number;
  waitAnswered: number;
  waitAll: number;
  talkSum: number;
  talkN: number;
}

const emptyAcc = (): Acc => ({ answered: 0, abandoned: 0, short: 0, inSl: 0, waitAnswered: 0, waitAll: 0, talkSum: 0, talkN: 0 });

interface QueueAcc {
  day: Acc;
  intervals: (Acc | undefined)[];
}

interface AgentAcc {
  answered: number;
  missed: number;
  talkSec: number;
  lastCallAt: EpochMs | null;
}

/** A record as older versions stored it: the whole CallRecord. */
interface StoredRecord {
  t: 'r';
  day: string;
  r: CallRecord;
}
/**
 * A record as stored now: only what the day's figures read, by position (a day at 10,000 agents is about
 * 200,000 lines; the whole object cost twice the bytes and the time to write).
 * [id, direction, extension, from, to, destination, startedAt, answeredAt, endedAt, talkSec, status]
 */
type CompactRecord = [string, CallRecord['direction'], string, string, string, string | null, EpochMs, EpochMs | null, EpochMs, number, CallRecord['status']];
interface StoredCompact {
  t: 'c';
  day: string;
  c: CompactRecord;
}
const compact = (r: CallRecord): CompactRecord => [r.id, r.direction, r.extension, r.from, r.to, r.destination, r.startedAt, r.answeredAt, r.endedAt, r.talkSec, r.status];
function expand(c: CompactRecord): CallRecord {
  const [id, direction, extension, from, to, destination, startedAt, answeredAt, endedAt, talkSec, status] = c;
  return {
    id, direction, extension, from, to, destination, startedAt, answeredAt, endedAt, talkSec, status,
    durationSec: Math.max(0, Math.round((endedAt - startedAt) / 1000)), statusText: '', cause: null, customerId: null, hasRecording: false,
  };
}
function isStoredCompact(v: unknown): v is StoredCompact {
  const l = v as StoredCompact;
  return typeof l === 'object' && l !== null && l.t === 'c' && typeof l.day === 'string' && Array.isArray(l.c) && l.c.length === 11 &&
    typeof l.c[0] === 'string' && typeof l.c[6] === 'number' && typeof l.c[8] === 'number' && typeof l.c[9] === 'number';
}
interface StoredQueueName {
  t: 'q';
  day: string;
  name: string;
  id: string;
}

export interface DailyStats {
  /**
   * Count the new outcomes in `entries`; true when a counter changed (or the day rolled over). With
   * `change` from the list observed last, only the rows it brings are read.
   */
  observe(entries: readonly QueueEntry[], change?: ListChange<QueueEntry> | null): boolean;
  /** Fold in records read from the PBX (duplicates and other days ignored); the records new to the day. */
  addRecords(records: readonly CallRecord[]): CallRecord[];
  /** Reset when the PBX-local day changed since the last call; true when it did. */
  rollDay(): boolean;
  /** Per queue id, reconciled: what the queue summaries (and alerts) read. */
  counters(): ReadonlyMap<string, QueueCounters>;
  /**
   * When counting started today: the first observation of the day (kept in the file, so a restart keeps
   * it), midnight after a day change while watching; null when today's file predates this record. Once a
   * pass of the PBX's records has read the whole day, the figures count from midnight (`basis` 'cdr').
   */
  countingSince(): EpochMs | null;
  /** 'cdr' once the day's records have been read from midnight; 'console' while only live outcomes count. */
  basis(): 'console' | 'cdr';
  /** A pass of the day's records read everything up to now. */
  markRecordsComplete(): void;
  /** Callers answered today per agent, keyed by the queue monitor's agent name (trimmed). */
  answeredByAgent(): ReadonlyMap<string, number>;
  /**
   * The names whose answered count moved since `mark` (null: since the beginning), and the mark to ask from
   * next; `names` is null when the counts started over since (a new day): read them all.
   */
  answeredMoves(mark: AnsweredMark | null): { names: readonly string[] | null; mark: AnsweredMark };
  /** The floor and each queue: the day and its half hours; `detailFor` (a queue id, '' = the floor) gets intervals. */
  today(entries: readonly QueueEntry[], detailFor: ReadonlySet<string>): TodayQueue[];
  /** Per extension: answered, missed, talk time, last call. */
  agents(): Map<string, Omit<AgentToday, 'extension' | 'agentId' | 'name' | 'pauses' | 'pausedSec'>>;
  /** The queue id of a queue name the live monitor has shown today (undefined: not a known queue). */
  queueIdOf(name: string): string | undefined;
  /** The newest call start among the day's records (where the next incremental read starts). */
  newestRecordAt(): EpochMs | null;
  recordCount(): number;
  /** Whether the day holds the record `id` (read from the PBX or from this day's file). */
  hasRecord(id: string): boolean;
  day(): { key: string; start: EpochMs };
}

/** A reader's place in the answered counts' moves (DailyStats.answeredMoves). */
export interface AnsweredMark {
  epoch: number;
  at: number;
}

/** The moves kept for readers before they start over (a reader further behind reads every count once). */
const ANSWERED_MOVES_KEPT = 50_000;

interface DailyStatsOptions {
  file: string;
  zone: () => string;
  serviceLevelSec: () => number;
  /** Per queue id thresholds that override `serviceLevelSec`. */
  serviceLevelSecByQueue?: () => Readonly<Record<string, number>>;
  /** Abandons shorter than this (seconds) are short abandons: 0 = none. */
  shortAbandonSec?: () => number;
  now: () => EpochMs;
  log: (message: string) => void;
}

function isOutcome(v: unknown): v is Outcome {
  const o = v as Outcome;
  return (
    typeof o === 'object' && o !== null && typeof o.day === 'string' && typeof o.key === 'string' &&
    typeof o.queueId === 'string' && typeof o.queueName === 'string' &&
    (o.outcome === 'answered' || o.outcome === 'abandoned') && typeof o.waitSec === 'number'
  );
}

function isStoredRecord(v: unknown): v is StoredRecord {
  const l = v as StoredRecord;
  return typeof l === 'object' && l !== null && l.t === 'r' && typeof l.day === 'string' && typeof l.r === 'object' && l.r !== null &&
    typeof l.r.id === 'string' && typeof l.r.startedAt === 'number' && typeof l.r.endedAt === 'number';
}

function isStoredName(v: unknown): v is StoredQueueName {
  const l = v as StoredQueueName;
  return typeof l === 'object' && l !== null && l.t === 'q' && typeof l.day === 'string' && typeof l.name === 'string' && typeof l.id === 'string';
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

export function createDailyStats(options: DailyStatsOptions): DailyStats {
  const zone = options.zone;
  let day = localDayKey(options.now(), zone());
  let dayStart = localDayStart(options.now(), zone());
  /** Every visit of the day by key (live outcome keys and `cdr:<id>`). */
  const visits = new Map<string, Visit>();
  /** Visits by caller number, for matching a live outcome with its record. */
  const byNumber = new Map<string, Visit[]>();
  /** Record ids of the day (queue visits or not). */
  const recordIds = new Set<string>();
  let newest: EpochMs | null = null;
  /** Queue names as the live monitor names them -> queue id. Records name queues by name only. */
  const queueIds = new Map<string, string>();
  const accs = new Map<string, QueueAcc>();
  const agentAccs = new Map<string, AgentAcc>();
  /** Live answered outcomes per agent name (the agents panel's answered today). */
  const byAgent = new Map<string, number>();
  /** The names whose count moved, in order, since the counts last started over (`movesEpoch`). */
  let moves: string[] = [];
  let movesEpoch = 0;
  let since: EpochMs | null = null;
  let sinceKnown = false;
  let recordsComplete = false;
  /** The list observed last (null: none since the day began, so the next one is read whole). */
  let lastEntries: readonly QueueEntry[] | null = null;
  let countersCache: Map<string, QueueCounters> | null = null;
  let slKey = '';
  let shortSec = options.shortAbandonSec?.() ?? 0;

  /** The day's lines, written right after the tick that counted them (a failed write is tried again with the next). */
  const appendLater = (lines: readonly unknown[]): void =>
    appendJsonLinesSoon(options.file, lines, (e) => options.log(`daily stats: writing the day's lines failed (tried again with the next): ${e.message}`));

  const slFor = (queueName: string): number => {
    const id = queueIds.get(queueName);
    const own = id !== undefined ? options.serviceLevelSecByQueue?.()[id] : undefined;
    return own ?? options.serviceLevelSec();
  };
  const thresholdsKey = (): string => `${options.serviceLevelSec()}|${JSON.stringify(options.serviceLevelSecByQueue?.() ?? {})}`;
  slKey = thresholdsKey();

  function intervalOf(at: EpochMs | null): number {
    if (at === null) return 0;
    // A DST day has 46 or 50 half hours: the extra ones fold into the last.
    return Math.max(0, Math.min(INTERVALS - 1, Math.floor((at - dayStart) / INTERVAL_MS)));
  }

  function apply(acc: Acc, v: Visit, sign: number, sl: number): void {
    acc.waitAll += sign * v.waitSec;
    if (v.outcome === 'answered') {
      acc.answered += sign;
      acc.waitAnswered += sign * v.waitSec;
      if (v.waitSec <= sl) acc.inSl += sign;
      if (v.talkSec !== null) {
        acc.talkSum += sign * v.talkSec;
        acc.talkN += sign;
      }
    } else {
      acc.abandoned += sign;
      if (v.waitSec < shortSec) acc.short += sign;
    }
  }

  function count(v: Visit, sign: number): void {
    let q = accs.get(v.queueName);
    if (!q) {
      q = { day: emptyAcc(), intervals: [] };
      accs.set(v.queueName, q);
    }
    const sl = slFor(v.queueName);
    apply(q.day, v, sign, sl);
    const i = intervalOf(v.startedAt);
    apply((q.intervals[i] ??= emptyAcc()), v, sign, sl);
    countersCache = null;
  }

  function recountAll(): void {
    accs.clear();
    for (const v of visits.values()) if (!v.superseded) count(v, 1);
    countersCache = null;
  }

  /** The unmatched visit of the other kind for `v` (same caller and queue, start within the window). */
  function partnerOf(v: Visit): Visit | undefined {
    if (v.startedAt === null || v.number === '') return undefined;
    const same = byNumber.get(v.number);
    if (!same) return undefined;
    let best: Visit | undefined;
    for (const o of same) {
      if (o.live === v.live || o.pair !== null || o.startedAt === null || o.queueName !== v.queueName) continue;
      const d = Math.abs(o.startedAt - v.startedAt);
      if (d <= MATCH_WINDOW_MS && (!best || d < Math.abs((best.startedAt as number) - v.startedAt))) best = o;
    }
    return best;
  }

  function addVisit(v: Visit): void {
    visits.set(v.key, v);
    if (v.number !== '') {
      const list = byNumber.get(v.number);
      if (list) list.push(v);
      else byNumber.set(v.number, [v]);
    }
    const other = partnerOf(v);
    if (other) {
      v.pair = other;
      other.pair = v;
      const liveOne = v.live ? v : other;
      if (liveOne === other) count(other, -1); // the record replaces the live outcome counted earlier
      liveOne.superseded = true;
    }
    if (!v.superseded) count(v, 1);
  }

  function addOutcome(o: Outcome): void {
    if (visits.has(o.key)) return;
    const agent = o.outcome === 'answered' ? o.agent?.trim() : undefined;
    if (agent) {
      byAgent.set(agent, (byAgent.get(agent) ?? 0) + 1);
      if (moves.length >= ANSWERED_MOVES_KEPT) {
        moves = [];
        movesEpoch++;
      }
      moves.push(agent);
    }
    if (!queueIds.has(o.queueName)) queueIds.set(o.queueName, o.queueId);
    addVisit({
      key: o.key, live: true, queueName: o.queueName, number: o.number ?? '', startedAt: o.joinedAt ?? null, outcome: o.outcome,
      waitSec: o.waitSec, talkSec: null, superseded: false, pair: null,
    });
  }

  function addRecord(r: CallRecord): void {
    recordIds.add(r.id);
    if (newest === null || r.startedAt > newest) newest = r.startedAt;
    const agent = agentOutcome(r);
    if (agent) {
      let a = agentAccs.get(r.extension);
      if (!a) {
        a = { answered: 0, missed: 0, talkSec: 0, lastCallAt: null };
        agentAccs.set(r.extension, a);
      }
      if (agent === 'answered') {
        a.answered++;
        a.talkSec += r.talkSec;
      } else a.missed++;
      if (a.lastCallAt === null || r.endedAt > a.lastCallAt) a.lastCallAt = r.endedAt;
    }
    const outcome = queueOutcome(r);
    if (!outcome) return;
    addVisit({
      key: `cdr:${r.id}`, live: false, queueName: r.destination as string, number: customerNumber(r), startedAt: r.startedAt, outcome,
      waitSec: visitWaitSec(r), talkSec: outcome === 'answered' ? r.talkSec : null, superseded: false, pair: null,
    });
  }

  function reset(): void {
    visits.clear();
    byNumber.clear();
    recordIds.clear();
    newest = null;
    queueIds.clear();
    accs.clear();
    agentAccs.clear();
    byAgent.clear();
    moves = [];
    movesEpoch++;
    recordsComplete = false;
    lastEntries = null;
    countersCache = null;
  }

  // Load today's lines; drop other days from the file so it never grows past one day.
  let unreadable = 0;
  const stored = readJsonLines(options.file, (n) => {
    unreadable++;
    options.log(`daily stats: skipped unreadable line ${n}`);
  });
  let kept = 0;
  let sinceRecord: Since | undefined;
  for (const line of stored) {
    if (isSince(line)) {
      if (line.day !== day || sinceRecord) continue;
      kept++;
      sinceRecord = line;
    } else if (isStoredName(line)) {
      if (line.day !== day) continue;
      kept++;
      queueIds.set(line.name, line.id);
    } else if (isStoredCompact(line)) {
      if (line.day !== day || recordIds.has(line.c[0])) continue;
      kept++;
      addRecord(expand(line.c));
    } else if (isStoredRecord(line)) {
      if (line.day !== day || recordIds.has(line.r.id)) continue;
      kept++;
      addRecord(line.r);
    } else if (isOutcome(line)) {
      if (line.day !== day) continue;
      kept++;
      addOutcome(line);
    }
  }
  // Also rewrite after a torn line, so the next append does not continue it.
  if (kept !== stored.length || unreadable > 0) {
    rewriteJsonLines(options.file, stored.filter((l) => (l === sinceRecord || isStoredName(l) || isStoredCompact(l) || isStoredRecord(l) || isOutcome(l)) && (l as { day: string }).day === day));
  }
  recountAll();
  // Today's outcomes without a record of when counting began (an older file): unknown, not "now".
  since = sinceRecord?.since ?? null;
  sinceKnown = sinceRecord !== undefined || visits.size > 0;
  // Records of today on disk: a pass read the day from midnight before the restart.
  recordsComplete = recordIds.size > 0;

  function rollDay(): boolean {
    const now = options.now();
    const current = localDayKey(now, zone());
    if (current === day) return false;
    day = current;
    dayStart = localDayStart(now, zone());
    reset();
    // Watching across midnight: the new day is counted from its start.
    since = dayStart;
    sinceKnown = true;
    rewriteJsonLines(options.file, [{ day, since } satisfies Since]);
    return true;
  }

  /** Recount when a threshold or the cut-off changed; true when it did. */
  function applyThresholds(): boolean {
    const key = thresholdsKey();
    const cut = options.shortAbandonSec?.() ?? 0;
    if (key === slKey && cut === shortSec) return false;
    slKey = key;
    shortSec = cut;
    recountAll();
    return true;
  }

  /** Learn queue names -> ids from the entries (records name queues by name). */
  function learnQueues(entries: readonly QueueEntry[]): void {
    const learned: StoredQueueName[] = [];
    for (const e of entries) {
      if (e.queueName === '' || queueIds.get(e.queueName) === e.queueId) continue;
      queueIds.set(e.queueName, e.queueId);
      learned.push({ t: 'q', day, name: e.queueName, id: e.queueId });
    }
    if (learned.length === 0) return;
    appendLater(learned);
    // A newly known name may carry records (and its own threshold) already in.
    recountAll();
  }

  function figures(acc: Acc | undefined, waiting: number): TodayFigures {
    const a = acc ?? emptyAcc();
    const closed = a.answered + a.abandoned;
    const slBase = closed - a.short;
    return {
      offered: closed + waiting,
      answered: a.answered,
      abandoned: a.abandoned,
      shortAbandoned: a.short,
      answeredInSl: a.inSl,
      serviceLevelPct: slBase > 0 ? round1((a.inSl / slBase) * 100) : null,
      asaSec: a.answered > 0 ? round1(a.waitAnswered / a.answered) : null,
      ahtSec: a.talkN > 0 ? round1(a.talkSum / a.talkN) : null,
      abandonRatePct: slBase > 0 ? round1(((a.abandoned - a.short) / slBase) * 100) : null,
      waiting,
    };
  }

  function sumInto(into: Acc, a: Acc | undefined): void {
    if (!a) return;
    into.answered += a.answered;
    into.abandoned += a.abandoned;
    into.short += a.short;
    into.inSl += a.inSl;
    into.waitAnswered += a.waitAnswered;
    into.waitAll += a.waitAll;
    into.talkSum += a.talkSum;
    into.talkN += a.talkN;
  }

  return {
    rollDay,
    observe(entries, change) {
      const rolled = rollDay();
      const recounted = applyThresholds();
      if (!sinceKnown) {
        since = options.now();
        sinceKnown = true;
        appendJsonLines(options.file, [{ day, since } satisfies Since], true);
      }
      // The very list of the last call (the queue source did not answer since): nothing new in it.
      if (entries === lastEntries) return rolled || recounted;
      // A visit's row is a new object whenever its data changed: the rows that came since the list read
      // last are all that can hold a new name or outcome (the whole list: the day's first, or not chained).
      const rows = rowsToRead(entries, lastEntries, change);
      lastEntries = entries;
      learnQueues(rows);
      const now = options.now();
      const fresh = newOutcomes(rows, visits, day, dayStart, now);
      if (fresh.length === 0) return rolled || recounted;
      // fsync'd like the journal: only ticks that counted something new write, one short append each.
      appendLater(fresh);
      for (const o of fresh) addOutcome(o);
      return true;
    },
    addRecords(records) {
      rollDay();
      applyThresholds();
      const fresh: CallRecord[] = [];
      // The day's end once per pass, not a zone lookup per record (a pass holds up to 30,000).
      const dayEnd = localDayStart(dayStart + 36 * 3_600_000, zone());
      for (const r of records) {
        if (recordIds.has(r.id) || r.startedAt < dayStart || r.startedAt >= dayEnd) continue;
        addRecord(r);
        fresh.push(r);
      }
      // One fsync'd append per slice of a pass.
      appendLater(fresh.map((r): StoredCompact => ({ t: 'c', day, c: compact(r) })));
      return fresh;
    },
    counters() {
      applyThresholds();
      if (countersCache) return countersCache;
      const out = new Map<string, QueueCounters>();
      for (const [name, q] of accs) {
        const id = queueIds.get(name);
        if (id === undefined) continue; // a ring group, or a queue the monitor has not named yet
        const a = q.day;
        const prev = out.get(id);
        const c: QueueCounters = prev ?? { queueId: id, queueName: name, answered: 0, abandoned: 0, shortAbandoned: 0, answeredInSl: 0, waitSumSec: 0, talkSumSec: 0, talked: 0 };
        c.answered += a.answered;
        c.abandoned += a.abandoned;
        c.shortAbandoned += a.short;
        c.answeredInSl += a.inSl;
        c.waitSumSec += a.waitAll;
        c.talkSumSec += a.talkSum;
        c.talked += a.talkN;
        out.set(id, c);
      }
      countersCache = out;
      return out;
    },
    today(entries, detailFor) {
      applyThresholds();
      const now = options.now();
      const current = intervalOf(now);
      const waitingByQueue = new Map<string, { name: string; total: number; byInterval: number[] }>();
      for (const e of entries) {
        if (e.status !== 'waiting') continue;
        let w = waitingByQueue.get(e.queueId);
        if (!w) {
          w = { name: e.queueName, total: 0, byInterval: [] };
          waitingByQueue.set(e.queueId, w);
        }
        w.total++;
        const i = intervalOf(Math.max(e.joinedAt, dayStart));
        w.byInterval[i] = (w.byInterval[i] ?? 0) + 1;
      }
      const floorDay = emptyAcc();
      const floorIntervals = Array.from({ length: INTERVALS }, emptyAcc);
      const floorWaiting: number[] = [];
      let floorWaitingTotal = 0;
      const queues: TodayQueue[] = [];
      const seen = new Set<string>();
      const build = (id: string, name: string, q: QueueAcc | undefined): void => {
        const w = waitingByQueue.get(id);
        sumInto(floorDay, q?.day);
        for (let i = 0; i < INTERVALS; i++) {
          sumInto(floorIntervals[i] as Acc, q?.intervals[i]);
          floorWaiting[i] = (floorWaiting[i] ?? 0) + (w?.byInterval[i] ?? 0);
        }
        floorWaitingTotal += w?.total ?? 0;
        queues.push({
          id, name, serviceLevelSec: slFor(name), day: figures(q?.day, w?.total ?? 0),
          intervals: detailFor.has(id) ? Array.from({ length: INTERVALS }, (_, i) => figures(q?.intervals[i], i <= current ? w?.byInterval[i] ?? 0 : 0)) : [],
        });
        seen.add(id);
      };
      for (const [name, q] of accs) {
        const id = queueIds.get(name);
        if (id !== undefined && !seen.has(id)) build(id, name, q);
      }
      for (const [id, w] of waitingByQueue) if (!seen.has(id)) build(id, w.name, undefined);
      queues.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      const floor: TodayQueue = {
        id: '', name: '', serviceLevelSec: options.serviceLevelSec(), day: figures(floorDay, floorWaitingTotal),
        intervals: detailFor.has('') ? floorIntervals.map((a, i) => figures(a, floorWaiting[i] ?? 0)) : [],
      };
      return [floor, ...queues];
    },
    agents() {
      const out = new Map<string, Omit<AgentToday, 'extension' | 'agentId' | 'name' | 'pauses' | 'pausedSec'>>();
      for (const [ext, a] of agentAccs) {
        out.set(ext, { answered: a.answered, missed: a.missed, talkSec: a.talkSec, ahtSec: a.answered > 0 ? round1(a.talkSec / a.answered) : null, lastCallAt: a.lastCallAt });
      }
      return out;
    },
    queueIdOf: (name) => queueIds.get(name),
    newestRecordAt: () => newest,
    hasRecord: (id) => recordIds.has(id),
    countingSince: () => (recordsComplete ? dayStart : since),
    basis: () => (recordsComplete ? 'cdr' : 'console'),
    markRecordsComplete: () => {
      recordsComplete = true;
    },
    answeredByAgent: () => byAgent,
    answeredMoves(mark) {
      const names = mark && mark.epoch === movesEpoch ? moves.slice(mark.at) : null;
      return { names, mark: { epoch: movesEpoch, at: moves.length } };
    },
    recordCount: () => recordIds.size,
    day: () => ({ key: day, start: dayStart }),
  };
}
