// The Evolux connector over real HTTP to the simulator: every endpoint of seed 001 and every error case
// (404 agent not found, 422 already paused / not paused, 400 not logged in / log-off during a call, 401),
// the page walk over the whole list, archived agents left out, and no token in any message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../common/domain';
import { ConnectorError, type Connector, type ConnectorOptions } from '../../../../main/core/connectors/connector';
import { createEvoluxConnector } from '../../../../main/core/connectors/evolux/index';
import { startSimulator, type Simulator } from '../../../../main/simulator/index';

let sim: Simulator;
const open: Connector[] = [];
const TOKEN = 'demo-key';

function connector(patch: Partial<ConnectorOptions> = {}): Connector {
  const c = createEvoluxConnector({
    apiHost: sim.url, credentials: { apiKey: TOKEN }, timezone: 'America/Sao_Paulo', ownExtension: '', requestTimeoutMs: 2000, ...patch,
  });
  open.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorError);
    const e = err as ConnectorError;
    // No message, PBX quote or field ever carries the token.
    expect(JSON.stringify(e.error)).not.toContain(TOKEN);
    return e;
  }
  throw new Error('did not fail');
}

const signal = (): AbortSignal => new AbortController().signal;
async function agents(c: Connector): Promise<Agent[]> {
  const data = await (c.sources()[0] as { fetch(s: AbortSignal): Promise<{ agents?: Agent[] }> }).fetch(signal());
  return data.agents ?? [];
}
const simAgent = (id: number) => sim.control.state().agents.find((a) => a.id === id)!;
/** A logged-in agent in the given status with no call, from the simulator's own view. */
function pick(status: 'available' | 'paused'): number {
  const a = sim.control.state().agents.find((x) => x.loggedIn && x.status === status && x.callId === null);
  if (!a) throw new Error(`no ${status} agent`);
  return a.id;
}
const agentRef = (id: number): Agent => ({
  id: String(id), name: `Agent ${id}`, username: '', extension: null, state: 'available', stateSince: null, pauseReason: null,
  pauseLimitSec: null, queues: [], campaign: null, callId: null, origin: 'pbx', answeredToday: null,
});

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false, agents: 120, seed: 5 });
});
afterAll(async () => {
  for (const c of open) c.close();
  await sim.close();
});
beforeEach(() => {
  sim.control.clearFaults();
  sim.control.clearRequests();
});

describe('Evolux connect', () => {
  it('declares its capabilities and accepts the demo token, sent in the token header', async () => {
    const c = connector();
    expect([...c.capabilities].sort()).toEqual(['agent-logoff', 'agent-pause', 'agent-pause-reasons', 'live-agents', 'queue-membership']);
    expect(await c.connect()).toEqual({ user: 'Evolux API token' });
    const req = sim.control.requests().at(-1)!;
    expect(req.headers.token).toBe(TOKEN);
    expect(req.query).toEqual({ page: '1', limit: '1' });
  });
  it('a wrong token is BAD_CREDENTIALS, a host that is not Evolux NOT_A_PBX, username/password refused', async () => {
    expect((await failure(connector({ credentials: { apiKey: 'wrong-token' } }).connect())).error.code).toBe('BAD_CREDENTIALS');
    sim.control.addFault({ route: '/api/v1/agents', kind: 'status', status: 404, times: 1 });
    expect((await failure(connector().connect())).error.code).toBe('NOT_A_PBX');
    sim.control.addFault({ route: '/api/v1/agents', kind: 'wrong-shape', times: 1 });
    expect((await failure(connector().connect())).error.code).toBe('NOT_A_PBX');
    expect(() => connector({ credentials: { username: 'a', password: 'b' } })).toThrow(/API token/);
  });
});

