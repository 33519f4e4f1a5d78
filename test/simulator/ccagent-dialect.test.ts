// The simulator's cc_agent dialect against seed 004: GET methods with api_key in the query, the seed's
// answers (the dial code, the setQueues queue object, the trailing-comma success), and the chosen errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../main/simulator/index';

let sim: Simulator;
// Answers are free-form JSON read by path in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
async function get(path: string, key: string | null = 'demo-key') {
  const res = await fetch(`${sim.url}${path}${key === null ? '' : `${path.includes('?') ? '&' : '?'}api_key=${key}`}`);
  const text = await res.text();
  return { status: res.status, text, body: (() => { try { return JSON.parse(text) as Json; } catch { return undefined; } })() };
}
const agentState = (id: number) => sim.control.state().agents.find((a) => a.id === id)!;

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false, agents: 16, seed: 4 });
});
afterAll(() => sim.close());

describe('cc_agent dialect', () => {
  it('refuses a missing or wrong api_key with 401', async () => {
    expect(await get('/api/cc_agent/checkOut?user_id=1', null)).toMatchObject({ status: 401, body: { success: false, error: 'Invalid api_key' } });
    expect((await get('/api/cc_agent/checkOut?user_id=1', 'x')).status).toBe(401);
  });
  it('checkIn answers the dial code; checkOut; errors for an unknown user, a missing user_id, an unknown method', async () => {
    const id = sim.control.state().agents.find((a) => !a.loggedIn)!.id;
    const r = await get(`/api/cc_agent/checkIn?user_id=${id}`);
    expect(r.body).toEqual({ success: true, data: `**9${agentState(id).extension}` });
    expect(await get(`/api/cc_agent/checkIn?user_id=${id}`)).toMatchObject({ status: 200, body: { success: false, error: 'User is already checked in' } });
    expect((await get(`/api/cc_agent/checkOut?user_id=${id}`)).body).toEqual({ success: true });
    expect(agentState(id).loggedIn).toBe(false);
    expect(await get('/api/cc_agent/checkOut?user_id=99')).toMatchObject({ status: 404, body: { error: 'User 99 not found' } });
    expect((await get('/api/cc_agent/checkOut')).status).toBe(400);
    expect((await get('/api/cc_agent/dance?user_id=1')).status).toBe(404);
  });
  it('setQueues takes a comma list or an array, at /api/cc_agent/ and the seed\'s /api/setQueues, and answers the queue', async () => {
    const r = await get('/api/cc_agent/setQueues?user_id=3&queue_ids=2,1');
    expect(agentState(3).queueIds).toEqual([2, 1]);
    expect(Object.keys(r.body!.data)).toEqual(['id', 'account_id', 'site_id', 'name', 'tv_name', 'strategy', 'record', 'users']);
    expect(r.body!.data.users.find((u: unknown[]) => u[0] === 3)).toHaveLength(7);
    await get('/api/setQueues?user_id=3&queue_ids[]=1');
    expect(agentState(3).queueIds).toEqual([1]);
    expect((await get('/api/cc_agent/setQueues?user_id=3&queue_ids=a')).status).toBe(400);
  });
  it('setPause and wrapup (the seed\'s trailing-comma body)', async () => {
    const id = sim.control.state().agents.find((a) => a.loggedIn)!.id;
    expect((await get(`/api/cc_agent/setPause?user_id=${id}&id=3`)).body).toEqual({ success: true });
    expect(agentState(id)).toMatchObject({ status: 'paused', pauseCode: 'TRAINING' });
    await get(`/api/cc_agent/setPause?user_id=${id}&id=0`);
    expect(agentState(id).status).toBe('available');
    const w = await get(`/api/cc_agent/wrapup?user_id=${id}&seconds=0`);
    expect(w.text).toBe('{\n  "success": true,\n}');
    expect((await get(`/api/cc_agent/wrapup?user_id=${id}&seconds=-1`)).status).toBe(400);
  });
});
