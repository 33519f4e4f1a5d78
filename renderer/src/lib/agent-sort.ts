// The Agents panel's orders. The default (the State column) puts what a supervisor acts on first: the longest pause at the
// top, then ringing, on a call, available (each longest in state first), wrap-up and offline last. Each
// column sorts by its own key in its natural direction first (the longest time, the most answered, names
// A-Z); pressing the same header again reverses it. Ties fall back to the default order, then the name.
import type { Agent, AgentState } from '../../../common/domain';

export type AgentSortKey = 'name' | 'state' | 'reason' | 'inState' | 'answered';
export interface AgentSort {
  key: AgentSortKey;
  /** true: the key's natural direction (as listed above); false: reversed. */
  natural: boolean;
}

export const DEFAULT_AGENT_SORT: AgentSort = { key: 'state', natural: true };

/** The fields the orders read: the row table must report a row that changes one of them. */
export const AGENT_ORDER_FIELDS = ['name', 'username', 'extension', 'queues', 'state', 'stateSince', 'pauseReason', 'answeredToday'] as const;

const RANK: Record<AgentState, number> = { paused: 0, ringing: 1, 'on-call': 2, available: 3, 'wrap-up': 4, offline: 5 };

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Longest in state first; an unknown start last. */
const bySince = (a: Agent, b: Agent): number => (a.stateSince ?? Infinity) - (b.stateSince ?? Infinity);
const byName = (a: Agent, b: Agent): number => collator.compare(a.name, b.name) || a.id.localeCompare(b.id);
const byDefault = (a: Agent, b: Agent): number => RANK[a.state] - RANK[b.state] || bySince(a, b);

/** The key's own comparison, in its natural direction (no tie-break). */
const PRIMARY: Record<AgentSortKey, (a: Agent, b: Agent) => number> = {
  name: () => 0,
  state: byDefault,
  // No reason sorts after every reason.
  reason: (a, b) => (a.pauseReason === null ? 1 : 0) - (b.pauseReason === null ? 1 : 0) || collator.compare(a.pauseReason ?? '', b.pauseReason ?? ''),
  inState: bySince,
  answered: (a, b) => (b.answeredToday ?? 0) - (a.answeredToday ?? 0),
};

/** A total order for `sort` (ties: the default order, then name and id). */
export function agentComparator(sort: AgentSort): (a: Agent, b: Agent) => number {
  const primary = PRIMARY[sort.key];
  const sign = sort.natural ? 1 : -1;
  if (sort.key === 'name') return (a, b) => sign * byName(a, b);
  return (a, b) => sign * primary(a, b) || byDefault(a, b) || byName(a, b);
}

/** Pressing a column header: its natural direction first, reversed when pressed again. */
export function nextAgentSort(current: AgentSort, key: AgentSortKey): AgentSort {
  return current.key === key ? { key, natural: !current.natural } : { key, natural: true };
}

/** aria-sort of a header: the natural directions map to what they mean on screen. */
export function ariaSortOf(current: AgentSort, key: AgentSortKey): 'ascending' | 'descending' | 'none' {
  if (current.key !== key) return 'none';
  // Natural: names and reasons A-Z, states in rank order (ascending); times and counts largest first.
  const naturalAscending = key === 'name' || key === 'reason' || key === 'state';
  return naturalAscending === current.natural ? 'ascending' : 'descending';
}
