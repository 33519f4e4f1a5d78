// One connection's live feed: a poller per source and each source's last good data. The sources of the
// live cadence are spread over the poll interval (at 10,000 agents three lists of 3-5 MB each: asked at the
// same instant, their downloads, their decode workers and the floor ticks after them fought for the same
// cores, and each answer waited for the others), each on a fixed slot of its own (polling/poller.ts
// `phase`), kept after a failure's backoff ends. Each answer is published on its own once its turn of the
// loop has done its I/O; pushed events wait a short coalescing window so a burst of them makes one picture
// (one ChangeSet). A failing source keeps its last good data here.
import type { ActiveCall, SourceStatus } from '../../../common/domain';
import type { PollSource, PushEvent, SourceData } from '../connectors/connector';
import { createPoller, type Poller } from '../polling/poller';
import { createPushedCalls, type PushOutcome } from './pushed-calls';

/** Pushed events arriving within this window publish one picture. */
const COALESCE_MS = 10;
/**
 * Backoff cap for the live sources while the PBX answers nothing. Recovery does not wait for it: one source
 * (the first failing one) keeps probing at the normal cadence, and the others are woken as soon as any
 * source is live again, so the floor is live within about one interval of the PBX answering; a source that
 * fails alone while the PBX answers the others polls at the normal cadence (that is the normal load). The
 * rest back off with full jitter up to 8 s, so a PBX that is down sees about one request per interval.
 */
export const FEED_MAX_BACKOFF_MS = 8_000;
/**
 * A pushed cdr event asks the call records for a pass at most this often: a busy floor ends calls every
 * second, and one pass reads every record written since the last (the pass is incremental).
 */
const RECORDS_WAKE_MIN_MS = 5_000;
const RECORDS_SOURCE = 'records';

export interface FloorFeed {
  start(): void;
  stop(): void;
  setInterval(ms: number): void;
  /** Each source's latest good data, in source order. */
  latest(): SourceData[];
  statuses(): SourceStatus[];
  /**
   * A call event the PBX pushed (pushed-calls.ts): a ringing / answered / hangup is laid over the polled
   * calls until a poll begun after it lands, and published like a poll's answer; a cdr wakes the records.
   */
  push(event: PushEvent): PushOutcome;
  /** The call as the pushed events left it (pushed-calls.ts `marked`). */
  pushed(callId: string): ActiveCall | null | undefined;
  /** Every source of the live cadence has answered at least once (the records, slower, are not waited for). */
  complete(): boolean;
}

interface FloorFeedOptions {
  intervalMs: number;
  /** New data is in: publish a picture (called at most once per coalescing window). */
  onData(): void;
  /** A source's state (or error) changed. */
  onStatus(all: SourceStatus[], changed: SourceStatus): void;
  now?: () => number;
}

