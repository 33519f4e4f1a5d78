// The alerts the rules raise: one alert per condition episode, hysteresis, acknowledgement and snooze, and
// an append-only journal so alerts and acknowledgements survive a restart.
//
// An alert's life (per condition key = rule + subject):
//
//   (condition holds) --> raised --condition gone--> clearing --back within clearAfterSec--> raised
//                                                        '--gone for clearAfterSec--> cleared (off the list)
//   ack and snooze do not change the life: an acknowledged alert stays listed until it clears (issue 17),
//   a snoozed one does not count until its snooze ends.
//
// A figure hovering at a threshold therefore raises one alert, not fifty. The journal (JSON lines, like
// the abandoned journal; a torn last line is skipped) holds:
//   {"t":"raised","day":"2026-12-06","alert":{Alert}}      one write per tick (not fsync'd: found again from the floor)
//   {"t":"ack","id":"<id>","by":"<user>","at":<ms>}         fsync'd before the answer
//   {"t":"snooze","id":"<id>","until":<ms>,"by":"<user>"}     (by: absent in lines written before it was kept)
//   {"t":"cleared","id":"<id>","at":<ms>}
// On opening, alerts not cleared come back active (the next tick refreshes their figures or starts their
// clearing), and today's cleared ones come back into the history; older lines are dropped from the file.
import { alertCondition, type Alert } from '../../../common/alerts';
import type { EpochMs } from '../../../common/domain';
import { localDayKey } from '../picture/local-day';
import { appendJsonLines, readJsonLines, rewriteJsonLines } from '../storage/jsonl-file';
import type { Condition } from './rule-eval';

/** Cleared alerts kept for the Activity view (today's newest). */
const HISTORY_MAX = 1000;

interface AlertTrackerOptions {
  /** The journal; absent: nothing is kept (the benchmark, the backtest). */
  file?: string;
  zone: () => string;
  now: () => EpochMs;
  log: (message: string) => void;
}

export interface AlertTracker {
  /**
   * Fold this tick's conditions in. `rules`: the ids of the enabled rules (an alert whose rule is gone
   * clears at once). What changed (an alert raised, its figure, clearing or back, a snooze ended: copies in
   * `upsert`; cleared: ids in `remove`), or null when nothing shown did.
   */
  update(conditions: readonly Condition[], enabledRules: ReadonlySet<string>, clearAfterMs: number): AlertRows | null;
  /** Active alerts (clearing included), newest first. */
  active(): Alert[];
  /** Today's cleared alerts, newest first (the Activity view). */
  cleared(): Alert[];
  /** `at`: when it was acknowledged, if not now (one carried from the floor hub's alert: carried-marks.ts). */
  acknowledge(id: string, by: string, at?: EpochMs): Alert | undefined;
  snooze(id: string, minutes: number, by?: string): Alert | undefined;
  /** Snoozed until a given time (one carried from the floor hub's alert). */
  snoozeUntil(id: string, until: EpochMs, by?: string): Alert | undefined;
}

/** What changed in the active list: alerts raised or updated (copies), ids of alerts that cleared. */
interface AlertRows {
  upsert: Alert[];
  remove: string[];
}

type Line =
  | { t: 'raised'; day: string; alert: Alert }
  | { t: 'ack'; id: string; by: string; at: EpochMs }
  | { t: 'snooze'; id: string; until: EpochMs; by?: string }
  | { t: 'cleared'; id: string; at: EpochMs };

function isLine(v: unknown): v is Line {
  const l = v as Line;
  if (typeof l !== 'object' || l === null) return false;
  switch (l.t) {
    case 'raised':
      return typeof l.day === 'string' && typeof l.alert === 'object' && l.alert !== null && typeof l.alert.id === 'string' && typeof l.alert.ruleId === 'string';
    case 'ack':
      return typeof l.id === 'string' && typeof l.by === 'string' && typeof l.at === 'number';
    case 'snooze':
      return typeof l.id === 'string' && typeof l.until === 'number' && (l.by === undefined || typeof l.by === 'string');
    case 'cleared':
      return typeof l.id === 'string' && typeof l.at === 'number';
    default:
      return false;
  }
}

/** The tracker's key: rule-eval.ts keys its conditions the same way. */
const conditionKey = alertCondition;

