// The poller's state machine, cadence and backoff, driven by a scripted source under fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError, SourceStatus } from '../../../common/domain';
import { ConnectorError, type PollSource, type SourceData } from '../../../main/core/connectors/connector';
import { createPoller, type PollerOptions } from '../../../main/core/polling/poller';

type Step = SourceData | AppError | Error;

const DATA: SourceData = { ownExtensionRegistered: true };
const err = (code: AppError['code'], message = `${code} happened`): AppError => ({ code, message });

/** A source that answers from a script (the last step repeats), recording when each fetch started. */
function scripted(steps: Step[], delayMs = 0) {
  const starts: number[] = [];
  const signals: AbortSignal[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const source: PollSource = {
    id: 'calls',
    async fetch(signal) {
      starts.push(Date.now());
      signals.push(signal);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const step = steps.length > 1 ? steps.shift() : steps[0];
      try {
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (step instanceof Error) throw step;
        if (step && 'code' in step) throw new ConnectorError(step as AppError);
        return step as SourceData;
      } finally {
        inFlight--;
      }
    },
  };
  return { source, starts, signals, maxInFlight: () => maxInFlight };
}

function setup(steps: Step[], options: Partial<PollerOptions> = {}, delayMs = 0) {
  const s = scripted(steps, delayMs);
  const statuses: SourceStatus[] = [];
  const data: SourceData[] = [];
  const poller = createPoller(s.source, {
    intervalMs: 100,
    onData: (d) => data.push(d),
    onStatus: (st) => statuses.push(st),
    random: () => 0.5,
    ...options,
  });
  return { ...s, poller, statuses, data };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createPoller', () => {
  it('starts connecting, goes live on the first success and polls at the interval', async () => {
    const t = setup([DATA]);
    expect(t.poller.status()).toEqual({ id: 'calls', state: 'connecting', lastGoodAt: null, lastError: null, failures: 0 });
    t.poller.start();
    await vi.advanceTimersByTimeAsync(350);
    expect(t.statuses).toEqual([{ id: 'calls', state: 'live', lastGoodAt: 1_000_000, lastError: null, failures: 0 }]);
    expect(t.starts).toEqual([1_000_000, 1_000_100, 1_000_200, 1_000_300]);
    expect(t.data).toHaveLength(4);
    expect(t.poller.status().lastGoodAt).toBe(1_000_300);
    t.poller.stop();
  });

  it('keeps one request in flight and schedules the next when the last settles', async () => {
    const t = setup([DATA], {}, 250);
    t.poller.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.maxInFlight()).toBe(1);
    // 250 ms request + 100 ms wait.
    expect(t.starts).toEqual([1_000_000, 1_000_350, 1_000_700]);
    t.poller.stop();
  });

  it('goes stale, then backoff, keeping lastGoodAt; onStatus only on a change; live again on success', async () => {
    const e = err('HTTP_ERROR');
    const t = setup([DATA, e, e, e, DATA]);
    t.poller.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.statuses.map((s) => [s.state, s.failures, s.lastGoodAt, s.lastError?.code ?? null])).toEqual([
      ['live', 0, 1_000_000, null],
      ['stale', 1, 1_000_000, 'HTTP_ERROR'],
      ['backoff', 2, 1_000_000, 'HTTP_ERROR'],
      // The third identical failure changes nothing the UI shows: no event.
      ['live', 0, expect.any(Number), null],
    ]);
    expect(t.poller.status().failures).toBe(0);
    t.poller.stop();
  });

  it('reports a new error in the same state', async () => {
    const t = setup([DATA, err('HTTP_ERROR'), err('HTTP_ERROR'), err('TIMEOUT'), DATA]);
    t.poller.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.statuses.map((s) => `${s.state}:${s.lastError?.code ?? ''}`)).toEqual(['live:', 'stale:HTTP_ERROR', 'backoff:HTTP_ERROR', 'backoff:TIMEOUT', 'live:']);
    t.poller.stop();
  });

  it('backs off with full jitter: random * min(cap, interval * 2^failures), then the normal cadence', async () => {
    const e = err('TIMEOUT');
    const t = setup([DATA, e, e, e, e, e, e, DATA, DATA, DATA], { maxBackoffMs: 1000 });
    t.poller.start();
    await vi.advanceTimersByTimeAsync(10_000);
    const gaps = t.starts.slice(1, 10).map((s, i) => s - (t.starts[i] as number));
    // success -> 100; failures 1..6 -> 0.5 * min(1000, 100 * 2^n) = 100, 200, 400, 500, 500, 500; success -> 100.
    expect(gaps).toEqual([100, 100, 200, 400, 500, 500, 500, 100, 100]);
    t.poller.stop();
  });

  it('draws each backoff delay from [0, ceiling)', async () => {
    const draws = [0, 0.999];
    const e = err('HTTP_ERROR');
    const t = setup([DATA, e, e, DATA], { random: () => draws.shift() ?? 0.5 });
    t.poller.start();
    await vi.advanceTimersByTimeAsync(2000);
    const gaps = t.starts.slice(1, 4).map((s, i) => s - (t.starts[i] as number));
    // random 0 -> no wait (Node runs a 0 ms timer after 1 ms); 0.999 of a 400 ms ceiling -> 399 ms.
    expect(gaps[0]).toBe(100);
    expect(gaps[1]).toBeLessThanOrEqual(1);
    expect(gaps[2]).toBe(399);
    t.poller.stop();
  });

  it('goes offline when unreachable, and live again by itself', async () => {
    const t = setup([DATA, err('UNREACHABLE'), err('UNREACHABLE'), DATA]);
    t.poller.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.statuses.map((s) => s.state)).toEqual(['live', 'offline', 'live']);
    t.poller.stop();
  });

  it('stops polling when unauthorized until started again', async () => {
    const t = setup([DATA, err('UNAUTHORIZED'), DATA]);
    t.poller.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.starts).toHaveLength(2);
    expect(t.poller.status()).toMatchObject({ state: 'unauthorized', failures: 1, lastGoodAt: 1_000_000 });
    t.poller.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(t.poller.status().state).toBe('live');
    t.poller.stop();
  });

  it('stop() aborts the request in flight and drops its result', async () => {
    const t = setup([DATA], {}, 500);
    t.poller.start();
    await vi.advanceTimersByTimeAsync(100);
    t.poller.stop();
    expect(t.signals[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.data).toHaveLength(0);
    expect(t.statuses).toHaveLength(0);
    expect(t.starts).toHaveLength(1);
  });

  it('applies a new interval at once', async () => {
    const t = setup([DATA]);
    t.poller.start();
    await vi.advanceTimersByTimeAsync(50);
    t.poller.setInterval(1000);
    await vi.advanceTimersByTimeAsync(2100);
    expect(t.starts).toEqual([1_000_000, 1_001_050, 1_002_050]);
    t.poller.stop();
  });

  it('turns an unexpected exception (in the source or in onData) into INTERNAL without stopping', async () => {
    const t = setup([new TypeError('x is undefined'), DATA]);
    t.poller.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(t.statuses.map((s) => `${s.state}:${s.lastError?.code ?? ''}`)).toEqual(['stale:INTERNAL', 'live:']);
    expect(t.statuses[0]?.lastError?.message).not.toContain('x is undefined');
    t.poller.stop();

    const script = scripted([DATA]);
    const published: SourceStatus[] = [];
    const u = createPoller(script.source, {
      intervalMs: 100,
      onData: () => {
        throw new Error('core bug');
      },
      onStatus: (status) => published.push(status),
    });
    u.start();
    await vi.advanceTimersByTimeAsync(500);
    // The first failure makes it stale; it goes on polling (the full-jitter retries may also reach backoff).
    expect(published[0]).toMatchObject({ state: 'stale', lastError: { code: 'INTERNAL' } });
    expect(script.starts.length).toBeGreaterThan(1);
    u.stop();
  });
});

