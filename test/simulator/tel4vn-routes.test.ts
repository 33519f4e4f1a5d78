// TEL4VN over real HTTP: every route of seeds 000, 002 and 003 answers with the seeds' shapes, and the
// documented error bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClient, shapeDiff, type Client } from './helpers';
import { SEED } from './seed-examples';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?\+07:00$/;
const LOCAL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const NO_TIME = '1970-01-01T08:00:00+08:00';

type Rows = { data: Array<Record<string, unknown>> };

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sim.close());

const idleAgent = () => c.sim.control.state().agents.find((a) => a.loggedIn && a.status === 'available' && a.callId === null && a.registered);
const onCallAgent = () => c.sim.control.state().agents.find((a) => a.callId !== null);

describe('auth', () => {
  it('POST /v1/auth answers the seed shape with the supervisor extension', async () => {
    const res = await c.post('/v1/auth', { username: 'demo', password: 'demo' });
    expect(res.status).toBe(200);
    expect(shapeDiff(res.body, SEED.auth)).toEqual([]);
    expect(res.body).toMatchObject({ code: 200, content: 'successfully', data: { api_key: 'demo-key', extension: '900', enabled: 'true', level: 'admin' } });
  });

  it('POST /v2/auth/token answers the seed shape with a relative expired_in', async () => {
    const res = await c.post('/v2/auth/token', { api_key: 'demo-key' });
    expect(shapeDiff(res.body, SEED.token)).toEqual([]);
    expect(res.body).toMatchObject({ code: 200, data: { expired_in: 3600, token_type: 'Bearer', refresh_token: '' } });
  });
});

