// The tray icon: floor health at a glance (three icon colours), the count of active unacknowledged alerts
// plus abandoned calls nobody has handled yet (tooltip, and the title next to the icon on macOS), and a
// small menu: show, the wallboard (in a window or kiosk), mute
// notifications for a while, unmute, the connection status line, quit.
import { scopedQueueIds } from '../../common/queue-scope';
import type { ConsoleSettings } from '../../common/settings';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { AbandonedCall, SessionStatus, SourceStatus } from '../../common/domain';
import { alertCounts, type Alert } from '../../common/alerts';
import type { Core } from '../core/host';
import { isMuted, type CoreState, type ShellState } from './core-state';
import { formatTime, resolveLocale } from '../../common/format';
import { messagesFor, type ShellMessages } from './messages';
import { drawBadge, encodePng, type Rgb } from './png';

type FloorHealth = 'live' | 'stale' | 'offline';

export const HEALTH_COLOURS: Readonly<Record<FloorHealth, Rgb>> = {
  live: [34, 139, 34],
  stale: [214, 137, 16],
  offline: [128, 128, 128],
};

/**
 * live: connected and every source fresh; offline: not connected, or no source delivering at all;
 * stale: connected but some source is late, backing off or (re)connecting.
 */
export function floorHealth(session: SessionStatus | null, sources: readonly SourceStatus[]): FloorHealth {
  if (!session || session.state !== 'connected' || sources.length === 0) return 'offline';
  if (sources.every((s) => s.state === 'live')) return 'live';
  if (sources.every((s) => s.state === 'offline' || s.state === 'unauthorized')) return 'offline';
  return 'stale';
}

/** Unhandled abandoned calls in scope (my queues, or all): the same count as the window title's. */
export function unhandledCount(abandoned: readonly AbandonedCall[], settings: Pick<ConsoleSettings, 'queueFilter' | 'queueScope' | 'showUnqueued'>): number {
  const scope = scopedQueueIds(settings);
  return abandoned.filter((a) => !a.handled && (!scope || scope.has(a.queueId))).length;
}

/**
 * Active, unacknowledged, unsnoozed alerts in scope: with the unhandled abandoned calls, the tray's count
 * (issue 17). Floor-wide alerts (own phone, a stale source) belong to no queue and always count.
 */
function alertCount(alerts: readonly Alert[], now: number, settings: Pick<ConsoleSettings, 'queueFilter' | 'queueScope' | 'showUnqueued'>): number {
  const scope = scopedQueueIds(settings);
  return alerts.filter((a) => alertCounts(a, now) && (!scope || a.queueIds.length === 0 || a.queueIds.some((q) => scope.has(q)))).length;
}

function trayTooltip(health: FloorHealth, unhandled: number, m: ShellMessages, alerts: number): string {
  const lines = [`Floorwatch: ${m.trayHealth[health]}`];
  if (alerts > 0) lines.push(m.trayAlerts(alerts));
  if (unhandled > 0) lines.push(m.trayUnhandled(unhandled));
  return lines.join('\n');
}

interface TrayActions {
  show(): void;
  mute(minutes: number): void;
  unmute(): void;
  quit(): void;
  /** Open the wallboard in its own window; `kiosk`: full screen, nothing else on it. */
  wallboard(kiosk: boolean): void;
  /** Present only where secrets cannot be encrypted (Linux without a keyring). */
  insecureSecrets: InsecureSecretsChoice | null;
}

/** The supervisor's explicit choice to remember passwords without a keyring (shell's own setting). */
export interface InsecureSecretsChoice {
  allowed(): boolean;
  set(allow: boolean): void;
}

