// Who a number is: the PBX's customers (TEL4VN GET /v2/customer, seed 002) by number, for the names shown
// beside the numbers of live calls, waiting and abandoned callers and outbound lists.
//
// Looked up politely and never on the hot path of a tick: the renderer asks for the numbers it shows
// (`names`), is answered at once from the cache, and the numbers not known yet start (at most) one read of the
// customer list in the background, page by page with a pause between pages; names found for asked numbers go
// out as one `customers:changed` per page. Decisions where the seed is silent:
// - The list has no number filter, so the directory reads pages of PAGE_SIZE up to PAGES_PER_READ a read, and
//   the next read goes on from where the last stopped (wrapping at the PBX's total); a read ends early once
//   every asked number is found.
// - A new read starts at most every READ_EVERY_MS, and only when an asked number is unknown. A number the
//   reads have gone once round the whole list without finding is no customer: it starts no read for
//   ABSENT_MS (a caller who is not a customer does not keep the directory reading).
// - The cache holds at most MAX_NAMES numbers (the oldest go first) and is emptied at the PBX-local day's turn
//   and with each new connection ("cached for the day").
// - A failing read keeps the names already known; it is tried again after READ_EVERY_MS.
// - A number in a list this console loaded (a dialled call's callee) is answered at once as that list's
//   customer (its id and queue) while the PBX has no name for it; it is still looked up, and a name the PBX
//   has wins.
import type { CustomerName, CustomerNames } from '../../../common/customers';
import { customerNumberKey } from '../../../common/customers';
import { ConnectorError, type CustomersApi } from '../connectors/connector';

export const PAGE_SIZE = 200;
const PAGES_PER_READ = 50;
const MAX_NAMES = 50_000;
/** Numbers asked and not known, kept to tell the renderer when they are found. */
const MAX_WANTED = 5_000;
export const READ_EVERY_MS = 15_000;
export const ABSENT_MS = 10 * 60_000;
const PAGE_GAP_MS = 200;

interface CustomerDirectoryDeps {
  /** The connected system's customer API; null when not connected or the system has none. */
  api: () => CustomersApi | null;
  /** The PBX-local day ("2026-12-06"): the cache is for one day. */
  day: () => string;
  now: () => number;
  emit: (found: CustomerNames) => void;
  /** The customer a number is in the console's own call lists (outbound listed-numbers.ts), or null. */
  listed?: (number: string) => { id: string; queueCode: string } | null;
  log: (message: string) => void;
  /** Tests shorten the pause between pages. */
  pageGapMs?: number;
}

export interface CustomerDirectory {
  /** Names of the numbers known now, keyed by customerNumberKey; unknown ones are looked up in the background. */
  names(numbers: readonly string[]): CustomerNames;
  /**
   * The console's lists changed: numbers asked and not named by the PBX (waiting for a read, or found in
   * none) that a list now has go out as that list's customers (the renderer asks a number once).
   */
  listsChanged(): void;
  /** A read in flight, for tests: settles when it ends. */
  idle(): Promise<void>;
  close(): void;
}

export function createCustomerDirectory(deps: CustomerDirectoryDeps): CustomerDirectory {
  const names = new Map<string, CustomerName>();
  /** Asked and not found yet: the rows read in all (`readRows`) when asked. */
  const wanted = new Map<string, number>();
  /** Looked for once round the whole list and not found: when. */
  const absent = new Map<string, number>();
  let readRows = 0;
  let api: CustomersApi | null = null;
  let day = '';
  let offset = 0;
  let readAt: number | null = null;
  let lastReadStart = -Infinity;
  let reading: Promise<void> | null = null;
  let abort: AbortController | null = null;
  /** A read owed to numbers asked while the pace did not allow one. */
  let later: ReturnType<typeof setTimeout> | null = null;

  const reset = (): void => {
    abort?.abort();
    if (later) clearTimeout(later);
    later = null;
    names.clear();
    wanted.clear();
    absent.clear();
    readRows = 0;
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
      // Once round the whole list since it was asked: no such customer (for now).
      const size = answer.total ?? (end ? offset + answer.read : Infinity);
      offset = end ? 0 : offset + answer.read;
      readRows += answer.read;
      for (const [key, since] of wanted) {
        if (readRows - since < size) continue;
        wanted.delete(key);
        absent.set(key, deps.now());
        if (absent.size > MAX_WANTED) absent.delete(absent.keys().next().value as string);
      }
      readAt = deps.now();
      if (Object.keys(found).length > 0) deps.emit({ names: found, readAt });
      if (wanted.size === 0) return;
      await new Promise((resolve) => setTimeout(resolve, deps.pageGapMs ?? PAGE_GAP_MS).unref?.());
    }
  }

  function startRead(from: CustomersApi): void {
    if (reading) return;
    const wait = lastReadStart + READ_EVERY_MS - deps.now();
    if (wait > 0) {
      // The renderer asks a number once: the read it is owed starts when the pace allows.
      later ??= setTimeout(() => {
        later = null;
        if (api === from && wanted.size > 0) startRead(from);
      }, wait);
      later.unref?.();
      return;
    }
    lastReadStart = deps.now();
    const controller = new AbortController();
    abort = controller;
    reading = read(from, controller.signal)
      .catch((e: unknown) => deps.log(`customer names: ${(e as Error).stack ?? String(e)}`))
      .finally(() => {
        reading = null;
        // Asked while this read ran, past where it stopped: another read, at the pace.
        if (api === from && wanted.size > 0) startRead(from);
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
        if (hit) {
          out[key] = hit;
          continue;
        }
        const inList = deps.listed?.(key);
        if (inList) out[key] = { number: key, name: '', code: inList.id, list: inList.queueCode };
        if (from && !wanted.has(key)) {
          const missed = absent.get(key);
          if (missed !== undefined && deps.now() - missed < ABSENT_MS) continue;
          absent.delete(key);
          unknown = true;
          if (wanted.size < MAX_WANTED) wanted.set(key, readRows);
        } else if (from) unknown = true;
      }
      if (from && unknown) startRead(from);
      return { names: out, readAt };
    },
    listsChanged() {
      if (!deps.listed) return;
      const found: Record<string, CustomerName> = {};
      for (const key of [...wanted.keys(), ...absent.keys()]) {
        const inList = deps.listed(key);
        if (inList) found[key] = { number: key, name: '', code: inList.id, list: inList.queueCode };
      }
      if (Object.keys(found).length > 0) deps.emit({ names: found, readAt });
    },
    idle: async () => {
      await reading;
    },
    close: reset,
  };
}
