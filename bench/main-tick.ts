// Figure 1a, the main-side tick: from a PBX response received to its change set ready, timed on the real
// core modules fed with real simulator responses over real HTTP.
//
// The core publishes once per source answer (main/core/session/floor-feed.ts coalesces only answers that
// land within 10 ms), so one sample = one source's answer, from the moment the HTTP client hands it over
// (its body already decoded and JSON.parse'd inside http-client.ts send()) to the change set: the
// connector's validate-and-normalise of that source + the core's publish step (create-core.ts publish():
// merge the sources, daily counters, abandoned detection, queue summaries, diff into a ChangeSet), with
// the same modules in the same order. The client's JSON.parse is timed too, apart (parseSamples). The
// scenario runs and 1 % of agents change per tick.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceData } from '../main/core/connectors/connector';
import { normaliseAgents, normaliseCalls, normaliseQueue } from '../main/core/connectors/tel4vn/normalise';
import { createTel4vnSession } from '../main/core/connectors/tel4vn/session';
import { createHttpClient } from '../main/core/http/http-client';
import { openAbandonedJournal } from '../main/core/picture/abandoned-journal';
import { createDailyStats } from '../main/core/picture/daily-stats';
import { createFloorPicture } from '../main/core/picture/floor-picture';
import { createSourceMerger } from '../main/core/picture/merge-sources';
import { summariseQueues } from '../main/core/picture/queue-summary';
import { DEMO_CREDENTIALS } from '../main/simulator';
import type { SimProcess } from './lib/sim-process';

const TIMEZONE = 'Asia/Ho_Chi_Minh';
const OWN_EXTENSION = '900';
/** Ticks run before timing: the first one is the initial reset, the next ones warm the JIT. */
const WARMUP_TICKS = 3;

const SOURCES = [
  { id: 'calls', path: '/v3/monitor', read: (json: unknown): SourceData => ({ calls: normaliseCalls(json, TIMEZONE, OWN_EXTENSION) }) },
  { id: 'queue', path: '/v3/monitor/callcenter/queue', read: (json: unknown): SourceData => ({ queueEntries: normaliseQueue(json) }) },
  { id: 'agents', path: '/v3/agent/live', read: (json: unknown): SourceData => ({ agents: normaliseAgents(json) }) },
] as const;

export interface MainTickFigures {
  /** One per source answer: validate + normalise + publish, ms. */
  samples: number[];
  /** The HTTP client's JSON.parse of the same answers, before the tick, ms. */
  parseSamples: number[];
  /** The parts, summed over the timed ticks (ms), to say where the time goes. */
  parts: { parseMs: number; normaliseMs: number; publishMs: number };
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
  try {
    await session.login();
    const zone = (): string => TIMEZONE;
    const journal = openAbandonedJournal({ file: join(dir, 'abandoned.jsonl'), zone, now: Date.now, log });
    const daily = createDailyStats({ file: join(dir, 'daily-stats.jsonl'), zone, now: Date.now, log, serviceLevelSec: () => 20 });
    const picture = createFloorPicture(Date.now);
    const merge = createSourceMerger();
    const latest = new Map<string, SourceData>();
    const samples: number[] = [];
    const parseSamples: number[] = [];
    const parts = { parseMs: 0, normaliseMs: 0, publishMs: 0 };
    const bodyBytes: Record<string, number> = {};
    const bySource: Record<string, number[]> = Object.fromEntries(SOURCES.map((source) => [source.id, []]));

    for (let tick = 0; tick < WARMUP_TICKS + ticks; tick++) {
      await sim.mutate(0.01);
      const bodies = await Promise.all(SOURCES.map((s) => session.get(s.path)));
      const timed = tick >= WARMUP_TICKS;
      SOURCES.forEach((source, i) => {
        const res = bodies[i];
        if (!res || res.status !== 200) throw new Error(`${source.path} answered ${res?.status}`);
        bodyBytes[source.id] = Buffer.byteLength(res.text);
        const t0 = performance.now();
        const json: unknown = JSON.parse(res.text);
        const t1 = performance.now();
        latest.set(source.id, source.read(json));
        const t2 = performance.now();
        // create-core.ts publish(), step for step.
        journal.rollDay();
        const merged = merge(latest.values());
        daily.observe(merged.queueEntries);
        const fresh = journal.detect(merged.queueEntries);
        const queues = summariseQueues(merged.queueEntries, daily.counters());
        picture.update(merged, queues, fresh);
        const t3 = performance.now();
        if (!timed) return;
        samples.push(t3 - t1);
        bySource[source.id]?.push(t3 - t1);
        parseSamples.push(t1 - t0);
        parts.parseMs += t1 - t0;
        parts.normaliseMs += t2 - t1;
        parts.publishMs += t3 - t2;
      });
    }
    return { samples, parseSamples, parts, bySource, bodyBytes, ticks };
  } finally {
    session.close();
    http.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
