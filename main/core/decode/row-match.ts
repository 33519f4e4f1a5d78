// A list answer's rows matched by their bytes against the stream's last good body, while the bytes arrive
// and before anything is decoded: the decode job then decodes, parses and reads only the rows that match
// none of the last body's (decode-jobs.ts). At 10,000 agents and 1 % of rows changing a second, that is
// about a hundred rows of nine thousand.
//
// The body must be a JSON object whose list key (`data`) holds an array of objects; the scanner walks the
// object's keys and values to that array (json-scan.ts), then, at each element's start, compares the bytes
// there with the last body's next element (and the one after it, for a row changed in place) natively
// (Buffer.compare), taking a whole run of equal rows at once by doubling its length, so an unchanged stretch
// costs a few compares, not one per row. An element that matches neither is scanned to its end and looked up
// among all the last body's elements by a hash of a sample of its bytes (a moved row; the bytes are compared
// before it is taken), else it is new or changed. Insertions, removals and moves cost a scan of the rows
// involved, never a parse of an unchanged row. Anything else (not an object, no list, a list key written
// with an escape or twice, an element that is not an object, bytes after the end) gives up, and the job
// reads the body whole as it always did. Equal bytes are an equal row: an object ends at its own closing
// brace, so a run of bytes equal to a parsed row is that row, whatever follows it.
import { BAD, MORE, hasEscape, skipSpace, stringEnd, valueEnd } from './json-scan';

/** The last good body of a stream, cut into its list's elements, each with its result as read. */
export interface RowCache<T> {
  /** The params the rows were read with (the same bytes read with another zone may give another row). */
  params: string;
  body: Buffer;
  /** Element i is body[starts[i], ends[i]), hashes[i] the hash of its bytes (hashOf), rows[i] its result. */
  starts: Int32Array;
  ends: Int32Array;
  hashes: Int32Array;
  rows: T[];
}

/** An answer's list: where it sits, and each element's bytes and the last body's element it equals. */
export interface RowMatch {
  /** The list's `[` and the index after its `]`: the rest of the body is the envelope. */
  listStart: number;
  listEnd: number;
  starts: Int32Array;
  ends: Int32Array;
  hashes: Int32Array;
  /** The last body's element with the same bytes, or -1: a row to parse and read. */
  from: Int32Array;
  /** How many elements are -1 in `from`. */
  fresh: number;
}

