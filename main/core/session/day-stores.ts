// The abandoned journal, daily counters, agents' pauses and alerts of one data folder. The demo keeps its own folder, apart from a
// real PBX's, so a demo's callers never land in a real day's figures.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertSettings } from '../../../common/alerts';
import { createAlertMonitor, type AlertMonitor } from '../alerts/alert-monitor';
import { openAbandonedJournal, type AbandonedJournal } from '../picture/abandoned-journal';
import { createAgentPauses, type AgentPauses } from '../picture/agent-pauses';
import { createDailyStats, type DailyStats } from '../picture/daily-stats';

export interface DayStores {
  dir: string;
  journal: AbandonedJournal;
  daily: DailyStats;
  alerts: AlertMonitor;
  pauses: AgentPauses;
}

interface DayStoreDeps {
  /** The zone the day turns in (the live session's, else the settings'). */
  zone: () => string;
  now: () => number;
  log: (message: string) => void;
  serviceLevelSec: () => number;
  alertSettings: () => AlertSettings;
  serviceLevelTarget: (queueId: string) => number;
  serviceLevelSecByQueue: () => Readonly<Record<string, number>>;
  shortAbandonSec: () => number;
}

export function openDayStores(dir: string, deps: DayStoreDeps): DayStores {
  mkdirSync(dir, { recursive: true });
  const { zone, now, log, serviceLevelSec, alertSettings, serviceLevelTarget, serviceLevelSecByQueue, shortAbandonSec } = deps;
  const daily = createDailyStats({ file: join(dir, 'daily-stats.jsonl'), zone, now, log, serviceLevelSec, serviceLevelSecByQueue, shortAbandonSec });
  return {
    dir,
    journal: openAbandonedJournal({ file: join(dir, 'abandoned.jsonl'), zone, now, log }),
    daily,
    pauses: createAgentPauses({ file: join(dir, 'pauses.jsonl'), zone, now, log }),
    // The forecast's handle time: the day's records as Today counts them.
    alerts: createAlertMonitor({ file: join(dir, 'alerts.jsonl'), zone, now, log, serviceLevelSec, settings: alertSettings, serviceLevelTarget, counters: () => daily.counters() }),
  };
}
