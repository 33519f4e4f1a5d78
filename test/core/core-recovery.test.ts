// How fast the floor says it is stale and how fast it is live again (issue 13 point 6, issue 14 point 12), at
// the core's level over real HTTP with the console's own 1 s interval and 5 s request timeout: with every
// PBX request failing, every source is stale within two intervals; a PBX that accepts requests and never
// answers is stale within two intervals too (not after the 5 s timeout); and once the PBX answers again,
// after long enough a fault for the backoff to have grown, every source is live again within about one
// interval (the full-jitter backoff alone took up to 8 s).
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../common/domain';
import type { FaultSpec } from '../../main/simulator/index';
import { startHarness, type Harness } from './core-harness';

const INTERVAL_MS = 1000;
/** A loaded 2-core machine runs several suites at once: the slack on each figure. */
const SLACK_MS = 600;

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const lastSources = (x: Harness): SourceStatus[] => x.of('sources:changed').at(-1) ?? [];
const LISTS = ['calls', 'queue', 'agents'];
const listsAre = (x: Harness, live: boolean): boolean => {
  const mine = lastSources(x).filter((s) => LISTS.includes(s.id));
  return mine.length === 3 && mine.every((s) => (s.state === 'live') === live);
};

async function measure(fault: Omit<FaultSpec, 'times'>, holdMs: number): Promise<{ staleMs: number; liveMs: number }> {
  h = await startHarness({ sim: { agents: 40 }, pollIntervalMs: INTERVAL_MS, deps: { requestTimeoutMs: 5000 } });
  const x = h;
  await x.core.invoke('session:demo', undefined);
  await x.until(() => listsAre(x, true), 'a live floor', 8000);
  const start = performance.now();
  x.sim.control.addFault(fault);
  await x.until(() => listsAre(x, false), 'every list stale', 8000);
  const staleMs = performance.now() - start;
  await new Promise((r) => setTimeout(r, holdMs));
  x.sim.control.clearFaults();
  const cleared = performance.now();
  await x.until(() => listsAre(x, true), 'every list live again', 12000);
  return { staleMs, liveMs: performance.now() - cleared };
}

describe('stale within two intervals, live within about one', () => {
  it('every PBX request answered 503: stale within 2 intervals, live again within ~1 after 8 s of backoff', async () => {
    const { staleMs, liveMs } = await measure({ route: '/v*', kind: 'status', status: 503 }, 8000);
    expect(staleMs).toBeLessThan(2 * INTERVAL_MS + SLACK_MS);
    expect(liveMs).toBeLessThan(INTERVAL_MS + SLACK_MS);
  });

  it('a PBX that accepts requests and never answers: stale within 2 intervals, not after the 5 s timeout', async () => {
    const { staleMs, liveMs } = await measure({ route: '/v3/*', kind: 'delay', delayMs: 20_000 }, 3000);
    expect(staleMs).toBeLessThan(2 * INTERVAL_MS + SLACK_MS);
    // A request already waiting on the silent PBX runs into its 5 s timeout; the next one answers.
    expect(liveMs).toBeLessThan(5000 + INTERVAL_MS + SLACK_MS);
  });
});
