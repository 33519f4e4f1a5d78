// The fast path's spread in BENCHMARKS.md: every run side by side, a target met only when every run meets it.
import { describe, expect, it } from 'vitest';
import { fastPathSection } from '../../bench/lib/fast-path';
import type { RunResult, SizeResult } from '../../bench/lib/report';

/** A run whose four target figures are `tickMs` (main tick p95), the ratio 1.1, next frame 12 ms and lag 15 ms. */
function run(tickMs: number, load: number): RunResult {
  const many = (v: number): number[] => Array.from({ length: 20 }, () => v);
  const size = {
    agents: 10_000,
    pollMs: 1000,
    mainTick: {
      samples: many(44), tickSamples: many(tickMs), parseSamples: many(30), aloneSamples: many(40), mainSamples: many(5), alertSamples: many(1),
      parts: { decodeMs: 0, tailDecodeMs: 0, parseMs: 0, readMs: 0, diffMs: 0, tickMs: 0 },
      bySource: { agents: many(44) }, aloneBySource: { agents: many(40) }, unchanged: 0, bodyBytes: {}, ticks: 20, load: [load, load, load],
    },
    console: {
      loopLag: { p50Ms: 10, p99Ms: 15, maxMs: 30, samples: 1000 },
      liveLoad: [load, load, load],
      renderer: { samples: 40, nextFrameMedianMs: 8, nextFrameP95Ms: 12, domReadyP95Ms: 6, handledP95Ms: 2, paintedP95Ms: 14, rowElements: 40, domElements: 900, heapUsedBytes: 1 },
      freshness: { samples: [], medianMs: null, p95Ms: null, pollToDomMedianMs: null, pollToDomP95Ms: null },
      action: { samples: [], medianMs: null, p95Ms: null, keyToSendMedianMs: null, sendToPostMedianMs: null, sendToPostP95Ms: null },
      bridge: { fullPicture: { bytes: 1024 * 1024, agents: 1, calls: 1, queueEntries: 1, queues: 1, seq: 1 }, ticks: [], changedBytesMedian: 1, tickBytesMedian: 2048 },
      memory: null,
      naive: null,
    },
  } as unknown as SizeResult;
  return {
    startedAt: '2026-12-06T10:00:00.000Z', finishedAt: '2026-12-06T10:04:00.000Z', quick: false, fastPath: true, commit: 'abc1234',
    machine: { cpu: 'x', cores: 2, memoryGiB: 1, os: 'x', node: 'v20', chromium: 'x', loadAverage: [load, 1, 1] },
    loadAverageAtEnd: [load, 1, 1],
    sizes: [size],
  };
}

const rowOf = (text: string, figure: string): string[] =>
  (text.split('\n').find((l) => l.startsWith(`| ${figure}`)) ?? '').split('|').slice(1, -1).map((c) => c.trim());

describe('the fast path section', () => {
  it('lists each run, the spread and met only when all three meet the target', () => {
    const text = fastPathSection([run(12, 1.5), run(14, 2.5), run(17, 9.8)]);
    expect(text.startsWith('<!-- fast-path:start -->')).toBe(true);
    expect(text.trimEnd().endsWith('<!-- fast-path:end -->')).toBe(true);
    const tick = rowOf(text, '1. main tick (validate, normalise, diff), p95 (ms)');
    expect(tick).toEqual(['1. main tick (validate, normalise, diff), p95 (ms)', '<= 15 ms', '12', '14', '17', '12 - 17', '**no**']);
    const lag = rowOf(text, '1. main event-loop lag, p99 (ms)');
    expect(lag.at(-1)).toBe('yes');
    // The load of each run is beside its figures.
    expect(rowOf(text, '1. machine load (1-min average) as the main tick ended').slice(2, 5)).toEqual(['1.5', '2.5', '9.8']);
    expect(text).toContain('run 3: `npm run bench -- --fast-path`, 2026-12-06 10:00 UTC, commit abc1234, load average 9.8 / 1 / 1 at the start');
  });

  it("shows the connect's lag beside the live phase's, with no target of its own; a run without it shows none", () => {
    const withConnect = run(12, 1);
    const c = (withConnect.sizes[0] as SizeResult).console;
    c.connect = { sinceConnectMs: 61_500, records: 27_105, caughtUp: true, lag: { p50Ms: 0.4, p99Ms: 31.2, maxMs: 90, samples: 5000 } };
    const text = fastPathSection([withConnect, run(12, 1), run(12, 1)]);
    const connectLag = rowOf(text, "1. ... at the connect, while the day's call records are read and folded in, p99 (ms)");
    expect(connectLag.slice(1)).toEqual(['', '31.2', '—', '—', '31.2 - 31.2', '']);
    expect(rowOf(text, "1. ... the connect: seconds until the day's call records were in (s)").slice(2, 5)).toEqual(['61.5', '—', '—']);
    // The live phase's lag keeps its target and its verdict.
    expect(rowOf(text, '1. main event-loop lag, p99 (ms)').slice(1)).toEqual(['<= 20 ms', '15', '15', '15', '15 - 15', 'yes']);
  });

  it('names each run as a full run or a fast-path run', () => {
    const full = { ...run(12, 1), fastPath: false };
    const text = fastPathSection([full, run(13, 1), run(14, 1)]);
    expect(text).toContain('- run 1: full run (`npm run bench`), 2026-12-06 10:00 UTC');
    expect(text).toContain('- run 2: `npm run bench -- --fast-path`, 2026-12-06 10:00 UTC');
    expect(rowOf(text, '1. main tick (validate, normalise, diff), p95 (ms)').slice(2)).toEqual(['12', '13', '14', '12 - 14', 'yes']);
  });

  it('says how many runs there are until there are three', () => {
    const text = fastPathSection([run(12, 1)]);
    expect(rowOf(text, '1. main tick (validate, normalise, diff), p95 (ms)').at(-1)).toBe('(1 of 3 runs)');
  });
});
