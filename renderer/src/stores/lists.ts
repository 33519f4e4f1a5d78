// The panels' row orders: the floor's rows filtered by queue and search, sorted, as id arrays. Each list
// is rebuilt only when its table's `orderVersion` or the filter moves, never on a plain state or timer
// change, so a change set on a 10,000-agent floor costs O(changed) plus the visible rows' re-render.
import { defineStore } from 'pinia';
import { computed } from 'vue';
import type { AbandonedCall, Agent } from '../../../common/domain';
import { createRankedOrder } from '../lib/ranked-order';
import { useFloorStore } from './floor';
import { useSessionStore } from './session';
import { useUiStore, type PanelId } from './ui';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export const useListsStore = defineStore('lists', () => {
  const floor = useFloorStore();
  const session = useSessionStore();
  const ui = useUiStore();

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

  const has = (text: string | null | undefined) => !!text && text.toLowerCase().includes(query.value);

  // Queues are few (tens): their lists follow every change, so the cards' figures stay current.
  /** Every queue, for the filter chips. */
  const allQueues = computed(() => [...floor.queues.values()].sort((a, b) => collator.compare(a.name, b.name)));
  const queues = computed(() =>
    queueFilter.value.size === 0 ? allQueues.value : allQueues.value.filter((q) => queueFilter.value.has(q.id)),
  );

  const callIds = computed(() => {
    void floor.callOrder;
    const f = queueFilter.value;
    const out = [...floor.peekCalls().values()].filter(
      (c) =>
        (f.size === 0 || (c.queueName !== null && filteredQueueNames.value.has(c.queueName))) &&
        (!query.value || has(c.customerNumber) || has(c.agentName) || has(c.extension)),
    );
    out.sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
    return out.map((c) => c.id);
  });

  const agentInQueues = (a: Agent) =>
    queueFilter.value.size === 0 ||
    a.queues.length === 0 || // membership unknown (the PBX did not say): keep the agent visible
    a.queues.some((q) => queueFilter.value.has(q) || filteredQueueNames.value.has(q));

  // Ranked once through the collator, then placed by rank: a login or logout on a 10,000-agent floor
  // re-orders the list without re-sorting every name through ICU (lib/ranked-order.ts).
  const byName = createRankedOrder<Agent>((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id), (a) => a.name);
  const agentIds = computed(() => {
    void floor.agentOrder;
    const out = [...floor.peekAgents().values()].filter(
      (a) => agentInQueues(a) && (!query.value || has(a.name) || has(a.username) || has(a.extension)),
    );
    return byName.order(out);
  });

  const waitingIds = computed(() => {
    void floor.entryOrder;
    const f = queueFilter.value;
    const out = [...floor.peekQueueEntries().values()].filter(
      (e) => e.status === 'waiting' && (f.size === 0 || f.has(e.queueId)) && (!query.value || has(e.number)),
    );
    out.sort((a, b) => a.joinedAt - b.joinedAt || a.id.localeCompare(b.id));
    return out.map((e) => e.id);
  });

  /** Newest first. Small (one day's abandoned calls): kept as rows, not ids. */
  const abandoned = computed<AbandonedCall[]>(() => {
    const f = queueFilter.value;
    return floor.abandoned
      .filter(
        (a) =>
          (ui.showHandled || !a.handled) &&
          (f.size === 0 || f.has(a.queueId)) &&
          (!query.value || has(a.number) || has(a.queueName)),
      )
      .sort((a, b) => b.abandonedAt - a.abandonedAt);
  });
  const abandonedIds = computed(() => abandoned.value.map((a) => a.id));
  const unhandledCount = computed(() => floor.abandoned.reduce((n, a) => (a.handled ? n : n + 1), 0));

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

  return { queues, allQueues, callIds, agentIds, waitingIds, abandoned, abandonedIds, unhandledCount, idsOf };
});