export function createFloorFeed(sources: readonly PollSource[], options: FloorFeedOptions): FloorFeed {
  const now = options.now ?? Date.now;
  const latest = new Map<string, SourceData>();
  /** The pending publish: an answer's at once (setImmediate), pushed events' after their window (setTimeout). */
  let timer: { cancel(): void } | null = null;
  /** When the pending publish is due (performance.now()): a poll's answer brings a later one forward. */
  let timerDue = 0;
  let stopped = false;
  const pushed = createPushedCalls();
  /** When each answer's request began: a calls answer settles the pushed events older than that. */
  const began = new WeakMap<SourceData, number>();
  const callsSource = (): PollSource | undefined => sources.find((s) => latest.get(s.id)?.calls !== undefined);
  let recordsWokenAt = -Infinity;
  let extensions: { agents: readonly unknown[]; set: Set<string> } | null = null;
  const knownExtension = (ext: string): boolean => {
    const agents = [...latest.values()].find((d) => d.agents !== undefined)?.agents;
    if (!agents) return false;
    if (extensions?.agents !== agents) extensions = { agents, set: new Set(agents.flatMap((a) => a.extension ?? [])) };
    return ext !== '' && extensions.set.has(ext);
  };
  /**
   * Seed 002's table puts the extension in from_number on an outbound call, to_number on an inbound one, but
   * its own example reads "outbound" from 0899888999 to 101: when the documented side is no agent's
   * extension and the other side is, the other side is the extension.
   */
  const sided = (event: PushEvent): PushEvent =>
    !knownExtension(event.extension) && knownExtension(event.customerNumber)
      ? { ...event, extension: event.customerNumber, customerNumber: event.extension }
      : event;

  const flush = (): void => {
    timer = null;
    if (!stopped) options.onData();
  };
  /**
   * Publish within `ms` (one publish for everything that lands before it). An answer's publish (0) runs as
   * soon as this turn's I/O is done: a timeout of 0 is at least 1 ms, and behind the next turn's timers.
   */
  const publishWithin = (ms: number): void => {
    const due = performance.now() + ms;
    if (timer) {
      if (timerDue <= due) return;
      timer.cancel();
    }
    timerDue = due;
    if (ms <= 0) {
      const immediate = setImmediate(flush);
      timer = { cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(flush, ms);
      timer = { cancel: () => clearTimeout(timeout) };
    }
  };
  /** Each live-cadence source's place in the interval: 0, 1/n, 2/n... (a source with a cadence of its own has none). */
  const live = sources.filter((s) => s.intervalMs === undefined);
  const phaseOf = (source: PollSource): number | undefined => {
    const at = live.indexOf(source);
    return at < 0 ? undefined : at / live.length;
  };

  const pollers: Poller[] = [];
  const isLive = (p: Poller): boolean => p.status().state === 'live';
  /** After a failure of `me`: the PBX answers another source, or `me` is the one probing a silent PBX. */
  const cadenceWhileFailing = (me: Poller): boolean => pollers.some((p) => p !== me && isLive(p)) || pollers.find((p) => !isLive(p)) === me;
  for (const polled of sources) {
    let wasLive = false;
    const phase = phaseOf(polled);
    const source: PollSource = {
      ...polled,
      async fetch(signal) {
        const at = now();
        const data = await polled.fetch(signal);
        began.set(data, at);
        return data;
      },
    };
    const poller: Poller = createPoller(source, {
      intervalMs: source.intervalMs ?? options.intervalMs,
      maxBackoffMs: source.maxBackoffMs ?? FEED_MAX_BACKOFF_MS,
      cadenceWhileFailing: () => cadenceWhileFailing(poller),
      ...(phase === undefined ? {} : { phase }),
      ...(options.now ? { now: options.now } : {}),
      onData(data) {
        if (stopped) return;
        const at = began.get(data);
        if (data.calls !== undefined && at !== undefined) pushed.reconciled(at);
        latest.set(source.id, data);
        // After the poller has marked the source live (the statuses go out with the picture).
        publishWithin(0);
      },
      onStatus(s) {
        if (stopped) return;
        // The PBX answers again: the sources waiting out a backoff try now rather than at its end.
        const live = s.state === 'live';
        if (live && !wasLive) for (const p of pollers) if (p !== poller) p.wake();
        wasLive = live;
        options.onStatus(statuses(), s);
      },
    });
    pollers.push(poller);
  }

  // Read from the pollers each time: lastGoodAt moves on every good poll, not only on state changes.
  const statuses = (): SourceStatus[] => pollers.map((p) => p.status());

  return {
    start: () => pollers.forEach((p) => p.start()),
    stop() {
      stopped = true;
      timer?.cancel();
      timer = null;
      pollers.forEach((p) => p.stop());
    },
    // A source with a cadence of its own (the call records) keeps it.
    setInterval: (ms) => pollers.forEach((p, i) => sources[i]?.intervalMs === undefined && p.setInterval(ms)),
    latest: () => sources.flatMap((s) => {
      const data = latest.get(s.id);
      if (!data) return [];
      if (data.calls === undefined) return data;
      const calls = pushed.over(data.calls);
      return calls === data.calls ? data : { ...data, calls };
    }),
    statuses,
    push(event) {
      if (stopped) return 'ignored';
      if (event.kind === 'cdr') {
        const at = sources.findIndex((s) => s.id === RECORDS_SOURCE);
        if (at < 0 || now() - recordsWokenAt < RECORDS_WAKE_MIN_MS) return 'ignored';
        recordsWokenAt = now();
        pollers[at]?.pollNow();
        return 'applied';
      }
      const source = callsSource();
      // Before the first calls answer there is nothing to lay the event over: the first poll brings it.
      if (!source) return 'ignored';
      const outcome = pushed.apply({ ...sided(event), kind: event.kind }, latest.get(source.id)?.calls ?? [], now());
      if (outcome === 'applied') publishWithin(COALESCE_MS);
      return outcome;
    },
    pushed: (callId) => pushed.marked(callId),
    complete: () => sources.every((s) => s.intervalMs !== undefined || latest.has(s.id)),
  };
}
