// The cc_agent connector (seed 004, v1.3): checkIn (the number the agent dials to finish), checkOut,
// checkInDevice (with the force option), setPause (a pause id, 0 = available), setQueues, wrapup, all GET
// with `api_key` in the query string. The API lists nothing: the agents shown are the supervisor's roster
// with the last state this console set (origin 'console'). The api_key never leaves this module: the HTTP
// client leaves query strings out of its messages and scrubs the key from everything else.
import type { Agent, Capability, Roster } from '../../../../common/domain';
import { ConnectorError, type CheckInOptions, type Connector, type ConnectorOptions, type PollSource } from '../connector';
import { createHttpClient, type HttpClient } from '../../http/http-client';
import { expectCcSuccess } from './answers';
import { createConsoleState } from './console-state';

const CAPABILITIES: readonly Capability[] = ['agent-pause', 'check-in', 'queue-membership', 'wrap-up', 'roster'];
const EMPTY_ROSTER: Roster = { agents: [], pauseReasons: [], queues: [], devices: [] };

function apiKeyOf(options: ConnectorOptions): string {
  if ('apiKey' in options.credentials) return options.credentials.apiKey;
  throw new ConnectorError({ code: 'BAD_CREDENTIALS', message: 'cc_agent uses an API key: enter it as the API key (no username or password).' });
}

function label(agent: Agent): string {
  return agent.name || `agent ${agent.id}`;
}

export function createCcAgentConnector(options: ConnectorOptions, now: () => number = Date.now): Connector {
  const apiKey = apiKeyOf(options);
  const http: HttpClient = createHttpClient({ baseUrl: options.apiHost, timeoutMs: options.requestTimeoutMs, secrets: () => [apiKey] });
  const roster = options.roster ?? (() => EMPTY_ROSTER);
  const state = createConsoleState();

  /** GET /api/cc_agent/{method} for one agent; resolves with the answer's data. */
  async function call(method: string, agent: Agent, params: Record<string, string | number | undefined>, what: string): Promise<unknown> {
    if (!/^\d{1,12}$/.test(agent.id)) {
      throw new ConnectorError({ code: 'INVALID_PAYLOAD', message: `cc_agent user ids are numbers: fix agent "${agent.id}" in the roster.` });
    }
    const res = await http.send({ method: 'GET', path: `/api/cc_agent/${method}`, query: { ...params, user_id: agent.id, api_key: apiKey } });
    return expectCcSuccess(res, what, http.redact);
  }

  const sources: PollSource[] = [
    // No request: the roster and the last state set here, re-read at each poll so an import shows at once.
    { id: 'roster', fetch: async () => ({ agents: state.agents(roster()) }) },
  ];

  return {
    system: 'ccagent',
    capabilities: new Set(CAPABILITIES),
    // cc_agent has no read-only endpoint to try the key on (every method changes an agent), so connecting
    // checks nothing at the PBX: a wrong key shows as UNAUTHORIZED at the first action.
    connect: async () => ({ user: 'cc_agent API key' }),
    sources: () => sources,
    async checkIn(agent, opts: CheckInOptions) {
      const force = opts.force ? 1 : undefined;
      if (opts.deviceId !== undefined) {
        const device = roster().devices.find((d) => d.id === opts.deviceId);
        await call('checkInDevice', agent, { device_id: opts.deviceId, forceCheckOut: force }, `check ${label(agent)} in on device ${device ? `${device.name} (${device.id})` : opts.deviceId}`);
        state.set(agent.id, { state: 'available' }, now());
        return {};
      }
      const data = await call('checkIn', agent, { forceCheckOut: force }, `check ${label(agent)} in`);
      state.set(agent.id, { state: 'available' }, now());
      // The number the agent must dial to finish checking in, e.g. "**9477".
      return typeof data === 'string' || typeof data === 'number' ? { dialCode: String(data) } : {};
    },
    async checkOut(agent) {
      await call('checkOut', agent, {}, `check ${label(agent)} out`);
      state.set(agent.id, { state: 'offline' }, now());
    },
    async pauseAgent(agent, reasonId) {
      if (reasonId === undefined || !/^\d{1,12}$/.test(reasonId) || Number(reasonId) === 0) {
        throw new ConnectorError({ code: 'INVALID_PAYLOAD', field: 'reasonId', message: 'cc_agent needs a pause reason: choose one from the roster.' });
      }
      await call('setPause', agent, { id: reasonId }, `pause ${label(agent)}`);
      state.set(agent.id, { state: 'paused', pauseReasonId: reasonId }, now());
    },
    async resumeAgent(agent) {
      await call('setPause', agent, { id: 0 }, `make ${label(agent)} available`);
      state.set(agent.id, { state: 'available' }, now());
    },
    async setQueues(agent, queueIds) {
      await call('setQueues', agent, { queue_ids: queueIds.join(',') }, `change the queues of ${label(agent)}`);
      state.set(agent.id, { queues: [...queueIds] }, now());
    },
    async wrapUp(agent, seconds) {
      await call('wrapup', agent, { seconds }, `set the wrap-up of ${label(agent)}`);
      // seconds=0 ends wrap-up now; otherwise the agent is in wrap-up (for `seconds`, or their default time).
      state.set(agent.id, { state: seconds === 0 ? 'available' : 'wrap-up' }, now());
    },
    close: () => http.close(),
  };
}
