// The queue filter (settings.queueFilter: watched queue ids, empty = all), shared by the chips and the
// queue cards, persisted through updateSettings so it survives a restart.
import { computed } from 'vue';
import { useSessionStore } from '../stores/session';

export function useQueueFilter() {
  const session = useSessionStore();
  const selected = computed(() => new Set(session.settings.queueFilter));

  const isActive = (id: string) => selected.value.has(id);

  function toggle(id: string): void {
    const next = new Set(selected.value);
    if (!next.delete(id)) next.add(id);
    void session.updateSettings({ queueFilter: [...next] });
  }

  function clear(): void {
    void session.updateSettings({ queueFilter: [] });
  }

  return { selected, isActive, toggle, clear };
}
