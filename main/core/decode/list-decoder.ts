// The main process's side of list decoding: hands a big list answer's bytes to a decode worker and folds
// the rows that changed into the list it keeps per stream. The list handed back keeps every unchanged row's
// object (and the whole array when nothing changed), so the merge and the diff after it cost in proportion
// to what changed. A page of call records goes to a worker too, read whole (record-pages.ts). Without a
// worker file (unit tests, tools) the same jobs run inline.
//
// One worker per kind of list (a lane), and one for the record pages: the three lists of a poll land
// together, and in one worker the last of them waited for the other two to be parsed (at 10,000 agents
// some 90 ms before its own parse began). The call lists a supervisor loads have a lane of their own
// (customerList: customer-list-job.ts), a load's customers taken in parts as they come.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConnectorError } from '../http/connector-error';
import type { BodySink, HttpResponse } from '../http/http-client';
import { badShape, failureInBody, listFailure, notJson } from '../http/http-errors';
import { createRingWriter, type RingSpan, type RingWriter } from './byte-ring';
import type { CdrPage } from '../connectors/tel4vn/cdr-rows';
import { markChanges } from '../picture/list-changes';
import type { ListFile, OutboundCustomer, OutboundPreview } from '../../../common/outbound';
import { runCustomerListJob, type CustomerListJob, type CustomerListReply } from './customer-list-job';
import { createDecodeJobs, type DecodeFailure, type DecodeReply, type DecodeTimings, type WorkerMessage, type WorkerReady } from './decode-jobs';
import type { ListKind, ListParams, RowOf } from './list-readers';
import { readCdrPageJob, type CdrPageJob, type CdrPageReply } from './record-pages';

/** One answer of a stream, fed while its bytes arrive. */
interface ListAnswer<T> {
  readonly sink: BodySink;
  /** The whole list once the last byte is in; rejects with a ConnectorError (BAD_RESPONSE naming the field...). */
  finish(res: HttpResponse): Promise<T[]>;
  /** The answer ended before its last byte (the request failed): forget it. Nothing after finish. */
  drop(): void;
}

export interface ListStream<T> {
  /** Start an answer: its chunks go to `sink` as they arrive, then `finish`. */
  begin(): ListAnswer<T>;
  /** The whole list after an answer received whole (`res.chunks`). */
  decode(res: HttpResponse): Promise<T[]>;
  /** Forget the rows (the worker's copy too). */
  close(): void;
}
export interface ListDecoder {
  /** Where jobs run: 'worker' or 'inline'. */
  readonly mode: 'worker' | 'inline';
  open<K extends ListKind>(kind: K, params: ListParams): ListStream<RowOf<K>>;
  /** One page of call records from a 2xx answer received whole (`res.chunks`); rejects with a ConnectorError. */
  readCdrPage(res: HttpResponse, zone: string): Promise<CdrPage>;
  /** Read and check a call list (CSV or .xlsx) against do-not-call ids; rejects only on a fault of Floorwatch's own. */
  customerList(file: ListFile, dnc: readonly string[], want: CustomerListJob['want']): Promise<CustomerListResult>;
  /** Stop the workers (a later decode starts a new one). */
  close(): void;
}

