// One decode job: the bytes of a list answer -> the checked domain rows -> the rows that changed since this
// stream's last answer. Runs inside the decode worker (or inline, where no worker can be started); the
// messages are plain data so they cross the thread boundary by structured clone, and the body's chunks come
// through a ring of shared memory (byte-ring.ts), or transferred when it is full.
//
// A job is fed while its bytes arrive (begin, chunk..., end). Its rows are matched by their bytes against
// the stream's last good body as they come (row-match.ts), so only the rows whose bytes changed are decoded,
// parsed and read, and the rows of the others are the very objects of the last answer (the diff passes them
// by identity). The envelope around the list is parsed alone, with an empty list in its place, so a failure
// marker decides as in a whole body. A body the matcher does not follow (not an object with the list, an
// element that does not parse, ...) is decoded and parsed whole, as the bytes arrive from the point it gave
// up: the same answer either way. A body whose bytes equal the last good one is not looked at again.
// Answers of one stream may overlap (a poll begun while an earlier answer is still being finished): a job
// keeps the body and rows it began with, and a body buffer goes to a next answer only once no job reads it.
import { TextDecoder } from 'node:util';
import { failureInBody } from '../http/http-errors';
import { FieldError, isObject } from '../http/json-fields';
import type { RowChanges } from '../../../common/domain';
import { createRowIndex, type RowIndex } from '../picture/diff-rows';
import { LIST_READERS, readList, type ListKind, type ListParams, type ListReader, type ListRow } from './list-readers';
import { createRingReader, type RingReader, type RingSpan } from './byte-ring';
import { createRowMatcher, type RowCache, type RowMatch, type RowMatcher } from './row-match';

interface BeginJob {
  type: 'begin';
  /** Matches the reply to its job. */
  job: number;
  /** One stream per polled list: the rows it last saw are kept per stream. */
  stream: number;
  kind: ListKind;
  params: ListParams;
}

/**
 * The next pieces of the body, as they arrived (several a message, list-decoder.ts): where they are in the
 * ring, or the bytes themselves (transferred) when the ring had no room.
 */
interface ChunkOf {
  type: 'chunk';
  job: number;
  parts: (Uint8Array | RingSpan)[];
}

/** The ring the worker's chunks come through (byte-ring.ts), sent once before any chunk. */
interface UseRing {
  type: 'ring';
  buffer: SharedArrayBuffer;
}

/** The last byte has arrived: finish the job and reply. */
interface EndJob {
  type: 'end';
  job: number;
  /**
   * When the last byte reached the main thread (performance.timeOrigin + performance.now(), a clock both
   * threads share): chunks still waiting here then are decoded after it, and count in tailDecodeMs.
   */
  lastByteAt?: number;
}

/** The answer will not be finished (the request failed or was aborted mid-body): forget the job. */
interface DropJob {
  type: 'drop';
  job: number;
}

interface CloseStream {
  type: 'close';
  stream: number;
}

export type WorkerMessage = BeginJob | ChunkOf | EndJob | DropJob | CloseStream | UseRing;

/** The worker's first message: its entry ran and it listens. */
export interface WorkerReady {
  ready: true;
}

/** Time spent in each step of a job (ms), for the benchmark. */
export interface DecodeTimings {
  /** UTF-8 decoding in all: the changed rows and the envelope, or a whole body as it arrived. */
  decodeMs: number;
  /** UTF-8 decoding left after the last byte (the chunks still queued then, and the end). */
  tailDecodeMs: number;
  /** JSON.parse: of the changed rows and the envelope, or of a whole body. */
  parseMs: number;
  /** Checking and reading the rows parsed, and combining every row's result into the list. */
  readMs: number;
  diffMs: number;
  /** Matching the rows by their bytes with the last body's (row-match.ts), in all. */
  matchMs: number;
  /** The rows parsed and read (the others were the last body's, byte for byte). */
  rowsParsed: number;
  /** The body equalled the last good one: no decode, parse, read or diff. */
  unchanged: boolean;
}

/** Why a job gave no rows (a list's or a page's: record-pages.ts); the main thread turns it into a ConnectorError. */
export type DecodeFailure =
  | { job: number; ok: false; problem: 'not-json' }
  /** The answer reports a failure inside a 2xx (http-errors.ts failureInBody): `body` keeps its words, not its rows. */
  | { job: number; ok: false; problem: 'failed'; body: Record<string, unknown> }
  | { job: number; ok: false; problem: 'shape'; field: string; detail: string }
  | { job: number; ok: false; problem: 'internal'; detail: string };

