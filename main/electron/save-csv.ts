// Saving an export (the history search, today's figures) on the desktop: the system's Save dialog, in the
// Downloads folder by default, then the file written by main. The page never chooses a path itself: it
// hands over a file name (validated by the contract) and the text.
import { writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';

export async function saveCsv(win: BrowserWindow | null, name: string, text: string): Promise<{ saved: boolean }> {
  const options = { defaultPath: join(app.getPath('downloads'), name), filters: [{ name: 'CSV', extensions: ['csv'] }] };
  const choice = win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return { saved: false };
  // Windows and macOS add the filter's extension to a name typed without one; GTK's dialog does not, and a
  // file without it opens in no spreadsheet: added here. A name with an extension is the supervisor's choice.
  const path = extname(choice.filePath) === '' ? `${choice.filePath}.csv` : choice.filePath;
  await writeFile(path, text, 'utf8');
  return { saved: true };
}