describe('Evolux agents source', () => {
  it('walks every page at limit 50 and leaves archived agents out', async () => {
    const list = await agents(connector());
    const pages = sim.control.requests().filter((r) => r.path === '/api/v1/agents').map((r) => r.query);
    expect(pages.map((q) => q.page).sort()).toEqual(['1', '2', '3']);
    expect(pages.every((q) => q.limit === '50')).toBe(true);
    // 120 floor agents + 3 archived ones on the PBX.
    expect(list).toHaveLength(120);
    expect(new Set(list.map((a) => a.id)).size).toBe(120);
    expect(list.every((a) => a.origin === 'pbx' && a.callId === null)).toBe(true);
  });
  it('maps logged in from current_extension (sip/ stripped), paused with reason and since, and queues', async () => {
    const list = await agents(connector());
    const state = sim.control.state();
    for (const s of state.agents.slice(0, 40)) {
      const a = list.find((x) => x.id === String(s.id))!;
      expect(a.extension).toBe(s.loggedIn ? s.extension : null);
      expect(a.state).toBe(!s.loggedIn ? 'offline' : s.status === 'paused' ? 'paused' : 'available');
      expect(a.queues).toEqual(s.queueIds.map(String));
      expect(a.username).toBe(s.username);
    }
    const id = pick('available');
    sim.control.pauseAgent(id, 'LUNCH');
    const row = (await agents(connector())).find((x) => x.id === String(id))!;
    expect(row).toMatchObject({ state: 'paused', pauseReason: 'Almoço', pauseLimitSec: 3600 });
    expect(row.stateSince).toBe(Math.floor(simAgent(id).updatedAt / 1000) * 1000);
  });
  it('a wrong shape names the field; a 401 while polling is UNAUTHORIZED; a 500 is HTTP_ERROR', async () => {
    sim.control.addFault({ route: '/api/v1/agents', kind: 'wrong-shape', times: 1 });
    const shape = await failure(agents(connector()));
    expect(shape.error.code).toBe('BAD_RESPONSE');
    expect(shape.error.field).toBe('data');
    expect((await failure(agents(connector({ credentials: { apiKey: 'expired-token' } })))).error.code).toBe('UNAUTHORIZED');
    sim.control.addFault({ route: '/api/v1/agents', kind: 'status', status: 500, times: 1 });
    expect((await failure(agents(connector()))).error.code).toBe('HTTP_ERROR');
  });
  it('a failure answered with HTTP 200 is a failed poll, never an empty floor: meta.status 500, an "error", "data": null', async () => {
    sim.control.addFault({ route: '/api/v1/agents', kind: 'body', shape: 'meta', times: 1 });
    const meta = await failure(agents(connector()));
    expect(meta.error).toMatchObject({ code: 'HTTP_ERROR', pbxMessage: expect.stringContaining('Erro interno do servidor') });
    sim.control.addFault({ route: '/api/v1/agents', kind: 'body', shape: 'error', times: 1 });
    expect((await failure(agents(connector()))).error).toMatchObject({ code: 'PBX_ERROR', pbxMessage: 'database timeout' });
    // Evolux always sends its page's list: a null one is not as documented (the last rows stay).
    sim.control.addFault({ route: '/api/v1/agents', kind: 'body', shape: 'data-null', times: 1 });
    expect((await failure(agents(connector()))).error).toMatchObject({ code: 'BAD_RESPONSE', field: 'data' });
  });
});

