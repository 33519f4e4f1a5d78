// Who a number is: the PBX's customers (TEL4VN GET /v2/customer, seed 002) by number, for the names shown
// beside the numbers of live calls, waiting and abandoned callers and outbound lists.
//
// Looked up politely and never on the hot path of a tick: the renderer asks for the numbers it shows
// (`names`), is answered at once from the cache, and the numbers not known yet start (at most) one read of the
// customer list in the background, page by page with a pause between pages; names found for asked numbers go
// out as one `customers:changed` per page. Decisions where the seed is silent:
// - The list has no number filter, so the directory reads pages of PAGE_SIZE up to PAGES_PER_READ a read, and
//   the next read goes on from where the last stopped (wrapping at the PBX's total).
// - A new read starts at most every READ_EVERY_MS, and only when an asked number is unknown.
// - The cache holds at most MAX_NAMES numbers (the oldest go first) and is emptied at the PBX-local day's turn
//   and with each new connection ("cached for the day").
// - A failing read keeps the names already known; it is tried again after READ_EVERY_MS.
import type { CustomerName, CustomerNames } from '../../../common/customers';
import { customerNumberKey } from '../../../common/customers';
import { ConnectorError, type CustomersApi } from '../connectors/connector';

export const PAGE_SIZE = 200;
export const PAGES_PER_READ = 50;
export const MAX_NAMES = 50_000;
/** Numbers asked and not known, kept to tell the renderer when they are found. */
const MAX_WANTED = 5_000;
export const READ_EVERY_MS = 60_000;
const PAGE_GAP_MS = 200;

export interface CustomerDirectoryDeps {
  /** The connected system's customer API; null when not connected or the system has none. */
  api: () => CustomersApi | null;
  /** The PBX-local day ("2026-12-06"): the cache is for one day. */
  day: () => string;
  now: () => number;
  emit: (found: CustomerNames) => void;
  log: (message: string) => void;
  /** Tests shorten the pause between pages. */
  pageGapMs?: number;
}

export interface CustomerDirectory {
  /** Names of the numbers known now, keyed by customerNumberKey; unknown ones are looked up in the background. */
  names(numbers: readonly string[]): CustomerNames;
  /** A read in flight, for tests: settles when it ends. */
  idle(): Promise<void>;
  close(): void;
}

export function createCustomerDirectory(deps: CustomerDirectoryDeps): CustomerDirectory {
  const names = new Map<string, CustomerName>();
  const wanted = new Set<string>();
  let api: CustomersApi | null = null;
  let day = '';
  let offset = 0;
  let readAt: number | null = null;
  let lastReadStart = -Infinity;
  let reading: Promise<void> | null = null;
  let abort: AbortController | null = null;

  const reset = (): void => {
    abort?.abort();
    names.clear();
    wanted.clear();
    offset = 0;
    readAt = null;
    lastReadStart = -Infinity;
  };

  /** Same connection and day as the cache, else start over. */
  function current(): CustomersApi | null {
    const a = deps.api();
    const d = deps.day();
    if (a !== api || d !== day) {
      reset();
      api = a;
      day = d;
    }
    return a;
  }

  const remember = (c: CustomerName): void => {
    names.delete(c.number);
    names.set(c.number, c);
    if (names.size > MAX_NAMES) names.delete(names.keys().next().value as string);
  };

  async function read(from: CustomersApi, signal: AbortSignal): Promise<void> {
    for (let page = 0; page < PAGES_PER_READ && !signal.aborted; page++) {
      let answer: Awaited<ReturnType<CustomersApi['page']>>;
      try {
        answer = await from.page(offset, PAGE_SIZE, signal);
      } catch (e) {
        if (!(e instanceof ConnectorError)) throw e;
        if (!signal.aborted) deps.log(`customer names: reading the PBX's customers failed: ${e.error.message}`);
        return;
      }
      if (signal.aborted || from !== api) return;
      const found: Record<string, CustomerName> = {};
      for (const c of answer.rows) {
        remember(c);
        if (wanted.delete(c.number)) found[c.number] = c;
      }
      const end = answer.read < PAGE_SIZE || (answer.total !== null && offset + answer.read >= answer.total);
      offset = end ? 0 : offset + answer.read;
      readAt = deps.now();
      if (Object.keys(found).length > 0) deps.emit({ names: found, readAt });
      if (end || wanted.size === 0) return;
      await new Promise((resolve) => setTimeout(resolve, deps.pageGapMs ?? PAGE_GAP_MS).unref?.());
    }
  }

  function startRead(from: CustomersApi): void {
    if (reading || deps.now() - lastReadStart < READ_EVERY_MS) return;
    lastReadStart = deps.now();
    const controller = new AbortController();
    abort = controller;
    reading = read(from, controller.signal)
      .catch((e: unknown) => deps.log(`customer names: ${(e as Error).stack ?? String(e)}`))
      .finally(() => {
        reading = null;
      });
  }

  return {
    names(numbers) {
      const from = current();
      const out: Record<string, CustomerName> = {};
      let unknown = false;
      for (const raw of numbers) {
        const key = customerNumberKey(raw);
        const hit = names.get(key);
        if (hit) out[key] = hit;
        else if (from) {
          unknown = true;
          if (wanted.size < MAX_WANTED) wanted.add(key);
        }
      }
      if (from && unknown) startRead(from);
      return { names: out, readAt };
    },
    idle: async () => {
      await reading;
    },
    close: reset,
  };
}
