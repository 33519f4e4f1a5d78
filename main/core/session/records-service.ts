// The day on the floor and its history, for the bridge: today's reconciled figures (per queue and for the
// floor, by half hour), per-agent today, the call-history search, one record's details, and its recording.
//
// Recordings: main fetches the bytes (the PBX's URL and token never reach the page) and keeps the last few
// under a random, unguessable token; the host serves them at /recordings/<token> on the app's own origin
// (app:// in the desktop shell, the web host's origin in the browser), so the page's CSP keeps
// media-src 'self'. Tokens live for this run only, the cache holds at most RECORDING_CACHE entries.
import { randomBytes } from 'node:crypto';
import type { BridgeResult, HistoryPage, HistorySearch, RecordingRef } from '../../../common/contract';
import type { AgentToday, AppError, CallRecord, TodayState } from '../../../common/domain';
import { ConnectorError, type CallRecordsApi } from '../connectors/connector';
import type { FloorPicture } from '../picture/floor-picture';
import type { DayStores } from './day-stores';
import { createHistorySearcher } from './history-search';

const RECORDING_CACHE = 8;
const RECORDING_PATH = '/recordings/';

interface RecordsContext {
  /** The connected system's record API and name; null when not connected. */
  api(): { api: CallRecordsApi | null; system: string } | null;
  stores(): DayStores;
  picture(): FloorPicture;
  /** When the record source last answered, and whether this day's first pass has finished. */
  /** `hub`: the floor whose hub read them (`at`: its last read), while this console takes its passes. */
  recordsStatus(): { at: number | null; complete: boolean; hub?: string };
  settings(): { shortAbandonSec: number };
  now(): number;
  log(message: string): void;
}

export interface RecordsService {
  today(queueId: string | undefined): BridgeResult<TodayState>;
  agents(): BridgeResult<AgentToday[]>;
  search(request: HistorySearch): Promise<BridgeResult<HistoryPage>>;
  record(id: string): Promise<BridgeResult<CallRecord>>;
  recording(id: string): Promise<BridgeResult<RecordingRef>>;
  /** The bytes behind a /recordings/<token> path, for the host; undefined when unknown. */
  readRecording(path: string): { bytes: Buffer; contentType: string } | undefined;
}

const fail = (code: AppError['code'], message: string): { ok: false; error: AppError } => ({ ok: false, error: { code, message } });

export function createRecordsService(ctx: RecordsContext): RecordsService {
  const cache = new Map<string, { id: string; bytes: Buffer; contentType: string }>();
  const searcher = createHistorySearcher();

  /** The record API, or the reason there is none (the views say why, as the other panels do). */
  function apiOrWhy(): CallRecordsApi | { ok: false; error: AppError } {
    const c = ctx.api();
    if (!c) return fail('NOT_CONNECTED', 'Not connected to a PBX: connect first.');
    if (!c.api) return fail('NOT_SUPPORTED', `${c.system.toUpperCase()} offers no call records to read.`);
    return c.api;
  }

  async function guarded<T>(run: () => Promise<T>): Promise<BridgeResult<T>> {
    try {
      return { ok: true, data: await run() };
    } catch (e) {
      if (e instanceof ConnectorError) return { ok: false, error: e.error };
      throw e;
    }
  }

  return {
    today(queueId) {
      const { daily } = ctx.stores();
      daily.rollDay();
      const entries = ctx.picture().snapshot().queueEntries;
      const detail = new Set(['', ...(queueId ? [queueId] : [])]);
      const status = ctx.recordsStatus();
      return {
        ok: true,
        data: {
          day: daily.day().key, dayStart: daily.day().start, at: ctx.now(), queues: daily.today(entries, detail),
          shortAbandonSec: ctx.settings().shortAbandonSec, recordsAt: status.at, records: daily.recordCount(), catchingUp: !status.complete,
          ...(status.hub !== undefined ? { recordsHub: status.hub } : {}),
        },
      };
    },
    agents() {
      const { daily, pauses } = ctx.stores();
      daily.rollDay();
      // Every agent on the floor (with or without calls today), then extensions only the records name.
      const figures = daily.agents();
      const paused = pauses.today();
      const out: AgentToday[] = [];
      const none = { answered: 0, missed: 0, talkSec: 0, ahtSec: null, lastCallAt: null };
      for (const a of ctx.picture().snapshot().agents) {
        const ext = a.extension ?? '';
        const calls = (ext && figures.get(ext)) || none;
        if (ext) figures.delete(ext);
        out.push({ extension: ext, agentId: a.id, name: a.name, ...calls, pauses: 0, pausedSec: 0, ...paused.get(a.id) });
      }
      for (const [extension, calls] of figures) out.push({ extension, agentId: null, name: '', ...calls, pauses: 0, pausedSec: 0 });
      return { ok: true, data: out };
    },
    async search(request) {
      const api = apiOrWhy();
      if ('ok' in api) return api;
      return guarded(() => searcher.search(api, request));
    },
    async record(id) {
      const api = apiOrWhy();
      if ('ok' in api) return api;
      return guarded(() => api.get(id));
    },
    async recording(id) {
      const api = apiOrWhy();
      if ('ok' in api) return api;
      for (const [token, hit] of cache) {
        if (hit.id === id) return { ok: true, data: { url: `${RECORDING_PATH}${token}`, contentType: hit.contentType, bytes: hit.bytes.length } };
      }
      const got = await guarded(() => api.recording(id));
      if (!got.ok) return got;
      if (!got.data) return fail('NOT_FOUND', 'This call has no recording.');
      const token = randomBytes(18).toString('base64url');
      cache.set(token, { id, ...got.data });
      for (const key of cache.keys()) {
        if (cache.size <= RECORDING_CACHE) break;
        cache.delete(key);
      }
      return { ok: true, data: { url: `${RECORDING_PATH}${token}`, contentType: got.data.contentType, bytes: got.data.bytes.length } };
    },
    readRecording(path) {
      if (!path.startsWith(RECORDING_PATH)) return undefined;
      const hit = cache.get(path.slice(RECORDING_PATH.length).split('?')[0] ?? '');
      return hit ? { bytes: hit.bytes, contentType: hit.contentType } : undefined;
    },
  };
}
