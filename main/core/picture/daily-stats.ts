// Today's per-queue counters (answered, abandoned, service level, average wait), built from the outcomes
// observed in the queue monitor: each caller's visit counts once per outcome, keyed by outcome + call id +
// joinedAt (a rejoin is a new visit). Outcomes are appended to a JSON-lines file in the data folder so a
// restart keeps the day's figures; everything resets at midnight in the PBX's time zone.
import type { EpochMs, QueueEntry } from '../../../common/domain';
import { appendJsonLines, readJsonLines, rewriteJsonLines } from '../storage/jsonl-file';
import { localDayKey, localDayStart } from './local-day';

export interface Outcome {
  day: string;
  key: string;
  queueId: string;
  queueName: string;
  outcome: 'answered' | 'abandoned';
  waitSec: number;
  /** Who answered (the queue monitor's agent name, e.g. TEL4VN call_center_agent_name); absent when none. */
  agent?: string;
}

export interface QueueCounters {
  queueId: string;
  queueName: string;
  answered: number;
  abandoned: number;
  /** Answered within the current service-level threshold (recounted when the threshold changes). */
  answeredInSl: number;
  /** Sum of the waits of answered and abandoned callers, seconds. */
  waitSumSec: number;
}

/**
 * The outcomes in `entries` not yet in `counted`, that happened today (at or after `dayStart`). `settled`
 * (optional) remembers the entry objects already found counted or yesterday's: the decoder keeps an
 * unchanged row's object, so each poll only looks at the entries that changed (valid for one day).
 */
export function newOutcomes(
  entries: readonly QueueEntry[],
  counted: ReadonlySet<string>,
  day: string,
  dayStart: EpochMs,
  now: EpochMs,
  settled?: WeakSet<QueueEntry>,
): Outcome[] {
  const out: Outcome[] = [];
  for (const e of entries) {
    if (e.status === 'waiting' || settled?.has(e)) continue;
    const answered = e.status === 'answered';
    const endedAt = (answered ? e.bridgedAt : e.abandonedAt) ?? now;
    // Yesterday's visits still listed after midnight belong to yesterday's figures.
    if (endedAt < dayStart) {
      settled?.add(e);
      continue;
    }
    const key = `${e.status}:${e.id}:${e.joinedAt}`;
    if (counted.has(key)) {
      settled?.add(e);
      continue;
    }
    const waitSec = Math.max(0, (endedAt - e.joinedAt) / 1000);
    out.push({
      day,
      key,
      queueId: e.queueId,
      queueName: e.queueName,
      outcome: answered ? 'answered' : 'abandoned',
      waitSec,
      ...(answered && e.agentName ? { agent: e.agentName } : {}),
    });
  }
  return out;
}

export function addOutcome(counters: Map<string, QueueCounters>, o: Outcome, serviceLevelSec: number): void {
  let c = counters.get(o.queueId);
  if (!c) {
    c = { queueId: o.queueId, queueName: o.queueName, answered: 0, abandoned: 0, answeredInSl: 0, waitSumSec: 0 };
    counters.set(o.queueId, c);
  }
  if (o.outcome === 'answered') c.answered++;
  else c.abandoned++;
  if (o.outcome === 'answered' && o.waitSec <= serviceLevelSec) c.answeredInSl++;
  c.waitSumSec += o.waitSec;
}

export interface DailyStats {
  /** Count the new outcomes in `entries`; true when a counter changed (or the day rolled over). */
  observe(entries: readonly QueueEntry[]): boolean;
  /** Reset when the PBX-local day changed since the last call; true when it did. */
  rollDay(): boolean;
  counters(): ReadonlyMap<string, QueueCounters>;
  /**
   * When counting started today: the first observation of the day (kept in the file, so a restart keeps
   * it), midnight after a day change while watching; null when today's file predates this record.
   */
  countingSince(): EpochMs | null;
  /** Callers answered today per agent, keyed by the queue monitor's agent name (trimmed). */
  answeredByAgent(): ReadonlyMap<string, number>;
}

/** The file's record of when today's counting started. */
interface Since {
  day: string;
  since: EpochMs;
}

