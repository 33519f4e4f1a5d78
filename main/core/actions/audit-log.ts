// The audit log: who listened to, barged, transferred, paused or called back whom, and how it went.
// JSON lines in the data folder (audit.jsonl), each record fsync'd before the action's result returns, so a
// crash right after an action cannot lose its trace; a line torn by a crash is cut off on open and before
// each append (storage/jsonl-file.ts), so it never swallows the next record. `list` reads the newest records
// from the file's end (it never loads a year of history to show the last 100).
import { open } from 'node:fs/promises';
import type { AuditRecord } from '../../../common/domain';
import { appendJsonLines, repairJsonLines } from '../storage/jsonl-file';

export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  /** The newest `limit` records, newest first. */
  list(limit: number): Promise<AuditRecord[]>;
}

const CHUNK = 64 * 1024;

export function openAuditLog(file: string): AuditLog {
  repairJsonLines(file);
  // Appends are chained so records land in order and never interleave.
  let tail: Promise<void> = Promise.resolve();

  // Synchronous on purpose: one short write and fsync per supervisor action, through the one append helper.
  const write = async (record: AuditRecord): Promise<void> => appendJsonLines(file, [record], true);

  return {
    append(record) {
      const done = tail.then(() => write(record));
      tail = done.catch(() => undefined);
      return done;
    },
    async list(limit) {
      await tail;
      let handle;
      try {
        handle = await open(file, 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      try {
        const { size } = await handle.stat();
        let pos = size;
        const chunks: Buffer[] = [];
        let breaks = 0;
        // Read backwards until more than `limit` line breaks are in hand (or the file's start). Bytes are
        // joined before decoding so a character split across two chunks stays whole.
        while (pos > 0 && breaks <= limit + 1) {
          const len = Math.min(CHUNK, pos);
          pos -= len;
          const buf = Buffer.alloc(len);
          await handle.read(buf, 0, len, pos);
          chunks.unshift(buf);
          for (const byte of buf) if (byte === 0x0a) breaks++;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const lines = text.split('\n');
        // The first line may be cut mid-record by the chunk boundary: drop it unless we reached the start.
        if (pos > 0) lines.shift();
        const out: AuditRecord[] = [];
        for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
          const line = lines[i]?.trim();
          if (!line) continue;
          try {
            out.push(JSON.parse(line) as AuditRecord);
          } catch {
            // A torn last line after a power cut: skip it.
          }
        }
        return out;
      } finally {
        await handle.close();
      }
    },
  };
}
