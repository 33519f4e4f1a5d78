// The simulator's outbound queues (TEL4VN autodialer and autocall, seed 002): what was loaded, whether each
// queue runs, and the do-not-call ids. HTTP shapes live in dialects/tel4vn-outbound.ts; dialling the loaded
// customers on the floor plugs in here later (issue 19 point 6) through `dialable()`.
//
// Lifecycle (issue 19's decisions, the seed is silent): a loaded queue is running; stop pauses it; start
// resumes it; delete follows a stop (choice: deleting a running queue stops it first, as the seed's
// "thu hồi sau khi đã tạm dừng" describes the PBX doing); a deleted queue is gone ("queue not found"),
// and loading its code again makes a new, running queue.

export type OutboundFamily = 'autodialer' | 'autocall';
export type OutboundState = 'running' | 'stopped';

/** The number pattern of seed 002 (Post Customer's error), as the seed writes it. */
export const SEED_PHONE_PATTERN = /^(84|0[3|5|7|8|9])+([0-9]{8})$/;

export interface OutboundCustomer {
  id: string;
  mobiles: string[];
  /** Every other field the load sent (autocall's collection fields), kept as sent. */
  fields: Record<string, unknown>;
}

export interface OutboundQueue {
  family: OutboundFamily;
  code: string;
  state: OutboundState;
  /** Autodialer only. */
  campaignId: string | null;
  /** Parameters of the last load, as sent (precall_ratio, template, concurrent_call, ...). */
  params: Record<string, unknown>;
  /** In load order; a customer loaded again under the same id replaces its row in place. */
  customers: Map<string, OutboundCustomer>;
  /** Autocall only: ids imported as do-not-call; covers customers loaded before and after the import. */
  dnc: Set<string>;
}

export interface OutboundQueues {
  get(family: OutboundFamily, code: string): OutboundQueue | undefined;
  /** Creates the queue (running) when absent or deleted, then adds or replaces the customers. */
  load(family: OutboundFamily, code: string, params: Record<string, unknown>, campaignId: string | null, customers: OutboundCustomer[]): OutboundQueue;
  /** false when the queue is unknown or deleted. */
  setState(family: OutboundFamily, code: string, state: OutboundState): boolean;
  remove(family: OutboundFamily, code: string): boolean;
  addDnc(code: string, ids: string[]): boolean;
  /** The customers a dialler may still call: loaded, not on the queue's DNC; empty while stopped. */
  dialable(family: OutboundFamily, code: string): OutboundCustomer[];
  all(): OutboundQueue[];
}

export function createOutboundQueues(): OutboundQueues {
  // Autodialer and autocall codes are separate name spaces: the seed gives each family its own paths.
  const queues = new Map<string, OutboundQueue>();
  const key = (family: OutboundFamily, code: string): string => `${family}\u0000${code}`;
  const get = (family: OutboundFamily, code: string): OutboundQueue | undefined => queues.get(key(family, code));
  return {
    get,
    load(family, code, params, campaignId, customers) {
      let q = get(family, code);
      if (!q) {
        q = { family, code, state: 'running', campaignId, params, customers: new Map(), dnc: new Set() };
        queues.set(key(family, code), q);
      }
      q.params = params;
      if (campaignId !== null) q.campaignId = campaignId;
      for (const c of customers) q.customers.set(c.id, c);
      return q;
    },
    setState(family, code, state) {
      const q = get(family, code);
      if (!q) return false;
      q.state = state;
      return true;
    },
    remove(family, code) {
      const q = get(family, code);
      if (!q) return false;
      q.state = 'stopped';
      queues.delete(key(family, code));
      return true;
    },
    addDnc(code, ids) {
      const q = get('autocall', code);
      if (!q) return false;
      for (const id of ids) q.dnc.add(id);
      return true;
    },
    dialable(family, code) {
      const q = get(family, code);
      if (!q || q.state !== 'running') return [];
      return [...q.customers.values()].filter((c) => !q.dnc.has(c.id));
    },
    all: () => [...queues.values()],
  };
}
