// The list parsed while it arrives (decode/row-splitter.ts) gives what JSON.parse of the whole text gives,
// wherever the chunks cut it (inside strings, escapes, keys, rows, the envelope), and gives up (null: the
// caller parses the whole text) on anything it does not follow or that is not JSON.
import { describe, expect, it } from 'vitest';
import { createRowSplitter } from '../../../main/core/decode/row-splitter';

/** Deterministic cut points (a small LCG), sizes 1..max. */
function cuts(text: string, seed: number, max: number): string[] {
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const size = 1 + (x % max);
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

function split(parts: string[]): unknown {
  const s = createRowSplitter();
  for (const p of parts) s.push(p);
  return s.end();
}

const row = (i: number) => ({
  user_uuid: `u-${i}`,
  first_name: i % 3 === 0 ? 'Nguyễn "Văn" \\ An' : 'Lê',
  status: i % 2 ? 'PAUSE' : 'RESUME',
  nested: { a: [1, 2, { b: '}]{[' }], c: null },
  tail: i % 5 === 0 ? 'ends with a backslash \\' : 'x',
  n: i * 1.5,
});

const bodies: Record<string, string> = {
  compact: JSON.stringify({ code: 200, data: Array.from({ length: 40 }, (_, i) => row(i)), total: 40 }),
  spaced: JSON.stringify({ status: 'ok', data: Array.from({ length: 25 }, (_, i) => row(i)), meta: { page: 1, list: [1, 2] } }, null, 2),
  'data first': `{"data":[${Array.from({ length: 10 }, (_, i) => JSON.stringify(row(i))).join(' ,\n ')}] , "x" : [ {"data": [1]} ]}`,
  empty: '{"data": [ ], "total": 0}',
  'escaped key': `{"d\\u0061ta": [${JSON.stringify(row(1))}]}`,
  'data in a nested object first': `{"meta": {"data": [1, 2]}, "data": [${JSON.stringify(row(2))}]}`,
  'a key named data as a value': `{"k": "data", "data": [${JSON.stringify(row(3))}]}`,
  'leading spaces': `  \n {"data":[${JSON.stringify(row(4))}]}  \n`,
};

describe('createRowSplitter', () => {
  for (const [name, text] of Object.entries(bodies)) {
    it(`gives JSON.parse's value, cut anywhere: ${name}`, () => {
      const whole = JSON.parse(text) as unknown;
      expect(split([text])).toEqual(whole);
      for (let seed = 1; seed <= 40; seed++) expect(split(cuts(text, seed, seed % 4 === 0 ? 3 : 97))).toEqual(whole);
      // One character at a time.
      expect(split([...text])).toEqual(whole);
    });
  }

  it('keeps the order of the keys, the list where it was', () => {
    const text = '{"a":1,"data":[{"x":1}],"z":2}';
    expect(Object.keys(split(cuts(text, 3, 5)) as object)).toEqual(['a', 'data', 'z']);
  });

  const refused: Record<string, string> = {
    'no data list': '{"rows": [{"a": 1}]}',
    'data null': '{"data": null}',
    'data an object': '{"data": {"a": [1]}}',
    'data twice': '{"data": [{"a": 1}], "data": [{"a": 2}]}',
    'a list at the top': '[{"a": 1}]',
    'rows not objects': '{"data": [1, 2]}',
    'a trailing comma': '{"data": [{"a": 1},]}',
    'a leading comma': '{"data": [,{"a": 1}]}',
    'two rows without a comma': '{"data": [{"a": 1}{"a": 2}]}',
    'a bad row': '{"data": [{"a": 1}, {"a": }]}',
    'a bad envelope': '{"data": [{"a": 1}], "b": tru}',
    'cut short': '{"data": [{"a": 1}',
    'text after the body': '{"data": [{"a": 1}]} x',
    'an unclosed string': '{"data": [{"a": "1}]}',
  };
  for (const [name, text] of Object.entries(refused)) {
    it(`gives up on ${name}`, () => {
      for (let seed = 1; seed <= 10; seed++) expect(split(cuts(text, seed, 4))).toBeNull();
      expect(split([text])).toBeNull();
    });
  }
});
