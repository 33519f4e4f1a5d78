// The benchmark's main process: the real core (createCore with the web host's storage) connected to the
// simulator, and the real web host serving the built console (and, when asked, the naive baseline page
// from a second web host on the same core). It answers the benchmark over IPC (lib/host-protocol.ts) so
// its event-loop lag and RSS are measured in a process that does nothing else, as the Electron main would.
//
//   node --import tsx bench/main-host.ts --sim URL --poll-ms 1000 --console DIR [--naive DIR]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { EventChannel } from '../common/contract';
import type { ChangeSet, TodayState } from '../common/domain';
import { packQueueLists } from '../common/queue-lists';
import { createCore } from '../main/core/create-core';
import { createWebCoreDeps } from '../main/web/host-deps';
import { createWebHost } from '../main/web/web-host';
import { DEMO_CREDENTIALS } from '../main/simulator';
import { monitorLoopDelay } from './lib/loop-delay';
import { HOST_READY, type ConnectFigures, type HostAnswers, type HostReady, type HostReply, type HostRequest, type LagFigures, type TickFrames } from './lib/host-protocol';

/** How often the connect's wait asks the core whether the day's records are in. */
const SETTLE_POLL_MS = 250;
/** After a floor:changed, the tick's other events (floor:events, abandoned:changed) follow synchronously; a few ms covers them. */
const TICK_GRACE_MS = 20;

const { values } = parseArgs({
  options: {
    sim: { type: 'string' },
    'poll-ms': { type: 'string', default: '1000' },
    console: { type: 'string' },
    naive: { type: 'string' },
  },
});
if (!values.sim || !values.console) throw new Error('usage: main-host.ts --sim URL --poll-ms MS --console DIR [--naive DIR]');

const dataDir = mkdtempSync(join(tmpdir(), 'fw-bench-data-'));
const core = createCore({ ...createWebCoreDeps({ dataDir, version: '0.0.0-bench' }), pollIntervalMs: Number(values['poll-ms']) });
const consoleHost = await createWebHost({ core, staticDir: values.console });
const naiveHost = values.naive ? await createWebHost({ core, staticDir: values.naive }) : null;

/** A window of the event loop's lag, with the collections inside it (the observer is told after each one). */
function lagWindow(): { stop(): LagFigures } {
  const delay = monitorLoopDelay(10);
  const pauses: number[] = [];
  const gcWatch = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  delay.enable();
  gcWatch.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      delay.disable();
      gcWatch.disconnect();
      return {
        p50Ms: delay.percentileMs(50),
        p99Ms: delay.percentileMs(99),
        maxMs: delay.maxMs(),
        samples: delay.count(),
        over20Pct: delay.shareOverPct(20),
        gc: {
          count: pauses.length,
          totalMs: pauses.reduce((a, b) => a + b, 0),
          maxMs: Math.max(0, ...pauses),
          over20: pauses.filter((ms) => ms > 20).length,
        },
      };
    },
  };
}

// The connect's own window: the day's call records are read and folded in while the floor is polled.
const connectedAt = performance.now();
let connectLag: ReturnType<typeof lagWindow> | null = lagWindow();
const connected = await core.invoke('session:connect', {
  system: 'tel4vn',
  apiHost: values.sim,
  username: DEMO_CREDENTIALS.username,
  password: DEMO_CREDENTIALS.password,
  ownExtension: '900',
});
if (!connected.ok) throw new Error(`the core could not connect to the simulator: ${connected.error.message}`);

let lag: ReturnType<typeof lagWindow> | null = null;

