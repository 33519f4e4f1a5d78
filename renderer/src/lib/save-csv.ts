// Hands an export to the supervisor: the desktop shell's Save dialog (file:save-csv), else (the web host)
// a download from the page. The CSV text itself comes from common/csv.ts.
import { getBridge } from '../bridge';

export type SaveOutcome = 'saved' | 'downloaded' | 'cancelled' | { error: string };

export async function saveCsv(name: string, text: string): Promise<SaveOutcome> {
  const r = await getBridge().saveCsv({ name, text });
  if (r.ok) return r.data.saved ? 'saved' : 'cancelled';
  if (r.error.code !== 'NOT_SUPPORTED') return { error: r.error.message };
  // The browser: an object URL the page made itself (no server round trip, nothing the CSP refuses).
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return 'downloaded';
}
