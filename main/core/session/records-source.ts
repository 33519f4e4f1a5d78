// The call records as one more polled source of a live connection (issue 16): a pass of the day's records at
// their own cadence (30 s), reaching back only to the calls that ended since the last pass (ended-calls.ts),
// or, on a floor hub that speaks, the hub's passes handed over instead of asking the PBX.
import type { CallRecord } from '../../../common/domain';
import type { CallRecordsApi, PollSource, RecordPassHints } from '../connectors/connector';
import type { DayStores } from './day-stores';
import { createEndedCalls } from './ended-calls';
import { FEED_MAX_BACKOFF_MS } from './floor-feed';

/** The call records' own cadence (issue 16: 30-60 s) and backoff cap (a PBX in trouble is not hammered). */
export const RECORDS_INTERVAL_MS = 30_000;
/** Backoff cap of the records: twice their cadence (a minute), never below the live sources' 8 s. */
const RECORDS_BACKOFF_CADENCES = 2;

interface RecordsSourceOptions {
  api: CallRecordsApi;
  intervalMs: number;
  /** The day's stores as they stand at each pass (a connection may change them). */
  stores: () => DayStores;
  now: () => number;
  /** The live calls now (null: none known), so a pass reaches back to the ones that ended since the last. */
  liveCalls: () => { id: string; startedAt: number }[] | null;
  /** The floor hub's passes not handed over yet, while it speaks (hub-connection.ts takeRecords); else null. */
  fromHub: () => { records: CallRecord[]; complete: boolean } | null;
  /** Each pass as read (the outbound queues' progress counts them; a floor hub shares them). */
  onPass: (pass: { records: CallRecord[]; complete: boolean }) => void;
}

export function createRecordsSource(options: RecordsSourceOptions): PollSource {
  const { api, intervalMs, stores, now } = options;
  const endedCalls = createEndedCalls();
  // Until this source's first whole pass (the day read from where it stands) every record read goes on:
  // the abandons' catch-up reads that sweep whole, records the ledger held before included. After it, a
  // pass leaves out the records the ledger holds as it reads them: each pass reads at least the last 5
  // minutes again (at 10,000 agents about 25,000 records, 50 requests, nearly all folded already), which
  // would otherwise be held with the pass until it ends, wait in the tick's backlog and go onto a floor
  // hub's records stream (about 9 MB of JSON every 30 s).
  let swept = false;
  return {
    id: 'records',
    intervalMs,
    maxBackoffMs: Math.max(FEED_MAX_BACKOFF_MS, RECORDS_BACKOFF_CADENCES * intervalMs),
    fetch: async (signal) => {
      stores().daily.rollDay();
      // On a floor hub that speaks, the day's records are the hub's (read once for the floor): the PBX is
      // not asked. Silent, or its records out of reach: read them here, from where this day stands.
      const shared = options.fromHub();
      if (shared) {
        options.onPass({ ...shared });
        return { callRecords: shared };
      }
      const coverFrom = endedCalls.coverFrom(options.liveCalls(), now());
      const { daily } = stores();
      const hints: RecordPassHints = { dayStart: daily.day().start, newestStartedAt: daily.newestRecordAt(), coverFrom };
      if (swept) hints.folded = (id) => daily.hasRecord(id);
      const pass = await api.pass(hints, signal);
      if (pass.complete) swept = true;
      options.onPass({ records: pass.records, complete: pass.complete });
      return { callRecords: { records: pass.records, complete: pass.complete } };
    },
  };
}
