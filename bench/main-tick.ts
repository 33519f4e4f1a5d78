// Figure 1a, the main-side tick: from the last byte of a PBX list answer to its change set ready, timed on
// the real core modules fed with real simulator answers over real HTTP, each answer decoded while it
// arrives as the connector does. Beside it, in the same run, each body decoded and parsed alone (one
// buffer, one TextDecoder.decode, one JSON.parse): the platform's own cost, for the ratio.
//
// The polling is the core's own: the TEL4VN connector's poll sources (calls, queue, agents, own extension)
// in the core's floor feed (main/core/session/floor-feed.ts: each source on its own slot of the 1 s
// interval, each answer published at the next turn of the loop), and on each publish the floor tick as the
// live session runs it; the alert rules on their own one-second timer beside it, as the core runs them. The
// bench only watches: its decoder is the core's list decoder with a tap on each answer's sink (the time of
// its last byte, a copy of its bytes for the "alone" figure). So one sample = one list answer, through the
// very code the core runs: the list decoder (main/core/decode: the worker thread decodes the UTF-8, parses,
// checks and normalises, and diffs against its last rows; the main thread folds the changed rows in) and
// the floor tick (main/core/picture/floor-tick.ts: merge, daily counters, abandoned detection, queue
// summaries, diff into a ChangeSet). The tick figure is the brief's "validate, normalise, diff": the whole
// sample less the UTF-8 decode and JSON.parse the worker still had to do after the last byte. The main
// thread's own share is the floor tick (mainSamples): what an action or a bridge frame could wait behind.
// The scenario runs and 1 % of agents change every second. The bodies are decoded and parsed alone once
// the polling has stopped, each on this thread with nothing else of the bench running.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDecoder } from 'node:util';
import { createTel4vnConnector } from '../main/core/connectors/tel4vn';
import type { DecodeTimings } from '../main/core/decode/decode-jobs';
import { createListDecoder, type ListDecoder } from '../main/core/decode/list-decoder';
import type { ListKind } from '../main/core/decode/list-readers';
import { createFloorFeed, type FloorFeed } from '../main/core/session/floor-feed';
import { openAbandonedJournal } from '../main/core/picture/abandoned-journal';
import { createDailyStats } from '../main/core/picture/daily-stats';
import { flushJsonLines } from '../main/core/storage/jsonl-file';
import { createAlertMonitor } from '../main/core/alerts/alert-monitor';
import { alertSettingsSchema } from '../common/alerts';
import { createFloorTicker } from '../main/core/picture/floor-tick';
import { DEMO_CREDENTIALS } from '../main/simulator';
import { loadAverage } from './lib/machine';
import type { SimProcess } from './lib/sim-process';

const TIMEZONE = 'Asia/Ho_Chi_Minh';
const OWN_EXTENSION = '900';
const WORKER = new URL('../main/core/decode/decode-worker.ts', import.meta.url);
/** Answers of each list before timing: the first one is the initial reset, the next ones warm the JIT. */
const WARMUP_TICKS = 3;
/** The core's defaults: the poll interval, the request timeout (live-session.ts), the alert rules' timer. */
const POLL_MS = 1000;
const REQUEST_TIMEOUT_MS = 5000;
const ALERT_CHECK_MS = 1000;

/** The lists by the connector's source ids. */
const SOURCES: { id: string; kind: ListKind }[] = [
  { id: 'calls', kind: 'tel4vn/calls' },
  { id: 'queue', kind: 'tel4vn/queue' },
  { id: 'agents', kind: 'tel4vn/agents' },
];

/** One list answer as the tap saw it. */
interface Answer {
  id: string;
  lastByteAt: number;
  /** The file its bytes were written to as they came, and how many. */
  file: string;
  bytes: number;
  timings: DecodeTimings;
  /** The rows of the list it gave. */
  rows: number;
}

