// TEL4VN customers and user status over real HTTP (seed 002 "Customer" / "User"): exactly the seed's fields,
// paging, both user status paths, the seed's errors; and the dialler: a started queue calls its customers on
// the floor (first call within 30 s of scenario time), honours stop and DNC, and the CDRs carry customer_id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerName } from '../../main/simulator/dialects/tel4vn-customers';
import { startClient, shapeDiff, type Client } from './helpers';

const SEED_CUSTOMER = {
  campaign_id: 'aaaaaaaa-1111-2222-3333-eeeeeeee', contract_number: 'ABC123', created_at: '2021-07-15T12:50:23.805319Z', customer_code: 'KH01',
  customer_id: 'dddddddd-1111-2222-3333-eeeeeeee', customer_name: 'Khach Hang 01', phone_number: '0899888998', status: 'NEW', updated_at: '0001-01-01T00:00:00Z',
};
const SEED_LIST = { code: 200, content: 'successfully', data: [SEED_CUSTOMER], limit: 10, offset: 0, total: 200 };
const SEED_USER = {
  code: 200, content: 'successfully',
  data: { agent_name: 'Test User 01', ext_loggedin: 'false', extension: '101', user_uuid: 'aaaaaaaa-1111-2222-3333-eeeeeeee', username: 'test.user01' },
};

let c: Client;
beforeAll(async () => {
  c = await startClient({ backfill: false, agents: 20, seed: 5 });
});
afterAll(() => c.sim.close());

describe('customers (seed 002)', () => {
  it('lists the callers it knows with exactly the seed\'s fields, paged by limit / offset with a total', async () => {
    for (let i = 0; i < 15; i++) c.sim.control.addCaller({});
    const known = c.sim.control.state().queueEntries.map((e) => e.number).filter((n) => callerName(n) !== null);
    const all = await c.get('/v2/customer?limit=500');
    expect(shapeDiff(all.body, SEED_LIST)).toEqual([]);
    const body = all.body as typeof SEED_LIST;
    expect(body.total).toBe(known.length);
    expect(body.data.map((x) => x.phone_number).sort()).toEqual([...new Set(known)].sort());
    const page = (await c.get('/v2/customer?limit=2&offset=1')).body as typeof SEED_LIST;
    expect(page).toMatchObject({ limit: 2, offset: 1, total: known.length });
    expect(page.data.map((x) => x.customer_id)).toEqual(body.data.slice(1, 3).map((x) => x.customer_id));
    // Default limit as the seed's example answers: 10.
    expect(((await c.get('/v2/customer')).body as typeof SEED_LIST).limit).toBe(10);
  });

  it('keeps every caller the floor has shown as the floor moves, in order by number, each number once', async () => {
    const read = async () => ((await c.get('/v2/customer?limit=500')).body as typeof SEED_LIST).data;
    const before = await read();
    c.sim.control.tick(900);
    for (let i = 0; i < 10; i++) c.sim.control.addCaller({});
    const after = await read();
    const numbers = after.map((x) => x.phone_number);
    expect(numbers).toEqual([...numbers].sort());
    expect(new Set(numbers).size).toBe(numbers.length);
    // Who the floor shows now: live calls, queue callers, and the callers of its CDRs (seed 002's rows),
    // some of them only there (their calls came and went between the two reads).
    const state = c.sim.control.state();
    const onFloor = new Set([...state.calls.map((x) => x.customerNumber), ...state.queueEntries.map((e) => e.number)]);
    const cdrs = ((await c.get('/v2/cdr?limit=1000')).body as { data: { direction: number; from_number: string; to_number: string }[] }).data;
    const named = [...onFloor, ...cdrs.map((r) => (r.direction === 3 ? r.to_number : r.from_number))].filter((n) => n !== '' && callerName(n) !== null);
    expect(named.filter((n) => !onFloor.has(n)).length).toBeGreaterThan(0);
    expect(new Set(named).size).toBeGreaterThan(new Set(before.map((x) => x.phone_number)).size);
    for (const n of named) expect(numbers).toContain(n);
    // Seen once, kept: a caller whose call has ended since is still a customer.
    for (const x of before) expect(after.find((y) => y.customer_id === x.customer_id)).toEqual(x);
  });

  it('one customer by id, and the seed\'s 404', async () => {
    const first = ((await c.get('/v2/customer?limit=1')).body as typeof SEED_LIST).data[0]!;
    const one = await c.get(`/v2/customer/${first.customer_id}`);
    expect(one.body).toEqual({ code: 200, content: 'successfully', data: first });
    expect(await c.get('/v2/customer/nope')).toMatchObject({ status: 404, body: { code: 404, content: 'Not Found', error: 'Not Found' } });
  });

  it('POST /v2/customer (the seed\'s typo says /v2/autocall/queue): 201 with an id, or the pattern error', async () => {
    const post = { campaign_id: 'aaaaaaaa-1111-2222-3333-eeeeeeee', customer_name: 'Khach Hang 01', customer_code: 'KH01', phone_number: '0899888998', contract_number: 'ABC123' };
    const ok = await c.post('/v2/customer', post);
    expect(ok).toMatchObject({ status: 201, body: { code: 201, content: 'successfully', id: expect.any(String) } });
    const bad = await c.post('/v2/customer', { ...post, phone_number: '12345' });
    expect(bad.body).toEqual({ code: 400, content: [{ phone_number: "Does not match pattern '^(84|0[3|5|7|8|9])+([0-9]{8})$'" }], error: 'Bad Request' });
  });
});

