// TEL4VN actions over real HTTP to the simulator: listen / whisper / barge / transfer, pause / resume,
// click-to-call, registration checks, and the PBX's error bodies (some of them with HTTP 200) mapped to codes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../common/domain';
import type { Connector } from '../../../../main/core/connectors/connector';
import { createTel4vnConnector } from '../../../../main/core/connectors/tel4vn/index';
import { startSimulator, type Simulator } from '../../../../main/simulator/index';
import { failure } from '../../connector-failure';

let sim: Simulator;
let c: Connector;

/** A fresh call on an idle, logged-in agent. */
function newCall(): { callId: string; ext: string } {
  const agent = sim.control.state().agents.find((a) => a.loggedIn && a.callId === null && a.status === 'available');
  if (!agent) throw new Error('no idle agent');
  return { ...sim.control.startCall(agent.id, { direction: 'inbound' }), ext: agent.extension };
}

async function liveAgents(): Promise<Agent[]> {
  const source = c.sources().find((s) => s.id === 'agents');
  return (await source?.fetch(new AbortController().signal))?.agents ?? [];
}

const posts = (path: string): number => sim.control.requests().filter((r) => r.method === 'POST' && r.path === path).length;

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false, seed: 11, agents: 20 });
  c = createTel4vnConnector({
    apiHost: sim.url,
    credentials: { username: 'demo', password: 'demo' },
    timezone: 'Asia/Ho_Chi_Minh',
    ownExtension: '900',
    requestTimeoutMs: 1000,
  });
  await c.connect();
});
afterAll(async () => {
  c.close();
  await sim.close();
});
beforeEach(() => {
  sim.control.setRegistered('900', true);
});
afterEach(() => {
  // End every call, so each test starts with idle agents and a free supervisor extension.
  for (const call of sim.control.state().calls) sim.control.hangupCall(call.id);
});

describe('capabilities', () => {
  it('declares what TEL4VN can do, with the matching methods', () => {
    expect([...c.capabilities].sort()).toEqual(['agent-login', 'agent-pause', 'call-actions', 'call-history', 'click-to-call', 'customer-directory', 'live-agents', 'live-calls', 'outbound-queues', 'own-extension-status', 'queue-monitor']);
    expect(c.system).toBe('tel4vn');
    for (const m of ['callAction', 'isExtensionRegistered', 'pauseAgent', 'resumeAgent', 'clickToCall'] as const) expect(typeof c[m]).toBe('function');
    expect(c.logoffAgent).toBeUndefined();
    expect(typeof c.outbound?.loadAutocall).toBe('function');
    expect(typeof c.customers?.loginAgent).toBe('function');
    expect(c.sources().map((s) => s.id)).toEqual(['calls', 'queue', 'agents', 'own-extension']);
  });
});

describe('call actions', () => {
  it('listens, whispers and barges from the own extension (the PBX attaches the leg)', async () => {
    for (const action of ['listen', 'whisper', 'barge'] as const) {
      const { callId } = newCall();
      await c.callAction?.(action, callId, '900');
      expect(sim.control.state().monitors).toContainEqual(expect.objectContaining({ callId, ext: '900', mode: action }));
      sim.control.hangupCall(callId);
    }
  });
  it("keeps a monitored call once in the calls source, on the agent's extension", async () => {
    const { callId, ext } = newCall();
    await c.callAction?.('listen', callId, '900');
    const calls = (await c.sources().find((s) => s.id === 'calls')?.fetch(new AbortController().signal))?.calls ?? [];
    expect(calls.filter((x) => x.id === callId)).toEqual([expect.objectContaining({ extension: ext, state: 'on-call' })]);
    expect(new Set(calls.map((x) => x.id)).size).toBe(calls.length);
  });
  it('transfers a call to another extension', async () => {
    const { callId } = newCall();
    const target = sim.control.state().agents.find((a) => a.loggedIn && a.callId === null && a.registered);
    await c.callAction?.('transfer', callId, target?.extension ?? '');
    expect(sim.control.state().calls.find((x) => x.id === callId)?.ext).toBe(target?.extension);
  });
  it('maps USER_NOT_REGISTERED (HTTP 200 with a fail body)', async () => {
    const { callId } = newCall();
    sim.control.setRegistered('900', false);
    const err = await failure(c.callAction?.('listen', callId, '900'));
    // Listen rings the supervisor's own phone: the error is about theirs.
    expect(err.error).toMatchObject({ code: 'USER_NOT_REGISTERED', pbxMessage: 'USER_NOT_REGISTERED', party: 'own', extension: '900' });
    expect(err.message).toContain('Your extension 900 is not registered');
  });
  it('maps USER_BUSY (HTTP 200 with a fail body)', async () => {
    const first = newCall();
    const second = newCall();
    await c.callAction?.('listen', first.callId, '900');
    const err = await failure(c.callAction?.('barge', second.callId, '900'));
    expect(err.error).toMatchObject({ code: 'USER_BUSY', party: 'own', extension: '900' });
    expect(err.message).toContain('Your extension 900 is busy');
  });
  it('names the target of a transfer in USER_BUSY and USER_NOT_REGISTERED, keeping the PBX\'s words', async () => {
    const { callId } = newCall();
    const other = newCall();
    const busy = sim.control.state().calls.find((x) => x.id === other.callId)!.ext;
    const err = await failure(c.callAction?.('transfer', callId, busy));
    expect(err.error).toMatchObject({ code: 'USER_BUSY', party: 'target', extension: busy, pbxMessage: 'USER_BUSY' });
    expect(err.message).toBe(`Extension ${busy} is busy on another call.`);
    const idle = sim.control.state().extensions.find((x) => x.callId === null && x.agentId !== null)!.number;
    sim.control.setRegistered(idle, false);
    const gone = await failure(c.callAction?.('transfer', callId, idle));
    expect(gone.error).toMatchObject({ code: 'USER_NOT_REGISTERED', party: 'target', extension: idle });
    expect(gone.message).not.toContain('Your');
  });
  it('maps CALL_NOT_FOUND (HTTP 404) to UNKNOWN_CALL', async () => {
    const err = await failure(c.callAction?.('listen', 'no-such-call', '900'));
    expect(err.error).toMatchObject({ code: 'UNKNOWN_CALL', pbxMessage: 'CALL_NOT_FOUND' });
  });
  it('maps other refusals to HTTP_ERROR with the PBX message, and sends each action exactly once', async () => {
    const before = posts('/v2/call/abc/listen');
    const err = await failure(c.callAction?.('listen', 'abc', 'x1'));
    expect(err.error).toMatchObject({ code: 'HTTP_ERROR', pbxMessage: 'INVALID_EXT' });
    expect(posts('/v2/call/abc/listen')).toBe(before + 1);
  });
  it('reports a 500 as HTTP_ERROR and never retries it', async () => {
    const { callId } = newCall();
    sim.control.addFault({ route: `/v2/call/${callId}/listen`, kind: 'status', status: 500, times: 1 });
    expect((await failure(c.callAction?.('listen', callId, '900'))).error.code).toBe('HTTP_ERROR');
    expect(posts(`/v2/call/${callId}/listen`)).toBe(1);
  });
});

