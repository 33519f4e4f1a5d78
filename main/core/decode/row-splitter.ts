// A list answer's JSON parsed while it arrives: the decoded text of each chunk is scanned for the rows of the
// body's `data` list (a TEL4VN list answer is `{ ..., "data": [ {row}, {row}, ... ], ... }`), and the rows
// that are complete are parsed at once, a chunk's worth in one JSON.parse. By the last byte only the last
// chunk's rows and the few bytes around the list (the envelope, parsed with `null` in the list's place) are
// left, so the parse no longer waits for the whole body.
//
// The result is the value JSON.parse of the whole text gives, or nothing: anything this scanner does not
// follow (no object at the top, no `data` list of objects, `data` twice, text that does not parse) makes
// `end()` answer null and the caller parses the whole text as before, so a bad body fails with the same
// error and an odd but valid one reads the same.
//
// The scan steps over the inside of strings with indexOf (most of a body is strings), counting the
// backslashes before a quote; structure outside strings is read a character at a time.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export interface RowSplitter {
  /** The next decoded text of the body. */
  push(text: string): void;
  /** The whole body's value once its last text is in, or null: parse the whole text instead. */
  end(): unknown;
}

type Phase = 'envelope' | 'list' | 'after' | 'off';

export function createRowSplitter(): RowSplitter {
  let phase: Phase = 'envelope';
  /** Nesting outside strings: 1 inside the top object, 2 inside its list, 3 inside a row. */
  let depth = 0;
  let inString = false;
  /** The text ended on an odd run of backslashes inside a string: its first character is escaped. */
  let escaped = false;
  /** The envelope's text so far, with `null` where the list was. */
  const envelope: string[] = [];
  /** A key of the top object being read (its raw text), the last one read, and whether its colon followed. */
  let keyParts: string[] | null = null;
  let lastKey: string | null = null;
  let afterColon = false;
  let dataKeys = 0;
  /** In the list: what may come next outside a row. */
  let expect: 'row-or-end' | 'comma-or-end' | 'row' = 'row-or-end';
  /** The list's text from the first row not parsed yet, up to the end of the last text (a row cut by a chunk). */
  let carry = '';
  const rows: unknown[] = [];

  /** Index of the quote that ends the string going on at `i`, or -1 when the text ends first (state kept). */
  function stringEnd(t: string, i: number): number {
    let from = i;
    if (escaped) {
      escaped = false;
      from++;
    }
    for (;;) {
      const q = t.indexOf('"', from);
      if (q < 0) {
        let n = 0;
        for (let k = t.length - 1; k >= from && t.charCodeAt(k) === BACKSLASH; k--) n++;
        escaped = n % 2 === 1;
        return -1;
      }
      let n = 0;
      for (let k = q - 1; k >= from && t.charCodeAt(k) === BACKSLASH; k--) n++;
      if (n % 2 === 0) return q;
      from = q + 1;
    }
  }

  function keyOf(raw: string): string | null {
    if (raw.indexOf('\\') < 0) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return null;
    }
  }

  /** parseRows may have given up (a closure TypeScript does not follow). */
  const gaveUp = (): boolean => phase === 'off';

  /** Parse the rows of `text` (whole rows with the commas between them), or give up on splitting. */
  function parseRows(text: string): void {
    try {
      const parsed = JSON.parse(`[${text}]`) as unknown[];
      for (let k = 0; k < parsed.length; k++) rows.push(parsed[k]);
    } catch {
      phase = 'off';
    }
  }

  function push(t: string): void {
    if (phase === 'off') return;
    let i = 0;
    /** Where the envelope's text begins in `t`. */
    let segment = 0;
    /** In the list: where the first row that began in `t` starts (-1: none), where the open row began, the end of the last whole row. */
    let firstStart = -1;
    let rowStart = -1;
    let lastEnd = -1;
    /** The whole rows of `t` so far (with the carried start of the first), parsed in one go. */
    const wholeRows = (): string => (carry !== '' ? carry + t.slice(0, lastEnd) : t.slice(firstStart, lastEnd));
    const n = t.length;
    while (i < n) {
      if (inString) {
        const q = stringEnd(t, i);
        if (q < 0) {
          if (keyParts) keyParts.push(t.slice(i));
          break;
        }
        if (keyParts) {
          keyParts.push(t.slice(i, q));
          lastKey = keyOf(keyParts.join(''));
          keyParts = null;
          afterColon = false;
        }
        inString = false;
        i = q + 1;
        continue;
      }
      const c = t.charCodeAt(i);
      if (phase === 'list' && depth === 2) {
        // Between rows: only spaces, one comma between two rows, a row, or the list's end.
        if (isSpace(c)) {
          i++;
        } else if (c === OPEN_OBJECT && expect !== 'comma-or-end') {
          rowStart = i;
          if (firstStart < 0 && carry === '') firstStart = i;
          depth = 3;
          expect = 'comma-or-end';
          i++;
        } else if (c === COMMA && expect === 'comma-or-end') {
          expect = 'row';
          i++;
        } else if (c === CLOSE_LIST && expect !== 'row') {
          if (lastEnd >= 0) parseRows(wholeRows());
          carry = '';
          if (gaveUp()) return;
          phase = 'after';
          depth = 1;
          envelope.push('null');
          segment = i + 1;
          i++;
        } else {
          phase = 'off';
          return;
        }
        continue;
      }
      if (c === QUOTE) {
        inString = true;
        if (phase !== 'list' && depth === 1) keyParts = [];
      } else if (c === OPEN_OBJECT) {
        depth++;
      } else if (c === CLOSE_OBJECT) {
        depth--;
        // A row is whole.
        if (phase === 'list' && depth === 2) lastEnd = i + 1;
      } else if (c === OPEN_LIST) {
        if (phase === 'envelope' && depth === 1 && afterColon && lastKey === 'data') {
          envelope.push(t.slice(segment, i));
          phase = 'list';
          expect = 'row-or-end';
        }
        depth++;
      } else if (c === CLOSE_LIST) {
        depth--;
      } else if (phase !== 'list' && depth === 1) {
        // The top object's keys, before and after the list (a second `data` means no split).
        if (c === COLON) {
          afterColon = true;
          if (lastKey === 'data') dataKeys++;
        } else if (c === COMMA) {
          lastKey = null;
          afterColon = false;
        }
      }
      if (depth < 0) {
        phase = 'off';
        return;
      }
      i++;
    }
    if (phase === 'envelope' || phase === 'after') {
      envelope.push(t.slice(segment));
      return;
    }
    // In the list: parse the rows that are whole, and carry the row this text cut (if any).
    if (lastEnd >= 0) {
      parseRows(wholeRows());
      if (gaveUp()) return;
      carry = depth >= 3 && rowStart >= lastEnd ? t.slice(rowStart) : '';
    } else if (depth >= 3) {
      carry = carry !== '' ? carry + t : t.slice(rowStart);
    }
  }

  return {
    push,
    end() {
      if (phase !== 'after' || depth !== 0 || inString || dataKeys !== 1) return null;
      let body: unknown;
      try {
        body = JSON.parse(envelope.join(''));
      } catch {
        return null;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body) || (body as { data?: unknown }).data !== null) return null;
      (body as { data: unknown[] }).data = rows;
      return body;
    },
  };
}
