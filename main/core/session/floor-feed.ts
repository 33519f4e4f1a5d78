// One connection's live feed: a poller per source, each source's last good data, and a short coalescing
// window so the sources that answer within a few milliseconds of each other publish one picture (one
// ChangeSet) rather than three. A failing source keeps its last good data here.
import type { SourceStatus } from '../../../common/domain';
import type { PollSource, SourceData } from '../connectors/connector';
import { createPoller, type Poller } from '../polling/poller';

export const COALESCE_MS = 10;
/**
 * Backoff cap for the live sources. A supervisor is waiting for the floor to come back after a PBX restart,
 * so the full-jitter backoff tops out at 8 s (about 4 s on average) rather than the poller's generic 30 s:
 * with four sources that is still less than one request a second against a PBX that is down.
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

  const pollers: Poller[] = sources.map((source) => {
    const poller = createPoller(source, {
      intervalMs: options.intervalMs,
      maxBackoffMs: FEED_MAX_BACKOFF_MS,
      ...(options.now ? { now: options.now } : {}),
      onData(data) {
        if (stopped) return;
        latest.set(source.id, data);
        if (!timer) timer = setTimeout(flush, COALESCE_MS);
      },
      onStatus(s) {
        if (!stopped) options.onStatus(statuses(), s);
      },
    });
    return poller;
  });

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
    setInterval: (ms) => pollers.forEach((p) => p.setInterval(ms)),
    latest: () => sources.flatMap((s) => latest.get(s.id) ?? []),
    statuses,
  };
}
