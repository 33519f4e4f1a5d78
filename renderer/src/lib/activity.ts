// The Activity view's rows: what the supervisor (or this console's shortcuts and notifications) did, in one
// shape whatever the record kind. Today every row comes from an audit record (`audit:list`); another kind
// (alerts raised and acknowledged, say) adds its own `from...` adapter and shows in the same list, with its
// kinds in the same filter.
import type { Alert } from '../../../common/alerts';
import type { AuditRecord, EpochMs } from '../../../common/domain';
import { formatTime } from '../../../common/format';
import { describeAlert, describeSubject } from './alert-text';
import { i18n } from '../i18n';
import { describeError } from './errors';

export interface ActivityEntry {
  /** Unique in the list. */
  id: string;
  at: EpochMs;
  /** Which record kind it came from: 'action' (the audit log). */
  source: string;
  /** The filter's value for what was done ('listen', 'call-back' ...). */
  kind: string;
  /** What was done, in the supervisor's language. */
  action: string;
  /** How it was asked when not from the console itself ('global shortcut', 'notification'). */
  via: string | null;
  /** The agent (and extension) and the customer's number it was about. */
  who: string;
  /** true done, false failed; null for records with no outcome. */
  ok: boolean | null;
  /** "Done", or the error in words. */
  result: string;
  /** Who did it (the signed-in account). */
  by: string;
  /** Lower-cased text the filter box searches. */
  text: string;
}

const t = (key: string, values: Record<string, unknown> = {}): string => i18n.global.t(key, values);
const te = (key: string): boolean => i18n.global.te(key);

/** "Bùi Hữu Hạnh 101 · 0901234567 → 105"; records from before the subject was kept show the target id. */
function whoOf(r: AuditRecord): string {
  const s = r.subject;
  if (!s) return r.detail ? `${r.target} · ${r.detail}` : r.target;
  // Outbound (issue 19): the queue, the rows and what happened ("997 sent, 997 taken, 0 refused").
  if (s.queue) return [s.queue, r.detail].filter(Boolean).join(' · ');
  const agent = [s.agentName, s.extension].filter(Boolean).join(' ');
  const parts = [agent, s.number].filter((p): p is string => !!p);
  const who = parts.join(' · ') || r.target;
  return s.toExtension ? `${who} → ${s.toExtension}` : who;
}

export function fromAudit(r: AuditRecord, index: number): ActivityEntry {
  const action = te(`action.${r.kind}`) ? t(`action.${r.kind}`) : r.kind;
  const via = r.origin !== 'renderer' && te(`activity.via.${r.origin}`) ? t(`activity.via.${r.origin}`) : null;
  const who = whoOf(r);
  const result = r.ok ? t('activity.ok') : r.error ? describeError(r.error) : t('activity.failed');
  return {
    id: `audit:${r.at}:${index}`,
    at: r.at,
    source: 'action',
    kind: r.kind,
    action,
    via,
    who,
    ok: r.ok,
    result,
    by: r.ownExtension ? `${r.user} (ext ${r.ownExtension})` : r.user,
    text: [action, who, result, r.user, r.target].join(' ').toLowerCase(),
  };
}

/**
 * An alert (issue 17): raised at `raisedAt`, with what tripped, who acknowledged it and when it cleared.
 * Its kind in the filter is `alert`; its outcome is none (ok null).
 */
export function fromAlert(a: Alert): ActivityEntry {
  const locale = String(i18n.global.locale.value);
  const action = `${t(`alerts.severity.${a.severity}`)}: ${describeAlert(a, locale, t)}`;
  const who = describeSubject(a, t);
  const notes = [
    a.ack ? t('alerts.acked', { by: a.ack.by, time: formatTime(locale, a.ack.at) }) : '',
    a.clearedAt !== null ? t('activity.alertCleared', { time: formatTime(locale, a.clearedAt) }) : t('activity.alertActive'),
  ].filter(Boolean);
  const result = notes.join(' · ');
  return {
    id: `alert:${a.id}`, at: a.raisedAt, source: 'alert', kind: 'alert', action: t('alerts.title'), via: null, who: `${who} · ${action}`,
    ok: null, result, by: a.ack?.by ?? '', text: [action, who, result].join(' ').toLowerCase(),
  };
}

interface ActivityFilter {
  text: string;
  /** '' = every kind. */
  kind: string;
  result: 'all' | 'ok' | 'failed';
}

export function filterActivity(entries: readonly ActivityEntry[], f: ActivityFilter): ActivityEntry[] {
  const q = f.text.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (!q || e.text.includes(q)) &&
      (!f.kind || e.kind === f.kind) &&
      (f.result === 'all' || (f.result === 'ok' ? e.ok === true : e.ok === false)),
  );
}
