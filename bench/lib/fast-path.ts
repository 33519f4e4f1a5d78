// The fast path's spread: the last three runs at 10,000 agents (full `npm run bench` runs and
// `npm run bench -- --fast-path` runs alike) side by side in BENCHMARKS.md, each with its kind, its commit and
// the machine's load, the four speed targets judged on every run (a target met once and missed on the next
// is not met).
import { fmt, ROWS, type Row, type RunResult } from './report';

/** How many consecutive runs the targets must hold on. */
export const FAST_PATH_RUNS = 3;

/** The target figures first, then what explains them. */
const FIGURES = [
  '1. main tick (validate, normalise, diff), p95 (ms)',
  '1. last byte to change set p95 / decode + parse alone p95, worst body (x)',
  '3. change set to next frame, p95 (ms)',
  '1. main event-loop lag, p99 (ms)',
  "1. ... at the connect, while the day's call records are read and folded in, p99 (ms)",
  "1. ... the connect: seconds until the day's call records were in (s)",
  '1. main tick (validate, normalise, diff), median (ms)',
  '1. last byte of an answer to change set, p95 (ms)',
  '1. decode + parse of one body alone (one buffer, one TextDecoder.decode, one JSON.parse), p95 (ms)',
  '1. ... of it, the floor tick on the main thread, p95 (ms)',
  '3. change set to next frame, median (ms)',
  '3. ... of which work to DOM ready, p95 (ms)',
  '3. the floor: the same steps with no work, in a blank page of the same browser, p95 (ms)',
  '2. full picture (KiB)',
  '2. bridge bytes per tick at 1 % change (KiB)',
  '1. machine load (1-min average) as the main tick ended',
  '1. machine load (1-min average) as the live phase (lag, next frame) ended',
  '1. ... CPU in the live phase: the simulator (the PBX), % of one core',
  '1. ... CPU in the live phase: the main host (core, web host, decode workers), % of one core',
];

function rowOf(figure: string): Row {
  const row = ROWS.find((r) => r.figure === figure);
  if (!row) throw new Error(`fast path: no figure "${figure}" in bench/lib/report.ts`);
  return row;
}

/** The section between `<!-- fast-path:start -->` and `<!-- fast-path:end -->`. */
export function fastPathSection(runs: readonly RunResult[]): string {
  const sized = runs.map((run) => run.sizes.at(-1)).filter((s) => s !== undefined);
  const header = ['figure', 'target', ...runs.map((_, i) => `run ${i + 1}`), 'spread (min - max)', `met in all ${runs.length}`];
  const lines = [header, header.map(() => '---')];
  for (const figure of FIGURES) {
    const row = rowOf(figure);
    const values = sized.map((s) => row.values(s));
    const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
    let met = '';
    if (row.target) {
      const ok = sized.every((s, i) => {
        const v = values[i];
        return v !== null && v !== undefined && Number.isFinite(v) && v <= (row.target as (r: typeof s) => number)(s);
      });
      met = runs.length < FAST_PATH_RUNS ? `(${runs.length} of ${FAST_PATH_RUNS} runs)` : ok ? 'yes' : '**no**';
    }
    const spread = known.length > 0 ? `${fmt(Math.min(...known))} - ${fmt(Math.max(...known))}` : '—';
    lines.push([figure, row.targetText ?? '', ...values.map(fmt), spread, met]);
  }
  const runLines = runs.map((run, i) =>
    `- run ${i + 1}: ${run.fastPath ? '`npm run bench -- --fast-path`' : 'full run (`npm run bench`)'}, ` +
    `${run.startedAt.slice(0, 16).replace('T', ' ')} UTC, commit ${run.commit ?? '?'}, ` +
    `load average ${run.machine.loadAverage.join(' / ')} at the start, ${run.loadAverageAtEnd.join(' / ')} at the end`);
  return [
    '<!-- fast-path:start -->',
    '## The fast path at 10,000 agents, three runs',
    '<!-- Written by `npm run bench` and `npm run bench -- --fast-path` (bench/run.ts, bench/lib/fast-path.ts); raw figures: bench/results/fast-path.json. -->',
    'The four speed targets at 10,000 agents on the last three runs that measured them: a full `npm run bench`, or',
    '`npm run bench -- --fast-path`, which measures the main tick and its ratio, event-loop lag and change set to',
    'next frame alone with the full run\'s phases (freshness, actions, memory and the naive page left out); each',
    'run below says which it was. A target is met only when every run meets it. The load average is the machine\'s',
    '(2 cores shared with other work): a figure taken at a load far above 2 waited for a core, not for Floorwatch.',
    '',
    lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n'),
    '',
    ...runLines,
    '<!-- fast-path:end -->',
  ].join('\n');
}