export type DecodeReply = { job: number; ok: true; upsert: ListRow[]; remove: string[]; rows: number; timings: DecodeTimings } | DecodeFailure;

interface DecodeJobs {
  /** One message of the protocol above; `end` returns the job's reply. */
  handle(message: WorkerMessage): DecodeReply | null;
}

/** The keys a failure body says something in (http-errors.ts reads them); a failed list's rows stay here. */
const FAILURE_KEYS = ['code', 'status', 'error', 'content', 'message', 'meta', 'errors', 'success'];

export function failureWords(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FAILURE_KEYS) if (body[key] !== undefined) out[key] = body[key];
  return out;
}

interface StreamState {
  index: RowIndex<ListRow>;
  /** The last good body's bytes, to know an unchanged answer by its bytes. */
  lastBody: Buffer | null;
  /**
   * A body buffer the stream no longer keeps (the one before the last good body, or an answer's that was
   * not kept): a next answer's bytes go into it once no running job reads it. A new 5 MB buffer a second per
   * list gave each worker a full collection about every second (5-18 ms pauses at 10,000 agents), for the
   * external memory alone.
   */
  spare: Buffer | null;
  rows: number;
  /** The last good body cut into its rows, with their results: null after a body read whole. */
  cache: RowCache<ListRow> | null;
}

interface Job {
  stream: number;
  kind: ListKind;
  params: ListParams;
  /** The body so far, one growing buffer (kept to compare the next answer with). */
  body: Buffer;
  length: number;
  /**
   * The stream's last good body and its rows when the job began: what its bytes are compared and matched
   * with. Another job of the stream may settle before this one ends (a poll begun while an earlier answer
   * is still being finished), so the job keeps its own and never reads the stream's newer ones for them.
   */
  base: Buffer | null;
  cache: RowCache<ListRow> | null;
  /** Every byte so far equals `base`: nothing looked at yet. */
  same: boolean;
  /** Matching the rows by their bytes; null once it gave up: the body is then decoded whole as it comes. */
  matcher: RowMatcher | null;
  matchMs: number;
  decoder: TextDecoder;
  /** The bytes [0, decoded) went to `decoder`. */
  decoded: number;
  parts: string[];
  decodeMs: number;
  /** Each chunk's decoding: when it began (the shared clock) and how long it took. */
  slices: number[];
}

/** The params as one key: a row's result is kept for the same params only. */
const paramsKey = (p: ListParams): string => `${p.timezone}\u0000${p.ownExtension}`;

/** One decoder for the pieces decoded apart (decode without `stream` keeps no state between calls). */
const pieces = new TextDecoder('utf-8');

/** Now on a clock the main thread and the workers share. */
const clock = (): number => performance.timeOrigin + performance.now();

