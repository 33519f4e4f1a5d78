// The desktop Save dialog for the CSV exports (Today's figures, a history search), through the shell around
// the real core with vi.mock('electron'): the page's file:save-csv request crosses the bridge and the
// contract, the dialog opens on the console's window in the Downloads folder with the file name the page
// chose and a CSV filter, and what is written is the page's text, byte for byte, in a real file (UTF-8 with
// its BOM, so a spreadsheet reads Vietnamese and Portuguese). Cancelling writes nothing; a name typed
// without an extension gets .csv; a file that cannot be written says so and leaves nothing behind; a name
// the contract refuses never opens the dialog.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { csvFileName, toCsv } from '../../common/csv';
import * as electron from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));
const { runApp } = await import('../../main/electron/app-main');
const { createCore } = await import('../../main/core/create-core');

type Reply = { ok: true; data: { saved: boolean } } | { ok: false; error: { code: string; message: string } };
let ask: (payload: unknown) => Promise<Reply>;
let downloads: string;
let chosen: string;

beforeEach(async () => {
  electron.reset();
  electron.app.userData = mkdtempSync(join(tmpdir(), 'fw-save-user-'));
  downloads = mkdtempSync(join(tmpdir(), 'fw-save-downloads-'));
  chosen = mkdtempSync(join(tmpdir(), 'fw-save-chosen-'));
  electron.app.downloads = downloads;
  runApp(createCore, { mainDir: join(import.meta.dirname, 'out-main') });
  // The window and the bridge come once the app is ready.
  const win = await vi.waitFor(() => {
    const w = electron.BrowserWindow.instances[0];
    if (!w || !electron.ipcMain.handlers.has('file:save-csv')) throw new Error('no console window yet');
    return w;
  }, { timeout: 10_000, interval: 20 });
  ask = (payload) => electron.ipcMain.handlers.get('file:save-csv')?.({ senderFrame: win?.webContents.mainFrame }, payload) as Promise<Reply>;
});
// Quitting stops the core, its pollers and the demo simulator.
afterEach(() => void electron.app.fire('will-quit'));

/** Today's figures as the page builds them: a queue's name in Vietnamese with a comma, a quote in another. */
const NAME = csvFileName('floorwatch-today-2026-12-06');
const TEXT = toCsv(['Queue', 'Offered', 'Answered', 'Service level %'], [
  ['Chăm sóc khách hàng, miền Nam', 120, 111, 87.5],
  ['Atendimento "Premium" – São Paulo', 40, 38, 95],
]);

describe('the desktop Save dialog for a CSV export', () => {
  it('opens on the console window in Downloads with the page\'s file name, and writes the page\'s text to the chosen file', async () => {
    const target = join(chosen, 'today.csv');
    electron.saveDialogAnswer.canceled = false;
    electron.saveDialogAnswer.filePath = target;
    await expect(ask({ name: NAME, text: TEXT })).resolves.toEqual({ ok: true, data: { saved: true } });
    expect(electron.saveDialogCalls).toHaveLength(1);
    const call = electron.saveDialogCalls[0];
    // A sheet of the console's window (modal to it), not a free-floating dialog.
    expect(call?.parent).toBe(electron.BrowserWindow.instances[0]);
    expect(call?.options).toEqual({ defaultPath: join(downloads, 'floorwatch-today-2026-12-06.csv'), filters: [{ name: 'CSV', extensions: ['csv'] }] });
    const bytes = readFileSync(target);
    expect(bytes.equals(Buffer.from(TEXT, 'utf8'))).toBe(true);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('"Chăm sóc khách hàng, miền Nam",120,111,87.5\r\n');
    expect(bytes.toString('utf8')).toContain('"Atendimento ""Premium"" – São Paulo",40,38,95\r\n');
    // Nothing is written anywhere else (the default folder stays as it was).
    expect(readdirSync(downloads)).toEqual([]);
  });

  it('writes nothing when the supervisor cancels', async () => {
    await expect(ask({ name: NAME, text: TEXT })).resolves.toEqual({ ok: true, data: { saved: false } });
    expect(electron.saveDialogCalls).toHaveLength(1);
    expect(readdirSync(chosen)).toEqual([]);
    expect(readdirSync(downloads)).toEqual([]);
  });

  it('adds .csv to a name typed without an extension, and keeps one typed with it', async () => {
    electron.saveDialogAnswer.canceled = false;
    electron.saveDialogAnswer.filePath = join(chosen, 'figures for Monday');
    await expect(ask({ name: NAME, text: TEXT })).resolves.toMatchObject({ ok: true, data: { saved: true } });
    electron.saveDialogAnswer.filePath = join(chosen, 'figures.txt');
    await expect(ask({ name: NAME, text: TEXT })).resolves.toMatchObject({ ok: true, data: { saved: true } });
    expect(readdirSync(chosen).sort()).toEqual(['figures for Monday.csv', 'figures.txt']);
    expect(readFileSync(join(chosen, 'figures for Monday.csv'), 'utf8')).toBe(TEXT);
  });

  it('says so in words when the file cannot be written, and leaves nothing behind', async () => {
    electron.saveDialogAnswer.canceled = false;
    electron.saveDialogAnswer.filePath = join(chosen, 'no-such-folder', 'today.csv');
    const reply = await ask({ name: NAME, text: TEXT });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/^The file could not be saved: .*ENOENT/) } });
    expect(existsSync(join(chosen, 'no-such-folder'))).toBe(false);
  });

  it('never opens the dialog for a file name the contract refuses', async () => {
    for (const name of ['../today.csv', 'today.exe', '/etc/today.csv']) {
      await expect(ask({ name, text: TEXT })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    }
    expect(electron.saveDialogCalls).toEqual([]);
  });
});