export interface RowMatcher {
  /** Match as far as the bytes [0, length) allow; false once the body has a shape it does not follow. */
  feed(body: Buffer, length: number): boolean;
  /** Once every byte is fed: the list's match, or null (it gave up, or the body ended before its end). */
  result(length: number): RowMatch | null;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;

/** Where the scanner is in the body (numbers, so the loop's switch stays cheap). */
const START = 0;
const FIRST_KEY = 1;
const KEY = 2;
const COLON_NEXT = 3;
const VALUE = 4;
const AFTER_VALUE = 5;
const FIRST_ELEMENT = 6;
const ELEMENT = 7;
const AFTER_ELEMENT = 8;
/** After the body's closing brace: only whitespace may follow. */
const TAIL = 9;
const GAVE_UP = 10;

const NONE = new Int32Array(0);

/** The last rows tried, past the expected one, by hash before the lookup among all of them. */
const LOOKAHEAD = 8;

/**
 * A hash of an element's bytes from a sample of them: its length, its first 64 bytes (where a row's first
 * id usually is), about 32 bytes spread over the rest and its last 16. A collision only costs a compare.
 */
export function hashOf(b: Uint8Array, s: number, e: number): number {
  let h = (e - s) ^ 0x811c9dc5;
  const head = Math.min(e, s + 64);
  for (let i = s; i < head; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  const step = ((e - s) >>> 5) || 1;
  for (let i = head; i < e; i += step) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  for (let i = Math.max(head, e - 16); i < e; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  return h;
}

/** Indexes 0 .. hashes.length - 1 placed by hash in an open-addressing table (see findOld). */
function tableOf(hashes: Int32Array): Int32Array {
  let size = 16;
  while (size < hashes.length * 2) size *= 2;
  const table = new Int32Array(size).fill(-1);
  const mask = size - 1;
  for (let j = 0; j < hashes.length; j++) {
    let slot = (hashes[j] as number) & mask;
    while ((table[slot] as number) >= 0) slot = (slot + 1) & mask;
    table[slot] = j;
  }
  return table;
}

export function createRowMatcher(old: RowCache<unknown> | null, listKey: string): RowMatcher {
  const key = Buffer.from(listKey, 'utf8');
  const oldBody = old?.body ?? Buffer.alloc(0);
  const oldStart = old?.starts ?? NONE;
  const oldEnd = old?.ends ?? NONE;
  const oldHash = old?.hashes ?? NONE;
  const oldCount = oldStart.length;
  let at = START;
  /** Where the scanner resumes: every byte before it is matched. */
  let p = 0;
  /** The last body's element expected next (the one after the last taken). */
  let k = 0;
  let isList = false;
  let sawList = false;
  let listStart = -1;
  let listEnd = -1;
  // The answer's elements, in typed arrays sized for the last body's count and doubled when full: as arrays
  // of numbers (grown by push) they were most of the decode worker's garbage and of what its young
  // collections copied, about a megabyte an answer at 10,000 agents, and a collection every answer or two.
  let size = Math.max(64, oldCount + (oldCount >> 4));
  let starts = new Int32Array(size);
  let ends = new Int32Array(size);
  let hashes = new Int32Array(size);
  let from = new Int32Array(size);
  /** Elements so far. */
  let n = 0;
  let fresh = 0;
  const grown = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
    const b = new Int32Array(size);
    b.set(a);
    return b;
  };
  const push = (start: number, end: number, hash: number, origin: number): void => {
    if (n === size) {
      size *= 2;
      starts = grown(starts);
      ends = grown(ends);
      hashes = grown(hashes);
      from = grown(from);
    }
    starts[n] = start;
    ends[n] = end;
    hashes[n] = hash;
    from[n] = origin;
    n++;
  };
  /**
   * The last body's elements by hash, built when first needed: an open-addressing table of element indexes
   * (-1: empty), twice their number or more, probed linearly (a Map of 10,000 int32 keys cost a millisecond).
   */
  let byHash: Int32Array | null = null;

  /** body[s, s + n) equals the last body's [os, os + n). */
  const equal = (b: Buffer, s: number, os: number, n: number): boolean => oldBody.compare(b, s, s + n, os, os + n) === 0;

  /** Old element c's bytes are at p, whole: take it and every following one whose bytes follow too. */
  function takeRun(b: Buffer, length: number, c: number): void {
    const shift = p - (oldStart[c] as number);
    // Elements c .. c + good - 1 are equal, with the bytes between them; try twice as many each time.
    let good = 1;
    let step = 1;
    for (;;) {
      const top = Math.min(good + step, oldCount - c);
      if (top <= good) break;
      const a = oldEnd[c + good - 1] as number;
      const z = oldEnd[c + top - 1] as number;
      if (z + shift > length) {
        // Past the bytes so far: go on one element at a time, then wait for more.
        if (step === 1) break;
        step = 1;
        continue;
      }
      if (equal(b, a + shift, a, z - a)) {
        good = top;
        step *= 2;
        continue;
      }
      // The first difference is within elements good .. top - 1: halve.
      let lo = good;
      let hi = top;
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        const x = oldEnd[c + lo - 1] as number;
        const y = oldEnd[c + mid - 1] as number;
        if (equal(b, x + shift, x, y - x)) lo = mid;
        else hi = mid;
      }
      good = lo;
      break;
    }
    for (let i = c; i < c + good; i++) push((oldStart[i] as number) + shift, (oldEnd[i] as number) + shift, oldHash[i] as number, i);
    p = (oldEnd[c + good - 1] as number) + shift;
    k = c + good;
  }

  /** The last body's element whose bytes equal body[s, e), or -1. */
  function findOld(b: Buffer, s: number, e: number, h: number): number {
    const n = e - s;
    const stop = Math.min(oldCount, k + LOOKAHEAD);
    for (let j = k; j < stop; j++) {
      if (oldHash[j] === h && (oldEnd[j] as number) - (oldStart[j] as number) === n && equal(b, s, oldStart[j] as number, n)) return j;
    }
    if (oldCount === 0) return -1;
    if (byHash === null) byHash = tableOf(oldHash);
    const mask = byHash.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const j = byHash[slot] as number;
      if (j < 0) return -1;
      if (oldHash[j] === h && (oldEnd[j] as number) - (oldStart[j] as number) === n && equal(b, s, oldStart[j] as number, n)) return j;
    }
  }

