// The alerts a console shows (alerts:get, 'alerts:changed'): its own rules' alerts, or on a floor hub the
// floor's (the hub runs the rules once and every screen shows the same list, with who acknowledged or
// snoozed what: main/hub/floor-alerts.ts) beside the console's own phone's. One seq for whatever is shown,
// so the console, the wallboard and the desktop shell keep folding changes (common/alerts.ts
// applyAlertsChange) across a fall-back to own polling and back.
import type { Alert, AlertKind, AlertsChange, AlertsState, QueueForecast } from '../../../common/alerts';
import type { SharedAlerts } from '../host';

/**
 * What stays each screen's own on a floor hub: its own phone (the hub has none). The console's monitor keeps
 * running every rule meanwhile, unseen, so a fall-back shows its own alerts with their real start times.
 */
export const OWN_KINDS: ReadonlySet<AlertKind> = new Set(['own-unregistered']);

interface ShownAlerts {
  /**
   * Show `local` (the console's own monitor) and `shared` (the floor's; null: not on a hub or the hub
   * silent): what changed since the last, or null when nothing shown did.
   */
  show(local: AlertsState, shared: SharedAlerts | null): AlertsChange | null;
  state(): AlertsState;
  /** The whole list as one change (after connecting): a listener starts over from it. */
  reset(): AlertsChange;
  /** The floor's alert with this id, when one is shown. */
  shared(id: string): Alert | undefined;
}

export function createShownAlerts(): ShownAlerts {
  let seq = 0;
  /** Each alert shown with its JSON, to tell which moved (a few hundred at most: agent rules fold the rest). */
  let shown = new Map<string, { alert: Alert; text: string }>();
  let sharedIds = new Set<string>();
  let forecasts: QueueForecast[] = [];
  let forecastText = '[]';
  const newestFirst = (a: Alert, b: Alert): number => b.raisedAt - a.raisedAt || a.id.localeCompare(b.id);
  const list = (): Alert[] => [...shown.values()].map((s) => s.alert).sort(newestFirst);
  return {
    show(local, shared) {
      const alerts = shared ? [...shared.alerts, ...local.alerts.filter((a) => OWN_KINDS.has(a.kind))] : local.alerts;
      const next = new Map<string, { alert: Alert; text: string }>();
      const upsert: Alert[] = [];
      for (const alert of alerts) {
        const text = JSON.stringify(alert);
        next.set(alert.id, { alert, text });
        if (shown.get(alert.id)?.text !== text) upsert.push(alert);
      }
      const remove = [...shown.keys()].filter((id) => !next.has(id));
      shown = next;
      sharedIds = new Set(shared?.alerts.map((a) => a.id) ?? []);
      const nextForecasts = shared ? shared.forecasts : local.forecasts;
      const text = JSON.stringify(nextForecasts);
      const moved = text !== forecastText;
      forecasts = nextForecasts;
      forecastText = text;
      if (upsert.length === 0 && remove.length === 0 && !moved) return null;
      return { seq: ++seq, reset: false, upsert, remove, forecasts: moved ? forecasts : null };
    },
    state: () => ({ seq, alerts: list(), forecasts }),
    reset: () => ({ seq: ++seq, reset: true, upsert: list(), remove: [], forecasts }),
    shared: (id) => (sharedIds.has(id) ? shown.get(id)?.alert : undefined),
  };
}
