// TEL4VN event hooks through the connector, over real HTTP to the simulator (seed 002 "Event"): list,
// create (the answer has no id: the list gives it), delete; every failure shape of seed 002 read whatever
// the HTTP status; and the reader of "Event Hook Data" on the seed's own example and its variants. Then
// what the simulator posts to a hook: the seed's fields and no other, in order, with the hook's key.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, PushEventsApi } from '../../../../main/core/connectors/connector';
import { readHookEvent } from '../../../../main/core/connectors/tel4vn/event-hooks';
import { createTel4vnConnector } from '../../../../main/core/connectors/tel4vn/index';
import { startSimulator, type Simulator } from '../../../../main/simulator/index';
import { failure } from '../../connector-failure';

let sim: Simulator;
let c: Connector;
let hooks: PushEventsApi;

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false, seed: 7, agents: 20, backfill: false });
  c = createTel4vnConnector({ apiHost: sim.url, credentials: { apiKey: 'demo-key' }, timezone: 'Asia/Ho_Chi_Minh', ownExtension: '900', requestTimeoutMs: 2000 });
  await c.connect();
  hooks = c.pushEvents!;
});
afterAll(async () => {
  c.close();
  await sim.close();
});

const EXAMPLE = {
  call_id: 'avavavav-1111-2222-3333-eeeeeeee', sip_call_id: 'dddddddd-1111-2222-3333-eeeeeeee', domain: 'test.tel4vn.com',
  direction: 'outbound', from_number: '0899888999', to_number: '101', hotline: '19001919', state: 'hangup',
  duration: 10, billsec: 5, recording_url: 'http://recording.demo/ad4c9b90-c071-405a-9723-980d2e5e1623',
};

describe('the hook registry (GET / POST / DELETE /v1/event)', () => {
  it('creates a hook, finds its id in the list, deletes it; deleting one already gone is done', async () => {
    expect(await hooks.list()).toEqual([]);
    await hooks.create('ringing', 'https://hub.example/floorwatch/A/events', 'k-123');
    const [hook, ...rest] = await hooks.list();
    expect(rest).toEqual([]);
    expect(hook).toMatchObject({ event: 'ringing', callbackUrl: 'https://hub.example/floorwatch/A/events', apiKey: 'k-123' });
    const create = sim.control.requests().filter((r) => r.method === 'POST' && r.path === '/v1/event').at(-1);
    expect(create?.body).toEqual({ callback_url: 'https://hub.example/floorwatch/A/events', callback_apikey: 'k-123', event: 'ringing' });
    await hooks.remove(hook!.id);
    expect(await hooks.list()).toEqual([]);
    await expect(hooks.remove(hook!.id)).resolves.toBeUndefined();
  });

  it('reads the failure shapes whatever the HTTP status, and a list of the wrong shape names the field', async () => {
    sim.control.addFault({ route: '/v1/event', kind: 'body', shape: 'code-content', message: 'callback_url is invalid', times: 1 });
    expect((await failure(hooks.create('hangup', 'https://x.example/', 'k'))).error).toMatchObject({ code: 'PBX_ERROR', pbxMessage: expect.stringContaining('callback_url is invalid') });
    sim.control.addFault({ route: '/v1/event', kind: 'body', shape: 'status-fail', times: 1 });
    expect((await failure(hooks.list())).error).toMatchObject({ code: 'PBX_ERROR' });
    sim.control.addFault({ route: '/v1/event', kind: 'status', status: 503, times: 1 });
    expect((await failure(hooks.list())).error).toMatchObject({ code: 'HTTP_ERROR' });
    sim.control.addFault({ route: '/v1/event', kind: 'wrong-shape', times: 1 });
    expect((await failure(hooks.list())).error).toMatchObject({ code: 'BAD_RESPONSE' });
    sim.control.addFault({ route: '/v1/event', kind: 'body', shape: 'data-null', times: 1 });
    expect(await hooks.list()).toEqual([]);
    sim.control.addFault({ route: '/v1/event/*', kind: 'body', shape: 'error', message: 'event not found', status: 200, times: 1 });
    expect((await failure(hooks.remove('nope'))).error).toMatchObject({ code: 'PBX_ERROR' });
  });
});