describe('agents', () => {
  it('pauses with a code and resumes, by extension', async () => {
    const agent = (await liveAgents()).find((a) => a.state === 'available');
    if (!agent) throw new Error('no available agent');
    await c.pauseAgent?.(agent, 'LUNCH');
    expect((await liveAgents()).find((a) => a.id === agent.id)).toMatchObject({ state: 'paused', pauseReason: 'LUNCH' });
    await c.resumeAgent?.(agent);
    expect((await liveAgents()).find((a) => a.id === agent.id)?.state).toBe('available');
    expect(sim.control.requests().filter((r) => r.path === '/v3/agent/pause').at(-1)?.body).toEqual({ extension: agent.extension, pause_code: 'LUNCH' });
  });
  it('refuses an agent without an extension before sending anything', async () => {
    const agent = (await liveAgents())[0] as Agent;
    const before = posts('/v3/agent/pause');
    const err = await failure(c.pauseAgent?.({ ...agent, extension: null }));
    expect(err.error.code).toBe('NOT_FOUND');
    expect(posts('/v3/agent/pause')).toBe(before);
  });
  it("reports the PBX's refusal of an unknown extension", async () => {
    const agent = (await liveAgents())[0] as Agent;
    const err = await failure(c.resumeAgent?.({ ...agent, extension: '99999' }));
    expect(['HTTP_ERROR', 'PBX_ERROR']).toContain(err.error.code);
    expect(err.error.pbxMessage).toBeTruthy();
  });
});

describe('extensions and click-to-call', () => {
  it('reads registration, and says when an extension does not exist', async () => {
    expect(await c.isExtensionRegistered?.('900')).toBe(true);
    sim.control.setRegistered('900', false);
    expect(await c.isExtensionRegistered?.('900')).toBe(false);
    const own = c.sources().find((s) => s.id === 'own-extension');
    expect(await own?.fetch(new AbortController().signal)).toEqual({ ownExtensionRegistered: false });
    expect((await failure(c.isExtensionRegistered?.('77777'))).error.code).toBe('NOT_FOUND');
  });
  it('calls a number from the own extension (POST /v2/click2call), and maps its fail bodies', async () => {
    await c.clickToCall?.('900', '0912345678');
    expect(sim.control.requests().filter((r) => r.path === '/v2/click2call').at(-1)?.body).toEqual({ mobile: '0912345678', agent: '900' });
    expect(sim.control.state().calls.some((x) => x.ext === '900' && x.customerNumber === '0912345678')).toBe(true);
    expect((await failure(c.clickToCall?.('900', '0912345679'))).error.code).toBe('USER_BUSY');
    sim.control.setRegistered('900', false);
    const err = await failure(c.clickToCall?.('900', '0912345678'));
    expect(err.error).toMatchObject({ code: 'USER_NOT_REGISTERED', pbxMessage: 'User not registered extension with Softphone or IP Phone; USER_NOT_REGISTERED' });
  });
});
