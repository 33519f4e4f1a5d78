// TEL4VN outbound through the connector, over real HTTP to the simulator: batches of at most 500, autodialer
// per batch and autocall per customer, start / stop / delete, DNC, cancel and resume without sending twice,
// and every error shape of seed 002 read whatever the HTTP status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundCustomer } from '../../../../common/outbound';
import type { Connector, OutboundConnector } from '../../../../main/core/connectors/connector';
import { createTel4vnConnector } from '../../../../main/core/connectors/tel4vn/index';
import { readAutocallAnswer, readAutocallLoad, readAutodialerAnswer } from '../../../../main/core/connectors/tel4vn/outbound';
import type { HttpResponse } from '../../../../main/core/http/http-client';
import { startSimulator, type Simulator } from '../../../../main/simulator/index';
import { OUTBOUND_SEED as S } from '../../../simulator/outbound-seed';
import { failure } from '../../connector-failure';

let sim: Simulator;
let c: Connector;
let out: OutboundConnector;
let campaign: string;

const customers = (n: number, prefix = 'C'): OutboundCustomer[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, mobiles: [`09${String(10_000_000 + i).slice(-8)}`] }));
const posts = (path: string) => sim.control.requests().filter((r) => r.method === 'POST' && r.path === path);
const dialer = (queueCode: string) => ({ campaignId: campaign, queueCode, precallRatio: 150, maxRecallCount: 2, queueAgents: '5001' });

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false, seed: 19, agents: 20 });
  campaign = sim.control.state().queues[0]!.campaignUuid;
  c = createTel4vnConnector({ apiHost: sim.url, credentials: { username: 'demo', password: 'demo' }, timezone: 'Asia/Ho_Chi_Minh', ownExtension: '900', requestTimeoutMs: 2000 });
  await c.connect();
  out = c.outbound!;
});
afterAll(async () => {
  c.close();
  await sim.close();
});

