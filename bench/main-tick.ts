// Figure 1a, the main-side tick: from a PBX list answer received to its change set ready, timed on the
// real core modules fed with real simulator answers over real HTTP.
//
// The core publishes once per source answer (main/core/session/floor-feed.ts coalesces only answers that
// land within 10 ms), so one sample = one source's answer, through the very code the core runs: the list
// decoder (main/core/decode: the worker thread decodes the UTF-8, parses, checks and normalises, and diffs
// against its last rows; the main thread folds the changed rows in) and the floor tick
// (main/core/picture/floor-tick.ts: merge, daily counters, abandoned detection, queue summaries, diff into
// a ChangeSet). The tick figure is the brief's "validate, normalise, diff": the whole sample less the
// worker's UTF-8 decode and JSON.parse, which are taken apart (parseSamples), as before the worker the
// HTTP client's were. The main thread's own busy share is taken with performance.eventLoopUtilization()
// (nothing else runs in this process meanwhile): that is what an action or a bridge frame could wait
// behind. The scenario runs and 1 % of agents change per tick.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SourceData } from '../main/core/connectors/connector';
import { createTel4vnSession } from '../main/core/connectors/tel4vn/session';
import type { DecodeTimings } from '../main/core/decode/decode-jobs';
import { createListDecoder, type ListStream } from '../main/core/decode/list-decoder';
import type { ListKind } from '../main/core/decode/list-readers';
import { createHttpClient } from '../main/core/http/http-client';
import { openAbandonedJournal } from '../main/core/picture/abandoned-journal';
import { createDailyStats } from '../main/core/picture/daily-stats';
import { createFloorTicker } from '../main/core/picture/floor-tick';
import { DEMO_CREDENTIALS } from '../main/simulator';
import type { SimProcess } from './lib/sim-process';

const TIMEZONE = 'Asia/Ho_Chi_Minh';
const OWN_EXTENSION = '900';
const WORKER = new URL('../main/core/decode/decode-worker.ts', import.meta.url);
/** Ticks run before timing: the first one is the initial reset, the next ones warm the JIT. */
const WARMUP_TICKS = 3;

const SOURCES: { id: string; path: string; kind: ListKind; data: (rows: unknown[]) => SourceData }[] = [
  { id: 'calls', path: '/v3/monitor', kind: 'tel4vn/calls', data: (rows) => ({ calls: rows as SourceData['calls'] }) },
  { id: 'queue', path: '/v3/monitor/callcenter/queue', kind: 'tel4vn/queue', data: (rows) => ({ queueEntries: rows as SourceData['queueEntries'] }) },
  { id: 'agents', path: '/v3/agent/live', kind: 'tel4vn/agents', data: (rows) => ({ agents: rows as SourceData['agents'] }) },
];

export interface MainTickFigures {
  /** One per source answer: bytes received -> change set ready (worker + main thread), ms. */
  samples: number[];
  /** Each sample less the worker's UTF-8 decode and JSON.parse: validate, normalise, diff (worker), fold and floor tick (main), ms. */
  tickSamples: number[];
  /** The worker's UTF-8 decode + JSON.parse of each answer, ms. */
  parseSamples: number[];
  /** The main thread's busy time within each sample (fold the changed rows in + the floor tick), ms. */
  mainSamples: number[];
  /** Summed over the timed ticks (ms), to say where the time goes: the worker's steps, then the main thread's tick. */
  parts: DecodeTimings & { tickMs: number };
  /** The samples by source, to say which answer costs most. */
  bySource: Record<string, number[]>;
  /** Bytes of each source's body on the last tick. */
  bodyBytes: Record<string, number>;
  ticks: number;
}

export async function measureMainTick(sim: SimProcess, ticks: number): Promise<MainTickFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-tick-'));
  const http = createHttpClient({ baseUrl: sim.url, timeoutMs: 30_000 });
  const session = createTel4vnSession({ http, credentials: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password } });
  const log = (message: string): void => console.warn(`[main-tick] ${message}`);
  let timings: DecodeTimings | null = null;
  const decoder = createListDecoder({ workerFile: WORKER, log, onTimings: (_kind, t) => (timings = t) });
  try {
    await session.login();
    const zone = (): string => TIMEZONE;
    const stores = {
      journal: openAbandonedJournal({ file: join(dir, 'abandoned.jsonl'), zone, now: Date.now, log }),
      daily: createDailyStats({ file: join(dir, 'daily-stats.jsonl'), zone, now: Date.now, log, serviceLevelSec: () => 20 }),
    };
    const ticker = createFloorTicker(Date.now);
    const streams = new Map<string, ListStream<unknown>>(
      SOURCES.map((s) => [s.id, decoder.open(s.kind, { timezone: TIMEZONE, ownExtension: OWN_EXTENSION }) as ListStream<unknown>]),
    );
    const latest = new Map<string, SourceData>();
    const samples: number[] = [];
    const tickSamples: number[] = [];
    const parseSamples: number[] = [];
    const mainSamples: number[] = [];
    const parts = { decodeMs: 0, parseMs: 0, readMs: 0, diffMs: 0, tickMs: 0 };
    const bodyBytes: Record<string, number> = {};
    const bySource: Record<string, number[]> = Object.fromEntries(SOURCES.map((source) => [source.id, []]));

    for (let tick = 0; tick < WARMUP_TICKS + ticks; tick++) {
      await sim.mutate(0.01);
      const answers = await Promise.all(SOURCES.map((s) => session.get(s.path, undefined, true)));
      const timed = tick >= WARMUP_TICKS;
      for (const [i, source] of SOURCES.entries()) {
        const res = answers[i];
        if (!res?.chunks) throw new Error(`${source.path} answered ${res?.status}`);
        bodyBytes[source.id] = res.chunks.reduce((n, c) => n + c.byteLength, 0);
        const loop0 = performance.eventLoopUtilization();
        const t0 = performance.now();
        const rows = await (streams.get(source.id) as ListStream<unknown>).decode(res);
        const t1 = performance.now();
        const t = timings as DecodeTimings | null;
        timings = null;
        latest.set(source.id, source.data(rows));
        ticker.tick(latest.values(), stores);
        const t2 = performance.now();
        const busy = performance.eventLoopUtilization(loop0);
        if (!timed) continue;
        samples.push(t2 - t0);
        // The callback running now counts as busy up to this point: the fold and the tick are in.
        mainSamples.push(busy.active);
        bySource[source.id]?.push(t2 - t0);
        if (!t) throw new Error('the decoder reported no timings');
        parseSamples.push(t.decodeMs + t.parseMs);
        tickSamples.push(t2 - t0 - t.decodeMs - t.parseMs);
        parts.decodeMs += t.decodeMs;
        parts.parseMs += t.parseMs;
        parts.readMs += t.readMs;
        parts.diffMs += t.diffMs;
        parts.tickMs += t2 - t1;
      }
    }
    return { samples, tickSamples, parseSamples, mainSamples, parts, bySource, bodyBytes, ticks };
  } finally {
    decoder.close();
    session.close();
    http.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