describe('v3 agent (seed 000)', () => {
  it('GET /v3/agent/live lists online agents in the seed shape with +07:00 times', async () => {
    const res = await c.get('/v3/agent/live');
    const rows = (res.body as Rows).data;
    expect(rows.length).toBe(c.sim.control.state().counts.loggedIn);
    expect(shapeDiff(res.body, SEED.agentLive)).toEqual([]);
    for (const r of rows) {
      expect(['RESUME', 'PAUSE']).toContain(r.status);
      expect(r.status === 'PAUSE' || r.pause_code === '').toBe(true);
      expect(r.login_time).toMatch(RFC3339);
      expect(r.last_update_time).toMatch(RFC3339);
    }
    expect(String(rows[0]?.last_update_time)).toMatch(/\.\d{9}\+07:00$/);
    expect(rows.some((r) => r.status === 'PAUSE' && ['LUNCH', 'BREAK', 'TRAINING', 'MEETING'].includes(String(r.pause_code)))).toBe(true);
  });

  it('GET /v3/agent/{user_uuid} answers the seed shape; unknown is 404 {"error"}', async () => {
    const out = c.sim.control.state().agents.find((a) => !a.loggedIn);
    const res = await c.get(`/v3/agent/${out?.uuid}`);
    expect(shapeDiff(res.body, SEED.agentById)).toEqual([]);
    expect(res.body).toMatchObject({ user_status: 'Logged Out', user_live: null, level: 'agent' });
    const live = await c.get(`/v3/agent/${idleAgent()?.uuid}`);
    expect(shapeDiff((live.body as { user_live: unknown }).user_live, SEED.agentLive.data[0])).toEqual([]);
    const missing = await c.get('/v3/agent/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(typeof (missing.body as { error: unknown }).error).toBe('string');
  });

  it('GET /v3/agent/extension pages with limit and offset', async () => {
    const first = await c.get('/v3/agent/extension');
    expect(shapeDiff(first.body, SEED.agentExtension)).toEqual([]);
    expect(first.body).toMatchObject({ limit: 10, offset: 0, total: 24 });
    const last = await c.get('/v3/agent/extension?limit=5&offset=20');
    expect(last.body).toMatchObject({ limit: 5, offset: 20, total: 24 });
    expect((last.body as Rows).data.map((r) => r.extension)).toEqual(['121', '122', '123', '124']);
  });

  it('login, pause and resume answer {data, message:"success"} and the documented errors', async () => {
    const agent = c.sim.control.state().agents.find((a) => !a.loggedIn);
    const campaign = c.sim.control.state().queues[0]?.campaignUuid;
    const ext = agent?.extension;
    const bad = await c.post('/v3/agent/login', { campaign_uuid: '00000000-0000-4000-8000-000000000000', extension: ext });
    expect(bad).toMatchObject({ status: 400, body: { error: 'campaign_uuid is invalid' } });
    const login = await c.post('/v3/agent/login', { campaign_uuid: campaign, extension: ext });
    expect(login.status).toBe(200);
    expect(shapeDiff(login.body, SEED.agentAction)).toEqual([]);
    expect(login.body).toMatchObject({ message: 'success', data: { status: 'PAUSE', extension: ext, campaign_uuid: campaign } });
    expect(await c.post('/v3/agent/login', { campaign_uuid: campaign, extension: ext })).toMatchObject({ status: 400, body: { error: 'user is already logged in' } });

    const pause = await c.post('/v3/agent/pause', { extension: ext, pause_code: 'LUNCH' });
    expect(shapeDiff(pause.body, SEED.agentAction)).toEqual([]);
    expect(pause.body).toMatchObject({ message: 'success', data: { status: 'PAUSE', pause_code: 'LUNCH' } });
    const resume = await c.post('/v3/agent/resume', { extension: ext });
    expect(resume.body).toMatchObject({ message: 'success', data: { status: 'RESUME', pause_code: '' } });
    expect(c.sim.control.state().agents.find((a) => a.extension === ext)).toMatchObject({ loggedIn: true, status: 'available' });

    for (const path of ['/v3/agent/pause', '/v3/agent/resume']) {
      expect(await c.post(path, {})).toMatchObject({ status: 400, body: { error: 'user_uuid or extension is missing' } });
    }
    expect((await c.post('/v3/agent/pause', { extension: '999999' })).status).toBe(404);
    expect((await c.post('/v3/agent/pause', '{not json')).status).toBe(400);
  });
});

describe('v3 monitor (seed 003)', () => {
  it('GET /v3/monitor?=null lists one row per extension on a call, zone-less call_time', async () => {
    const res = await c.get('/v3/monitor?=null');
    const body = res.body as Rows & { total: number };
    expect(shapeDiff(body, SEED.monitor)).toEqual([]);
    expect(body.total).toBe(body.data.length);
    expect(body.data.length).toBe(c.sim.control.state().calls.length);
    for (const r of body.data) {
      expect(['ONCALL', 'RINGING']).toContain(r.call_state);
      expect(['inbound', 'outbound', 'local']).toContain(r.direction);
      expect(r.call_time).toMatch(LOCAL);
      expect(r.b_cid_num).toMatch(/^09\d{8}$/);
    }
  });

  it('GET /v3/extension/{id}/loggedin by number or uuid; unknown is 404', async () => {
    const ext = c.sim.control.state().extensions.find((e) => e.number === '900');
    expect(await c.get('/v3/extension/900/loggedin')).toMatchObject({ status: 200, body: { extension: '900', is_logged_in: true } });
    const byUuid = await c.get(`/v3/extension/${ext?.uuid}/loggedin`);
    expect(shapeDiff(byUuid.body, SEED.loggedIn)).toEqual([]);
    expect(await c.get('/v3/extension/4242/loggedin')).toMatchObject({ status: 404, body: { error: 'Extension not found' } });
  });

  it('GET /v3/monitor/callcenter/queue lists Trying and Answered entries with RFC 3339 times', async () => {
    const res = await c.get('/v3/monitor/callcenter/queue');
    const rows = (res.body as Rows).data;
    expect(shapeDiff(res.body, SEED.queue)).toEqual([]);
    const trying = rows.find((r) => r.status === 'Trying');
    const answered = rows.find((r) => r.status === 'Answered');
    expect(trying).toMatchObject({ abandoned_time: NO_TIME, bridged_time: NO_TIME, rejoined_time: NO_TIME, call_center_agent_uuid: '' });
    expect(trying?.joined_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(answered?.bridged_time).toMatch(RFC3339);
    expect(answered?.call_center_agent_uuid).not.toBe('');
  });
});

describe('v2 calls and supervisor actions (seed 002)', () => {
  it('GET /v2/call answers the seed shape', async () => {
    const res = await c.get('/v2/call');
    expect(shapeDiff(res.body, SEED.calls)).toEqual([]);
    expect((res.body as Rows).data[0]?.created_time).toMatch(LOCAL);
  });

  it('listen attaches the supervisor extension: success body, /_sim/state and an ONCALL row for 900', async () => {
    const call = onCallAgent()?.callId as string;
    const res = await c.post(`/v2/call/${call}/listen`, { ext: '900' });
    expect(res.status).toBe(200);
    expect(shapeDiff(res.body, SEED.callAction)).toEqual([]);
    expect(res.body).toEqual({ status: 'success', call_id: call, ext: '900' });
    expect(c.sim.control.state().monitors).toEqual([expect.objectContaining({ callId: call, ext: '900', mode: 'listen' })]);
    const rows = ((await c.get('/v3/monitor')).body as Rows).data;
    expect(rows.find((r) => r.extension === '900')).toMatchObject({ call_id: call, call_state: 'ONCALL' });

    // 900 is now busy: another action with it is USER_BUSY, with HTTP 200.
    expect(await c.post(`/v2/call/${call}/barge`, { ext: '900' })).toMatchObject({ status: 200, body: { status: 'fail', error: 'USER_BUSY' } });
    c.sim.control.hangupCall(call);
    expect(c.sim.control.state().monitors).toEqual([]);
  });

  it('the supervisor hangs up (/_sim/extensions/900/hangup): the leg and its row go, the call goes on, 900 takes a new leg', async () => {
    const [call, other] = c.sim.control.state().calls.filter((x) => x.state === 'oncall' && x.agentId !== null).map((x) => x.id);
    expect(await c.post(`/v2/call/${call}/listen`, { ext: '900' })).toMatchObject({ status: 200, body: { status: 'success' } });
    expect(await c.post(`/v2/call/${other}/barge`, { ext: '900' })).toMatchObject({ status: 200, body: { status: 'fail', error: 'USER_BUSY' } });
    const hangup = await fetch(`${c.sim.url}/_sim/extensions/900/hangup`, { method: 'POST' });
    expect(hangup.status).toBe(200);
    const rows = ((await c.get('/v3/monitor')).body as Rows).data;
    expect(rows.some((r) => r.extension === '900')).toBe(false);
    expect(rows.some((r) => r.call_id === call)).toBe(true);
    expect(c.sim.control.state().monitors).toEqual([]);
    // A phone on no call has nothing to hang up.
    expect((await fetch(`${c.sim.url}/_sim/extensions/900/hangup`, { method: 'POST' })).status).toBe(409);
    expect(await c.post(`/v2/call/${other}/barge`, { ext: '900' })).toMatchObject({ status: 200, body: { status: 'success' } });
    c.sim.control.hangupExtension('900');
    // A call-back (click-to-call) on 900 is that phone's own call: hanging up ends it.
    expect(await c.post('/v2/click2call', { mobile: '0987654321', agent: '900' })).toMatchObject({ status: 200, body: { status: 'success' } });
    expect(c.sim.control.state().extensions.find((e) => e.number === '900')?.callId).not.toBeNull();
    c.sim.control.hangupExtension('900');
    expect(c.sim.control.state().extensions.find((e) => e.number === '900')?.callId).toBeNull();
  });

  it('whisper and barge with a free extension succeed; errors: USER_NOT_REGISTERED, CALL_NOT_FOUND, bad ext', async () => {
    const call = onCallAgent()?.callId as string;
    expect(await c.post(`/v2/call/${call}/whisper`, { ext: '900' })).toMatchObject({ status: 200, body: { status: 'success' } });
    c.sim.control.hangupCall(call);
    const next = onCallAgent()?.callId as string;
    expect(await c.post(`/v2/call/${next}/barge`, { ext: '900' })).toMatchObject({ status: 200, body: { status: 'success', ext: '900' } });
    c.sim.control.hangupCall(next);

    const third = onCallAgent()?.callId as string;
    c.sim.control.setRegistered('900', false);
    const unreg = await c.post(`/v2/call/${third}/listen`, { ext: '900' });
    expect(unreg.status).toBe(200);
    expect(unreg.body).toEqual(SEED.callActionError);
    c.sim.control.setRegistered('900', true);
    expect(await c.post('/v2/call/00000000-0000-4000-8000-000000000000/listen', { ext: '900' })).toMatchObject({ status: 404, body: { status: 'fail', error: 'CALL_NOT_FOUND' } });
    const missing = await c.post(`/v2/call/${third}/listen`, {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ status: 'fail', error: expect.any(String) });
  });

  it('transfer moves the call to the target extension\'s agent', async () => {
    const call = onCallAgent()?.callId as string;
    const target = idleAgent();
    const res = await c.post(`/v2/call/${call}/transfer`, { ext: target?.extension });
    expect(res.body).toEqual({ status: 'success', call_id: call, ext: target?.extension });
    const state = c.sim.control.state();
    expect(state.calls.find((x) => x.id === call)).toMatchObject({ agentId: target?.id, ext: target?.extension });
    expect(state.agents.find((a) => a.id === target?.id)?.callId).toBe(call);
  });
});

describe('click-to-call (seed 002)', () => {
  it('GET /v1/click2call starts an outbound call on the extension; busy and unregistered answer 200 errors', async () => {
    const agent = idleAgent();
    const res = await c.get(`/v1/click2call?ext=${agent?.extension}&phone=0899098899`);
    expect(res.status).toBe(200);
    expect(shapeDiff(res.body, SEED.click2call)).toEqual([]);
    const callId = (res.body as { call_id: string }).call_id;
    expect(c.sim.control.state().calls.find((x) => x.id === callId)).toMatchObject({ direction: 'outbound', ext: agent?.extension, customerNumber: '0899098899' });
    const row = ((await c.get('/v2/call')).body as Rows).data.find((r) => r.call_id === callId);
    expect(row).toMatchObject({ direction: 'outbound', source: agent?.extension, destination: '0899098899' });
    expect(await c.get(`/v1/click2call?ext=${agent?.extension}&phone=0899098899`)).toMatchObject({ status: 200, body: { status: 'fail', error: 'USER_BUSY' } });
    c.sim.control.setRegistered('900', false);
    const unreg = await c.get('/v1/click2call?ext=900&phone=0899098899');
    expect(unreg).toMatchObject({ status: 200, body: SEED.click2callError });
    const asyncUnreg = await c.get('/v1/click2call/async?ext=900&phone=0899098899');
    expect(asyncUnreg.body).toEqual(SEED.click2callAsyncError);
    const v2Unreg = await c.post('/v2/click2call', { id: 'KH1', mobile: '0899098899', agent: '900' });
    expect(v2Unreg.body).toEqual(SEED.click2callV2Error);
    c.sim.control.setRegistered('900', true);
  });

  it('async and v2 click-to-call succeed in the seed shapes', async () => {
    const a = await c.get(`/v1/click2call/async?ext=${idleAgent()?.extension}&phone=0899098899`);
    expect(shapeDiff(a.body, SEED.click2call)).toEqual([]);
    const v2 = await c.post('/v2/click2call', { id: 'KH1', mobile: '0899098899', agent: idleAgent()?.extension });
    expect(shapeDiff(v2.body, SEED.click2callV2)).toEqual([]);
    expect(v2.body).toMatchObject({ code: '0', status: 'success' });
  });
});

describe('CDRs (seed 002)', () => {
  it('an ended call leaves a CDR: default and flex mappings, by id and by sip_call_id, filters', async () => {
    const agent = idleAgent();
    const { callId } = c.sim.control.startCall(agent?.id as number, { number: '0912345678' });
    c.sim.control.hangupCall(callId);
    const list = await c.get(`/v2/cdr?extension=${agent?.extension}&phone=0912345678&direction=outbound&limit=5`);
    const body = list.body as Rows & { total: number };
    // Scroll (the default): the answer's offset is where the next page starts.
    expect(body).toMatchObject({ limit: 5, offset: 1, total: 1 });
    expect(shapeDiff(body.data[0], SEED.cdr)).toEqual([]);
    const cdr = body.data[0] as Record<string, unknown>;
    expect(cdr).toMatchObject({ sip_call_id: callId, status: 'ANSWERED', cause: 'NORMAL_CLEARING', direction: 3, to_number: '0912345678' });
    expect(cdr.time_started).toMatch(LOCAL);
    const flex = await c.get(`/v2/cdr?extension=${agent?.extension}&phone=0912345678&mapping=flex`);
    expect(shapeDiff((flex.body as Rows).data[0], SEED.cdrFlex)).toEqual([]);
    expect(await c.get(`/v2/cdr/${cdr.id}`)).toMatchObject({ status: 200, body: { id: cdr.id } });
    expect(await c.get(`/v2/cdr/${callId}`)).toMatchObject({ status: 200, body: { id: cdr.id } });
    expect((await c.get('/v2/cdr/nope')).status).toBe(404);
    expect(((await c.get('/v2/cdr?direction=inbound&phone=0912345678')).body as { total: number }).total).toBe(0);
    expect(((await c.get('/v2/cdr?start_date=2999-01-01')).body as { total: number }).total).toBe(0);
  });

  it('an abandoned caller leaves a CANCEL CDR naming its queue', async () => {
    const { callId } = c.sim.control.addCaller({ queueId: 2, number: '0987654321' });
    c.sim.control.abandonCaller(callId);
    const cdr = ((await c.get(`/v2/cdr/${callId}`)).body) as Record<string, unknown>;
    expect(cdr).toMatchObject({ status: 'CANCEL', direction: 1, from_number: '0987654321', time_answered: '', receive_dest: c.sim.control.state().queues[1]?.name });
  });

  it('back-fills the day so far, pages by scroll and by page, reads an end_date as the whole day, serves recordings', async () => {
    const sim = await startClient({ agents: 50, seed: 3 });
    try {
      const zone = 'Asia/Ho_Chi_Minh';
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
      const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
      const all = (await sim.get(`/v2/cdr?start_date=${today}&end_date=${today}&limit=500`)).body as Rows & { total: number; offset: number };
      expect(all.total).toBe(sim.sim.control.state().counts.cdrs);
      // About 20 records per agent over a whole day: after 1 a.m. there is a day so far to read.
      if (hour >= 1) expect(all.total).toBeGreaterThan(0);
      for (const row of all.data as Record<string, string>[]) expect(row.time_started?.slice(0, 10)).toBe(today);
      // Scroll: offsets chain; pagination: page 2 starts at limit.
      const first = (await sim.get(`/v2/cdr?limit=3`)).body as Rows & { offset: number };
      const next = (await sim.get(`/v2/cdr?limit=3&offset=${first.offset}`)).body as Rows & { offset: number };
      const page2 = (await sim.get(`/v2/cdr?limit=3&page=2`)).body as Rows & { offset: number };
      expect(page2.offset).toBe(3);
      expect(page2.data).toEqual(next.data);
      // A recording: a public URL on the simulator's own host, a short WAV.
      const withRecording = (all.data as Record<string, string>[]).find((r) => r.recording_url);
      if (withRecording) {
        expect(withRecording.recording_url).toBe(`${sim.sim.url}/recordings/${withRecording.id}.wav`);
        const res = await fetch(withRecording.recording_url as string);
        expect(res.headers.get('content-type')).toBe('audio/wav');
        const bytes = Buffer.from(await res.arrayBuffer());
        expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
        expect(bytes.length).toBeLessThan(80_000);
      }
      expect((await fetch(`${sim.sim.url}/recordings/nope.wav`)).status).toBe(404);
    } finally {
      await sim.sim.close();
    }
  });
});

it('an unknown route is 404 {"code":404,"content":"not found"}', async () => {
  expect(await c.get('/v9/nothing')).toMatchObject({ status: 404, body: { code: 404, content: 'not found' } });
  expect(await c.post('/v3/agent/live', {})).toMatchObject({ status: 404, body: { code: 404, content: 'not found' } });
  expect(await c.get('/v3/agent/%E0%A4%A')).toMatchObject({ status: 404 });
});
