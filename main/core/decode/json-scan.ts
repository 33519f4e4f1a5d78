// JSON structure read from the bytes, without decoding them: where whitespace, a string or a whole value
// ends. Enough to find a list's elements in a body as it arrives (row-match.ts); it checks no more than
// that, so every piece it finds is still parsed (or byte-equal to one parsed before) before it is trusted.
// For valid JSON its boundaries are exact: strings (and their escapes) are skipped whole, so no bracket
// inside one is counted, and UTF-8 bytes of other characters never equal an ASCII one.

/** The bytes so far end inside the value: wait for more. */
export const MORE = -1;
/** Not a value this scanner follows (the caller falls back to parsing the whole body). */
export const BAD = -2;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** JSON's four whitespace bytes (anything else between tokens is not JSON). */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The first byte at or after `p` that is not whitespace (`end` when none). */
export function skipSpace(b: Uint8Array, p: number, end: number): number {
  while (p < end && isSpace(b[p] as number)) p++;
  return p;
}

/** The index after the string whose opening quote is at `p`, or MORE. */
export function stringEnd(b: Uint8Array, p: number, end: number): number {
  p++;
  while (p < end) {
    const c = b[p++] as number;
    if (c === QUOTE) return p;
    if (c === BACKSLASH) p++;
  }
  return MORE;
}

/** Whether the string in [start, stop) (quotes included) has an escape: its bytes are then not its text. */
export function hasEscape(b: Uint8Array, start: number, stop: number): boolean {
  for (let i = start; i < stop; i++) if (b[i] === BACKSLASH) return true;
  return false;
}

/**
 * The index after the value that starts at `p` (its first byte, not whitespace), MORE when the bytes so far
 * end inside it, BAD for a byte no value can start or go on with. Objects and lists end at their matching
 * bracket; a number or a literal at the next delimiter.
 */
export function valueEnd(b: Uint8Array, p: number, end: number): number {
  const first = b[p] as number;
  if (first === QUOTE) return stringEnd(b, p, end);
  if (first === OPEN_OBJECT || first === OPEN_LIST) {
    let depth = 0;
    while (p < end) {
      const c = b[p++] as number;
      if (c === QUOTE) {
        // The string's body, inline (the loop the scanner spends its time in).
        for (;;) {
          if (p >= end) return MORE;
          const s = b[p++] as number;
          if (s === QUOTE) break;
          if (s === BACKSLASH) p++;
        }
      } else if (c === OPEN_OBJECT || c === OPEN_LIST) depth++;
      else if ((c === CLOSE_OBJECT || c === CLOSE_LIST) && --depth === 0) return p;
    }
    return MORE;
  }
  if (first === CLOSE_OBJECT || first === CLOSE_LIST || first === COMMA || first === COLON) return BAD;
  while (p < end) {
    const c = b[p] as number;
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_LIST || isSpace(c)) return p;
    if (c === QUOTE || c === OPEN_OBJECT || c === OPEN_LIST || c === COLON) return BAD;
    p++;
  }
  return MORE;
}
