// The few parts of the core's state the shell itself acts on (settings, session, sources, abandoned calls),
// fetched once through the core and then followed through its events. Tray, notifications and shortcuts
// read it instead of each asking the core again.
import type { FloorState, InvokeResponses } from '../../common/contract';
import { applyAbandonedChange, type AbandonedChange } from '../../common/abandoned-change';
import { applyAlertsChange, type Alert, type AlertsChange, type AlertsState } from '../../common/alerts';
import type { AbandonedCall, SessionStatus, SourceStatus } from '../../common/domain';
import { defaultSettings, type ConsoleSettings } from '../../common/settings';
import type { Core } from '../core/host';

export interface ShellState {
  settings: ConsoleSettings;
  session: SessionStatus | null;
  sources: SourceStatus[];
  abandoned: AbandonedCall[];
  /** The active alerts (issue 17), newest first. */
  alerts: Alert[];
}

type ShellStateKey = keyof ShellState;

export interface CoreState {
  get(): Readonly<ShellState>;
  /** Called after every change with the key that changed (and once per key after the first fetch). */
  onChange(listener: (key: ShellStateKey, state: Readonly<ShellState>) => void): () => void;
  /** Fetch the current values through the core (after events started flowing, so none is missed). */
  refresh(): Promise<void>;
}

/** Notifications are muted from the tray until `muteUntil` (epoch ms). */
export function isMuted(settings: ConsoleSettings, now: number): boolean {
  return settings.notifications.muteUntil !== null && settings.notifications.muteUntil > now;
}

export function followCoreState(core: Core): CoreState {
  const state: ShellState = { settings: defaultSettings(), session: null, sources: [], abandoned: [], alerts: [] };
  const listeners = new Set<(key: ShellStateKey, state: Readonly<ShellState>) => void>();
  /**
   * The seq of the last change folded into each list the core sends as changes (common/alerts.ts
   * applyAlertsChange, common/abandoned-change.ts applyAbandonedChange).
   */
  const seqs = { alerts: 0, abandoned: -1 };
  const readAlerts = async (): Promise<void> => {
    const r = await core.invoke('alerts:get', undefined, 'tray');
    if (!r.ok) return;
    seqs.alerts = (r.data as AlertsState).seq;
    set('alerts', (r.data as AlertsState).alerts);
  };
  const readAbandoned = async (): Promise<void> => {
    const r = await core.invoke('floor:get', undefined, 'tray');
    if (!r.ok) return;
    seqs.abandoned = (r.data as FloorState).abandonedSeq;
    set('abandoned', (r.data as FloorState).abandoned);
  };
  const set = <K extends ShellStateKey>(key: K, value: ShellState[K]): void => {
    state[key] = value;
    for (const l of listeners) l(key, state);
  };
  /** A change folded in (`next`), or, when one was missed (the shell started listening late), the whole list again. */
  const fold = <K extends keyof typeof seqs>(key: K, next: ShellState[K] | null, seq: number, reread: () => Promise<void>): void => {
    if (next === null) return void reread();
    seqs[key] = seq;
    if (next !== state[key]) set(key, next);
  };
  // Followed for the life of the app: the shell never stops listening to its core.
  core.subscribe((channel, payload) => {
    if (channel === 'settings:changed') set('settings', payload as InvokeResponses['settings:get']);
    else if (channel === 'session:changed') set('session', payload as SessionStatus);
    else if (channel === 'sources:changed') set('sources', payload as SourceStatus[]);
    else if (channel === 'abandoned:changed') {
      const change = payload as AbandonedChange;
      fold('abandoned', applyAbandonedChange(state.abandoned, seqs.abandoned, change), change.seq, readAbandoned);
    }
    else if (channel === 'alerts:changed') {
      const change = payload as AlertsChange;
      fold('alerts', applyAlertsChange(state.alerts, seqs.alerts, change), change.seq, readAlerts);
    }
    else if (channel === 'floor:reset') {
      const floor = payload as FloorState;
      set('sources', floor.sources);
      seqs.abandoned = floor.abandonedSeq;
      set('abandoned', floor.abandoned);
    }
  });
  return {
    get: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async refresh() {
      const [settings, session, floor] = await Promise.all([
        core.invoke('settings:get', undefined, 'tray'),
        core.invoke('session:get', undefined, 'tray'),
        core.invoke('floor:get', undefined, 'tray'),
        readAlerts(),
      ]);
      if (settings.ok) set('settings', settings.data as ConsoleSettings);
      if (session.ok) set('session', session.data as SessionStatus);
      if (floor.ok) {
        set('sources', (floor.data as FloorState).sources);
        seqs.abandoned = (floor.data as FloorState).abandonedSeq;
        set('abandoned', (floor.data as FloorState).abandoned);
      }
    },
  };
}
