// Threshold rules and the alerts they raise (issue 17): the rule schema stored with the settings, the
// defaults a supervisor starts from, and the alert and forecast shapes the bridge carries.
// Pure types, schemas and constants: zod only.
import { z } from 'zod';
import type { EpochMs } from './domain';

/**
 * The kinds of rule. The unit of `threshold` is per kind (ALERT_KIND_UNITS). A queue kind is evaluated per
 * queue (or only for `queueId`), an agent kind per agent, the others once for the floor.
 */
export const ALERT_KINDS = [
  'longest-wait', // the longest waiting caller has waited more than N s
  'waiting', // more than N callers wait
  'available-agents', // fewer than N agents available while callers wait (N = 1: none available)
  'service-level', // today's service level below N % (null: the queue's target, settings.queueTargets / serviceLevelTargetPct)
  'abandon-rate', // today's abandon rate above N %
  'predicted-breach', // the next 15 minutes' service level is predicted below target while today's is not (no N)
  'agent-paused', // an agent paused more than N min (null: the reason's own limit, else 15 min)
  'agent-ringing', // an agent's phone rings more than N s without answering
  'agent-on-call', // an agent on one call more than N min
  'own-unregistered', // the supervisor's own phone is not registered (no N)
  'source-stale', // a poll source has had no good answer for more than N s
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const QUEUE_KINDS: ReadonlySet<AlertKind> = new Set([
  'longest-wait', 'waiting', 'available-agents', 'service-level', 'abandon-rate', 'predicted-breach',
]);
export const AGENT_KINDS: ReadonlySet<AlertKind> = new Set(['agent-paused', 'agent-ringing', 'agent-on-call']);

/** The unit of each kind's threshold; 'none' kinds take no threshold. */
export const ALERT_KIND_UNITS: Record<AlertKind, 'sec' | 'min' | 'count' | 'pct' | 'none'> = {
  'longest-wait': 'sec',
  waiting: 'count',
  'available-agents': 'count',
  'service-level': 'pct',
  'abandon-rate': 'pct',
  'predicted-breach': 'none',
  'agent-paused': 'min',
  'agent-ringing': 'sec',
  'agent-on-call': 'min',
  'own-unregistered': 'none',
  'source-stale': 'sec',
};

const SEVERITIES = ['warning', 'severe'] as const;
export type Severity = (typeof SEVERITIES)[number];

const alertRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'rule id'),
    kind: z.enum(ALERT_KINDS),
    enabled: z.boolean(),
    severity: z.enum(SEVERITIES),
    /** In the kind's unit; null where the kind takes none, or takes its default (see ALERT_KINDS). */
    threshold: z.number().min(0).max(100_000).nullable(),
    /** Queue and agent kinds: one queue's id, or null for every queue. */
    queueId: z.string().max(128).nullable(),
    /** agent-paused only: one pause reason (its name or code, as the PBX lists it), or null for any. */
    pauseReason: z.string().max(128).nullable(),
  })
  .strict()
  .refine((r) => r.threshold !== null || ALERT_KIND_UNITS[r.kind] === 'none' || r.kind === 'service-level' || r.kind === 'agent-paused', {
    message: 'this kind of rule needs a threshold',
    path: ['threshold'],
  });
export type AlertRule = z.infer<typeof alertRuleSchema>;

const rule = (id: string, kind: AlertKind, severity: Severity, threshold: number | null): AlertRule => ({
  id, kind, enabled: true, severity, threshold, queueId: null, pauseReason: null,
});

/**
 * The defaults the issue decides (docs/alerts.md lists them): longest wait > 60 s (warning) and > 180 s
 * (severe); callers waiting > 5; no available agent while callers wait; service level today < target; a
 * pause over its reason's limit (15 min when the PBX declares none); ringing > 20 s; one call > 20 min; own
 * phone unregistered; a source stale > 10 s. Abandon rate is offered but off: the issue names no default.
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  rule('wait-60', 'longest-wait', 'warning', 60),
  rule('wait-180', 'longest-wait', 'severe', 180),
  rule('waiting-5', 'waiting', 'warning', 5),
  rule('no-agent', 'available-agents', 'severe', 1),
  rule('sl-target', 'service-level', 'warning', null),
  { ...rule('abandon-10', 'abandon-rate', 'warning', 10), enabled: false },
  rule('sl-forecast', 'predicted-breach', 'warning', null),
  rule('pause-limit', 'agent-paused', 'warning', null),
  rule('ringing-20', 'agent-ringing', 'warning', 20),
  rule('call-20', 'agent-on-call', 'warning', 20),
  rule('own-phone', 'own-unregistered', 'severe', null),
  rule('stale-10', 'source-stale', 'severe', 10),
];

/** A pause with no limit of the PBX's own and no threshold on the rule is over after this many minutes. */
export const DEFAULT_PAUSE_LIMIT_MIN = 15;
export const SNOOZE_MINUTES = [5, 15, 60] as const;

export const alertSettingsSchema = z
  .object({
    rules: z.array(alertRuleSchema).max(100).default(() => DEFAULT_ALERT_RULES.map((r) => ({ ...r }))),
    /** A condition clears only after it has been back under its threshold this long (hysteresis). */
    clearAfterSec: z.number().int().min(0).max(3600).default(60),
    /** A short tone when a severe alert is raised: off by default. */
    tone: z.boolean().default(false),
    toneVolume: z.number().int().min(0).max(100).default(50),
  })
  .strict();
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

