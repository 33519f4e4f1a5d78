// The floor's alerts shared over the hub (issue 18 point 4), each part real: a hub core on the simulator
// running the rules once and publishing its alerts (main/hub/floor-alerts.ts), a real nats-server from
// deploy/nats-server.conf, two consoles (real cores) on the hub:
//   - a rule tripping on the hub shows on both consoles with the same id;
//   - an acknowledgement on one and a snooze on the other show on both, with whose screen did it;
//   - a console restarted on its data folder finds the floor's alerts with their marks again;
//   - the console's own phone's alert stays its own; polling the PBX itself, the console shows its own rules'.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertRule, AlertsState } from '../../common/alerts';
import type { SessionStatus } from '../../common/domain';
import { floorLinkOpener } from '../../main/hub/console-link';
import { publishFloorAlerts, type FloorAlertsPublisher } from '../../main/hub/floor-alerts';
import { startFloorHub, type FloorHub } from '../../main/hub/floor-hub';
import { memorySettings, startHarness, type Harness } from '../core/core-harness';
import { startNatsServer, USERS, type NatsServer } from './nats-server';

const INTERVAL_MS = 1000;
/** Any caller waiting trips it: the floor's alert the test makes. */
const WAITING: AlertRule = { id: 'waiting-0', kind: 'waiting', enabled: true, severity: 'warning', threshold: 0, queueId: null, pauseReason: null };
const OWN_PHONE: AlertRule = { id: 'own-phone', kind: 'own-unregistered', enabled: true, severity: 'severe', threshold: null, queueId: null, pauseReason: null };
const rules = (list: AlertRule[]) => ({ alerts: { rules: list, clearAfterSec: 60, tone: false, toneVolume: 50 } });

let server: NatsServer | null = null;
let hubCore: Harness | null = null;
let hub: FloorHub | null = null;
let alerts: FloorAlertsPublisher | null = null;
let hubNc: NatsConnection | null = null;
const consoles: Harness[] = [];

