// The one atomic-write helper (temp file, fsync, rename, fsync of the folder) and every whole-file writer of
// the data folder going through it: the roster, the web host's settings, the shell's notified ids. Real files.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Fs from 'node:fs';
import type * as AtomicFile from '../../../main/core/storage/atomic-file';

const calls = vi.hoisted(() => ({ fs: [] as string[], atomic: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  return {
    ...fs,
    openSync: (...args: Parameters<typeof Fs.openSync>) => {
      const fd = fs.openSync(...args);
      calls.fs.push(`open ${String(args[0])} ${fs.fstatSync(fd).isDirectory() ? 'dir' : 'file'}`);
      return fd;
    },
    fsyncSync: (fd: number) => {
      calls.fs.push(`fsync ${fs.fstatSync(fd).isDirectory() ? 'dir' : 'file'}`);
      fs.fsyncSync(fd);
    },
  };
});
vi.mock('../../../main/core/storage/atomic-file', async (importOriginal) => {
  const real = await importOriginal<typeof AtomicFile>();
  return { ...real, writeFileAtomic: (file: string, text: string) => { calls.atomic.push(file); real.writeFileAtomic(file, text); } };
});
vi.mock('electron', () => import('../../electron/electron-mock'));

const { writeFileAtomic } = await import('../../../main/core/storage/atomic-file');
const { openRosterStore } = await import('../../../main/core/roster/roster-store');
const { createJsonSettingsStore } = await import('../../../main/web/host-deps');
const { openNotifiedLog, NOTIFIED_LOG_FILE } = await import('../../../main/electron/notifications');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fw-atomic-'));
  calls.fs.length = 0;
  calls.atomic.length = 0;
});

describe('writeFileAtomic', () => {
  it('replaces the file whole, private, with no temporary file left, and fsyncs the folder after the rename', () => {
    const file = join(dir, 'a.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['a.json']);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(calls.fs).toContain(`open ${dir} dir`);
      expect(calls.fs.at(-1)).toBe('fsync dir');
    }
  });
});

describe('every whole-file writer of the data folder', () => {
  it('the roster, the web settings and the notified ids are written through the one helper', () => {
    const roster = openRosterStore(join(dir, 'roster.json'), () => undefined);
    expect(roster.importCsv('agent,1,Ana,101\n').ok).toBe(true);
    createJsonSettingsStore(join(dir, 'settings.json')).write({ version: 2 });
    openNotifiedLog(dir).add(['c1:1']);
    expect(calls.atomic).toEqual([join(dir, 'roster.json'), join(dir, 'settings.json'), join(dir, NOTIFIED_LOG_FILE)]);
    expect(readdirSync(dir).sort()).toEqual([NOTIFIED_LOG_FILE, 'roster.json', 'settings.json']);
    expect(existsSync(join(dir, 'roster.json.tmp'))).toBe(false);
  });
});