describe('autodialer', () => {
  it('declares the capability and loads 1,001 customers in three POSTs of at most 500, each a success', async () => {
    expect(c.capabilities.has('outbound-queues')).toBe(true);
    const before = posts('/v2/autodialer/queue').length;
    const seen: number[] = [];
    const report = await out.loadAutodialer(dialer('AD-1'), customers(1001), { onBatch: (b) => seen.push(b.size) });
    expect(seen).toEqual([500, 500, 1]);
    expect(posts('/v2/autodialer/queue').length - before).toBe(3);
    expect(report).toMatchObject({ sent: 1001, succeeded: 1001, failed: 0, nextIndex: 1001, complete: true, cancelled: false });
    expect(sim.outbound.get('autodialer', 'AD-1')?.customers.size).toBe(1001);
    expect(sim.outbound.get('autodialer', 'AD-1')?.params).toEqual({ campaign_id: campaign, precall_ratio: '150', max_recall_count: '2', queue_agents: '5001' });
  });

  it('a refused batch ("campaign is invalid") fails all its customers, stops, and reports where to resume', async () => {
    const report = await out.loadAutodialer({ ...dialer('AD-2'), campaignId: S.autodialerLoad.campaign_id }, customers(700));
    expect(report.batches).toHaveLength(1);
    expect(report.batches[0]).toMatchObject({ first: 0, size: 500, succeeded: [] });
    expect(report.batches[0]!.failed).toHaveLength(500);
    expect(report.batches[0]!.error).toMatchObject({ code: 'PBX_ERROR', pbxMessage: 'campaign is invalid' });
    expect(report).toMatchObject({ sent: 0, nextIndex: 0, complete: false });
  });

  it('cancel takes effect between batches; a resume sends the rest, nothing twice', async () => {
    const list = customers(1200, 'R');
    const ac = new AbortController();
    const first = await out.loadAutodialer(dialer('AD-3'), list, { signal: ac.signal, onBatch: () => ac.abort() });
    expect(first).toMatchObject({ sent: 500, nextIndex: 500, cancelled: true, complete: false });
    const before = posts('/v2/autodialer/queue').length;
    const rest = await out.loadAutodialer(dialer('AD-3'), list, { startAt: first.nextIndex });
    expect(rest).toMatchObject({ sent: 700, nextIndex: 1200, complete: true });
    expect(posts('/v2/autodialer/queue').length - before).toBe(2);
    const ids = posts('/v2/autodialer/queue').slice(-3).flatMap((r) => ((r.body as { customers?: Array<{ id: string }> }).customers ?? []).map((x) => x.id));
    expect(ids).toHaveLength(1200);
    expect(sim.outbound.get('autodialer', 'AD-3')?.customers.size).toBe(1200);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('start / stop / delete, then "queue not found" as NOT_FOUND', async () => {
    await out.queueAction('autodialer', 'stop', 'AD-1');
    expect(sim.outbound.get('autodialer', 'AD-1')?.state).toBe('stopped');
    await out.queueAction('autodialer', 'start', 'AD-1');
    expect(sim.outbound.get('autodialer', 'AD-1')?.state).toBe('running');
    await out.queueAction('autodialer', 'stop', 'AD-1');
    await out.queueAction('autodialer', 'delete', 'AD-1');
    const err = await failure(out.queueAction('autodialer', 'start', 'AD-1'));
    expect(err.error).toMatchObject({ code: 'NOT_FOUND', pbxMessage: 'queue not found' });
    expect(err.error.message).toContain('"AD-1"');
  });
});

describe('autocall', () => {
  it('reads each customer from data.success / data.fail', async () => {
    const list: OutboundCustomer[] = [
      { id: 'TEL4VN_Test', mobiles: ['0982596021'], fields: { contract_number: 'HD123456', upcoming_amount: '5000000', dpd: 5 } },
      { id: 'no-number', mobiles: ['12345'] },
    ];
    const report = await out.loadAutocall({ queueCode: 'Autocall-Q1', template: 'IVR-1', concurrentCall: 5, maxRecallCount: 3, minRecallDuration: 3 }, list);
    expect(report.batches[0]).toMatchObject({ succeeded: ['TEL4VN_Test'], failed: ['no-number'] });
    expect(report).toMatchObject({ sent: 2, succeeded: 1, failed: 1, complete: true });
    // The amounts go as JSON numbers, as the seed's example sends them.
    expect(sim.outbound.get('autocall', 'Autocall-Q1')?.customers.get('TEL4VN_Test')?.fields).toEqual({ contract_number: 'HD123456', upcoming_amount: 5000000, dpd: 5 });
  });

  it('600 customers: two POSTs; "import fail" (no template) fails the batch with PBX_ERROR', async () => {
    const ok = await out.loadAutocall({ queueCode: 'AC-2', template: 'IVR-1' }, customers(600));
    expect(ok.batches.map((b) => b.size)).toEqual([500, 100]);
    expect(ok.succeeded).toBe(600);
    const bad = await out.loadAutocall({ queueCode: 'AC-3', template: '' }, customers(3));
    expect(bad.batches[0]!.error).toMatchObject({ code: 'PBX_ERROR', pbxMessage: 'import fail' });
    expect(bad).toMatchObject({ sent: 0, nextIndex: 0 });
  });

  it('DNC import, lifecycle, and "queue not found" after delete', async () => {
    await out.importDnc('Autocall-Q1', ['KH_01', 'TEL4VN_Test']);
    expect(sim.outbound.dialable('autocall', 'Autocall-Q1').map((x) => x.id)).toEqual([]);
    await out.queueAction('autocall', 'stop', 'Autocall-Q1');
    await out.queueAction('autocall', 'start', 'Autocall-Q1');
    await out.queueAction('autocall', 'stop', 'Autocall-Q1');
    await out.queueAction('autocall', 'delete', 'Autocall-Q1');
    for (const p of [out.queueAction('autocall', 'start', 'Autocall-Q1'), out.importDnc('Autocall-Q1', ['KH_01'])]) {
      expect((await failure(p)).error).toMatchObject({ code: 'NOT_FOUND', pbxMessage: 'queue not found' });
    }
  });

  it('an HTTP-200 failure body from the PBX (each fault shape) is an error, not a success', async () => {
    for (const shape of ['status-fail', 'error', 'code-content'] as const) {
      sim.control.addFault({ route: '/v2/autocall/queue/start', kind: 'body', shape, times: 1 });
      const err = await failure(out.queueAction('autocall', 'start', 'AC-2'));
      expect(err.error.code).toBe('PBX_ERROR');
      sim.control.addFault({ route: '/v2/autodialer/queue/stop', kind: 'body', shape, times: 1 });
      expect((await failure(out.queueAction('autodialer', 'stop', 'AD-3'))).error.code).toBe('PBX_ERROR');
    }
    sim.control.addFault({ route: '/v2/autocall/queue', kind: 'status', status: 503, times: 1 });
    const r = await out.loadAutocall({ queueCode: 'AC-2', template: 'IVR-1' }, customers(2, 'Z'));
    expect(r.batches[0]!.error?.code).toBe('HTTP_ERROR');
    expect(r.nextIndex).toBe(0);
  });
});

describe('reading the seed answers whatever the HTTP status', () => {
  const res = (status: number, json: unknown): HttpResponse => ({ status, json, text: JSON.stringify(json), request: 'POST /v2/x' });
  it('autodialer: only {"message":"successfully"} on 2xx succeeds', () => {
    expect(() => readAutodialerAnswer(res(200, S.autodialerOk), 'x', 'Q')).not.toThrow();
    for (const status of [200, 400]) expect(() => readAutodialerAnswer(res(status, S.autodialerInvalidCampaign), 'x', 'Q')).toThrow(/campaign/);
    for (const status of [200, 404]) expect(() => readAutodialerAnswer(res(status, S.autodialerNotFound), 'x', 'Q')).toThrow(/no outbound queue "Q"/);
    expect(() => readAutodialerAnswer(res(200, {}), 'x', 'Q')).toThrow(/did not x/);
    expect(() => readAutodialerAnswer(res(500, S.autodialerOk), 'x', 'Q')).toThrow(/HTTP 500/);
    expect(() => readAutodialerAnswer(res(404, { code: 404, content: 'not found' }), 'x', 'Q')).toThrow(/HTTP 404/);
  });
  it('autocall: code 200 as a number or a string; import fail and queue not found with HTTP 200 or 4xx', () => {
    expect(() => readAutocallAnswer(res(200, S.autocallLifecycleOk), 'x', 'Q')).not.toThrow();
    expect(() => readAutocallAnswer(res(200, { code: '200', content: 'successfully' }), 'x', 'Q')).not.toThrow();
    for (const status of [200, 404]) expect(() => readAutocallAnswer(res(status, S.autocallNotFound), 'x', 'Q')).toThrow(/no outbound queue/);
    for (const status of [200, 400]) expect(() => readAutocallLoad(res(status, S.autocallImportFail), 'Q', ['a'])).toThrow(/import fail/);
    expect(() => readAutocallAnswer(res(401, { code: 401, content: 'token is invalid or expired' }), 'x', 'Q')).toThrow(/refused the session/);
  });
  it('autocall load: ids trimmed; a customer in neither list counts as failed; no data is BAD_RESPONSE', () => {
    expect(readAutocallLoad(res(200, { code: 200, content: 'successfully', data: { success: [' a '], fail: ['b'] } }), 'Q', ['a', 'b', 'c'])).toEqual({ succeeded: ['a'], failed: ['b', 'c'] });
    expect(readAutocallLoad(res(200, { code: 200, content: 'successfully', data: { success: ['a'], fail: null } }), 'Q', ['a'])).toEqual({ succeeded: ['a'], failed: [] });
    expect(() => readAutocallLoad(res(200, { code: 200, content: 'successfully' }), 'Q', ['a'])).toThrow(/data.success/);
  });
});
