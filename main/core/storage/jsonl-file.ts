// Append-only JSON-lines files in the host's data folder (audit log, abandoned journal, daily counters).
// Each append goes straight to the file, fsync'd where the record must survive a crash. A crash mid-write
// leaves a last line without its newline (a torn tail): before every append the file's last byte is checked
// and a torn tail is cut off (kept aside as `<file>.torn-<time>`, never deleted), so a new record is never
// glued onto it; a failed write is cut back the same way. Readers skip any line that does not parse.
//
// appendJsonLinesSoon is the floor tick's way (the day's counted outcomes and records, several a second at
// 10,000 agents): the lines wait for the end of the current turn of the main loop and go in one fsync'd
// append in a turn of their own (a timer: the timers and I/O due meanwhile go first, a setImmediate would
// still run before them), so neither the serialising nor the write and fsync lengthen the tick that
// counted them. Any read, rewrite or plain append of that file in this process writes them first, so the
// file is never read without them and lines keep their order; flushJsonLines writes every file's at once
// (before the core stops).
//
// Durability: `true` fsyncs before returning; `{ background }` writes the lines before returning (they are in
// the OS's cache: a crash of this process loses nothing, every read sees them) and fsyncs them (and a new
// file's folder) on libuv's thread pool, telling `background` if that fails. The floor tick's writes take the
// second: an fsync on this disk took 10-80 ms, all of it holding the main loop (CPU profile of the bench's
// main host, 2026-12-06).
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { datedName, fsyncAndClose, syncFolder, syncFolderSoon, writeFileAtomic } from './atomic-file';

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

/** How an append reaches the disk (see the header): fsync'd now, fsync'd in the background, or left to the OS. */
export type Durability = boolean | { background: (e: Error) => void };

/** Lines waiting for their turn (appendJsonLinesSoon), by file, and what to tell if their write fails. */
const waiting = new Map<string, { records: unknown[]; scheduled: boolean; onError: (e: Error) => void }>();

/**
 * Append `records` durably (fsync'd) once the current turn of the loop is over, with any others queued for
 * `file` meanwhile (see the header). A failed write is told to `onError` and its lines stay queued: the next
 * append (or flush) tries them again first.
 */
export function appendJsonLinesSoon(file: string, records: readonly unknown[], onError: (e: Error) => void): void {
  if (records.length === 0) return;
  let w = waiting.get(file);
  if (!w) waiting.set(file, (w = { records: [], scheduled: false, onError }));
  for (const r of records) w.records.push(r);
  w.onError = onError;
  if (w.scheduled) return;
  w.scheduled = true;
  setTimeout(() => {
    const now = waiting.get(file);
    if (!now) return;
    now.scheduled = false;
    try {
      writeWaiting(file);
    } catch (e) {
      now.onError(e as Error);
    }
  }, 0);
}

/** Write the lines waiting for `file` now (throws as appendJsonLines does; they then stay queued). */
function writeWaiting(file: string): void {
  const w = waiting.get(file);
  if (!w) return;
  if (w.records.length > 0) {
    appendLines(file, w.records, { background: w.onError });
    w.records = [];
  }
  if (!w.scheduled) waiting.delete(file);
}

/** Write every file's waiting lines now (before the process stops); a failed file is told to its onError. */
export function flushJsonLines(): void {
  for (const [file, w] of [...waiting]) {
    try {
      writeWaiting(file);
    } catch (e) {
      w.onError(e as Error);
    }
  }
}

/** Append `records` as JSON lines in one write, as durable as asked (see Durability). */
export function appendJsonLines(file: string, records: readonly unknown[], durable: Durability): void {
  writeWaiting(file);
  appendLines(file, records, durable);
}

function appendLines(file: string, records: readonly unknown[], durable: Durability): void {
  if (records.length === 0) return;
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const created = !existsSync(file);
  const fd = openSync(file, 'a+', 0o600);
  let closesLater = false;
  try {
    const before = cutTornTail(fd, file);
    try {
      writeSync(fd, text);
      if (durable === true) fsyncSync(fd);
    } catch (err) {
      // A short write (disk full) must not leave half a record for the next append to continue.
      try {
        ftruncateSync(fd, before);
      } catch {
        // The write's own error says more than this one.
      }
      throw err;
    }
    if (typeof durable === 'object') {
      fsyncAndClose(fd, durable.background);
      closesLater = true;
    }
  } finally {
    if (!closesLater) closeSync(fd);
  }
  if (!created || durable === false) return;
  if (durable === true) syncFolder(dirname(file));
  else syncFolderSoon(dirname(file), durable.background);
}

/** Every parseable line of `file` (none when it does not exist); `onBadLine` hears of the others. */
export function readJsonLines(file: string, onBadLine?: (lineNo: number) => void): unknown[] {
  writeWaiting(file);
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
  // The lines waiting are older than this rewrite: written first, then replaced with the rest.
  writeWaiting(file);
  writeFileAtomic(file, records.length > 0 ? records.map((r) => JSON.stringify(r)).join('\n') + '\n' : '');
}
