// One decode job: the bytes of a list answer -> UTF-8 text -> JSON -> checked domain rows -> the rows that
// changed since this stream's last answer. Runs inside the decode worker (or inline, where no worker can
// be started); the messages are plain data so they cross the thread boundary by structured clone.
import { failureInBody } from '../http/http-errors';
import { FieldError, isObject } from '../http/json-fields';
import { createRowIndex, type RowIndex } from '../picture/diff-rows';
import { LIST_READERS, type ListKind, type ListParams, type ListReader, type ListRow } from './list-readers';

export interface DecodeJob {
  type: 'decode';
  /** Matches the reply to its job. */
  job: number;
  /** One stream per polled list: the rows it last saw are kept per stream. */
  stream: number;
  kind: ListKind;
  params: ListParams;
  /** The body as it arrived (HttpResponse.chunks), joined here, off the main thread. */
  chunks: Uint8Array[];
}

export interface CloseStream {
  type: 'close';
  stream: number;
}

export type WorkerMessage = DecodeJob | CloseStream;

/** The worker's first message: its entry ran and it listens. */
export interface WorkerReady {
  ready: true;
}

/** Time spent in each step of a job (ms), for the benchmark. */
export interface DecodeTimings {
  decodeMs: number;
  parseMs: number;
  readMs: number;
  diffMs: number;
}

export type DecodeReply =
  | { job: number; ok: true; upsert: ListRow[]; remove: string[]; rows: number; timings: DecodeTimings }
  | { job: number; ok: false; problem: 'not-json' }
  /** The answer reports a failure inside a 2xx (http-errors.ts failureInBody): `body` keeps its words, not its rows. */
  | { job: number; ok: false; problem: 'failed'; body: Record<string, unknown> }
  | { job: number; ok: false; problem: 'shape'; field: string; detail: string }
  | { job: number; ok: false; problem: 'internal'; detail: string };

export interface DecodeJobs {
  run(job: DecodeJob): DecodeReply;
  close(stream: number): void;
}

/** The keys a failure body says something in (http-errors.ts reads them); a failed list's rows stay here. */
const FAILURE_KEYS = ['code', 'status', 'error', 'content', 'message', 'meta', 'errors', 'success'];

function failureWords(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FAILURE_KEYS) if (body[key] !== undefined) out[key] = body[key];
  return out;
}

export function createDecodeJobs(): DecodeJobs {
  const indexes = new Map<number, RowIndex<ListRow>>();

  return {
    run({ job, stream, kind, params, chunks }) {
      // One reader per kind; the stream only ever sees rows of its own kind.
      const reader = LIST_READERS[kind] as unknown as ListReader<ListRow>;
      const t0 = performance.now();
      // A BOM (a PBX behind IIS may send one) is dropped: JSON.parse rejects it.
      const decoded = Buffer.concat(chunks).toString('utf8');
      const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
      const t1 = performance.now();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { job, ok: false, problem: 'not-json' };
      }
      // A failure marker decides before any row is read: `{"data": null, "status": "fail", ...}` is a failed
      // poll, not an empty floor (the reader alone would take the null as an empty list).
      if (failureInBody(body) && isObject(body)) return { job, ok: false, problem: 'failed', body: failureWords(body) };
      const t2 = performance.now();
      let rows: ListRow[];
      try {
        rows = reader.read(body, params);
      } catch (e) {
        if (e instanceof FieldError) return { job, ok: false, problem: 'shape', field: e.field, detail: e.problem };
        return { job, ok: false, problem: 'internal', detail: (e as Error).message };
      }
      const t3 = performance.now();
      // Only a good answer moves the stream's rows: a bad one leaves the last good ones as they were.
      let index = indexes.get(stream);
      if (!index) {
        index = createRowIndex<ListRow>(reader.equals);
        indexes.set(stream, index);
      }
      const { changes } = index.apply(rows);
      const t4 = performance.now();
      return {
        job, ok: true, upsert: changes.upsert, remove: changes.remove, rows: rows.length,
        timings: { decodeMs: t1 - t0, parseMs: t2 - t1, readMs: t3 - t2, diffMs: t4 - t3 },
      };
    },
    close(stream) {
      indexes.delete(stream);
    },
  };
}
