// Customer names beside numbers (TEL4VN /v2/customer, issue 19): the rows ask for the numbers they show;
// asks are gathered for a moment and sent as one request, answered from main's cache at once; names main finds
// later arrive on 'customers:changed'. Never blocks a row: a number without a known name shows alone.
import { defineStore } from 'pinia';
import { onScopeDispose, shallowReactive } from 'vue';
import { customerNumberKey, type CustomerName } from '../../../common/customers';
import { getBridge } from '../bridge';
import { forgetOldest } from '../lib/forget-oldest';
import { useSessionStore } from './session';

/** Numbers asked about are gathered this long before one request. */
const GATHER_MS = 300;
/** At most this many numbers a request (the contract's bound). */
const BATCH = 500;
/**
 * Numbers remembered, as asked and as named (a day of callers): past it the oldest are forgotten and asked
 * again if shown (main's cache answers at once), so a console left open all week holds no more than a day's.
 */
export const MAX_NUMBERS = 20_000;

export const useCustomersStore = defineStore('customers', () => {
  const bridge = getBridge();
  const session = useSessionStore();
  // Reactive per number: a name found re-renders the cells showing that number, not every number cell on
  // screen (a whole-map trigger re-rendered them all each time a name arrived, many times a minute).
  const names = shallowReactive(new Map<string, CustomerName>());
  const asked = new Set<string>();
  let pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function add(found: Record<string, CustomerName>): void {
    const entries = Object.entries(found);
    if (entries.length === 0) return;
    for (const [key, c] of entries) {
      const had = names.get(key);
      // A name the PBX has wins over a list's customer with none; what the list says of them stays.
      if (had?.name && !c.name) continue;
      const next = had ? { ...had, ...c } : c;
      // The same customer again (a batch re-read) changes nothing on screen: no trigger.
      if (had && had.name === next.name && had.code === next.code && had.list === next.list && had.number === next.number) continue;
      names.set(key, next);
    }
    forgetOldest(names, MAX_NUMBERS, (key) => asked.delete(key));
  }
  const off = bridge.onCustomerNames((found) => add(found.names));
  onScopeDispose(off);

  async function flush(): Promise<void> {
    timer = null;
    const numbers = [...pending];
    pending = new Set();
    for (let i = 0; i < numbers.length; i += BATCH) {
      const r = await bridge.getCustomerNames({ numbers: numbers.slice(i, i + BATCH) });
      if (r.ok) add(r.data.names);
    }
  }

  /** Who `number` is (a PBX customer's name, or a customer of a list this console loaded), or null (asked for in the background the first time). */
  function customerOf(number: string): CustomerName | null {
    if (!session.capabilities.has('customer-directory') || !/^\+?\d{3,20}$/.test(number)) return null;
    const key = customerNumberKey(number);
    const hit = names.get(key);
    if (hit) return hit;
    if (!asked.has(key)) {
      if (asked.size >= MAX_NUMBERS) asked.clear();
      asked.add(key);
      pending.add(number);
      timer ??= setTimeout(() => void flush(), GATHER_MS);
    }
    return null;
  }

  return { names, customerOf };
});
