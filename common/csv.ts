// Writing a CSV file for a spreadsheet (the history search and today's figures): papaparse's unparse with
// the few things a supervisor's spreadsheet needs. Pure: the renderer builds the text, the desktop shell or
// the browser saves it.
// - A UTF-8 byte-order mark first: Excel reads a file without one in the machine's code page, which
//   garbles Vietnamese and Portuguese names.
// - Cells a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) get a
//   leading apostrophe (OWASP's CSV injection advice): a caller's number or a name is data, never code.
//   Numbers stay numbers (a negative figure is a number, not text).
// - CRLF line ends (RFC 4180), every field quoted only when it needs to be.
import Papa from 'papaparse';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as the file carries it. */
export function csvCell(v: CsvCell): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/** The file's text: BOM, header line, one line per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${Papa.unparse({ fields: header.map(csvCell) as string[], data: rows.map((r) => r.map(csvCell)) }, { newline: '\r\n' })}\r\n`;
}

/** A file name safe on every desktop: letters, digits, dot, dash and underscore. */
export function csvFileName(base: string): string {
  return `${base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '') || 'export'}.csv`;
}
