// Append-only JSON-lines files in the host's data folder (audit log, abandoned journal, daily counters).
// Appends go straight to the file with an fsync where the record must survive a crash; a torn last line
// (power cut mid-write) is skipped on reading rather than losing the whole file.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/** Append `records` as JSON lines in one write; with `durable`, fsync before returning. */
export function appendJsonLines(file: string, records: readonly unknown[], durable: boolean): void {
  if (records.length === 0) return;
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, text);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
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

/** Replace `file` with `records` atomically (write aside, fsync, rename): used to drop past days. */
export function rewriteJsonLines(file: string, records: readonly unknown[]): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    if (records.length > 0) writeSync(fd, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