/** Until the core's Today no longer catches up on the day's records, or `timeoutMs`; then the connect's figures. */
async function settle(timeoutMs: number): Promise<ConnectFigures> {
  const until = performance.now() + timeoutMs;
  let today: Pick<TodayState, 'records' | 'catchingUp'> = { records: 0, catchingUp: true };
  for (;;) {
    const got = await core.invoke('today:get', {});
    if (got.ok) today = got.data as TodayState;
    if (!today.catchingUp || performance.now() >= until) break;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
  const figures = connectLag?.stop();
  connectLag = null;
  if (!figures) throw new Error('settle asked twice');
  return { sinceConnectMs: performance.now() - connectedAt, records: today.records, caughtUp: !today.catchingUp, lag: figures };
}

// Frame accounting: the same JSON.stringify the web host does per event (ws-bridge.ts), only while asked.
let counting = false;
let pendingTick: { frames: TickFrames; started: boolean } | null = null;
let tickWaiter: ((frames: TickFrames | null) => void) | null = null;
core.subscribe((channel: EventChannel, payload) => {
  if (!counting || !pendingTick) return;
  const bytes = Buffer.byteLength(JSON.stringify({ t: 'event', channel, payload: packQueueLists(channel, payload) }));
  if (channel === 'floor:changed') {
    if (pendingTick.started) return; // the next tick's: this window is closing
    const cs = payload as ChangeSet;
    pendingTick.started = true;
    pendingTick.frames.changedBytes = bytes;
    for (const kind of [cs.agents, cs.calls, cs.queueEntries, cs.queues]) {
      pendingTick.frames.upserts += kind.upsert.length;
      pendingTick.frames.removes += kind.remove.length;
    }
    const done = pendingTick;
    setTimeout(() => {
      if (pendingTick !== done) return;
      pendingTick = null;
      tickWaiter?.(done.frames);
      tickWaiter = null;
    }, TICK_GRACE_MS);
  }
  if (pendingTick.started) pendingTick.frames.tickBytes += bytes;
});

async function answer(request: HostRequest): Promise<HostAnswers[HostRequest['type']]> {
  switch (request.type) {
    case 'settle':
      return settle(request.timeoutMs);
    case 'lag-start':
      lag?.stop();
      lag = lagWindow();
      return null;
    case 'lag-stop': {
      if (!lag) throw new Error('lag-stop before lag-start');
      const figures = lag.stop();
      lag = null;
      return figures;
    }
    case 'bytes-start':
      counting = true;
      return null;
    case 'bytes-stop':
      counting = false;
      pendingTick = null;
      tickWaiter?.(null);
      tickWaiter = null;
      return null;
    case 'next-tick':
      return new Promise<TickFrames | null>((resolve) => {
        pendingTick = { frames: { changedBytes: 0, tickBytes: 0, upserts: 0, removes: 0 }, started: false };
        const timer = setTimeout(() => {
          pendingTick = null;
          tickWaiter = null;
          resolve(null);
        }, request.timeoutMs);
        tickWaiter = (frames) => {
          clearTimeout(timer);
          resolve(frames);
        };
      });
    case 'full-picture': {
      const result = await core.invoke('floor:get', undefined);
      if (!result.ok) throw new Error(result.error.message);
      const { snapshot } = result.data as { snapshot: { seq: number; agents: unknown[]; calls: unknown[]; queueEntries: unknown[]; queues: unknown[] } };
      return {
        // As ws-bridge.ts answers an invoke.
        bytes: Buffer.byteLength(JSON.stringify({ t: 'result', id: 1, result: { ok: true, data: packQueueLists('floor:get', result.data) } })),
        agents: snapshot.agents.length,
        calls: snapshot.calls.length,
        queueEntries: snapshot.queueEntries.length,
        queues: snapshot.queues.length,
        seq: snapshot.seq,
      };
    }
    case 'memory': {
      const m = process.memoryUsage();
      return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
    }
  }
}

process.on('message', (message: { id: number; request: HostRequest }) => {
  answer(message.request).then(
    (data) => process.send?.({ id: message.id, ok: true, data } satisfies HostReply),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) } satisfies HostReply),
  );
});

async function shutdown(): Promise<void> {
  await Promise.allSettled([consoleHost.close(), naiveHost?.close(), core.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('disconnect', () => void shutdown());

const ready: HostReady = { consoleUrl: consoleHost.url, naiveUrl: naiveHost?.url ?? null, pid: process.pid };
console.log(HOST_READY + JSON.stringify(ready));
