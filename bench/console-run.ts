// Figures 1b-7 for one floor size: the simulator (own process), the main-process host (own process: the
// real core + web host), and the built console in headless Chromium, measured together while the
// scenario runs. See docs/benchmarks.md for what each figure means and how it is taken.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { RENDERER_OUT_DIR } from '../main/web/renderer-build';
import type { ConnectFigures, FullPicture, LagFigures, TickFrames } from './lib/host-protocol';
import { startHostProcess, type HostProcess } from './lib/host-process';
import { FRAME_FLOOR_SCRIPT, takeProbe, type FrameTiming } from './lib/page-probe';
import type { RecordedRequest } from '../main/simulator';
import type { SimProcess } from './lib/sim-process';
import { cpuSeconds, loadAverage } from './lib/machine';
import { median, p95 } from './lib/stats';

/** Every row element the console's panels render (agents, calls, waiting callers, abandoned calls). */
const ROW_SELECTOR = '[data-testid^="row-"]';
/** The supervisor's own extension the main host connects with (bench/main-host.ts). */
const SUPERVISOR_EXTENSION = '900';
/** The longest wait for the day's call records at the connect (about 4 minutes at 10,000 agents by evening). */
const SETTLE_TIMEOUT_MS = 6 * 60_000;

export interface Durations {
  /** Seconds of live polling for loop lag and change-to-paint. */
  liveSec: number;
  freshnessSamples: number;
  actionSamples: number;
  bytesTicks: number;
  /** When set (largest size): page age in seconds at the first and the last memory reading (the first is taken right after the live phase, the last after every other phase). */
  memoryAtSec: [number, number] | null;
  /** Seconds the naive baseline page is watched (0: no baseline at this size). */
  naiveSec: number;
}

interface RendererFigures {
  samples: number;
  nextFrameMedianMs: number | null;
  nextFrameP95Ms: number | null;
  domReadyP95Ms: number | null;
  handledP95Ms: number | null;
  paintedP95Ms: number | null;
  rowElements: number;
  domElements: number;
  heapUsedBytes: number;
  /**
   * The same steps with no work at all, in a blank page of the same browser right after the live window
   * (page-probe.ts FRAME_FLOOR_SCRIPT): the wait for the browser's next frame alone, what the figure cannot
   * go below.
   */
  frameFloorMedianMs?: number | null;
  frameFloorP95Ms?: number | null;
}

interface FreshnessSample {
  /** The change made in the simulator to the row showing it. */
  totalMs: number;
  /** The change to the next agents poll received by the simulator (waiting for the poll cycle). */
  toPollMs: number | null;
  /** That poll received to the row showing it (answer, core, bridge, page). */
  pollToDomMs: number | null;
}

interface ActionSample {
  /** B key press to the barge POST received by the simulator. */
  totalMs: number;
  /** B key press to the page writing call:act to its socket (the page's own part). */
  keyToSendMs: number | null;
  /** The page writing call:act to the POST received (bridge, core, HTTP). */
  sendToPostMs: number | null;
}

/** The floor's size at a memory reading (the simulator's own counts): heap follows the rows it holds. */
export interface FloorRows {
  loggedIn: number;
  calls: number;
  queueEntries: number;
  abandonedToday: number;
}

interface MemoryFigures {
  atSec: [number, number];
  rows: [FloorRows, FloorRows];
  heapUsedBytes: [number, number];
  rssBytes: [number, number];
  heapGrowthPct: number;
  rssGrowthPct: number;
}

