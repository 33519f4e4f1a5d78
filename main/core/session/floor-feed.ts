// One connection's live feed: a poller per source, each source's last good data, and a short coalescing
// window so the sources that answer within a few milliseconds of each other publish one picture (one
// ChangeSet) rather than three. A failing source keeps its last good data here.
import type { SourceStatus } from '../../../common/domain';
import type { PollSource, SourceData } from '../connectors/connector';
import { createPoller, type Poller } from '../polling/poller';

const COALESCE_MS = 10;
/**
 * Backoff cap for the live sources while the PBX answers nothing. Recovery does not wait for it: one source
 * (the first failing one) keeps probing at the normal cadence, and the others are woken as soon as any
 * source is live again, so the floor is live within about one interval of the PBX answering; a source that
 * fails alone while the PBX answers the others polls at the normal cadence (that is the normal load). The
 * rest back off with full jitter up to 8 s, so a PBX that is down sees about one request per interval.
 */
export const FEED_MAX_BACKOFF_MS = 8_000;

export interface FloorFeed {
  start(): void;
  stop(): void;
  setInterval(ms: number): void;
  /** Each source's latest good data, in source order. */
  latest(): SourceData[];
  statuses(): SourceStatus[];
}

export interface FloorFeedOptions {
  intervalMs: number;
  /** New data is in: publish a picture (called at most once per coalescing window). */
  onData(): void;
  /** A source's state (or error) changed. */
  onStatus(all: SourceStatus[], changed: SourceStatus): void;
  now?: () => number;
}

export function createFloorFeed(sources: readonly PollSource[], options: FloorFeedOptions): FloorFeed {
  const latest = new Map<string, SourceData>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const flush = (): void => {
    timer = null;
    if (!stopped) options.onData();
  };

  const pollers: Poller[] = [];
  const isLive = (p: Poller): boolean => p.status().state === 'live';
  /** After a failure of `me`: the PBX answers another source, or `me` is the one probing a silent PBX. */
  const cadenceWhileFailing = (me: Poller): boolean => pollers.some((p) => p !== me && isLive(p)) || pollers.find((p) => !isLive(p)) === me;
  for (const source of sources) {
    let wasLive = false;
    const poller: Poller = createPoller(source, {
      intervalMs: source.intervalMs ?? options.intervalMs,
      maxBackoffMs: source.maxBackoffMs ?? FEED_MAX_BACKOFF_MS,
      cadenceWhileFailing: () => cadenceWhileFailing(poller),
      ...(options.now ? { now: options.now } : {}),
      onData(data) {
        if (stopped) return;
        latest.set(source.id, data);
        if (!timer) timer = setTimeout(flush, COALESCE_MS);
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
      if (timer) clearTimeout(timer);
      timer = null;
      pollers.forEach((p) => p.stop());
    },
    // A source with a cadence of its own (the call records) keeps it.
    setInterval: (ms) => pollers.forEach((p, i) => sources[i]?.intervalMs === undefined && p.setInterval(ms)),
    latest: () => sources.flatMap((s) => latest.get(s.id) ?? []),
    statuses,
  };
}
