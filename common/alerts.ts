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

export const SEVERITIES = ['warning', 'severe'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const alertRuleSchema = z
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
  type: 'queue' | 'agent' | 'source' | 'own-extension';
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
  /** Active alerts (including those clearing), newest first. */
  alerts: Alert[];
  forecasts: QueueForecast[];
}

/** An alert counts in the header, tray and title when it is active, unacknowledged and not snoozed. */
export function alertCounts(alert: Alert, now: EpochMs): boolean {
  return alert.clearedAt === null && alert.ack === null && (alert.snoozedUntil === null || alert.snoozedUntil <= now);
}
