// Abandoned calls: exactly once per visit (callId + joinedAt), caught even when first seen abandoned,
// a rejoin is a new record, durable across a restart with its flags, reset at the PBX's midnight.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AbandonedCall, CallRecord } from '../../../common/domain';
import { openAbandonedJournal } from '../../../main/core/picture/abandoned-journal';
import { entry } from './fixtures';

const ZONE = 'Asia/Ho_Chi_Minh';
const T0 = Date.UTC(2026, 10, 24, 3, 0, 0);

describe('abandoned journal', () => {
  let dir: string;
  let file: string;
  let now: number;
  const open = (log: (m: string) => void = () => {}) => openAbandonedJournal({ file, zone: () => ZONE, now: () => now, log });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fw-abandoned-'));
    file = join(dir, 'abandoned.jsonl');
    now = T0;
  });

  it('records each abandoned visit once, newest first, including one first seen already abandoned', () => {
    const j = open();
    expect(j.detect([entry('a', 'waiting', T0 - 40_000)])).toEqual([]);
    const first = j.detect([entry('a', 'abandoned', T0 - 40_000, { abandonedAt: T0 - 10_000 }), entry('b', 'abandoned', T0 - 8000, { abandonedAt: T0 - 2000 })]);
    expect(first.map((c) => c.id)).toEqual([`a:${T0 - 40_000}`, `b:${T0 - 8000}`]);
    expect(first[0]).toMatchObject({ callId: 'a', number: '0901234567', queueId: 'q1', queueName: 'Sales', waitedSec: 30, handled: false, calledBackAt: null });
    expect(j.detect([entry('a', 'abandoned', T0 - 40_000, { abandonedAt: T0 - 10_000 })])).toEqual([]);
    expect(j.list().map((c) => c.callId)).toEqual(['b', 'a']);
  });

  it('adopts the floor hub\'s visits it lacks, once, durably, without the hub\'s marks, and none of yesterday', () => {
    const hubJournal = openAbandonedJournal({ file: join(dir, 'hub.jsonl'), zone: () => ZONE, now: () => now, log: () => {} });
    const floor = hubJournal.detect([entry('a', 'abandoned', T0 - 40_000, { abandonedAt: T0 - 30_000 }), entry('b', 'abandoned', T0 - 9000, { abandonedAt: T0 - 4000 })]);
    const j = open();
    // This screen saw 'b' itself (the same id: both read the same PBX).
    j.detect([entry('b', 'abandoned', T0 - 9000, { abandonedAt: T0 - 4000 })]);
    const yesterday: AbandonedCall = { ...floor[0]!, id: 'old:1', callId: 'old', abandonedAt: T0 - 86_400_000 };
    const added = j.adopt([{ ...floor[0]!, handled: true, handledAt: T0 }, floor[1]!, yesterday]);
    expect(added.map((c) => c.callId)).toEqual(['a']);
    expect(added[0]).toMatchObject({ handled: false, handledAt: null, calledBackAt: null });
    expect(j.adopt(floor)).toEqual([]);
    expect(open().list().map((c) => c.callId)).toEqual(['b', 'a']);
  });

  it('treats a rejoin that is abandoned again as a new record', () => {
    const j = open();
    j.detect([entry('a', 'abandoned', T0 - 40_000, { abandonedAt: T0 - 30_000 })]);
    j.detect([entry('a', 'waiting', T0 - 20_000)]);
    const again = j.detect([entry('a', 'abandoned', T0 - 20_000, { abandonedAt: T0 - 5000 })]);
    expect(again.map((c) => c.id)).toEqual([`a:${T0 - 20_000}`]);
    expect(j.list()).toHaveLength(2);
  });

  it('keeps records and flags across a restart, so nothing is notified twice', () => {
    const j = open();
    const [call] = j.detect([entry('a', 'abandoned', T0 - 40_000, { abandonedAt: T0 - 30_000 })]);
    now = T0 + 1000;
    expect(j.markHandled(call!.id)).toEqual([expect.objectContaining({ handled: true, handledAt: T0 + 1000 })]);
    expect(j.markCalledBack(call!.id)).toEqual([expect.objectContaining({ handled: true, calledBackAt: T0 + 1000 })]);
    expect(j.markHandled('nope')).toEqual([]);

    const reopened = open();
    expect(reopened.list()).toEqual([{ ...call, handled: true, handledAt: T0 + 1000, calledBackAt: T0 + 1000 }]);
    expect(reopened.detect([entry('a', 'abandoned', T0 - 40_000, { abandonedAt: T0 - 30_000 })])).toEqual([]);
    expect(readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).t)).toEqual(['abandoned', 'handled', 'called-back']);
  });

  it('marks a caller, not a visit: the same number\'s records together, undone exactly, kept across a restart', () => {
    const j = open();
    const [a1, b] = j.detect([
      entry('a1', 'abandoned', T0 - 90_000, { abandonedAt: T0 - 80_000, number: '0909000001' }),
      entry('b', 'abandoned', T0 - 70_000, { abandonedAt: T0 - 60_000, number: '0909000002' }),
    ]) as [AbandonedCall, AbandonedCall];
    now = T0 + 1000;
    expect(j.markHandled(a1.id).map((c) => c.id)).toEqual([a1.id]);
    // The caller hangs up again later: marking the new visit changes it alone, so its undo leaves a1 handled.
    const [a2] = j.detect([entry('a2', 'abandoned', T0 - 50_000, { abandonedAt: T0 - 40_000, number: '0909000001' })]) as [AbandonedCall];
    now = T0 + 2000;
    const marked = j.markHandled(a2.id);
    expect(marked.map((c) => c.id)).toEqual([a2.id]);
    expect(j.unmarkHandled(marked.map((c) => c.id))).toEqual([expect.objectContaining({ id: a2.id, handled: false, handledAt: null })]);
    expect(j.get(a1.id)).toMatchObject({ handled: true });
    // Both unhandled again: one mark takes the caller's two records and not the other caller's.
    j.unmarkHandled([a1.id]);
    expect(j.markHandled(a2.id).map((c) => c.id).sort()).toEqual([a1.id, a2.id].sort());
    expect(j.get(b.id)).toMatchObject({ handled: false });
    now = T0 + 3000;
    expect(j.markCalledBack(a1.id).map((c) => c.id).sort()).toEqual([a1.id, a2.id].sort());
    expect(j.get(b.id)?.calledBackAt).toBeNull();
    expect(open().list()).toEqual(j.list());
  });

  it('resets at the PBX\'s midnight and does not take yesterday\'s listed callers for today\'s', () => {
    const j = open();
    const late = entry('a', 'abandoned', T0 - 40_000, { abandonedAt: T0 - 30_000 });
    j.detect([late]);
    now = Date.UTC(2026, 10, 24, 17, 0, 5);
    expect(j.rollDay()).toBe(true);
    expect(j.list()).toEqual([]);
    expect(j.detect([late])).toEqual([]);
    expect(open().list()).toEqual([]);
  });

  it('drops past days and a torn last line when it opens', () => {
    const j = open();
    j.detect([entry('a', 'abandoned', T0 - 40_000, { abandonedAt: T0 - 30_000 })]);
    appendFileSync(file, JSON.stringify({ t: 'abandoned', day: '2026-11-20', call: { id: 'old:1', abandonedAt: 1 } }) + '\n{"t":"hand');
    const logged: string[] = [];
    const reopened = open((m) => logged.push(m));
    expect(reopened.list().map((c) => c.callId)).toEqual(['a']);
    expect(logged).toHaveLength(1);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});