afterEach(async () => {
  for (const c of consoles.splice(0)) await c.close();
  await alerts?.stop();
  await Promise.race([hub?.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
  await hubNc?.close();
  await hubCore?.close();
  await server?.stop();
  server = hubCore = hub = alerts = hubNc = null;
});

async function startFloor(): Promise<void> {
  server = await startNatsServer();
  hubCore = await startHarness({ sim: { agents: 20 }, pollIntervalMs: INTERVAL_MS, settings: memorySettings(rules([WAITING])) });
  await hubCore.core.invoke('session:connect', { system: 'tel4vn', apiHost: hubCore.sim.url, username: 'demo', password: 'demo' });
  await hubCore.until(() => hubCore!.of('floor:changed').length > 0, 'the hub core\'s first picture');
  hubNc = await connect({ servers: server.url, ...USERS.hub, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  hub = await startFloorHub({ nc: hubNc, floor: 'A', core: hubCore.core, version: 't', healthEveryMs: INTERVAL_MS / 2 });
  alerts = publishFloorAlerts({ kv: hub.stores.picture, core: hubCore.core, onError: (e) => console.error(e) });
}

/** A console on floor A as sup-a (its own rules: the waiting rule too, and its own phone's). */
async function startConsole(ownExtension: string, dataDir = mkdtempSync(join(tmpdir(), 'fw-console-'))): Promise<Harness> {
  const c = await startHarness({
    simulator: hubCore!.sim,
    dataDir,
    pollIntervalMs: INTERVAL_MS,
    settings: memorySettings({ floorHub: { url: server!.url, floor: 'A', user: 'sup-a' }, ...rules([WAITING, OWN_PHONE]) }),
    deps: { openFloorLink: floorLinkOpener(async () => ({ user: 'sup-a', pass: USERS['sup-a'].pass })) },
  });
  consoles.push(c);
  const connected = await c.core.invoke('session:connect', { system: 'tel4vn', apiHost: hubCore!.sim.url, username: 'demo', password: 'demo', ownExtension });
  expect(connected.ok).toBe(true);
  await c.until(() => (c.of('session:changed').at(-1) as SessionStatus | undefined)?.hub?.source === 'hub', 'the console on the hub', 10_000);
  return c;
}

const alertsOf = async (c: Harness): Promise<Alert[]> => ((await c.core.invoke('alerts:get', undefined)) as { data: AlertsState }).data.alerts;
const waitingAlert = async (c: Harness): Promise<Alert | undefined> => (await alertsOf(c)).find((a) => a.ruleId === 'waiting-0');

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the floor\'s alerts on the hub', () => {
  it('shows the hub\'s alert on every console, an ack on one and a snooze on the other on both with whose screen, and again after a restart', async () => {
    await startFloor();
    const dirA = mkdtempSync(join(tmpdir(), 'fw-console-a-'));
    let a = await startConsole('900', dirA);
    const b = await startConsole('901');

    hubCore!.sim.control.addCaller({ queueId: 1 });
    const onHub = await eventually(async () => ((await hubCore!.core.invoke('alerts:get', undefined)) as { data: AlertsState }).data.alerts.find((x) => x.ruleId === 'waiting-0'), (x) => x !== undefined, 'the alert on the hub');
    // The hub's alert itself (its id) on both screens: one list for the floor, not one per screen.
    await eventually(() => waitingAlert(a), (x) => x?.id === onHub!.id, 'the hub\'s alert on a');
    await eventually(() => waitingAlert(b), (x) => x?.id === onHub!.id, 'the hub\'s alert on b');
    expect((await alertsOf(a)).filter((x) => x.ruleId === 'waiting-0')).toHaveLength(1);

    // a acknowledges: b shows it, saying whose screen (the extension tells apart two supervisors on one account).
    const acked = await a.core.invoke('alerts:ack', { id: onHub!.id });
    expect(acked).toMatchObject({ ok: true, data: { id: onHub!.id, ack: { by: 'demo (ext 900)' } } });
    await eventually(() => waitingAlert(b), (x) => x?.ack?.by === 'demo (ext 900)', 'the ack on b', 5000);
    // b snoozes it: a shows who and until when.
    const snoozed = await b.core.invoke('alerts:snooze', { id: onHub!.id, minutes: 15 });
    expect(snoozed).toMatchObject({ ok: true, data: { snoozedBy: 'demo (ext 901)' } });
    await eventually(() => waitingAlert(a), (x) => x?.snoozedBy === 'demo (ext 901)' && (x.snoozedUntil ?? 0) > Date.now() + 14 * 60_000, 'the snooze on a', 5000);
    // The change reached a's listeners too (the console and the wallboard fold 'alerts:changed').
    await a.until(() => a.of('alerts:changed').some((ch) => ch.upsert.some((x: Alert) => x.id === onHub!.id && x.snoozedBy === 'demo (ext 901)')), 'the change on a', 5000);

    // a restarts on its data folder: the floor's alert with both marks again.
    await a.close();
    consoles.splice(consoles.indexOf(a), 1);
    a = await startConsole('900', dirA);
    const again = await eventually(() => waitingAlert(a), (x) => x?.id === onHub!.id && x.ack !== null && x.snoozedBy !== undefined, 'the marks after a restart');
    expect(again).toMatchObject({ ack: { by: 'demo (ext 900)' }, snoozedBy: 'demo (ext 901)' });
  }, 60_000);

  it('keeps the console\'s own phone alert its own, and shows its own rules\' alerts while polling the PBX itself', async () => {
    await startFloor();
    hubCore!.sim.control.addCaller({ queueId: 1 });
    // The console's own phone unregistered.
    const c = await startConsole('900');
    hubCore!.sim.control.setRegistered('900', false);
    const hubAlert = await eventually(() => waitingAlert(c), (x) => x !== undefined, 'the hub\'s alert');
    await eventually(() => alertsOf(c), (list) => list.some((x) => x.ruleId === 'own-phone'), 'the own phone\'s alert');
    // The hub's own alerts have no own phone (it has none): only this console's.
    const hubList = ((await hubCore!.core.invoke('alerts:get', undefined)) as { data: AlertsState }).data.alerts;
    expect(hubList.some((x) => x.ruleId === 'own-phone')).toBe(false);

    // The server dies: the console polls the PBX itself and shows its own rules' alert in place of the hub's.
    await server!.kill();
    await c.until(() => (c.of('session:changed').at(-1) as SessionStatus | undefined)?.hub?.source === 'own', 'the fall-back', 10_000);
    const own = await eventually(() => waitingAlert(c), (x) => x !== undefined && x.id !== hubAlert!.id, 'the console\'s own waiting alert');
    expect((await alertsOf(c)).filter((x) => x.ruleId === 'waiting-0')).toEqual([own]);
  }, 60_000);
});
