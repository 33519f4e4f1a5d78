// The fixed words rows and queue cards show (states, directions, action names, queue figures), translated once per locale. Rows render
// every second on a live floor; vue-i18n's t() builds a JSON cache key per call, which at ~100 rows x
// several labels is measurable in the tick, while a lookup in this table is not.
import { computed } from 'vue';
import type { AgentState, CallDirection, CallState } from '../../../common/domain';
import { i18n } from '../i18n';
import type { UiActionKind } from '../stores/actions';

const AGENT_STATES: AgentState[] = ['available', 'paused', 'ringing', 'on-call', 'wrap-up', 'offline'];
const CALL_STATES: CallState[] = ['ringing', 'on-call'];
const DIRECTIONS: CallDirection[] = ['inbound', 'outbound', 'local'];
const QUEUE_FIGURES = ['waiting', 'longest', 'answered', 'abandoned', 'serviceLevel', 'avgWait'] as const;
const ACTIONS: UiActionKind[] = ['listen', 'whisper', 'barge', 'transfer', 'pause', 'resume', 'logoff', 'call-back',
  'check-in', 'check-out', 'check-in-device', 'set-queues', 'wrap-up', 'handled'];

function build() {
  const { t } = i18n.global;
  const table = <K extends string>(keys: K[], prefix: string) =>
    Object.fromEntries(keys.map((k) => [k, t(`${prefix}.${k}`)])) as Record<K, string>;
  return {
    agentState: table(AGENT_STATES, 'agentState'),
    callState: table(CALL_STATES, 'callState'),
    direction: table(DIRECTIONS, 'direction'),
    action: table(ACTIONS, 'action'),
    queueFigure: table([...QUEUE_FIGURES], 'queue'),
    callback: t('action.callback'),
    markHandled: t('action.handled'),
    handled: t('abandoned.handled'),
    longPause: t('agent.longPause'),
    longWait: t('queue.longWait'),
    consoleOrigin: t('agent.consoleOrigin'),
    noReason: t('agent.noReason'),
    noQueue: t('call.noQueue'),
    noQueueTitle: t('call.noQueueTitle'),
    todayTitle: t('today.rowTitle'),
  };
}

export type Labels = ReturnType<typeof build>;
const cache = new Map<string, Labels>();

export function useLabels() {
  return computed(() => {
    const locale = i18n.global.locale.value;
    let labels = cache.get(locale);
    if (!labels) {
      labels = build();
      cache.set(locale, labels);
    }
    return labels;
  });
}
