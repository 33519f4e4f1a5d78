// `npm run bench:faults [-- --agents 1000] [--poll-ms 1000] [--hold 8] [--no-write]`: for each class of PBX
// fault, the seconds until the built console in Chromium shows the Queues, Live calls and Agents panels
// stale, and the seconds until none is stale any more once the fault clears. The whole path: the simulator
// in its own process (faults injected through its /_sim/ control surface), the real core and web host in
// the bench's main-process host (bench/main-host.ts), the built renderer in headless Chromium, watched every
// 50 ms. Prints a table, writes bench/results/faults.json and the "Faults" section of BENCHMARKS.md.
// Goals (issue 13 point 6, issue 14 point 12): stale within 2 poll intervals, live within about 1.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { FaultSpec } from '../main/simulator';
import { ensureRendererBuilt, PROJECT_ROOT, RENDERER_OUT_DIR } from '../main/web/renderer-build';
import { CHROMIUM_PATH, launchChromium } from '../test/e2e/support/chromium';
import { spawnTs, type Child } from './lib/child';
import { startHostProcess } from './lib/host-process';
import { simControl } from './lib/sim-process';
import { describeMachine } from './lib/machine';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '1000' },
    'poll-ms': { type: 'string', default: '1000' },
    hold: { type: 'string', default: '8' },
    'no-write': { type: 'boolean', default: false },
  },
});
const agents = Number(values.agents);
const pollMs = Number(values['poll-ms']);
const holdMs = Number(values.hold) * 1000;
if (!Number.isInteger(agents) || agents < 10 || agents > 10_000) throw new Error('--agents: an integer 10..10000');
if (!Number.isInteger(pollMs) || pollMs < 100) throw new Error('--poll-ms: an integer >= 100');

const PANELS = ['queues', 'calls', 'agents'];
const WATCH_MS = 50;
/** Longest wait for a state; a class that never reaches it within this is reported as such. */
const LIMIT_MS = 30_000;
/** The sections of BENCHMARKS.md this script owns (bench/run.ts keeps them when it rewrites the file). */
const START = '<!-- faults:start -->';
const END = '<!-- faults:end -->';

interface Sim {
  url: string;
  child: Child;
  post(path: string, body?: unknown): Promise<void>;
}

async function startSim(port = 0): Promise<Sim> {
  const { child, match } = await spawnTs(
    'main/simulator/cli.ts',
    ['--agents', String(agents), '--seed', '1', '--surge', '0', '--port', String(port)],
    /on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  const url = match[1] as string;
  return {
    url,
    child,
    async post(path, body = {}) {
      await simControl(url + path, 'POST', body);
    },
  };
}

interface FaultClass {
  name: string;
  /** Start the fault; resolves once it is in place. */
  begin(sim: Sim): Promise<void>;
  /** End it; resolves at the moment the PBX answers again (the clock for "live again" starts here). */
  end(sim: Sim): Promise<Sim>;
}

const fault = (spec: FaultSpec): ((sim: Sim) => Promise<void>) => (sim) => sim.post('/_sim/faults', spec);
const clear = async (sim: Sim): Promise<Sim> => {
  await simControl(`${sim.url}/_sim/faults`, 'DELETE');
  return sim;
};
const expired = (spec: FaultSpec): ((sim: Sim) => Promise<void>) => async (sim) => {
  await sim.post('/_sim/faults', spec);
  await sim.post('/_sim/tokens/expire');
};

const CLASSES: FaultClass[] = [
  { name: 'HTTP 503 on every route', begin: fault({ route: '/v*', kind: 'status', status: 503 }), end: clear },
  { name: 'HTTP 502 (proxy HTML) on every route', begin: fault({ route: '/v*', kind: 'status', status: 502 }), end: clear },
  { name: '200 {"data": null, "status": "fail", ...} on the lists', begin: fault({ route: '/v3/*', kind: 'body', shape: 'status-fail' }), end: clear },
  { name: '200 {"error": ...} on the lists', begin: fault({ route: '/v3/*', kind: 'body', shape: 'error' }), end: clear },
  { name: '200 {"code": 500, "content": ...} on the lists', begin: fault({ route: '/v3/*', kind: 'body', shape: 'code-content' }), end: clear },
  { name: 'no answer (request timeout 5 s)', begin: fault({ route: '/v3/*', kind: 'delay', delayMs: 60_000 }), end: clear },
  { name: 'connection reset', begin: fault({ route: '/*', kind: 'reset' }), end: clear },
  {
    name: 'connection refused (PBX process gone)',
    begin: (sim) => sim.child.stop(),
    end: (sim) => startSim(Number(new URL(sim.url).port)),
  },
  { name: 'token endpoint 200 {"code": 500} + token expired', begin: expired({ route: '/v2/auth/token', kind: 'body', shape: 'code-content' }), end: clear },
  { name: 'token endpoint HTTP 503 + token expired', begin: expired({ route: '/v2/auth/token', kind: 'status', status: 503 }), end: clear },
  { name: 'token endpoint no answer + token expired', begin: expired({ route: '/v2/auth/token', kind: 'delay', delayMs: 60_000 }), end: clear },
];

/** The panels showing their stale marker now. */
function stalePanels(page: Page): Promise<string[]> {
  return page.evaluate(
    (panels) => panels.filter((p) => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(`[data-testid="stale-${p}"]`) !== null),
    PANELS,
  );
}

/** Milliseconds until `check(stale panels)` holds, watched every WATCH_MS; null past `limit`. */
async function timeUntil(page: Page, check: (stale: string[]) => boolean, limit = LIMIT_MS): Promise<number | null> {
  const start = performance.now();
  while (performance.now() - start < limit) {
    if (check(await stalePanels(page))) return performance.now() - start;
    await new Promise((r) => setTimeout(r, WATCH_MS));
  }
  return null;
}

interface FaultFigure {
  name: string;
  staleSec: number | null;
  liveSec: number | null;
}

const sec = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 100) / 10);