/** What an alert is about, and where the console shows it (the link to the row). */
export interface AlertSubject {
  /**
   * 'agents': the agents past an agent rule beyond the ones it names one by one (AGENT_ALERTS_PER_RULE in
   * main/core/alerts/rule-eval.ts): id = the rule's id, name = the first few of them, the alert's figure =
   * how many.
   */
  type: 'queue' | 'agent' | 'agents' | 'source' | 'own-extension';
  id: string;
  name: string;
}

export interface Alert {
  /** ruleId + ':' + subject type + ':' + subject id + ':' + raisedAt: a condition that comes back is a new alert. */
  id: string;
  ruleId: string;
  kind: AlertKind;
  severity: Severity;
  subject: AlertSubject;
  /** The queue(s) it belongs to, for "My queues" (empty: the whole floor). */
  queueIds: string[];
  /** The figure now, in the kind's unit (for predicted-breach: the predicted service level %). */
  figure: number | null;
  threshold: number | null;
  /** predicted-breach: "in about N min". */
  inMin?: number;
  /** agent-paused: the pause reason. */
  detail?: string;
  raisedAt: EpochMs;
  /** The condition is back under its threshold since then; it clears after clearAfterSec. */
  clearingSince: EpochMs | null;
  clearedAt: EpochMs | null;
  ack: { by: string; at: EpochMs } | null;
  snoozedUntil: EpochMs | null;
  /** Who snoozed it (as `ack.by`); absent on alerts snoozed before this was kept. */
  snoozedBy?: string;
}

/** The per-queue forecast shown beside the queue and on the wallboard. */
export interface QueueForecast {
  queueId: string;
  /** Predicted service level of the next 15 minutes, 0-100; null when nothing is known yet. */
  nextSlPct: number | null;
  /** A new caller's estimated wait, as a band (seconds): about half of callers wait less than `low`... */
  waitLowSec: number;
  waitHighSec: number;
  /** Agents counted (logged in, not paused) and the traffic in Erlang. */
  agents: number;
  erlangs: number;
  /** The handle time the forecast used, seconds, and where from: today's call records, the calls the console saw end, or the 180 s default. */
  ahtSec: number;
  ahtFrom: 'records' | 'observed' | 'default';
}

export interface AlertsState {
  /** The seq of the last change sent ('alerts:changed'): the changes after it apply to this list. */
  seq: number;
  /** Active alerts (including those clearing), newest first. */
  alerts: Alert[];
  forecasts: QueueForecast[];
}

/**
 * 'alerts:changed': what changed since the last one, not the list (a floor with thousands of alerts sends
 * the few that moved). A listener keeps the list with applyAlertsChange and reads alerts:get again when a
 * seq is missing.
 */
export interface AlertsChange {
  /** One more than the last change's; `reset` changes start a new count for the listener. */
  seq: number;
  /** true: `upsert` is the whole list (after (re)connecting); false: only the alerts that changed. */
  reset: boolean;
  upsert: Alert[];
  /** Ids of alerts that cleared (or whose rule went away). */
  remove: string[];
  /** The queues' forecasts, whole, when they moved; null when they did not. */
  forecasts: QueueForecast[] | null;
}

/** Newest first, as the list is shown. */
const newestFirst = (a: Alert, b: Alert): number => b.raisedAt - a.raisedAt || a.id.localeCompare(b.id);

/**
 * The list after a change; null when the change does not follow `seq` (one was missed: read alerts:get).
 * The same code for the console, the wallboard and the desktop shell.
 */
export function applyAlertsChange(list: readonly Alert[], seq: number, change: AlertsChange): Alert[] | null {
  if (change.reset) return [...change.upsert].sort(newestFirst);
  if (change.seq !== seq + 1) return null;
  if (change.upsert.length === 0 && change.remove.length === 0) return list as Alert[];
  const byId = new Map(list.map((a) => [a.id, a]));
  for (const id of change.remove) byId.delete(id);
  for (const a of change.upsert) byId.set(a.id, a);
  return [...byId.values()].sort(newestFirst);
}

/** An alert counts in the header, tray and title when it is active, unacknowledged and not snoozed. */
export function alertCounts(alert: Alert, now: EpochMs): boolean {
  return alert.clearedAt === null && alert.ack === null && (alert.snoozedUntil === null || alert.snoozedUntil <= now);
}

/**
 * The condition an alert is about: its rule and subject. The floor hub's list and a console's own name the
 * same condition with different ids (each raised it on its own clock): an acknowledgement carries across by
 * this (core/alerts/carried-marks.ts), and a notice is not given twice for it.
 */
export const alertCondition = (a: Pick<Alert, 'ruleId' | 'subject'>): string => `${a.ruleId}|${a.subject.type}|${a.subject.id}`;

/**
 * The severe alerts of `fresh` worth a notice or the tone: not acknowledged, not snoozed, and not the same
 * condition as one in `before` (the list shown just before). An alert handed over between the hub's list and
 * the console's own across a fall-back to own polling and back is the same alert under another id, not news.
 */
export function severeNews(before: readonly Alert[], fresh: readonly Alert[], now: EpochMs): Alert[] {
  const candidates = fresh.filter((a) => a.severity === 'severe' && alertCounts(a, now));
  if (candidates.length === 0) return candidates;
  const shown = new Set(before.map(alertCondition));
  return candidates.filter((a) => !shown.has(alertCondition(a)));
}
