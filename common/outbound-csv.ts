// A call list, mapped by header to seed 002's `customers[]` (id, mobiles, and autocall's collection
// fields), checked before anything is sent: each failing row named by its file line and id, and why (a
// reason as data, worded by the renderer in the supervisor's language). CSV text is read here with
// papaparse; a spreadsheet's rows (main/core/decode/customer-list-job.ts reads .xlsx) go through the same
// row mapping. Pure: main runs it in the decode worker.
//
// Decisions (issue 19 and where it is silent):
// - Headers are matched case-insensitively, spaces and dashes as "_"; a few common names map too
//   (customer_id -> id, mobile / phone / phone_number -> mobiles). Unknown columns are ignored and listed.
// - Delimiter: "," or ";" from the header line (spreadsheets in pt-BR and vi locales export ";", since the
//   comma is their decimal mark). A BOM is dropped; quoted fields may hold commas, semicolons, line breaks.
// - Several numbers in one cell are separated by ";" (quoted in a ";" file). Spaces, dots, dashes and
//   brackets inside a number are dropped; +84 / 84 followed by 9 digits becomes 0 + those 9 (the national
//   form the seed's examples use; the seed's pattern takes 84 with 8 digits only); a 9-digit number starting
//   3/5/7/8/9 gets back the leading 0 a spreadsheet dropped.
// - A number that still misses seed 002's pattern is invalid: dropped with a warning when the row has a good
//   one, the row fails when it has none. A repeated id fails the later row; a number on two customers warns.
//   An id the PBX would not take (CUSTOMER_ID_PATTERN: spaces, slashes) fails its row.
// - Amounts and counts must be numbers (a ";" file reads "5.000.000,50", a "," file "5,000,000.50"); dates
//   are YYYY-MM-DD, or DD/MM/YYYY (day first, as pt-BR and vi write them) turned into YYYY-MM-DD.
import Papa from 'papaparse';
import {
  AUTOCALL_COLLECTION_FIELDS,
  CUSTOMER_ID_PATTERN,
  NUMERIC_COLLECTION_FIELDS,
  SEED_PHONE_PATTERN,
  type AutocallCollectionField,
  type ListFileReason,
  type ListProblem,
  type ListRowReason,
  type OutboundCustomer,
} from './outbound';

const MAX_LIST_ROWS = 200_000;

export interface ListCustomer extends OutboundCustomer {
  line: number;
}

export interface CustomerListParse {
  /** The rows that can be sent, in file order. */
  customers: ListCustomer[];
  /** Data rows read (blank lines not counted). */
  rows: number;
  problems: ListProblem[];
  /** Set when the file cannot be read at all (no id or number column, a broken quote, too many rows). */
  fileError: ListFileReason | null;
  delimiter: ',' | ';' | 'xlsx';
  /** Header names that map to nothing. */
  ignoredColumns: string[];
}

type Column = 'id' | 'mobiles' | AutocallCollectionField;
const ALIASES: Record<string, Column> = { customer_id: 'id', mobile: 'mobiles', phone: 'mobiles', phones: 'mobiles', phone_number: 'mobiles', phone_numbers: 'mobiles' };
const DATE_FIELDS: ReadonlySet<AutocallCollectionField> = new Set(['upcoming_due_date', 'due_date']);

const headerKey = (h: string): string => h.trim().toLowerCase().replace(/[\s-]+/g, '_');
function columnOf(h: string): Column | undefined {
  const k = headerKey(h);
  if (k === 'id' || k === 'mobiles' || (AUTOCALL_COLLECTION_FIELDS as readonly string[]).includes(k)) return k as Column;
  return ALIASES[k];
}

/** A number as the PBX wants it, or null when it cannot be one. */
export function normaliseMobile(raw: string): string | null {
  let n = raw.replace(/[\s.\-()\u00a0]/g, '');
  if (n === '') return null;
  if (/^\+?84\d{9}$/.test(n)) n = `0${n.slice(n.length - 9)}`;
  else if (/^[35789]\d{8}$/.test(n)) n = `0${n}`;
  return SEED_PHONE_PATTERN.test(n) ? n : null;
}

