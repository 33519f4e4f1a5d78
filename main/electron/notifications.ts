// One native notification per abandoned call (queue, number, time waited), never twice for the same call:
// the ids already announced are kept in a small JSON file in userData, so a restart (which replays the
// core's abandoned-call journal) announces nothing again. A burst (more than 3 calls within 2 s in one
// queue) becomes one notification. Clicking shows the window and selects the call. Mute is respected.
// And one per severe alert when raised (issue 17); those active at start are not announced again.
// Abandons caught up from the PBX's records (while Floorwatch was away) are never announced one by one:
// the core's one 'abandoned-caught-up' event raises one summary (N >= 2 names N; one names the caller).
import { scopedQueueIds } from '../../common/queue-scope';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Notification } from 'electron';
import type { EventPayloads, SelectRequest } from '../../common/contract';
import { writeFileAtomic } from '../core/storage/atomic-file';
import type { AbandonedCall, Locale } from '../../common/domain';
import { isMuted, type CoreState, type ShellState } from './core-state';
import { formatDuration, formatNumber, formatTime, resolveLocale } from '../../common/format';
import { ALERT_KIND_UNITS, severeNews, type Alert } from '../../common/alerts';
import { messagesFor, type ShellMessages } from './messages';

export const BURST_WINDOW_MS = 2_000;
/** More than this many calls of one queue inside one window are announced together. */
const BURST_THRESHOLD = 3;
/** Ids older than this many announcements are forgotten (the journal only replays today's calls). */
const NOTIFIED_LOG_LIMIT = 5_000;
export const NOTIFIED_LOG_FILE = 'notified-abandoned.json';

/** The ids of abandoned calls already announced, persisted across restarts. */
interface NotifiedLog {
  has(id: string): boolean;
  add(ids: readonly string[]): void;
}

export function openNotifiedLog(dataDir: string, limit = NOTIFIED_LOG_LIMIT): NotifiedLog {
  const file = join(dataDir, NOTIFIED_LOG_FILE);
  let ids: string[] = [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (Array.isArray(parsed)) ids = parsed.filter((x): x is string => typeof x === 'string');
  } catch {
    // No file yet, or a damaged one: worst case some calls are announced once more.
  }
  const seen = new Set(ids);
  return {
    has: (id) => seen.has(id),
    add(newIds) {
      const fresh = newIds.filter((id) => !seen.has(id));
      if (fresh.length === 0) return;
      for (const id of fresh) seen.add(id);
      ids = [...ids, ...fresh].slice(-limit);
      if (seen.size > ids.length) {
        seen.clear();
        for (const id of ids) seen.add(id);
      }
      // A crash mid-write leaves the old file, never half a file.
      writeFileAtomic(file, JSON.stringify(ids));
    },
  };
}

type Announcement =
  | { kind: 'single'; call: AbandonedCall }
  | { kind: 'burst'; queueName: string; calls: AbandonedCall[] };

/** What to show for the calls of one queue gathered in one burst window. */
function planAnnouncements(calls: readonly AbandonedCall[]): Announcement[] {
  const first = calls[0];
  if (!first) return [];
  if (calls.length > BURST_THRESHOLD) return [{ kind: 'burst', queueName: first.queueName, calls: [...calls] }];
  return calls.map((call) => ({ kind: 'single', call }));
}

interface NotificationText {
  title: string;
  body: string;
  /** The call the click selects (a burst selects its newest). */
  selectId: string;
}

export function announcementText(a: Announcement, locale: Locale): NotificationText {
  const m = messagesFor(locale);
  if (a.kind === 'single') {
    return {
      title: m.abandonedTitle(a.call.queueName),
      body: m.abandonedBody(a.call.number, formatDuration(a.call.waitedSec), formatTime(locale, a.call.abandonedAt)),
      selectId: a.call.id,
    };
  }
  const newest = a.calls.reduce((x, y) => (y.abandonedAt > x.abandonedAt ? y : x));
  const shown = a.calls.slice(0, 4).map((c) => c.number);
  return {
    title: m.burstTitle(a.calls.length, a.queueName),
    body: m.burstBody(shown.join(', '), a.calls.length - shown.length),
    selectId: newest.id,
  };
}

