// The cc_agent connector over real HTTP to the simulator: every method of seed 004 and its error cases,
// the roster source with the last state set (origin 'console'), and the api_key redacted everywhere.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agent, Roster } from '../../../../common/domain';
import { ConnectorError, type Connector, type ConnectorOptions } from '../../../../main/core/connectors/connector';
import { createCcAgentConnector } from '../../../../main/core/connectors/ccagent/index';
import { expectCcSuccess } from '../../../../main/core/connectors/ccagent/answers';
import { createHttpClient } from '../../../../main/core/http/http-client';
import { startSimulator, type Simulator } from '../../../../main/simulator/index';

const KEY = 'demo-key';
let sim: Simulator;
const open: Connector[] = [];
let roster: Roster;

function connector(patch: Partial<ConnectorOptions> = {}): Connector {
  const c = createCcAgentConnector(
    { apiHost: sim.url, credentials: { apiKey: KEY }, timezone: 'UTC', ownExtension: '', requestTimeoutMs: 2000, roster: () => roster, ...patch },
    () => 1_700_000_000_000,
  );
  open.push(c);
  return c;
}

async function failure(p: Promise<unknown>, key = KEY): Promise<ConnectorError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorError);
    const e = err as ConnectorError;
    expect(JSON.stringify(e.error)).not.toContain(key);
    return e;
  }
  throw new Error('did not fail');
}

async function rows(c: Connector): Promise<Agent[]> {
  return (await c.sources()[0]!.fetch(new AbortController().signal)).agents ?? [];
}
const simAgent = (id: number) => sim.control.state().agents.find((a) => a.id === id)!;
const agent = (id: number): Agent => ({
  id: String(id), name: `Agent ${id}`, username: '', extension: null, state: 'offline', stateSince: null, pauseReason: null,
  pauseLimitSec: null, queues: [], campaign: null, callId: null, origin: 'console', answeredToday: null,
});
const lastQuery = () => sim.control.requests().at(-1)!.query;
const loggedOut = (): number => sim.control.state().agents.find((a) => !a.loggedIn)!.id;

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false, agents: 24, seed: 3 });
});
afterAll(async () => {
  for (const c of open) c.close();
  await sim.close();
});
beforeEach(() => {
  sim.control.clearFaults();
  sim.control.clearRequests();
  roster = {
    agents: [{ id: '1', name: 'Ana Lima', extension: '101' }, { id: '2', name: 'Bruno Dias', extension: null }],
    pauseReasons: [{ id: '1', name: 'Lunch' }, { id: '2', name: 'Break' }],
    queues: [{ id: '1', name: 'Sales' }, { id: '2', name: 'Support' }],
    devices: [{ id: '105', name: 'Desk 5' }],
  };
});

