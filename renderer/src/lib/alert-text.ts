// An alert in words: the figure and threshold in the kind's unit (waits as m:ss, minutes, %, counts) and
// the sentence for its kind, in the console's language. One place for the alert list, the wallboard and
// the web notifications.
import { ALERT_KIND_UNITS, type Alert, type AlertKind } from '../../../common/alerts';
import { formatDuration, formatNumber } from '../../../common/format';

type Translate = (key: string, values?: Record<string, unknown>) => string;

function formatFigure(kind: AlertKind, value: number | null, locale: string, t: Translate): string {
  if (value === null) return t('alerts.unknown');
  switch (ALERT_KIND_UNITS[kind]) {
    case 'sec':
      return formatDuration(value);
    case 'min':
      return `${formatNumber(locale, value, 1)} ${t('rules.unit.min')}`;
    case 'pct':
      return `${formatNumber(locale, value, 1)} %`;
    default:
      return formatNumber(locale, value);
  }
}

export function describeAlert(alert: Alert, locale: string, t: Translate): string {
  // The predicted breach's figure and threshold are levels (%), whatever its kind's unit.
  const pct = alert.kind === 'predicted-breach';
  const fmt = (v: number | null): string => (pct ? (v === null ? t('alerts.unknown') : `${formatNumber(locale, v, 1)} %`) : formatFigure(alert.kind, v, locale, t));
  // A rule's overflow ("and 212 more agents"): what they are past and the first few names.
  if (alert.subject.type === 'agents') {
    return t(`alerts.group.${alert.kind}`, { n: alert.figure ?? 0, threshold: alert.threshold === null ? t('rules.limitDefault') : fmt(alert.threshold), names: alert.subject.name });
  }
  return t(`alerts.kind.${alert.kind}`, {
    figure: fmt(alert.figure),
    threshold: fmt(alert.threshold),
    inMin: alert.inMin ?? '?',
    detail: alert.detail ?? '',
  });
}

export function describeSubject(alert: Alert, t: Translate): string {
  return t(`alerts.subject.${alert.subject.type}`, { name: alert.subject.name, n: alert.figure ?? 0 });
}
