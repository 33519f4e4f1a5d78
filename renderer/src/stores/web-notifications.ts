// In a browser (the web host) the page itself raises one Notification per abandoned call; in Electron
// main does it natively (AppInfo.nativeNotifications) and this store stays silent. Permission is asked
// only from a click, and only once: the browser's answer is remembered by the browser, our having asked
// by a flag in localStorage.
import { defineStore } from 'pinia';
import { computed, onScopeDispose, shallowRef } from 'vue';
import type { AbandonedCall } from '../../../common/domain';
import { scopedQueueIds } from '../../../common/queue-scope';
import { getBridge } from '../bridge';
import { forgetOldest } from '../lib/forget-oldest';
import { i18n } from '../i18n';
import { formatDuration } from '../../../common/format';
import { useSessionStore } from './session';
import { useUiStore } from './ui';

const ASKED_KEY = 'floorwatch.notificationPermissionAsked';

const supported = () => typeof Notification !== 'undefined';

/** Ids remembered as shown: more than a big floor's day of abandoned calls; past it the oldest are forgotten. */
export const MAX_SHOWN = 20_000;

export const useWebNotificationsStore = defineStore('web-notifications', () => {
  const bridge = getBridge();
  const session = useSessionStore();
  const ui = useUiStore();
  const permission = shallowRef<NotificationPermission | 'unsupported'>(supported() ? Notification.permission : 'unsupported');
  const asked = shallowRef(localStorage.getItem(ASKED_KEY) === '1');
  /** Ids already shown, so a replayed event never notifies twice. Only those shown: a day's abandoned
   * calls number thousands on a big floor, and a console that shows none (Electron, no permission, muted)
   * need not remember any. */
  const shown = new Set<string>();

  const active = computed(() => session.appInfo !== null && !session.appInfo.nativeNotifications);
  const canAsk = computed(() => active.value && permission.value === 'default' && !asked.value);
  const blocked = computed(() => active.value && permission.value === 'denied');

  /** Call from a click handler only: browsers refuse (or penalise) a prompt without a user gesture. */
  async function askPermission(): Promise<void> {
    if (!canAsk.value) return;
    asked.value = true;
    localStorage.setItem(ASKED_KEY, '1');
    permission.value = await Notification.requestPermission();
  }

  function muted(): boolean {
    const n = session.settings.notifications;
    return !n.enabled || (n.muteUntil !== null && n.muteUntil > Date.now());
  }

  function notify(call: AbandonedCall): void {
    if (!active.value || permission.value !== 'granted' || muted() || shown.has(call.id)) return;
    // Scoped to my queues: another queue's abandoned caller is not this supervisor's alert.
    const scope = scopedQueueIds(session.settings);
    if (scope && !scope.has(call.queueId)) return;
    shown.add(call.id);
    forgetOldest(shown, MAX_SHOWN);
    const { t } = i18n.global;
    const n = new Notification(t('notify.abandonedTitle', { queue: call.queueName }), {
      body: t('notify.abandonedBody', { number: call.number, waited: formatDuration(call.waitedSec) }),
      tag: call.id,
    });
    n.onclick = () => {
      window.focus();
      ui.reveal('abandoned', call.id);
      n.close();
    };
  }

  /** A catch-up from the PBX's records (issue 16): one notification, never one per old call. */
  function notifyCaughtUp(all: readonly AbandonedCall[]): void {
    if (!active.value || permission.value !== 'granted' || muted()) return;
    const scope = scopedQueueIds(session.settings);
    const calls = all.filter((c) => !shown.has(c.id) && (!scope || scope.has(c.queueId)));
    const newest = calls.reduce<AbandonedCall | null>((x, y) => (x === null || y.abandonedAt > x.abandonedAt ? y : x), null);
    if (!newest) return;
    for (const c of calls) shown.add(c.id);
    forgetOldest(shown, MAX_SHOWN);
    const { t } = i18n.global;
    const shownNumbers = calls.slice(0, 4).map((c) => c.number).join(', ') + (calls.length > 4 ? ', …' : '');
    const n = new Notification(calls.length === 1 ? t('notify.caughtUpOneTitle', { number: newest.number }) : t('notify.caughtUpTitle', { n: calls.length }), {
      body: t('notify.caughtUpBody', { numbers: shownNumbers }),
      tag: `caught-up:${newest.id}`,
    });
    n.onclick = () => {
      window.focus();
      ui.reveal('abandoned', newest.id);
      n.close();
    };
  }

  const off = bridge.onFloorEvents((events) => {
    for (const e of events) {
      if (e.type === 'call-abandoned') notify(e.call);
      else if (e.type === 'abandoned-caught-up') notifyCaughtUp(e.calls);
    }
  });
  onScopeDispose(off);

  return { permission, canAsk, blocked, askPermission, notify };
});
