// The control surface (in-process and /_sim/ over HTTP): request log, determinism, the caller life cycle
// (abandon retention, rejoin, answer, hangup), mutate, scenario ticking.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type FloorStateView } from '../../main/simulator/index';
import { startClient, type Client } from './helpers';

const NO_TIME = '1970-01-01T08:00:00+08:00';
type QueueRow = Record<string, string>;

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sim.close());

const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(c.sim.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const queueRow = async (callId: string): Promise<QueueRow | undefined> =>
  ((await c.get('/v3/monitor/callcenter/queue')).body as { data: QueueRow[] }).data.find((r) => r.call_uuid === callId);

describe('request log', () => {
  it('records PBX-API requests (method, path, query, headers, body), never control requests', async () => {
    await control('DELETE', '/_sim/requests');
    await c.get('/v3/monitor?=null');
    await c.post('/v2/call/abc/barge', { ext: '900' });
    await control('GET', '/_sim/state');
    const log = c.sim.control.requests();
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v3/monitor', 'POST /v2/call/abc/barge']);
    expect(log[0]?.query).toEqual({ '': 'null' });
    expect(log[1]?.body).toEqual({ ext: '900' });
    expect(log[1]?.headers.authorization).toBe(`Bearer ${c.token}`);
    expect(Math.abs((log[1]?.at ?? 0) - Date.now())).toBeLessThan(5000);
    const since = await fetch(`${c.sim.url}/_sim/requests?since=${log[0]?.seq}`).then((r) => r.json()) as Array<{ path: string }>;
    expect(since.map((r) => r.path)).toEqual(['/v2/call/abc/barge']);
  });
});

describe('determinism', () => {
  const strip = (s: FloorStateView) => ({
    agents: s.agents.map(({ loginAt: _l, updatedAt: _u, ...a }) => a),
    calls: s.calls.map(({ createdAt: _c, answeredAt: _a, ...x }) => x),
    entries: s.queueEntries.map((e) => [e.callId, e.status, e.agentId, e.rejoinedAt !== null]),
    counts: s.counts,
  });

  it('the same seed gives the same floor after the same ticks; another seed does not', async () => {
    const [a, b, other] = await Promise.all([7, 7, 8].map((seed) => startSimulator({ seed, autoRun: false })));
    try {
      for (const s of [a, b, other]) s?.control.tick(120);
      expect(strip(a!.control.state())).toEqual(strip(b!.control.state()));
      expect(a!.control.state().counts.endedTotal).toBeGreaterThan(0);
      expect(strip(other!.control.state())).not.toEqual(strip(a!.control.state()));
    } finally {
      await Promise.all([a, b, other].map((s) => s?.close()));
    }
  });
});

describe('caller life cycle', () => {
  it('an abandoned caller stays listed for the retention window (60 s of scenario time), then leaves', async () => {
    const { body } = await control('POST', '/_sim/callers', { queueId: 1, number: '0901234567' });
    const callId = body.callId as string;
    expect(await queueRow(callId)).toMatchObject({ status: 'Trying', mobile: '0901234567', abandoned_time: NO_TIME, bridged_time: NO_TIME, rejoined_time: NO_TIME });
    expect((await control('POST', `/_sim/callers/${callId}/abandon`)).status).toBe(200);
    const row = await queueRow(callId);
    expect(row?.status).toBe('Abandoned');
    expect(row?.abandoned_time).not.toBe(NO_TIME);
    expect(c.sim.control.state().abandons.at(-1)).toMatchObject({ callId, queueId: 1, number: '0901234567' });
    c.sim.control.tick(59);
    expect((await queueRow(callId))?.status).toBe('Abandoned');
    await control('POST', '/_sim/tick', { steps: 2 });
    expect(await queueRow(callId)).toBeUndefined();
  });

  it('a rejoin puts the same call_uuid back to Trying with rejoined_time; answer, then hangup', async () => {
    const { callId } = c.sim.control.addCaller({ queueId: 2 });
    c.sim.control.abandonCaller(callId);
    expect((await control('POST', `/_sim/callers/${callId}/rejoin`)).status).toBe(200);
    const rejoined = await queueRow(callId);
    expect(rejoined).toMatchObject({ status: 'Trying', call_uuid: callId });
    expect(rejoined?.rejoined_time).not.toBe(NO_TIME);

    const idle = c.sim.control.state().agents.find((a) => a.loggedIn && a.status === 'available' && a.callId === null);
    const answered = await control('POST', `/_sim/callers/${callId}/answer`, { agentId: idle?.id });
    expect(answered).toMatchObject({ status: 200, body: { callId, agentId: idle?.id, ext: idle?.extension } });
    const row = await queueRow(callId);
    expect(row).toMatchObject({ status: 'Answered', call_center_agent_uuid: idle?.uuid });
    expect(row?.bridged_time).not.toBe(NO_TIME);
    const monitor = ((await c.get('/v3/monitor')).body as { data: QueueRow[] }).data.find((r) => r.call_id === callId);
    expect(monitor).toMatchObject({ extension: idle?.extension, call_state: 'ONCALL', direction: 'inbound' });

    expect((await control('POST', `/_sim/callers/${callId}/hangup`)).status).toBe(200);
    expect(await queueRow(callId)).toBeUndefined();
    expect(c.sim.control.state().agents.find((a) => a.id === idle?.id)?.callId).toBeNull();
  });

  it('the scenario routes a waiting caller to a ringing agent; hanging up then is an abandon', async () => {
    const sim = await startSimulator({ autoRun: false, seed: 3 });
    try {
      const { callId } = sim.control.addCaller({ queueId: 1 });
      sim.control.tick(1);
      const call = sim.control.state().calls.find((x) => x.id === callId);
      expect(call).toMatchObject({ state: 'ringing', direction: 'inbound' });
      expect(sim.control.state().queueEntries.find((e) => e.callId === callId)?.status).toBe('Trying');
      sim.control.hangupCall(callId);
      expect(sim.control.state().queueEntries.find((e) => e.callId === callId)?.status).toBe('Abandoned');
      expect(sim.control.state().agents.find((a) => a.id === call?.agentId)?.callId).toBeNull();
    } finally {
      await sim.close();
    }
  });

  it('refuses impossible transitions with a status and a reason', async () => {
    const { callId } = c.sim.control.addCaller();
    expect(await control('POST', `/_sim/callers/${callId}/rejoin`)).toMatchObject({ status: 409, body: { error: expect.stringMatching(/not Abandoned/) } });
    expect(await control('POST', '/_sim/callers/nope/abandon')).toMatchObject({ status: 404 });
    expect(await control('POST', '/_sim/callers', { queueId: 99 })).toMatchObject({ status: 404, body: { error: 'queue 99 not found' } });
    expect(await control('POST', '/_sim/agents/9999/pause')).toMatchObject({ status: 404 });
    expect(await control('POST', '/_sim/extensions/900', { registered: 'yes' })).toMatchObject({ status: 400 });
    expect(await control('POST', '/_sim/nothing')).toMatchObject({ status: 404 });
  });
});

describe('agents, extensions, mutate, scenario', () => {
  it('pause / resume / logout / login / call over HTTP change what the PBX API shows', async () => {
    const agent = c.sim.control.state().agents.find((a) => a.loggedIn && a.callId === null);
    const live = async () => ((await c.get('/v3/agent/live')).body as { data: QueueRow[] }).data.find((r) => r.user_uuid === agent?.uuid);
    await control('POST', `/_sim/agents/${agent?.id}/pause`, { code: 'TRAINING' });
    expect(await live()).toMatchObject({ status: 'PAUSE', pause_code: 'TRAINING' });
    await control('POST', `/_sim/agents/${agent?.uuid}/resume`);
    expect(await live()).toMatchObject({ status: 'RESUME', pause_code: '' });
    await control('POST', `/_sim/agents/${agent?.id}/logout`);
    expect(await live()).toBeUndefined();
    await control('POST', `/_sim/agents/${agent?.id}/login`);
    expect(await live()).toMatchObject({ status: 'PAUSE' });
    const call = await control('POST', `/_sim/agents/${agent?.id}/call`, { number: '0911111111', direction: 'outbound' });
    const row = ((await c.get('/v3/monitor')).body as { data: QueueRow[] }).data.find((r) => r.call_id === call.body.callId);
    expect(row).toMatchObject({ extension: agent?.extension, call_state: 'ONCALL', direction: 'outbound', b_cid_num: '0911111111' });
    await control('POST', '/_sim/extensions/900', { registered: false });
    expect((await c.get('/v3/extension/900/loggedin')).body).toEqual({ extension: '900', is_logged_in: false });
    await control('POST', '/_sim/extensions/900', { registered: true });
  });

  it('mutate changes about that fraction of agents at once', async () => {
    const before = c.sim.control.state().agents;
    const res = await control('POST', '/_sim/mutate', { fraction: 0.25 });
    expect(res.body).toEqual({ changed: 6 });
    const after = c.sim.control.state().agents;
    const changed = after.filter((a, i) => a.status !== before[i]?.status || a.loggedIn !== before[i]?.loggedIn);
    expect(changed.length).toBe(6);
    expect((await control('POST', '/_sim/mutate', { fraction: 2 })).status).toBe(400);
  });

  it('with autoRun the scenario moves by itself; POST /_sim/scenario stops it', async () => {
    const sim = await startSimulator({ timeScale: 100 });
    try {
      await vi.waitFor(() => expect(sim.control.state().counts.endedTotal).toBeGreaterThan(0), { timeout: 8000, interval: 50 });
      const res = await fetch(`${sim.url}/_sim/scenario`, { method: 'POST', body: JSON.stringify({ running: false }) });
      expect(res.status).toBe(200);
      expect(sim.control.state().running).toBe(false);
      const t = sim.control.state().scenarioMs;
      await new Promise((r) => setTimeout(r, 250));
      expect(sim.control.state().scenarioMs).toBe(t);
    } finally {
      await sim.close();
    }
  });
});

describe('options', () => {
  it('refuses out-of-range options with a clear message', async () => {
    await expect(startSimulator({ agents: 5 })).rejects.toThrow(/agents must be an integer 10\.\.10000/);
    await expect(startSimulator({ timezone: 'Mars/Olympus' })).rejects.toThrow(/Unknown time zone/);
    await expect(startSimulator({ agents: 10, supervisorExtension: '101' })).rejects.toThrow(/twice/);
    await expect(startSimulator({ surge: 1.5 })).rejects.toThrow(/surge must be 0\.\.1/);
  });

  it('without surge the floor settles and holds its size (the benchmark\'s floor)', async () => {
    const sim = await startSimulator({ agents: 2000, autoRun: false, surge: 0 });
    try {
      sim.control.tick(720);
      const settled = sim.control.state().counts;
      sim.control.tick(600);
      const later = sim.control.state().counts;
      // Ten more minutes of scenario time: the calls on the floor move by a few per cent, not tens.
      expect(Math.abs(later.calls - settled.calls) / settled.calls).toBeLessThan(0.1);
      expect(settled.calls).toBeGreaterThan(settled.loggedIn * 0.4);
    } finally {
      await sim.close();
    }
  });

  it('a 10,000-agent floor answers the polled routes', async () => {
    const big = await startClient({ agents: 10_000 });
    try {
      const { counts, queues } = big.sim.control.state();
      expect(queues).toHaveLength(40);
      const live = (await big.get('/v3/agent/live')).body as { data: unknown[] };
      expect(live.data.length).toBe(counts.loggedIn);
      expect(live.data.length).toBeGreaterThan(8000);
      expect(((await big.get('/v3/monitor')).body as { total: number }).total).toBe(counts.calls);
      expect(big.sim.control.mutate(0.01)).toEqual({ changed: 100 });
      big.sim.control.tick(2);
      expect(((await big.get('/v3/monitor/callcenter/queue')).body as { data: unknown[] }).data.length).toBeGreaterThan(3000);
    } finally {
      await big.sim.close();
    }
  });
});
