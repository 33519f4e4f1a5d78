// The panels' row orders: the floor's rows filtered by queue and search, sorted, as id arrays. The big lists
// (calls, agents, waiting callers) are kept in order from the tables' deltas (lib/ordered-ids.ts): a change
// set costs O(changed x log n), never a walk of the floor; a filter change walks each list once.
import { defineStore } from 'pinia';
import { computed, onScopeDispose } from 'vue';
import type { ActiveCall, Agent, QueueEntry } from '../../../common/domain';
import { groupByCaller, type CallerGroup } from '../lib/abandoned-groups';
import { createOrderedIds, type RowFilter } from '../lib/ordered-ids';
import { useFloorStore } from './floor';
import { useSessionStore } from './session';
import { useUiStore, type PanelId } from './ui';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export const useListsStore = defineStore('lists', () => {
  const floor = useFloorStore();
  const session = useSessionStore();
  const ui = useUiStore();
  const tables = floor.tables;

  const query = computed(() => ui.search.trim().toLowerCase());
  /** Watched queue ids; empty = all queues. */
  const queueFilter = computed(() => new Set(session.settings.queueFilter));
  /** Calls carry a queue name only, so the filter is matched against names too. */
  const filteredQueueNames = computed(() => {
    void floor.queueOrder;
    const names = new Set<string>();
    for (const q of floor.peekQueues().values()) if (queueFilter.value.has(q.id)) names.add(q.name);
    return names;
  });

  const matches = (q: string, ...texts: (string | null | undefined)[]) => texts.some((text) => !!text && text.toLowerCase().includes(q));

  // Queues are few (tens): sorted by name whenever one comes, goes or is renamed (for the filter chips).
  const sortedQueueIds = computed(() => {
    void floor.queueOrder;
    return [...floor.peekQueues().values()].sort((a, b) => collator.compare(a.name, b.name)).map((q) => q.id);
  });
  /** The queue cards shown (ids: each card reads its own queue). */
  const queueIds = computed(() =>
    queueFilter.value.size === 0 ? sortedQueueIds.value : sortedQueueIds.value.filter((id) => queueFilter.value.has(id)),
  );

  // Each filter is a new function exactly when what it reads changed (its values are read here, not
  // inside it), so the ordered lists re-narrow on a filter change only; null = nothing to narrow.
  const callFilter = computed<RowFilter<ActiveCall> | null>(() => {
    const q = query.value;
    const names = queueFilter.value.size === 0 ? null : filteredQueueNames.value;
    if (!q && !names) return null;
    return (c) =>
      (!names || (c.queueName !== null && names.has(c.queueName))) && (!q || matches(q, c.customerNumber, c.agentName, c.extension));
  });
  const agentFilter = computed<RowFilter<Agent> | null>(() => {
    const q = query.value;
    const ids = queueFilter.value.size === 0 ? null : queueFilter.value;
    const names = ids ? filteredQueueNames.value : null;
    if (!q && !ids) return null;
    return (a) =>
      (!ids ||
        a.queues.length === 0 || // membership unknown (the PBX did not say): keep the agent visible
        a.queues.some((x) => ids.has(x) || (names as Set<string>).has(x))) &&
      (!q || matches(q, a.name, a.username, a.extension));
  });
  const entryFilter = computed<RowFilter<QueueEntry> | null>(() => {
    const q = query.value;
    const ids = queueFilter.value.size === 0 ? null : queueFilter.value;
    if (!q && !ids) return null;
    return (e) => (!ids || ids.has(e.queueId)) && (!q || matches(q, e.number));
  });

  const callOrder = createOrderedIds(tables.calls, (a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  const agentOrder = createOrderedIds(tables.agents, (a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
  const entryOrder = createOrderedIds(
    tables.queueEntries,
    (a, b) => a.joinedAt - b.joinedAt || a.id.localeCompare(b.id),
    (e) => e.status === 'waiting',
  );
  onScopeDispose(() => [callOrder, agentOrder, entryOrder].forEach((o) => o.stop()));

  const callIds = computed(() => {
    void callOrder.version.value;
    return callOrder.view(callFilter.value);
  });
  const agentIds = computed(() => {
    void agentOrder.version.value;
    return agentOrder.view(agentFilter.value);
  });
  const waitingIds = computed(() => {
    void entryOrder.version.value;
    return entryOrder.view(entryFilter.value);
  });

  /**
   * Today's abandoned callers, newest first, a repeat caller on one row (lib/abandoned-groups.ts); callers
   * already handled only when the supervisor asks to see them. Small (one day's): kept as rows, not ids.
   */
  const abandoned = computed<CallerGroup[]>(() => {
    const f = queueFilter.value;
    const q = query.value;
    const visible = floor.abandoned.filter((a) => (f.size === 0 || f.has(a.queueId)) && (!q || matches(q, a.number, a.queueName)));
    return groupByCaller(visible).filter((g) => ui.showHandled || !g.handled);
  });
  const abandonedIds = computed(() => abandoned.value.map((g) => g.key));
  /** Callers still to call back (one who hung up three times is one call to make). */
  const unhandledCount = computed(() => groupByCaller(floor.abandoned.filter((a) => !a.handled)).length);

  function idsOf(panel: PanelId): readonly string[] {
    switch (panel) {
      case 'queues':
        return waitingIds.value;
      case 'calls':
        return callIds.value;
      case 'agents':
        return agentIds.value;
      case 'abandoned':
        return abandonedIds.value;
    }
  }

  return { queueIds, allQueueIds: sortedQueueIds, callIds, agentIds, waitingIds, abandoned, abandonedIds, unhandledCount, idsOf };
});