describe('catch-up from the PBX\'s records', () => {
  let file: string;
  let now: number;
  const open = () => openAbandonedJournal({ file, zone: () => ZONE, now: () => now, log: () => {} });
  const queueIdOf = (name: string) => (name === 'Sales' ? 'q1' : undefined);
  const abandonRecord = (id: string, startedAt: number, endedAt: number, from = '0901234567', extra: Partial<CallRecord> = {}): CallRecord => ({
    id, direction: 'inbound', extension: '', from, to: '19001919', destination: 'Sales', startedAt, answeredAt: null, endedAt,
    durationSec: Math.round((endedAt - startedAt) / 1000), talkSec: 0, status: 'cancel', statusText: 'CANCEL', cause: 'ORIGINATOR_CANCEL',
    customerId: null, hasRecording: false, ...extra,
  });

  beforeEach(() => {
    file = join(mkdtempSync(join(tmpdir(), 'fw-catchup-')), 'abandoned.jsonl');
    now = T0;
  });

  it('adds the abandons nobody saw, once, marked while away; a live abandon and its record are one visit', () => {
    const j = open();
    // Seen live: joined T0-60 s, abandoned T0-40 s.
    j.detect([entry('live', 'abandoned', T0 - 60_000, { abandonedAt: T0 - 40_000 })]);
    const { added } = j.catchUp(
      [
        abandonRecord('r-live', T0 - 57_000, T0 - 40_000), // the same visit, 3 s apart: not again
        abandonRecord('r-away', T0 - 3_600_000, T0 - 3_590_000, '0911222333'),
        abandonRecord('r-ring', T0 - 3_000_000, T0 - 2_990_000, '0911222334', { destination: 'Ring group' }), // not a queue
        abandonRecord('r-young', T0 - 8000, T0 - 2000, '0911222335'), // left to the live monitor for now
        abandonRecord('r-answered', T0 - 500_000, T0 - 400_000, '0911222336', { answeredAt: T0 - 490_000 }),
      ],
      queueIdOf,
    );
    expect(added.map((c) => c.id)).toEqual(['cdr:r-away']);
    expect(added[0]).toMatchObject({ number: '0911222333', queueId: 'q1', waitedSec: 10, whileAway: true, reachedAt: null });
    expect(j.catchUp([abandonRecord('r-away', T0 - 3_600_000, T0 - 3_590_000, '0911222333')], queueIdOf).added).toEqual([]);
    // The young one is caught on a later pass if the live monitor never showed it.
    now = T0 + 20_000;
    expect(j.catchUp([], queueIdOf).added.map((c) => c.id)).toEqual(['cdr:r-young']);
    // A live poll that sees a visit the records brought first does not add it twice.
    expect(j.detect([entry('young-live', 'abandoned', T0 - 7000, { number: '0911222335', abandonedAt: T0 - 2000 })])).toEqual([]);
    expect(open().list().map((c) => c.id).sort()).toEqual(['cdr:r-away', 'cdr:r-young', `live:${T0 - 60_000}`]);
  });

  it('shows a caller who called again and got through as reached, from the records or live', () => {
    const j = open();
    j.catchUp([abandonRecord('a1', T0 - 600_000, T0 - 590_000, '0900000001'), abandonRecord('a2', T0 - 600_000, T0 - 580_000, '0900000002')], queueIdOf);
    const r = j.catchUp([abandonRecord('b1', T0 - 300_000, T0 - 200_000, '0900000001', { answeredAt: T0 - 290_000, status: 'answered' })], queueIdOf);
    expect(r.reached).toBe(1);
    expect(j.get('cdr:a1')?.reachedAt).toBe(T0 - 290_000);
    j.detect([entry('x', 'answered', T0 - 100_000, { number: '0900000002', bridgedAt: T0 - 90_000 })]);
    expect(j.get('cdr:a2')?.reachedAt).toBe(T0 - 90_000);
    expect(open().get('cdr:a2')?.reachedAt).toBe(T0 - 90_000);
  });

  it('reads only the visits a tick\'s change brings, and every answered visit again once a record joined', () => {
    const j = open();
    const answered = entry('x', 'answered', T0 - 100_000, { number: '0900000002', bridgedAt: T0 - 90_000 });
    const first = [answered];
    j.detect(first);
    // In the list but not in the change: the list itself is not walked, so this abandon is not seen yet.
    const hidden = entry('h', 'abandoned', T0 - 30_000, { number: '0900000009', abandonedAt: T0 - 20_000 });
    const second = [answered, hidden];
    expect(j.detect(second, { from: first, upsert: [], remove: [] })).toEqual([]);
    // A record of the answered caller's earlier abandon joins: the answered visit, unchanged, reaches it at the
    // next list all the same.
    expect(j.catchUp([abandonRecord('a2', T0 - 600_000, T0 - 580_000, '0900000002')], queueIdOf).added).toHaveLength(1);
    expect(j.get('cdr:a2')?.reachedAt ?? null).toBeNull();
    const third = [answered, hidden];
    expect(j.detect(third, { from: second, upsert: [], remove: [] })).toEqual([]);
    expect(j.get('cdr:a2')?.reachedAt).toBe(T0 - 90_000);
    // A change from a list other than the one read last: the whole list is read, and the abandon found.
    expect(j.detect([answered, hidden], { from: first, upsert: [], remove: [] }).map((c) => c.callId)).toEqual(['h']);
  });
});
