// The day's call records read once per floor (issue 18 point 4), each part real: a hub core on the simulator
// reading the CDRs and sharing each pass (main/hub/floor-records.ts) over a real nats-server from
// deploy/nats-server.conf, consoles (real cores) on the hub folding them into their own day:
//   - the PBX's CDR requests are the hub's alone, the same with one console as with three;
//   - every console's Today figures are the hub's, a call that ends included;
//   - the hub silent: a console reads the CDRs itself again.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionStatus, TodayState } from '../../common/domain';
import { floorLinkOpener } from '../../main/hub/console-link';
import { startFloorHub, type FloorHub } from '../../main/hub/floor-hub';
import { shareRecordPasses } from '../../main/hub/floor-records';
import { memorySettings, startHarness, type Harness } from '../core/core-harness';
import { startNatsServer, USERS, type NatsServer } from './nats-server';

const INTERVAL_MS = 1000;
/** Records passes every 400 ms: a window of a few seconds sees several. */
const RECORDS_MS = 400;

let server: NatsServer | null = null;
let hubCore: Harness | null = null;
let hub: FloorHub | null = null;
let records: { stop(): Promise<void> } | null = null;
let hubNc: NatsConnection | null = null;
const consoles: Harness[] = [];

afterEach(async () => {
  for (const c of consoles.splice(0)) await c.close();
  await Promise.race([records?.stop(), new Promise((r) => setTimeout(r, 2000))]);
  await Promise.race([hub?.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
  await hubNc?.close();
  await hubCore?.close();
  await server?.stop();
  server = hubCore = hub = records = hubNc = null;
});

async function startFloor(): Promise<void> {
  server = await startNatsServer();
  // A day already under way: the hub's first pass reads it whole.
  hubCore = await startHarness({ sim: { agents: 20, backfill: true }, pollIntervalMs: INTERVAL_MS, deps: { recordsIntervalMs: RECORDS_MS } });
  hubNc = await connect({ servers: server.url, ...USERS.hub, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  // As `npm run hub` does: the passes followed before the core connects (its first is the whole day),
  // published once the floor's streams exist.
  let ready: () => void = () => undefined;
  records = shareRecordPasses({ nc: hubNc, floor: 'A', core: hubCore.core, onError: (e) => console.error(e), ready: new Promise<void>((r) => (ready = r)) });
  await hubCore.core.invoke('session:connect', { system: 'tel4vn', apiHost: hubCore.sim.url, username: 'demo', password: 'demo' });
  await hubCore.until(() => hubCore!.of('floor:changed').length > 0, 'the hub core\'s first picture');
  hub = await startFloorHub({ nc: hubNc, floor: 'A', core: hubCore.core, version: 't', healthEveryMs: INTERVAL_MS / 2 });
  ready();
}

async function startConsole(ownExtension: string): Promise<Harness> {
  const c = await startHarness({
    simulator: hubCore!.sim,
    pollIntervalMs: INTERVAL_MS,
    settings: memorySettings({ floorHub: { url: server!.url, floor: 'A', user: 'sup-a' } }),
    deps: { recordsIntervalMs: RECORDS_MS, openFloorLink: floorLinkOpener(async () => ({ user: 'sup-a', pass: USERS['sup-a'].pass })) },
  });
  consoles.push(c);
  const connected = await c.core.invoke('session:connect', { system: 'tel4vn', apiHost: hubCore!.sim.url, username: 'demo', password: 'demo', ownExtension });
  expect(connected.ok).toBe(true);
  await c.until(() => (c.of('session:changed').at(-1) as SessionStatus | undefined)?.hub?.source === 'hub', 'the console on the hub', 10_000);
  return c;
}

const cdrRequests = (since: number) => hubCore!.sim.control.requests(since).filter((r) => r.path.startsWith('/v2/cdr'));
const lastSeq = () => hubCore!.sim.control.requests().at(-1)?.seq ?? 0;
const today = async (c: Harness): Promise<TodayState> => ((await c.core.invoke('today:get', {})) as { data: TodayState }).data;
/** The floor's day as Today shows it: records read, answered and abandoned per queue. */
const figures = (t: TodayState) => ({
  records: t.records,
  queues: t.queues.map((q) => ({ id: q.id, answered: q.day.answered, abandoned: q.day.abandoned })).sort((x, y) => x.id.localeCompare(y.id)),
});

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the day\'s call records on the hub', () => {
  it('reads the CDRs once for the floor (the same PBX load with one console as with three), every console with the hub\'s day', async () => {
    await startFloor();
    await eventually(() => today(hubCore!), (t) => !t.catchingUp && t.records > 0, 'the hub\'s whole day');
    // The hub alone, a window of 3 s.
    const window = async (): Promise<number> => {
      const seq = lastSeq();
      await new Promise((r) => setTimeout(r, 3000));
      return cdrRequests(seq).length;
    };
    const hubAlone = await window();
    const first = await startConsole('900');
    await eventually(() => today(first), (t) => t.records === 0 ? false : !t.catchingUp, 'the day on the first console');
    const withOne = await window();
    consoles.push(await startConsole('901'), await startConsole('902'));
    const withThree = await window();
    // Flat: each console adds no CDR request (the hub's passes vary by a request or two with its timing).
    expect(hubAlone).toBeGreaterThan(0);
    expect(withOne).toBeLessThanOrEqual(hubAlone + 2);
    expect(withThree).toBeLessThanOrEqual(hubAlone + 2);
    // Not one CDR request carried a console's token: every one was the hub's.
    const hubToken = cdrRequests(0)[0]!.headers.authorization;
    expect(cdrRequests(0).every((r) => r.headers.authorization === hubToken)).toBe(true);

    // A caller answered and hung up: its record reaches every console through the hub, the same day everywhere.
    const before = (await today(hubCore!)).records;
    const { callId } = hubCore!.sim.control.addCaller({ queueId: 1 });
    hubCore!.sim.control.answerCaller(callId);
    hubCore!.sim.control.hangupCall(callId);
    await eventually(() => today(hubCore!), (t) => t.records > before, 'the call\'s record on the hub');
    for (const c of consoles) {
      await eventually(async () => [figures(await today(c)), figures(await today(hubCore!))], ([mine, hubs]) => JSON.stringify(mine) === JSON.stringify(hubs), 'the hub\'s figures on a console');
    }
  }, 90_000);

  it('reads the CDRs itself while the hub is silent', async () => {
    await startFloor();
    const c = await startConsole('900');
    await eventually(() => today(c), (t) => t.records > 0 && !t.catchingUp, 'the day on the console');
    const hubToken = cdrRequests(0)[0]!.headers.authorization;
    const seq = lastSeq();
    await server!.kill();
    await c.until(() => (c.of('session:changed').at(-1) as SessionStatus | undefined)?.hub?.source === 'own', 'the fall-back', 10_000);
    await eventually(async () => cdrRequests(seq).filter((r) => r.headers.authorization !== hubToken).length, (n) => n > 0, 'the console\'s own CDR read');
  }, 60_000);
});