export interface ConsoleFigures {
  /** From the connect until the day's call records were read and folded in (before the live phase). */
  connect?: ConnectFigures;
  /** The live phase's lag, once the day's records are in. */
  loopLag: LagFigures;
  /** The machine's load average (1, 5, 15 min) as the live phase ended: how busy the rest of the machine was meanwhile. */
  liveLoad?: [number, number, number];
  /**
   * CPU used in the live phase, % of one core (null: not on Linux): the simulator (the PBX, which a real
   * floor runs on another machine) and the main host, both on the same two cores as the page.
   */
  liveCpu?: { simulator: number | null; host: number | null };
  renderer: RendererFigures;
  freshness: { samples: FreshnessSample[]; medianMs: number | null; p95Ms: number | null; pollToDomMedianMs: number | null; pollToDomP95Ms: number | null };
  action: {
    samples: ActionSample[];
    medianMs: number | null;
    p95Ms: number | null;
    keyToSendMedianMs: number | null;
    sendToPostMedianMs: number | null;
    sendToPostP95Ms: number | null;
  };
  bridge: { fullPicture: FullPicture; ticks: TickFrames[]; changedBytesMedian: number | null; tickBytesMedian: number | null };
  memory: MemoryFigures | null;
  naive: RendererFigures | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function rendererFigures(changes: FrameTiming[], dom: { rows: number; elements: number }, heap: number): RendererFigures {
  return {
    samples: changes.length,
    nextFrameMedianMs: median(changes.map((c) => c.nextFrameMs)),
    nextFrameP95Ms: p95(changes.map((c) => c.nextFrameMs)),
    domReadyP95Ms: p95(changes.map((c) => c.domReadyMs)),
    handledP95Ms: p95(changes.map((c) => c.handledMs)),
    paintedP95Ms: p95(changes.map((c) => c.paintedMs)),
    rowElements: dom.rows,
    domElements: dom.elements,
    heapUsedBytes: heap,
  };
}

async function countDom(page: Page): Promise<{ rows: number; elements: number }> {
  return page.evaluate((selector) => {
    const d = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document;
    return { rows: d.querySelectorAll(selector).length, elements: d.querySelectorAll('*').length };
  }, ROW_SELECTOR);
}

/** The page's JS heap after a full GC (what stays alive, not what awaits collection). */
async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/**
 * The frame floor (page-probe.ts FRAME_FLOOR_SCRIPT) in a blank page brought to the front for it (a page
 * behind gets no animation frames), then the console's page in front again.
 */
async function frameFloor(context: BrowserContext, back: Page): Promise<{ frameFloorMedianMs: number | null; frameFloorP95Ms: number | null }> {
  const blank = await context.newPage();
  try {
    await blank.bringToFront();
    const samples = (await blank.evaluate(FRAME_FLOOR_SCRIPT)) as number[];
    return { frameFloorMedianMs: median(samples), frameFloorP95Ms: p95(samples) };
  } finally {
    await blank.close();
    await back.bringToFront();
  }
}

async function openConsole(context: BrowserContext, url: string): Promise<{ page: Page; cdp: CDPSession; openedAt: number }> {
  // Headless Chromium runs animation frames only in the page in front (a background tab gets none).
  const page = await context.newPage();
  await page.bringToFront();
  const openedAt = Date.now();
  await page.goto(url);
  await page.locator('[data-testid="session-state"][data-state="connected"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="row-agent"]').first().waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="row-call"]').first().waitFor({ timeout: 60_000 });
  const cdp = await context.newCDPSession(page);
  return { page, cdp, openedAt };
}

/**
 * Freshness: flip a visible, idle agent between available and paused in the simulator, and time until the
 * row shows the new state (a MutationObserver in the page stamps it on the machine's clock). The agents
 * are sorted by name meanwhile, as a supervisor can: in the default order (by state, the longest pause
 * first) the changed agent's row moves to another part of the list, out of the virtual list's few rows,
 * and no sample could be taken (every one timed out on the full runs since that order came).
 */