export function createDecodeJobs(): DecodeJobs {
  const streams = new Map<number, StreamState>();
  const jobs = new Map<number, Job>();
  let ring: RingReader | null = null;

  const readerOf = (kind: ListKind): ListReader<ListRow> => LIST_READERS[kind] as unknown as ListReader<ListRow>;

  const stateOf = (stream: number, kind: ListKind): StreamState => {
    let state = streams.get(stream);
    if (!state) {
      // One reader per kind; the stream only ever sees rows of its own kind.
      state = { index: createRowIndex<ListRow>(readerOf(kind).equals), lastBody: null, spare: null, rows: 0, cache: null };
      streams.set(stream, state);
    }
    return state;
  };

  /**
   * Whether a running job still compares and matches with `buffer` (its `base`: a body the stream has since
   * let go of). A running job's own body is never a spare: it was taken out of the spare, or made new.
   */
  const read = (buffer: ArrayBufferLike): boolean => {
    for (const job of jobs.values()) if (job.base?.buffer === buffer) return true;
    return false;
  };

  /** Keep a body buffer the stream no longer holds for its next answer (the larger of two). */
  const release = (state: StreamState, buffer: Buffer): void => {
    if (buffer.buffer === state.lastBody?.buffer) return;
    if (!state.spare || buffer.byteLength > state.spare.byteLength) state.spare = buffer;
  };

  /**
   * A buffer for the stream's next answer: its spare when that holds the last answer and no running job
   * still reads it (the margin it was made with covers a floor that grew a little; a body past it grows as
   * any does), else one with room for about the last body's size at once (a 5 MB body grown by doubling was
   * copied twice over).
   */
  const bodyFor = (state: StreamState): Buffer => {
    const last = state.lastBody?.byteLength ?? 0;
    const spare = state.spare;
    if (spare && last > 0 && spare.byteLength >= last && !read(spare.buffer)) {
      state.spare = null;
      return spare;
    }
    return Buffer.allocUnsafeSlow(last > 0 ? last + (last >>> 4) + 65536 : 0);
  };

  /** Decode `bytes` into the job's text (streaming: a character split across chunks waits for the rest). */
  const decodeInto = (job: Job, bytes: Uint8Array): void => {
    const t = performance.now();
    // The default decoder drops a leading BOM (a PBX behind IIS may send one): JSON.parse rejects it.
    job.parts.push(job.decoder.decode(bytes, { stream: true }));
    const ms = performance.now() - t;
    job.decodeMs += ms;
    job.slices.push(performance.timeOrigin + t, ms);
  };

  /** The decoding of chunks done after `at` (the last byte on the main thread). */
  const decodedAfter = (job: Job, at: number | undefined): number => {
    if (at === undefined) return 0;
    let ms = 0;
    for (let i = 0; i < job.slices.length; i += 2) {
      const start = job.slices[i] as number;
      const end = start + (job.slices[i + 1] as number);
      if (end > at) ms += end - Math.max(start, at);
    }
    return ms;
  };

  /** Take the body's new bytes: match them, or (once the matcher gave up) decode them. */
  function advance(job: Job): void {
    if (job.matcher) {
      const t = performance.now();
      const going = job.matcher.feed(job.body, job.length);
      job.matchMs += performance.now() - t;
      if (going) return;
      job.matcher = null;
    }
    if (job.decoded < job.length) {
      decodeInto(job, job.body.subarray(job.decoded, job.length));
      job.decoded = job.length;
    }
  }

  function append(job: Job, bytes: Uint8Array): void {
    if (job.length + bytes.byteLength > job.body.byteLength) {
      const grown = Buffer.allocUnsafeSlow(Math.max(job.body.byteLength * 2, job.length + bytes.byteLength, 64 * 1024));
      job.body.copy(grown, 0, 0, job.length);
      job.body = grown;
    }
    const at = job.length;
    job.body.set(bytes, at);
    job.length += bytes.byteLength;
    if (job.same) {
      const last = job.base;
      if (last && at + bytes.byteLength <= last.byteLength && last.compare(job.body, at, job.length, at, job.length) === 0) return;
      // The first byte that differs: from here the bytes are looked at as they come.
      job.same = false;
    }
    advance(job);
  }

  const shapeOf = (id: number, e: unknown): DecodeFailure =>
    e instanceof FieldError
      ? { job: id, ok: false, problem: 'shape', field: e.field, detail: e.problem }
      : { job: id, ok: false, problem: 'internal', detail: (e as Error).message };

  /**
   * The change of a matched answer said by its match, without walking its rows, when no id is in the list
   * twice (then the reader's combine step keeps every row, in order): the rows taken from the last body are
   * the ones held, unchanged; the parsed ones are diffed; the ids of the last body's rows not taken are gone
   * unless a parsed row has them. The same change as the index's apply(), the removals in another order.
   * Null when an id may be twice (the last list had one twice, a row was taken twice, a parsed row has the id
   * of a row taken or of another parsed row): the reader combines and the index walks the list.
   */
  function changeOfMatch(state: StreamState, old: RowCache<ListRow> | null, match: RowMatch, results: ListRow[]): RowChanges<ListRow> | null {
    // Matched against rows the stream has since moved on from (another job settled meanwhile): walk the list.
    if (!old || old !== state.cache || state.index.size() !== old.rows.length) return null;
    const taken = new Uint8Array(old.rows.length);
    for (const f of match.from) {
      if (f < 0) continue;
      if (taken[f] === 1) return null;
      taken[f] = 1;
    }
    const dropped = new Set<string>();
    for (let j = 0; j < taken.length; j++) if (taken[j] === 0) dropped.add((old.rows[j] as ListRow).id);
    const parsed = new Set<string>();
    const upsert: ListRow[] = [];
    for (let i = 0; i < results.length; i++) {
      if ((match.from[i] as number) >= 0) continue;
      const row = results[i] as ListRow;
      if (parsed.has(row.id) || (!dropped.has(row.id) && state.index.get(row.id) !== undefined)) return null;
      parsed.add(row.id);
      upsert.push(row);
    }
    const remove: string[] = [];
    for (const id of dropped) if (!parsed.has(id)) remove.push(id);
    return { upsert, remove };
  }

  /**
   * A good answer's rows: diffed against the stream's (by its said change when it has one), and the
   * stream's body and rows from now on.
   */
  function settle(id: number, job: Job, state: StreamState, rows: ListRow[], cache: RowCache<ListRow> | null, said: RowChanges<ListRow> | null = null): DecodeReply & { ok: true } {
    const t = performance.now();
    const { changes } = said ? state.index.applyChanges(said) : state.index.apply(rows);
    // The last body and the cache cut from it are replaced together: its buffer is then free.
    const previous = state.lastBody;
    state.lastBody = job.body.subarray(0, job.length);
    if (previous) release(state, Buffer.from(previous.buffer, 0, previous.buffer.byteLength));
    state.rows = rows.length;
    state.cache = cache;
    const diffMs = performance.now() - t;
    const timings: DecodeTimings = { decodeMs: 0, tailDecodeMs: 0, parseMs: 0, readMs: 0, diffMs, matchMs: job.matchMs, rowsParsed: 0, unchanged: false };
    return { job: id, ok: true, upsert: changes.upsert, remove: changes.remove, rows: rows.length, timings };
  }

  /**
   * The rows as matched: the envelope and the changed rows decoded and parsed (each run of neighbouring
   * changed rows at once), the changed rows read, every row's result combined. Null when a piece does not
   * parse: the whole body then decides (and names the error as it always did).
   */
  function finishMatched(id: number, job: Job, state: StreamState, match: RowMatch): DecodeReply | null {
    const reader = readerOf(job.kind);
    const body = job.body;
    const t0 = performance.now();
    const envelopeText = pieces.decode(body.subarray(0, match.listStart)) + '[]' + pieces.decode(body.subarray(match.listEnd, job.length));
    let decodeMs = performance.now() - t0;
    let parseMs = 0;
    const t1 = performance.now();
    let envelope: unknown;
    try {
      envelope = JSON.parse(envelopeText);
    } catch {
      return null;
    }
    parseMs += performance.now() - t1;
    if (!isObject(envelope)) return null;
    // A failure marker decides before any row is read, as in a whole body (the list is not one of its words).
    if (failureInBody(envelope)) return { job: id, ok: false, problem: 'failed', body: failureWords(envelope) };
    const list = envelope[reader.listKey];
    if (!Array.isArray(list) || list.length !== 0) return null;

    const { starts, ends, from } = match;
    const count = from.length;
    // The rows the match's indices refer to: the ones the job matched with, whatever the stream holds now.
    const old = job.cache?.rows ?? [];
    // Every changed row's value, in order, parsed before any is read: a later row that does not parse is
    // not-json, as whole.
    const values: unknown[] = [];
    for (let i = 0; i < count; ) {
      if ((from[i] as number) >= 0) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < count && (from[j] as number) < 0) j++;
      const td = performance.now();
      const text = pieces.decode(body.subarray(starts[i] as number, ends[j - 1] as number));
      const tp = performance.now();
      let run: unknown;
      try {
        run = JSON.parse(`[${text}]`);
      } catch {
        return null;
      }
      const te = performance.now();
      decodeMs += tp - td;
      parseMs += te - tp;
      if (!Array.isArray(run) || run.length !== j - i) return null;
      for (const value of run) values.push(value);
      i = j;
    }
    const t2 = performance.now();
    const results: ListRow[] = new Array<ListRow>(count);
    try {
      let v = 0;
      for (let i = 0; i < count; i++) {
        const f = from[i] as number;
        results[i] = f >= 0 ? (old[f] as ListRow) : reader.row(values[v++], i, job.params);
      }
    } catch (e) {
      return shapeOf(id, e);
    }
    // No id twice: the combine step would keep every row as it is.
    const said = changeOfMatch(state, job.cache, match, results);
    const rows = said ? results : reader.combine(results);
    const readMs = performance.now() - t2;
    const cache: RowCache<ListRow> = { params: paramsKey(job.params), body: body.subarray(0, job.length), starts, ends, hashes: match.hashes, rows: results };
    const reply = settle(id, job, state, rows, cache, said);
    Object.assign(reply.timings, { decodeMs, tailDecodeMs: decodeMs, parseMs, readMs, rowsParsed: match.fresh });
    return reply;
  }

  /** The body decoded and parsed whole (what the matcher does not follow), as it always was. */
  function finishWhole(id: number, job: Job, state: StreamState, lastByteAt?: number): DecodeReply {
    // Chunks decoded after the last byte reached the main thread (they were still queued for this worker).
    const queued = decodedAfter(job, lastByteAt !== undefined && lastByteAt < clock() ? lastByteAt : undefined);
    const t0 = performance.now();
    // The bytes not decoded yet (all of them when the matcher went to the end), and the decoder's flush.
    job.parts.push(job.decoder.decode(job.body.subarray(job.decoded, job.length)));
    job.decoded = job.length;
    const text = job.parts.length === 1 ? (job.parts[0] as string) : job.parts.join('');
    job.parts = [];
    const t1 = performance.now();
    job.decodeMs += t1 - t0;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { job: id, ok: false, problem: 'not-json' };
    }
    // A failure marker decides before any row is read: `{"data": null, "status": "fail", ...}` is a failed
    // poll, not an empty floor (the reader alone would take the null as an empty list).
    if (failureInBody(body) && isObject(body)) return { job: id, ok: false, problem: 'failed', body: failureWords(body) };
    const t2 = performance.now();
    const reader = readerOf(job.kind);
    let rows: ListRow[];
    let count: number;
    try {
      ({ rows, count } = readList(reader, body, job.params));
    } catch (e) {
      return shapeOf(id, e);
    }
    const t3 = performance.now();
    // Only a good answer moves the stream's rows and body: a bad one leaves the last good ones as they were.
    // No byte ranges for its rows: the next answer is matched against none and read whole again.
    const reply = settle(id, job, state, rows, null);
    Object.assign(reply.timings, { decodeMs: job.decodeMs, tailDecodeMs: queued + (t1 - t0), parseMs: t2 - t1, readMs: t3 - t2, rowsParsed: count });
    return reply;
  }

  function finish(id: number, job: Job, lastByteAt?: number): DecodeReply {
    const state = stateOf(job.stream, job.kind);
    const last = job.base;
    // Equal to the stream's last good body, still the stream's: nothing changed. Equal to one the stream has
    // since moved on from (another job settled meanwhile), it is matched or read below like any other body.
    if (job.same && last && last.byteLength === job.length && last === state.lastBody) {
      return {
        job: id, ok: true, upsert: [], remove: [], rows: state.rows,
        timings: { decodeMs: 0, tailDecodeMs: 0, parseMs: 0, readMs: 0, diffMs: 0, matchMs: 0, rowsParsed: 0, unchanged: true },
      };
    }
    // A body equal to the start of the last one has not been looked at yet.
    if (job.same) advance(job);
    if (job.matcher) {
      const t = performance.now();
      const match = job.matcher.result(job.length);
      job.matchMs += performance.now() - t;
      const reply = match ? finishMatched(id, job, state, match) : null;
      if (reply) return reply;
      job.matcher = null;
    }
    return finishWhole(id, job, state, lastByteAt);
  }

  return {
    handle(message) {
      switch (message.type) {
        case 'begin': {
          const state = stateOf(message.stream, message.kind);
          const cache = state.cache && state.cache.params === paramsKey(message.params) ? state.cache : null;
          jobs.set(message.job, {
            stream: message.stream, kind: message.kind, params: message.params, body: bodyFor(state), length: 0,
            base: state.lastBody, cache, same: state.lastBody !== null, matcher: createRowMatcher(cache, readerOf(message.kind).listKey), matchMs: 0,
            decoder: new TextDecoder('utf-8'), decoded: 0, parts: [], decodeMs: 0, slices: [],
          });
          return null;
        }
        case 'chunk': {
          const job = jobs.get(message.job);
          for (const part of message.parts) {
            if (part instanceof Uint8Array) {
              if (job) append(job, part);
              continue;
            }
            // A dropped job's spans are read all the same: the ring's space comes back only in order.
            if (!ring) throw new Error('a chunk came through a byte ring before the ring');
            ring.read(part, (bytes) => {
              if (job) append(job, bytes);
            });
          }
          return null;
        }
        case 'end': {
          const job = jobs.get(message.job);
          jobs.delete(message.job);
          if (!job) return { job: message.job, ok: false, problem: 'internal', detail: 'end of a job that never began' };
          const reply = finish(message.job, job, message.lastByteAt);
          // An answer not kept (unchanged, or failed): its buffer takes a next one.
          const state = streams.get(job.stream);
          if (state) release(state, job.body);
          return reply;
        }
        case 'drop': {
          const job = jobs.get(message.job);
          jobs.delete(message.job);
          const state = job && streams.get(job.stream);
          if (job && state) release(state, job.body);
          return null;
        }
        case 'close':
          streams.delete(message.stream);
          return null;
        case 'ring':
          ring = createRingReader(message.buffer);
          return null;
      }
    },
  };
}
