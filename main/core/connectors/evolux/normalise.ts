// Evolux vendor JSON (seed 001) -> domain types: one page of GET /api/v1/agents, its pagination block, and
// GET /api/v1/agents/{id}/pauses. Pure functions; a shape problem throws a FieldError naming the field.
import type { Agent, PauseReason } from '../../../../common/domain';
import { FieldError, expectObject, isObject, type JsonObject } from '../../http/json-fields';
import { parseRfc3339 } from '../../time/parse-time';

export interface EvoluxPage<T> {
  rows: T[];
  /** Total items over all pages; null when the answer has no pagination block. */
  total: number | null;
  /** Items per page the PBX actually used (it may cap the requested limit). */
  limit: number | null;
  /** The PBX says there is a next page. */
  hasNext: boolean;
}

/** `body[key]` as a list; `body` itself must be an object. */
function listOf(body: unknown, key: string): unknown[] {
  const v = expectObject(body, '(body)')[key];
  if (Array.isArray(v)) return v;
  throw new FieldError(key, v === undefined ? 'is missing' : 'should be a list');
}

/** Optional text: missing or null read as ''. */
function optText(v: unknown, at: string): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  throw new FieldError(at, 'should be text');
}

function intOf(v: unknown, at: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  throw new FieldError(at, v === undefined ? 'is missing' : 'should be an integer');
}

/** A number of seconds, null when absent, null or 0 (no limit). */
function optSeconds(v: unknown, at: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v > 0 ? v : null;
  throw new FieldError(at, 'should be a number of seconds');
}

function optTime(row: JsonObject, key: string, at: string): number | null {
  const v = row[key];
  if (v === undefined || v === null || v === '') return null;
  const t = typeof v === 'string' ? parseRfc3339(v) : null;
  if (t === null) throw new FieldError(`${at}.${key}`, 'is not a time');
  return t;
}

/** The seed's pagination block; a missing block reads as one page. */
function readPagination(body: JsonObject): Omit<EvoluxPage<unknown>, 'rows'> {
  const p = body.pagination;
  if (p === undefined || p === null) return { total: null, limit: null, hasNext: false };
  const pg = expectObject(p, 'pagination');
  const num = (key: string): number | null => {
    const v = pg[key];
    return v === undefined || v === null ? null : intOf(v, `pagination.${key}`);
  };
  const next = pg.next_url;
  if (next !== undefined && next !== null && typeof next !== 'string') throw new FieldError('pagination.next_url', 'should be text or null');
  return { total: num('total'), limit: num('limit'), hasNext: typeof next === 'string' && next !== '' };
}

/** "sip/3012" -> "3012": the seed writes extensions with the channel technology in front. */
export function stripTechnology(exten: string): string {
  return exten.replace(/^[a-z0-9]+\//i, '');
}

/**
 * One page of agents, archived agents left out. `limits` maps a pause reason id to its limit in seconds,
 * learned from the pauses lists, for a current pause that carries no max_duration of its own.
 */
export function normaliseAgentsPage(body: unknown, limits: ReadonlyMap<string, number | null> = new Map()): EvoluxPage<Agent> {
  const list = listOf(body, 'data');
  const rows: Agent[] = [];
  for (let i = 0; i < list.length; i++) {
    const at = `data[${i}]`;
    const row = expectObject(list[i], at);
    if (row.archived === true) continue;
    const id = String(intOf(row.id, `${at}.id`));
    const login = optText(row.login, `${at}.login`);
    const name = optText(row.name, `${at}.name`) || login || id;
    const rawExt = row.current_extension;
    if (rawExt !== undefined && rawExt !== null && typeof rawExt !== 'string' && typeof rawExt !== 'number') {
      throw new FieldError(`${at}.current_extension`, 'should be text or null');
    }
    const extension = rawExt === undefined || rawExt === null || rawExt === '' ? null : stripTechnology(String(rawExt));
    const queuesRaw = row.queues ?? [];
    if (!Array.isArray(queuesRaw)) throw new FieldError(`${at}.queues`, 'should be a list');
    const queues = queuesRaw.map((q, k) => String(intOf(isObject(q) ? q.id : q, `${at}.queues[${k}]`)));

    let state: Agent['state'] = extension === null ? 'offline' : 'available';
    let stateSince: number | null = null;
    let pauseReason: string | null = null;
    let pauseLimitSec: number | null = null;
    const lastLogin = row.last_login;
    if (isObject(lastLogin)) {
      stateSince = extension === null ? optTime(lastLogin, 'time_logoff', `${at}.last_login`) : optTime(lastLogin, 'time_login', `${at}.last_login`);
    }
    const pause = row.current_pause;
    if (extension !== null && pause !== undefined && pause !== null) {
      const p = expectObject(pause, `${at}.current_pause`);
      const reason = isObject(p.reason) ? p.reason : null;
      state = 'paused';
      stateSince = optTime(p, 'time_start', `${at}.current_pause`);
      pauseReason = reason && typeof reason.description === 'string' && reason.description !== '' ? reason.description : null;
      const reasonId = reason?.id ?? p.reason_id;
      pauseLimitSec =
        optSeconds(p.max_duration, `${at}.current_pause.max_duration`) ??
        (reasonId !== undefined && reasonId !== null ? (limits.get(String(reasonId)) ?? null) : null);
    }
    rows.push({
      id, name, username: login, extension, state, stateSince, pauseReason, pauseLimitSec, queues,
      campaign: null, callId: null, origin: 'pbx', answeredToday: null,
    });
  }
  return { rows, ...readPagination(expectObject(body, '(body)')) };
}

/** One page of an agent's pauses: the reasons a supervisor can choose, with limit_duration (seconds). */
export function normalisePausesPage(body: unknown): EvoluxPage<PauseReason> {
  const list = listOf(body, 'data');
  const rows: PauseReason[] = list.map((item, i) => {
    const row = expectObject(item, `data[${i}]`);
    const pause = expectObject(row.pause, `data[${i}].pause`);
    const id = String(intOf(pause.id, `data[${i}].pause.id`));
    if (typeof pause.description !== 'string' || pause.description === '') throw new FieldError(`data[${i}].pause.description`, 'is missing');
    return { id, name: pause.description, limitSec: optSeconds(row.limit_duration, `data[${i}].limit_duration`) };
  });
  return { rows, ...readPagination(expectObject(body, '(body)')) };
}
