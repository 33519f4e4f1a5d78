// The records source's passes: the connection's first whole pass reads every record (the abandons' catch-up
// reads that sweep whole); after it, each pass is told which records the day's ledger already holds, and
// the ledger it asks is the real one, so a record the day holds is left out and a new one is not.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../common/domain';
import type { CallRecordsApi, RecordPassHints } from '../../../main/core/connectors/connector';
import { createDailyStats } from '../../../main/core/picture/daily-stats';
import type { DayStores } from '../../../main/core/session/day-stores';
import { createRecordsSource } from '../../../main/core/session/records-source';

const ZONE = 'Asia/Ho_Chi_Minh';
// 2026-11-24 10:00 in Ho Chi Minh City.
const T0 = Date.UTC(2026, 10, 24, 3, 0, 0);

const record = (id: string, startedAt: number): CallRecord => ({
  id, direction: 'inbound', extension: '101', from: '0912000111', to: '1900', destination: 'sales', startedAt,
  answeredAt: startedAt + 5_000, endedAt: startedAt + 60_000, durationSec: 60, talkSec: 55, status: 'answered',
  statusText: 'ANSWERED', cause: null, customerId: null, hasRecording: false,
});

describe('the records source', () => {
  it('reads its first whole pass in full, then leaves out what the day holds', async () => {
    const daily = createDailyStats({ file: join(mkdtempSync(join(tmpdir(), 'fw-records-')), 'daily.jsonl'), zone: () => ZONE, now: () => T0, serviceLevelSec: () => 20, log: () => {} });
    // The PBX's answers, in turn: a capped first pass, its end, then an incremental pass.
    const answers = [
      { records: [record('a', T0 - 600_000)], complete: false, requests: 60 },
      { records: [record('b', T0 - 500_000)], complete: true, requests: 2 },
      { records: [record('b', T0 - 500_000), record('c', T0 - 60_000)], complete: true, requests: 1 },
    ];
    const hints: RecordPassHints[] = [];
    const api = {
      pass: async (h: RecordPassHints) => {
        hints.push(h);
        return answers[hints.length - 1] as (typeof answers)[number];
      },
    } as unknown as CallRecordsApi;
    const source = createRecordsSource({
      api, intervalMs: 30_000, stores: () => ({ daily }) as unknown as DayStores, now: () => T0,
      liveCalls: () => null, fromHub: () => null, onPass: () => {},
    });
    const signal = new AbortController().signal;
    for (let i = 0; i < 3; i++) {
      const data = await source.fetch(signal);
      // The floor tick folds what each pass brought into the day's ledger.
      daily.addRecords(data.callRecords?.records ?? []);
    }
    // The sweep (capped, then its end) is read whole; the pass after it asks the ledger.
    expect(hints[0]?.folded).toBeUndefined();
    expect(hints[1]?.folded).toBeUndefined();
    const folded = hints[2]?.folded;
    expect(folded).toBeTypeOf('function');
    expect(['a', 'b', 'c', 'd'].map((id) => folded?.(id))).toEqual([true, true, true, false]);
  });
});
