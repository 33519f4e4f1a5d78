// Call lists read in the decode worker (a real worker_threads thread running decode-worker.ts) and inline:
// a CSV and an .xlsx (written as Excel lays one out) give the same preview and customers, a load's customers
// arrive in parts with their JSON, the do-not-call ids are left out, an .xlsx that is no workbook is named,
// and a worker file that cannot start falls back to reading on this thread.
import { afterEach, describe, expect, it } from 'vitest';
import { createListDecoder, type ListDecoder } from '../../../main/core/decode/list-decoder';
import { xlsxFile, xlsxWorkbook } from '../../fixtures/xlsx-file';

const WORKER = new URL('../../../main/core/decode/decode-worker.ts', import.meta.url);
const open: ListDecoder[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});
const decoder = (workerFile?: URL): ListDecoder => {
  const d = createListDecoder({ ...(workerFile ? { workerFile } : {}), log: () => {} });
  open.push(d);
  return d;
};

const HEADER = ['id', 'mobiles', 'contract_number', 'upcoming_due_date', 'upcoming_amount', 'dpd'];
/** n good rows, then a row with no number and a repeated id. */
function rows(n: number): Array<Array<string | number | Date | null>> {
  const out: Array<Array<string | number | Date | null>> = [HEADER];
  for (let i = 0; i < n; i++) out.push([`KH${i}`, `09${String(10_000_000 + i)}`, `HD${i}`, new Date(Date.UTC(2026, 11, 31)), 1_250_000.5, i % 30]);
  out.push(['BAD1', null, 'HD', null, null, null], ['KH0', '0982596021', 'HD', null, null, null]);
  return out;
}
const csvOf = (table: Array<Array<string | number | Date | null>>): string =>
  table.map((r) => r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null ? '' : String(v))).join(',')).join('\n');
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

