// The simulator's Evolux dialect against seed 001: field names and JSON types of every answer, pagination,
// the token header, and each documented error body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../main/simulator/index';
import { shapeDiff } from './helpers';

// Seed 001 examples (an agent row with every field set, the pagination block, a pauses row).
const AGENT = {
  archived: true, enable: false, name: 'Agent 2', queues: [4], current_extension: null,
  last_pause: null, last_login: { exten: 'sip/3012', time_logoff: '2018-07-07T17:06:38+00:00', id: 4591, time_login: '2018-07-07T12:27:42+00:00' },
  current_pause: null, login: 'agent.2', current_outbound_queue: null, id: 40,
};
const PAGINATION = {
  max_limit: 2, limit: 2, first_url: 'u', next_url: 'u', items: 2, last_url: 'u', total: 62, current_url: 'u', prev_url: null,
};
const PAUSE_ROW = {
  pause: { system: false, productive: true, type: 'nr17rest10', id: 49, description: '10 minutos/NR17' },
  automatic_unpause: false, queue_id: 13, disable_unpause: false, limit_duration: 5, id: 3,
};
const CURRENT_PAUSE = {
  max_duration: null, time_start: '2018-07-07T16:40:11+00:00', reason_id: 18, time_end: '2018-07-07T17:06:38+00:00',
  reason: { system: false, productive: true, type: '', id: 18, description: 'Pausa Cadastro' }, id: 46983,
};

let sim: Simulator;
// Answers are free-form JSON read by path in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
async function call(method: string, path: string, body?: unknown, token = 'demo-key') {
  const res = await fetch(sim.url + path, {
    method, headers: { 'Content-Type': 'application/json', ...(token ? { token } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
}
const state = () => sim.control.state();

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false, agents: 60, seed: 2 });
});
afterAll(() => sim.close());

describe('Evolux dialect', () => {
  it('lists agents as the seed does, 50 a page at most, archived agents included and marked', async () => {
    const p1 = await call('GET', '/api/v1/agents?page=1&limit=500');
    expect(p1.status).toBe(200);
    expect(p1.body.meta).toEqual({ status: 200, message: 'OK' });
    expect(shapeDiff(p1.body.pagination, PAGINATION).filter((d) => !/next_url|prev_url/.test(d))).toEqual([]);
    expect(p1.body.pagination).toMatchObject({ limit: 50, total: 63, items: 50, prev_url: null });
    expect(p1.body.pagination.next_url).toMatch(/\/api\/v1\/agents\/\?limit=50&page=2$/);
    for (const row of p1.body.data) {
      expect(shapeDiff({ ...row, current_extension: null, current_pause: null, queues: [4], last_login: { ...row.last_login, time_logoff: 'x' } }, AGENT)).toEqual([]);
    }
    const paused = p1.body.data.find((r: { current_pause: unknown }) => r.current_pause !== null);
    expect(shapeDiff({ ...paused.current_pause, max_duration: null, time_end: 'x', reason: { ...paused.current_pause.reason, type: '' } }, CURRENT_PAUSE)).toEqual([]);
    const p2 = await call('GET', '/api/v1/agents/?page=2');
    expect(p2.body.pagination).toMatchObject({ items: 13, next_url: null });
    expect(p2.body.data.filter((r: { archived: boolean }) => r.archived)).toHaveLength(3);
    const exts = p1.body.data.map((r: { current_extension: string | null }) => r.current_extension).filter(Boolean);
    expect(exts.some((e: string) => e.startsWith('sip/'))).toBe(true);
    expect(exts.some((e: string) => /^\d+$/.test(e))).toBe(true);
  });
  it('refuses a missing or wrong token with 401 in the meta shape', async () => {
    for (const token of ['', 'nope']) {
      const r = await call('GET', '/api/v1/agents', undefined, token);
      expect(r).toEqual({ status: 401, body: { meta: { status: 401, message: 'Unauthorized' }, errors: ['Invalid API token.'] } });
    }
  });
  it('lists pauses with limit_duration; 404 for an unknown agent', async () => {
    const r = await call('GET', '/api/v1/agents/1/pauses');
    expect(r.body.data).toHaveLength(4);
    for (const row of r.body.data) expect(shapeDiff({ ...row, limit_duration: 1, pause: { ...row.pause, type: 'x' } }, PAUSE_ROW)).toEqual([]);
    expect(await call('GET', '/api/v1/agents/999/pauses')).toEqual({ status: 404, body: { meta: { status: 404, message: 'Agent not found' } } });
  });
  it('pause / unpause / logoff with the documented errors', async () => {
    const a = state().agents.find((x) => x.loggedIn && x.status === 'available' && x.callId === null)!;
    expect(await call('POST', `/api/v1/agents/${a.id}/pause`, { pause_id: 50 })).toEqual({ status: 200, body: { meta: { status: 200, message: 'OK' } } });
    expect((await call('POST', `/api/v1/agents/${a.id}/pause`, { pause_id: 50 })).body).toEqual({
      meta: { status: 422, message: 'Agent already paused' }, errors: ['Request well-formed but has a semantic impossibility.'],
    });
    expect((await call('POST', `/api/v1/agents/${a.id}/pause`, { pause_id: 'x' })).status).toBe(400);
    expect((await call('POST', `/api/v1/agents/${a.id}/unpause`)).status).toBe(200);
    expect((await call('POST', `/api/v1/agents/${a.id}/unpause`)).body.meta).toEqual({ status: 422, message: 'Agent is unpaused' });
    sim.control.startCall(a.id);
    expect((await call('POST', `/api/v1/agents/${a.id}/logoff`)).body).toEqual({ meta: { status: 400, message: 'Não é possível sair enquanto está em uma chamada.' } });
    const b = state().agents.find((x) => x.loggedIn && x.callId === null)!;
    expect((await call('POST', `/api/v1/agents/${b.id}/logoff`)).status).toBe(200);
    expect((await call('POST', `/api/v1/agents/${b.id}/logoff`)).body).toEqual({ meta: { status: 400, message: 'Agent is not logged' } });
    expect((await call('GET', `/api/v1/agents/${b.id}/logoff`)).status).toBe(405);
  });
  it('PUT edits queues, with the seed\'s 400 bodies', async () => {
    expect((await call('PUT', '/api/v1/agents/2', { queues: [1, 3] })).status).toBe(200);
    expect(state().agents[1]!.queueIds).toEqual([1, 3]);
    expect((await call('PUT', '/api/v1/agents/2', { queues: ['a'] })).body.errors).toEqual(['Agent not updated, queues list must contains only integer ids.']);
    expect((await call('PUT', '/api/v1/agents/2', { password: ' ' })).body.meta.message).toEqual({ password: 'password must not be empty or contain only spaces' });
    expect(state().agents[1]!.queueIds).toEqual([1, 3]);
  });
});
