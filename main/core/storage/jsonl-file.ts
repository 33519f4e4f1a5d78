// Append-only JSON-lines files in the host's data folder (audit log, abandoned journal, daily counters).
// Each append goes straight to the file, fsync'd where the record must survive a crash. A crash mid-write
// leaves a last line without its newline (a torn tail): before every append the file's last byte is checked
// and a torn tail is cut off (kept aside as `<file>.torn-<time>`, never deleted), so a new record is never
// glued onto it; a failed write is cut back the same way. Readers skip any line that does not parse.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { datedName, syncFolder, writeFileAtomic } from './atomic-file';

const CHUNK = 64 * 1024;

/** The offset just past the last newline of the open file `fd` of `size` bytes (0 when it has none). */
function endOfLastLine(fd: number, size: number): number {
  const buf = Buffer.alloc(CHUNK);
  let pos = size;
  while (pos > 0) {
    const len = Math.min(CHUNK, pos);
    pos -= len;
    readSync(fd, buf, 0, len, pos);
    const nl = buf.subarray(0, len).lastIndexOf(0x0a);
    if (nl >= 0) return pos + nl + 1;
  }
  return 0;
}

/**
 * Cut a torn tail off the open file `fd` (opened for reading and appending): the bytes after the last
 * newline go to a dated file beside it. Returns the file's size after the cut.
 */
function cutTornTail(fd: number, file: string): number {
  const size = fstatSync(fd).size;
  if (size === 0) return 0;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] === 0x0a) return size;
  const keep = endOfLastLine(fd, size);
  const torn = Buffer.alloc(size - keep);
  readSync(fd, torn, 0, torn.length, keep);
  writeFileSync(datedName(file, 'torn'), torn, { mode: 0o600 });
  ftruncateSync(fd, keep);
  fsyncSync(fd);
  syncFolder(dirname(file));
  return keep;
}

/** Cut a torn tail off `file` now, if it has one (done on open; appends check again anyway). */
export function repairJsonLines(file: string): void {
  if (!existsSync(file)) return;
  const fd = openSync(file, 'r+');
  try {
    cutTornTail(fd, file);
  } finally {
    closeSync(fd);
  }
}

/** Append `records` as JSON lines in one write; with `durable`, fsync before returning. */
export function appendJsonLines(file: string, records: readonly unknown[], durable: boolean): void {
  if (records.length === 0) return;
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const created = !existsSync(file);
  const fd = openSync(file, 'a+', 0o600);
  try {
    const before = cutTornTail(fd, file);
    try {
      writeSync(fd, text);
      if (durable) fsyncSync(fd);
    } catch (err) {
      // A short write (disk full) must not leave half a record for the next append to continue.
      try {
        ftruncateSync(fd, before);
      } catch {
        // The write's own error says more than this one.
      }
      throw err;
    }
  } finally {
    closeSync(fd);
  }
  if (created && durable) syncFolder(dirname(file));
}

/** Every parseable line of `file` (none when it does not exist); `onBadLine` hears of the others. */
export function readJsonLines(file: string, onBadLine?: (lineNo: number) => void): unknown[] {
  if (!existsSync(file)) return [];
  const out: unknown[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line));
    } catch {
      onBadLine?.(i + 1);
    }
  });
  return out;
}

/** Replace `file` with `records` atomically (see atomic-file.ts): used to drop past days. */
export function rewriteJsonLines(file: string, records: readonly unknown[]): void {
  writeFileAtomic(file, records.length > 0 ? records.map((r) => JSON.stringify(r)).join('\n') + '\n' : '');
}
