// cc_agent, as seed 004 shows it (agent API v1.3): GET /api/cc_agent/{checkIn, checkOut, checkInDevice,
// setPause, setQueues, wrapup} with `api_key` in the query string; answers {"success": ..., "data": ...}.
// The seed shows no error body: choice: {"success": false, "error": "..."}, with HTTP 401 (api_key),
// 400 (a parameter), 404 (an unknown agent, device, pause or queue) and HTTP 200 for a state that forbids
// the action (not checked in, device in use), as many such APIs do. See docs/systems.md.
import { json, type DialectContext, type DialectFactory, type SimReply, type SimRequest } from '../dialect';
import type { SimAgent } from '../floor-types';

const PREFIX = '/api/cc_agent/';
const fail = (status: number, error: string): SimReply => json(status, { success: false, error });
const done: SimReply = json(200, { success: true });
/** The seed's own success text, trailing comma and all: a client must read it. */
const SEED_DONE: SimReply = { status: 200, body: '{\n  "success": true,\n}', contentType: 'application/json' };

/** A query parameter as an int >= 0, undefined when absent, NaN when not an integer. */
function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  return /^\d{1,12}$/.test(v) ? Number(v) : NaN;
}

export const createCcAgentDialect: DialectFactory = (ctx: DialectContext) => {
  const { floor, credentials } = ctx;

  /** The agent named by user_id; the API key's own user is not an agent in the simulator. */
  const agentOf = (q: URLSearchParams): SimAgent | SimReply => {
    const id = intParam(q, 'user_id');
    if (id === undefined) return fail(400, 'user_id is required: the API key user is not an agent');
    if (Number.isNaN(id)) return fail(400, 'user_id must be an integer');
    const a = id >= 1 && id <= floor.agents.length ? floor.agent(id) : undefined;
    return a ?? fail(404, `User ${id} not found`);
  };
  const force = (q: URLSearchParams): boolean => q.get('forceCheckOut') === '1';
  /** Check in: logged in and available (the dial code finishes it on a real PBX; the simulator skips that). */
  const checkIn = (a: SimAgent): void => {
    if (a.loggedIn) floor.logout(a.id);
    floor.login(a.id);
    floor.resume(a.id);
  };

  const handlers: Record<string, (req: SimRequest, a: SimAgent) => SimReply> = {
    checkIn: (req, a) => {
      if (a.loggedIn && !force(req.query)) return fail(200, 'User is already checked in');
      checkIn(a);
      // choice: the number to dial is **9 followed by the agent's extension (the seed shows "**9477").
      return json(200, { success: true, data: `**9${a.extension}` });
    },
    checkOut: (_req, a) => {
      if (!a.loggedIn) return fail(200, 'User is not checked in');
      floor.logout(a.id);
      return done;
    },
    checkInDevice: (req, a) => {
      const deviceId = intParam(req.query, 'device_id');
      if (deviceId === undefined || Number.isNaN(deviceId)) return fail(400, 'device_id is required (an integer)');
      // choice: a device is an extension of the floor, its id the extension number.
      const device = floor.extension(String(deviceId));
      if (!device) return fail(404, `Device ${deviceId} not found`);
      const holder = device.agentId !== null ? floor.agent(device.agentId) : undefined;
      const taken = holder !== undefined && holder.id !== a.id && holder.loggedIn;
      if ((taken || a.loggedIn) && !force(req.query)) {
        return fail(200, taken ? `Device ${deviceId} is in use by another user` : 'User is already checked in on a device');
      }
      if (taken) floor.logout((holder as SimAgent).id);
      checkIn(a);
      return done;
    },
    setPause: (req, a) => {
      const id = intParam(req.query, 'id');
      if (id === undefined || Number.isNaN(id)) return fail(400, 'id is required: a pause id, or 0 for available');
      if (!a.loggedIn) return fail(200, 'User is not checked in');
      if (id === 0) {
        floor.resume(a.id);
        return done;
      }
      const reason = floor.pauseReasons.find((p) => p.id === id);
      if (!reason) return fail(404, `Pause ${id} not found`);
      floor.pause(a.id, reason.code);
      return done;
    },
    setQueues: (req, a) => {
      // "array or comma separated list of ids": queue_ids=1,2 or queue_ids[]=1&queue_ids[]=2.
      const raw = [...req.query.getAll('queue_ids'), ...req.query.getAll('queue_ids[]')];
      if (raw.length === 0) return fail(400, 'queue_ids is required');
      const parts = raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
      if (!parts.every((v) => /^\d{1,12}$/.test(v))) return fail(400, 'queue_ids must be integer ids');
      const ids = parts.map(Number);
      const unknown = ids.find((id) => id < 1 || !floor.queue(id));
      if (unknown !== undefined) return fail(404, `Queue ${unknown} not found`);
      floor.setQueues(a.id, ids);
      const q = ids.length > 0 ? floor.queue(ids[0] as number) : undefined;
      const data = q
        ? {
            id: q.id, account_id: 1001, site_id: null, name: q.name, tv_name: null, strategy: 'longest-idle-agent', record: 0,
            users: q.agentIds.map((uid) => {
              const u = floor.agent(uid);
              return [uid, 3, 10, 1, u ? [u.firstName, u.lastName].filter(Boolean).join(' ') : '', null, false];
            }),
          }
        : null;
      return json(200, { success: true, data });
    },
    wrapup: (req) => {
      const seconds = intParam(req.query, 'seconds');
      if (Number.isNaN(seconds)) return fail(400, 'seconds must be an integer >= 0');
      return SEED_DONE;
    },
  };

  return {
    name: 'ccagent',
    handle(req) {
      // The seed's setQueues example drops the cc_agent segment (/api/setQueues): both are answered.
      const name = req.path.startsWith(PREFIX) ? req.path.slice(PREFIX.length) : req.path === '/api/setQueues' ? 'setQueues' : undefined;
      if (name === undefined) return undefined;
      const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
      if (req.query.get('api_key') !== credentials.apiKey) return fail(401, 'Invalid api_key');
      if (!handler) return fail(404, `Unknown method ${name}`);
      if (req.method !== 'GET') return fail(405, `${name} takes GET`);
      const agent = agentOf(req.query);
      return 'body' in agent ? agent : handler(req, agent);
    },
  };
};
