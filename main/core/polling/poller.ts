// One poller per live source: one request in flight, the next poll scheduled when the last settles
// (chained setTimeout, never setInterval), full-jitter backoff on failure, back to the normal cadence on
// the first success. With a `phase` the next poll starts at this source's slot instead: a whole number of
// intervals on the process's clock plus phase x interval (the first slot at least half an interval after
// the last poll settled), so
// the feed's sources keep the places it spread them over the interval (floor-feed.ts) however long each
// answer took, also after a backoff.
//
//                 ok                      fail                  fail again
//   connecting ---------> live <--------------------> stale ---------------> backoff
//       |                  ^  \            ok           |                      |
//       |                  |   \                        | (any state)          |
//       |                  |    `-- UNREACHABLE ------> offline <--------------'
//       |                  '---------- ok --------------'
//       '-- (any state) -- UNAUTHORIZED --> unauthorized   (polling stops until start() after a reconnect)
//
// Delay after the n-th consecutive failure: random in [0, min(cap, interval * 2^n)) ("full jitter"), so
// many consoles do not hammer a recovering PBX in step; or the normal interval when `cadenceWhileFailing`
// says so (the feed: the PBX answers other sources, or this source is the one probing a PBX that answers
// nothing), so the floor is live again within one interval of the PBX answering. A failing source keeps
// lastGoodAt; the core keeps its data. onStatus fires only when the state or the error changes.
//
// Data older than two intervals is stale even while its request is still waiting for an answer (a PBX
// that accepts the connection and says nothing would otherwise look live until the request's timeout):
// `live -> stale` with TIMEOUT "still waiting", then the request's own outcome decides. The age is the
// PBX's silence: time this process itself was held up (a late timer) is given back before the call.
import type { AppError, SourceState, SourceStatus } from '../../../common/domain';
import { ConnectorError, type PollSource, type SourceData } from '../connectors/connector';

export interface PollerOptions {
  intervalMs: number;
  onData(data: SourceData): void;
  onStatus(status: SourceStatus): void;
  /** [0, 1); Math.random by default (tests pass a fixed one). */
  random?: () => number;
  /** Wall-clock epoch ms for lastGoodAt; Date.now by default. */
  now?: () => number;
  /** Longest backoff delay; 30 s by default. */
  maxBackoffMs?: number;
  /** Asked after each failure: true polls again after the normal interval instead of backing off. */
  cadenceWhileFailing?: () => boolean;
  /**
   * [0, 1): poll on a fixed grid, at phase x interval past each whole interval of `performance.now()`, rather
   * than one interval after the last answer. Still one request in flight, and a rest after each answer: the
   * slots that come while it runs or within half an interval of its end are skipped. Without it, the chained cadence above.
   */
  phase?: number;
}

export interface Poller {
  /** Poll now and keep polling. No-op while running. */
  start(): void;
  /** Stop polling and abort the request in flight (its result is dropped). */
  stop(): void;
  /** Change the cadence; takes effect at once when the poller is waiting. */
  setInterval(ms: number): void;
  /**
   * The PBX has just answered another source: poll now if waiting out a backoff, or if this source's request
   * has waited longer than an interval (it went to a PBX that was silent then; a fresh one answers now).
   */
  wake(): void;
  /** Poll at once when waiting for the next poll (a pushed event says there is news); no-op while one runs. */
  pollNow(): void;
  status(): SourceStatus;
}

const DEFAULT_MAX_BACKOFF_MS = 30_000;
/** Data older than this many intervals is stale, answered or not. */
const STALE_AFTER_INTERVALS = 2;
/**
 * ...but never younger than this: the console's interval is 1 s at least (so this never bites there), while
 * tests poll every few ms, where an ordinary answer on a loaded machine would read as silence.
 */
const MIN_STALE_AGE_MS = 1000;
/** With a phase: the least rest after an answer before the next poll, in intervals. */
const MIN_REST = 0.5;
/** A timer firing later than this was held up by our own event loop, not by the PBX. */
const TIMER_LATE_MS = 50;

function toAppError(err: unknown, sourceId: string): AppError {
  if (err instanceof ConnectorError) return err.error;
  // A bug, not a PBX problem: say so without leaking internals.
  return { code: 'INTERNAL', message: `Unexpected error while reading ${sourceId}.` };
}

function sameError(a: AppError | null, b: AppError | null): boolean {
  return a === b || (a !== null && b !== null && a.code === b.code && a.message === b.message);
}