/** An amount or count: a ";" file writes "5.000.000,50" (decimal comma), a "," file or a sheet "5,000,000.50". */
function readNumber(raw: string, decimalComma: boolean): number | null {
  let v = raw.replace(/[\s\u00a0]/g, '');
  v = decimalComma ? v.replace(/\./g, '').replace(',', '.') : v.replace(/,/g, '');
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
}

function readDate(raw: string): string | null {
  const v = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
}

/**
 * The row mapping shared by CSV and spreadsheets: the first non-blank row is the header, each later one a
 * customer or a problem. `row` returns false once the file cannot be read further (out.fileError set).
 */
function createRowMapper(out: CustomerListParse, decimalComma: boolean): { row(cells: string[], line: number): boolean; done(): CustomerListParse } {
  let columns: Array<Column | undefined> | null = null;
  const idLine = new Map<string, number>();
  const numberLine = new Map<string, { line: number; id: string }>();

  const row = (cells: string[], line: number): void => {
    if (cells.every((f) => f.trim() === '')) return;
    if (columns === null) {
      columns = cells.map(columnOf);
      out.ignoredColumns = cells.filter((_, i) => columns![i] === undefined).map((f) => f.trim()).filter((f) => f !== '');
      const missing = (['id', 'mobiles'] as const).filter((c) => !columns!.includes(c));
      if (missing.length) out.fileError = { code: 'no-columns', line, missing: missing.join(', '), found: cells.map((f) => f.trim()).filter((f) => f !== '').join(', ') };
      return;
    }
    out.rows++;
    if (out.rows > MAX_LIST_ROWS) {
      out.fileError = { code: 'too-many-rows', max: MAX_LIST_ROWS };
      return;
    }
    const cell: Partial<Record<Column, string>> = {};
    columns.forEach((c, i) => {
      if (c !== undefined && cell[c] === undefined) cell[c] = (cells[i] ?? '').trim();
    });
    const id = cell.id ?? '';
    const problem = (severity: ListProblem['severity'], reason: ListRowReason): void => void out.problems.push({ line, id, severity, reason });
    if (id === '') return problem('error', { code: 'no-id' });
    const seen = idLine.get(id);
    if (seen !== undefined) return problem('error', { code: 'duplicate-id', line: seen });
    if (!CUSTOMER_ID_PATTERN.test(id)) return problem('error', { code: 'bad-id' });
    const raws = (cell.mobiles ?? '').split(/[;\n]/).map((m) => m.trim()).filter((m) => m !== '');
    if (raws.length === 0) return problem('error', { code: 'no-number' });
    const mobiles: string[] = [];
    const bad: string[] = [];
    for (const r of raws) {
      const n = normaliseMobile(r);
      if (n === null) bad.push(r);
      else if (!mobiles.includes(n)) mobiles.push(n);
    }
    if (mobiles.length === 0) return problem('error', { code: 'no-valid-number', numbers: bad.join(', ') });
    const fields: NonNullable<OutboundCustomer['fields']> = {};
    for (const f of AUTOCALL_COLLECTION_FIELDS) {
      const v = cell[f];
      if (v === undefined || v === '') continue;
      if (NUMERIC_COLLECTION_FIELDS.has(f)) {
        const n = readNumber(v, decimalComma);
        if (n === null) return problem('error', { code: 'not-a-number', field: f, value: v.slice(0, 30) });
        fields[f] = n;
      } else if (DATE_FIELDS.has(f)) {
        const d = readDate(v);
        if (d === null) return problem('error', { code: 'not-a-date', field: f, value: v.slice(0, 30) });
        fields[f] = d;
      } else fields[f] = v;
    }
    if (bad.length) problem('warning', { code: 'numbers-left-out', numbers: bad.join(', '), count: bad.length });
    for (const m of mobiles) {
      const other = numberLine.get(m);
      if (other) problem('warning', { code: 'shared-number', number: m, id: other.id, line: other.line });
      else numberLine.set(m, { line, id });
    }
    idLine.set(id, line);
    out.customers.push({ id, mobiles, ...(Object.keys(fields).length ? { fields } : {}), line });
  };

  return {
    row(cells, line) {
      if (out.fileError) return false;
      row(cells, line);
      return out.fileError === null;
    },
    done() {
      if (!out.fileError && columns === null) out.fileError = { code: 'empty' };
      if (out.fileError) out.customers = [];
      return out;
    },
  };
}

