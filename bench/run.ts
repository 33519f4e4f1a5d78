// `npm run bench [-- --quick | --fast-path] [--sizes 100,1000,10000] [--poll-ms 1000] [--no-write] [--report-only] [--backtest] [--alerts] [--hub] [--cdr] [--outbound]`:
// the whole path (simulator -> core -> web host -> console in headless Chromium) at each floor size, printed
// as a table and written to bench/results/latest.json and BENCHMARKS.md. `--quick` runs the largest size
// briefly (under two minutes) and says so in its output. `--fast-path` runs only what the four speed
// targets need at 10,000 agents (main tick and its ratio, event-loop lag, change set to next frame; the
// bridge bytes beside them) with the full phases, about 4 minutes; it and every full run at 10,000 agents
// add to the last three runs kept with their spread in BENCHMARKS.md (bench/results/fast-path.json).
// `--hub` runs only the floor hub's measure (bench/hub.ts: 1, 10 and 50 consoles on one hub at 10,000
// agents). `--cdr` only the call-record pass at 10,000 agents (bench/cdr-pass.ts). `--outbound` only the
// 100,000-row call list (bench/outbound-list.ts, also part of a full run) into its own section. What each
// figure is: docs/benchmarks.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureRendererBuilt, PROJECT_ROOT } from '../main/web/renderer-build';
import { CHROMIUM_PATH, launchChromium } from '../test/e2e/support/chromium';
import { runConsole, type Durations } from './console-run';
import { describeMachine, gitCommit, loadAverage } from './lib/machine';
import { FAST_PATH_RUNS, fastPathSection } from './lib/fast-path';
import { installProbe } from './lib/page-probe';
import { benchmarksMarkdown, figuresTable, floorTable, machineText, mainTickText, memoryText, verdicts, type RunResult, type SizeResult } from './lib/report';
import { startSimProcess } from './lib/sim-process';
import { measureMainTick } from './main-tick';
import { measureAlertCost } from './alert-cost';
import { recordBusyMorning, BACKTEST } from './backtest/busy-morning';
import { scoreDay } from './backtest/score';
import { alertsText, cdrSection } from './lib/report';
import { measureCdrPass, type CdrPassFigures } from './cdr-pass';
import { buildNaivePage } from './naive/build';
import { measureOutboundList, outboundSection } from './outbound-list';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'fast-path': { type: 'boolean', default: false },
    sizes: { type: 'string' },
    'poll-ms': { type: 'string', default: '1000' },
    'no-write': { type: 'boolean', default: false },
    'report-only': { type: 'boolean', default: false },
    backtest: { type: 'boolean', default: false },
    hub: { type: 'boolean', default: false },
    cdr: { type: 'boolean', default: false },
    alerts: { type: 'boolean', default: false },
    outbound: { type: 'boolean', default: false },
  },
});

const RESULTS_FILE = join(PROJECT_ROOT, 'bench/results/latest.json');
const FAST_PATH_FILE = join(PROJECT_ROOT, 'bench/results/fast-path.json');
const BENCHMARKS_FILE = join(PROJECT_ROOT, 'BENCHMARKS.md');

