// The day on the floor for the Today view: main's reconciled figures (today:get, the floor and every
// queue, half hours of the chosen one) and each agent's today (today:agents). Read while the view is shown,
// and again when main says the day moved (today:changed: a record pass, or the live queue), at most every
// REFRESH_MIN_MS, so a busy floor does not send the whole day every second. The agent whose pane is open
// is kept here, so an agent row (D, or its answered count) can open it from the floor.
import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef } from 'vue';
import type { AgentToday, AppError, TodayState } from '../../../common/domain';
import { getBridge } from '../bridge';

const REFRESH_MIN_MS = 2000;

/** How an agent's today is named: by agent id, else (an extension only the records know) by extension. */
export const agentTodayKey = (a: Pick<AgentToday, 'agentId' | 'extension'>): string => a.agentId ?? `ext:${a.extension}`;

export const useTodayStore = defineStore('today', () => {
  const bridge = getBridge();
  const state = shallowRef<TodayState | null>(null);
  const agents = shallowRef<AgentToday[] | null>(null);
  const error = shallowRef<AppError | null>(null);
  /** The queue the charts show ('' = the whole floor). */
  const queueId = shallowRef('');
  /** The agent whose today pane is open (agentTodayKey), or null. */
  const agentPane = shallowRef<string | null>(null);
  const loading = shallowRef(false);
  let watching = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastLoad = 0;

  async function load(): Promise<void> {
    lastLoad = Date.now();
    loading.value = true;
    const [t, a] = await Promise.all([bridge.getToday(queueId.value ? { queueId: queueId.value } : {}), bridge.getAgentsToday()]);
    loading.value = false;
    if (t.ok) state.value = t.data;
    if (a.ok) agents.value = a.data;
    error.value = !t.ok ? t.error : !a.ok ? a.error : null;
  }

  function refreshSoon(): void {
    if (watching === 0 || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void load();
    }, Math.max(0, REFRESH_MIN_MS - (Date.now() - lastLoad)));
  }

  /** The view shows the day: read it now and follow it; the returned function stops following. */
  function watch(): () => void {
    watching++;
    void load();
    return () => {
      watching = Math.max(0, watching - 1);
      if (watching === 0 && timer) {
        clearTimeout(timer);
        timer = null;
      }
    };
  }

  function showQueue(id: string): void {
    if (queueId.value === id) return;
    queueId.value = id;
    void load();
  }

  const off = bridge.onTodayChanged(() => refreshSoon());
  onScopeDispose(() => {
    off();
    if (timer) clearTimeout(timer);
  });

  return { state, agents, error, queueId, agentPane, loading, load, watch, showQueue };
});
