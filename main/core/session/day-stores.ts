// The abandoned journal, daily counters and alerts of one data folder. The demo keeps its own folder, apart from a
// real PBX's, so a demo's callers never land in a real day's figures.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertSettings } from '../../../common/alerts';
import { createAlertMonitor, type AlertMonitor } from '../alerts/alert-monitor';
import { openAbandonedJournal, type AbandonedJournal } from '../picture/abandoned-journal';
import { createDailyStats, type DailyStats } from '../picture/daily-stats';

export interface DayStores {
  dir: string;
  journal: AbandonedJournal;
  daily: DailyStats;
  alerts: AlertMonitor;
}

export interface DayStoreDeps {
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
  return {
    dir,
    journal: openAbandonedJournal({ file: join(dir, 'abandoned.jsonl'), zone, now, log }),
    daily: createDailyStats({ file: join(dir, 'daily-stats.jsonl'), zone, now, log, serviceLevelSec, serviceLevelSecByQueue, shortAbandonSec }),
    alerts: createAlertMonitor({ file: join(dir, 'alerts.jsonl'), zone, now, log, serviceLevelSec, settings: alertSettings, serviceLevelTarget }),
  };
}
