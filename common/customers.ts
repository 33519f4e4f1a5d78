// Who a number is (TEL4VN seed 002 "Customer") and what the PBX says of a user (seed 002 "Get User Status"),
// as the console shows them: shared by main (the directory, the connector) and the renderer.

/**
 * A customer the PBX knows, reduced to what the console shows beside a number; or a customer of a call list
 * this console loaded (`list` set), whose only name may be its id in the list.
 */
export interface CustomerName {
  /** The number in the national form the floor shows ("0899888998"). */
  number: string;
  /** The PBX's customer_name; '' for a list's customer the PBX has no name for. */
  name: string;
  /** customer_code ("KH01"), or the customer's id in the list; '' when the PBX sent none. */
  code: string;
  /** The queue code of the console's own list the customer is in (issue 19: a dialled call's callee). */
  list?: string;
}

/** Names by number for the numbers asked; a number absent from `names` has no known customer (yet). */
export interface CustomerNames {
  names: Record<string, CustomerName>;
  /** When the directory last finished a read of the PBX's customers (null: not yet). */
  readAt: number | null;
}

/** GET /v2/user/{id}/status, read. `extLoggedIn` is null when the PBX sent no usable value. */
export interface UserStatus {
  userId: string;
  username: string;
  agentName: string;
  extension: string;
  extLoggedIn: boolean | null;
  userUuid: string;
  /** When the console read it. */
  at: number;
}

/** The number as the directory keys it: digits only, +84 / 84 + 9 digits as 0 + 9 (what the floor shows). */
export function customerNumberKey(raw: string): string {
  const n = raw.replace(/[^\d]/g, '');
  if (/^84\d{9}$/.test(n)) return `0${n.slice(2)}`;
  return n;
}