/** A marked section of BENCHMARKS.md (`<!-- name:start -->` ... `<!-- name:end -->`), if it is there. */
function section(text: string, name: string): string | undefined {
  return new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`).exec(text)?.[0];
}

/**
 * BENCHMARKS.md from a run and the current bench/analysis.md. The fast-path section (the last three
 * `--fast-path` runs) and the Faults section (`npm run bench:faults`, bench/fault-recovery.ts) are kept.
 */
function writeBenchmarks(run: RunResult): void {
  const analysisFile = join(PROJECT_ROOT, 'bench/analysis.md');
  const analysis = existsSync(analysisFile) ? readFileSync(analysisFile, 'utf8') : '';
  const old = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : '';
  const kept = [section(old, 'fast-path'), section(old, 'faults'), section(old, 'hub'), section(old, 'cdr'), section(old, 'outbound')].filter((s): s is string => s !== undefined);
  writeFileSync(BENCHMARKS_FILE, [benchmarksMarkdown(run, analysis).trimEnd(), ...kept].join('\n\n') + '\n');
}

/** A run at 10,000 agents (fast path or full): kept with the two before it, their spread in BENCHMARKS.md's fast-path section. */
function writeFastPath(run: RunResult): void {
  const runs = existsSync(FAST_PATH_FILE) ? (JSON.parse(readFileSync(FAST_PATH_FILE, 'utf8')) as { runs: RunResult[] }).runs : [];
  // Only what the section reads: the 10,000-agent size (a full run's smaller sizes stay in latest.json).
  const kept: RunResult = { ...run, sizes: run.sizes.slice(-1), backtest: undefined, alertCost: undefined };
  const last = [...runs, kept].slice(-FAST_PATH_RUNS);
  writeFileSync(FAST_PATH_FILE, JSON.stringify({ runs: last }, null, 2) + '\n');
  const text = fastPathSection(last);
  const old = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : '';
  const at = section(old, 'fast-path');
  if (at) writeFileSync(BENCHMARKS_FILE, old.replace(at, text));
  else {
    // Before the Faults section when there is one, else at the end.
    const faults = section(old, 'faults');
    writeFileSync(BENCHMARKS_FILE, faults ? old.replace(faults, `${text}\n\n${faults}`) : `${old.trimEnd()}\n\n${text}\n`);
  }
}

/** The call-record pass: bench/results/cdr.json and its own section of BENCHMARKS.md (replaced, or added at the end). */
function writeCdr(figures: CdrPassFigures): void {
  writeFileSync(join(PROJECT_ROOT, 'bench/results/cdr.json'), JSON.stringify({ at: new Date().toISOString(), figures }, null, 2) + '\n');
  const text = cdrSection(figures, new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC');
  const old = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : '';
  const at = section(old, 'cdr');
  writeFileSync(BENCHMARKS_FILE, at ? old.replace(at, text) : `${old.trimEnd()}\n\n${text}\n`);
}

/** The outbound section of BENCHMARKS.md replaced (or added before the Faults section). */
function writeOutbound(text: string): void {
  const old = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : '';
  const at = section(old, 'outbound');
  const faults = section(old, 'faults');
  writeFileSync(BENCHMARKS_FILE, at ? old.replace(at, text) : faults ? old.replace(faults, `${text}\n\n${faults}`) : `${old.trimEnd()}\n\n${text}\n`);
}

async function outboundRun(log: (line: string) => void): Promise<void> {
  const figures = await measureOutboundList(log);
  const text = outboundSection(figures, new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', gitCommit());
  log(`\n${text}`);
  if (!values['no-write']) {
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(join(PROJECT_ROOT, 'bench/results/outbound.json'), JSON.stringify(figures, null, 2) + '\n');
    writeOutbound(text);
  }
}

// `--outbound`: only the 100,000-row call list.
if (values.outbound) {
  console.log(`Floorwatch bench (outbound list), load ${loadAverage().join(' / ')}`);
  await outboundRun(console.log);
  process.exit(0);
}

// `--report-only`: rewrite BENCHMARKS.md from the last run's JSON (after editing bench/analysis.md).
if (values['report-only']) {
  writeBenchmarks(JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as RunResult);
  console.log('Wrote BENCHMARKS.md from bench/results/latest.json');
  process.exit(0);
}

/** The breach predictor's backtest: the two reported busy mornings, the tuning days and the held-out ones (about a second each). */
function backtest(): RunResult['backtest'] {
  return [...BACKTEST.seeds, ...BACKTEST.tuning, ...BACKTEST.heldOut].map((seed) => scoreDay(recordBusyMorning(seed)));
}

/** Only BENCHMARKS.md's Alerts section, the rest as it stands (a run's other figures are not rewritten). */
function writeAlertsSection(run: RunResult): void {
  const old = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : '';
  const at = /## Alerts \(issue 17\)\n[\s\S]*?(?=\n## )/.exec(old);
  const text = `## Alerts (issue 17)\n${alertsText(run)}\n`;
  writeFileSync(BENCHMARKS_FILE, at ? old.replace(at[0], text) : `${old.trimEnd()}\n\n${text}`);
}