describe('createPoller: stale in time, back in time', () => {
  it('calls a source stale two intervals (1 s at least) after its last data while its request still waits', async () => {
    let calls = 0;
    const statuses: SourceStatus[] = [];
    const poller = createPoller(
      { id: 'calls', fetch: () => (calls++ === 0 ? Promise.resolve(DATA) : new Promise<SourceData>(() => undefined)) },
      { intervalMs: 100, onData: () => undefined, onStatus: (s) => statuses.push(s) },
    );
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.map((s) => s.state)).toEqual(['live']);
    await vi.advanceTimersByTimeAsync(990);
    expect(calls).toBe(2);
    expect(statuses.map((s) => s.state)).toEqual(['live']);
    await vi.advanceTimersByTimeAsync(20);
    expect(statuses.at(-1)).toMatchObject({ state: 'stale', lastError: { code: 'TIMEOUT' }, lastGoodAt: 1_000_000 });
    poller.stop();
  });

  it("is not called stale for this process's own delay: an answer held up behind a busy event loop still counts", async () => {
    // Real timers: the point is a timer that fires late. Data at 0, the next answer due at 1050 ms, the
    // stale check at 1000 ms, and the event loop busy from 900 to 1300 ms, so both are due when it frees up
    // and the stale check runs first.
    vi.useRealTimers();
    let calls = 0;
    const statuses: SourceStatus[] = [];
    const started = performance.now();
    const poller = createPoller(
      {
        id: 'calls',
        fetch: () =>
          calls++ === 0
            ? Promise.resolve(DATA)
            : new Promise<SourceData>((resolve) => setTimeout(() => resolve(DATA), Math.max(0, started + 1050 - performance.now()))),
      },
      { intervalMs: 100, onData: () => undefined, onStatus: (s) => statuses.push(s) },
    );
    poller.start();
    await new Promise((resolve) => setTimeout(resolve, 900));
    while (performance.now() - started < 1300) {
      // busy: a starved or loaded machine
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    poller.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(statuses.map((s) => s.state)).toEqual(['live']);
  });

  it('polls at the normal interval while failing when cadenceWhileFailing says so', async () => {
    const t = setup([DATA, err('HTTP_ERROR')], { cadenceWhileFailing: () => true, random: () => 0.99 });
    t.poller.start();
    await vi.advanceTimersByTimeAsync(1000);
    const gaps = t.starts.slice(1).map((at, i) => at - (t.starts[i] as number));
    expect(gaps.every((g) => g === 100)).toBe(true);
    expect(t.statuses.at(-1)?.state).toBe('backoff');
    t.poller.stop();
  });

  it('wake() ends a backoff wait at once', async () => {
    const t = setup([err('HTTP_ERROR'), err('HTTP_ERROR'), err('HTTP_ERROR'), DATA], { random: () => 0.99 });
    t.poller.start();
    // Three failures: the third wait is about 0.99 x 800 ms.
    await vi.advanceTimersByTimeAsync(100 + 200 + 300);
    expect(t.starts).toHaveLength(3);
    t.poller.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.starts).toHaveLength(4);
    expect(t.statuses.at(-1)?.state).toBe('live');
    t.poller.stop();
  });

  it('with a phase, starts every poll at its slot of the interval however long the last one took, rests after an answer, and is on its slot again after a backoff', async () => {
    // Slots at 40 ms past each whole 100 ms of performance.now(); answers take 0 to 130 ms; a failure backs off.
    const durations = [0, 30, 130, 5, 60, 0, 0, 20];
    const starts: number[] = [];
    let failed = false;
    const source: PollSource = {
      id: 'agents',
      async fetch() {
        starts.push(performance.now());
        const n = starts.length;
        await new Promise((resolve) => setTimeout(resolve, durations[(n - 1) % durations.length]));
        if (n === 5 && !failed) {
          failed = true;
          throw new ConnectorError(err('HTTP_ERROR'));
        }
        return DATA;
      },
    };
    const inFlight: number[] = [];
    const poller = createPoller(source, { intervalMs: 100, phase: 0.4, random: () => 0.73, onData: () => inFlight.push(performance.now()), onStatus: () => undefined });
    poller.start();
    await vi.advanceTimersByTimeAsync(2000);
    poller.stop();
    expect(starts.length).toBeGreaterThan(8);
    // The first poll starts at once; every later one on a slot (the backoff's random wait aside, then back on the grid).
    const afterFirst = starts.slice(1);
    const offGrid = afterFirst.filter((at) => Math.abs(((at - 40) % 100 + 100) % 100) > 1e-6);
    expect(offGrid).toHaveLength(1); // the one poll after the failure's jittered wait
    // One request in flight, and half an interval's rest after each answer: the slots that came while the
    // 130 ms answer ran, or within 50 ms after the 60 ms one, were skipped, not queued.
    for (let i = 1; i < starts.length; i++) {
      const rest = (starts[i] as number) - (starts[i - 1] as number) - (durations[(i - 1) % durations.length] as number);
      expect(rest).toBeGreaterThanOrEqual(50 - 1e-6);
    }
    // Answers under half an interval keep one poll per interval.
    expect((starts[2] as number) - (starts[1] as number)).toBeCloseTo(100, 6);
  });
});
