// TEL4VN customers, user status (seed 002) and agent login (seed 000) read with the seeds' own example answers
// and their variants: failures inside HTTP 200, null fields, ids and numbers with stray spaces, a string
// "false"; then over real HTTP to the simulator (both user status paths, the login's refusals).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../common/domain';
import type { Connector } from '../../../../main/core/connectors/connector';
import { readCustomerPage, readUserStatus } from '../../../../main/core/connectors/tel4vn/customers';
import { createTel4vnConnector } from '../../../../main/core/connectors/tel4vn/index';
import type { HttpResponse } from '../../../../main/core/http/http-client';
import { startSimulator, type Simulator } from '../../../../main/simulator/index';

// Seed 002 "Get List Customers", verbatim.
const SEED_CUSTOMERS = {
  code: 200,
  content: 'successfully',
  data: [
    {
      campaign_id: 'aaaaaaaa-1111-2222-3333-eeeeeeee', contract_number: 'ABC123', created_at: '2021-07-15T12:50:23.805319Z', customer_code: 'KH01',
      customer_id: 'dddddddd-1111-2222-3333-eeeeeeee', customer_name: 'Khach Hang 01', phone_number: '0899888998', status: 'NEW', updated_at: '0001-01-01T00:00:00Z',
    },
    {
      campaign_id: 'aaaaaaaa-1111-2222-3333-eeeeeeee', contract_number: 'DEF456', created_at: '2021-07-15T12:50:24.565573Z', customer_code: 'KH01',
      customer_id: 'gggggggg-1111-2222-3333-eeeeeeee', customer_name: 'Khach Hang 02', phone_number: '0899888999', status: 'NEW', updated_at: '0001-01-01T00:00:00Z',
    },
  ],
  limit: 10,
  offset: 0,
  total: 200,
};
// Seed 002 "Get User Status", verbatim, and its error.
const SEED_USER = {
  code: 200, content: 'successfully',
  data: { agent_name: 'Test User 01', ext_loggedin: 'false', extension: '101', user_uuid: 'aaaaaaaa-1111-2222-3333-eeeeeeee', username: 'test.user01' },
};
const SEED_USER_ERROR = { code: 404, content: 'user is not existed', error: 'Not Found' };

const res = (status: number, json: unknown, request = 'GET /v2/customer'): HttpResponse => ({ status, json, text: JSON.stringify(json), request });

describe('reading seed 002 customers', () => {
  it('reads the seed\'s page: number, name and code, and the total', () => {
    expect(readCustomerPage(res(200, SEED_CUSTOMERS))).toEqual({
      rows: [{ number: '0899888998', name: 'Khach Hang 01', code: 'KH01' }, { number: '0899888999', name: 'Khach Hang 02', code: 'KH01' }],
      read: 2,
      total: 200,
    });
  });

  it('null names and numbers are skipped, stray spaces trimmed, +84 numbers read nationally, a string total read', () => {
    const page = {
      ...SEED_CUSTOMERS,
      total: ' 3 ',
      data: [
        { ...SEED_CUSTOMERS.data[0], customer_name: null },
        { ...SEED_CUSTOMERS.data[1], phone_number: null },
        { ...SEED_CUSTOMERS.data[1], customer_name: '  Khach Hang 03 ', phone_number: ' +84 899 888 997 ', customer_code: ' KH03 ' },
        null,
      ],
    };
    expect(readCustomerPage(res(200, page))).toEqual({ rows: [{ number: '0899888997', name: 'Khach Hang 03', code: 'KH03' }], read: 4, total: 3 });
    expect(readCustomerPage(res(200, { ...SEED_CUSTOMERS, data: null, total: null }))).toEqual({ rows: [], read: 0, total: null });
  });

  it('a failure inside HTTP 200 in each TEL4VN shape is an error, never an empty directory', () => {
    for (const body of [SEED_USER_ERROR, { status: 'fail', error: 'DB_ERROR', data: null }, { error: 'token is invalid' }, { code: '500', content: 'Lỗi hệ thống' }]) {
      expect(() => readCustomerPage(res(200, body))).toThrow(/failure/);
    }
    expect(() => readCustomerPage(res(200, { code: 200, content: 'successfully', data: { a: 1 } }))).toThrow(/data is not a list/);
    expect(() => readCustomerPage(res(502, SEED_CUSTOMERS))).toThrow(/502/);
  });
});