export function createPoller(source: PollSource, options: PollerOptions): Poller {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const maxBackoff = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  let intervalMs = options.intervalMs;
  let status: SourceStatus = { id: source.id, state: 'connecting', lastGoodAt: null, lastError: null, failures: 0 };
  let running = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let staleTimer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: AbortController | null = null;
  let inFlightSince = 0;
  // Bumped by stop(): a poll that settles after a stop (or a stop+start) is ignored.
  let generation = 0;

  function publish(next: SourceStatus): void {
    const changed = next.state !== status.state || !sameError(next.lastError, status.lastError);
    status = next;
    if (changed) options.onStatus({ ...status });
  }

  /**
   * The wait for the next poll at the normal cadence: an interval, or until this source's first slot at least
   * half an interval away (a slow answer still gives the PBX a rest, about as much on average as the chained
   * cadence did; answers under half an interval keep one poll per interval).
   */
  function cadence(): number {
    if (options.phase === undefined) return intervalMs;
    const t = performance.now();
    const offset = options.phase * intervalMs;
    return Math.ceil((t + intervalMs * MIN_REST - offset) / intervalMs) * intervalMs + offset - t;
  }

  function nextDelay(): number {
    if (status.failures === 0 || options.cadenceWhileFailing?.()) return cadence();
    const ceiling = Math.min(maxBackoff, intervalMs * 2 ** status.failures);
    return Math.floor(random() * ceiling);
  }

  function schedule(delay: number): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void poll();
    }, delay);
    timer.unref?.();
  }

  /**
   * Arm the check that calls this source stale once its data is STALE_AFTER_INTERVALS old with no answer.
   * A check that runs late was held up by this process (a busy or starved event loop), not by the PBX: the
   * answer may already be waiting behind it. It waits as long again before calling the PBX silent, so a
   * supervisor on a loaded machine does not see the panel greyed, and actions refused, for our own delay.
   */
  function watchAge(): void {
    const limit = Math.max(MIN_STALE_AGE_MS, intervalMs * STALE_AFTER_INTERVALS);
    arm(limit, limit);
  }

  function arm(delay: number, limit: number): void {
    if (staleTimer) clearTimeout(staleTimer);
    const due = performance.now() + delay;
    staleTimer = setTimeout(() => {
      staleTimer = null;
      if (!running || status.state !== 'live' || inFlight === null) return;
      const late = performance.now() - due;
      if (late > TIMER_LATE_MS) {
        arm(late, limit);
        return;
      }
      publish({
        ...status,
        state: 'stale',
        lastError: { code: 'TIMEOUT', message: `No answer from the PBX for ${source.id} in ${limit / 1000} s; still waiting.` },
      });
    }, delay);
    staleTimer.unref?.();
  }

  function failureState(error: AppError, failures: number): SourceState {
    if (error.code === 'UNAUTHORIZED') return 'unauthorized';
    if (error.code === 'UNREACHABLE') return 'offline';
    return failures <= 1 ? 'stale' : 'backoff';
  }

  async function poll(): Promise<void> {
    const gen = generation;
    const controller = new AbortController();
    inFlight = controller;
    inFlightSince = performance.now();
    let data: SourceData | undefined;
    let error: AppError | null = null;
    try {
      data = await source.fetch(controller.signal);
    } catch (err) {
      error = toAppError(err, source.id);
    }
    if (gen !== generation) return;
    inFlight = null;
    if (data !== undefined) {
      try {
        options.onData(data);
      } catch {
        error = { code: 'INTERNAL', message: `Unexpected error while using ${source.id}.` };
      }
    }
    if (error === null) {
      publish({ id: source.id, state: 'live', lastGoodAt: now(), lastError: null, failures: 0 });
      watchAge();
      schedule(cadence());
      return;
    }
    const failures = status.failures + 1;
    const state = failureState(error, failures);
    publish({ ...status, state, lastError: error, failures });
    if (state === 'unauthorized') {
      // Replaying with a refused session only adds 401s to the PBX's logs: wait for a reconnect.
      running = false;
      return;
    }
    schedule(nextDelay());
  }

  return {
    start() {
      if (running) return;
      running = true;
      void poll();
    },
    stop() {
      running = false;
      generation++;
      if (timer) clearTimeout(timer);
      timer = null;
      if (staleTimer) clearTimeout(staleTimer);
      staleTimer = null;
      inFlight?.abort();
      inFlight = null;
    },
    setInterval(ms) {
      intervalMs = ms;
      // Waiting at the normal cadence: restart the wait with the new interval (a backoff keeps its delay).
      if (timer && status.failures === 0) schedule(cadence());
    },
    wake() {
      if (!running) return;
      if (inFlight !== null && status.state !== 'live' && performance.now() - inFlightSince > intervalMs) {
        // Its answer (or timeout) no longer matters: drop it as stop() does, and ask again.
        generation++;
        inFlight.abort();
        inFlight = null;
        void poll();
        return;
      }
      if (timer !== null && status.failures > 0) schedule(0);
    },
    pollNow() {
      if (running && timer !== null && inFlight === null) schedule(0);
    },
    status: () => ({ ...status }),
  };
}
