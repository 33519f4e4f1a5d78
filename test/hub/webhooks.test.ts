// Push events end to end, on real servers: the hub registers its callback with the simulator's TEL4VN event
// hooks (GET / POST /v1/event), the simulator POSTs the seed's event shapes as the floor moves, the hub
// checks the key and lays each event over the picture, and a console reading the floor over a real
// nats-server sees a ringing call before the next poll of /v3/monitor; then answered, then gone. Wrong or
// missing keys are 401, bodies that are not events 400, replays change nothing, all counted; a clean stop
// deletes the hooks (DELETE /v1/event/{id}).
import { jetstream } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import type { ChangeSet } from '../../common/domain';
import type { PushedCallChange } from '../../main/hub/picture';
import { afterEach, describe, expect, it } from 'vitest';
import { startFloorHub, type FloorHub } from '../../main/hub/floor-hub';
import { joinFloor, type FloorReader } from '../../main/hub/floor-reader';
import { startWebhooks, type Webhooks } from '../../main/hub/webhooks';
import { startHarness, type Harness } from '../core/core-harness';
import { startNatsServer, USERS, type NatsServer } from './nats-server';

let server: NatsServer | null = null;
let h: Harness | null = null;
let hub: FloorHub | null = null;
let reader: FloorReader | null = null;
let hooks: Webhooks | null = null;
const connections: NatsConnection[] = [];

afterEach(async () => {
  await hooks?.stop();
  await reader?.close();
  await hub?.stop();
  for (const nc of connections.splice(0)) await nc.close();
  await h?.close();
  await server?.stop();
  hooks = reader = hub = h = server = null;
});

/** Seed 002 "Event Hook Data", as printed. */
const SEED_EXAMPLE = {
  call_id: 'avavavav-1111-2222-3333-eeeeeeee',
  sip_call_id: 'dddddddd-1111-2222-3333-eeeeeeee',
  domain: 'test.tel4vn.com',
  direction: 'outbound',
  from_number: '0899888999',
  to_number: '101',
  hotline: '19001919',
  state: 'hangup',
  duration: 10,
  billsec: 5,
  recording_url: 'http://recording.demo/ad4c9b90-c071-405a-9723-980d2e5e1623',
};

async function post(port: number, body: unknown, headers: Record<string, string>, path = '/floorwatch/A/events'): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

async function floorWithHooks(pollIntervalMs: number) {
  server = await startNatsServer();
  h = await startHarness({ sim: { agents: 20, seed: 7 }, pollIntervalMs });
  await h.core.invoke('session:demo', undefined);
  await h.until(() => h!.of('floor:changed').length > 0, 'the first picture', 10_000);
  const hubNc = await connect({ servers: server.url, ...USERS.hub });
  const supNc = await connect({ servers: server.url, ...USERS['sup-a'] });
  // The pushed events on a connection of their own, as `npm run hub` has them (main/hub/cli.ts).
  const eventsNc = await connect({ servers: server.url, ...USERS.hub });
  connections.push(hubNc, supNc, eventsNc);
  hub = await startFloorHub({ nc: hubNc, floor: 'A', core: h.core, version: 't', eventsNc });
  await hub.flush();
  reader = await joinFloor(supNc, 'A');
  hooks = await startWebhooks({
    pushEvents: () => h!.core.pushEvents(),
    callbackUrl: (port) => `http://127.0.0.1:${port}/floorwatch/A/events`,
    port: 0,
    host: '127.0.0.1',
    onCall: (callId, call) => hub?.publishEvent(callId, call),
  });
  await hooks.register();
  return { sim: h.sim, reader, hooks, hubNc, supNc };
}

