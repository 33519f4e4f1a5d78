// The Evolux connector (seed 001, agent API v1): the `token` header; the agent list walked page by page
// (limit at most 50) into the live picture; pause reasons per agent; pause / unpause / log off; queue
// membership through PUT /api/v1/agents/{id}. Evolux lists no calls and no queue callers, so it declares
// neither live-calls nor queue-monitor. The API token never leaves this module.
import type { Agent, Capability, PauseReason } from '../../../../common/domain';
import { ConnectorError, type Connector, type ConnectorOptions, type PollSource } from '../connector';
import { createHttpClient, type HttpClient, type HttpResponse } from '../../http/http-client';
import { badShape, failureInBody, listFailure, notJson } from '../../http/http-errors';
import { FieldError } from '../../http/json-fields';
import { evoluxFailure, evoluxStatus, expectEvoluxSuccess } from './errors';
import { normaliseAgentsPage, normalisePausesPage, type EvoluxPage } from './normalise';

const CAPABILITIES: readonly Capability[] = ['live-agents', 'agent-pause', 'agent-pause-reasons', 'agent-logoff', 'queue-membership'];
/** The seed's maximum page size. */
const PAGE_LIMIT = 50;
/** Pages fetched at once after the first: enough to walk 10,000 agents in a few round trips, polite to the PBX. */
const PAGE_CONCURRENCY = 4;
/** A PBX whose pagination never ends is cut off here (200,000 agents at 50 a page). */
const MAX_PAGES = 4000;

function apiKeyOf(options: ConnectorOptions): string {
  if ('apiKey' in options.credentials) return options.credentials.apiKey;
  throw new ConnectorError({ code: 'BAD_CREDENTIALS', message: 'Evolux uses an API token: enter it as the API key (no username or password).' });
}

function agentPath(agent: Agent, verb?: string): string {
  return `/api/v1/agents/${encodeURIComponent(agent.id)}${verb ? `/${verb}` : ''}`;
}

function label(agent: Agent): string {
  return agent.name || agent.username || `agent ${agent.id}`;
}

