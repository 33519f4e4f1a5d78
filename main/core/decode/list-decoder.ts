// The main process's side of list decoding: hands a big list answer's bytes to the decode worker and folds
// the rows that changed into the list it keeps per stream. The list handed back keeps every unchanged row's
// object (and the whole array when nothing changed), so the merge and the diff after it cost in proportion
// to what changed. Without a worker file (unit tests, tools) the same jobs run inline.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConnectorError } from '../http/connector-error';
import type { HttpResponse } from '../http/http-client';
import { badShape, failureInBody, listFailure, notJson } from '../http/http-errors';
import { createDecodeJobs, type DecodeJob, type DecodeReply, type DecodeTimings, type WorkerMessage, type WorkerReady } from './decode-jobs';
import type { ListKind, ListParams, RowOf } from './list-readers';

export interface ListStream<T> {
  /** The whole list after this answer; rejects with a ConnectorError (BAD_RESPONSE naming the field...). */
  decode(res: HttpResponse): Promise<T[]>;
  /** Forget the rows (the worker's copy too). */
  close(): void;
}

export interface ListDecoder {
  /** Where jobs run: 'worker' or 'inline'. */
  readonly mode: 'worker' | 'inline';
  open<K extends ListKind>(kind: K, params: ListParams): ListStream<RowOf<K>>;
  /** Stop the worker (a later decode starts a new one). */
  close(): void;
}

export interface ListDecoderOptions {
  /** The decode worker's entry file (decode-worker.ts, or its built .cjs); none: decode inline. */
  workerFile?: string | URL;
  /** Every good job's step timings (the benchmark's view inside the worker). */
  onTimings?: (kind: ListKind, timings: DecodeTimings) => void;
  log?: (message: string) => void;
}

/**
 * A worker from TypeScript source (the web host, tests: run through tsx) registers tsx's loader first and
 * then imports the entry; tsx is found from the working directory, the project's. A built .cjs starts as is.
 */
function spawn(file: string | URL): Worker {
  const href = typeof file === 'string' ? pathToFileURL(file).href : file.href;
  if (!href.endsWith('.ts')) return new Worker(file);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(href)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * The chunks to send, each owning its whole buffer so it can be transferred rather than copied: a socket's
 * chunks do; a slice of a shared buffer (a pooled Buffer, a decompressor's output) is copied first.
 */
function ownChunks(chunks: Uint8Array[]): Uint8Array[] {
  return chunks.map((c) => (c.byteOffset === 0 && c.byteLength === c.buffer.byteLength ? c : new Uint8Array(c)));
}

const internal = (res: HttpResponse): ConnectorError =>
  new ConnectorError({ code: 'INTERNAL', message: `Reading the PBX's answer to ${res.request} failed inside Floorwatch; the details are in its log.` });

/** A job's reply, and which decoder made it (0: inline; 1, 2...: each worker started), as each has its own rows. */
interface Decoded {
  reply: DecodeReply;
  engine: number;
}

interface Pending {
  settle(outcome: Decoded | Error): void;
  /** Kept while the worker has not started yet (sent as a copy): run inline if it never starts. */
  job: DecodeJob | null;
}

export function createListDecoder(options: ListDecoderOptions = {}): ListDecoder {
  const log = options.log ?? ((message: string) => console.warn(`[floorwatch decode] ${message}`));
  const inline = createDecodeJobs();
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let online = false;
  /** The worker could not start (a missing or broken file): decode inline from then on. */
  let fallback = false;
  let workers = 0;
  let nextJob = 1;
  let nextStream = 1;

  function failPending(error: Error): void {
    for (const p of pending.values()) p.settle(error);
    pending.clear();
  }

  function startWorker(file: string | URL): Worker {
    const w = spawn(file);
    const engine = ++workers;
    online = false;
    // Never keeps the process alive by itself: the pollers' timers do while a session runs.
    w.unref();
    w.on('message', (reply: DecodeReply | WorkerReady) => {
      // Up once its entry has run (a missing or broken entry fails before that): see decode-worker.ts.
      if ('ready' in reply) {
        if (worker === w) online = true;
        return;
      }
      const p = pending.get(reply.job);
      pending.delete(reply.job);
      p?.settle({ reply, engine });
    });
    const lost = (why: string): void => {
      if (worker !== w) return;
      worker = null;
      if (!online) {
        fallback = true;
        log(`the decode worker could not start (${why}); decoding on the main thread instead`);
        for (const p of pending.values()) p.settle(p.job ? { reply: inline.run(p.job), engine: 0 } : new Error(why));
        pending.clear();
        return;
      }
      log(`the decode worker stopped (${why}); a new one starts with the next answer`);
      failPending(new Error(`decode worker stopped: ${why}`));
    };
    w.on('error', (e) => lost(e.message));
    w.on('exit', (code) => lost(`exit code ${code}`));
    return w;
  }

  function post(job: DecodeJob): Promise<Decoded> {
    const file = options.workerFile;
    if (!file || fallback) return Promise.resolve({ reply: inline.run(job), engine: 0 });
    worker ??= startWorker(file);
    const w = worker;
    // Until the worker is up the chunks are copied, not transferred, so the job can still run inline.
    const keep = online ? null : job;
    return new Promise<Decoded>((resolve, reject) => {
      pending.set(job.job, { settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)), job: keep });
      w.postMessage(job satisfies WorkerMessage, keep ? [] : job.chunks.map((c) => c.buffer as ArrayBuffer));
    });
  }

  return {
    get mode() {
      return options.workerFile && !fallback ? 'worker' : 'inline';
    },
    open<K extends ListKind>(kind: K, params: ListParams): ListStream<RowOf<K>> {
      type T = RowOf<K>;
      const stream = nextStream++;
      const rows = new Map<string, T>();
      let list: T[] = [];
      /** The decoder whose rows these are: another one knows none of them and sends every row as new. */
      let rowsEngine = -1;
      return {
        async decode(res) {
          if (!res.chunks) throw internal(res);
          let decoded: Decoded;
          try {
            decoded = await post({ type: 'decode', job: nextJob++, stream, kind, params, chunks: ownChunks(res.chunks) });
          } catch (e) {
            log(`decoding ${res.request} failed: ${(e as Error).message}`);
            throw internal(res);
          }
          const { reply, engine } = decoded;
          if (!reply.ok) {
            if (reply.problem === 'not-json') throw notJson(res);
            if (reply.problem === 'failed') throw listFailure(res, reply.body, failureInBody(reply.body) ?? { code: null });
            if (reply.problem === 'shape') throw badShape(res.request, reply.field, reply.detail);
            log(`decoding ${res.request} failed: ${reply.detail}`);
            throw internal(res);
          }
          options.onTimings?.(kind, reply.timings);
          let changed = reply.upsert.length > 0 || reply.remove.length > 0;
          if (engine !== rowsEngine) {
            rows.clear();
            rowsEngine = engine;
            changed = true;
          }
          if (!changed) return list;
          for (const id of reply.remove) rows.delete(id);
          for (const row of reply.upsert as T[]) rows.set(row.id, row);
          list = [...rows.values()];
          return list;
        },
        close() {
          rows.clear();
          list = [];
          inline.close(stream);
          worker?.postMessage({ type: 'close', stream } satisfies WorkerMessage);
        },
      };
    },
    close() {
      const w = worker;
      worker = null;
      failPending(new Error('decoder closed'));
      if (w) void w.terminate();
    },
  };
}
