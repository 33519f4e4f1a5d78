// The floor's alerts shared over the hub (issue 18 point 4), each part real: a hub core on the simulator
// running the rules once and publishing its alerts (main/hub/floor-alerts.ts), a real nats-server from
// deploy/nats-server.conf, two consoles (real cores) on the hub:
//   - a rule tripping on the hub shows on both consoles with the same id;
//   - an acknowledgement on one and a snooze on the other show on both, with whose screen did it;
//   - a console restarted on its data folder finds the floor's alerts with their marks again;
//   - the console's own phone's alert stays its own; polling the PBX itself, the console shows its own rules';
//   - an acknowledgement crosses the fall-back both ways: the floor's carried to the console's own alert of
//     that condition, one made while polling itself carried to the floor's on return, and no second notice.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyAlertsChange, severeNews, type Alert, type AlertRule, type AlertsChange, type AlertsState } from '../../common/alerts';
import type { Harness } from '../core/core-harness';
import { eventually, hubOf, startTestFloor, type TestFloor } from './floor';

/** Any caller waiting trips it: the floor's alert the test makes. */
const WAITING: AlertRule = { id: 'waiting-0', kind: 'waiting', enabled: true, severity: 'warning', threshold: 0, queueId: null, pauseReason: null };
const OWN_PHONE: AlertRule = { id: 'own-phone', kind: 'own-unregistered', enabled: true, severity: 'severe', threshold: null, queueId: null, pauseReason: null };
const rules = (list: AlertRule[]) => ({ alerts: { rules: list, clearAfterSec: 60, tone: false, toneVolume: 50 } });

let floor: TestFloor | null = null;

afterEach(async () => {
  await floor?.stop();
  floor = null;
});

async function startFloor(hubRules: AlertRule[] = [WAITING]): Promise<TestFloor> {
  floor = await startTestFloor({ hubSettings: rules(hubRules), alerts: true });
  return floor;
}

/** A console on floor A as sup-a (its own rules: the waiting rule too, and its own phone's). */
const startConsole = (ownExtension: string, dataDir = mkdtempSync(join(tmpdir(), 'fw-console-')), own: AlertRule[] = [WAITING, OWN_PHONE]): Promise<Harness> =>
  floor!.startConsole(ownExtension, { dataDir, settings: rules(own) });

const alertsOf = async (c: Harness): Promise<Alert[]> => ((await c.core.invoke('alerts:get', undefined)) as { data: AlertsState }).data.alerts;
const waitingAlert = async (c: Harness): Promise<Alert | undefined> => (await alertsOf(c)).find((a) => a.ruleId === 'waiting-0');

