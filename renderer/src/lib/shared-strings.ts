// One shared instance of each repeated string in the floor's rows. Every row arrives freshly parsed (JSON
// over the web socket, a structured clone over Electron IPC), so each of 10,000 agents held its own copy
// of 'available', 'pbx' and its campaign name, and each call and queue entry its own queue id, queue name,
// state and direction: 40 to 100 of the 230 to 290 bytes a row took in the page (CDP heap snapshot at
// 10,000 agents). Only fields with few distinct values are shared; names and numbers are left alone.
import type { ActiveCall, Agent, QueueEntry } from '../../../common/domain';

/** More distinct values than this means a field is not low-cardinality after all: start over. */
export const MAX_VALUES = 10_000;

export interface SharedStrings {
  /** `s`, or the equal string seen first. */
  share(s: string): string;
  /** Swap the repeated fields of these rows for the shared instances, in place (equal values: no one can tell). */
  rows(rows: { agents: readonly Agent[]; calls: readonly ActiveCall[]; queueEntries: readonly QueueEntry[] }): void;
  /** Distinct strings held: never more than MAX_VALUES. */
  size(): number;
}

export function createSharedStrings(): SharedStrings {
  const known = new Map<string, string>();

  function share(s: string): string {
    const seen = known.get(s);
    if (seen !== undefined) return seen;
    if (known.size >= MAX_VALUES) known.clear();
    known.set(s, s);
    return s;
  }
  const shareOrNull = (s: string | null): string | null => (s === null ? null : share(s));

  return {
    share,
    size: () => known.size,
    rows({ agents, calls, queueEntries }) {
      // Agents of a campaign arrive sharing one queues array (common/queue-lists.ts): each array once.
      const lists = new Set<string[]>();
      for (const a of agents) {
        a.state = share(a.state) as Agent['state'];
        a.origin = share(a.origin) as Agent['origin'];
        a.campaign = shareOrNull(a.campaign);
        a.pauseReason = shareOrNull(a.pauseReason);
        if (lists.has(a.queues)) continue;
        lists.add(a.queues);
        for (let i = 0; i < a.queues.length; i++) a.queues[i] = share(a.queues[i] as string);
      }
      for (const c of calls) {
        c.state = share(c.state) as ActiveCall['state'];
        c.direction = share(c.direction) as ActiveCall['direction'];
        c.queueId = shareOrNull(c.queueId);
        c.queueName = shareOrNull(c.queueName);
      }
      for (const e of queueEntries) {
        e.status = share(e.status) as QueueEntry['status'];
        e.queueId = share(e.queueId);
        e.queueName = share(e.queueName);
      }
    },
  };
}
