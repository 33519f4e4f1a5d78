// Figure 1a, the main-side tick: from the last byte of a PBX list answer to its change set ready, timed on
// the real core modules fed with real simulator answers over real HTTP, each answer decoded while it
// arrives as the connector does. Beside it, in the same run, each body decoded and parsed alone (one
// buffer, one TextDecoder.decode, one JSON.parse): the platform's own cost, for the ratio.
//
// The core publishes once per source answer (main/core/session/floor-feed.ts coalesces only answers that
// land within 10 ms), so one sample = one source's answer, through the very code the core runs: the list
// decoder (main/core/decode: the worker thread decodes the UTF-8, parses, checks and normalises, and diffs
// against its last rows; the main thread folds the changed rows in) and the floor tick
// (main/core/picture/floor-tick.ts: merge, daily counters, abandoned detection, queue summaries, diff into
// a ChangeSet). The tick figure is the brief's "validate, normalise, diff": the whole sample less the
// UTF-8 decode and JSON.parse the worker still had to do after the last byte. The main thread's own share
// is the floor tick after the worker's reply (mainSamples): what an action or a bridge frame could wait
// behind. The scenario runs and 1 % of agents change per tick.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SourceData } from '../main/core/connectors/connector';
import { createTel4vnSession } from '../main/core/connectors/tel4vn/session';
import { TextDecoder } from 'node:util';
import type { DecodeTimings } from '../main/core/decode/decode-jobs';
import { createListDecoder, type ListStream } from '../main/core/decode/list-decoder';
import type { ListKind } from '../main/core/decode/list-readers';
import { createHttpClient } from '../main/core/http/http-client';
import { openAbandonedJournal } from '../main/core/picture/abandoned-journal';
import { createDailyStats } from '../main/core/picture/daily-stats';
import { createAlertMonitor } from '../main/core/alerts/alert-monitor';
import { alertSettingsSchema } from '../common/alerts';
import { createFloorTicker } from '../main/core/picture/floor-tick';
import { DEMO_CREDENTIALS } from '../main/simulator';
import { loadAverage } from './lib/machine';
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
  /** One per source answer: its last byte received -> its change set ready (worker + main thread), ms. */
  samples: number[];
  /** Each sample less the decode and JSON.parse left after the last byte: validate, normalise, diff, fold, floor tick, hand-offs, ms. */
  tickSamples: number[];
  /** The worker's UTF-8 decode (most of it while the bytes arrived) + JSON.parse of each answer, ms. */
  parseSamples: number[];
  /** The same bodies decoded and parsed alone on this thread, right after each tick: one buffer, one TextDecoder.decode, one JSON.parse, ms. */
  aloneSamples: number[];
  /** The floor tick on the main thread after the worker's reply (merge, counters, abandoned, summaries, diff), ms. */
  mainSamples: number[];
  /** Summed over the timed ticks (ms), to say where the time goes: the worker's steps, then the main thread's tick. */
  parts: { decodeMs: number; tailDecodeMs: number; parseMs: number; readMs: number; diffMs: number; tickMs: number };
  /**
   * The alert rules once per round of the three answers (alerts/alert-monitor.ts: forecasts, every default
   * rule over the picture, the tracker), ms: the core runs them on their own one-second timer, not inside
   * the tick's time above.
   */
  alertSamples: number[];
  /** The samples by source, to say which answer costs most. */
  bySource: Record<string, number[]>;
  /** Decode + parse alone by source: the ratio is taken per body. */
  aloneBySource: Record<string, number[]>;
  /** Answers whose bytes equalled the last ones (skipped by the worker). */
  unchanged: number;
  /** Bytes of each source's body on the last tick. */
  bodyBytes: Record<string, number>;
  ticks: number;
  /** The machine's load average (1, 5, 15 min) as the timed ticks ended. */
  load?: [number, number, number];
}

/** Decode + parse of one body alone, the platform's own cost: one buffer, one TextDecoder.decode, one JSON.parse. */
function decodeParseAlone(chunks: Uint8Array[]): number {
  const body = Buffer.concat(chunks);
  const t0 = performance.now();
  JSON.parse(new TextDecoder().decode(body));
  return performance.now() - t0;
}

