// `npm run bench [-- --quick] [--sizes 100,1000,10000] [--poll-ms 1000] [--no-write] [--report-only] [--backtest]`: the whole path
// (simulator -> core -> web host -> console in headless Chromium) at each floor size, printed as a table
// and written to bench/results/latest.json and BENCHMARKS.md. `--quick` runs the largest size briefly
// (under two minutes) and says so in its output. What each figure is: docs/benchmarks.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureRendererBuilt, PROJECT_ROOT } from '../main/web/renderer-build';
import { CHROMIUM_PATH, launchChromium } from '../test/e2e/support/chromium';
import { runConsole, type Durations } from './console-run';
import { describeMachine, loadAverage } from './lib/machine';
import { installProbe } from './lib/page-probe';
import { benchmarksMarkdown, figuresTable, floorTable, machineText, memoryText, verdicts, type RunResult, type SizeResult } from './lib/report';
import { startSimProcess } from './lib/sim-process';
import { measureMainTick } from './main-tick';
import { recordBusyMorning, BACKTEST } from './backtest/busy-morning';
import { scoreDay } from './backtest/score';
import { alertsText } from './lib/report';
import { buildNaivePage } from './naive/build';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    'poll-ms': { type: 'string', default: '1000' },
    'no-write': { type: 'boolean', default: false },
    'report-only': { type: 'boolean', default: false },
    backtest: { type: 'boolean', default: false },
  },
});

const RESULTS_FILE = join(PROJECT_ROOT, 'bench/results/latest.json');

/** BENCHMARKS.md from a run and the current bench/analysis.md. */
function writeBenchmarks(run: RunResult): void {
  const analysisFile = join(PROJECT_ROOT, 'bench/analysis.md');
  const analysis = existsSync(analysisFile) ? readFileSync(analysisFile, 'utf8') : '';
  // The Faults section is `npm run bench:faults`'s (bench/fault-recovery.ts): kept as it is.
  const file = join(PROJECT_ROOT, 'BENCHMARKS.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const faults = /<!-- faults:start -->[\s\S]*<!-- faults:end -->/.exec(old)?.[0];
  writeFileSync(file, faults ? `${benchmarksMarkdown(run, analysis).trimEnd()}\n\n${faults}\n` : benchmarksMarkdown(run, analysis));
}

// `--report-only`: rewrite BENCHMARKS.md from the last run's JSON (after editing bench/analysis.md).
if (values['report-only']) {
  writeBenchmarks(JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as RunResult);
  console.log('Wrote BENCHMARKS.md from bench/results/latest.json');
  process.exit(0);
}

/** The breach predictor's backtest: both busy-morning days, a few seconds each. */
function backtest(): RunResult['backtest'] {
  return BACKTEST.seeds.map((seed) => scoreDay(recordBusyMorning(seed)));
}

// `--backtest`: only the predictor's backtest, added to the last run's JSON and BENCHMARKS.md.
if (values.backtest) {
  const last = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as RunResult;
  last.backtest = backtest();
  console.log(alertsText({ ...last, sizes: [] }));
  if (!values['no-write']) {
    writeFileSync(RESULTS_FILE, JSON.stringify(last, null, 2) + '\n');
    writeBenchmarks(last);
    console.log('\nWrote BENCHMARKS.md and bench/results/latest.json');
  }
  process.exit(0);
}

const quick = values.quick ?? false;
const sizes = (values.sizes ?? (quick ? '10000' : '100,1000,10000')).split(',').map(Number);
const pollMs = Number(values['poll-ms']);
if (sizes.some((n) => !Number.isInteger(n) || n < 10 || n > 10_000)) throw new Error('--sizes: integers 10..10000, comma-separated');
if (!Number.isInteger(pollMs) || pollMs < 100) throw new Error('--poll-ms: an integer >= 100');
const largest = Math.max(...sizes);

function durationsFor(agents: number): Durations {
  const isLargest = agents === largest;
  if (quick) {
    return { liveSec: 10, freshnessSamples: 6, actionSamples: 5, bytesTicks: 4, memoryAtSec: isLargest ? [20, 45] : null, naiveSec: 5 };
  }
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
log(`Floorwatch bench${quick ? ' (quick)' : ''}: sizes ${sizes.join(', ')}, poll interval ${pollMs} ms`);
if (await ensureRendererBuilt()) log('Built the console into out/renderer.');
const naiveDir = await buildNaivePage();
const machine = describeMachine(CHROMIUM_PATH);
log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.chromium}, load ${machine.loadAverage.join(' / ')}`);

const chromium = await launchChromium();
// A plain string: the function's source, called at once, in every page before the page's own scripts.
// tsx's transform wraps named functions in `__name(...)` (esbuild keepNames), which the page lacks.
await chromium.context.addInitScript({ content: `(() => { const __name = (f) => f; (${installProbe.toString()})(); })();` });
const results: SizeResult[] = [];
try {
  for (const agents of sizes) {
    log(`\n${agents} agents`);
    const sim = await startSimProcess(agents);
    try {
      log('  main tick: real modules on real responses');
      const mainTick = await measureMainTick(sim, quick ? 8 : 30);
      const figures = await runConsole(chromium.context, sim, { pollMs, durations: durationsFor(agents), naiveDir, log });
      results.push({ agents, pollMs, mainTick, console: figures });
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
  machine,
  loadAverageAtEnd: loadAverage(),
  sizes: results,
  backtest: backtest(),
};

const table = figuresTable(run);
log(`\n${table}\n\n${floorTable(run)}\n\n${machineText(run)}\n${memoryText(run)}\n\n${alertsText(run)}`);
const missed = verdicts(run).filter((v) => v.met === false);
log(missed.length === 0 ? '\nEvery target met.' : `\nMissed: ${missed.map((v) => v.figure).join('; ')}`);

if (!values['no-write']) {
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, JSON.stringify(run, null, 2) + '\n');
  writeBenchmarks(run);
  log('\nWrote BENCHMARKS.md and bench/results/latest.json');
}
process.exit(0);