async function measureFreshness(page: Page, sim: SimProcess, samples: number, log: (line: string) => void): Promise<FreshnessSample[]> {
  const out: FreshnessSample[] = [];
  await sortAgents(page, 'name');
  let seen = (await sim.requests(0)).at(-1)?.seq ?? 0;
  for (let i = 0; i < samples; i++) {
    const target = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> } }).document;
      const rows = Array.from(d.querySelectorAll('[data-testid="row-agent"]'));
      const idle = rows.filter((r) => ['available', 'paused'].includes(r.getAttribute('data-state') ?? ''));
      const row = idle[Math.floor(Math.random() * idle.length)];
      return row ? { id: row.getAttribute('data-id') as string, state: row.getAttribute('data-state') as string } : null;
    });
    if (!target) throw new Error('freshness: no idle agent is visible in the agents panel');
    const next = target.state === 'available' ? 'paused' : 'available';
    // Any new state of that row counts: a resumed agent on a busy floor may be offered a call at once and
    // show 'ringing' in the very poll that carries the resume.
    const shown = page.evaluate(
      ({ id, state }) =>
        new Promise<number | null>((resolve) => {
          type El = { getAttribute(n: string): string | null };
          const g = globalThis as unknown as {
            document: { querySelector(s: string): El | null; body: object };
            performance: { now(): number; timeOrigin: number };
            MutationObserver: new (cb: () => void) => { observe(n: object, o: object): void; disconnect(): void };
          };
          const selector = `[data-testid="row-agent"][data-id="${id}"]`;
          const observer = new g.MutationObserver(() => {
            const now = g.document.querySelector(selector)?.getAttribute('data-state');
            if (now === undefined || now === null || now === state) return;
            const at = g.performance.timeOrigin + g.performance.now();
            observer.disconnect();
            resolve(at);
          });
          observer.observe(g.document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-id'] });
          setTimeout(() => {
            observer.disconnect();
            resolve(null);
          }, 10_000);
        }),
      { id: target.id, state: target.state },
    );
    // Let the observer be in place before the change is made.
    await sleep(50);
    const changedAt = performance.timeOrigin + performance.now();
    try {
      await sim.post(`/_sim/agents/${target.id}/${next === 'paused' ? 'pause' : 'resume'}`, next === 'paused' ? { code: 'BREAK' } : {});
    } catch (error) {
      // The scenario moved first (the agent took a call or logged out): no change of ours to time.
      log(`  freshness: ${(error as Error).message}; sample dropped`);
      await shown;
      continue;
    }
    const shownAt = await shown;
    if (shownAt === null) {
      // The row scrolled away or the agent left the floor meanwhile: not a sample, and said so.
      log(`  freshness: agent ${target.id} never showed a new state; sample dropped`);
      continue;
    }
    const received = await sim.requests(seen);
    seen = received.at(-1)?.seq ?? seen;
    // The first agents poll that reached the simulator after the change: waiting for it vs the rest.
    const poll = received.find((r) => r.method === 'GET' && r.path === '/v3/agent/live' && r.at >= changedAt);
    out.push({ totalMs: shownAt - changedAt, toPollMs: poll ? poll.at - changedAt : null, pollToDomMs: poll ? shownAt - poll.at : null });
    // Spread the changes over the poll cycle, so the samples see every phase of it.
    await sleep(200 + Math.random() * 600);
  }
  await sortAgents(page, 'state');
  return out;
}

/** The agents panel sorted by a column (its header's button), in that column's natural direction. */
async function sortAgents(page: Page, key: 'name' | 'state'): Promise<void> {
  const header = page.locator(`[data-testid="sort-agents-${key}"]`);
  await header.click();
  await page.locator('[role="columnheader"][aria-sort]:not([aria-sort="none"])').filter({ has: header }).waitFor({ timeout: 10_000 });
}

/** Action latency: select the next call with J, press B, and find the barge POST in the simulator's request log. */
async function measureAction(page: Page, sim: SimProcess, samples: number, pollMs: number): Promise<ActionSample[]> {
  const out: ActionSample[] = [];
  await page.keyboard.press('2'); // the calls panel
  let seen = (await sim.requests(0)).at(-1)?.seq ?? 0;
  for (let i = 0; i < samples; i++) {
    seen = (await sim.requests(seen)).at(-1)?.seq ?? seen;
    const before = seen;
    await page.keyboard.press('j');
    await page.keyboard.press('b');
    const stamps = await page.evaluate(() => {
      const p = (globalThis as unknown as { __fwProbe: { bargeKeys: number[]; actSends: number[] } }).__fwProbe;
      return { key: p.bargeKeys.at(-1) ?? null, send: p.actSends.at(-1) ?? null };
    });
    const keyAt = stamps.key;
    if (keyAt === null) throw new Error('action: the B key press was not seen by the page');
    let post: RecordedRequest | undefined;
    for (let wait = 0; wait < 100 && !post; wait++) {
      await sleep(20);
      post = (await sim.requests(before)).find((r) => r.method === 'POST' && /^\/v2\/call\/[^/]+\/barge$/.test(r.path));
    }
    if (!post) throw new Error('action: the simulator never received the barge POST');
    const sentAt = stamps.send !== null && stamps.send >= keyAt ? stamps.send : null;
    out.push({
      totalMs: post.at - keyAt,
      keyToSendMs: sentAt === null ? null : sentAt - keyAt,
      sendToPostMs: sentAt === null ? null : post.at - sentAt,
    });
    // The supervisor's phone now barges into that call, and the console refuses another monitor while the
    // phone is busy: hang it up, and give the own-extension poll a cycle to see it free again. The call may
    // have ended meanwhile (calls are short at 100 agents): the simulator's 409 then says the phone is free.
    await sim.post(`/_sim/extensions/${SUPERVISOR_EXTENSION}/hangup`).catch((e: Error) => {
      if (!/ -> 409 .*not on a call/.test(e.message)) throw e;
    });
    await sleep(pollMs + 300);
  }
  return out;
}