describe('the floor\'s alerts on the hub', () => {
  it('shows the hub\'s alert on every console, an ack on one and a snooze on the other on both with whose screen, and again after a restart', async () => {
    await startFloor();
    const dirA = mkdtempSync(join(tmpdir(), 'fw-console-a-'));
    let a = await startConsole('900', dirA);
    const b = await startConsole('901');

    floor!.hubCore.sim.control.addCaller({ queueId: 1 });
    const onHub = await eventually(async () => ((await floor!.hubCore.core.invoke('alerts:get', undefined)) as { data: AlertsState }).data.alerts.find((x) => x.ruleId === 'waiting-0'), (x) => x !== undefined, 'the alert on the hub');
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
    floor!.consoles.splice(floor!.consoles.indexOf(a), 1);
    a = await startConsole('900', dirA);
    const again = await eventually(() => waitingAlert(a), (x) => x?.id === onHub!.id && x.ack !== null && x.snoozedBy !== undefined, 'the marks after a restart');
    expect(again).toMatchObject({ ack: { by: 'demo (ext 900)' }, snoozedBy: 'demo (ext 901)' });
  }, 60_000);

  it('keeps the console\'s own phone alert its own, and shows its own rules\' alerts while polling the PBX itself', async () => {
    await startFloor();
    floor!.hubCore.sim.control.addCaller({ queueId: 1 });
    // The console's own phone unregistered.
    const c = await startConsole('900');
    floor!.hubCore.sim.control.setRegistered('900', false);
    const hubAlert = await eventually(() => waitingAlert(c), (x) => x !== undefined, 'the hub\'s alert');
    await eventually(() => alertsOf(c), (list) => list.some((x) => x.ruleId === 'own-phone'), 'the own phone\'s alert');
    // The hub's own alerts have no own phone (it has none): only this console's.
    const hubList = ((await floor!.hubCore.core.invoke('alerts:get', undefined)) as { data: AlertsState }).data.alerts;
    expect(hubList.some((x) => x.ruleId === 'own-phone')).toBe(false);

    // The server dies: the console polls the PBX itself and shows its own rules' alert in place of the hub's.
    await floor!.server.kill();
    await c.until(() => hubOf(c)?.source === 'own', 'the fall-back', 10_000);
    const own = await eventually(() => waitingAlert(c), (x) => x !== undefined && x.id !== hubAlert!.id, 'the console\'s own waiting alert');
    expect((await alertsOf(c)).filter((x) => x.ruleId === 'waiting-0')).toEqual([own]);
  }, 60_000);

  it('keeps an acknowledgement across the fall-back to own polling and back, with no second notice', async () => {
    const severe: AlertRule = { ...WAITING, severity: 'severe' };
    const f = await startFloor([severe]);
    const c = await startConsole('900', undefined, [severe]);
    // A queue's alert by its subject (the PBX's queue id); `other`: the alert of a queue other than that one.
    const waitingOn = (list: Alert[], subject: string, other = false): Alert | undefined =>
      list.find((x) => x.ruleId === 'waiting-0' && (x.subject.id === subject) !== other);
    const hubAlerts = async (): Promise<Alert[]> => ((await f.hubCore.core.invoke('alerts:get', undefined)) as { data: AlertsState }).data.alerts;

    // The hub's alert for queue 1, acknowledged on this screen.
    f.hubCore.sim.control.addCaller({ queueId: 1 });
    const h1 = (await eventually(hubAlerts, (l) => l.some((x) => x.ruleId === 'waiting-0'), 'the hub\'s alert for queue 1')).find((x) => x.ruleId === 'waiting-0')!;
    const q1 = h1.subject.id;
    const forQueue = (subject: string, other = false) => async (): Promise<Alert | undefined> => waitingOn(await alertsOf(c), subject, other);
    await eventually(forQueue(q1), (x) => x?.id === h1.id, 'the hub\'s alert on the console');
    expect(await c.core.invoke('alerts:ack', { id: h1.id })).toMatchObject({ ok: true, data: { ack: { by: 'demo (ext 900)' } } });

    // The server dies: the console shows its own rules' alert for queue 1, acknowledged as the floor's was.
    await f.server.kill();
    await c.until(() => hubOf(c)?.source === 'own', 'the fall-back', 10_000);
    const o1 = await eventually(forQueue(q1), (x) => x !== undefined && x.id !== h1.id, 'the console\'s own alert for queue 1');
    expect(o1!.ack).toMatchObject({ by: 'demo (ext 900)' });

    // Polling itself, a caller waits in queue 2: the console's own alert, acknowledged here.
    f.hubCore.sim.control.addCaller({ queueId: 2 });
    const o2 = await eventually(forQueue(q1, true), (x) => x !== undefined, 'the console\'s own alert for queue 2');
    expect(await c.core.invoke('alerts:ack', { id: o2!.id })).toMatchObject({ ok: true, data: { ack: { by: 'demo' } } });

    // The server back: the hub's alert for queue 2 (its own id) shows the acknowledgement made while away, on
    // this screen and, through the floor's marks, on a screen opened afterwards.
    await f.server.restart();
    await c.until(() => hubOf(c)?.source === 'hub', 'the return to the hub', 30_000);
    const h2 = waitingOn(await eventually(hubAlerts, (l) => waitingOn(l, q1, true) !== undefined, 'the hub\'s alert for queue 2'), q1, true)!;
    await eventually(forQueue(q1, true), (x) => x?.id === h2.id && x.ack?.by === 'demo (ext 900)', 'the hub\'s alert for queue 2 acknowledged on the console');
    await eventually(forQueue(q1), (x) => x?.id === h1.id && x.ack?.by === 'demo (ext 900)', 'the hub\'s alert for queue 1 still acknowledged');
    const d = await startConsole('901');
    const onD = await eventually(() => alertsOf(d), (list) => list.some((x) => x.id === h2.id && x.ack !== null), 'the mark on another screen');
    expect(onD.find((x) => x.id === h2.id)?.ack).toMatchObject({ by: 'demo (ext 900)' });

    // Every alerts change the console sent, folded as its page and the desktop shell fold them: one notice
    // per queue's alert when first raised, none when the other list's alert of a condition took its place.
    let list: Alert[] = [];
    let seq = 0;
    const notices: string[] = [];
    for (const change of c.of('alerts:changed') as AlertsChange[]) {
      const next = applyAlertsChange(list, seq, change);
      expect(next, `change ${change.seq} folds`).not.toBeNull();
      if (!change.reset) notices.push(...severeNews(list, change.upsert, Date.now()).map((x) => x.subject.id));
      list = next!;
      seq = change.seq;
    }
    expect(notices.sort()).toEqual([q1, h2.subject.id].sort());
  }, 90_000);
});
