// The alert rules' cost per tick at 10,000 agents (issue 17: "must not push the main tick p95 over its
// budget"), measured in process on the simulator's own model: 40 queues, the default rules, the journal on
// a real file (as in the app: written each tick, fsync'd only for acknowledgements and snoozes), one tick
// per second of floor time, as the live session's one-second alert timer runs it. The simulator's starting floor has
// thousands of agents in long TRAINING / MEETING pauses, so the pause rule trips for thousands at once: the
// worst case of a real floor. Per tick: the predictor, the rules, the tracker and the change set as JSON
// (what crosses the bridge); beside it the bytes of that change set and of the whole list.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertSettingsSchema } from '../common/alerts';
import { createAlertMonitor } from '../main/core/alerts/alert-monitor';
import type { QueueCounters } from '../main/core/picture/daily-stats';
import { createFloor } from '../main/simulator/floor';
import { readFloor } from './backtest/busy-morning';
import { median, p95, round } from './lib/stats';

export interface AlertCostFigures {
  agents: number;
  queues: number;
  ticks: number;
  /** Per tick, ms: predictor + rules + tracker + the change set's JSON. */
  tickMs: number[];
  /** Alerts active after the first tick and at the end (named agents, groups, queues). */
  activeFirst: number;
  activeLast: number;
  /** Agents past a rule at the end (named one by one or counted in a group). */
  agentsPast: number;
  /** Bytes of the change sets sent (first tick, then the median of the others) and of the whole list. */
  firstChangeBytes: number;
  changeBytesMedian: number;
  wholeBytes: number;
  load: number;
}

export function measureAlertCost(options: { agents?: number; queues?: number; ticks?: number } = {}): AlertCostFigures {
  const agents = options.agents ?? 10_000;
  const queues = options.queues ?? 40;
  const ticks = options.ticks ?? 120;
  const dir = mkdtempSync(join(tmpdir(), 'fw-alert-cost-'));
  let now = Date.UTC(2026, 11, 7, 2, 0, 0);
  try {
    const floor = createFloor({
      seed: 7, agents, queues, retentionMs: 60_000, supervisorExtension: '9000', domainName: 'bench.local', hotline: '19001000', clock: () => now,
    });
    const settings = alertSettingsSchema.parse({});
    const counters = new Map<string, QueueCounters>();
    const monitor = createAlertMonitor({
      file: join(dir, 'alerts.jsonl'), zone: () => 'Asia/Ho_Chi_Minh', now: () => now, log: () => {}, settings: () => settings,
      serviceLevelSec: () => 20, serviceLevelTarget: () => 80, counters: () => counters,
    });
    const counted = new Set<string>();
    const dayStart = now - 3_600_000;
    const tickMs: number[] = [];
    const changeBytes: number[] = [];
    let firstChangeBytes = 0;
    let activeFirst = 0;
    for (let i = 0; i < ticks; i++) {
      now += 1000;
      floor.advance(1000);
      const { queues: summaries, agents: rows, calls } = readFloor(floor, counted, counters, dayStart, now, 20);
      const t0 = performance.now();
      const change = monitor.tick({ agents: rows, calls, queues: summaries, sources: [], ownRegistered: true, ownExtension: '9000' });
      const bytes = change ? JSON.stringify(change).length : 0;
      tickMs.push(performance.now() - t0);
      if (i === 0) {
        firstChangeBytes = bytes;
        activeFirst = monitor.state().alerts.length;
      } else if (change) changeBytes.push(bytes);
    }
    const active = monitor.state().alerts;
    const agentsPast = active.reduce((n, a) => n + (a.subject.type === 'agent' ? 1 : a.subject.type === 'agents' ? (a.figure ?? 0) : 0), 0);
    return {
      agents, queues, ticks, tickMs, activeFirst, activeLast: active.length, agentsPast, firstChangeBytes,
      changeBytesMedian: median(changeBytes) ?? 0, wholeBytes: JSON.stringify(monitor.state()).length,
      load: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function alertCostText(f: AlertCostFigures): string {
  const kib = (b: number): string => `${round(b / 1024, 1)} KiB`;
  return (
    `- alert rules per tick at ${f.agents.toLocaleString('en-US')} agents, ${f.queues} queues, the default rules (${f.ticks} ticks, in process, ` +
    `journal on a real file; load ${f.load}): median ${round(median(f.tickMs), 2)} ms, p95 ${round(p95(f.tickMs), 2)} ms, first tick ${round(f.tickMs[0] ?? 0, 1)} ms; ` +
    `${f.agentsPast.toLocaleString('en-US')} agents past a rule shown as ${f.activeLast} alerts (20 named per rule, the rest "N more agents"); ` +
    `bridge per change: first ${kib(f.firstChangeBytes)}, then median ${kib(f.changeBytesMedian)} (the whole list: ${kib(f.wholeBytes)})`
  );
}