describe('the reader of "Event Hook Data"', () => {
  it('reads the seed example, its ids and numbers trimmed, case-insensitive names, null optional fields', () => {
    expect(readHookEvent(EXAMPLE)).toEqual({ kind: 'hangup', callId: 'avavavav-1111-2222-3333-eeeeeeee', direction: 'outbound', extension: '0899888999', customerNumber: '101' });
    const inbound = readHookEvent({ ...EXAMPLE, state: ' Ringing ', direction: 'INBOUND', call_id: ' c-1 ', from_number: ' 0912345678', to_number: 721, duration: null, recording_url: null });
    expect(inbound).toEqual({ kind: 'ringing', callId: 'c-1', direction: 'inbound', extension: '721', customerNumber: '0912345678' });
    // A cdr of a caller who left the queue names no extension.
    expect(readHookEvent({ ...EXAMPLE, state: 'cdr', direction: 'inbound', to_number: '', status: 'CANCEL' }).kind).toBe('cdr');
  });

  it.each([
    ['state', { ...EXAMPLE, state: 'parked' }],
    ['state', { ...EXAMPLE, state: undefined }],
    ['call_id', { ...EXAMPLE, call_id: '   ' }],
    ['call_id', { ...EXAMPLE, call_id: 'x y' }],
    ['direction', { ...EXAMPLE, direction: 'both' }],
    ['to_number', { ...EXAMPLE, to_number: undefined }],
    ['from_number', { ...EXAMPLE, from_number: ['0899'] }],
    ['billsec', { ...EXAMPLE, billsec: -1 }],
    ['recording_url', { ...EXAMPLE, recording_url: {} }],
    ['from_number', { ...EXAMPLE, state: 'answered', from_number: '' }],
    ['(body)', 'hangup'],
    ['(body)', null],
  ])('refuses a body whose %s is wrong', (fieldName, body) => {
    expect(() => readHookEvent(body)).toThrow(expect.objectContaining({ field: fieldName }));
  });

  it('turns a bad body into BAD_RESPONSE naming the field, never a secret', async () => {
    const error = await failure(Promise.resolve().then(() => hooks.read({ ...EXAMPLE, direction: 'Bearer abcdefghijklmnopqrstuvwxyz0123456789' })));
    expect(error.error).toMatchObject({ code: 'BAD_RESPONSE', field: 'direction' });
    expect(error.message).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
  });
});

describe('what the simulator posts to a hook', () => {
  let receiver: Server;
  const got: { body: Record<string, unknown>; auth: string | undefined }[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (b: Buffer) => chunks.push(b));
      req.on('end', () => {
        got.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>, auth: req.headers.authorization });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  it('posts ringing, answered, hangup and cdr of a call in order, each with the seed\'s fields only and the key', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    for (const event of ['ringing', 'answered', 'hangup', 'cdr'] as const) await hooks.create(event, url, 'the-key');
    const { callId } = sim.control.addCaller({ queueId: 1 });
    sim.control.tick(1);
    sim.control.answerCaller(callId);
    sim.control.hangupCall(callId);
    const deadline = Date.now() + 5000;
    while (got.filter((g) => g.body.call_id === callId).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const mine = got.filter((g) => g.body.call_id === callId);
    expect(mine.map((g) => g.body.state)).toEqual(['ringing', 'answered', 'hangup', 'cdr']);
    const base = ['call_id', 'sip_call_id', 'domain', 'direction', 'from_number', 'to_number', 'hotline', 'state'];
    expect(Object.keys(mine[0]!.body).sort()).toEqual([...base].sort());
    expect(Object.keys(mine[1]!.body).sort()).toEqual([...base].sort());
    expect(Object.keys(mine[2]!.body).sort()).toEqual([...base, 'duration', 'billsec'].sort());
    expect(Object.keys(mine[3]!.body).sort()).toEqual([...base, 'recording_url', 'status'].sort());
    for (const g of mine) {
      expect(g.auth).toBe('Bearer the-key');
      expect(g.body.direction).toBe('inbound');
      expect(g.body.sip_call_id).toBe(mine[0]!.body.sip_call_id);
      // Each post reads back through the connector's own reader.
      expect(readHookEvent(g.body).callId).toBe(callId);
    }
    const ext = mine[0]!.body.to_number;
    expect(sim.control.state().agents.some((a) => a.extension === ext)).toBe(true);
    for (const hook of await hooks.list()) await hooks.remove(hook.id);
  });
});
