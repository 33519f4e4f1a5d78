// The panels' row orders: the floor's rows scoped to my queues (or all) and searched, sorted, as id arrays. The big lists
// (calls, agents, waiting callers) are kept in order from the tables' deltas (lib/ordered-ids.ts): a change
// set costs O(changed x log n), never a walk of the floor; a filter change walks each list once.
import { defineStore } from 'pinia';
import { computed, onScopeDispose, shallowRef, watch } from 'vue';
import type { ActiveCall, Agent, QueueEntry, QueueStaffing } from '../../../common/domain';
import { anyInQueueScope, inQueueScope, scopedQueueIds } from '../../../common/queue-scope';
import { groupByCaller, type CallerGroup } from '../lib/abandoned-groups';
import { agentComparator } from '../lib/agent-sort';
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
  /** The queues scoped to ("My queues"), or null for the whole floor (common/queue-scope.ts). */
  const scope = computed(() => scopedQueueIds(session.settings));
  const showUnqueued = computed(() => session.settings.showUnqueued);
  /** Some connectors name queues rather than id them (an agent's queues on Evolux): names match too. */
  const scopedQueueNames = computed(() => {
    void floor.queueOrder;
    const names = new Set<string>();
    const ids = scope.value;
    if (ids) for (const q of floor.peekQueues().values()) if (ids.has(q.id)) names.add(q.name);
    return names;
  });

  const matches = (q: string, ...texts: (string | null | undefined)[]) => texts.some((text) => !!text && text.toLowerCase().includes(q));

  // Queues are few (tens): sorted by name whenever one comes, goes or is renamed (for the filter chips).
  const sortedQueueIds = computed(() => {
    void floor.queueOrder;
    return [...floor.peekQueues().values()].sort((a, b) => collator.compare(a.name, b.name)).map((q) => q.id);
  });
  /** The queue cards shown (ids: each card reads its own queue). */
  const queueIds = computed(() => {
    const ids = scope.value;
    return ids === null ? sortedQueueIds.value : sortedQueueIds.value.filter((id) => ids.has(id));
  });

  // Each filter is a new function exactly when what it reads changed (its values are read here, not
  // inside it), so the ordered lists re-narrow on a filter change only; null = nothing to narrow.
  const callFilter = computed<RowFilter<ActiveCall> | null>(() => {
    const q = query.value;
    const ids = scope.value;
    const names = scopedQueueNames.value;
    const unqueued = showUnqueued.value;
    if (!q && !ids) return null;
    return (c) =>
      (!ids || (c.queueId === null && c.queueName !== null ? names.has(c.queueName) : inQueueScope(ids, unqueued, c.queueId))) &&
      (!q || matches(q, c.customerNumber, c.agentName, c.extension, c.queueName));
  });
  const agentFilter = computed<RowFilter<Agent> | null>(() => {
    const q = query.value;
    const ids = scope.value;
    const names = scopedQueueNames.value;
    const unqueued = showUnqueued.value;
    if (!q && !ids) return null;
    return (a) =>
      (!ids || anyInQueueScope(ids, unqueued, a.queues) || a.queues.some((x) => names.has(x))) &&
      (!q || matches(q, a.name, a.username, a.extension));
  });
  const entryFilter = computed<RowFilter<QueueEntry> | null>(() => {
    const q = query.value;
    const ids = scope.value;
    if (!q && !ids) return null;
    return (e) => (!ids || ids.has(e.queueId)) && (!q || matches(q, e.number));
  });

  const callOrder = createOrderedIds(tables.calls, (a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  // The agents' order follows the sort the supervisor chose (a new sort sorts once, then deltas keep it).
  const agentOrder = shallowRef(createOrderedIds(tables.agents, agentComparator(ui.agentSort)));
  watch(
    () => ui.agentSort,
    (sort) => {
      agentOrder.value.stop();
      agentOrder.value = createOrderedIds(tables.agents, agentComparator(sort));
    },
    { flush: 'sync' },
  );
  const entryOrder = createOrderedIds(
    tables.queueEntries,
    (a, b) => a.joinedAt - b.joinedAt || a.id.localeCompare(b.id),
    (e) => e.status === 'waiting',
  );
  onScopeDispose(() => [callOrder, agentOrder.value, entryOrder].forEach((o) => o.stop()));

  const callIds = computed(() => {
    void callOrder.version.value;
    return callOrder.view(callFilter.value);
  });
  const agentIds = computed(() => {
    const order = agentOrder.value;
    void order.version.value;
    return order.view(agentFilter.value);
  });
  const waitingIds = computed(() => {
    void entryOrder.version.value;
    return entryOrder.view(entryFilter.value);
  });

  /**
   * Agents per state in scope (the floor, or my queues), whatever the search: the Agents panel's summary
   * line. Kept from the agents table's deltas, each agent's counted state remembered, so a change set costs
   * the agents it changed; it walked all 10,000 on every change set before (with "My queues" on, checking
   * each agent's ~20 queues). A reset or a scope change counts them again, once.
   */
  const counted = new Map<string, keyof QueueStaffing>();
  const counts: QueueStaffing = { available: 0, onCall: 0, paused: 0, ringing: 0 };
  /** The scope the counts are for; null: count again when next read. */
  let countedFor: { ids: ReadonlySet<string> | null; names: ReadonlySet<string>; unqueued: boolean } | null = null;
  const summaryVersion = shallowRef(0);

  function bucketOf(a: Agent): keyof QueueStaffing | null {
    const f = countedFor;
    if (a.state === 'offline' || !f) return null;
    if (f.ids && !(anyInQueueScope(f.ids, f.unqueued, a.queues) || a.queues.some((x) => f.names.has(x)))) return null;
    return a.state === 'available' ? 'available' : a.state === 'paused' ? 'paused' : a.state === 'ringing' ? 'ringing' : 'onCall';
  }
  function count(id: string, bucket: keyof QueueStaffing | null): boolean {
    const before = counted.get(id);
    if (before === bucket) return false;
    if (before) counts[before]--;
    if (bucket) {
      counts[bucket]++;
      counted.set(id, bucket);
    } else counted.delete(id);
    return true;
  }
  const stopSummary = tables.agents.listen((delta) => {
    if (delta === null || countedFor === null) {
      countedFor = null;
      summaryVersion.value++;
      return;
    }
    let moved = false;
    for (const row of delta.upsert) moved = count(row.id, bucketOf(row)) || moved;
    for (const id of delta.remove) moved = count(id, null) || moved;
    if (moved) summaryVersion.value++;
  });
  onScopeDispose(stopSummary);
  const agentSummary = computed<QueueStaffing>(() => {
    void summaryVersion.value;
    const ids = scope.value;
    const names = scopedQueueNames.value;
    const unqueued = showUnqueued.value;
    if (countedFor === null || countedFor.ids !== ids || countedFor.names !== names || countedFor.unqueued !== unqueued) {
      countedFor = { ids, names, unqueued };
      counted.clear();
      Object.assign(counts, { available: 0, onCall: 0, paused: 0, ringing: 0 });
      for (const a of floor.peekAgents().values()) count(a.id, bucketOf(a));
    }
    return { ...counts };
  });

  /**
   * Today's abandoned callers, newest first, a repeat caller on one row (lib/abandoned-groups.ts); callers
   * already handled only when the supervisor asks to see them. Small (one day's): kept as rows, not ids.
   */
  const abandoned = computed<CallerGroup[]>(() => {
    const ids = scope.value;
    const q = query.value;
    const visible = floor.abandoned.filter((a) => (!ids || ids.has(a.queueId)) && (!q || matches(q, a.number, a.queueName)));
    return groupByCaller(visible).filter((g) => ui.showHandled || !g.handled);
  });
  const abandonedIds = computed(() => abandoned.value.map((g) => g.key));
  /** Callers in scope still to call back (one who hung up three times is one call to make): badge and title. */
  const unhandledCount = computed(() => {
    const ids = scope.value;
    return groupByCaller(floor.abandoned.filter((a) => !a.handled && (!ids || ids.has(a.queueId)))).length;
  });

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

  return { queueIds, allQueueIds: sortedQueueIds, callIds, agentIds, waitingIds, abandoned, abandonedIds, unhandledCount, agentSummary, scope, idsOf };
});
