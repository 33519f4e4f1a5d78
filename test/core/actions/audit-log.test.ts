// The audit log file: appended in order, read back newest first from the file's end, torn lines skipped.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../common/domain';
import { openAuditLog } from '../../../main/core/actions/audit-log';

const record = (i: number, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  at: i, user: 'sup', system: 'tel4vn', kind: 'listen', target: `call-${i}`, detail: '900', ok: true, error: null, origin: 'renderer', ...extra,
});

describe('audit log', () => {
  it('appends JSON lines and lists the newest first, across chunk boundaries and multi-byte text', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fw-audit-')), 'audit.jsonl');
    const log = openAuditLog(file);
    expect(await log.list(10)).toEqual([]);
    // 160 records of 1-2 KB: several 64 KiB chunks; two-byte characters straddle the chunk edges.
    const user = (i: number): string => `Nguyễn Thị Thanh ${'ư'.repeat(500 + (i % 97))}`;
    await Promise.all(Array.from({ length: 160 }, (_, i) => log.append(record(i, { user: user(i) }))));
    const newest = await log.list(150);
    expect(newest).toHaveLength(150);
    expect(newest.map((r) => r.at)).toEqual(Array.from({ length: 150 }, (_, i) => 159 - i));
    expect(newest.every((r) => r.user === user(r.at))).toBe(true);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(161);
  });

  it('skips a torn last line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fw-audit-')), 'audit.jsonl');
    const log = openAuditLog(file);
    await log.append(record(1, { ok: false, error: { code: 'USER_BUSY', message: 'busy' } }));
    appendFileSync(file, '{"at":2,"us');
    expect(await log.list(5)).toEqual([record(1, { ok: false, error: { code: 'USER_BUSY', message: 'busy' } })]);
  });
});
