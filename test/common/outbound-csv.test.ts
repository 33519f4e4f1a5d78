// The call-list CSV mapped to seed 002's customers[]: RFC 4180 edge cases (BOM, quoted commas and line
// breaks), ";" exports from pt-BR / vi spreadsheets, several numbers in a cell, and a preview naming each
// failing row by file line and id.
import { describe, expect, it } from 'vitest';
import { parseDncList } from '../../common/outbound';
import { listReasonText, mapCustomerRows, normaliseMobile, parseCustomerList } from '../../common/outbound-csv';

describe('parseCustomerList', () => {
  it("maps the seed's autocall customer by header, numbers as numbers", () => {
    const csv = 'id,mobiles,contract_number,upcoming_due_date,upcoming_amount,due_date,dpd,number_of_ovd_inst,total_ovd_amount\n' +
      'TEL4VN_Test,0982596021,HD123456,2021-07-13,5000000,2021-07-13,5,6,3211100\n';
    const r = parseCustomerList(csv);
    expect(r.fileError).toBeNull();
    expect(r.problems).toEqual([]);
    expect(r.customers).toEqual([{
      id: 'TEL4VN_Test', mobiles: ['0982596021'], line: 2,
      fields: { contract_number: 'HD123456', upcoming_due_date: '2021-07-13', upcoming_amount: 5000000, due_date: '2021-07-13', dpd: 5, number_of_ovd_inst: 6, total_ovd_amount: 3211100 },
    }]);
  });

  it('BOM, CRLF, header case and aliases, quoted commas and a quoted line break keep line numbers true', () => {
    const csv = '\uFEFFCustomer ID,Phone,Contract Number,Note\r\n' +
      'A1,0982596021,"HD, 1",x\r\n' +
      'A2,"0382596021;\n0582596021","multi\nline",y\r\n' +
      'A3,12345,HD3,z\r\n';
    const r = parseCustomerList(csv);
    expect(r.delimiter).toBe(',');
    expect(r.ignoredColumns).toEqual(['Note']);
    expect(r.customers.map((c) => [c.id, c.line, c.mobiles])).toEqual([['A1', 2, ['0982596021']], ['A2', 3, ['0382596021', '0582596021']]]);
    expect(r.customers[0]!.fields).toEqual({ contract_number: 'HD, 1' });
    // A2 spans lines 3-5 (two quoted line breaks), so A3 starts on line 6.
    expect(r.problems).toEqual([{ line: 6, id: 'A3', severity: 'error', reason: { code: 'no-valid-number', numbers: '12345' } }]);
  });

  it('reads a ";" export from a pt-BR / vi spreadsheet: decimal commas, day-first dates, numbers Excel mangled', () => {
    const csv = 'id;mobiles;upcoming_amount;due_date;dpd\n' +
      'KH_01;"0982596021;+84 382 596 021";5.000.000,50;13/07/2021;5\n' +
      'KH_02;982596022;1.200;1/8/2021;0\n';
    const r = parseCustomerList(csv);
    expect(r.delimiter).toBe(';');
    expect(r.problems).toEqual([]);
    expect(r.customers[0]).toMatchObject({ id: 'KH_01', mobiles: ['0982596021', '0382596021'], fields: { upcoming_amount: 5000000.5, due_date: '2021-07-13', dpd: 5 } });
    expect(r.customers[1]).toMatchObject({ id: 'KH_02', mobiles: ['0982596022'], fields: { upcoming_amount: 1200, due_date: '2021-08-01', dpd: 0 } });
  });

  it('names duplicates, missing ids and numbers, bad fields; warns on dropped and shared numbers', () => {
    const csv = ['id,mobiles,dpd,due_date', 'A,0982596021,1', 'B,"0982596021;0123",2', 'A,0382596021,3', ',0382596022,4', 'C,,5', 'D,0382596023,five', '', 'E,0382596024,', 'F G,0382596025,1', 'H,0382596026,1,31.12.2026'].join('\n');
    const r = parseCustomerList(csv);
    expect(r.rows).toBe(9);
    expect(r.customers.map((c) => c.id)).toEqual(['A', 'B', 'E']);
    expect(r.problems).toEqual([
      { line: 3, id: 'B', severity: 'warning', reason: { code: 'numbers-left-out', numbers: '0123', count: 1 } },
      { line: 3, id: 'B', severity: 'warning', reason: { code: 'shared-number', number: '0982596021', id: 'A', line: 2 } },
      { line: 4, id: 'A', severity: 'error', reason: { code: 'duplicate-id', line: 2 } },
      { line: 5, id: '', severity: 'error', reason: { code: 'no-id' } },
      { line: 6, id: 'C', severity: 'error', reason: { code: 'no-number' } },
      { line: 7, id: 'D', severity: 'error', reason: { code: 'not-a-number', field: 'dpd', value: 'five' } },
      { line: 10, id: 'F G', severity: 'error', reason: { code: 'bad-id' } },
      { line: 11, id: 'H', severity: 'error', reason: { code: 'not-a-date', field: 'due_date', value: '31.12.2026' } },
    ]);
    // The core's own words for each (its errors and log); the renderer words them in three languages.
    expect(r.problems.map((p) => listReasonText(p.reason))).toEqual([
      'invalid number left out: 0123',
      "number 0982596021 is also customer A's (line 2)",
      'the id is already on line 2',
      'no id',
      'no phone number',
      'dpd is not a number ("five")',
      'the id has characters the PBX does not take (letters, digits and _ . : @ - only)',
      'due_date is not a date ("31.12.2026"): use YYYY-MM-DD or DD/MM/YYYY',
    ]);
  });

  it('refuses a file without id or number columns, an open quote, or nothing at all', () => {
    const noId = parseCustomerList('name,phone\nx,0982596021').fileError!;
    expect(noId).toEqual({ code: 'no-columns', line: 1, missing: 'id', found: 'name, phone' });
    expect(listReasonText(noId)).toBe('line 1: the header has no column for id (found: name, phone)');
    const open = parseCustomerList('id,mobiles\nA,0982596021\nB,"0982596022\n');
    expect(open.fileError).toEqual({ code: 'open-quote', line: 3 });
    expect(open.customers).toEqual([]);
    expect(parseCustomerList('id,mobiles\nA,"0982596021"x\n').fileError).toEqual({ code: 'text-after-quote', line: 2 });
    expect(parseCustomerList('\uFEFF\n\n').fileError).toEqual({ code: 'empty' });
  });

  it('1,000 rows with 3 bad ones: 997 to send', () => {
    const lines = ['id,mobiles'];
    for (let i = 0; i < 1000; i++) lines.push(`C${i},09${String(i).padStart(8, '0')}`);
    lines[101] = 'C100,123';
    lines[501] = 'C499,0982596021';
    lines[901] = ',0982596021';
    const r = parseCustomerList(lines.join('\n'));
    expect(r.customers).toHaveLength(997);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.line)).toEqual([102, 502, 902]);
  });
});