export function createEvoluxConnector(options: ConnectorOptions): Connector {
  const token = apiKeyOf(options);
  const http: HttpClient = createHttpClient({ baseUrl: options.apiHost, timeoutMs: options.requestTimeoutMs, secrets: () => [token] });
  const headers = { token };
  /** Pause reason id -> limit (seconds), learned from the pauses lists, for pauses without max_duration. */
  const limits = new Map<string, number | null>();

  const send = (method: 'GET' | 'POST' | 'PUT', path: string, extra: { query?: Record<string, number>; body?: unknown; signal?: AbortSignal } = {}): Promise<HttpResponse> =>
    http.send({ method, path, headers, ...extra });

  /** GET one page and read it; an error answer or a bad shape throws the matching ConnectorError. */
  async function getPage<T>(path: string, page: number, read: (json: unknown) => EvoluxPage<T>, what: string, signal?: AbortSignal): Promise<EvoluxPage<T>> {
    const res = await send('GET', path, { query: { page, limit: PAGE_LIMIT }, ...(signal ? { signal } : {}) });
    const status = evoluxStatus(res);
    if (status < 200 || status > 299) throw new ConnectorError(evoluxFailure(status, res, what, http.redact));
    if (res.json === undefined) throw notJson(res);
    // meta.status is read above; an answer marked failed otherwise (an "error", "status": "fail") is a failed
    // page too, never an empty one.
    const failed = failureInBody(res.json);
    if (failed) throw listFailure(res, res.json, failed);
    try {
      return read(res.json);
    } catch (err) {
      if (err instanceof FieldError) throw badShape(res.request, err.field, err.problem);
      throw err;
    }
  }

  /**
   * Every page of a list. Page 1 tells the total and the page size the PBX used; the other pages are then
   * fetched a few at a time. Without a total, pages are walked one by one while next_url is set. Rows that
   * moved between pages during the walk are kept once (by `key`).
   */
  async function walk<T>(path: string, read: (json: unknown) => EvoluxPage<T>, key: (row: T) => string, what: string, signal?: AbortSignal): Promise<T[]> {
    const first = await getPage(path, 1, read, what, signal);
    const pages: EvoluxPage<T>[] = [first];
    if (first.hasNext && first.total !== null && first.limit !== null && first.limit > 0) {
      const last = Math.min(MAX_PAGES, Math.ceil(first.total / first.limit));
      let next = 2;
      const worker = async (): Promise<void> => {
        while (next <= last) {
          const page = next++;
          pages[page - 1] = await getPage(path, page, read, what, signal);
        }
      };
      await Promise.all(Array.from({ length: Math.min(PAGE_CONCURRENCY, last - 1) }, worker));
    } else {
      for (let page = 2, prev = first; prev.hasNext && page <= MAX_PAGES; page++) {
        prev = await getPage(path, page, read, what, signal);
        pages.push(prev);
      }
    }
    const seen = new Set<string>();
    const out: T[] = [];
    for (const p of pages) {
      for (const row of p.rows) {
        const k = key(row);
        if (!seen.has(k)) {
          seen.add(k);
          out.push(row);
        }
      }
    }
    return out;
  }

  const listAgents = (signal?: AbortSignal): Promise<Agent[]> =>
    walk('/api/v1/agents', (json) => normaliseAgentsPage(json, limits), (a) => a.id, 'list the agents', signal);

  const sources: PollSource[] = [{ id: 'agents', fetch: async (signal) => ({ agents: await listAgents(signal) }) }];

  async function post(agent: Agent, verb: string, what: string, body?: unknown): Promise<void> {
    const res = await send('POST', agentPath(agent, verb), body === undefined ? {} : { body });
    expectEvoluxSuccess(res, what, http.redact);
  }

  return {
    system: 'evolux',
    capabilities: new Set(CAPABILITIES),
    async connect() {
      // Evolux has no login: one small list request proves the host is Evolux and the token is good.
      const res = await send('GET', '/api/v1/agents', { query: { page: 1, limit: 1 } });
      const status = evoluxStatus(res);
      if (status === 401 || status === 403) {
        throw new ConnectorError({ code: 'BAD_CREDENTIALS', message: `Evolux at ${http.host} refused the API token (HTTP ${status}).` });
      }
      const looksRight = typeof res.json === 'object' && res.json !== null && Array.isArray((res.json as { data?: unknown }).data);
      if (status >= 200 && status <= 299 && !looksRight) {
        throw new ConnectorError({ code: 'NOT_A_PBX', message: `${http.host} did not answer like the Evolux agent API (GET /api/v1/agents).` });
      }
      if (status === 404) throw new ConnectorError({ code: 'NOT_A_PBX', message: `${http.host} has no Evolux agent API (GET /api/v1/agents: HTTP 404).` });
      if (status < 200 || status > 299) throw new ConnectorError(evoluxFailure(status, res, 'connect to Evolux', http.redact));
      return { user: 'Evolux API token' };
    },
    sources: () => sources,
    async pauseReasons(agent): Promise<PauseReason[]> {
      const reasons = await walk(agentPath(agent, 'pauses'), normalisePausesPage, (r) => r.id, `list the pause reasons of ${label(agent)}`);
      for (const r of reasons) limits.set(r.id, r.limitSec);
      return reasons;
    },
    async pauseAgent(agent, reasonId) {
      if (reasonId === undefined || !/^\d+$/.test(reasonId)) {
        throw new ConnectorError({ code: 'INVALID_PAYLOAD', field: 'reasonId', message: 'Evolux needs a pause reason: choose one from the list.' });
      }
      await post(agent, 'pause', `pause ${label(agent)}`, { pause_id: Number(reasonId) });
    },
    resumeAgent: (agent) => post(agent, 'unpause', `resume ${label(agent)}`),
    logoffAgent: (agent) => post(agent, 'logoff', `log ${label(agent)} off`),
    async setQueues(agent, queueIds) {
      const res = await send('PUT', agentPath(agent), { body: { queues: queueIds.map(Number) } });
      expectEvoluxSuccess(res, `change the queues of ${label(agent)}`, http.redact);
    },
    close: () => http.close(),
  };
}
