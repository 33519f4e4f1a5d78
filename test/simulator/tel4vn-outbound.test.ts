// TEL4VN outbound over real HTTP (seed 002 Autodialer / Autocall): the seed's example bodies load, start,
// stop and delete queues with the seed's answers, and every error arrives in its family's shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClient, shapeDiff, type Client } from './helpers';
import { OUTBOUND_SEED as S } from './outbound-seed';

let c: Client;
let campaign: string;
beforeAll(async () => {
  c = await startClient();
  campaign = c.sim.control.state().queues[0]!.campaignUuid;
});
afterAll(() => c.sim.close());

const dialerBody = (over: Record<string, unknown> = {}) => ({ ...S.autodialerLoad, campaign_id: campaign, ...over });

describe('autodialer (seed 002)', () => {
  it("refuses the seed's example campaign, which is not one of this floor's, with the seed's error", async () => {
    const res = await c.post('/v2/autodialer/queue', S.autodialerLoad);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(S.autodialerInvalidCampaign);
    expect(c.sim.outbound.get('autodialer', 'Autodialer')).toBeUndefined();
  });

  it('loads the seed body on a floor campaign: successfully, and the queue runs', async () => {
    const res = await c.post('/v2/autodialer/queue', dialerBody());
    expect(res.status).toBe(200);
    expect(res.body).toEqual(S.autodialerOk);
    const q = c.sim.outbound.get('autodialer', 'Autodialer');
    expect(q?.state).toBe('running');
    expect([...q!.customers.keys()]).toEqual(['TEL4VN_Test']);
    expect(q?.params).toMatchObject({ precall_ratio: '150', max_recall_count: '2', queue_agents: '5001' });
  });

  it('stop pauses, start resumes, delete removes; then every call is "queue not found"', async () => {
    expect((await c.post('/v2/autodialer/queue/stop', S.autodialerQueue)).body).toEqual(S.autodialerOk);
    expect(c.sim.outbound.get('autodialer', 'Autodialer')?.state).toBe('stopped');
    expect(c.sim.outbound.dialable('autodialer', 'Autodialer')).toEqual([]);
    expect((await c.post('/v2/autodialer/queue/start', S.autodialerQueue)).body).toEqual(S.autodialerOk);
    expect(c.sim.outbound.get('autodialer', 'Autodialer')?.state).toBe('running');
    await c.post('/v2/autodialer/queue/stop', S.autodialerQueue);
    expect((await c.post('/v2/autodialer/queue/delete', S.autodialerQueue)).body).toEqual(S.autodialerOk);
    for (const action of ['start', 'stop', 'delete']) {
      const res = await c.post(`/v2/autodialer/queue/${action}`, S.autodialerQueue);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(S.autodialerNotFound);
    }
  });

  it('an unknown queue is "queue not found"; the autocall family does not share its codes', async () => {
    await c.post('/v2/autocall/queue', { ...S.autocallLoad, queue_code: 'Shared' });
    expect((await c.post('/v2/autodialer/queue/start', { queue_code: 'Shared' })).body).toEqual(S.autodialerNotFound);
  });

  it('refuses a batch with a customer without mobiles, or missing fields, in the message shape', async () => {
    const bad = [
      [dialerBody({ customers: [{ id: 'A', mobiles: ['0899123456'] }, { id: 'B', mobiles: [] }] }), 'customers is invalid'],
      [dialerBody({ customers: [] }), 'customers is invalid'],
      [dialerBody({ queue_code: ' ' }), 'queue_code is required'],
      [dialerBody({ precall_ratio: undefined }), 'precall_ratio is required'],
      [dialerBody({ campaign_id: undefined }), 'campaign is invalid'],
    ] as const;
    for (const [body, message] of bad) {
      const res = await c.post('/v2/autodialer/queue', { ...body, queue_code: body.queue_code ?? 'Bad' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message });
    }
    expect(c.sim.outbound.get('autodialer', 'Bad')).toBeUndefined();
    expect((await c.post('/v2/autodialer/queue', '{"queue_code": "x",}')).body).toEqual({ message: 'invalid request body' });
  });

  it('needs the Bearer token like every v2 route', async () => {
    const res = await fetch(`${c.sim.url}/v2/autodialer/queue/start`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });
});

describe('autocall (seed 002)', () => {
  it("loads the seed's example body and answers exactly the seed's success", async () => {
    const res = await c.post('/v2/autocall/queue', S.autocallLoad);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(S.autocallOk);
    const q = c.sim.outbound.get('autocall', 'Autocall-Q1');
    expect(q?.state).toBe('running');
    expect(q?.params).toEqual({ template: 'IVR-1', concurrent_call: 5, max_recall_count: 3, min_recall_duration: 3 });
    expect(q?.customers.get('TEL4VN_Test')?.fields).toMatchObject({ contract_number: 'HD123456', dpd: 5 });
  });

  it('lists a customer with no mobiles or no number matching the seed pattern in data.fail, under code 200', async () => {
    const base = S.autocallLoad.customers[0]!;
    const res = await c.post('/v2/autocall/queue', {
      ...S.autocallLoad,
      customers: [
        { ...base, id: 'ok-1', mobiles: ['12345', '0382596021'] },
        { ...base, id: 'none', mobiles: [] },
        { ...base, id: 'absent', mobiles: undefined },
        { ...base, id: 'bad', mobiles: ['0182596021', '+84982596021', '098259602'] },
        // The seed's pattern takes 84 + 8 digits only: an 11-digit 84 number does not match it.
        { ...base, id: 'ok-84', mobiles: ['84982596021', '8498259602'] },
      ],
    });
    expect(res.status).toBe(200);
    expect(shapeDiff(res.body, S.autocallOk)).toEqual([]);
    expect(res.body).toEqual({ code: 200, content: 'successfully', data: { success: ['ok-1', 'ok-84'], fail: ['none', 'absent', 'bad'] } });
    expect(c.sim.outbound.get('autocall', 'Autocall-Q1')?.customers.get('ok-1')?.mobiles).toEqual(['0382596021']);
  });

  it('answers "import fail" in the seed shape without queue_code, template or customers[]', async () => {
    const { queue_code: _q, ...noCode } = S.autocallLoad;
    const { template: _t, ...noTemplate } = S.autocallLoad;
    const { customers: _c, ...noCustomers } = S.autocallLoad;
    for (const body of [noCode, noTemplate, noCustomers, { ...S.autocallLoad, customers: 'x' }, { ...S.autocallLoad, customers: [{ mobiles: ['0982596021'] }] }, '{bad json']) {
      const res = await c.post('/v2/autocall/queue', body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(S.autocallImportFail);
    }
  });

  it('DNC: the seed example imports; it covers customers loaded before and after; unknown queue is 404', async () => {
    expect((await c.post('/v2/autocall/queue/dnc', S.autocallDnc)).body).toEqual(S.autocallLifecycleOk);
    await c.post('/v2/autocall/queue', { ...S.autocallLoad, customers: [{ id: 'KH_02', mobiles: ['0982596022'] }, { id: 'KH_09', mobiles: ['0982596029'] }] });
    const dialable = c.sim.outbound.dialable('autocall', 'Autocall-Q1').map((x) => x.id);
    expect(dialable).toContain('KH_09');
    expect(dialable).not.toContain('KH_02');
    expect(dialable).toContain('TEL4VN_Test');
    await c.post('/v2/autocall/queue/dnc', { queue_code: 'Autocall-Q1', customers: [{ id: 'TEL4VN_Test' }] });
    expect(c.sim.outbound.dialable('autocall', 'Autocall-Q1').map((x) => x.id)).not.toContain('TEL4VN_Test');
    const missing = await c.post('/v2/autocall/queue/dnc', { ...S.autocallDnc, queue_code: 'Nope' });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(S.autocallNotFound);
  });

  it('stop / start / delete with the seed bodies; a deleted queue is "queue not found" and loads anew running', async () => {
    expect((await c.post('/v2/autocall/queue/stop', S.autocallQueue)).body).toEqual(S.autocallLifecycleOk);
    expect(c.sim.outbound.get('autocall', 'Autocall-Q1')?.state).toBe('stopped');
    expect((await c.post('/v2/autocall/queue/start', S.autocallQueue)).body).toEqual(S.autocallLifecycleOk);
    expect(c.sim.outbound.get('autocall', 'Autocall-Q1')?.state).toBe('running');
    await c.post('/v2/autocall/queue/stop', S.autocallQueue);
    expect((await c.post('/v2/autocall/queue/delete', S.autocallQueue)).body).toEqual(S.autocallLifecycleOk);
    for (const action of ['start', 'stop', 'delete', 'dnc']) {
      const res = await c.post(`/v2/autocall/queue/${action}`, { ...S.autocallQueue, customers: [] });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(S.autocallNotFound);
    }
    expect((await c.post('/v2/autocall/queue', S.autocallLoad)).body).toEqual(S.autocallOk);
    expect(c.sim.outbound.get('autocall', 'Autocall-Q1')?.state).toBe('running');
    expect(c.sim.outbound.get('autocall', 'Autocall-Q1')?.dnc.size).toBe(0);
  });

  it('a lifecycle call without queue_code is 400 in the code/content shape', async () => {
    const res = await c.post('/v2/autocall/queue/stop', {});
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 400, content: 'queue_code is required' });
  });
});