describe('cc_agent connector', () => {
  it('connects without touching the PBX and declares its capabilities', async () => {
    const c = connector();
    expect(await c.connect()).toEqual({ user: 'cc_agent API key' });
    expect(sim.control.requests()).toHaveLength(0);
    expect([...c.capabilities].sort()).toEqual(['agent-pause', 'check-in', 'queue-membership', 'roster', 'wrap-up']);
    expect(() => connector({ credentials: { username: 'u', password: 'p' } })).toThrow(/API key/);
  });

  it('yields the roster agents, never read back from the PBX, with the last state set here', async () => {
    const c = connector();
    expect(await rows(c)).toEqual([
      { ...agent(1), name: 'Ana Lima', extension: '101' },
      { ...agent(2), name: 'Bruno Dias' },
    ]);
    expect(sim.control.requests()).toHaveLength(0);
    const id = loggedOut();
    roster.agents.push({ id: String(id), name: 'Carla', extension: null });
    await c.checkIn!(agent(id), {});
    const row = (await rows(c)).find((a) => a.id === String(id))!;
    expect(row).toMatchObject({ state: 'available', stateSince: 1_700_000_000_000, origin: 'console' });
  });

  it('checkIn answers the dial code; a second check-in is refused; force checks in again', async () => {
    const c = connector();
    const id = loggedOut();
    expect(await c.checkIn!(agent(id), {})).toEqual({ dialCode: `**9${simAgent(id).extension}` });
    expect(lastQuery()).toEqual({ user_id: String(id), api_key: KEY });
    expect(simAgent(id).loggedIn).toBe(true);
    const again = await failure(c.checkIn!(agent(id), {}));
    expect(again.error).toMatchObject({ code: 'PBX_ERROR', pbxMessage: 'User is already checked in' });
    await c.checkIn!(agent(id), { force: true });
    expect(lastQuery().forceCheckOut).toBe('1');
  });

  it('checkOut, and a refused second checkOut', async () => {
    const c = connector();
    const id = sim.control.state().agents.find((a) => a.loggedIn && a.callId === null)!.id;
    roster.agents.push({ id: String(id), name: 'Dan', extension: null });
    await c.checkOut!(agent(id));
    expect(simAgent(id).loggedIn).toBe(false);
    expect((await rows(c)).find((a) => a.id === String(id))!.state).toBe('offline');
    expect((await failure(c.checkOut!(agent(id)))).error.pbxMessage).toBe('User is not checked in');
  });

  it('checkInDevice: refused while the device is in use, forced with forceCheckOut=1, unknown device 404', async () => {
    const c = connector();
    const holder = sim.control.state().agents.find((a) => a.loggedIn && a.callId === null)!;
    const id = loggedOut();
    const busy = await failure(c.checkIn!(agent(id), { deviceId: holder.extension }));
    expect(busy.error.pbxMessage).toBe(`Device ${holder.extension} is in use by another user`);
    await c.checkIn!(agent(id), { deviceId: holder.extension, force: true });
    expect(lastQuery()).toMatchObject({ device_id: holder.extension, forceCheckOut: '1' });
    expect(simAgent(holder.id).loggedIn).toBe(false);
    expect(simAgent(id).loggedIn).toBe(true);
    const unknown = await failure(c.checkIn!(agent(id), { deviceId: '999999', force: true }));
    expect(unknown.error).toMatchObject({ code: 'NOT_FOUND', pbxMessage: 'Device 999999 not found' });
  });

  it('setPause with a reason, 0 for available; an unknown pause is 404; a checked-out agent refused', async () => {
    const c = connector();
    await c.pauseAgent!(agent(1), '2');
    expect(lastQuery()).toMatchObject({ id: '2', user_id: '1' });
    expect(simAgent(1)).toMatchObject({ status: 'paused', pauseCode: 'BREAK' });
    expect((await rows(c))[0]).toMatchObject({ state: 'paused', pauseReason: 'Break' });
    await c.resumeAgent!(agent(1));
    expect(lastQuery().id).toBe('0');
    expect(simAgent(1).status).toBe('available');
    expect((await rows(c))[0]).toMatchObject({ state: 'available', pauseReason: null });
    expect((await failure(c.pauseAgent!(agent(1), '99'))).error).toMatchObject({ code: 'NOT_FOUND', pbxMessage: 'Pause 99 not found' });
    expect((await failure(c.pauseAgent!(agent(1)))).error.code).toBe('INVALID_PAYLOAD');
    expect((await failure(c.pauseAgent!(agent(loggedOut()), '1'))).error.pbxMessage).toBe('User is not checked in');
  });

  it('setQueues sends a comma list; an unknown queue is 404', async () => {
    const c = connector();
    await c.setQueues!(agent(2), ['1', '2']);
    expect(lastQuery().queue_ids).toBe('1,2');
    expect(simAgent(2).queueIds).toEqual([1, 2]);
    expect((await rows(c))[1]!.queues).toEqual(['1', '2']);
    expect((await failure(c.setQueues!(agent(2), ['55']))).error).toMatchObject({ code: 'NOT_FOUND', pbxMessage: 'Queue 55 not found' });
  });

  it('wrapup reads the seed\'s trailing-comma answer; seconds=0 ends wrap-up', async () => {
    const c = connector();
    await c.wrapUp!(agent(1), 30);
    expect(lastQuery().seconds).toBe('30');
    expect((await rows(c))[0]!.state).toBe('wrap-up');
    await c.wrapUp!(agent(1), 0);
    expect((await rows(c))[0]!.state).toBe('available');
    await c.wrapUp!(agent(1), undefined);
    expect(lastQuery()).toEqual({ user_id: '1', api_key: KEY });
  });

  it('an unknown user is 404, a non-numeric id is refused locally, a wrong api_key is UNAUTHORIZED and never shown', async () => {
    const c = connector();
    expect((await failure(c.checkOut!(agent(4242)))).error).toMatchObject({ code: 'NOT_FOUND', pbxMessage: 'User 4242 not found' });
    expect((await failure(c.checkOut!({ ...agent(1), id: 'abc' }))).error.code).toBe('INVALID_PAYLOAD');
    const key = 'wrong-key-9f8e7d';
    const e = await failure(connector({ credentials: { apiKey: key } }).checkOut!(agent(1)), key);
    expect(e.error.code).toBe('UNAUTHORIZED');
    sim.control.addFault({ route: '/api/cc_agent/checkOut', kind: 'status', status: 502, times: 1 });
    expect((await failure(c.checkOut!(agent(1)))).error.code).toBe('HTTP_ERROR');
    sim.control.addFault({ route: '/api/cc_agent/checkOut', kind: 'delay', delayMs: 400, times: 1 });
    const slow = await failure(connector({ requestTimeoutMs: 100 }).checkOut!(agent(1)));
    expect(slow.error.code).toBe('TIMEOUT');
  });
});

describe('expectCcSuccess', () => {
  const http = createHttpClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 100, secrets: () => ['s3cr3t-key'] });
  const res = (status: number, text: string) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status, text, json, request: 'GET /api/cc_agent/checkIn' };
  };
  it('reads data, trailing commas, success:false with HTTP 200, and scrubs an echoed key', () => {
    expect(expectCcSuccess(res(200, '{"success": true, "data": "**9477"}'), 'x', http.redact)).toBe('**9477');
    expect(expectCcSuccess(res(200, '{\n "success": true,\n}'), 'x', http.redact)).toBeUndefined();
    const e = (() => {
      try {
        expectCcSuccess(res(200, '{"success": false, "error": "bad key s3cr3t-key for api_key=s3cr3t-key"}'), 'check in', http.redact);
      } catch (err) {
        return (err as ConnectorError).error;
      }
      throw new Error('did not fail');
    })();
    expect(e.code).toBe('PBX_ERROR');
    expect(JSON.stringify(e)).not.toContain('s3cr3t-key');
    expect(() => expectCcSuccess(res(200, '<html>'), 'x', http.redact)).toThrow(/not JSON/);
    expect(() => expectCcSuccess(res(200, '{"data": 1}'), 'x', http.redact)).toThrow(/no "success" field/);
  });
});