const until = async (check: () => boolean, what: string, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('PBX event hooks into the floor picture', () => {
  it('registers one hook per event, shows a ringing call before the next poll, follows it to the end, deletes its hooks', async () => {
    // Polls far apart: whatever the console sees between two polls came by the event hooks.
    const { sim, reader, hooks } = await floorWithHooks(60_000);
    const registered = sim.eventHooks.list();
    expect(registered.map((r) => r.event_name).sort()).toEqual(['answered', 'cdr', 'hangup', 'ringing']);
    const key = registered[0]!.callback_apikey;
    expect(key.length).toBeGreaterThanOrEqual(32);
    for (const r of registered) {
      expect(r.callback_url).toBe(`http://127.0.0.1:${hooks.port}/floorwatch/A/events`);
      expect(r.callback_apikey).toBe(key);
    }
    expect(hooks.stats()).toMatchObject({ hooks: 4, error: null });

    const monitorPolls = (since: number) => sim.control.requests(since).filter((r) => r.path === '/v3/monitor').length;
    const seq = sim.control.requests().at(-1)?.seq ?? 0;
    const call = (id: string) => reader.state().snapshot.calls.find((c) => c.id === id);

    // A caller is routed to an agent: the agent's phone rings (ringing event).
    const { callId } = sim.control.addCaller({ queueId: 1 });
    sim.control.tick(1);
    const ringing = sim.control.state().calls.find((c) => c.id === callId);
    expect(ringing?.state).toBe('ringing');
    await until(() => call(callId)?.state === 'ringing', 'the ringing call on the console');
    await until(() => reader.state().snapshot.agents.find((a) => a.extension === ringing!.ext)?.state === 'ringing', 'the agent ringing');
    expect(call(callId)).toMatchObject({ extension: ringing!.ext, direction: 'inbound', customerNumber: ringing!.customerNumber });
    expect(monitorPolls(seq)).toBe(0); // before any poll of the live calls

    sim.control.answerCaller(callId);
    await until(() => call(callId)?.state === 'on-call', 'the answered call on the console');
    sim.control.hangupCall(callId);
    await until(() => call(callId) === undefined, 'the call gone from the console');
    expect(monitorPolls(seq)).toBe(0);
    await until(() => hooks.stats().applied >= 3, 'three events applied');

    // The same ringing post again (a replay): accepted, counted, and the ended call stays ended.
    const replay = { ...SEED_EXAMPLE, call_id: callId, direction: 'inbound', from_number: ringing!.customerNumber, to_number: ringing!.ext, state: 'ringing' };
    delete (replay as Partial<typeof SEED_EXAMPLE>).duration;
    delete (replay as Partial<typeof SEED_EXAMPLE>).billsec;
    delete (replay as Partial<typeof SEED_EXAMPLE>).recording_url;
    const ignoredBefore = hooks.stats().ignored;
    expect(await post(hooks.port, replay, { Authorization: `Bearer ${key}` })).toBe(200);
    expect(hooks.stats().ignored).toBe(ignoredBefore + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(call(callId)).toBeUndefined();

    await hooks.stop();
    expect(sim.eventHooks.list()).toEqual([]);
  });

  it('refuses a missing or wrong key (401), and anything that is not an event (400, 404, 405, 413), counted; the seed example is read', async () => {
    const { sim, reader, hooks } = await floorWithHooks(60_000);
    const key = sim.eventHooks.list()[0]!.callback_apikey;
    const before = reader.state().snapshot.seq;

    expect(await post(hooks.port, SEED_EXAMPLE, {})).toBe(401);
    expect(await post(hooks.port, SEED_EXAMPLE, { Authorization: `Bearer ${key}x` })).toBe(401);
    expect(await post(hooks.port, SEED_EXAMPLE, { Authorization: `Bearer ${key.slice(0, -1)}` })).toBe(401);
    expect(await post(hooks.port, SEED_EXAMPLE, { 'X-Api-Key': 'foo' })).toBe(401);
    expect(hooks.stats().unauthorized).toBe(4);

    // The seed's example (a hangup of a call this floor never had): valid, changes nothing. Both key headers.
    expect(await post(hooks.port, SEED_EXAMPLE, { Authorization: `Bearer ${key}` })).toBe(200);
    expect(await post(hooks.port, SEED_EXAMPLE, { 'X-Api-Key': key })).toBe(200);
    // Its variants: stray spaces, upper-case names, null optional fields, numbers as JSON numbers.
    expect(await post(hooks.port, { ...SEED_EXAMPLE, call_id: ' avavavav-1111 ', state: 'HANGUP', direction: 'Outbound', recording_url: null, to_number: 101 }, { 'X-Api-Key': key })).toBe(200);
    expect(hooks.stats()).toMatchObject({ received: 3, ignored: 3, applied: 0, invalid: 0 });

    const bad: unknown[] = [
      'not json{',
      [],
      { ...SEED_EXAMPLE, state: 'transferred' },
      { ...SEED_EXAMPLE, call_id: '' },
      { ...SEED_EXAMPLE, call_id: undefined },
      { ...SEED_EXAMPLE, call_id: 'a/../b' },
      { ...SEED_EXAMPLE, direction: 'sideways' },
      { ...SEED_EXAMPLE, from_number: { x: 1 } },
      { ...SEED_EXAMPLE, duration: 'ten' },
      { ...SEED_EXAMPLE, state: 'ringing', from_number: '' },
    ];
    for (const body of bad) expect(await post(hooks.port, body, { Authorization: `Bearer ${key}` })).toBe(400);
    expect(hooks.stats().invalid).toBe(bad.length);

    expect(await post(hooks.port, SEED_EXAMPLE, { Authorization: `Bearer ${key}` }, '/elsewhere')).toBe(404);
    const get = await fetch(`http://127.0.0.1:${hooks.port}/floorwatch/A/events`);
    expect(get.status).toBe(405);
    expect(await post(hooks.port, JSON.stringify({ ...SEED_EXAMPLE, pad: 'x'.repeat(70_000) }), { Authorization: `Bearer ${key}` })).toBe(413);
    expect(hooks.stats().refused).toBe(3);

    // Nothing of it reached the picture, and the server still serves.
    await new Promise((r) => setTimeout(r, 100));
    expect(reader.state().snapshot.seq).toBe(before);
    expect(await post(hooks.port, SEED_EXAMPLE, { Authorization: `Bearer ${key}` })).toBe(200);
  });

  it('reads the seed example\'s outbound call from a mobile to extension 101 as ringing on 101 (the table and the example disagree)', async () => {
    const { sim, reader, hooks } = await floorWithHooks(60_000);
    const key = sim.eventHooks.list()[0]!.callback_apikey;
    const agent = sim.control.state().agents.find((a) => a.loggedIn && a.status === 'available')!;
    const ringing = { ...SEED_EXAMPLE, call_id: 'seed-call-1', state: 'ringing', to_number: agent.extension };
    delete (ringing as Partial<typeof SEED_EXAMPLE>).duration;
    delete (ringing as Partial<typeof SEED_EXAMPLE>).billsec;
    delete (ringing as Partial<typeof SEED_EXAMPLE>).recording_url;
    expect(await post(hooks.port, ringing, { Authorization: `Bearer ${key}` })).toBe(200);
    await until(() => reader.state().snapshot.calls.some((c) => c.id === 'seed-call-1'), 'the pushed call');
    expect(reader.state().snapshot.calls.find((c) => c.id === 'seed-call-1')).toMatchObject({ extension: agent.extension, customerNumber: '0899888999', state: 'ringing' });
    // The agent's state is joined by the hub's tick (the event's own message carries the call alone).
    await until(() => reader.state().snapshot.agents.find((a) => a.extension === agent.extension)?.state === 'ringing', 'the agent ringing');
  });

  it('adopts its hooks left at the PBX by a hub that crashed (with their key), replaces a keyless one, and answers 503 when not connected', async () => {
    h = await startHarness({ sim: { agents: 20, seed: 7 }, pollIntervalMs: 60_000 });
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.of('floor:changed').length > 0, 'the first picture', 10_000);
    const url = 'http://127.0.0.1:1/floorwatch/A/events'; // the address the PBX knows (a proxy in front)
    h.sim.eventHooks.create(url, 'left-by-the-last-hub', 'ringing');
    h.sim.eventHooks.create(url, '', 'hangup');
    h.sim.eventHooks.create('https://someone-else.example/hook', 'theirs', 'ringing');
    hooks = await startWebhooks({ pushEvents: () => h!.core.pushEvents(), callbackUrl: url, port: 0, host: '127.0.0.1' });
    await hooks.register();
    const listed = h.sim.eventHooks.list();
    const ours = listed.filter((x) => x.callback_url === url);
    expect(ours.map((x) => x.event_name).sort()).toEqual(['answered', 'cdr', 'hangup', 'ringing']);
    expect(ours.find((x) => x.event_name === 'ringing')?.callback_apikey).toBe('left-by-the-last-hub');
    expect(ours.every((x) => x.callback_apikey !== '')).toBe(true);
    expect(listed.some((x) => x.callback_apikey === 'theirs')).toBe(true); // not ours: left alone
    const fresh = ours.find((x) => x.event_name === 'hangup')!.callback_apikey;
    expect(await post(hooks.port, SEED_EXAMPLE, { Authorization: 'Bearer left-by-the-last-hub' })).toBe(200);
    expect(await post(hooks.port, SEED_EXAMPLE, { Authorization: `Bearer ${fresh}` })).toBe(200);

    await h.core.invoke('session:disconnect', undefined);
    expect(await post(hooks.port, SEED_EXAMPLE, { Authorization: `Bearer ${fresh}` })).toBe(503);
    expect(hooks.stats().refused).toBe(1);
  });

  it('sends an applied event\'s call on its own subject ahead of the change set that carries it; a console lays it over until then', async () => {
    const { sim, reader, hooks, hubNc, supNc } = await floorWithHooks(60_000);
    const key = sim.eventHooks.list()[0]!.callback_apikey;
    const [first, second] = sim.control.state().agents.filter((a) => a.loggedIn && a.status === 'available');
    // What a supervisor's connection receives on the floor's two subjects, in the order it arrives.
    const seen: { kind: 'event' | 'changes' | 'reset'; callIds: string[]; afterSeq?: number; state?: string }[] = [];
    for (const subject of ['floor.A.events', 'floor.A.changes']) {
      supNc.subscribe(subject, {
        callback: (_e, m) => {
          if (subject === 'floor.A.events') {
            const ev = m.json<PushedCallChange>();
            seen.push({ kind: 'event', callIds: [ev.callId], afterSeq: ev.afterSeq, ...(ev.call ? { state: ev.call.state } : {}) });
          } else if (m.headers?.get('Floorwatch-Kind') === 'changes') {
            seen.push({ kind: 'changes', callIds: m.json<ChangeSet>().calls.upsert.map((c) => c.id) });
          } else {
            // A publish the hub could not make (a loaded machine) is mended by a reset and a snapshot.
            seen.push({ kind: 'reset', callIds: [] });
          }
        },
      });
    }
    await supNc.flush();
    const ringing = { call_id: 'fast-1', sip_call_id: 'x', domain: 'd', direction: 'inbound', from_number: '0912000111', to_number: first!.extension, hotline: '19001919', state: 'ringing' };
    const seqBefore = reader.state().snapshot.seq;
    expect(await post(hooks.port, ringing, { Authorization: `Bearer ${key}` })).toBe(200);
    const carried = () => seen.findIndex((s) => (s.kind === 'changes' && s.callIds.includes('fast-1')) || s.kind === 'reset');
    await until(() => carried() >= 0, 'the change set carrying the call', 15_000);
    const eventAt = seen.findIndex((s) => s.kind === 'event' && s.callIds[0] === 'fast-1');
    expect(eventAt).toBeGreaterThanOrEqual(0);
    expect(eventAt).toBeLessThan(carried());
    expect(seen[eventAt]).toMatchObject({ state: 'ringing' });
    // The hub core's last change set when the event came (the reader's, or one on its way to it).
    expect(seen[eventAt]!.afterSeq).toBeGreaterThanOrEqual(seqBefore);
    await until(() => reader.state().snapshot.calls.find((c) => c.id === 'fast-1')?.state === 'ringing', 'the call on the console', 15_000);

    // An event the hub's picture never carries (published by hand, as the hub would): laid over the console's
    // picture at once, and gone with the next change set (the hub's picture is the truth).
    const ghost: PushedCallChange = {
      callId: 'ghost-ev', afterSeq: 0,
      call: { id: 'ghost-ev', extension: second!.extension, agentId: null, agentName: '', customerNumber: '0912000222', direction: 'inbound', state: 'ringing', startedAt: Date.now(), queueId: null, queueName: null },
    };
    const h = headers();
    h.set('Floorwatch-Kind', 'event');
    // A change set may reach the console between reading its seq and the event (a loaded machine, as in CI):
    // that event is rightly dropped as older than the picture, so it is sent again after the newer seq.
    const ghostShown = () => reader.state().snapshot.calls.some((c) => c.id === 'ghost-ev');
    for (let attempt = 1; !ghostShown(); attempt++) {
      if (attempt > 5) throw new Error('the hand-published event was never shown: the picture moved past it 5 times');
      const seq = reader.state().snapshot.seq;
      await jetstream(hubNc).publish('floor.A.events', JSON.stringify({ ...ghost, afterSeq: seq }), { headers: h });
      await until(() => ghostShown() || reader.state().snapshot.seq > seq, 'the hand-published event on the console', 15_000);
    }
    expect(reader.state().snapshot.calls.some((c) => c.id === 'fast-1')).toBe(true);
    // The next change set (the first call answered by its own event) settles the hand-published one.
    expect(await post(hooks.port, { ...ringing, state: 'answered' }, { Authorization: `Bearer ${key}` })).toBe(200);
    await until(() => reader.state().snapshot.calls.find((c) => c.id === 'fast-1')?.state === 'on-call', 'the answered call', 15_000);
    await until(() => !reader.state().snapshot.calls.some((c) => c.id === 'ghost-ev'), 'the hand-published event gone with the next change set', 15_000);
  });

  it('lets polling correct an event: a pushed call the PBX does not list is gone after the next poll', async () => {
    const { sim, reader, hooks } = await floorWithHooks(300);
    const key = sim.eventHooks.list()[0]!.callback_apikey;
    const agent = sim.control.state().agents.find((a) => a.loggedIn && a.status === 'available')!;
    const ghost = { call_id: 'ghost-1', sip_call_id: 'x', domain: 'd', direction: 'inbound', from_number: '0912000111', to_number: agent.extension, hotline: '19001919', state: 'ringing' };
    expect(await post(hooks.port, ghost, { Authorization: `Bearer ${key}` })).toBe(200);
    await until(() => reader.state().snapshot.calls.some((c) => c.id === 'ghost-1'), 'the pushed call');
    await until(() => !reader.state().snapshot.calls.some((c) => c.id === 'ghost-1'), 'the poll taking it away', 5000);
  });
});
