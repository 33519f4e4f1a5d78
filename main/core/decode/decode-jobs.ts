// One decode job: the bytes of a list answer -> UTF-8 text -> JSON -> checked domain rows -> the rows that
// changed since this stream's last answer. Runs inside the decode worker (or inline, where no worker can
// be started); the messages are plain data so they cross the thread boundary by structured clone, and the
// body's chunks are transferred, not copied.
//
// A job is fed while its bytes arrive (begin, chunk..., end), so that by the last byte almost all of the
// UTF-8 decoding is done and what is left is JSON.parse, reading the rows and the diff. A body whose bytes
// equal the stream's last good body is not decoded at all: its rows are the ones the stream holds.
import { TextDecoder } from 'node:util';
import { failureInBody } from '../http/http-errors';
import { FieldError, isObject } from '../http/json-fields';
import { createRowIndex, type RowIndex } from '../picture/diff-rows';
import { LIST_READERS, type ListKind, type ListParams, type ListReader, type ListRow } from './list-readers';

interface BeginJob {
  type: 'begin';
  /** Matches the reply to its job. */
  job: number;
  /** One stream per polled list: the rows it last saw are kept per stream. */
  stream: number;
  kind: ListKind;
  params: ListParams;
}

/** The next piece of the body, as it arrived (transferred to the worker). */
interface ChunkOf {
  type: 'chunk';
  job: number;
  bytes: Uint8Array;
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

export type WorkerMessage = BeginJob | ChunkOf | EndJob | DropJob | CloseStream;

/** The worker's first message: its entry ran and it listens. */
export interface WorkerReady {
  ready: true;
}

/** Time spent in each step of a job (ms), for the benchmark. */
export interface DecodeTimings {
  /** UTF-8 decoding in all (most of it while the bytes arrived). */
  decodeMs: number;
  /** UTF-8 decoding left after the last byte (the chunks still queued then, and the end). */
  tailDecodeMs: number;
  parseMs: number;
  readMs: number;
  diffMs: number;
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
  lastBody: Uint8Array | null;
  rows: number;
}

interface Job {
  stream: number;
  kind: ListKind;
  params: ListParams;
  /** The body so far, one growing buffer (kept to compare the next answer with). */
  body: Uint8Array;
  length: number;
  /** Every byte so far equals the stream's last good body: nothing decoded yet. */
  same: boolean;
  decoder: TextDecoder;
  parts: string[];
  decodeMs: number;
  /** Each chunk's decoding: when it began (the shared clock) and how long it took. */
  slices: number[];
}

/** Now on a clock the main thread and the workers share. */
const clock = (): number => performance.timeOrigin + performance.now();

export function createDecodeJobs(): DecodeJobs {
  const streams = new Map<number, StreamState>();
  const jobs = new Map<number, Job>();

  const stateOf = (stream: number, kind: ListKind): StreamState => {
    let state = streams.get(stream);
    if (!state) {
      // One reader per kind; the stream only ever sees rows of its own kind.
      const reader = LIST_READERS[kind] as unknown as ListReader<ListRow>;
      state = { index: createRowIndex<ListRow>(reader.equals), lastBody: null, rows: 0 };
      streams.set(stream, state);
    }
    return state;
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

  function append(job: Job, bytes: Uint8Array): void {
    if (job.length + bytes.byteLength > job.body.byteLength) {
      const grown = new Uint8Array(Math.max(job.body.byteLength * 2, job.length + bytes.byteLength, 64 * 1024));
      grown.set(job.body.subarray(0, job.length));
      job.body = grown;
    }
    const at = job.length;
    job.body.set(bytes, at);
    job.length += bytes.byteLength;
    if (job.same) {
      const last = streams.get(job.stream)?.lastBody;
      if (last && at + bytes.byteLength <= last.byteLength && Buffer.from(last.buffer, last.byteOffset + at, bytes.byteLength).equals(bytes)) return;
      // The first byte that differs: decode what was held back, then go on decoding as bytes come.
      job.same = false;
      decodeInto(job, job.body.subarray(0, at));
    }
    decodeInto(job, bytes);
  }

  function finish(id: number, job: Job, lastByteAt?: number): DecodeReply {
    const state = stateOf(job.stream, job.kind);
    const last = state.lastBody;
    if (job.same && last && last.byteLength === job.length) {
      return { job: id, ok: true, upsert: [], remove: [], rows: state.rows, timings: { decodeMs: 0, tailDecodeMs: 0, parseMs: 0, readMs: 0, diffMs: 0, unchanged: true } };
    }
    // Chunks decoded after the last byte reached the main thread (they were still queued for this worker).
    const queued = decodedAfter(job, lastByteAt !== undefined && lastByteAt < clock() ? lastByteAt : undefined);
    const t0 = performance.now();
    // A body equal to the start of the last one decoded nothing yet.
    if (job.same) decodeInto(job, job.body.subarray(0, job.length));
    const before = job.decodeMs;
    job.parts.push(job.decoder.decode());
    const text = job.parts.length === 1 ? (job.parts[0] as string) : job.parts.join('');
    job.parts = [];
    const t1 = performance.now();
    job.decodeMs = before + (t1 - t0);
    const timings = (parseMs: number, readMs: number, diffMs: number): DecodeTimings =>
      ({ decodeMs: job.decodeMs, tailDecodeMs: queued + (t1 - t0), parseMs, readMs, diffMs, unchanged: false });
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
    const reader = LIST_READERS[job.kind] as unknown as ListReader<ListRow>;
    let rows: ListRow[];
    try {
      rows = reader.read(body, job.params);
    } catch (e) {
      if (e instanceof FieldError) return { job: id, ok: false, problem: 'shape', field: e.field, detail: e.problem };
      return { job: id, ok: false, problem: 'internal', detail: (e as Error).message };
    }
    const t3 = performance.now();
    // Only a good answer moves the stream's rows and body: a bad one leaves the last good ones as they were.
    const { changes } = state.index.apply(rows);
    state.lastBody = job.body.subarray(0, job.length);
    state.rows = rows.length;
    const t4 = performance.now();
    return { job: id, ok: true, upsert: changes.upsert, remove: changes.remove, rows: rows.length, timings: timings(t2 - t1, t3 - t2, t4 - t3) };
  }

  return {
    handle(message) {
      switch (message.type) {
        case 'begin':
          jobs.set(message.job, {
            stream: message.stream, kind: message.kind, params: message.params, body: new Uint8Array(0), length: 0,
            same: streams.get(message.stream)?.lastBody != null, decoder: new TextDecoder('utf-8'), parts: [], decodeMs: 0, slices: [],
          });
          return null;
        case 'chunk': {
          const job = jobs.get(message.job);
          if (job) append(job, message.bytes);
          return null;
        }
        case 'end': {
          const job = jobs.get(message.job);
          jobs.delete(message.job);
          if (!job) return { job: message.job, ok: false, problem: 'internal', detail: 'end of a job that never began' };
          return finish(message.job, job, message.lastByteAt);
        }
        case 'drop':
          jobs.delete(message.job);
          return null;
        case 'close':
          streams.delete(message.stream);
          return null;
      }
    },
  };
}
