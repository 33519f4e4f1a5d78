// Appends fsync'd in the background (storage/jsonl-file.ts Durability `{ background }`): the lines are in the
// file when the call returns (every read sees them), the fsync runs on the thread pool and closes the file,
// and its failure goes to the handler, the lines kept. Real files; the one failing fsync is simulated.
import type * as realFs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const failNextFsync = { on: false };
/** The fsyncs asked for: on this thread (fsyncSync) and on the thread pool (fsync). */
const fsyncs = { sync: 0, pool: 0 };
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof realFs>();
  const fsync = (fd: number, cb: (e: NodeJS.ErrnoException | null) => void): void => {
    fsyncs.pool++;
    if (!failNextFsync.on) return fs.fsync(fd, cb);
    failNextFsync.on = false;
    setImmediate(() => cb(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })));
  };
  const fsyncSync = (fd: number): void => {
    fsyncs.sync++;
    fs.fsyncSync(fd);
  };
  return { ...fs, default: { ...fs, fsync, fsyncSync }, fsync, fsyncSync };
});

const { appendJsonLines, readJsonLines } = await import('../../../main/core/storage/jsonl-file');

const openFiles = (): number => readdirSync('/proc/self/fd').length;
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

afterEach(() => {
  failNextFsync.on = false;
});

describe('appends fsync\'d in the background', () => {
  it('has the lines in the file at once, and closes every file once its fsync is done', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fw-bg-')), 'day.jsonl');
    const errors: Error[] = [];
    const before = openFiles();
    for (let i = 0; i < 50; i++) appendJsonLines(file, [{ i }], { background: (e) => errors.push(e) });
    expect(readJsonLines(file)).toHaveLength(50);
    expect(readFileSync(file, 'utf8').split('\n')[49]).toBe('{"i":49}');
    // The files wait open for their fsyncs, then all close.
    await until(() => openFiles() <= before);
    expect(errors).toEqual([]);
  });

  it('makes a new file\'s folder entry durable on the thread pool as well: no fsync waits on this thread', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fw-bg-')), 'day.jsonl');
    const errors: Error[] = [];
    const before = openFiles();
    const counted = { ...fsyncs };
    appendJsonLines(file, [{ first: true }], { background: (e) => errors.push(e) });
    expect(fsyncs.sync).toBe(counted.sync);
    // The file's fsync and its folder's, both on the pool; then every descriptor is closed.
    expect(fsyncs.pool - counted.pool).toBeGreaterThanOrEqual(1);
    await until(() => fsyncs.pool - counted.pool === 2 && openFiles() <= before);
    // Asked to be durable at once, a new file waits for its folder as before.
    appendJsonLines(join(mkdtempSync(join(tmpdir(), 'fw-bg-')), 'now.jsonl'), [{ now: true }], true);
    expect(fsyncs.sync - counted.sync).toBe(2);
    expect(errors).toEqual([]);
  });

  it('tells a failed fsync to its handler, keeps the lines, and closes the file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fw-bg-')), 'day.jsonl');
    const errors: Error[] = [];
    appendJsonLines(file, [{ first: true }], true);
    const before = openFiles();
    failNextFsync.on = true;
    appendJsonLines(file, [{ second: true }], { background: (e) => errors.push(e) });
    await until(() => errors.length > 0);
    expect(errors[0]?.message).toMatch(/EIO/);
    expect(readJsonLines(file)).toEqual([{ first: true }, { second: true }]);
    await until(() => openFiles() <= before);
  });
});
