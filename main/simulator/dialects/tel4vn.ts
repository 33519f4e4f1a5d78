// TEL4VN, as seeds 000 (v3 agent), 002 (v1/v2: auth, click-to-call, calls and supervisor actions, CDRs)
// and 003 (v3 monitor) show it: paths, field names and types, status strings, success and error bodies.
// Choices where the seeds are vague are marked "choice:" and listed in docs/simulator.md.
import { field, json, matchPath, type DialectContext, type DialectFactory, type SimReply, type SimRequest } from '../dialect';
import { SimError, type CallDirection, type MonitorMode, type SimAgent, type SimCall, type SimCdr, type SimQueueEntry } from '../floor-types';
import { createBodyPool, type PooledBody } from '../body-pool';
import { recordingWav } from '../recording';
import { NO_TIME } from '../time-format';
import { tel4vnCustomerRoutes } from './tel4vn-customers';
import { tel4vnOutboundRoutes } from './tel4vn-outbound';

type Handler = (req: SimRequest, params: Record<string, string>) => SimReply;
interface Route {
  method: string;
  pattern: string;
  /** false only for the two auth routes. */
  auth: boolean;
  handle: Handler;
}

const UNAUTHORIZED = { code: 401, content: 'token is invalid or expired' };
// choice: the seed's example CDR (hotline -> mobile) has direction 3; inbound 1 and local 2 are inferred.
const CDR_DIRECTION: Record<CallDirection, number> = { inbound: 1, local: 2, outbound: 3 };
const FLEX_STATUS: Record<SimCdr['status'], string> = { ANSWERED: 'answered', CANCEL: 'cancel', NO_ANSWER: 'no-answered', BUSY: 'busy' };
const SERVER_HOST = '203.205.6.79';

