// Abandoned calls: exactly once per visit (callId + joinedAt), caught even when first seen abandoned,
// a rejoin is a new record, durable across a restart with its flags, reset at the PBX's midnight.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AbandonedCall } from '../../../common/domain';
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