/** A figure in its kind's unit: waits as m:ss, minutes, %, counts (as the console's alert list says it). */
function alertFigure(alert: Alert, value: number | null, locale: Locale, m: ShellMessages): string {
  if (value === null) return m.unknown;
  // The predicted breach's figure and threshold are levels (%), whatever its kind's unit.
  const unit = alert.kind === 'predicted-breach' ? 'pct' : ALERT_KIND_UNITS[alert.kind];
  if (unit === 'sec') return formatDuration(value);
  if (unit === 'min') return `${formatNumber(locale, value, 1)} ${m.minutes}`;
  if (unit === 'pct') return `${formatNumber(locale, value, 1)} %`;
  return formatNumber(locale, value);
}

/**
 * A severe alert in words (issue 17): the title says about whom, the body what tripped with the figure and
 * the threshold, and since when, in the user's language. "212 more agents" for a rule's overflow.
 */
export function severeAlertText(alert: Alert, locale: Locale): { title: string; body: string } {
  const m = messagesFor(locale);
  const figure = alertFigure(alert, alert.figure, locale, m);
  const threshold = alertFigure(alert, alert.threshold, locale, m);
  const since = m.alertSince(formatTime(locale, alert.raisedAt));
  const count = alert.figure ?? 0;
  const title = m.severeAlertTitle(m.alertSubject[alert.subject.type](alert.subject.name, count));
  if (alert.subject.type === 'agents' && (alert.kind === 'agent-paused' || alert.kind === 'agent-ringing' || alert.kind === 'agent-on-call')) {
    // The group's threshold: the rule's own, else (pauses) each reason's limit, which differs per agent.
    const limit = alert.threshold === null ? m.unknown : threshold;
    return { title, body: `${m.alertGroup[alert.kind](count, limit, alert.subject.name)} (${since})` };
  }
  const words = { figure, threshold, inMin: String(alert.inMin ?? '?'), detail: alert.detail ?? '' };
  return { title, body: `${m.alertKind[alert.kind](words)} (${since})` };
}

/** The one notification of a catch-up (issue 16): N >= 2 names N, one call names its caller. */
export function caughtUpText(calls: readonly AbandonedCall[], locale: Locale): NotificationText | null {
  const newest = calls.reduce<AbandonedCall | null>((x, y) => (x === null || y.abandonedAt > x.abandonedAt ? y : x), null);
  if (!newest) return null;
  const m = messagesFor(locale);
  const shown = calls.slice(0, 4).map((c) => c.number);
  return {
    title: calls.length === 1 ? m.caughtUpOneTitle(newest.number) : m.caughtUpTitle(calls.length),
    body: m.caughtUpBody(shown.join(', '), calls.length - shown.length),
    selectId: newest.id,
  };
}

interface NotificationDeps {
  state: CoreState;
  dataDir: string;
  systemLocale: () => string;
  showWindow: () => void;
  select: (request: SelectRequest) => void;
  now?: () => number;
  /** The core's floor events (for the catch-up summary). */
  onFloorEvents?: (listener: (events: EventPayloads['floor:events']) => void) => () => void;
}