export function createAlertTracker(options: AlertTrackerOptions): AlertTracker {
  const { now, file } = options;
  /** Active alerts by condition key. */
  const byKey = new Map<string, Alert>();
  let history: Alert[] = [];

  const append = (lines: Line[], durable: boolean): void => {
    if (!file || lines.length === 0) return;
    try {
      appendJsonLines(file, lines, durable);
    } catch (e) {
      options.log(`alert journal: ${(e as Error).message}`);
    }
  };

  if (file) {
    const today = localDayKey(now(), options.zone());
    let unreadable = 0;
    const lines = readJsonLines(file, (n) => {
      unreadable++;
      options.log(`alert journal: skipped unreadable line ${n}`);
    }).filter(isLine);
    const byId = new Map<string, { alert: Alert; day: string }>();
    for (const line of lines) {
      if (line.t === 'raised') {
        byId.set(line.alert.id, { alert: { ...line.alert }, day: line.day });
        continue;
      }
      const found = byId.get(line.id);
      if (!found) continue;
      if (line.t === 'ack') found.alert.ack = { by: line.by, at: line.at };
      else if (line.t === 'snooze') {
        found.alert.snoozedUntil = line.until;
        if (line.by !== undefined) found.alert.snoozedBy = line.by;
      }
      else found.alert.clearedAt = line.at;
    }
    const kept: Line[] = [];
    for (const { alert, day } of byId.values()) {
      // Still active (whatever day it was raised), or cleared today.
      if (alert.clearedAt === null) byKey.set(conditionKey(alert), alert);
      else if (localDayKey(alert.clearedAt, options.zone()) === today) history.push(alert);
      else continue;
      kept.push({ t: 'raised', day, alert });
    }
    history.sort((a, b) => (b.clearedAt ?? 0) - (a.clearedAt ?? 0));
    // The file holds only what was kept, folded into one line per alert (and no torn tail to continue).
    if (kept.length !== lines.length || unreadable > 0) rewriteJsonLines(file, kept);
  }

  function clear(key: string, alert: Alert, at: EpochMs, lines: Line[]): void {
    byKey.delete(key);
    alert.clearedAt = at;
    history.unshift(alert);
    if (history.length > HISTORY_MAX) history = history.slice(0, HISTORY_MAX);
    lines.push({ t: 'cleared', id: alert.id, at });
  }

  function snoozeUntil(id: string, until: EpochMs, by?: string): Alert | undefined {
    const alert = [...byKey.values()].find((a) => a.id === id);
    if (!alert) return undefined;
    alert.snoozedUntil = until;
    if (by !== undefined) alert.snoozedBy = by;
    append([{ t: 'snooze', id, until, ...(by !== undefined ? { by } : {}) }], true);
    return { ...alert };
  }

  return {
    update(conditions, enabledRules, clearAfterMs) {
      const at = now();
      const day = localDayKey(at, options.zone());
      const seen = new Set<string>();
      const lines: Line[] = [];
      // Only what moved goes out (a change set, not the list): thousands of steady alerts cost nothing.
      const changed = new Set<Alert>();
      const remove: string[] = [];
      for (const c of conditions) {
        seen.add(c.key);
        const alert = byKey.get(c.key);
        if (!alert) {
          const raised: Alert = {
            id: `${c.key}:${at}`, ruleId: c.ruleId, kind: c.kind, severity: c.severity, subject: c.subject, queueIds: c.queueIds,
            figure: c.figure, threshold: c.threshold, ...(c.inMin !== undefined ? { inMin: c.inMin } : {}),
            ...(c.detail !== undefined ? { detail: c.detail } : {}),
            raisedAt: at, clearingSince: null, clearedAt: null, ack: null, snoozedUntil: null,
          };
          byKey.set(c.key, raised);
          lines.push({ t: 'raised', day, alert: raised });
          changed.add(raised);
          continue;
        }
        if (
          alert.clearingSince !== null || alert.figure !== c.figure || alert.threshold !== c.threshold || alert.inMin !== c.inMin ||
          alert.severity !== c.severity || alert.subject.name !== c.subject.name
        ) {
          alert.clearingSince = null;
          alert.figure = c.figure;
          alert.threshold = c.threshold;
          alert.severity = c.severity;
          // A group's names (the first few of "N more agents") move with its members.
          alert.subject = c.subject;
          alert.queueIds = c.queueIds;
          if (c.inMin !== undefined) alert.inMin = c.inMin;
          else delete alert.inMin;
          changed.add(alert);
        }
      }
      for (const [key, alert] of byKey) {
        if (alert.snoozedUntil !== null && alert.snoozedUntil <= at) {
          // The snooze ended: it counts again (the list and the header must say so).
          alert.snoozedUntil = null;
          delete alert.snoozedBy;
          changed.add(alert);
        }
        if (seen.has(key)) continue;
        if (!enabledRules.has(alert.ruleId) || (alert.clearingSince !== null && at - alert.clearingSince >= clearAfterMs)) {
          clear(key, alert, at, lines);
          changed.delete(alert);
          remove.push(alert.id);
        } else if (alert.clearingSince === null) {
          alert.clearingSince = at;
          changed.add(alert);
        }
      }
      // Written, not fsync'd: a raise or clear lost to a power cut is found again from the floor on the next
      // tick (the condition still holds, or the alert clears again); an fsync on every tick that raises would
      // cost the main thread milliseconds (tens on a loaded disk). Acknowledgements and snoozes, which
      // nothing can find again, are fsync'd before their answer.
      append(lines, false);
      if (changed.size === 0 && remove.length === 0) return null;
      return { upsert: [...changed].map((a) => ({ ...a })), remove };
    },
    // Copies: the tracker goes on changing its own objects, and an in-process listener may keep what it got.
    active: () => [...byKey.values()].map((a) => ({ ...a })).sort((a, b) => b.raisedAt - a.raisedAt || a.id.localeCompare(b.id)),
    cleared: () => history.map((a) => ({ ...a })),
    acknowledge(id, by, at = now()) {
      const alert = [...byKey.values()].find((a) => a.id === id);
      if (!alert) return undefined;
      alert.ack = { by, at };
      append([{ t: 'ack', id, by, at: alert.ack.at }], true);
      return { ...alert };
    },
    snooze: (id, minutes, by) => snoozeUntil(id, now() + minutes * 60_000, by),
    snoozeUntil,
  };
}
