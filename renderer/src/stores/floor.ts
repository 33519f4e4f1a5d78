// The live floor as the renderer holds it: four keyed row tables patched from 'floor:changed' change sets
// and replaced whole on 'floor:reset', plus the sources' health and today's abandoned calls.
import { defineStore } from 'pinia';
import { markRaw, onScopeDispose, shallowRef } from 'vue';
import { abandonedChangeSchema, applyAbandonedChange, type AbandonedChange } from '../../../common/abandoned-change';
import type { FloorState } from '../../../common/contract';
import type { AbandonedCall, ActiveCall, Agent, ChangeSet, QueueEntry, QueueSummary, SourceStatus } from '../../../common/domain';
import { getBridge } from '../bridge';
import { createAbandonedRows } from '../lib/abandoned-rows';
import { createRowTable } from '../lib/row-table';
import { AGENT_ORDER_FIELDS } from '../lib/agent-sort';
import { createSharedStrings } from '../lib/shared-strings';

/** How soon a first floor:get that failed is asked again. */
export const RESYNC_RETRY_MS = 1000;

export const useFloorStore = defineStore('floor', () => {
  const bridge = getBridge();
  // Order fields: what the lists sort or filter by (see lists.ts); other fields change without a re-sort.
  const agents = createRowTable<Agent>(AGENT_ORDER_FIELDS);
  const calls = createRowTable<ActiveCall>(['startedAt', 'agentName', 'extension', 'customerNumber', 'queueId', 'queueName']);
  const queueEntries = createRowTable<QueueEntry>(['status', 'joinedAt', 'number', 'queueId']);
  const queues = createRowTable<QueueSummary>(['name']);
  const sources = shallowRef<SourceStatus[]>([]);
  const abandoned = shallowRef<AbandonedCall[]>([]);
  /** Rows' repeated strings (states, queue names) held once, not once per row (lib/shared-strings.ts). */
  const strings = createSharedStrings();
  /** The day's list arrives whole on every change: unchanged rows keep their objects (lib/abandoned-rows.ts). */
  const abandonedRows = createAbandonedRows(strings);
  /** seq of the picture the tables hold; -1 before the first. */
  const seq = shallowRef(-1);
  const updatedAt = shallowRef<number | null>(null);
  let resyncing = false;
  /** seq of the last abandoned change the list holds (common/abandoned-change.ts). */
  let abandonedSeq = -1;

  /**
   * A change of today's abandoned list: only the records new or changed cost anything here (their strings
   * shared, placed by one merge); a reset replaces the list; a change that is malformed or does not follow
   * the last one reads the whole floor again.
   */
  function applyAbandoned(payload: AbandonedChange): void {
    const checked = abandonedChangeSchema.safeParse(payload);
    const change = checked.success ? (checked.data as AbandonedChange) : null;
    const next = change ? applyAbandonedChange(abandoned.value, abandonedSeq, { ...change, upsert: change.upsert.map(abandonedRows.share) }) : null;
    if (!change || !next) {
      void resync();
      return;
    }
    abandonedSeq = change.seq;
    if (change.reset) abandoned.value = abandonedRows.merge(abandoned.value, next);
    else if (next !== abandoned.value) abandoned.value = next;
  }

  function applyReset(state: FloorState): void {
    const s = state.snapshot;
    strings.rows(s);
    agents.reset(s.agents);
    calls.reset(s.calls);
    queueEntries.reset(s.queueEntries);
    queues.reset(s.queues);
    sources.value = state.sources;
    abandoned.value = abandonedRows.merge(abandoned.value, state.abandoned);
    abandonedSeq = state.abandonedSeq;
    seq.value = s.seq;
    updatedAt.value = s.at;
  }

  function applyChanges(cs: ChangeSet): void {
    if (cs.seq === seq.value) return; // already folded in by a full picture that overtook it
    if (cs.baseSeq !== seq.value) {
      // A gap: change sets were missed (reconnect, dropped frame). Only a full picture is safe.
      void resync();
      return;
    }
    strings.rows({ agents: cs.agents.upsert, calls: cs.calls.upsert, queueEntries: cs.queueEntries.upsert });
    agents.patch(cs.agents);
    calls.patch(cs.calls);
    queueEntries.patch(cs.queueEntries);
    queues.patch(cs.queues);
    seq.value = cs.seq;
    updatedAt.value = cs.at;
  }

  let retry: ReturnType<typeof setTimeout> | null = null;

  async function resync(): Promise<void> {
    if (resyncing) return;
    resyncing = true;
    if (retry) clearTimeout(retry);
    retry = null;
    try {
      const r = await bridge.getFloor();
      if (r.ok) applyReset(r.data);
      // A quiet floor sends no change set that would ask again: keep asking until a picture arrives.
      else if (seq.value < 0) retry = setTimeout(() => void resync(), RESYNC_RETRY_MS);
    } finally {
      resyncing = false;
    }
  }

  const unsubscribe = [
    bridge.onFloorReset(applyReset),
    bridge.onFloorChanges(applyChanges),
    bridge.onSources((s) => (sources.value = s)),
    bridge.onAbandoned(applyAbandoned),
  ];
  onScopeDispose(() => {
    unsubscribe.forEach((off) => off());
    if (retry) clearTimeout(retry);
  });

  /** Put rows just changed by our hand (mark handled, its undo) in place before the next event. */
  function replaceAbandoned(calls: readonly AbandonedCall[]): void {
    const byId = new Map(calls.map((c) => [c.id, c]));
    abandoned.value = abandoned.value.map((a) => byId.get(a.id) ?? a);
  }

  return { agents: agents.rows, calls: calls.rows, queueEntries: queueEntries.rows, queues: queues.rows,
    agentOrder: agents.orderVersion, callOrder: calls.orderVersion, entryOrder: queueEntries.orderVersion,
    queueOrder: queues.orderVersion, peekAgents: agents.peek, peekCalls: calls.peek,
    peekQueueEntries: queueEntries.peek, peekQueues: queues.peek,
    /** The tables themselves (not made reactive: their rows are), for lists kept in order from their deltas. */
    tables: markRaw({ agents, calls, queueEntries, queues }), sources, abandoned, seq, updatedAt, applyReset, applyChanges, resync,
    replaceAbandoned };
});
