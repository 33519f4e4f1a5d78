// Outbound campaigns from the console (issue 19): the queues it loaded or was told about, each list's load
// in batches with cancel and resume, start / stop / delete, the per-queue do-not-call list, and how far the
// PBX got (from today's call records). Everything a supervisor does here is audited: who, what, which queue,
// how many rows.
//
// Decisions where the seeds are silent:
// - The seeds have no endpoint that lists outbound queues or their state: the console remembers what it
//   loaded (settings document, small records) and the lists themselves (outbound-lists.ts), and says so.
// - The do-not-call list is the console's, per queue, and is checked in main before any row is sent (the
//   renderer's preview is a courtesy): a row whose id is on it is dropped and counted. Autocall also has the
//   PBX's own DNC (/v2/autocall/queue/dnc): an import is sent there too when the queue exists; autodialer has
//   none, so its list is the console's alone.
// - One load per queue at a time; a load can be cancelled between batches and resumed from `nextIndex`
//   (the connector sends every batch once), also after a restart, from the kept list.
// - A new load into a queue that has a list adds to it (the PBX adds the customers to the queue); the
//   progress counts every id sent to the queue.
// - Progress: customers of the queue with a call record today (dialled), with an answered one (answered),
//   dialled and never answered (failed), taken and not dialled yet (remaining).
import type { BridgeResult, RequestOf } from '../../../common/contract';
import type { ActionOutcome, AppError, AuditSubject, CallRecord } from '../../../common/domain';
import {
  MAX_DNC_IDS,
  outboundKey,
  parseDncList,
  PREVIEW_PROBLEMS,
  type ListFile,
  type OutboundFamily,
  type OutboundLoadReport,
  type OutboundPreview,
  type OutboundQueueFields,
  type OutboundQueueInfo,
  type OutboundQueueAction,
  type OutboundState,
  type SharedOutboundQueue,
} from '../../../common/outbound';
import { listReasonText } from '../../../common/outbound-csv';
import type { ActionContext } from '../actions/action-service';
import type { ActionGuard } from '../actions/action-guard';
import type { AuditLog } from '../actions/audit-log';
import { ConnectorError } from '../connectors/connector';
import type { CustomerListResult } from '../decode/list-decoder';
import type { RequestOrigin } from '../host';
import type { SettingsService } from '../settings/settings-service';
import { z } from 'zod';
import { createListedNumbers, type ListedCustomer } from './listed-numbers';
import type { OutboundLists, StoredList } from './outbound-lists';

/** Progress events at most this often while a list goes out (a 100,000-row load has 200 batches). */
const EMIT_EVERY_MS = 250;
/** The settings document is rewritten at most this often during a load (and always when it ends). */
const PERSIST_EVERY_MS = 2000;

type Ref = { family: OutboundFamily; queueCode: string };

export interface OutboundServiceDeps {
  context: () => ActionContext | null;
  settings: SettingsService;
  lists: OutboundLists;
  audit: AuditLog;
  guard: ActionGuard;
  emit: (state: OutboundState) => void;
  /** Read and check a list against do-not-call ids off the main thread (list-decoder.ts customerList). */
  readList: (file: ListFile, dnc: readonly string[], want: 'preview' | 'load') => Promise<CustomerListResult>;
  /** A list's customers now name their numbers (listed-numbers.ts). */
  onListed?: () => void;
  now: () => number;
  log: (message: string) => void;
}

export interface OutboundService {
  state(): OutboundState;
  preview(request: RequestOf<'outbound:preview'>): Promise<BridgeResult<OutboundPreview>>;
  load(request: RequestOf<'outbound:load'>, origin: RequestOrigin): Promise<BridgeResult<OutboundQueueInfo>>;
  cancel(ref: Ref): BridgeResult<OutboundQueueInfo>;
  resume(ref: Ref, origin: RequestOrigin): Promise<BridgeResult<OutboundQueueInfo>>;
  act(request: Ref & { action: OutboundQueueAction }, origin: RequestOrigin): Promise<BridgeResult<ActionOutcome>>;
  importDnc(request: Ref & { text: string }, origin: RequestOrigin): Promise<BridgeResult<OutboundQueueInfo & { added: number; bad: Array<{ line: number; text: string }> }>>;
  clearDnc(ref: Ref, origin: RequestOrigin): Promise<BridgeResult<OutboundQueueInfo>>;
  forget(ref: Ref): BridgeResult<OutboundState>;
  /** Today's call records from a pass: the queues' progress moves. */
  observeRecords(records: readonly CallRecord[]): void;
  /** The customer a number is in the lists this console loaded (listed-numbers.ts), or null. */
  listedCustomer(number: string): ListedCustomer | null;
  /** The queues other consoles on the floor hub loaded (outbound-share.ts): shown beside this console's own. */
  foreign(queues: readonly SharedOutboundQueue[]): void;
  /** A load in flight, for tests and the bench: settles when it ends. */
  settled(ref: Ref): Promise<void>;
}