export const createTel4vnDialect: DialectFactory = (ctx: DialectContext) => {
  const { floor, time, tokens, credentials } = ctx;
  const supervisor = { userUuid: floor.rng.uuid(), apiKey: credentials.apiKey, clientId: floor.rng.uuid() };
  // At 10,000 agents a list is megabytes of JSON. Whole bodies are reused while the floor is unchanged,
  // and each row's UTF-8 bytes while its `rev` is unchanged: a poll after a 1 % change encodes 1 % of the
  // rows and copies the rest (no string join and re-encoding of megabytes on the host's event loop), into a
  // buffer of the pool (body-pool.ts) rather than a new one per body.
  const pool = createBodyPool();
  const cache = new Map<string, { version: number; body: PooledBody }>();
  const cached = (key: string, build: () => PooledBody): SimReply => {
    let hit = cache.get(key);
    if (!hit || hit.version !== floor.version) {
      hit?.body.retire();
      hit = { version: floor.version, body: build() };
      cache.set(key, hit);
    }
    const { body } = hit;
    return { status: 200, body: body.bytes, contentType: 'application/json; charset=utf-8', hold: body.hold };
  };
  /** A per-kind cache of one row's JSON bytes, keyed by the row object and valid while its rev is unchanged. */
  const rowCache = <T extends { rev: number }>(build: (row: T) => string): ((row: T) => Buffer) => {
    const bytes = new WeakMap<T, { rev: number; bytes: Buffer }>();
    return (row) => {
      let hit = bytes.get(row);
      if (!hit || hit.rev !== row.rev) {
        hit = { rev: row.rev, bytes: Buffer.from(build(row), 'utf8') };
        bytes.set(row, hit);
      }
      return hit.bytes;
    };
  };
  const COMMA = 0x2c;
  /** `head` + rows joined by commas + `tail`, as one body. */
  const listBody = (head: string, rows: Buffer[], tail: string): PooledBody => {
    let length = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, rows.length - 1);
    for (const r of rows) length += r.length;
    return pool.write(length, (target) => {
      let at = target.write(head, 0);
      rows.forEach((r, i) => {
        if (i > 0) target[at++] = COMMA;
        at += r.copy(target, at);
      });
      target.write(tail, at);
    });
  };

  // ---- row shapes ---------------------------------------------------------------------------------------
  const liveRow = (a: SimAgent) => {
    const ext = floor.extension(a.extension);
    return {
      user_live_uuid: a.liveUuid, user_uuid: a.uuid, username: a.username, extension: a.extension,
      extension_uuid: ext?.uuid ?? '', domain_uuid: floor.domainUuid, domain_name: floor.options.domainName,
      campaign_uuid: a.campaignUuid, status: a.status === 'paused' ? 'PAUSE' : 'RESUME', pause_code: a.pauseCode,
      login_time: time.rfc3339(a.loginAt, 6), last_update_time: time.rfc3339(a.updatedAt, 9),
      last_name: a.lastName, middle_name: a.middleName, first_name: a.firstName,
    };
  };
  // The action answers (login / pause / resume) carry the live row without the name fields, as seed 000 shows.
  const actionRow = (a: SimAgent) => {
    const { last_name: _l, middle_name: _m, first_name: _f, ...rest } = liveRow(a);
    return rest;
  };

  const monitorRow = (call: SimCall, extNumber: string, legOf: 'own' | 'monitor') => {
    const ext = floor.extension(extNumber);
    const agent = ext?.agentId != null ? floor.agent(ext.agentId) : undefined;
    const inbound = call.direction === 'inbound';
    // choice: a supervisor's listen / whisper / barge leg is a 'local' call from their extension to the agent's.
    const direction = legOf === 'monitor' ? 'local' : call.direction;
    const cid = legOf === 'monitor' ? extNumber : inbound ? call.customerNumber : call.direction === 'local' ? call.ext : call.hotline;
    const destination = legOf === 'monitor' ? call.ext : inbound ? call.hotline : call.customerNumber;
    return {
      agent_name: agent?.username ?? '', b_cid_num: call.customerNumber, call_id: call.id,
      call_state: call.state === 'oncall' || legOf === 'monitor' ? 'ONCALL' : 'RINGING',
      call_time: time.local(call.answeredAt ?? call.createdAt), cid_num: cid, destination, direction,
      domain_name: floor.options.domainName, domain_uuid: floor.domainUuid, extension: extNumber, extension_uuid: ext?.uuid ?? '',
      last_name: agent?.lastName ?? '', middle_name: agent?.middleName ?? '', first_name: agent?.firstName ?? '',
      network_ip: ext?.networkIp ?? '', server_host: SERVER_HOST, user_agent: ext?.userAgent ?? '',
      user_uuid: agent?.uuid ?? '', username: agent?.username ?? '',
    };
  };

  const queueRow = (e: SimQueueEntry) => {
    const q = floor.queue(e.queueId);
    const a = e.agentId !== null ? floor.agent(e.agentId) : undefined;
    const t = (ms: number | null): string => (ms === null ? NO_TIME : time.rfc3339(ms));
    return {
      call_center_queue_uuid: q?.uuid ?? '', call_center_queue_name: q?.name ?? '',
      // choice: the agent fields name the bridged agent (its user uuid and username), '' while none.
      call_center_agent_uuid: a?.uuid ?? '', call_center_agent_name: a?.username ?? '',
      mobile: e.number, status: e.status, joined_time: t(e.joinedAt), abandoned_time: t(e.abandonedAt),
      bridged_time: t(e.bridgedAt), rejoined_time: t(e.rejoinedAt), call_uuid: e.callId,
    };
  };

  // Recordings are served by the simulator itself (a short generated WAV, recording.ts), at a public URL on
  // the host the request came to, as the seed's webhook calls it "URL public".
  const recordingOf = (c: SimCdr, host: string): string => (c.answeredAt !== null ? `http://${host}/recordings/${c.id}.wav` : '');
  const cdrRow = (c: SimCdr, host: string) => ({
    id: c.id, sip_call_id: c.callId, cause: c.cause, duration: Math.round((c.endedAt - c.startedAt) / 1000),
    direction: CDR_DIRECTION[c.direction], recording_url: recordingOf(c, host),
    extension: c.extension, from_number: c.fromNumber, to_number: c.toNumber, receive_dest: c.receiveDest,
    time_started: time.local(c.startedAt), time_answered: c.answeredAt !== null ? time.local(c.answeredAt) : '',
    time_ended: time.local(c.endedAt), status: c.status, customer_id: c.customerId,
  });
  const cdrFlexRow = (c: SimCdr, host: string) => ({
    cdrId: c.id, sip_call_id: c.callId, recordFile: recordingOf(c, host),
    extensionId: c.extension, to: c.toNumber, hangupAt: time.local(c.endedAt),
    answeredAt: c.answeredAt !== null ? time.local(c.answeredAt) : '', ringAt: time.local(Math.min(c.startedAt + 1000, c.answeredAt ?? c.endedAt)),
    dialAt: time.local(c.startedAt), status: FLEX_STATUS[c.status], duration: Math.round((c.endedAt - c.startedAt) / 1000),
    direction: c.direction, billsec: c.answeredAt !== null ? Math.round((c.endedAt - c.answeredAt) / 1000) : 0, customerId: c.customerId,
  });
  const hostOf = (req: SimRequest): string => {
    const h = req.headers.host;
    return typeof h === 'string' && /^[\w.:[\]-]+$/.test(h) ? h : '127.0.0.1';
  };

  const callRow = (call: SimCall) => {
    const ext = floor.extension(call.ext);
    const inbound = call.direction === 'inbound';
    return {
      call_id: call.id, context: floor.options.domainName, created_time: time.local(call.createdAt),
      destination: inbound ? call.ext : call.customerNumber, direction: call.direction, ip: ext?.networkIp ?? '',
      source: inbound ? call.customerNumber : call.ext, state: 'CS_EXECUTE',
    };
  };

  const liveJson = rowCache((a: SimAgent) => JSON.stringify(liveRow(a)));
  // One fragment per call: its own extension's row, then one row per monitoring extension.
  const monitorJson = rowCache((c: SimCall) => [monitorRow(c, c.ext, 'own'), ...c.monitors.map((m) => monitorRow(c, m.ext, 'monitor'))].map((r) => JSON.stringify(r)).join(','));
  const queueJson = rowCache((e: SimQueueEntry) => JSON.stringify(queueRow(e)));
  const callJson = rowCache((c: SimCall) => JSON.stringify(callRow(c)));

  // ---- helpers ------------------------------------------------------------------------------------------
  const agentByExtension = (extension: string | undefined): SimAgent | undefined => {
    if (!extension) return undefined;
    const ext = floor.extension(extension);
    return ext?.agentId != null ? floor.agent(ext.agentId) : undefined;
  };
  const intParam = (v: string | null, dflt: number, max: number): number => {
    const n = v === null || v === '' ? dflt : Number(v);
    return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : dflt;
  };
  /** v3 agent actions: {"error": "..."} with 400 (404 when the extension is not an agent's). */
  const agentAction = (req: SimRequest, act: (a: SimAgent) => void): SimReply => {
    if (req.bodyError) return json(400, { error: 'invalid request body' });
    const extension = field(req.body, 'extension');
    const userUuid = field(req.body, 'user_uuid');
    if (!extension && !userUuid) return json(400, { error: 'user_uuid or extension is missing' });
    const a = extension ? agentByExtension(extension) : floor.agent(userUuid as string);
    if (!a || (userUuid && !extension && a.uuid !== userUuid)) return json(404, { error: 'user not found' });
    if (!a.loggedIn) return json(400, { error: 'user is not logged in' });
    act(a);
    return json(200, { data: actionRow(a), message: 'success' });
  };

  /** Click-to-call: USER_NOT_REGISTERED / USER_BUSY arrive with HTTP 200, as the seed says some errors do. */
  const clickToCall = (ext: string | undefined, phone: string | undefined, customerId: string, withMessage: boolean, v2: boolean): SimReply => {
    const fail = (error: string, message: string, status = 200): SimReply =>
      json(status, { ...(v2 ? { code: '1' } : {}), status: 'fail', ...(withMessage ? { message } : {}), error });
    if (!ext || !phone) return fail('INVALID_PARAMS', v2 ? 'id, mobile and agent are required' : 'ext and phone are required', 400);
    const extension = floor.extension(ext);
    if (!extension || !extension.registered) return fail('USER_NOT_REGISTERED', 'User not registered extension with Softphone or IP Phone');
    if (floor.extensionBusy(extension)) return fail('USER_BUSY', 'User is busy');
    const call = floor.startCall(extension.number, { number: phone, direction: 'outbound', ringing: true, customerId });
    return json(200, v2 ? { code: '0', call_id: call.id, status: 'success' } : { status: 'success', call_id: call.id });
  };

  const callAction = (action: MonitorMode | 'transfer'): Handler => (req, { id }) => {
    if (req.bodyError) return json(400, { status: 'fail', error: 'INVALID_BODY' });
    const ext = field(req.body, 'ext');
    // choice: a missing or non-numeric ext is 400 with error INVALID_EXT.
    if (!ext || !/^\d{2,10}$/.test(ext)) return json(400, { status: 'fail', error: 'INVALID_EXT' });
    try {
      if (action === 'transfer') floor.transfer(id as string, ext);
      else floor.monitor(id as string, ext, action);
    } catch (e) {
      if (e instanceof SimError) return json(e.message === 'CALL_NOT_FOUND' ? 404 : 200, { status: 'fail', error: e.message });
      throw e;
    }
    return json(200, { status: 'success', call_id: id, ext });
  };

  // ---- routes -------------------------------------------------------------------------------------------
  const routes: Route[] = [
    {
      method: 'POST', pattern: '/v1/auth', auth: false, handle: (req) => {
        const username = field(req.body, 'username');
        const password = field(req.body, 'password');
        if (!username || !password) return json(400, { code: 400, content: 'username and password are required' });
        if (username !== credentials.username || password !== credentials.password) return json(401, { code: 401, content: 'username or password is incorrect' });
        return json(200, {
          code: 200, content: 'successfully', data: {
            api_key: supervisor.apiKey, domain_uuid: floor.domainUuid, enabled: 'true', extension: ctx.supervisorExtension,
            level: 'admin', user_uuid: supervisor.userUuid, username: credentials.username,
          },
        });
      },
    },
    {
      method: 'POST', pattern: '/v2/auth/token', auth: false, handle: (req) => {
        const apiKey = field(req.body, 'api_key');
        if (!apiKey) return json(400, { code: 400, content: 'api_key is required' });
        if (apiKey !== credentials.apiKey) return json(401, { code: 401, content: 'api_key is invalid' });
        const { token, expiresInSec } = tokens.issue();
        return json(200, {
          code: 200, content: 'successfully', data: {
            client_id: supervisor.clientId, domain_uuid: floor.domainUuid, expired_in: expiresInSec, refresh_token: '',
            token, token_type: 'Bearer', user_id: supervisor.userUuid,
          },
        });
      },
    },
    { method: 'GET', pattern: '/v3/agent/live', auth: true, handle: () => cached('live', () => {
      const rows: Buffer[] = [];
      for (const a of floor.agents) if (a.loggedIn) rows.push(liveJson(a));
      return listBody('{"data":[', rows, ']}');
    }) },
    {
      method: 'GET', pattern: '/v3/agent/extension', auth: true, handle: (req) => {
        const limit = intParam(req.query.get('limit'), 10, 10_000);
        const offset = intParam(req.query.get('offset'), 0, Number.MAX_SAFE_INTEGER);
        const data = floor.agents.slice(offset, offset + limit).map((a) => ({
          extension_uuid: floor.extension(a.extension)?.uuid ?? '', extension: a.extension, user_uuid: a.uuid, username: a.username,
          enabled: 'true', domain_name: floor.options.domainName, is_link_call_center: true,
        }));
        return json(200, { data, limit, offset, total: floor.agents.length });
      },
    },
    {
      method: 'POST', pattern: '/v3/agent/login', auth: true, handle: (req) => {
        if (req.bodyError) return json(400, { error: 'invalid request body' });
        const campaign = field(req.body, 'campaign_uuid');
        const extension = field(req.body, 'extension');
        if (!campaign || !extension) return json(400, { error: 'campaign_uuid or extension is missing' });
        const a = agentByExtension(extension);
        if (!a) return json(404, { error: 'extension not found' });
        if (!floor.queues.some((q) => q.campaignUuid === campaign)) return json(400, { error: 'campaign_uuid is invalid' });
        if (a.loggedIn) return json(400, { error: 'user is already logged in' });
        floor.login(a.id, campaign);
        return json(200, { data: actionRow(a), message: 'success' });
      },
    },
    { method: 'POST', pattern: '/v3/agent/pause', auth: true, handle: (req) => agentAction(req, (a) => floor.pause(a.id, field(req.body, 'pause_code') ?? '')) },
    { method: 'POST', pattern: '/v3/agent/resume', auth: true, handle: (req) => agentAction(req, (a) => floor.resume(a.id)) },
    {
      method: 'GET', pattern: '/v3/agent/:id', auth: true, handle: (_req, { id }) => {
        const a = /^\d+$/.test(id as string) ? undefined : floor.agent(id as string);
        if (!a) return json(404, { error: 'user not found' });
        const ext = floor.extension(a.extension);
        const onBreak = a.status === 'paused' || (ext !== undefined && floor.extensionBusy(ext));
        return json(200, {
          user_uuid: a.uuid, domain_uuid: floor.domainUuid, username: a.username, user_enabled: 'true',
          user_status: !a.loggedIn ? 'Logged Out' : onBreak ? 'On Break' : 'Available', level: 'agent',
          last_name: a.lastName, middle_name: a.middleName, first_name: a.firstName, total_subscriber: 0,
          campaigns: a.queueIds.map((qid) => floor.queue(qid)).filter((q) => q !== undefined).map((q) => ({
            domain_uuid: floor.domainUuid, campaign_uuid: q.campaignUuid, campaign_name: q.name, type: 'inbound',
          })),
          user_live: a.loggedIn ? liveRow(a) : null,
        });
      },
    },
    {
      method: 'GET', pattern: '/v3/monitor', auth: true, handle: () => cached('monitor', () => {
        const rows: Buffer[] = [];
        let total = 0;
        for (const call of floor.calls.values()) {
          rows.push(monitorJson(call));
          total += 1 + call.monitors.length;
        }
        return listBody('{"data":[', rows, `],"total":${total}}`);
      }),
    },
    {
      method: 'GET', pattern: '/v3/extension/:id/loggedin', auth: true, handle: (_req, { id }) => {
        const ext = floor.extension(id as string);
        if (!ext) return json(404, { error: 'Extension not found' });
        return json(200, { extension: ext.number, is_logged_in: ext.registered });
      },
    },
    { method: 'GET', pattern: '/v3/monitor/callcenter/queue', auth: true, handle: () => cached('queue', () => {
      const rows: Buffer[] = [];
      for (const e of floor.entries.values()) rows.push(queueJson(e));
      return listBody('{"data":[', rows, ']}');
    }) },
    {
      method: 'GET', pattern: '/v2/call', auth: true, handle: () => cached('calls', () => {
        const rows: Buffer[] = [];
        for (const c of floor.calls.values()) rows.push(callJson(c));
        return listBody('{"data":[', rows, `],"total":${rows.length}}`);
      }),
    },
    { method: 'POST', pattern: '/v2/call/:id/listen', auth: true, handle: callAction('listen') },
    { method: 'POST', pattern: '/v2/call/:id/whisper', auth: true, handle: callAction('whisper') },
    { method: 'POST', pattern: '/v2/call/:id/barge', auth: true, handle: callAction('barge') },
    { method: 'POST', pattern: '/v2/call/:id/transfer', auth: true, handle: callAction('transfer') },
    { method: 'GET', pattern: '/v1/click2call', auth: true, handle: (req) => clickToCall(req.query.get('ext') ?? undefined, req.query.get('phone') ?? undefined, req.query.get('customer_id') ?? '', false, false) },
    { method: 'GET', pattern: '/v1/click2call/async', auth: true, handle: (req) => clickToCall(req.query.get('ext') ?? undefined, req.query.get('phone') ?? undefined, req.query.get('customer_id') ?? '', true, false) },
    {
      method: 'POST', pattern: '/v2/click2call', auth: true, handle: (req) => {
        if (req.bodyError) return json(400, { code: '1', status: 'fail', message: 'invalid request body', error: 'INVALID_PARAMS' });
        return clickToCall(field(req.body, 'agent'), field(req.body, 'mobile'), field(req.body, 'id') ?? '', true, true);
      },
    },
    {
      method: 'GET', pattern: '/v2/cdr', auth: true, handle: (req) => {
        const q = req.query;
        const limit = intParam(q.get('limit'), 10, 1000);
        // choice: "pagination" when `page` is given (seed: page + limit), else "scroll" (the default) by
        // `offset`; `offset` wins over `page` when both are there ("offset replaces page").
        const paged = q.has('page') && !q.has('offset');
        const page = intParam(q.get('page'), 1, Number.MAX_SAFE_INTEGER);
        const offset = paged ? Math.max(0, page - 1) * limit : intParam(q.get('offset'), 0, Number.MAX_SAFE_INTEGER);
        const minDuration = q.has('duration') ? Number(q.get('duration')) : NaN;
        const extension = q.get('extension');
        const phone = q.get('phone');
        const direction = q.get('direction');
        // choice: dates are PBX-local "YYYY-MM-DD[ HH:mm:ss]" on the call's start; a bare start_date is its
        // midnight, a bare end_date the whole of that day. Unreadable dates match nothing.
        const bound = (name: string, endOfDay: boolean): number | null => {
          const v = q.get(name);
          if (!v) return null;
          const at = time.parseLocal(v);
          if (Number.isNaN(at)) return NaN;
          return endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? time.parseLocal(`${v.trim()} 23:59:59`) + 999 : at;
        };
        const start = bound('start_date', false);
        const end = bound('end_date', true);
        const matches = (c: SimCdr): boolean => {
          if (start !== null && !(c.startedAt >= start)) return false;
          if (end !== null && !(c.startedAt <= end)) return false;
          if (!Number.isNaN(minDuration) && Math.round((c.endedAt - c.startedAt) / 1000) < minDuration) return false;
          if (extension && c.extension !== extension) return false;
          if (phone && c.fromNumber !== phone && c.toNumber !== phone) return false;
          if (direction && c.direction !== direction) return false;
          return true;
        };
        // Newest first: walk from the end, keep only the page, count the rest.
        const page_: SimCdr[] = [];
        let total = 0;
        const all = floor.cdrs;
        for (let i = all.length - 1; i >= 0; i--) {
          const c = all[i] as SimCdr;
          if (!matches(c)) continue;
          if (total >= offset && page_.length < limit) page_.push(c);
          total++;
        }
        const host = hostOf(req);
        const data = q.get('mapping') === 'flex' ? page_.map((c) => cdrFlexRow(c, host)) : page_.map((c) => cdrRow(c, host));
        // choice: a scroll answer's `offset` is where the next page starts; a paginated one's, where this one did.
        return json(200, { data, limit, offset: paged ? offset : offset + data.length, total });
      },
    },
    {
      method: 'GET', pattern: '/v2/cdr/:id', auth: true, handle: (req, { id }) => {
        const c = floor.cdr((id as string).trim());
        if (!c) return json(404, { code: 404, content: 'cdr not found' });
        return json(200, req.query.get('mapping') === 'flex' ? cdrFlexRow(c, hostOf(req)) : cdrRow(c, hostOf(req)));
      },
    },
    {
      // The recordings' public URLs (no token, as the seed's "URL public" says).
      method: 'GET', pattern: '/recordings/:file', auth: false, handle: (_req, { file }) => {
        const m = /^([0-9a-f-]{36})\.wav$/.exec(file as string);
        const c = m ? floor.cdr(m[1] as string) : undefined;
        if (!c || c.answeredAt === null) return json(404, { code: 404, content: 'recording not found' });
        return { status: 200, body: recordingWav(c.id, Math.min(4, Math.max(1, Math.round((c.endedAt - c.answeredAt) / 1000)))), contentType: 'audio/wav' };
      },
    },
    // ---- event hooks (seed 002 "Event"): the tenant's hooks, delivered by ../event-hooks.ts ----
    { method: 'GET', pattern: '/v1/event', auth: true, handle: () => json(200, { data: ctx.eventHooks.list() }) },
    {
      method: 'POST', pattern: '/v1/event', auth: true, handle: (req) => {
        // choice: the seed shows no error answer; a missing callback_url or event is 400 in the v1 family's
        // {"code", "content"} shape, a callback_url that is not http(s) too.
        if (req.bodyError) return json(400, { code: 400, content: 'invalid request body' });
        const url = field(req.body, 'callback_url');
        const event = field(req.body, 'event');
        if (!url || !event) return json(400, { code: 400, content: 'callback_url and event are required' });
        if (!/^https?:\/\/\S+$/.test(url)) return json(400, { code: 400, content: 'callback_url is invalid' });
        ctx.eventHooks.create(url, field(req.body, 'callback_apikey') ?? '', event);
        return json(200, { created: true });
      },
    },
    {
      method: 'DELETE', pattern: '/v1/event/:id', auth: true, handle: (_req, { id }) =>
        ctx.eventHooks.remove(id as string) ? json(200, { deleted: true }) : json(404, { code: 404, content: 'event not found' }),
    },
    ...tel4vnOutboundRoutes(floor, ctx.outbound).map((r) => ({ ...r, auth: true, handle: (req: SimRequest) => r.handle(req) })),
    ...tel4vnCustomerRoutes(floor, ctx.outbound).map((r) => ({ ...r, auth: true })),
  ];

  return {
    name: 'tel4vn',
    handle: (req) => {
      for (const r of routes) {
        if (r.method !== req.method) continue;
        const params = matchPath(r.pattern, req.path);
        if (!params) continue;
        if (r.auth) {
          const header = req.headers.authorization;
          const m = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
          if (!tokens.valid(m?.[1])) return json(401, UNAUTHORIZED);
        }
        return r.handle(req, params);
      }
      return undefined;
    },
  };
};