/** The tray menu for this state. Pure: the test reads labels and clicks items. */
function trayMenuTemplate(state: Readonly<ShellState>, now: number, systemLocale: string, actions: TrayActions): MenuItemConstructorOptions[] {
  const locale = resolveLocale(state.settings.locale, systemLocale);
  const m = messagesFor(locale);
  const health = floorHealth(state.session, state.sources);
  const unhandled = unhandledCount(state.abandoned, state.settings);
  const alerts = alertCount(state.alerts, now, state.settings);
  const muted = isMuted(state.settings, now);
  const status = state.session?.apiHost ? `${m.trayHealth[health]}: ${state.session.apiHost}` : m.trayHealth[health];
  return [
    { id: 'status', label: status, enabled: false },
    ...(alerts > 0 ? [{ id: 'alerts', label: m.trayAlerts(alerts), click: () => actions.show() }] : []),
    ...(unhandled > 0 ? [{ id: 'unhandled', label: m.trayUnhandled(unhandled), click: () => actions.show() }] : []),
    ...(muted && state.settings.notifications.muteUntil !== null
      ? [{ id: 'muted', label: m.trayMutedUntil(formatTime(locale, state.settings.notifications.muteUntil)), enabled: false }]
      : []),
    { type: 'separator' },
    { id: 'show', label: m.trayShow, click: () => actions.show() },
    { id: 'wallboard', label: m.trayWallboard, click: () => actions.wallboard(false) },
    { id: 'wallboard-kiosk', label: m.trayWallboardKiosk, click: () => actions.wallboard(true) },
    { id: 'mute-15', label: m.trayMute15, click: () => actions.mute(15) },
    { id: 'mute-60', label: m.trayMute60, click: () => actions.mute(60) },
    { id: 'unmute', label: m.trayUnmute, enabled: muted, click: () => actions.unmute() },
    { type: 'separator' },
    ...(actions.insecureSecrets
      ? [
          {
            id: 'insecure-secrets',
            label: m.trayAllowInsecureSecrets,
            type: 'checkbox' as const,
            checked: actions.insecureSecrets.allowed(),
            click: () => actions.insecureSecrets?.set(!actions.insecureSecrets.allowed()),
          },
          { type: 'separator' as const },
        ]
      : []),
    { id: 'quit', label: m.trayQuit, click: () => actions.quit() },
  ];
}

/** One icon per health, drawn once: 16 px with a 32 px representation for HiDPI trays. */
function trayIcon(health: FloorHealth): NativeImage {
  const image = nativeImage.createFromBuffer(encodePng(16, 16, drawBadge(16, HEALTH_COLOURS[health])), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: encodePng(32, 32, drawBadge(32, HEALTH_COLOURS[health])) });
  return image;
}

interface TrayDeps {
  core: Core;
  state: CoreState;
  systemLocale: () => string;
  showWindow: () => void;
  quit: () => void;
  openWallboard: (kiosk: boolean) => void;
  insecureSecrets: InsecureSecretsChoice | null;
  now?: () => number;
}

export function registerTray(deps: TrayDeps): Tray {
  const now = deps.now ?? Date.now;
  const icons = new Map<FloorHealth, NativeImage>();
  const iconFor = (health: FloorHealth): NativeImage => {
    let icon = icons.get(health);
    if (!icon) icons.set(health, (icon = trayIcon(health)));
    return icon;
  };
  const tray = new Tray(iconFor('offline'));
  const setMute = (muteUntil: number | null): void => {
    const enabled = deps.state.get().settings.notifications.enabled;
    void deps.core.invoke('settings:update', { notifications: { enabled, muteUntil } }, 'tray');
  };
  const actions: TrayActions = {
    show: deps.showWindow,
    mute: (minutes) => setMute(now() + minutes * 60_000),
    unmute: () => setMute(null),
    quit: deps.quit,
    wallboard: deps.openWallboard,
    insecureSecrets: deps.insecureSecrets,
  };
  let expiry: ReturnType<typeof setTimeout> | undefined;
  const render = (): void => {
    const state = deps.state.get();
    // Redraw when a mute runs out, so the menu stops saying "muted until".
    clearTimeout(expiry);
    const muteUntil = state.settings.notifications.muteUntil;
    if (muteUntil !== null && muteUntil > now()) expiry = setTimeout(render, Math.min(muteUntil - now() + 50, 2 ** 31 - 1));
    const m = messagesFor(resolveLocale(state.settings.locale, deps.systemLocale()));
    const health = floorHealth(state.session, state.sources);
    const unhandled = unhandledCount(state.abandoned, state.settings);
    const alerts = alertCount(state.alerts, now(), state.settings);
    tray.setImage(iconFor(health));
    tray.setToolTip(trayTooltip(health, unhandled, m, alerts));
    tray.setTitle(unhandled + alerts > 0 ? String(unhandled + alerts) : '');
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(state, now(), deps.systemLocale(), actions)));
  };
  tray.on('click', deps.showWindow);
  deps.state.onChange(render);
  render();
  return tray;
}
