// Evolux, as seed 001 shows it (agent API v1, from 6.15.0): the `token` header; GET /api/v1/agents with
// page / limit (at most 50) and the seed's pagination block; PUT /api/v1/agents/{id} (queues); GET
// /api/v1/agents/{id}/pauses; POST .../pause {pause_id}, .../unpause, .../logoff; errors in meta.status /
// meta.message / errors. Choices where the seed is vague are marked "choice:" (see docs/systems.md).
import type { IncomingHttpHeaders } from 'node:http';
import { json, matchPath, type DialectContext, type DialectFactory, type SimReply, type SimRequest } from '../dialect';
import type { SimAgent } from '../floor-types';

const MAX_LIMIT = 50;
/** choice: a few archived agents (ids after the floor's) so a client must leave them out. */
const ARCHIVED = 3;
const OK = { meta: { status: 200, message: 'OK' } };

/** Evolux pause reasons over the floor's codes; limits come from the floor (seconds, null = none). */
const REASONS: Record<string, { id: number; description: string; type: string | null; productive: boolean }> = {
  BREAK: { id: 49, description: '10 minutos/NR17', type: 'nr17rest10', productive: true },
  LUNCH: { id: 50, description: 'Almoço', type: null, productive: true },
  TRAINING: { id: 51, description: 'Treinamento', type: null, productive: true },
  MEETING: { id: 52, description: 'Reunião', type: null, productive: false },
};
/** A pause set by another dialect without a code. */
const GENERIC_REASON = { id: 48, description: 'Pausa', type: null, productive: false };

const error = (status: number, message: unknown, errors?: unknown): SimReply =>
  json(status, { meta: { status, message }, ...(errors !== undefined ? { errors } : {}) });
const notFound = (): SimReply => error(404, 'Agent not found');
const notLogged = (): SimReply => error(400, 'Agent is not logged');
const semantic = (message: string): SimReply => error(422, message, ['Request well-formed but has a semantic impossibility.']);