export async function measureMainTick(sim: SimProcess, ticks: number): Promise<MainTickFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-tick-'));
  const http = createHttpClient({ baseUrl: sim.url, timeoutMs: 30_000 });
  const session = createTel4vnSession({ http, credentials: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password } });
  const log = (message: string): void => console.warn(`[main-tick] ${message}`);
  const timings = new Map<ListKind, DecodeTimings>();
  const decoder = createListDecoder({ workerFile: WORKER, log, onTimings: (kind, t) => timings.set(kind, t) });
  try {
    await session.login();
    const zone = (): string => TIMEZONE;
    const stores = {
      journal: openAbandonedJournal({ file: join(dir, 'abandoned.jsonl'), zone, now: Date.now, log }),
      daily: createDailyStats({ file: join(dir, 'daily-stats.jsonl'), zone, now: Date.now, log, serviceLevelSec: () => 20 }),
    };
    const ticker = createFloorTicker(Date.now);
    const alertSettings = alertSettingsSchema.parse({});
    const alerts = createAlertMonitor({
      zone, now: Date.now, log, settings: () => alertSettings, serviceLevelSec: () => 20, serviceLevelTarget: () => 80,
    });
    const alertSamples: number[] = [];
    const streams = new Map<string, ListStream<unknown>>(
      SOURCES.map((s) => [s.id, decoder.open(s.kind, { timezone: TIMEZONE, ownExtension: OWN_EXTENSION }) as ListStream<unknown>]),
    );
    const latest = new Map<string, SourceData>();
    const samples: number[] = [];
    const tickSamples: number[] = [];
    const parseSamples: number[] = [];
    const aloneSamples: number[] = [];
    const mainSamples: number[] = [];
    const parts = { decodeMs: 0, tailDecodeMs: 0, parseMs: 0, readMs: 0, diffMs: 0, tickMs: 0 };
    const bodyBytes: Record<string, number> = {};
    const bySource: Record<string, number[]> = Object.fromEntries(SOURCES.map((source) => [source.id, []]));
    const aloneBySource: Record<string, number[]> = Object.fromEntries(SOURCES.map((source) => [source.id, []]));
    let unchanged = 0;

    for (let tick = 0; tick < WARMUP_TICKS + ticks; tick++) {
      await sim.mutate(0.01);
      const timed = tick >= WARMUP_TICKS;
      // The three lists are asked at once, as the core's pollers do, and each is decoded while it arrives:
      // the clock starts at its last byte.
      const bodies = await Promise.all(SOURCES.map(async (source) => {
        const answer = (streams.get(source.id) as ListStream<unknown>).begin();
        const copies: Uint8Array[] = [];
        let lastByteAt = 0;
        const sink = {
          chunk(bytes: Uint8Array) {
            // A copy for the "alone" figure, taken before the chunk is transferred to the worker.
            copies.push(Buffer.from(bytes));
            answer.sink.chunk(bytes);
            lastByteAt = performance.now();
          },
        };
        const res = await session.get(source.path, undefined, sink);
        if (res.status !== 200) throw new Error(`${source.path} answered ${res.status}`);
        const t0 = lastByteAt;
        const rows = await answer.finish(res);
        const t1 = performance.now();
        latest.set(source.id, source.data(rows));
        ticker.tick(latest.values(), stores);
        const t2 = performance.now();
        bodyBytes[source.id] = copies.reduce((n, c) => n + c.byteLength, 0);
        const t = timings.get(source.kind);
        timings.delete(source.kind);
        if (!t) throw new Error('the decoder reported no timings');
        if (timed) {
          samples.push(t2 - t0);
          mainSamples.push(t2 - t1);
          bySource[source.id]?.push(t2 - t0);
          if (t.unchanged) unchanged++;
          parseSamples.push(t.decodeMs + t.parseMs);
          tickSamples.push(t2 - t0 - t.tailDecodeMs - t.parseMs);
          parts.decodeMs += t.decodeMs;
          parts.tailDecodeMs += t.tailDecodeMs;
          parts.parseMs += t.parseMs;
          parts.readMs += t.readMs;
          parts.diffMs += t.diffMs;
          parts.tickMs += t2 - t1;
        }
        return copies;
      }));
      // The alert rules, once per round of the three answers as the live session runs them (on their own
      // one-second timer, not inside a source's tick): measured apart, not in the tick above.
      const ta = performance.now();
      const snapshot = ticker.picture.snapshot();
      alerts.tick({ agents: snapshot.agents, calls: snapshot.calls, queues: snapshot.queues, sources: [], ownRegistered: true, ownExtension: OWN_EXTENSION });
      if (timed) alertSamples.push(performance.now() - ta);
      if (!timed) continue;
      // The same bodies, each decoded and parsed alone on this thread with nothing else running here.
      for (const [i, source] of SOURCES.entries()) {
        const ms = decodeParseAlone(bodies[i] as Uint8Array[]);
        aloneSamples.push(ms);
        aloneBySource[source.id]?.push(ms);
      }
    }
    return {
      samples, tickSamples, parseSamples, aloneSamples, mainSamples, alertSamples, parts, bySource, aloneBySource, unchanged, bodyBytes, ticks,
      load: loadAverage(),
    };
  } finally {
    decoder.close();
    session.close();
    http.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
