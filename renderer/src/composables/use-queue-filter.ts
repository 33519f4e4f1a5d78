// "My queues" (settings.queueFilter, a saved set) and the scope (settings.queueScope: my queues or all),
// shared by the chips, the queue cards and the Q key; persisted through updateSettings so they survive a
// restart. "All" keeps the set, so my queues are one key (Q) or one click away again.
import { computed } from 'vue';
import { useSessionStore } from '../stores/session';

export function useQueueFilter() {
  const session = useSessionStore();
  const selected = computed(() => new Set(session.settings.queueFilter));
  /** Scoped to my queues right now (a set chosen and not switched to All). */
  const scoped = computed(() => session.settings.queueScope === 'mine' && selected.value.size > 0);

  /** A queue is shown as chosen while the console is scoped to it. */
  const isActive = (id: string) => scoped.value && selected.value.has(id);

  /** Add a queue to my queues, or take it out; either way the console is scoped to my queues. */
  function toggle(id: string): void {
    const next = new Set(scoped.value ? selected.value : []);
    if (!next.delete(id)) next.add(id);
    void session.updateSettings({ queueFilter: [...next], queueScope: 'mine' });
  }

  /** The whole floor; my queues are kept for the way back. */
  function showAll(): void {
    void session.updateSettings({ queueScope: 'all' });
  }

  /** Q: my queues <-> all (nothing to switch to before a queue was chosen). */
  function toggleScope(): void {
    if (selected.value.size === 0) return;
    void session.updateSettings({ queueScope: scoped.value ? 'all' : 'mine' });
  }

  function toggleUnqueued(): void {
    void session.updateSettings({ showUnqueued: !session.settings.showUnqueued });
  }

  return { selected, scoped, isActive, toggle, showAll, toggleScope, toggleUnqueued };
}
