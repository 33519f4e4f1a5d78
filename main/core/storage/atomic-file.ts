// Whole-file writes of the data folder (settings, roster, notified ids, the day files' rewrites), all through
// this one helper: `atomically` writes a temporary file beside the target, fsyncs it and renames it over the
// target, so a crash leaves the old file or the new one, never half of either. It does not fsync the folder,
// so the rename itself could still be lost in a power cut: that step is added here. Files are private (0600).
import { close, closeSync, fsync, fsyncSync, open, openSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileSync } from 'atomically';

/** Make the folder's entries (a rename, a new file) durable. Windows cannot open a folder: nothing to do there. */
export function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * syncFolder on libuv's thread pool, for a file whose own fsync runs there too (jsonl-file.ts `{ background }`):
 * the first line of a day's file made the floor tick wait 10-40 ms for its folder.
 */
export function syncFolderSoon(dir: string, onError: (e: Error) => void): void {
  if (process.platform === 'win32') return;
  open(dir, 'r', (err, fd) => (err ? onError(err) : fsyncAndClose(fd, onError)));
}

/** fsync `fd` on the thread pool, then close it; a failed fsync goes to `onError`. */
export function fsyncAndClose(fd: number, onError: (e: Error) => void): void {
  fsync(fd, (e) => {
    close(fd, () => undefined);
    if (e) onError(e);
  });
}

/** Replace `file` with `text`: temporary file, fsync, rename, fsync of the folder. */
export function writeFileAtomic(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600, fsync: true, fsyncWait: true });
  syncFolder(dirname(file));
}

/**
 * `file` plus a label and the time, safe in a file name on every system (no colons):
 * `roster.json` -> `roster.json.damaged-2026-11-24T05-00-00-000Z`.
 */
export function datedName(file: string, label: string, at: number = Date.now()): string {
  return `${file}.${label}-${new Date(at).toISOString().replace(/[:.]/g, '-')}`;
}

/** Move `file` aside under a dated name (kept, never deleted) and return that name. */
export function setAside(file: string, label: string, at: number = Date.now()): string {
  const aside = datedName(file, label, at);
  renameSync(file, aside);
  syncFolder(dirname(file));
  return aside;
}