// `--backtest` / `--alerts`: only the predictor's backtest / the alert rules' cost (about 2 min / 20 s),
// added to the last run's JSON and BENCHMARKS.md's Alerts section.
if (values.backtest || values.alerts) {
  const last = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as RunResult;
  if (values.backtest) last.backtest = backtest();
  if (values.alerts) last.alertCost = measureAlertCost();
  console.log(alertsText({ ...last, sizes: [] }));
  if (!values['no-write']) {
    writeFileSync(RESULTS_FILE, JSON.stringify(last, null, 2) + '\n');
    writeAlertsSection(last);
    console.log('\nWrote the Alerts section of BENCHMARKS.md and bench/results/latest.json');
  }
  process.exit(0);
}

// `--hub`: only the floor hub's measure, its own section of BENCHMARKS.md.
if (values.hub) {
  const { HUB_BENCH, runHubBench, hubSection, writeHubResult } = await import('./hub');
  const t = Date.now();
  // --quick: a smoke run at 1,000 agents with 1 and 3 consoles, never written.
  const options = values.quick ? { agents: 1000, consoles: [1, 3], windowSec: 5 } : HUB_BENCH;
  const result = await runHubBench((line) => console.log(`${line}  [${Math.round((Date.now() - t) / 1000)} s]`), options);
  console.log(`\n${hubSection(result)}`);
  if (!values['no-write'] && !values.quick) {
    writeHubResult(result);
    console.log('\nWrote BENCHMARKS.md and bench/results/hub.json');
  }
  process.exit(0);
}

// `--cdr`: only the call-record pass at 10,000 agents, its own section of BENCHMARKS.md.
if (values.cdr) {
  const sim = await startSimProcess(10_000);
  let figures: CdrPassFigures;
  try {
    figures = await measureCdrPass(sim, 10_000);
  } finally {
    await sim.stop();
  }
  console.log(cdrSection(figures, 'now'));
  if (!values['no-write']) {
    writeCdr(figures);
    console.log('\nWrote BENCHMARKS.md and bench/results/cdr.json');
  }
  process.exit(0);
}

const quick = values.quick ?? false;
const fastPath = values['fast-path'] ?? false;
if (quick && fastPath) throw new Error('--quick and --fast-path: one or the other');
const sizes = (values.sizes ?? (quick || fastPath ? '10000' : '100,1000,10000')).split(',').map(Number);
const pollMs = Number(values['poll-ms']);
if (sizes.some((n) => !Number.isInteger(n) || n < 10 || n > 10_000)) throw new Error('--sizes: integers 10..10000, comma-separated');
if (!Number.isInteger(pollMs) || pollMs < 100) throw new Error('--poll-ms: an integer >= 100');
const largest = Math.max(...sizes);

function durationsFor(agents: number): Durations {
  const isLargest = agents === largest;
  if (quick) {
    return { liveSec: 10, freshnessSamples: 6, actionSamples: 5, bytesTicks: 4, memoryAtSec: isLargest ? [20, 45] : null, naiveSec: 5 };
  }
  // The fast path's figures with the full run's phases; freshness, actions, memory and the naive page left out.
  if (fastPath) return { liveSec: 40, freshnessSamples: 0, actionSamples: 0, bytesTicks: 10, memoryAtSec: null, naiveSec: 0 };
  return {
    liveSec: isLargest ? 40 : 20,
    freshnessSamples: isLargest ? 20 : 15,
    actionSamples: 10,
    bytesTicks: 10,
    memoryAtSec: isLargest ? [60, 600] : null,
    naiveSec: isLargest ? 20 : 15,
  };
}