export async function runConsole(
  context: BrowserContext,
  sim: SimProcess,
  options: { pollMs: number; durations: Durations; naiveDir: string | null; log: (line: string) => void },
): Promise<ConsoleFigures> {
  const { durations: d, log } = options;
  const host: HostProcess = await startHostProcess({
    simUrl: sim.url, pollMs: options.pollMs, consoleDir: RENDERER_OUT_DIR, ...(options.naiveDir ? { naiveDir: options.naiveDir } : {}),
  });
  try {
    const { page, cdp, openedAt } = await openConsole(context, host.consoleUrl);
    // The connect reads the day's call records (up to 200,000 at 10,000 agents by evening, 30,000 a pass
    // every 30 s) and folds them in: once a day, and as long as the PBX-local hour makes it. The live phase
    // measures the floor as a supervisor has it the rest of the day; the connect is reported on its own.
    const connect = await host.ask({ type: 'settle', timeoutMs: SETTLE_TIMEOUT_MS });
    log(`  connect: ${connect.records} call records of the day read ${connect.caughtUp ? 'and folded in' : 'so far (still catching up)'} ` +
      `${Math.round(connect.sinceConnectMs / 1000)} s after the connect; loop lag p99 meanwhile ${Math.round(connect.lag.p99Ms * 10) / 10} ms`);
    await page.evaluate(takeProbe); // the initial load and the connect are not the live phase

    log(`  live: ${d.liveSec} s of polling (loop lag, change-to-paint)`);
    const cpuBefore = { simulator: cpuSeconds(sim.child.process.pid), host: cpuSeconds(host.pid), at: performance.now() };
    await host.ask({ type: 'lag-start' });
    await sleep(d.liveSec * 1000);
    const loopLag = await host.ask({ type: 'lag-stop' });
    const liveLoad = loadAverage();
    const share = (before: number | null, after: number | null): number | null =>
      before === null || after === null ? null : Math.round(((after - before) / ((performance.now() - cpuBefore.at) / 1000)) * 1000) / 10;
    const liveCpu = { simulator: share(cpuBefore.simulator, cpuSeconds(sim.child.process.pid)), host: share(cpuBefore.host, cpuSeconds(host.pid)) };
    const live = await page.evaluate(takeProbe);
    log(`  live done, load ${liveLoad.join(' / ')}; CPU, % of one core: simulator ${liveCpu.simulator ?? '-'}, main host ${liveCpu.host ?? '-'}`);
    const renderer = rendererFigures(live.changes, await countDom(page), await heapUsed(cdp));
    Object.assign(renderer, await frameFloor(context, page));

    // Memory: the first reading right after the live phase, the last one after the other phases.
    const readMemory = async (sec: number): Promise<{ ageSec: number; heap: number; rss: number; rows: FloorRows }> => {
      const wait = openedAt + sec * 1000 - Date.now();
      if (wait > 0) {
        log(`  memory: waiting ${Math.round(wait / 1000)} s for the reading at page age ${sec} s`);
        await sleep(wait);
      }
      await page.evaluate(takeProbe); // keep the probe's buffers from growing the heap
      const heap = await heapUsed(cdp);
      const { rssBytes } = await host.ask({ type: 'memory' });
      const { counts, queueEntries } = await sim.state();
      const rows = { loggedIn: counts.loggedIn, calls: counts.calls, queueEntries: queueEntries.length, abandonedToday: counts.abandonedTotal };
      return { ageSec: Math.round((Date.now() - openedAt) / 1000), heap, rss: rssBytes, rows };
    };
    const firstMemory = d.memoryAtSec ? await readMemory(d.memoryAtSec[0]) : null;

    if (d.freshnessSamples > 0) log(`  freshness: ${d.freshnessSamples} changes`);
    const freshness = d.freshnessSamples > 0 ? await measureFreshness(page, sim, d.freshnessSamples, log) : [];
    if (d.actionSamples > 0) log(`  action: ${d.actionSamples} B presses`);
    const action = d.actionSamples > 0 ? await measureAction(page, sim, d.actionSamples, options.pollMs) : [];

    log(`  bridge: ${d.bytesTicks} ticks at 1 % change (scenario paused)`);
    await sim.setRunning(false);
    await host.ask({ type: 'bytes-start' });
    const ticks: TickFrames[] = [];
    await host.ask({ type: 'next-tick', timeoutMs: 5 * options.pollMs }); // let the last live tick drain
    for (let i = 0; i < d.bytesTicks; i++) {
      await sim.mutate(0.01);
      const tick = await host.ask({ type: 'next-tick', timeoutMs: 5 * options.pollMs });
      if (tick) ticks.push(tick);
    }
    await host.ask({ type: 'bytes-stop' });
    const fullPicture = await host.ask({ type: 'full-picture' });
    await sim.setRunning(true);

    let memory: MemoryFigures | null = null;
    if (d.memoryAtSec && firstMemory) {
      const a = firstMemory;
      const b = await readMemory(d.memoryAtSec[1]);
      memory = {
        atSec: [a.ageSec, b.ageSec],
        rows: [a.rows, b.rows],
        heapUsedBytes: [a.heap, b.heap],
        rssBytes: [a.rss, b.rss],
        heapGrowthPct: ((b.heap - a.heap) / a.heap) * 100,
        rssGrowthPct: ((b.rss - a.rss) / a.rss) * 100,
      };
    }

    await cdp.detach();
    await page.close();

    let naive: RendererFigures | null = null;
    if (d.naiveSec > 0 && host.naiveUrl) {
      log(`  naive baseline: ${d.naiveSec} s`);
      const page2 = await context.newPage();
      await page2.bringToFront();
      await page2.goto(host.naiveUrl);
      await page2.locator('[data-testid="row-agent"]').first().waitFor({ timeout: 120_000 });
      await page2.evaluate(takeProbe);
      await sleep(d.naiveSec * 1000);
      const probe = await page2.evaluate(takeProbe);
      const cdp2 = await context.newCDPSession(page2);
      naive = rendererFigures(probe.changes, await countDom(page2), await heapUsed(cdp2));
      await cdp2.detach();
      await page2.close();
    }

    return {
      connect,
      loopLag,
      liveLoad,
      liveCpu,
      renderer,
      freshness: {
        samples: freshness,
        medianMs: median(freshness.map((f) => f.totalMs)),
        p95Ms: p95(freshness.map((f) => f.totalMs)),
        pollToDomMedianMs: median(freshness.flatMap((f) => (f.pollToDomMs === null ? [] : [f.pollToDomMs]))),
        pollToDomP95Ms: p95(freshness.flatMap((f) => (f.pollToDomMs === null ? [] : [f.pollToDomMs]))),
      },
      action: {
        samples: action,
        medianMs: median(action.map((a) => a.totalMs)),
        p95Ms: p95(action.map((a) => a.totalMs)),
        keyToSendMedianMs: median(action.flatMap((a) => (a.keyToSendMs === null ? [] : [a.keyToSendMs]))),
        sendToPostMedianMs: median(action.flatMap((a) => (a.sendToPostMs === null ? [] : [a.sendToPostMs]))),
        sendToPostP95Ms: p95(action.flatMap((a) => (a.sendToPostMs === null ? [] : [a.sendToPostMs]))),
      },
      bridge: {
        fullPicture,
        ticks,
        changedBytesMedian: median(ticks.map((t) => t.changedBytes)),
        tickBytesMedian: median(ticks.map((t) => t.tickBytes)),
      },
      memory,
      naive,
    };
  } finally {
    await host.stop();
  }
}