describe('call lists in the decode worker', () => {
  it('reads a CSV and the same list as .xlsx to the same preview and customers, in parts, without the DNC ids', async () => {
    const table = rows(4500);
    const d = decoder(WORKER);
    const fromCsv = await d.customerList({ csv: csvOf(table) }, ['KH7', 'KH8'], 'load');
    const fromXlsx = await d.customerList({ xlsx: base64(xlsxFile(table)) }, ['KH7', 'KH8'], 'load');
    expect(d.mode).toBe('worker');
    for (const r of [fromCsv, fromXlsx]) {
      expect(r.preview).toMatchObject({ rows: 4502, sendable: 4498, refused: 2, dncCount: 2, fileError: null });
      expect(r.preview.problems.map((p) => [p.line, p.id, p.reason.code])).toEqual([[4502, 'BAD1', 'no-number'], [4503, 'KH0', 'duplicate-id']]);
      expect(r.preview.dnc).toEqual([{ line: 9, id: 'KH7' }, { line: 10, id: 'KH8' }]);
      // 4,498 customers came in three parts of at most 2,000; the JSON the list file keeps is the same list.
      expect(r.customers).toHaveLength(4498);
      expect(JSON.parse(r.customersJson!)).toEqual(r.customers);
    }
    expect(fromCsv.preview.delimiter).toBe(',');
    expect(fromXlsx.preview.delimiter).toBe('xlsx');
    expect(fromXlsx.customers).toEqual(fromCsv.customers);
    expect(fromXlsx.customers[0]).toEqual({
      id: 'KH0', mobiles: ['0910000000'],
      fields: { contract_number: 'HD0', upcoming_due_date: '2026-12-31', upcoming_amount: 1_250_000.5, dpd: 0 },
    });
  });

  it('a preview carries no customers; a number-formatted phone cell keeps its digits and gets its 0 back', async () => {
    const r = await decoder(WORKER).customerList({ xlsx: base64(xlsxFile([['Customer ID', 'Phone'], ['KH_01', 982596021], ['KH_02', 84382596021]])) }, [], 'preview');
    expect(r.customers).toEqual([]);
    expect(r.customersJson).toBeNull();
    expect(r.preview.first).toEqual([{ line: 2, id: 'KH_01', mobiles: ['0982596021'] }, { line: 3, id: 'KH_02', mobiles: ['0382596021'] }]);
  });

  it('names an .xlsx that is no workbook, and a sheet without the id column, as reasons', async () => {
    const d = decoder(WORKER);
    expect((await d.customerList({ xlsx: base64(new TextEncoder().encode('id,mobiles\nA,0982596021\n')) }, [], 'preview')).preview.fileError).toEqual({ code: 'not-xlsx' });
    expect((await d.customerList({ xlsx: base64(xlsxFile([['name', 'mobiles'], ['x', '0982596021']])) }, [], 'load')).preview.fileError)
      .toEqual({ code: 'no-columns', line: 1, missing: 'id', found: 'name, mobiles' });
  });

  it('reads the first sheet of a workbook of several, names every sheet with its rows, and reads the sheet picked', async () => {
    // A supervisor's workbook: a summary sheet first, then a list per month (headers as each export wrote them).
    const book = base64(
      xlsxWorkbook([
        { name: 'Tổng hợp', rows: [['Chiến dịch', 'Số khách'], ['Thu hồi nợ', 3]] },
        { name: 'Tháng 12', rows: [['Customer ID', 'Phone'], ['T12_1', 982596021], ['T12_2', '0912345678'], ['T12_3', 12345]] },
        { name: 'Tháng 1', rows: [['id', 'mobiles'], ['T1_1', '0987654321']] },
      ]),
    );
    const d = decoder(WORKER);
    const first = await d.customerList({ xlsx: book }, [], 'preview');
    expect(first.preview.sheets).toEqual([{ name: 'Tổng hợp', rows: 1 }, { name: 'Tháng 12', rows: 3 }, { name: 'Tháng 1', rows: 1 }]);
    expect(first.preview.sheet).toBe('Tổng hợp');
    expect(first.preview.fileError).toMatchObject({ code: 'no-columns', line: 1 });

    const dec = await d.customerList({ xlsx: book, sheet: 'Tháng 12' }, ['T12_2'], 'load');
    expect(dec.preview).toMatchObject({ sheet: 'Tháng 12', rows: 3, sendable: 1, refused: 1, dncCount: 1, fileError: null });
    expect(dec.preview.problems.map((p) => [p.line, p.id, p.reason.code])).toEqual([[4, 'T12_3', 'no-valid-number']]);
    expect(dec.customers).toEqual([{ id: 'T12_1', mobiles: ['0982596021'] }]);

    expect((await d.customerList({ xlsx: book, sheet: 'Tháng 1' }, [], 'preview')).preview.first).toEqual([{ line: 2, id: 'T1_1', mobiles: ['0987654321'] }]);
    // A sheet the workbook does not have (a file picked again): said, with the sheets it has.
    const gone = await d.customerList({ xlsx: book, sheet: 'Tháng 2' }, [], 'load');
    expect(gone.preview.fileError).toEqual({ code: 'no-sheet', sheet: 'Tháng 2' });
    expect(gone.preview.sheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Tháng 12', 'Tháng 1']);
    expect(gone.customers).toEqual([]);
    // A CSV has no sheets.
    expect((await d.customerList({ csv: 'id,mobiles\nA,0982596021\n' }, [], 'preview')).preview).toMatchObject({ sheets: [], sheet: null });
  });

  it('reads inline without a worker file, and falls back to inline when the worker cannot start', async () => {
    const csv = csvOf(rows(10));
    const inline = await decoder().customerList({ csv }, [], 'load');
    expect(inline.customers).toHaveLength(10);
    const broken = decoder(new URL('./no-such-worker.ts', import.meta.url));
    const fallen = await broken.customerList({ csv }, [], 'load');
    expect(fallen.customers).toEqual(inline.customers);
    expect(broken.mode).toBe('inline');
  });
});