export function registerNotifications(deps: NotificationDeps): () => void {
  const now = deps.now ?? Date.now;
  const log = openNotifiedLog(deps.dataDir);
  const pending = new Map<string, { calls: AbandonedCall[]; timer: ReturnType<typeof setTimeout> }>();
  // Electron drops click handlers of notifications that were garbage-collected: hold them until done.
  const live = new Set<Notification>();

  const show = (text: NotificationText): void => {
    const n = new Notification({ title: text.title, body: text.body });
    live.add(n);
    n.on('click', () => {
      live.delete(n);
      deps.showWindow();
      deps.select({ panel: 'abandoned', id: text.selectId });
    });
    n.on('close', () => live.delete(n));
    n.show();
  };

  const flush = (queueId: string): void => {
    const batch = pending.get(queueId);
    if (!batch) return;
    pending.delete(queueId);
    // Marked as announced even when muted: unmuting must not replay the calls of the muted hour.
    log.add(batch.calls.map((c) => c.id));
    const { settings } = deps.state.get();
    if (!settings.notifications.enabled || isMuted(settings, now()) || !Notification.isSupported()) return;
    // Scoped to my queues: another queue's callers are not announced (and not later, when the scope changes).
    const scope = scopedQueueIds(settings);
    if (scope && !scope.has(queueId)) return;
    const locale = resolveLocale(settings.locale, deps.systemLocale());
    for (const a of planAnnouncements(batch.calls)) show(announcementText(a, locale));
  };

  const consider = (calls: readonly AbandonedCall[]): void => {
    const queued = new Set([...pending.values()].flatMap((b) => b.calls.map((c) => c.id)));
    for (const call of [...calls].sort((a, b) => a.abandonedAt - b.abandonedAt)) {
      if (call.handled || log.has(call.id) || queued.has(call.id)) continue;
      // Caught up from the records: told once, in the catch-up's summary, never one by one.
      if (call.whileAway) continue;
      const batch = pending.get(call.queueId);
      if (batch) batch.calls.push(call);
      else pending.set(call.queueId, { calls: [call], timer: setTimeout(() => flush(call.queueId), BURST_WINDOW_MS) });
    }
  };

  // Severe alerts (issue 17): one notice each, when raised; those already active at start are not news, nor
  // one acknowledged or snoozed, nor the same condition under a new id (the floor hub's alert handed to the
  // console's own across a fall-back and back: common/alerts.ts severeNews).
  const severeSeen = new Set(deps.state.get().alerts.filter((a) => a.severity === 'severe').map((a) => a.id));
  let lastAlerts = deps.state.get().alerts;
  const considerAlerts = (alerts: ShellState['alerts']): void => {
    const unseen = alerts.filter((a) => a.severity === 'severe' && !severeSeen.has(a.id));
    for (const a of unseen) severeSeen.add(a.id);
    const fresh = severeNews(lastAlerts, unseen, now());
    lastAlerts = alerts;
    const { settings } = deps.state.get();
    if (fresh.length === 0 || !settings.notifications.enabled || isMuted(settings, now()) || !Notification.isSupported()) return;
    const locale = resolveLocale(settings.locale, deps.systemLocale());
    for (const a of fresh) {
      const n = new Notification(severeAlertText(a, locale));
      live.add(n);
      n.on('click', () => {
        live.delete(n);
        deps.showWindow();
        // The row it is about (an agent's; a queue's has no selection of its own: the window is enough).
        if (a.subject.type === 'agent') deps.select({ panel: 'agents', id: a.subject.id });
      });
      n.on('close', () => live.delete(n));
      n.show();
    }
  };

  const off = deps.state.onChange((key, state) => {
    if (key === 'abandoned') consider(state.abandoned);
    else if (key === 'alerts') considerAlerts(state.alerts);
  });
  consider(deps.state.get().abandoned);
  const offEvents = deps.onFloorEvents?.((events) => {
    for (const e of events) {
      if (e.type !== 'abandoned-caught-up') continue;
      const { settings } = deps.state.get();
      const scope = scopedQueueIds(settings);
      const calls = e.calls.filter((c) => !log.has(c.id) && (!scope || scope.has(c.queueId)));
      log.add(e.calls.map((c) => c.id));
      if (!settings.notifications.enabled || isMuted(settings, now()) || !Notification.isSupported()) continue;
      const text = caughtUpText(calls, resolveLocale(settings.locale, deps.systemLocale()));
      if (text) show(text);
    }
  });
  return () => {
    off();
    offEvents?.();
    for (const { timer } of pending.values()) clearTimeout(timer);
    pending.clear();
  };
}

/** A one-off native notice from the shell (shortcut problems, "select a call first"). */
export function showNotice(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body }).show();
}