describe('Evolux pause reasons and actions', () => {
  it('lists the pause reasons with limit_duration, and learns the limits', async () => {
    const c = connector();
    const reasons = await c.pauseReasons!(agentRef(1));
    expect(reasons).toEqual([
      { id: '50', name: 'Almoço', limitSec: 3600 },
      { id: '49', name: '10 minutos/NR17', limitSec: 900 },
      { id: '51', name: 'Treinamento', limitSec: null },
      { id: '52', name: 'Reunião', limitSec: null },
    ]);
    expect((await failure(c.pauseReasons!(agentRef(999)))).error.code).toBe('NOT_FOUND');
  });

  it('pauses with a reason, refuses a second pause (422), unpauses, refuses a second unpause (422)', async () => {
    const c = connector();
    const id = pick('available');
    await c.pauseAgent!(agentRef(id), '49');
    expect(sim.control.requests().at(-1)!.body).toEqual({ pause_id: 49 });
    expect(simAgent(id)).toMatchObject({ status: 'paused', pauseCode: 'BREAK' });
    const again = await failure(c.pauseAgent!(agentRef(id), '50'));
    expect(again.error).toMatchObject({ code: 'CONFLICT', pbxMessage: 'Agent already paused; Request well-formed but has a semantic impossibility.' });
    expect(again.error.message).toMatch(/already paused/);
    await c.resumeAgent!(agentRef(id));
    expect(simAgent(id).status).toBe('available');
    const unpaused = await failure(c.resumeAgent!(agentRef(id)));
    expect(unpaused.error.code).toBe('CONFLICT');
    expect(unpaused.error.pbxMessage).toMatch(/^Agent is unpaused/);
  });

  it('refuses a pause without a reason locally, an unknown reason at the PBX, an unknown agent (404), a logged-out one (400)', async () => {
    const c = connector();
    const before = sim.control.requests().length;
    expect((await failure(c.pauseAgent!(agentRef(pick('available'))))).error.code).toBe('INVALID_PAYLOAD');
    expect(sim.control.requests()).toHaveLength(before);
    const bad = await failure(c.pauseAgent!(agentRef(pick('available')), '999'));
    expect(bad.error).toMatchObject({ code: 'PBX_ERROR', pbxMessage: 'Bad request; Pausa 999 não encontrada.' });
    const missing = await failure(c.pauseAgent!(agentRef(5000), '49'));
    expect(missing.error).toMatchObject({ code: 'NOT_FOUND', pbxMessage: 'Agent not found' });
    const out = sim.control.state().agents.find((a) => !a.loggedIn)!;
    const notLogged = await failure(c.pauseAgent!(agentRef(out.id), '49'));
    expect(notLogged.error).toMatchObject({ code: 'CONFLICT', pbxMessage: 'Agent is not logged' });
    // An archived agent is not logged in either.
    expect((await failure(c.resumeAgent!(agentRef(121)))).error.code).toBe('CONFLICT');
  });

  it('logs off; refuses a log-off during a call with the PBX message; refuses a logged-out agent', async () => {
    const c = connector();
    const busy = pick('available');
    sim.control.startCall(busy);
    const refused = await failure(c.logoffAgent!(agentRef(busy)));
    expect(refused.error).toMatchObject({ code: 'PBX_ERROR', pbxMessage: 'Não é possível sair enquanto está em uma chamada.' });
    expect(refused.error.message).toContain('Não é possível sair enquanto está em uma chamada.');
    expect(simAgent(busy).loggedIn).toBe(true);
    const free = pick('available');
    await c.logoffAgent!(agentRef(free));
    expect(simAgent(free).loggedIn).toBe(false);
    const again = await failure(c.logoffAgent!(agentRef(free)));
    expect(again.error).toMatchObject({ code: 'CONFLICT', pbxMessage: 'Agent is not logged' });
  });

  it('sets queue membership with PUT and refuses an unknown queue', async () => {
    const c = connector();
    await c.setQueues!(agentRef(3), ['2', '4']);
    const put = sim.control.requests().at(-1)!;
    expect(put).toMatchObject({ method: 'PUT', path: '/api/v1/agents/3', body: { queues: [2, 4] } });
    expect(simAgent(3).queueIds).toEqual([2, 4]);
    const bad = await failure(c.setQueues!(agentRef(3), ['77']));
    expect(bad.error).toMatchObject({ code: 'PBX_ERROR', pbxMessage: 'Bad request; Agent not updated, queue 77 does not exist.' });
    expect(simAgent(3).queueIds).toEqual([2, 4]);
  });

  it('a wrong token on an action is UNAUTHORIZED and never quoted', async () => {
    const e = await failure(connector({ credentials: { apiKey: 'secret-token-123' } }).resumeAgent!(agentRef(1)));
    expect(e.error.code).toBe('UNAUTHORIZED');
    expect(JSON.stringify(e.error)).not.toContain('secret-token-123');
  });
});