const isSince = (v: unknown): v is Since =>
  typeof v === 'object' && v !== null && typeof (v as Since).day === 'string' && typeof (v as Since).since === 'number';

export interface DailyStatsOptions {
  file: string;
  zone: () => string;
  serviceLevelSec: () => number;
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

export function createDailyStats(options: DailyStatsOptions): DailyStats {
  let day = localDayKey(options.now(), options.zone());
  const counted = new Set<string>();
  /** Entry objects already settled today (see newOutcomes). */
  let settled = new WeakSet<QueueEntry>();
  const counters = new Map<string, QueueCounters>();
  // The answered waits of the day, so a changed threshold recounts the service level of the whole day.
  const answeredWaits = new Map<string, number[]>();
  const byAgent = new Map<string, number>();
  let slSec = options.serviceLevelSec();
  let lastEntries: readonly QueueEntry[] | null = null;

  function add(o: Outcome): void {
    counted.add(o.key);
    addOutcome(counters, o, slSec);
    if (o.outcome !== 'answered') return;
    const agent = o.agent?.trim();
    if (agent) byAgent.set(agent, (byAgent.get(agent) ?? 0) + 1);
    const waits = answeredWaits.get(o.queueId);
    if (waits) waits.push(o.waitSec);
    else answeredWaits.set(o.queueId, [o.waitSec]);
  }

  /** Recount answeredInSl when the service-level threshold changed; true when it did. */
  function applyThreshold(): boolean {
    const current = options.serviceLevelSec();
    if (current === slSec) return false;
    slSec = current;
    for (const [queueId, c] of counters) {
      c.answeredInSl = (answeredWaits.get(queueId) ?? []).filter((w) => w <= slSec).length;
    }
    return true;
  }

  // Load today's outcomes; drop other days from the file so it never grows past one day.
  let unreadable = 0;
  const stored = readJsonLines(options.file, (n) => {
    unreadable++;
    options.log(`daily stats: skipped unreadable line ${n}`);
  });
  const today = stored.filter((r): r is Outcome => isOutcome(r) && r.day === day);
  const sinceRecord = stored.find((r): r is Since => isSince(r) && r.day === day);
  // Also rewrite after a torn line, so the next append does not continue it.
  const kept = sinceRecord ? [sinceRecord, ...today] : today;
  if (kept.length !== stored.length || unreadable > 0) rewriteJsonLines(options.file, kept);
  for (const o of today) if (!counted.has(o.key)) add(o);
  // Today's outcomes without a record of when counting began (an older file): unknown, not "now".
  let since: EpochMs | null = sinceRecord?.since ?? null;
  let sinceKnown = sinceRecord !== undefined || today.length > 0;

  function rollDay(): boolean {
    const now = options.now();
    const current = localDayKey(now, options.zone());
    if (current === day) return false;
    day = current;
    counted.clear();
    settled = new WeakSet();
    counters.clear();
    answeredWaits.clear();
    byAgent.clear();
    // Watching across midnight: the new day is counted from its start.
    since = localDayStart(now, options.zone());
    sinceKnown = true;
    rewriteJsonLines(options.file, [{ day, since } satisfies Since]);
    return true;
  }

  return {
    rollDay,
    observe(entries) {
      const rolled = rollDay();
      const recounted = applyThreshold();
      if (!sinceKnown) {
        since = options.now();
        sinceKnown = true;
        appendJsonLines(options.file, [{ day, since } satisfies Since], false);
      }
      // The very list of the last call (the queue source did not answer since): nothing new in it.
      if (entries === lastEntries) return rolled || recounted;
      lastEntries = entries;
      const now = options.now();
      const fresh = newOutcomes(entries, counted, day, localDayStart(now, options.zone()), now, settled);
      if (fresh.length === 0) return rolled || recounted;
      // fsync'd like the journal: only ticks that counted something new write, one short append each.
      appendJsonLines(options.file, fresh, true);
      for (const o of fresh) add(o);
      return true;
    },
    counters: () => counters,
    countingSince: () => since,
    answeredByAgent: () => byAgent,
  };
}
