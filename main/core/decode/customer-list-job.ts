// One call-list job (issue 19): a CSV's text or an .xlsx workbook's bytes -> the customers mapped by header
// and checked row by row (common/outbound-csv.ts) -> the do-not-call check -> the preview the Outbound view
// shows, and for a load the customers to send. Runs in the decode worker beside the PBX list jobs (or inline
// where no worker starts), so a 100,000-row list never holds the main thread's event loop: the live floor
// keeps ticking while it is read.
//
// A load's customers go back in parts (PART_ROWS a message), so the main thread takes them in short turns
// rather than one long structured clone, and with them the list's JSON, written to the data folder as is.
import readXlsxFile from 'read-excel-file/universal';
import { mapCustomerRows, parseCustomerList, type CustomerListParse, type ListCustomer } from '../../../common/outbound-csv';
import { MAX_XLSX_BYTES, PREVIEW_FIRST_ROWS, PREVIEW_PROBLEMS, type ListFile, type ListSheet, type OutboundCustomer, type OutboundPreview } from '../../../common/outbound';

/** Customers per part message of a load's reply. */
const PART_ROWS = 2000;

export interface CustomerListJob {
  type: 'customer-list';
  job: number;
  file: ListFile;
  /** The queue's do-not-call ids: rows with one of them are left out (and listed in the preview). */
  dnc: string[];
  /** preview: the summary only; load: the customers to send too. */
  want: 'preview' | 'load';
}

export type CustomerListReply =
  | { list: 'part'; job: number; customers: OutboundCustomer[] }
  | { list: 'done'; job: number; preview: OutboundPreview; /** load: the customers' JSON array, for the kept list. */ customersJson: string | null }
  | { list: 'failed'; job: number; detail: string };

/** A sheet cell as the CSV would have it: numbers as written (a number-formatted phone keeps its digits), dates YYYY-MM-DD. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v);
}

interface XlsxRead {
  parse: CustomerListParse;
  sheets: ListSheet[];
  sheet: string | null;
}

/**
 * The workbook's sheets, and the one asked for (by name; the first when none is named) read as the list.
 * Every sheet is read to name them with their row counts for the preview's sheet picker: a workbook is at
 * most MAX_XLSX_BYTES, and this runs in the decode worker, so the extra sheets cost no tick.
 */
async function readXlsx(base64: string, wanted: string | undefined): Promise<XlsxRead> {
  const bytes = Buffer.from(base64, 'base64');
  const fail = (fileError: CustomerListParse['fileError'], sheets: ListSheet[] = []): XlsxRead => ({
    parse: { customers: [], rows: 0, problems: [], fileError, delimiter: 'xlsx', ignoredColumns: [] },
    sheets,
    sheet: null,
  });
  if (bytes.byteLength > MAX_XLSX_BYTES) return fail({ code: 'too-large', maxMiB: MAX_XLSX_BYTES / 1048576 });
  let book: Array<{ sheet: string; data: unknown[][] }>;
  try {
    // Numbers kept as the text the file stores ("982596021", "1500000.5"), not rounded.
    book = await readXlsxFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { parseNumber: (s: string) => s });
  } catch {
    return fail({ code: 'not-xlsx' });
  }
  const sheets = book.map((s) => ({ name: s.sheet, rows: Math.max(0, s.data.length - 1) }));
  const chosen = wanted === undefined ? book[0] : book.find((s) => s.sheet === wanted);
  if (!chosen) return wanted === undefined ? fail({ code: 'empty' }, sheets) : fail({ code: 'no-sheet', sheet: wanted }, sheets);
  // Row i of the sheet data is the sheet's row i + 1: the preview names rows as the spreadsheet numbers them.
  return { parse: mapCustomerRows(chosen.data.map((cells, i) => ({ cells: cells.map(cellText), line: i + 1 }))), sheets, sheet: chosen.sheet };
}

/** Run one job; `post` gets the parts (a load) and then the last message. */
export async function runCustomerListJob(job: CustomerListJob, post: (reply: CustomerListReply) => void): Promise<void> {
  try {
    const read: XlsxRead = job.file.xlsx !== undefined ? await readXlsx(job.file.xlsx, job.file.sheet) : { parse: parseCustomerList(job.file.csv), sheets: [], sheet: null };
    const parse = read.parse;
    const dnc = new Set(job.dnc);
    const send: ListCustomer[] = [];
    const dropped: ListCustomer[] = [];
    for (const c of parse.customers) (dnc.has(c.id) ? dropped : send).push(c);
    const preview: OutboundPreview = {
      rows: parse.rows,
      sendable: send.length,
      first: send.slice(0, PREVIEW_FIRST_ROWS).map((c) => ({ line: c.line, id: c.id, mobiles: c.mobiles })),
      problems: parse.problems.slice(0, PREVIEW_PROBLEMS),
      problemCount: parse.problems.length,
      refused: parse.problems.filter((p) => p.severity === 'error').length,
      dnc: dropped.slice(0, PREVIEW_PROBLEMS).map((c) => ({ line: c.line, id: c.id })),
      dncCount: dropped.length,
      fileError: parse.fileError,
      delimiter: parse.delimiter,
      ignoredColumns: parse.ignoredColumns,
      sheets: read.sheets,
      sheet: read.sheet,
    };
    if (job.want === 'preview' || parse.fileError || send.length === 0) {
      post({ list: 'done', job: job.job, preview, customersJson: null });
      return;
    }
    const customers = send.map(({ line: _line, ...customer }) => customer);
    for (let i = 0; i < customers.length; i += PART_ROWS) post({ list: 'part', job: job.job, customers: customers.slice(i, i + PART_ROWS) });
    post({ list: 'done', job: job.job, preview, customersJson: JSON.stringify(customers) });
  } catch (e) {
    post({ list: 'failed', job: job.job, detail: (e as Error).stack ?? String(e) });
  }
}
