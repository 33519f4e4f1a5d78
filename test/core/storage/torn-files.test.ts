// A crash mid-write leaves a last line without its newline. Every append-only file of the data folder (the
// audit log, the abandoned journal, the daily counters) must cut that torn tail on open (kept aside under a
// dated name, never deleted) and never glue the next record onto it. Real files on disk.
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRecord, QueueEntry } from '../../../common/domain';
import { openAuditLog } from '../../../main/core/actions/audit-log';
import { openAbandonedJournal } from '../../../main/core/picture/abandoned-journal';
import { createDailyStats } from '../../../main/core/picture/daily-stats';
import { appendJsonLines, readJsonLines } from '../../../main/core/storage/jsonl-file';

const folder = (): string => mkdtempSync(join(tmpdir(), 'fw-torn-'));
const record = (i: number): AuditRecord => ({
  at: i, user: 'sup', system: 'tel4vn', kind: 'listen', target: `call-${i}`, detail: '900', ok: true, error: null, origin: 'renderer',
});
const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const tornAside = (dir: string): string[] => readdirSync(dir).filter((f) => f.includes('.torn-'));

const NOW = Date.UTC(2026, 10, 24, 5, 0, 0);
const entry = (id: string, status: QueueEntry['status'], extra: Partial<QueueEntry> = {}): QueueEntry => ({
  id, queueId: 'q1', queueName: 'Sales', number: '0900', status, joinedAt: NOW - 60_000,
  bridgedAt: status === 'answered' ? NOW - 30_000 : null, abandonedAt: status === 'abandoned' ? NOW - 20_000 : null,
  ...extra,
} as QueueEntry);

describe('append-only files after a crash-torn tail', () => {
  it('the audit log lists the newest action after a torn last line, and keeps the torn bytes aside', async () => {
    const dir = folder();
    const file = join(dir, 'audit.jsonl');
    await openAuditLog(file).append(record(1));
    appendFileSync(file, '{"at":2,"user":"sup","kin'); // the kill came mid-write
    const log = openAuditLog(file);
    await log.append(record(3));
    expect((await log.list(10)).map((r) => r.at)).toEqual([3, 1]);
    expect(lines(file).map((l) => (JSON.parse(l) as AuditRecord).at)).toEqual([1, 3]);
    const aside = tornAside(dir);
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] as string), 'utf8')).toBe('{"at":2,"user":"sup","kin');
  });

  it('an append never continues a torn line, even one torn after the file was opened', () => {
    const dir = folder();
    const file = join(dir, 'x.jsonl');
    appendJsonLines(file, [{ a: 1 }], true);
    appendFileSync(file, '{"a":');
    appendJsonLines(file, [{ a: 2 }], true);
    expect(readJsonLines(file)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(tornAside(dir)).toHaveLength(1);
  });

  it('the abandoned journal keeps the call recorded after a torn line', () => {
    const dir = folder();
    const file = join(dir, 'abandoned.jsonl');
    const opts = { file, zone: () => 'UTC', now: () => NOW, log: () => undefined };
    openAbandonedJournal(opts).detect([entry('c1', 'abandoned')]);
    appendFileSync(file, '{"t":"handled","id":"c1:');
    const journal = openAbandonedJournal(opts);
    expect(journal.detect([entry('c2', 'abandoned')]).map((c) => c.callId)).toEqual(['c2']);
    expect(openAbandonedJournal(opts).list().map((c) => c.callId)).toEqual(['c2', 'c1']);
  });

  it('the daily counters keep the outcome counted after a torn line, and fsync it', () => {
    const dir = folder();
    const file = join(dir, 'daily-stats.jsonl');
    const opts = { file, zone: () => 'UTC', now: () => NOW, log: () => undefined, serviceLevelSec: () => 20 };
    createDailyStats(opts).observe([entry('c1', 'answered')]);
    appendFileSync(file, '{"day":"2026-11-24","key":"ans');
    createDailyStats(opts).observe([entry('c2', 'abandoned')]);
    const c = createDailyStats(opts).counters().get('q1');
    expect(c).toMatchObject({ answered: 1, abandoned: 1 });
  });

  it('a file holding only a torn line is cut to nothing, and a clean file is left untouched', () => {
    const dir = folder();
    const torn = join(dir, 'torn.jsonl');
    writeFileSync(torn, '{"a":1');
    appendJsonLines(torn, [{ b: 2 }], false);
    expect(readJsonLines(torn)).toEqual([{ b: 2 }]);
    const clean = join(dir, 'clean.jsonl');
    appendJsonLines(clean, [{ a: 1 }], false);
    appendJsonLines(clean, [{ a: 2 }], false);
    expect(readFileSync(clean, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    expect(existsSync(join(dir, 'clean.jsonl.tmp'))).toBe(false);
  });
});