const fail = (code: AppError['code'], message: string): { ok: false; error: AppError } => ({ ok: false, error: { code, message } });

// The remembered records, as stored in the settings document (validated on read: a damaged one is dropped).
const storedQueueSchema = z.object({
  key: z.string(),
  family: z.enum(['autodialer', 'autocall']),
  queueCode: z.string(),
  fields: z.record(z.string(), z.unknown()),
  state: z.enum(['new', 'loading', 'load-paused', 'running', 'stopped', 'gone']),
  updatedAt: z.number(),
  rows: z.number(),
  sent: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  dncDropped: z.number(),
  nextIndex: z.number(),
  lastError: z.object({ code: z.string(), message: z.string() }).passthrough().nullable(),
  dncSentAt: z.number().nullable(),
});
const storedDocSchema = z.object({ queues: z.array(z.unknown()) });

interface Tracked {
  info: OutboundQueueInfo;
  /** The ids sent to the queue (its progress counts their records). */
  ids: Set<string>;
  dialled: Set<string>;
  answered: Set<string>;
  dnc: Set<string>;
  running: { abort: AbortController; done: Promise<void> } | null;
}

export function createOutboundService(deps: OutboundServiceDeps): OutboundService {
  const { lists, now, log } = deps;
  const queues = new Map<string, Tracked>();
  /** Other consoles' queues on the floor hub, by key (a queue this console also keeps shows as its own). */
  const listed = createListedNumbers();
  let others = new Map<string, OutboundQueueInfo>();
  let lastEmit = 0;
  let emitTimer: ReturnType<typeof setTimeout> | null = null;
  let lastPersist = 0;

  // ---- remembered across restarts ----
  function restore(): void {
    const doc = storedDocSchema.safeParse(deps.settings.outbound());
    if (!doc.success) return;
    for (const raw of doc.data.queues) {
      const q = storedQueueSchema.safeParse(raw);
      if (!q.success) {
        log('outbound: a remembered queue is damaged; it is left out');
        continue;
      }
      const list = lists.readList(q.data.key);
      if (list) listed.add(q.data.key, q.data.queueCode, list.customers);
      const dnc = new Set(lists.readDnc(q.data.key));
      // A load the console was sending when it stopped is paused, resumable when its list was kept.
      const state = q.data.state === 'loading' ? 'load-paused' : q.data.state;
      const info: OutboundQueueInfo = {
        ...q.data, state, fields: q.data.fields as unknown as OutboundQueueFields, lastError: q.data.lastError as AppError | null,
        resumable: false, progress: { dialled: 0, answered: 0, failed: 0, remaining: 0 }, dnc: dnc.size,
      };
      const t: Tracked = { info, ids: idsOf(list, info.nextIndex), dialled: new Set(), answered: new Set(), dnc, running: null };
      info.resumable = state === 'load-paused' && list !== null && info.nextIndex < list.customers.length;
      recount(t);
      queues.set(info.key, t);
    }
  }

  function idsOf(list: StoredList | null, sentUpTo: number): Set<string> {
    const ids = new Set(list?.earlierIds ?? []);
    for (const c of list?.customers.slice(0, sentUpTo) ?? []) ids.add(c.id);
    return ids;
  }

  function persist(force: boolean): void {
    if (!force && now() - lastPersist < PERSIST_EVERY_MS) return;
    lastPersist = now();
    const stored = [...queues.values()].map(({ info }) => {
      const { resumable: _r, progress: _p, dnc: _d, ...rest } = info;
      return rest;
    });
    try {
      deps.settings.setOutbound({ queues: stored });
    } catch (e) {
      log(`outbound: could not save the queues: ${(e as Error).message}`);
    }
  }

  function state(): OutboundState {
    const own = [...queues.values()].map((t) => t.info);
    const shown = [...own, ...[...others.values()].filter((q) => !queues.has(q.key))];
    return { queues: shown.sort((a, b) => b.updatedAt - a.updatedAt) };
  }

  /** Tell the renderer, at most every EMIT_EVERY_MS (the last change always goes out). */
  function changed(force = false): void {
    const wait = EMIT_EVERY_MS - (now() - lastEmit);
    if (force || wait <= 0) {
      if (emitTimer) clearTimeout(emitTimer);
      emitTimer = null;
      lastEmit = now();
      deps.emit(state());
      return;
    }
    emitTimer ??= setTimeout(() => {
      emitTimer = null;
      lastEmit = now();
      deps.emit(state());
    }, wait);
    emitTimer.unref?.();
  }

  function recount(t: Tracked): void {
    const dialled = t.dialled.size;
    const answered = t.answered.size;
    t.info.progress = { dialled, answered, failed: dialled - answered, remaining: Math.max(0, t.info.succeeded - dialled) };
  }

  function update(t: Tracked, patch: Partial<OutboundQueueInfo>): void {
    t.info = { ...t.info, ...patch, updatedAt: now() };
  }

  function tracked(ref: Ref): Tracked | undefined {
    return queues.get(outboundKey(ref.family, ref.queueCode));
  }

  function connected(): { ctx: ActionContext; api: NonNullable<ActionContext['connector']['outbound']> } | { ok: false; error: AppError } {
    const ctx = deps.context();
    if (!ctx) return fail('NOT_CONNECTED', 'Not connected to a PBX: connect first.');
    const api = ctx.connector.outbound;
    if (!ctx.connector.capabilities.has('outbound-queues') || !api) {
      return fail('NOT_SUPPORTED', `${ctx.system.toUpperCase()} has no autodialer or autocall queues the console can load.`);
    }
    return { ctx, api };
  }

  async function audit(ctx: ActionContext, kind: ActionOutcome['kind'], key: string, detail: string, rows: number, origin: RequestOrigin, error: AppError | null): Promise<void> {
    const subject: AuditSubject = { agentName: null, extension: null, number: null, queue: key, rows };
    try {
      await deps.audit.append({ at: now(), user: ctx.user, system: ctx.system, kind, target: key, detail, ok: error === null, error, origin, subject });
    } catch (e) {
      log(`audit log write failed: ${(e as Error).message}`);
    }
  }

  /**
   * The list's rows, minus the queue's do-not-call ids: what a preview shows and a load sends. Read in the
   * decode worker, so a 100,000-row list leaves the floor's tick alone; null on a fault of our own (logged).
   */
  async function check(request: { csv?: string; xlsx?: string; sheet?: string }, ref: Ref, want: 'preview' | 'load'): Promise<CustomerListResult | null> {
    const file: ListFile =
      request.xlsx !== undefined ? { xlsx: request.xlsx, ...(request.sheet !== undefined ? { sheet: request.sheet } : {}) } : { csv: request.csv ?? '' };
    try {
      return await deps.readList(file, [...dncOf(ref)], want);
    } catch (e) {
      log(`outbound: reading a list failed: ${(e as Error).message}`);
      return null;
    }
  }
  const unreadable = (): { ok: false; error: AppError } => fail('INTERNAL', 'The list could not be read inside Floorwatch; the details are in its log.');

  function dncOf(ref: Ref): ReadonlySet<string> {
    const key = outboundKey(ref.family, ref.queueCode);
    return queues.get(key)?.dnc ?? new Set(lists.readDnc(key));
  }

  /** Send customers[startAt..] of the queue's list; the report folds into the queue as batches answer. */
  function run(t: Tracked, list: StoredList, startAt: number, ctx: ActionContext, api: NonNullable<ActionContext['connector']['outbound']>, origin: RequestOrigin, resumed: boolean): void {
    const abort = new AbortController();
    const base = { sent: t.info.sent, succeeded: t.info.succeeded, failed: t.info.failed };
    const fields = t.info.fields;
    const onBatch = (_: unknown, report: OutboundLoadReport): void => {
      for (const b of report.batches.slice(-1)) for (const id of b.succeeded) t.ids.add(id);
      update(t, { sent: base.sent + report.sent, succeeded: base.succeeded + report.succeeded, failed: base.failed + report.failed, nextIndex: report.nextIndex });
      recount(t);
      persist(false);
      changed();
    };
    const options = { startAt, signal: abort.signal, onBatch };
    const sending = fields.family === 'autodialer' ? api.loadAutodialer(fields, list.customers, options) : api.loadAutocall(fields, list.customers, options);
    const done = sending.then(
      async (report) => {
        const error = report.batches.find((b) => b.error)?.error ?? null;
        const complete = report.complete;
        update(t, {
          state: complete ? 'running' : 'load-paused', resumable: !complete, lastError: error,
          nextIndex: report.nextIndex,
        });
        recount(t);
        persist(true);
        changed(true);
        const words = `${report.sent} sent, ${report.succeeded} taken, ${report.failed} refused${report.cancelled ? ', cancelled' : ''}${complete ? '' : `, stopped at row ${report.nextIndex + 1} of ${list.customers.length}`}`;
        await audit(ctx, 'outbound-load', t.info.key, `${resumed ? 'resumed: ' : ''}${words}`, report.sent, origin, error);
        // The PBX has the autocall queue now: the console's do-not-call ids go to its own DNC too.
        if (fields.family === 'autocall' && report.succeeded > 0 && t.dnc.size > 0 && t.info.dncSentAt === null) await pushDnc(t, ctx, api, origin);
      },
      async (e: unknown) => {
        const error: AppError = e instanceof ConnectorError ? e.error : { code: 'INTERNAL', message: 'The load failed inside Floorwatch; the details are in its log.' };
        if (!(e instanceof ConnectorError)) log(`outbound load failed: ${(e as Error).stack ?? String(e)}`);
        update(t, { state: 'load-paused', resumable: true, lastError: error });
        persist(true);
        changed(true);
        await audit(ctx, 'outbound-load', t.info.key, 'failed', 0, origin, error);
      },
    ).finally(() => {
      t.running = null;
    });
    t.running = { abort, done };
  }

  /** Import the queue's DNC ids into the PBX (autocall), audited; a failure is the queue's last error. */
  async function pushDnc(t: Tracked, ctx: ActionContext, api: NonNullable<ActionContext['connector']['outbound']>, origin: RequestOrigin): Promise<void> {
    let error: AppError | null = null;
    try {
      await api.importDnc(t.info.queueCode, [...t.dnc]);
    } catch (e) {
      if (!(e instanceof ConnectorError)) throw e;
      error = e.error;
    }
    update(t, error ? { lastError: error } : { dncSentAt: now() });
    persist(true);
    changed(true);
    await audit(ctx, 'outbound-dnc', t.info.key, `${t.dnc.size} ids sent to the PBX after the load`, t.dnc.size, origin, error);
  }

  restore();

  return {
    state,

    async preview(request) {
      const read = await check(request, request, 'preview');
      return read ? { ok: true, data: read.preview } : unreadable();
    },

    async load(request, origin) {
      const before = connected();
      if ('ok' in before) return before;
      const fields = request.queue;
      const key = outboundKey(fields.family, fields.queueCode);
      const busy = (): { ok: false; error: AppError } | null =>
        queues.get(key)?.running ? fail('ACTION_IN_FLIGHT', `A list is still going out to queue ${fields.queueCode}: cancel it or wait for it to finish.`) : null;
      if (busy()) return busy()!;
      const read = await check(request, fields, 'load');
      if (!read) return unreadable();
      // Another load into this queue may have started while the list was read, or the session changed.
      if (busy()) return busy()!;
      const c = connected();
      if ('ok' in c) return c;
      const { ctx, api } = c;
      const { preview, customers, customersJson } = read;
      if (preview.fileError) return fail('INVALID_PAYLOAD', `The list cannot be read: ${listReasonText(preview.fileError)}.`);
      if (customers.length === 0) {
        return fail('INVALID_PAYLOAD', preview.dncCount > 0 ? 'Every valid row of the list is on the do-not-call list: nothing to send.' : 'The list has no row that can be sent.');
      }
      const existing = queues.get(key);
      const earlierIds = existing ? [...existing.ids] : [];
      const list: StoredList = { customers, earlierIds };
      try {
        lists.writeList(key, list, customersJson);
      } catch (e) {
        // Without the kept list a cancel could not resume: refuse rather than send what cannot be resumed.
        log(`outbound: could not keep the list of ${key}: ${(e as Error).message}`);
        return fail('INTERNAL', 'The list could not be saved in the data folder, so nothing was sent (see the log).');
      }
      listed.add(key, fields.queueCode, customers);
      deps.onListed?.();
      const t = ensure(fields);
      update(t, {
        fields, state: 'loading', rows: customers.length, sent: 0, succeeded: 0, failed: 0, dncDropped: preview.dncCount, nextIndex: 0,
        resumable: false, lastError: null,
      });
      run(t, list, 0, ctx, api, origin, false);
      persist(true);
      changed(true);
      return { ok: true, data: t.info };
    },

    cancel(ref) {
      const t = tracked(ref);
      if (!t) return fail('NOT_FOUND', `The console does not know queue ${ref.queueCode}.`);
      if (!t.running) return fail('CONFLICT', `No list is going out to queue ${ref.queueCode}.`);
      // Between batches: the batch on its way gets its answer, nothing after it is sent.
      t.running.abort.abort();
      return { ok: true, data: t.info };
    },

    async resume(ref, origin) {
      const c = connected();
      if ('ok' in c) return c;
      const t = tracked(ref);
      if (!t) return fail('NOT_FOUND', `The console does not know queue ${ref.queueCode}.`);
      if (t.running) return fail('ACTION_IN_FLIGHT', `A list is still going out to queue ${ref.queueCode}.`);
      const list = lists.readList(t.info.key);
      if (!list || t.info.nextIndex >= list.customers.length) return fail('CONFLICT', `Nothing is left to send to queue ${ref.queueCode}.`);
      // Rows put on the do-not-call list since the load began are dropped now, before they are sent.
      const rest = list.customers.slice(t.info.nextIndex);
      const keep = rest.filter((x) => !t.dnc.has(x.id));
      const now2 = { ...list, customers: [...list.customers.slice(0, t.info.nextIndex), ...keep] };
      if (keep.length !== rest.length) lists.writeList(t.info.key, now2);
      update(t, { state: 'loading', resumable: false, lastError: null, rows: now2.customers.length, dncDropped: t.info.dncDropped + rest.length - keep.length });
      run(t, now2, t.info.nextIndex, c.ctx, c.api, origin, true);
      persist(true);
      changed(true);
      return { ok: true, data: t.info };
    },

    async act(request, origin) {
      const c = connected();
      if ('ok' in c) return c;
      const { ctx, api } = c;
      const key = outboundKey(request.family, request.queueCode);
      const t = queues.get(key);
      if (t?.running) return fail('ACTION_IN_FLIGHT', `A list is still going out to queue ${request.queueCode}: cancel it first.`);
      const kind = `outbound-${request.action}` as const;
      const lock = deps.guard.acquire(`outbound:${key}`, kind);
      if (!lock.ok) return lock;
      let error: AppError | null = null;
      try {
        await api.queueAction(request.family, request.action, request.queueCode);
      } catch (e) {
        if (!(e instanceof ConnectorError)) {
          lock.release();
          throw e;
        }
        error = e.error;
      }
      lock.release();
      // A queue the PBX does not know is gone, whatever the console thought.
      const next = error === null ? ({ start: 'running', stop: 'stopped', delete: 'gone' } as const)[request.action] : error.code === 'NOT_FOUND' ? 'gone' : undefined;
      if (t) {
        update(t, { ...(next ? { state: next } : {}), lastError: error, ...(next === 'gone' ? { resumable: false } : {}) });
        persist(true);
        changed(true);
      }
      await audit(ctx, kind, key, request.action, t?.info.succeeded ?? 0, origin, error);
      return error ? { ok: false, error } : { ok: true, data: { kind, target: key, at: now() } };
    },

    async importDnc(request, origin) {
      const parsed = parseDncList(request.text);
      if (parsed.ids.length === 0) {
        return fail('INVALID_PAYLOAD', parsed.bad.length > 0 ? `No customer id in the file (line ${parsed.bad[0]!.line}: "${parsed.bad[0]!.text}").` : 'The file has no customer id.');
      }
      const key = outboundKey(request.family, request.queueCode);
      // A queue the console did not know is remembered from here on ('new'): its list is checked on loading.
      const t = ensure(request);
      const dnc = t.dnc;
      const before = dnc.size;
      for (const id of parsed.ids) {
        if (dnc.size >= MAX_DNC_IDS) break;
        dnc.add(id);
      }
      const added = dnc.size - before;
      lists.writeDnc(key, [...dnc]);
      const ctx = deps.context();
      let error: AppError | null = null;
      let sentAt: number | null = t.info.dncSentAt;
      // Autocall: the PBX's own DNC too, when connected and the queue is one the PBX has (it answers "queue
      // not found" otherwise): a list imported before the first load is sent after that load.
      if (request.family === 'autocall' && ctx?.connector.outbound && ctx.connector.capabilities.has('outbound-queues') && t.info.state !== 'gone' && t.info.state !== 'new') {
        try {
          await ctx.connector.outbound.importDnc(request.queueCode, [...dnc]);
          sentAt = now();
        } catch (e) {
          if (!(e instanceof ConnectorError)) throw e;
          error = e.error;
        }
      }
      update(t, { dnc: dnc.size, dncSentAt: sentAt, ...(error ? { lastError: error } : {}) });
      persist(true);
      changed(true);
      if (ctx) await audit(ctx, 'outbound-dnc', key, `${added} added, ${dnc.size} on the list${sentAt !== null && error === null && request.family === 'autocall' ? ', sent to the PBX' : ''}`, parsed.ids.length, origin, error);
      return { ok: true, data: { ...t.info, added, bad: parsed.bad.slice(0, PREVIEW_PROBLEMS) } };
    },

    async clearDnc(ref, origin) {
      const t = tracked(ref);
      if (!t) return fail('NOT_FOUND', `The console does not know queue ${ref.queueCode}.`);
      const key = t.info.key;
      const count = t.dnc.size;
      t.dnc.clear();
      lists.writeDnc(key, []);
      update(t, { dnc: 0 });
      persist(true);
      changed(true);
      const ctx = deps.context();
      // The PBX's DNC has no removal in the seed: only the console's list is cleared (said in the UI).
      if (ctx) await audit(ctx, 'outbound-dnc', key, `cleared ${count} ids (the console's list; the PBX keeps what it was sent)`, count, origin, null);
      return { ok: true, data: t.info };
    },

    forget(ref) {
      const key = outboundKey(ref.family, ref.queueCode);
      const t = queues.get(key);
      if (!t) return fail('NOT_FOUND', `The console does not know queue ${ref.queueCode}.`);
      if (t.running) return fail('ACTION_IN_FLIGHT', `A list is still going out to queue ${ref.queueCode}: cancel it first.`);
      queues.delete(key);
      lists.remove(key);
      listed.remove(key);
      persist(true);
      changed(true);
      return { ok: true, data: state() };
    },

    listedCustomer: (number) => listed.get(number),

    observeRecords(records) {
      let moved = false;
      for (const r of records) {
        if (!r.customerId) continue;
        for (const t of queues.values()) {
          if (!t.ids.has(r.customerId)) continue;
          if (!t.dialled.has(r.customerId)) {
            t.dialled.add(r.customerId);
            moved = true;
          }
          if (r.status === 'answered' && !t.answered.has(r.customerId)) {
            t.answered.add(r.customerId);
            moved = true;
          }
        }
      }
      if (!moved) return;
      for (const t of queues.values()) recount(t);
      changed();
    },

    foreign(list) {
      const next = new Map<string, OutboundQueueInfo>();
      for (const q of list) next.set(q.info.key, { ...q.info, sharedBy: q.by });
      if (next.size === 0 && others.size === 0) return;
      others = next;
      changed(true);
    },

    async settled(ref) {
      await tracked(ref)?.running?.done;
    },
  };

  /** The queue's record, created ('new', blank fields) when the console did not know it. */
  function ensure(ref: Ref): Tracked {
    const key = outboundKey(ref.family, ref.queueCode);
    const known = queues.get(key);
    if (known) return known;
    const fields: OutboundQueueFields = ref.family === 'autocall'
      ? { family: 'autocall', queueCode: ref.queueCode, template: '' }
      : { family: 'autodialer', queueCode: ref.queueCode, campaignId: '', precallRatio: 0, maxRecallCount: 0, queueAgents: '' };
    const dnc = new Set(lists.readDnc(key));
    const t: Tracked = {
      info: {
        key, family: ref.family, queueCode: ref.queueCode, fields, state: 'new', updatedAt: now(),
        rows: 0, sent: 0, succeeded: 0, failed: 0, dncDropped: 0, nextIndex: 0, resumable: false,
        progress: { dialled: 0, answered: 0, failed: 0, remaining: 0 }, lastError: null, dnc: dnc.size, dncSentAt: null,
      },
      ids: new Set(), dialled: new Set(), answered: new Set(), dnc, running: null,
    };
    queues.set(key, t);
    return t;
  }
}