interface ListDecoderOptions {
  /** The decode worker's entry file (decode-worker.ts, or its built .cjs); none: decode inline. */
  workerFile?: string | URL;
  /** Every good job's step timings (the benchmark's view inside the worker). */
  onTimings?: (kind: ListKind, timings: DecodeTimings) => void;
  log?: (message: string) => void;
  /** The size of each list worker's byte ring (byte-ring.ts; tests make it small). */
  ringBytes?: number;
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
 * A chunk to send that owns its whole buffer, so it can be transferred rather than copied: a socket's
 * chunks do; a slice of a shared buffer (a pooled Buffer, a decompressor's output) is copied first.
 */
function ownBytes(c: Uint8Array): Uint8Array {
  return c.byteOffset === 0 && c.byteLength === c.buffer.byteLength ? c : new Uint8Array(c);
}

/** Chunks held for one message at most this many bytes (the worker matches and decodes as each message comes). */
const FLUSH_BYTES = 512 * 1024;

/** What the answers in flight fail with when the decoder is closed: their callers fail, but nothing broke to log. */
class DecoderClosed extends Error {}

const internal = (res: HttpResponse): ConnectorError =>
  new ConnectorError({ code: 'INTERNAL', message: `Reading the PBX's answer to ${res.request} failed inside Floorwatch; the details are in its log.` });

/** A job's reply, and which decoder made it (0: inline; 1, 2...: each worker started), as each has its own rows. */
interface Decoded {
  reply: AnyReply;
  engine: number;
}

type AnyReply = DecodeReply | CdrPageReply;

interface Pending {
  settle(outcome: Decoded | Error): void;
  /** While the worker has not started yet (the chunks were sent as copies): the job run inline instead. */
  inline: (() => AnyReply) | null;
}

/** One worker and the jobs waiting for its replies. */
interface Lane {
  worker: Worker | null;
  /** Its entry ran and it listens. */
  online: boolean;
  pending: Map<number, Pending>;
  /** The ring its answers' bytes go through, made with its first streamed answer (a list lane's only). */
  ring: RingWriter | null;
}

/** A call list read and checked: its preview, and for a load the customers to send and their JSON. */
export interface CustomerListResult {
  preview: OutboundPreview;
  customers: OutboundCustomer[];
  customersJson: string | null;
}

/** A call-list job waiting for its parts and its last message. */
interface ListPending {
  job: CustomerListJob;
  customers: OutboundCustomer[];
  resolve(result: CustomerListResult): void;
  reject(error: Error): void;
}

export function createListDecoder(options: ListDecoderOptions = {}): ListDecoder {
  const log = options.log ?? ((message: string) => console.warn(`[floorwatch decode] ${message}`));
  const inline = createDecodeJobs();
  const lanes = new Map<string, Lane>();
  /** A worker could not start (a missing or broken file): decode inline from then on. */
  let fallback = false;
  let workers = 0;
  let nextJob = 1;
  let nextStream = 1;

  const laneOf = (name: string): Lane => {
    let lane = lanes.get(name);
    if (!lane) lanes.set(name, (lane = { worker: null, online: false, pending: new Map(), ring: null }));
    return lane;
  };

  const listJobs = new Map<number, ListPending>();

  function failPending(lane: Lane, error: Error): void {
    for (const p of lane.pending.values()) p.settle(error);
    lane.pending.clear();
    if (lane !== lanes.get('lists')) return;
    for (const p of listJobs.values()) p.reject(error);
    listJobs.clear();
  }

  function onListReply(reply: CustomerListReply): void {
    const p = listJobs.get(reply.job);
    if (!p) return;
    if (reply.list === 'part') {
      for (const c of reply.customers) p.customers.push(c);
      return;
    }
    listJobs.delete(reply.job);
    if (reply.list === 'failed') {
      log(`reading a call list failed: ${reply.detail}`);
      p.reject(new Error('reading the call list failed'));
    } else p.resolve({ preview: reply.preview, customers: p.customers, customersJson: reply.customersJson });
  }

  /** A call-list job on this thread (no worker, or it could not start): from the start again. */
  function runListInline(p: ListPending): void {
    p.customers = [];
    void runCustomerListJob(p.job, onListReply);
  }

  /** The lane's worker, started if it has none. */
  function workerOf(lane: Lane, file: string | URL): Worker {
    if (lane.worker) return lane.worker;
    const w = spawn(file);
    const engine = ++workers;
    lane.worker = w;
    lane.online = false;
    lane.ring = null;
    // Never keeps the process alive by itself: the pollers' timers do while a session runs.
    w.unref();
    w.on('message', (reply: AnyReply | CustomerListReply | WorkerReady) => {
      // Up once its entry has run (a missing or broken entry fails before that): see decode-worker.ts.
      if ('ready' in reply) {
        if (lane.worker === w) lane.online = true;
        return;
      }
      if ('list' in reply) return onListReply(reply);
      const p = lane.pending.get(reply.job);
      lane.pending.delete(reply.job);
      p?.settle({ reply, engine });
    });
    const lost = (why: string): void => {
      if (lane.worker !== w) return;
      lane.worker = null;
      if (!lane.online) {
        fallback = true;
        log(`the decode worker could not start (${why}); decoding on the main thread instead`);
        for (const p of lane.pending.values()) p.settle(p.inline ? { reply: p.inline(), engine: 0 } : new Error(why));
        lane.pending.clear();
        if (lane === lanes.get('lists')) for (const p of listJobs.values()) runListInline(p);
        return;
      }
      log(`the decode worker stopped (${why}); a new one starts with the next answer`);
      failPending(lane, new Error(`decode worker stopped: ${why}`));
    };
    w.on('error', (e) => lost(e.message));
    w.on('exit', (code) => lost(`exit code ${code}`));
    return w;
  }

  /** Run one whole job on this thread (no worker, or the worker cannot start). */
  function runInline(begin: Extract<WorkerMessage, { type: 'begin' }>, chunks: Uint8Array[]): DecodeReply {
    inline.handle(begin);
    inline.handle({ type: 'chunk', job: begin.job, parts: chunks });
    return inline.handle({ type: 'end', job: begin.job }) as DecodeReply;
  }

  /** Wait for the reply to `job` from the lane's worker (its end is posted by the caller right after). */
  function awaitReply(lane: Lane, job: number, fallback: (() => AnyReply) | null): Promise<Decoded> {
    return new Promise<Decoded>((resolve, reject) => {
      lane.pending.set(job, { settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)), inline: fallback });
    });
  }