/** "2018-07-07T16:40:11+00:00", as the seed writes times. */
const isoTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export const createEvoluxDialect: DialectFactory = (ctx: DialectContext) => {
  const { floor, credentials } = ctx;
  const reasonOf = (code: string) => REASONS[code] ?? GENERIC_REASON;
  const limitOf = (code: string): number | null => {
    const limit = floor.pauseReasons.find((p) => p.code === code)?.limitSec ?? 0;
    return limit > 0 ? limit : null;
  };
  const reasonJson = (code: string) => {
    const r = reasonOf(code);
    return { system: false, productive: r.productive, type: r.type, id: r.id, description: r.description };
  };

  const agentRow = (a: SimAgent) => {
    // choice: the seed shows "sip/3012" in last_login.exten; current_extension comes both ways here.
    const exten = a.id % 2 === 0 ? `sip/${a.extension}` : a.extension;
    return {
      archived: false, enable: true, name: [a.firstName, a.middleName, a.lastName].filter(Boolean).join(' '),
      queues: [...a.queueIds], current_extension: a.loggedIn ? exten : null, last_pause: null,
      last_login: { exten: `sip/${a.extension}`, time_logoff: a.loggedIn ? null : isoTime(a.updatedAt), id: a.id * 1000 + 1, time_login: isoTime(a.loginAt) },
      current_pause: a.loggedIn && a.status === 'paused'
        ? { max_duration: limitOf(a.pauseCode), time_start: isoTime(a.updatedAt), reason_id: reasonOf(a.pauseCode).id, time_end: null, reason: reasonJson(a.pauseCode), id: a.rev }
        : null,
      login: a.username, current_outbound_queue: null, id: a.id,
    };
  };
  const archivedRow = (id: number) => ({
    archived: true, enable: false, name: `Agente arquivado ${id}`, queues: [], current_extension: null, last_pause: null,
    last_login: null, current_pause: null, login: `arquivado.${id}`, current_outbound_queue: null, id,
  });
  // Row JSON is reused while the agent's rev is unchanged: a 10,000-agent walk is 200 pages a poll.
  const texts = new WeakMap<SimAgent, { rev: number; text: string }>();
  const rowJson = (a: SimAgent): string => {
    let hit = texts.get(a);
    if (!hit || hit.rev !== a.rev) {
      hit = { rev: a.rev, text: JSON.stringify(agentRow(a)) };
      texts.set(a, hit);
    }
    return hit.text;
  };
  const total = (): number => floor.agents.length + ARCHIVED;

  /** page / limit as the seed's table says (limit default and maximum 50, page from 1); bad values fall back. */
  const paging = (q: URLSearchParams): { page: number; limit: number } => {
    const int = (v: string | null, dflt: number): number => {
      const n = v === null || v === '' ? dflt : Number(v);
      return Number.isInteger(n) && n >= 1 ? n : dflt;
    };
    return { page: int(q.get('page'), 1), limit: Math.min(MAX_LIMIT, int(q.get('limit'), MAX_LIMIT)) };
  };
  const pagination = (base: string, page: number, limit: number, count: number, items: number) => {
    const last = Math.max(1, Math.ceil(count / limit));
    const url = (p: number): string => `${base}?limit=${limit}&page=${p}`;
    return {
      max_limit: MAX_LIMIT, limit, first_url: url(1), next_url: page < last ? url(page + 1) : null, items,
      last_url: url(last), total: count, current_url: url(page), prev_url: page > 1 ? url(Math.min(page - 1, last)) : null,
    };
  };

  /** Live floor agent by the path's id; archived ids answer "not logged", others 404. */
  const lookup = (id: string): { agent?: SimAgent; archived?: boolean } => {
    if (!/^\d+$/.test(id)) return {};
    const n = Number(id);
    if (n >= 1 && n <= floor.agents.length) return { agent: floor.agent(n) as SimAgent };
    return n > floor.agents.length && n <= total() ? { archived: true } : {};
  };

  const listAgents = (req: SimRequest, base: string): SimReply => {
    const { page, limit } = paging(req.query);
    const from = (page - 1) * limit;
    const parts: string[] = [];
    for (let id = from + 1; id <= Math.min(total(), from + limit); id++) {
      parts.push(id <= floor.agents.length ? rowJson(floor.agent(id) as SimAgent) : JSON.stringify(archivedRow(id)));
    }
    const head = JSON.stringify({ pagination: pagination(`${base}/api/v1/agents/`, page, limit, total(), parts.length), ...OK });
    return { status: 200, body: `${head.slice(0, -1)},"data":[${parts.join(',')}]}`, contentType: 'application/json; charset=utf-8' };
  };

  const listPauses = (req: SimRequest, base: string, a: SimAgent): SimReply => {
    const { page, limit } = paging(req.query);
    const all = floor.pauseReasons.map((p) => ({
      pause: reasonJson(p.code), automatic_unpause: false, queue_id: a.queueIds[0] ?? null, disable_unpause: false,
      // choice: limit_duration is in seconds (the seed's 3600 for "Almoço" reads as an hour).
      limit_duration: p.limitSec > 0 ? p.limitSec : null, id: a.id * 100 + p.id,
    }));
    const data = all.slice((page - 1) * limit, page * limit);
    return json(200, { pagination: pagination(`${base}/api/v1/agents/${a.id}/pauses`, page, limit, all.length, data.length), ...OK, data });
  };

  const pause = (req: SimRequest, a: SimAgent): SimReply => {
    if (req.bodyError) return error(400, 'Bad request', ['Invalid JSON body.']);
    const raw = (req.body as Record<string, unknown> | undefined)?.pause_id;
    const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof id !== 'number' || !Number.isInteger(id)) return error(400, 'Bad request', ['pause_id must be an integer id.']);
    const reason = floor.pauseReasons.find((p) => reasonOf(p.code).id === id);
    // choice: an unknown pause is a 400 with the Portuguese wording of the create-agent errors.
    if (!reason) return error(400, 'Bad request', [`Pausa ${id} não encontrada.`]);
    if (!a.loggedIn) return notLogged();
    if (a.status === 'paused') return semantic('Agent already paused');
    floor.pause(a.id, reason.code);
    return json(200, OK);
  };

  const editAgent = (req: SimRequest, a: SimAgent): SimReply => {
    if (req.bodyError || typeof req.body !== 'object' || req.body === null) return error(400, 'Bad request', ['Invalid JSON body.']);
    const body = req.body as Record<string, unknown>;
    if (body.password !== undefined && (typeof body.password !== 'string' || body.password.trim() === '')) {
      // As the seed shows it (its `errors` there is not valid JSON; a list of one field map here).
      const m = { password: 'password must not be empty or contain only spaces' };
      return error(400, m, [m]);
    }
    if (body.queues !== undefined) {
      const q = body.queues;
      if (!Array.isArray(q) || !q.every((x) => Number.isInteger(x))) {
        return error(400, 'Bad request', ['Agent not updated, queues list must contains only integer ids.']);
      }
      const unknown = (q as number[]).find((id) => !floor.queue(id) || id < 1);
      if (unknown !== undefined) return error(400, 'Bad request', [`Agent not updated, queue ${unknown} does not exist.`]);
      floor.setQueues(a.id, q as number[]);
    }
    // choice: name, password and levels are accepted and not kept (the floor has no such fields).
    return json(200, OK);
  };

  return {
    name: 'evolux',
    handle(req) {
      const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
      if (path !== '/api/v1/agents' && !path.startsWith('/api/v1/agents/')) return undefined;
      if (header(req.headers, 'token') !== credentials.apiKey) return error(401, 'Unauthorized', ['Invalid API token.']);
      const base = `http://${header(req.headers, 'host') ?? '127.0.0.1'}`;
      if (path === '/api/v1/agents') return req.method === 'GET' ? listAgents(req, base) : error(405, 'Method not allowed');

      const one = matchPath('/api/v1/agents/:id', path);
      const sub = matchPath('/api/v1/agents/:id/:verb', path);
      const id = one?.id ?? sub?.id ?? '';
      const verb = sub?.verb ?? '';
      const route = `${req.method} ${one ? '' : verb}`;
      if (!['PUT ', 'GET pauses', 'POST pause', 'POST unpause', 'POST logoff'].includes(route)) {
        const knownPath = one !== undefined || ['pauses', 'pause', 'unpause', 'logoff'].includes(verb);
        return knownPath ? error(405, 'Method not allowed') : error(404, 'Not found');
      }
      const { agent, archived } = lookup(id);
      if (!agent) return archived && route !== 'PUT ' && route !== 'GET pauses' ? notLogged() : notFound();
      switch (route) {
        case 'PUT ':
          return editAgent(req, agent);
        case 'GET pauses':
          return listPauses(req, base, agent);
        case 'POST pause':
          return pause(req, agent);
        case 'POST unpause':
          if (!agent.loggedIn) return notLogged();
          if (agent.status !== 'paused') return semantic('Agent is unpaused');
          floor.resume(agent.id);
          return json(200, OK);
        default: // POST logoff
          if (!agent.loggedIn) return notLogged();
          if (floor.agentCall(agent)) return error(400, 'Não é possível sair enquanto está em uma chamada.');
          floor.logout(agent.id);
          return json(200, OK);
      }
    },
  };
};