describe("a spreadsheet's rows (mapCustomerRows)", () => {
  it('maps by header like a CSV, names rows by the sheet\'s numbers, numbers with a decimal point', () => {
    const r = mapCustomerRows([
      { line: 1, cells: ['Customer ID', 'Phone', 'upcoming_amount', 'Note'] },
      { line: 2, cells: ['KH_01', '982596021', '1500000.5', 'x'] },
      { line: 3, cells: ['', '', '', ''] },
      { line: 4, cells: ['KH_02', '', '', ''] },
    ]);
    expect(r.delimiter).toBe('xlsx');
    expect(r.ignoredColumns).toEqual(['Note']);
    expect(r.customers).toEqual([{ id: 'KH_01', mobiles: ['0982596021'], fields: { upcoming_amount: 1500000.5 }, line: 2 }]);
    expect(r.problems).toEqual([{ line: 4, id: 'KH_02', severity: 'error', reason: { code: 'no-number' } }]);
    expect(mapCustomerRows([]).fileError).toEqual({ code: 'empty' });
  });
});

describe('numbers', () => {
  it('normalises to the seed pattern or refuses', () => {
    expect(normaliseMobile('098-259-6021')).toBe('0982596021');
    expect(normaliseMobile('84982596021')).toBe('0982596021');
    expect(normaliseMobile('8498259602')).toBe('8498259602');
    expect(normaliseMobile('0182596021')).toBeNull();
    expect(normaliseMobile('')).toBeNull();
  });
});

describe('a do-not-call file (parseDncList)', () => {
  it('reads one id a line, or a CSV by its id / customer_id column (either separator), skipping blanks, repeats and the header', () => {
    expect(parseDncList('KH_01\n\nKH_02\r\nKH_01\n')).toEqual({ ids: ['KH_01', 'KH_02'], bad: [] });
    expect(parseDncList('\uFEFFname;customer_id\nAn;KH_03\nBinh;"KH_04"\n')).toEqual({ ids: ['KH_03', 'KH_04'], bad: [] });
    expect(parseDncList('id,name\nKH 05,x\nKH_06,y')).toEqual({ ids: ['KH_06'], bad: [{ line: 2, text: 'KH 05,x' }] });
  });
});