  /**
   * One answer. With the worker up, each chunk goes to it as it arrives (through the lane's ring, or
   * transferred when the ring is full) and is matched there at once; otherwise the chunks wait here and go
   * whole at the end (inline, or copied to a worker that is still starting, so they can still run inline if
   * it never does).
   */
  function beginAnswer(lane: Lane, begin: Extract<WorkerMessage, { type: 'begin' }>): { sink: BodySink; end(): Promise<Decoded>; drop(): void } {
    const file = options.workerFile;
    const live = file && !fallback && lane.worker && lane.online ? lane.worker : null;
    if (live) {
      // A runtime without shared memory (an embedder may turn it off) transfers every chunk, as before.
      if (!lane.ring && typeof SharedArrayBuffer === 'function') {
        lane.ring = createRingWriter(options.ringBytes);
        live.postMessage({ type: 'ring', buffer: lane.ring.buffer } satisfies WorkerMessage);
      }
      const ring = lane.ring;
      live.postMessage(begin satisfies WorkerMessage);
      let lost = false;
      /** When the last chunk came (a clock the worker shares): what it decodes after that is the answer's tail. */
      let lastByteAt = 0;
      // The chunks that came in one turn of the loop go in one message (a socket's burst of reads is dozens
      // of chunks; a message each cost both threads about 4 ms a 5 MB answer), or sooner past FLUSH_BYTES.
      let held: (Uint8Array | RingSpan)[] = [];
      let heldBytes = 0;
      let flushQueued = false;
      const flush = (): void => {
        flushQueued = false;
        if (held.length === 0) return;
        const parts = held;
        held = [];
        heldBytes = 0;
        if (lane.worker !== live) {
          lost = true;
          return;
        }
        const transfer: ArrayBuffer[] = [];
        for (const p of parts) if (p instanceof Uint8Array) transfer.push(p.buffer as ArrayBuffer);
        live.postMessage({ type: 'chunk', job: begin.job, parts } satisfies WorkerMessage, transfer);
      };
      return {
        sink: {
          chunk(bytes) {
            held.push(ring?.write(bytes) ?? ownBytes(bytes));
            heldBytes += bytes.byteLength;
            lastByteAt = performance.timeOrigin + performance.now();
            if (heldBytes >= FLUSH_BYTES) flush();
            else if (!flushQueued) {
              flushQueued = true;
              setImmediate(flush);
            }
          },
        },
        end() {
          flush();
          if (lost || lane.worker !== live) return Promise.reject(new Error('the decode worker was replaced during the answer'));
          const reply = awaitReply(lane, begin.job, null);
          live.postMessage({ type: 'end', job: begin.job, lastByteAt } satisfies WorkerMessage);
          return reply;
        },
        drop() {
          // The held spans still go: the worker frees the ring's space as it reads them, in order.
          flush();
          if (lane.worker === live) live.postMessage({ type: 'drop', job: begin.job } satisfies WorkerMessage);
        },
      };
    }
    const chunks: Uint8Array[] = [];
    return {
      sink: { chunk: (bytes) => void chunks.push(bytes) },
      end() {
        if (!file || fallback) return Promise.resolve({ reply: runInline(begin, chunks), engine: 0 });
        const w = workerOf(lane, file);
        // Until the worker is up the chunks are copied, not transferred, so the job can still run inline.
        const keep = lane.online ? null : () => runInline(begin, chunks);
        const reply = awaitReply(lane, begin.job, keep);
        w.postMessage(begin satisfies WorkerMessage);
        const parts = keep ? chunks : chunks.map(ownBytes);
        w.postMessage({ type: 'chunk', job: begin.job, parts } satisfies WorkerMessage, keep ? [] : parts.map((p) => p.buffer as ArrayBuffer));
        w.postMessage({ type: 'end', job: begin.job } satisfies WorkerMessage);
        return reply;
      },
      drop() {
        chunks.length = 0;
      },
    };
  }

  /** A failed job as the error its caller throws (the same words inline or in the worker). */
  function failureOf(res: HttpResponse, reply: DecodeFailure): ConnectorError {
    if (reply.problem === 'not-json') return notJson(res);
    if (reply.problem === 'failed') return listFailure(res, reply.body, failureInBody(reply.body) ?? { code: null });
    if (reply.problem === 'shape') return badShape(res.request, reply.field, reply.detail);
    log(`decoding ${res.request} failed: ${reply.detail}`);
    return internal(res);
  }