  /** The element at p (its `{`): 1 taken, 0 wait for more bytes, -1 give up. */
  function element(b: Buffer, length: number): number {
    // The expected element, or the one after it (the expected one changed in place).
    for (let c = k; c < k + 2 && c < oldCount; c++) {
      const n = (oldEnd[c] as number) - (oldStart[c] as number);
      if (p + n <= length) {
        if (equal(b, p, oldStart[c] as number, n)) {
          takeRun(b, length, c);
          return 1;
        }
      } else if (equal(b, p, oldStart[c] as number, length - p)) return 0;
    }
    const e = valueEnd(b, p, length);
    if (e === MORE) return 0;
    if (e === BAD) return -1;
    const h = hashOf(b, p, e);
    const j = findOld(b, p, e, h);
    push(p, e, h, j);
    if (j >= 0) k = j + 1;
    else fresh++;
    p = e;
    return 1;
  }

  function feed(b: Buffer, length: number): boolean {
    for (;;) {
      if (at === GAVE_UP) return false;
      if (at === START && p === 0 && b[0] === 0xef) {
        // A byte order mark (a PBX behind IIS may send one): the decoder drops it, and so does the scanner.
        if (length < 3) return true;
        if (b[1] !== 0xbb || b[2] !== 0xbf) return giveUp();
        p = 3;
      }
      p = skipSpace(b, p, length);
      if (p >= length) return true;
      const c = b[p] as number;
      switch (at) {
        case START:
          if (c !== OPEN_OBJECT) return giveUp();
          p++;
          at = FIRST_KEY;
          break;
        case FIRST_KEY:
        case KEY: {
          // An object without the list (`{}`) is for the whole body's reading to name.
          if (c !== QUOTE) return giveUp();
          const e = stringEnd(b, p, length);
          if (e === MORE) return true;
          // A key written with an escape may be the list's key in other bytes: the whole body decides.
          if (hasEscape(b, p, e)) return giveUp();
          isList = e - p - 2 === key.length && key.compare(b, p + 1, e - 1) === 0;
          // A second list key: JSON.parse keeps the last one; the whole body decides.
          if (isList && sawList) return giveUp();
          p = e;
          at = COLON_NEXT;
          break;
        }
        case COLON_NEXT:
          if (c !== COLON) return giveUp();
          p++;
          at = VALUE;
          break;
        case VALUE:
          if (isList) {
            // `null`, or anything but a list, is for the whole body's reading (and its failure check).
            if (c !== OPEN_LIST) return giveUp();
            sawList = true;
            listStart = p;
            p++;
            at = FIRST_ELEMENT;
          } else {
            const e = valueEnd(b, p, length);
            if (e === MORE) return true;
            if (e === BAD) return giveUp();
            p = e;
            at = AFTER_VALUE;
          }
          break;
        case AFTER_VALUE:
          if (c === COMMA) at = KEY;
          else if (c === CLOSE_OBJECT) at = TAIL;
          else return giveUp();
          p++;
          break;
        case FIRST_ELEMENT:
          if (c === CLOSE_LIST) {
            p++;
            listEnd = p;
            at = AFTER_VALUE;
          } else at = ELEMENT;
          break;
        case ELEMENT: {
          if (c !== OPEN_OBJECT) return giveUp();
          const r = element(b, length);
          if (r === 0) return true;
          if (r < 0) return giveUp();
          at = AFTER_ELEMENT;
          break;
        }
        case AFTER_ELEMENT:
          if (c === COMMA) at = ELEMENT;
          else if (c === CLOSE_LIST) {
            listEnd = p + 1;
            at = AFTER_VALUE;
          } else return giveUp();
          p++;
          break;
        case TAIL:
          return giveUp();
      }
    }
  }

  function giveUp(): boolean {
    at = GAVE_UP;
    return false;
  }

  return {
    feed,
    result(length) {
      if (at !== TAIL || p < length || !sawList) return null;
      return { listStart, listEnd, starts: starts.subarray(0, n), ends: ends.subarray(0, n), hashes: hashes.subarray(0, n), from: from.subarray(0, n), fresh };
    },
  };
}