const blank = (delimiter: CustomerListParse['delimiter']): CustomerListParse =>
  ({ customers: [], rows: 0, problems: [], fileError: null, delimiter, ignoredColumns: [] });

export function parseCustomerList(text: string): CustomerListParse {
  const csv = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = csv.split('\n', 50).find((l) => l.trim() !== '') ?? '';
  const delimiter: ',' | ';' = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const out = blank(delimiter);
  const mapper = createRowMapper(out, delimiter === ';');

  let scanned = 0;
  let breaks = 0;
  const lineAt = (offset: number): number => {
    // Jump from line break to line break (indexOf), not character by character: a 100,000-row list is ~7 MB.
    const until = Math.min(offset, csv.length);
    while (scanned < until) {
      const next = csv.indexOf('\n', scanned);
      if (next === -1 || next >= until) {
        scanned = until;
        break;
      }
      breaks++;
      scanned = next + 1;
    }
    return breaks + 1;
  };

  Papa.parse<string[]>(csv, {
    delimiter,
    newline: '\n',
    step: (result, parser) => {
      const problem = result.errors[0];
      if (problem) {
        const line = lineAt(problem.index ?? result.meta.cursor);
        out.fileError = problem.code === 'MissingQuotes' ? { code: 'open-quote', line } : { code: 'text-after-quote', line };
        parser.abort();
        return;
      }
      const end = result.meta.cursor - (csv.charCodeAt(result.meta.cursor - 1) === 10 ? 1 : 0);
      const inner = result.data.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
      if (!mapper.row(result.data, lineAt(end) - inner)) parser.abort();
    },
  });
  return mapper.done();
}

/** A spreadsheet's rows (cells as text, each with its row number) mapped as a CSV's would be. */
export function mapCustomerRows(rows: Iterable<{ cells: string[]; line: number }>): CustomerListParse {
  const mapper = createRowMapper(blank('xlsx'), false);
  for (const r of rows) if (!mapper.row(r.cells, r.line)) break;
  return mapper.done();
}

/** A reason in English: the core's own words (its errors and log); the renderer words reasons itself. */
export function listReasonText(r: ListRowReason | ListFileReason): string {
  switch (r.code) {
    case 'no-id': return 'no id';
    case 'bad-id': return 'the id has characters the PBX does not take (letters, digits and _ . : @ - only)';
    case 'duplicate-id': return `the id is already on line ${r.line}`;
    case 'no-number': return 'no phone number';
    case 'no-valid-number': return `no valid phone number (${r.numbers})`;
    case 'not-a-number': return `${r.field} is not a number ("${r.value}")`;
    case 'not-a-date': return `${r.field} is not a date ("${r.value}"): use YYYY-MM-DD or DD/MM/YYYY`;
    case 'numbers-left-out': return `invalid number${r.count > 1 ? 's' : ''} left out: ${r.numbers}`;
    case 'shared-number': return `number ${r.number} is also customer ${r.id}'s (line ${r.line})`;
    case 'no-columns': return `line ${r.line}: the header has no column for ${r.missing} (found: ${r.found})`;
    case 'open-quote': return `line ${r.line}: a quoted field is not closed`;
    case 'text-after-quote': return `line ${r.line}: text follows the closing quote of a field`;
    case 'too-many-rows': return `more than ${r.max} rows`;
    case 'empty': return 'the file is empty: it needs a header line with id and mobiles';
    case 'not-xlsx': return 'the file is not an .xlsx workbook that can be read';
    case 'no-sheet': return `the workbook has no sheet named "${r.sheet}"`;
    case 'too-large': return `the file is larger than ${r.maxMiB} MiB`;
  }
}