export interface MainTickFigures {
  /** One per source answer: its last byte received -> its change set ready (worker + main thread), ms. */
  samples: number[];
  /** Each sample less the decode and JSON.parse left after the last byte: validate, normalise, diff, fold, floor tick, hand-offs, ms. */
  tickSamples: number[];
  /** The worker's UTF-8 decode (most of it while the bytes arrived) + JSON.parse of each answer, ms. */
  parseSamples: number[];
  /** The timed bodies decoded and parsed alone on this thread once the polling stopped: one buffer, one TextDecoder.decode, one JSON.parse, ms. */
  aloneSamples: number[];
  /** Each floor tick on the main thread that carried a list answer (merge, counters, abandoned, summaries, diff), ms. */
  mainSamples: number[];
  /**
   * Summed over the timed answers (the worker's steps; matchMs: the rows matched by their bytes; rowsParsed
   * of rows: the rows parsed and read, of the rows answered) and the timed floor ticks (tickMs), ms, to say
   * where the time goes.
   */
  parts: { decodeMs: number; tailDecodeMs: number; parseMs: number; readMs: number; diffMs: number; tickMs: number; matchMs?: number; rowsParsed?: number; rows?: number };
  /**
   * The alert rules once a second (alerts/alert-monitor.ts: forecasts, every default rule over the picture,
   * the tracker), the whole pass's work, ms: the core runs them on their own one-second timer, a step per
   * turn of the loop, not inside the tick's time above.
   */
  alertSamples: number[];
  /** The longest step of each alert pass (its steps run a turn of the loop apart), ms: what holds the loop. */
  alertStepSamples?: number[];
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
function decodeParseAlone(body: Uint8Array): number {
  const t0 = performance.now();
  JSON.parse(new TextDecoder().decode(body));
  return performance.now() - t0;
}

/**
 * The core's list decoder with a tap on every answer: the time of its last byte, and its bytes written to a
 * file of `dir` as they come (before each chunk is transferred to the worker), handed to `seen` with its
 * timings once it is decoded. Written at once rather than copied and held: 12 MB of copies a second in the
 * process being measured brought major collections of 45-75 ms into the very ticks timed (a CPU profile of
 * this phase, 2026-12-07), a cost of the bench, not of the core.
 */
function tappedDecoder(dir: string, seen: (answer: Answer) => void): ListDecoder {
  const timings = new Map<ListKind, DecodeTimings>();
  const log = (message: string): void => console.warn(`[main-tick] ${message}`);
  const decoder = createListDecoder({ workerFile: WORKER, log, onTimings: (kind, t) => timings.set(kind, t) });
  const idOf = (kind: ListKind): string => SOURCES.find((s) => s.kind === kind)?.id ?? kind;
  let files = 0;
  return {
    get mode() {
      return decoder.mode;
    },
    readCdrPage: (res, zone) => decoder.readCdrPage(res, zone),
    customerList: (file, dnc, want) => decoder.customerList(file, dnc, want),
    close: () => decoder.close(),
    open(kind, params) {
      const stream = decoder.open(kind, params);
      return {
        ...stream,
        begin() {
          const answer = stream.begin();
          const file = join(dir, `answer-${++files}.json`);
          const fd = openSync(file, 'w');
          let open = true;
          const done = (): void => {
            if (open) closeSync(fd);
            open = false;
          };
          let bytes = 0;
          let lastByteAt = 0;
          return {
            sink: {
              chunk(chunk: Uint8Array) {
                writeSync(fd, chunk);
                bytes += chunk.byteLength;
                answer.sink.chunk(chunk);
                lastByteAt = performance.now();
              },
            },
            async finish(res) {
              done();
              const rows = await answer.finish(res);
              const t = timings.get(kind);
              timings.delete(kind);
              if (!t) throw new Error('the decoder reported no timings');
              seen({ id: idOf(kind), lastByteAt, file, bytes, timings: t, rows: rows.length });
              return rows;
            },
            drop: () => {
              done();
              answer.drop();
            },
          };
        },
      } as typeof stream;
    },
  };
}

export async function measureMainTick(sim: SimProcess, ticks: number): Promise<MainTickFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-tick-'));
  const log = (message: string): void => console.warn(`[main-tick] ${message}`);
  /** Decoded answers not yet in a tick. */
  let decoded: Answer[] = [];
  const decoder = tappedDecoder(dir, (answer) => decoded.push(answer));
  const connector = createTel4vnConnector({
    apiHost: sim.url,
    credentials: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password },
    timezone: TIMEZONE,
    ownExtension: OWN_EXTENSION,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    decoder,
  });
  let feed: FloorFeed | null = null;
  const timers: ReturnType<typeof setInterval>[] = [];
  try {
    await connector.connect();
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
    const alertStepSamples: number[] = [];
    const samples: number[] = [];
    const tickSamples: number[] = [];
    const parseSamples: number[] = [];
    const aloneSamples: number[] = [];
    const mainSamples: number[] = [];
    const parts = { decodeMs: 0, tailDecodeMs: 0, parseMs: 0, readMs: 0, diffMs: 0, tickMs: 0, matchMs: 0, rowsParsed: 0, rows: 0 };
    const bodyBytes: Record<string, number> = {};
    const bySource: Record<string, number[]> = Object.fromEntries(SOURCES.map((source) => [source.id, []]));
    const aloneBySource: Record<string, number[]> = Object.fromEntries(SOURCES.map((source) => [source.id, []]));
    /** Answers of each list so far, and the timed ones' bodies (files) for the "alone" figure afterwards. */
    const answered: Record<string, number> = Object.fromEntries(SOURCES.map((source) => [source.id, 0]));
    const timedBodies: { id: string; file: string }[] = [];
    let unchanged = 0;
    const warm = (): boolean => SOURCES.every((source) => (answered[source.id] ?? 0) > WARMUP_TICKS);
    const enough = (): boolean => SOURCES.every((source) => (bySource[source.id]?.length ?? 0) >= ticks);

    await new Promise<void>((resolve, reject) => {
      const limit = setTimeout(() => reject(new Error(`the main tick did not get ${ticks} answers of each list in time`)), (WARMUP_TICKS + ticks) * POLL_MS * 4 + 60_000);
      // The live session's publish: one floor tick over every source's latest data.
      const tick = (): void => {
        const answers = decoded;
        decoded = [];
        const t1 = performance.now();
        ticker.tick((feed as FloorFeed).latest(), stores);
        const t2 = performance.now();
        if (answers.length === 0) return;
        const timed = warm();
        for (const answer of answers) answered[answer.id] = (answered[answer.id] ?? 0) + 1;
        if (!timed) {
          for (const answer of answers) rmSync(answer.file);
          return;
        }
        mainSamples.push(t2 - t1);
        parts.tickMs += t2 - t1;
        for (const { id, lastByteAt, file, bytes, timings: t, rows } of answers) {
          samples.push(t2 - lastByteAt);
          bySource[id]?.push(t2 - lastByteAt);
          bodyBytes[id] = bytes;
          if (t.unchanged) {
            unchanged++;
            rmSync(file);
          } else timedBodies.push({ id, file });
          parseSamples.push(t.decodeMs + t.parseMs);
          tickSamples.push(t2 - lastByteAt - t.tailDecodeMs - t.parseMs);
          parts.decodeMs += t.decodeMs;
          parts.tailDecodeMs += t.tailDecodeMs;
          parts.parseMs += t.parseMs;
          parts.readMs += t.readMs;
          parts.diffMs += t.diffMs;
          parts.matchMs += t.matchMs;
          parts.rowsParsed += t.rowsParsed;
          parts.rows += rows;
        }
        if (enough()) {
          clearTimeout(limit);
          resolve();
        }
      };
      feed = createFloorFeed(connector.sources(), {
        intervalMs: POLL_MS,
        onData: () => {
          try {
            tick();
          } catch (e) {
            clearTimeout(limit);
            reject(e as Error);
          }
        },
        onStatus: (_all, changed) => {
          if (changed.state !== 'live' && changed.state !== 'connecting') log(`${changed.id}: ${changed.state} ${changed.lastError?.message ?? ''}`);
        },
      });
      // The alert rules on their own timer, as the live session runs them: measured apart, not in the tick.
      // A step per turn of the loop, as live-session.ts checkAlerts runs them: the pass's work summed, and its
      // longest step (what holds the loop).
      let passing = false;
      timers.push(setInterval(() => {
        if (passing) return;
        passing = true;
        const snapshot = ticker.picture.snapshot();
        const pass = alerts.steps({ agents: snapshot.agents, calls: snapshot.calls, queues: snapshot.queues, sources: [], ownRegistered: true, ownExtension: OWN_EXTENSION });
        let work = 0;
        let longest = 0;
        const step = (): void => {
          const ta = performance.now();
          const r = pass.next();
          const ms = performance.now() - ta;
          work += ms;
          longest = Math.max(longest, ms);
          if (!r.done) {
            setImmediate(step);
            return;
          }
          passing = false;
          if (warm()) {
            alertSamples.push(work);
            alertStepSamples.push(longest);
          }
        };
        step();
      }, ALERT_CHECK_MS));
      // 1 % of agents change every second beside the scenario's own changes.
      timers.push(setInterval(() => void sim.mutate(0.01).catch((e: unknown) => log(`mutate: ${String(e)}`)), POLL_MS));
      feed.start();
    });
    for (const timer of timers) clearInterval(timer);
    (feed as FloorFeed | null)?.stop();
    const load = loadAverage();
    // The same bodies, each decoded and parsed alone on this thread with the polling stopped.
    for (const { id, file } of timedBodies) {
      const ms = decodeParseAlone(readFileSync(file));
      aloneSamples.push(ms);
      aloneBySource[id]?.push(ms);
    }
    return { samples, tickSamples, parseSamples, aloneSamples, mainSamples, alertSamples, alertStepSamples, parts, bySource, aloneBySource, unchanged, bodyBytes, ticks, load };
  } finally {
    for (const timer of timers) clearInterval(timer);
    (feed as FloorFeed | null)?.stop();
    connector.close();
    decoder.close();
    // The day's lines still waiting for their turn, before their folder goes.
    flushJsonLines();
    rmSync(dir, { recursive: true, force: true });
  }
}
