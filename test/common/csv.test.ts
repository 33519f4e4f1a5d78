// The one CSV writer: a BOM for spreadsheets, RFC 4180 quoting read back by papaparse, formulas defused,
// numbers kept as numbers, file names safe.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, csvFileName, toCsv } from '../../common/csv';

const read = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

describe('toCsv', () => {
  it('writes what papaparse reads back, names with commas, quotes and line breaks included', () => {
    const text = toCsv(['name', 'n'], [['Nguyễn, "Bé"\nAn', 3], ['Ana Lima', -2]]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.includes('\r\n')).toBe(true);
    expect(read(text)).toEqual([['name', 'n'], ['Nguyễn, "Bé"\nAn', '3'], ['Ana Lima', '-2']]);
  });

  it('defuses cells a spreadsheet would run as a formula, but not numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(csvCell('+84901')).toBe("'+84901");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-5)).toBe(-5);
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('names files safely', () => {
    expect(csvFileName('floorwatch-calls-2026-12-01-2026-12-06')).toBe('floorwatch-calls-2026-12-01-2026-12-06.csv');
    expect(csvFileName('../x y/z')).toBe('x-y-z.csv');
  });
});