describe('reading seed 002 user status', () => {
  it('reads the seed\'s answer (ext_loggedin "false" is false) and its 404, with 200 or 404', () => {
    expect(readUserStatus(res(200, SEED_USER), 'test.user01', 5)).toEqual({
      userId: 'test.user01', username: 'test.user01', agentName: 'Test User 01', extension: '101', extLoggedIn: false, userUuid: 'aaaaaaaa-1111-2222-3333-eeeeeeee', at: 5,
    });
    for (const status of [200, 404]) expect(() => readUserStatus(res(status, SEED_USER_ERROR), 'x', 0)).toThrow(/no user x/);
  });

  it('true / booleans / junk, nulls and stray spaces', () => {
    const read = (d: Record<string, unknown>) => readUserStatus(res(200, { ...SEED_USER, data: { ...SEED_USER.data, ...d } }), 'u', 0);
    expect(read({ ext_loggedin: ' TRUE ' }).extLoggedIn).toBe(true);
    expect(read({ ext_loggedin: false }).extLoggedIn).toBe(false);
    expect(read({ ext_loggedin: null }).extLoggedIn).toBeNull();
    expect(read({ ext_loggedin: 'maybe' }).extLoggedIn).toBeNull();
    expect(read({ agent_name: null, extension: ' 101 ', user_uuid: ' aaaaaaaa-1111-2222-3333-eeeeeeee ' })).toMatchObject({ agentName: '', extension: '101', userUuid: 'aaaaaaaa-1111-2222-3333-eeeeeeee' });
    expect(() => readUserStatus(res(200, { code: 200, content: 'successfully', data: null }), 'u', 0)).toThrow(/data is not an object/);
    expect(() => readUserStatus(res(200, { status: 'fail', error: 'DB_ERROR' }), 'u', 0)).toThrow(/failure/);
  });
});

describe('over HTTP to the simulator', () => {
  let sim: Simulator;
  let c: Connector;
  beforeAll(async () => {
    sim = await startSimulator({ autoRun: false, backfill: false, seed: 3, agents: 12 });
    c = createTel4vnConnector({ apiHost: sim.url, credentials: { username: 'demo', password: 'demo' }, timezone: 'Asia/Ho_Chi_Minh', ownExtension: '900', requestTimeoutMs: 2000 });
    await c.connect();
  });
  afterAll(async () => {
    c.close();
    await sim.close();
  });
  const agentOf = (a: { uuid: string; username: string; extension: string }): Agent => ({
    id: a.uuid, name: '', username: a.username, extension: a.extension, state: 'available', stateSince: null, pauseReason: null, pauseLimitSec: null,
    queues: [], campaign: null, callId: null, origin: 'pbx', answeredToday: null,
  });

  it('declares the capabilities and reads a user status, also by uuid; an unknown user is NOT_FOUND', async () => {
    expect(c.capabilities.has('customer-directory') && c.capabilities.has('agent-login')).toBe(true);
    const a = sim.control.state().agents[0]!;
    expect(await c.customers!.userStatus(agentOf(a))).toMatchObject({ username: a.username, extension: a.extension, userUuid: a.uuid });
    expect(await c.customers!.userStatus({ ...agentOf(a), username: '' })).toMatchObject({ userId: a.uuid, username: a.username });
    await expect(c.customers!.userStatus({ ...agentOf(a), username: 'nobody' })).rejects.toMatchObject({ error: { code: 'NOT_FOUND', pbxMessage: expect.stringContaining('user is not existed') } });
  });

  it('pages the customers with limit and offset, every field of the seed and no other', async () => {
    for (let i = 0; i < 12; i++) sim.control.addCaller({});
    const first = await c.customers!.page(0, 3);
    expect(first.read).toBe(3);
    expect(first.total).toBeGreaterThan(3);
    const res2 = sim.control.requests().filter((r) => r.path === '/v2/customer').at(-1)!;
    expect(res2.query).toEqual({ limit: '3', offset: '0' });
  });

  it('logs an agent in (seed 000); again is CONFLICT in the PBX\'s words; an unknown campaign is refused', async () => {
    const a = sim.control.state().agents.find((x) => !x.loggedIn)!;
    const campaign = sim.control.state().queues[0]!.campaignUuid;
    await expect(c.customers!.loginAgent(a.extension, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ error: { code: 'PBX_ERROR', pbxMessage: 'campaign_uuid is invalid' } });
    await c.customers!.loginAgent(a.extension, campaign);
    expect(sim.control.state().agents.find((x) => x.id === a.id)?.loggedIn).toBe(true);
    await expect(c.customers!.loginAgent(a.extension, campaign)).rejects.toMatchObject({ error: { code: 'CONFLICT', pbxMessage: 'user is already logged in' } });
  });
});
