// Who a number is in the console's own call lists (issue 19): the customers it loaded into its outbound
// queues, by number, so a dialled call's callee shows as the list's customer ("C12 (OUT-1)") where the PBX's
// customer directory has no name for them (TEL4VN's customers[] carry ids and numbers, no names). Filled as
// lists are loaded and from the kept lists at start; read by the customer directory when the renderer asks
// for the numbers it shows, never on a tick.
import { customerNumberKey } from '../../../common/customers';

/** Numbers kept at most (ten full lists); past it the oldest go first. */
const MAX_NUMBERS = 1_000_000;

export interface ListedCustomer {
  /** The customer's id in the list. */
  id: string;
  queueCode: string;
}

interface ListedNumbers {
  /** A queue's customers (`key`: the queue's outboundKey): each of their numbers names them. */
  add(key: string, queueCode: string, customers: ReadonlyArray<{ id: string; mobiles: readonly string[] }>): void;
  /** A queue forgotten: its customers no longer name numbers. */
  remove(key: string): void;
  get(number: string): ListedCustomer | null;
}

export function createListedNumbers(): ListedNumbers {
  const byNumber = new Map<string, ListedCustomer & { key: string }>();
  return {
    add(key, queueCode, customers) {
      for (const c of customers) {
        for (const m of c.mobiles) {
          const n = customerNumberKey(m);
          // The latest list a number is in names it (a customer loaded again into another queue).
          byNumber.delete(n);
          byNumber.set(n, { id: c.id, queueCode, key });
          if (byNumber.size > MAX_NUMBERS) byNumber.delete(byNumber.keys().next().value as string);
        }
      }
    },
    remove(key) {
      for (const [n, c] of byNumber) if (c.key === key) byNumber.delete(n);
    },
    get(number) {
      const c = byNumber.get(customerNumberKey(number));
      return c ? { id: c.id, queueCode: c.queueCode } : null;
    },
  };
}