  /**
   * A page of call records: to the worker, transferred once it is up (copied before, so that a worker that
   * never starts leaves the page to be read here), else read here.
   */
  async function readPage(res: HttpResponse, zone: string): Promise<CdrPage> {
    if (!res.chunks) throw internal(res);
    const file = options.workerFile;
    const job: CdrPageJob = { type: 'cdr-page', job: nextJob++, zone, chunks: res.chunks };
    let decoded: Decoded;
    try {
      if (!file || fallback) decoded = { reply: readCdrPageJob(job), engine: 0 };
      else {
        const lane = laneOf('records');
        const w = workerOf(lane, file);
        const up = lane.online;
        const chunks = up ? res.chunks.map(ownBytes) : res.chunks;
        const reply = awaitReply(lane, job.job, up ? null : () => readCdrPageJob(job));
        w.postMessage({ ...job, chunks } satisfies CdrPageJob, up ? chunks.map((c) => c.buffer as ArrayBuffer) : []);
        decoded = await reply;
      }
    } catch (e) {
      if (!(e instanceof DecoderClosed)) log(`decoding ${res.request} failed: ${(e as Error).message}`);
      throw internal(res);
    }
    const reply = decoded.reply as CdrPageReply;
    if (!reply.ok) throw failureOf(res, reply);
    return reply.page;
  }

  return {
    readCdrPage: readPage,
    get mode() {
      return options.workerFile && !fallback ? 'worker' : 'inline';
    },
    open<K extends ListKind>(kind: K, params: ListParams): ListStream<RowOf<K>> {
      type T = RowOf<K>;
      const stream = nextStream++;
      const lane = laneOf(kind);
      const rows = new Map<string, T>();
      let list: T[] = [];
      /** The decoder whose rows these are: another one knows none of them and sends every row as new. */
      let rowsEngine = -1;
      async function settle(res: HttpResponse, answer: Promise<Decoded>): Promise<T[]> {
        let decoded: Decoded;
        try {
          decoded = await answer;
        } catch (e) {
          if (!(e instanceof DecoderClosed)) log(`decoding ${res.request} failed: ${(e as Error).message}`);
          throw internal(res);
        }
        const { engine } = decoded;
        const reply = decoded.reply as DecodeReply;
        if (!reply.ok) throw failureOf(res, reply);
        options.onTimings?.(kind, reply.timings);
        let changed = reply.upsert.length > 0 || reply.remove.length > 0;
        // Another decoder knows none of these rows: its answer is the whole list, not a change to ours.
        const whole = engine !== rowsEngine;
        if (whole) {
          rows.clear();
          rowsEngine = engine;
          changed = true;
        }
        if (!changed) return list;
        const from = list;
        for (const id of reply.remove) rows.delete(id);
        for (const row of reply.upsert as T[]) rows.set(row.id, row);
        list = [...rows.values()];
        // The floor tick takes this change as said instead of walking the list for it (picture/list-changes.ts).
        if (!whole) markChanges(list, from, { upsert: reply.upsert as T[], remove: reply.remove });
        return list;
      }
      const begin = (): ListAnswer<T> => {
        const answer = beginAnswer(lane, { type: 'begin', job: nextJob++, stream, kind, params });
        let finished = false;
        return {
          sink: answer.sink,
          finish(res) {
            finished = true;
            return settle(res, answer.end());
          },
          drop() {
            if (!finished) answer.drop();
            finished = true;
          },
        };
      };
      return {
        begin,
        async decode(res) {
          if (!res.chunks) throw internal(res);
          const answer = begin();
          for (const bytes of res.chunks) answer.sink.chunk(bytes);
          return answer.finish(res);
        },
        close() {
          rows.clear();
          list = [];
          inline.handle({ type: 'close', stream });
          lane.worker?.postMessage({ type: 'close', stream } satisfies WorkerMessage);
        },
      };
    },
    customerList(file, dnc, want) {
      const job: CustomerListJob = { type: 'customer-list', job: nextJob++, file, dnc: [...dnc], want };
      return new Promise<CustomerListResult>((resolve, reject) => {
        const p: ListPending = { job, customers: [], resolve, reject };
        listJobs.set(job.job, p);
        const entry = options.workerFile;
        if (!entry || fallback) return runListInline(p);
        workerOf(laneOf('lists'), entry).postMessage(job);
      });
    },
    close() {
      for (const lane of lanes.values()) {
        const w = lane.worker;
        lane.worker = null;
        failPending(lane, new DecoderClosed('decoder closed'));
        if (w) void w.terminate();
      }
    },
  };
}