const t0 = Date.now();
/** Progress lines carry the seconds since the start, so a slow phase shows. */
const log = (line: string): void => console.log(line.startsWith('  ') ? `${line}  [${Math.round((Date.now() - t0) / 1000)} s]` : line);
const started = new Date();
log(`Floorwatch bench${quick ? ' (quick)' : fastPath ? ' (fast path)' : ''}: sizes ${sizes.join(', ')}, poll interval ${pollMs} ms`);
if (await ensureRendererBuilt()) log('Built the console into out/renderer.');
const naiveDir = await buildNaivePage();
const machine = describeMachine(CHROMIUM_PATH);
log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.chromium}, load ${machine.loadAverage.join(' / ')}`);

const chromium = await launchChromium();
// A plain string: the function's source, called at once, in every page before the page's own scripts.
// tsx's transform wraps named functions in `__name(...)` (esbuild keepNames), which the page lacks.
await chromium.context.addInitScript({ content: `(() => { const __name = (f) => f; (${installProbe.toString()})(); })();` });
const results: SizeResult[] = [];
let cdr: CdrPassFigures | undefined;
try {
  for (const agents of sizes) {
    log(`\n${agents} agents`);
    const sim = await startSimProcess(agents);
    try {
      log('  main tick: real modules on real responses');
      const mainTick = await measureMainTick(sim, quick ? 8 : 30);
      log(`  main tick done, load ${loadAverage().join(' / ')}`);
      const figures = await runConsole(chromium.context, sim, { pollMs, durations: durationsFor(agents), naiveDir, log });
      results.push({ agents, pollMs, mainTick, console: figures });
      if (agents === largest && !fastPath) {
        log('  call records: the day read and folded, then an incremental pass');
        cdr = await measureCdrPass(sim, agents);
      }
    } finally {
      await sim.stop();
    }
  }
} finally {
  await chromium.close();
}

const run: RunResult = {
  startedAt: started.toISOString(),
  finishedAt: new Date().toISOString(),
  quick,
  fastPath,
  commit: gitCommit(),
  machine,
  loadAverageAtEnd: loadAverage(),
  sizes: results,
  ...(fastPath ? {} : { backtest: backtest(), alertCost: measureAlertCost() }),
};

const table = figuresTable(run);
log(`\n${table}\n\n${floorTable(run)}\n\n${machineText(run)}\n${memoryText(run)}\n\nWhere the main tick goes:\n${mainTickText(run)}\n\n${alertsText(run)}${cdr ? `\n\n${cdrSection(cdr, 'now')}` : ''}`);
const missed = verdicts(run).filter((v) => v.met === false);
log(missed.length === 0 ? '\nEvery target met.' : `\nMissed: ${missed.map((v) => v.figure).join('; ')}`);

// The 100,000-row call list (issue 19), after the floor sizes: its own section, kept by the writes above.
if (!fastPath && !quick) {
  log('\nOutbound call list');
  await outboundRun(log);
}

if (!values['no-write']) {
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  if (fastPath) {
    // The full run's figures stay as they were: a fast-path run adds to the spread of the last three.
    writeFastPath(run);
    log(`\n${fastPathSection(JSON.parse(readFileSync(FAST_PATH_FILE, 'utf8')).runs as RunResult[])}`);
    log('\nWrote the fast-path section of BENCHMARKS.md and bench/results/fast-path.json');
  } else {
    writeFileSync(RESULTS_FILE, JSON.stringify(run, null, 2) + '\n');
    writeBenchmarks(run);
    if (cdr) writeCdr(cdr);
    // A full run measures the four speed targets too: it counts among the last three runs.
    if (!quick && run.sizes.at(-1)?.agents === 10_000) writeFastPath(run);
    log('\nWrote BENCHMARKS.md and bench/results/latest.json');
  }
}
process.exit(0);