describe('user status (seed 002), both paths', () => {
  it('answers the seed\'s shape by username or uuid on either path; the seed\'s 404 otherwise', async () => {
    const a = c.sim.control.state().agents[0]!;
    for (const path of [`/v2/user/${a.username}/status`, `/v2/customer/user/${a.uuid}/status`]) {
      const r = await c.get(path);
      expect(shapeDiff(r.body, SEED_USER)).toEqual([]);
      expect((r.body as typeof SEED_USER).data).toMatchObject({ username: a.username, user_uuid: a.uuid, extension: a.extension, ext_loggedin: String(a.registered) });
    }
    expect(await c.get('/v2/user/nobody/status')).toMatchObject({ status: 404, body: { code: 404, content: 'user is not existed', error: 'Not Found' } });
  });
});

describe('the dialler', () => {
  it('calls a started queue\'s customers within 30 s of scenario time, skips DNC ids, stops when stopped; CDRs carry customer_id', async () => {
    const customers = Array.from({ length: 6 }, (_, i) => ({ id: `D${i}`, mobiles: [`098765432${i}`] }));
    const load = await c.post('/v2/autocall/queue', { queue_code: 'DIAL', template: 'IVR-1', concurrent_call: 2, customers });
    expect(load.body).toMatchObject({ code: 200, data: { success: customers.map((x) => x.id) } });
    await c.post('/v2/autocall/queue/dnc', { queue_code: 'DIAL', customers: [{ id: 'D0' }] });
    c.sim.control.tick(30);
    const outbound = () => c.sim.control.state().calls.filter((x) => x.direction === 'outbound' && /^098765432/.test(x.customerNumber));
    expect(outbound().length).toBeGreaterThanOrEqual(1);
    c.sim.control.tick(300);
    expect(c.sim.dialler.dialled('autocall:DIAL')).toBe(5);
    const cdrs = await c.get('/v2/cdr?limit=500');
    const ids = ((cdrs.body as { data: Array<{ customer_id: string }> }).data ?? []).map((r) => r.customer_id).filter((id) => id.startsWith('D'));
    expect(ids).not.toContain('D0');
    expect(ids.length).toBeGreaterThan(0);
    // Stopped: no new call.
    await c.post('/v2/autocall/queue', { queue_code: 'DIAL2', template: 'IVR-1', customers: [{ id: 'E0', mobiles: ['0987654400'] }] });
    await c.post('/v2/autocall/queue/stop', { queue_code: 'DIAL2' });
    c.sim.control.tick(60);
    expect(c.sim.dialler.dialled('autocall:DIAL2')).toBe(0);
  });
});