await ensureRendererBuilt();
let sim = await startSim();
const host = await startHostProcess({ simUrl: sim.url, pollMs, consoleDir: RENDERER_OUT_DIR });
const chromium = await launchChromium();
const figures: FaultFigure[] = [];
try {
  const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  await page.goto(host.consoleUrl);
  await page.getByTestId('row-agent').first().waitFor({ timeout: 60_000 });
  // An expired token alone: renewed on the next poll's 401, never shown stale.
  {
    await sim.post('/_sim/tokens/expire');
    const stale = await timeUntil(page, (s) => s.length > 0, 4 * pollMs);
    figures.push({ name: 'token expired (renewed on the 401)', staleSec: sec(stale), liveSec: stale === null ? 0 : sec(await timeUntil(page, (s) => s.length === 0)) });
  }
  for (const c of CLASSES) {
    if ((await timeUntil(page, (s) => s.length === 0)) === null) throw new Error(`the console is not live before "${c.name}"`);
    // Start just after a poll cycle's answer, as a fault would at any moment: no alignment wanted, so none.
    await c.begin(sim);
    const staleMs = await timeUntil(page, (s) => s.length === PANELS.length);
    await new Promise((r) => setTimeout(r, holdMs));
    sim = await c.end(sim);
    const liveMs = await timeUntil(page, (s) => s.length === 0);
    figures.push({ name: c.name, staleSec: sec(staleMs), liveSec: sec(liveMs) });
    console.log(`${c.name}: stale ${sec(staleMs) ?? 'never'} s, live again ${sec(liveMs) ?? 'never'} s`);
  }
} finally {
  await chromium.close();
  await host.stop();
  await sim.child.stop();
}

const show = (v: number | null, never: string): string => (v === null ? never : v.toFixed(1));
const table = [
  `| fault (held ${holdMs / 1000} s) | seconds to stale | seconds to live again after it clears |`,
  '|---|---|---|',
  ...figures.map((f) => `| ${f.name} | ${show(f.staleSec, 'never')} | ${f.staleSec === null ? '-' : show(f.liveSec, `> ${LIMIT_MS / 1000}`)} |`),
].join('\n');
console.log(`\n${table}\n`);

if (!values['no-write']) {
  const results = join(PROJECT_ROOT, 'bench/results/faults.json');
  mkdirSync(dirname(results), { recursive: true });
  const machine = describeMachine(CHROMIUM_PATH);
  writeFileSync(results, `${JSON.stringify({ at: new Date().toISOString(), agents, pollMs, holdMs, machine, figures }, null, 2)}\n`);
  const section = [
    START,
    '## Faults: seconds to stale, seconds to live again',
    '<!-- Written by `npm run bench:faults` (bench/fault-recovery.ts); raw figures: bench/results/faults.json. -->',
    `Each class of PBX fault injected by the simulator at ${agents.toLocaleString('en')} agents, polls every ${pollMs / 1000} s, the`,
    'built console in headless Chromium watched every 50 ms: seconds until the Queues, Live calls and Agents',
    'panels all show stale, and, after the fault has lasted its time, seconds until none does. Goals: stale',
    'within 2 poll intervals, live again within about 1 (a request already waiting on a silent PBX first runs',
    `into its 5 s timeout). Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAverage.join(' / ')}.`,
    '',
    table,
    END,
  ].join('\n');
  const file = join(PROJECT_ROOT, 'BENCHMARKS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const at = current.indexOf(START);
  const next = at >= 0 ? current.slice(0, at) + section + current.slice(current.indexOf(END) + END.length) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  console.log('Wrote bench/results/faults.json and the Faults section of BENCHMARKS.md');
}
