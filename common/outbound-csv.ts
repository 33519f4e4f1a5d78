// A call list as CSV, mapped by header to seed 002's `customers[]` (id, mobiles, and autocall's collection
// fields), checked before anything is sent: each failing row named by its file line and id, and why.
// Pure (the renderer previews with it; main checks again before sending).
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
// - Amounts and counts must be numbers (a ";" file reads "5.000.000,50", a "," file "5,000,000.50"); dates
//   are YYYY-MM-DD, or DD/MM/YYYY (day first, as pt-BR and vi write them) turned into YYYY-MM-DD.
import Papa from 'papaparse';
import { AUTOCALL_COLLECTION_FIELDS, NUMERIC_COLLECTION_FIELDS, SEED_PHONE_PATTERN, type AutocallCollectionField, type OutboundCustomer } from './outbound';

export const MAX_LIST_ROWS = 200_000;

export interface ListProblem {
  /** The file line the row starts on (1 = the header). */
  line: number;
  /** The row's id ('' when it has none). */
  id: string;
  /** error: the row is not sent; warning: it is sent, without what the message names. */
  severity: 'error' | 'warning';
  message: string;
}

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
  fileError: string | null;
  delimiter: ',' | ';';
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

function readNumber(raw: string, delimiter: ',' | ';'): number | null {
  let v = raw.replace(/[\s\u00a0]/g, '');
  v = delimiter === ';' ? v.replace(/\./g, '').replace(',', '.') : v.replace(/,/g, '');
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
}

function readDate(raw: string): string | null {
  const v = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
}

export function parseCustomerList(text: string): CustomerListParse {
  const csv = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = csv.split('\n').find((l) => l.trim() !== '') ?? '';
  const delimiter: ',' | ';' = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const out: CustomerListParse = { customers: [], rows: 0, problems: [], fileError: null, delimiter, ignoredColumns: [] };

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
  let columns: Array<Column | undefined> | null = null;
  const idLine = new Map<string, number>();
  const numberLine = new Map<string, { line: number; id: string }>();

  const row = (cells: string[], line: number): void => {
    if (cells.every((f) => f.trim() === '')) return;
    if (columns === null) {
      columns = cells.map(columnOf);
      out.ignoredColumns = cells.filter((_, i) => columns![i] === undefined).map((f) => f.trim()).filter((f) => f !== '');
      const missing = (['id', 'mobiles'] as const).filter((c) => !columns!.includes(c));
      if (missing.length) out.fileError = `line ${line}: the header has no ${missing.join(' or ')} column (found: ${cells.map((f) => f.trim()).join(', ')})`;
      return;
    }
    out.rows++;
    if (out.rows > MAX_LIST_ROWS) {
      out.fileError = `more than ${MAX_LIST_ROWS} rows`;
      return;
    }
    const cell: Partial<Record<Column, string>> = {};
    columns.forEach((c, i) => {
      if (c !== undefined && cell[c] === undefined) cell[c] = (cells[i] ?? '').trim();
    });
    const id = cell.id ?? '';
    const problem = (severity: ListProblem['severity'], message: string): void => void out.problems.push({ line, id, severity, message });
    if (id === '') return problem('error', 'no id');
    const seen = idLine.get(id);
    if (seen !== undefined) return problem('error', `id ${id} is already on line ${seen}`);
    const raws = (cell.mobiles ?? '').split(/[;\n]/).map((m) => m.trim()).filter((m) => m !== '');
    if (raws.length === 0) return problem('error', 'no phone number');
    const mobiles: string[] = [];
    const bad: string[] = [];
    for (const r of raws) {
      const n = normaliseMobile(r);
      if (n === null) bad.push(r);
      else if (!mobiles.includes(n)) mobiles.push(n);
    }
    if (mobiles.length === 0) return problem('error', `no valid phone number (${bad.join(', ')})`);
    const fields: NonNullable<OutboundCustomer['fields']> = {};
    for (const f of AUTOCALL_COLLECTION_FIELDS) {
      const v = cell[f];
      if (v === undefined || v === '') continue;
      if (NUMERIC_COLLECTION_FIELDS.has(f)) {
        const n = readNumber(v, delimiter);
        if (n === null) return problem('error', `${f} is not a number ("${v.slice(0, 30)}")`);
        fields[f] = n;
      } else if (DATE_FIELDS.has(f)) {
        const d = readDate(v);
        if (d === null) return problem('error', `${f} is not a date ("${v.slice(0, 30)}"): use YYYY-MM-DD or DD/MM/YYYY`);
        fields[f] = d;
      } else fields[f] = v;
    }
    if (bad.length) problem('warning', `invalid number${bad.length > 1 ? 's' : ''} left out: ${bad.join(', ')}`);
    for (const m of mobiles) {
      const other = numberLine.get(m);
      if (other) problem('warning', `number ${m} is also customer ${other.id}'s (line ${other.line})`);
      else numberLine.set(m, { line, id });
    }
    idLine.set(id, line);
    out.customers.push({ id, mobiles, ...(Object.keys(fields).length ? { fields } : {}), line });
  };

  Papa.parse<string[]>(csv, {
    delimiter,
    newline: '\n',
    step: (result, parser) => {
      const problem = result.errors[0];
      if (problem) {
        out.fileError = `line ${lineAt(problem.index ?? result.meta.cursor)}: ${problem.code === 'MissingQuotes' ? 'a quoted field is not closed' : 'text follows the closing quote of a field'}`;
        parser.abort();
        return;
      }
      const end = result.meta.cursor - (csv.charCodeAt(result.meta.cursor - 1) === 10 ? 1 : 0);
      const inner = result.data.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
      row(result.data, lineAt(end) - inner);
      if (out.fileError) parser.abort();
    },
  });
  if (!out.fileError && columns === null) out.fileError = 'the file is empty: it needs a header line with id and mobiles';
  if (out.fileError) out.customers = [];
  return out;
}

/** The customers of a list that are on a do-not-call list (checked before sending an autocall load). */
export function onDoNotCall(customers: readonly ListCustomer[], dnc: ReadonlySet<string>): ListCustomer[] {
  return customers.filter((c) => dnc.has(c.id));
}
