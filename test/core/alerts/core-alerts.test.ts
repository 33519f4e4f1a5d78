// Every rule kind through the whole core against the simulator on 127.0.0.1: the floor is driven past each
// threshold, the alert is raised, hovers (hysteresis), clears 60 s after the figure came back, is
// acknowledged and snoozed (and the snooze ends), and survives a restart. The core's clock runs ahead of
// the wall clock by `skew`, which the tests move to let minutes pass in milliseconds.
import { afterEach, describe, expect, it } from 'vitest';
import { applyAlertsChange, DEFAULT_ALERT_RULES, type Alert, type AlertRule } from '../../../common/alerts';
import { startHarness, type Harness } from '../core-harness';

let h: Harness | null = null;
let second: Harness | null = null;
afterEach(async () => {
  await second?.close();
  second = null;
  await h?.close();
  h = null;
});

let skew = 0;
const now = (): number => Date.now() + skew;

async function start(rules: AlertRule[], sim: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  skew = 0;
  const x = await startHarness({ sim: { agents: 10, queues: 2, ...sim.sim }, deps: { now }, ...sim });
  // shortAbandonSec 0: the callers here hang up within a second, and must count against the level.
  const set = await x.core.invoke('settings:update', { alerts: { rules, clearAfterSec: 60, tone: false, toneVolume: 50 }, shortAbandonSec: 0 });
  expect(set.ok).toBe(true);
  await x.core.invoke('session:demo', undefined);
  await x.until(() => x.of('floor:changed').length > 0, 'the first picture');
  return x;
}

/** The list as a listener keeps it: every change set folded in order (a missed seq would fail here). */
function active(x: Harness, upTo = Infinity): Alert[] {
  let list: Alert[] = [];
  let seq = 0;
  for (const change of x.of('alerts:changed')) {
    if (change.seq > upTo) break;
    const next = applyAlertsChange(list, seq, change);
    if (next === null) throw new Error(`alerts:changed ${change.seq} does not follow ${seq}`);
    list = next;
    seq = change.seq;
  }
  return list;
}
const ofRule = (x: Harness, ruleId: string): Alert[] => active(x).filter((a) => a.ruleId === ruleId);
/** Wait for the next alert evaluation after a change (the core checks at least once a second). */
const settle = (x: Harness, what: string, check: () => boolean) => x.until(check, what, 5000);
const only = (id: string): AlertRule[] => DEFAULT_ALERT_RULES.filter((r) => r.id === id).map((r) => ({ ...r }));
const rule = (r: Partial<AlertRule> & Pick<AlertRule, 'id' | 'kind'>): AlertRule => ({
  enabled: true, severity: 'warning', threshold: null, queueId: null, pauseReason: null, ...r,
});

describe('alerts through the core, on the simulator', () => {
  it('longest wait: trips at 60 s, hovers as one alert, clears 60 s after, acknowledges, snoozes, survives a restart', async () => {
    h = await start([...only('wait-60'), ...only('wait-180')]);
    const { control } = h.sim;
    // Nobody answers: every agent paused, then one caller waits in queue 2.
    for (const a of control.state().agents) if (a.loggedIn && a.status !== 'paused') control.pauseAgent(a.id, 'BREAK');
    for (const e of control.state().queueEntries) if (e.status === 'Trying') control.abandonCaller(e.callId);
    const q2 = control.state().queues[1]!.uuid;
    const { callId } = control.addCaller({ queueId: 2 });
    await settle(h, 'the caller seen', () => h!.of('floor:changed').some((c) => c.queueEntries.upsert.some((e) => e.id === callId)));
    expect(ofRule(h, 'wait-60')).toEqual([]);

    skew = 61_000;
    await settle(h, 'the 60 s alert', () => ofRule(h!, 'wait-60').length === 1);
    const first = ofRule(h, 'wait-60')[0]!;
    expect(first).toMatchObject({ kind: 'longest-wait', severity: 'warning', subject: { type: 'queue', id: q2 }, threshold: 60, clearingSince: null });
    expect(first.figure).toBeGreaterThan(60);
    expect(ofRule(h, 'wait-180')).toEqual([]);

    // Acknowledge: stays listed, marked with who and when.
    const acked = await h.core.invoke('alerts:ack', { id: first.id });
    expect(acked).toMatchObject({ ok: true, data: { ack: { by: 'demo' } } });
    await settle(h, 'the ack published', () => ofRule(h!, 'wait-60')[0]?.ack?.by === 'demo');

    // The caller is answered: the figure is back, the alert is clearing but listed for 60 s.
    control.answerCaller(callId, { agentId: control.state().agents.find((a) => a.loggedIn && !a.callId)!.id });
    await settle(h, 'clearing', () => ofRule(h!, 'wait-60')[0]?.clearingSince != null);
    // It comes back within the 60 s: the same alert, not a second one (hysteresis).
    const again = control.addCaller({ queueId: 2 }).callId;
    await settle(h, 'the second caller seen', () => h!.of('floor:changed').some((c) => c.queueEntries.upsert.some((e) => e.id === again)));
    skew += 30_000;
    await settle(h, 'back to raised', () => ofRule(h!, 'wait-60')[0]?.clearingSince === null);
    expect(ofRule(h, 'wait-60').map((a) => a.id)).toEqual([first.id]);

    // Snooze 5 minutes: not counted until the snooze ends.
    const snoozed = await h.core.invoke('alerts:snooze', { id: first.id, minutes: 5 });
    expect(snoozed.ok).toBe(true);
    const until = (snoozed as { data: Alert }).data.snoozedUntil!;
    expect(until - now()).toBeGreaterThan(4 * 60_000);
    // The second caller passes 180 s: the severe rule trips beside it.
    skew += 5 * 60_000 + 1000;
    await settle(h, 'the snooze to end', () => ofRule(h!, 'wait-60')[0]?.snoozedUntil === null);
    await settle(h, 'the severe alert', () => ofRule(h!, 'wait-180').length === 1);
    expect(ofRule(h, 'wait-180')[0]!.severity).toBe('severe');
    // The change sets folded give the list alerts:get gives (same seq, same alerts).
    const whole = (await h.core.invoke('alerts:get', undefined)) as { ok: true; data: { seq: number; alerts: Alert[] } };
    await settle(h, 'the change the list is at', () => h!.of('alerts:changed').some((c) => c.seq === whole.data.seq));
    expect(active(h, whole.data.seq)).toEqual(whole.data.alerts);

    // Restart on the same data folder: the alert and its acknowledgement are still there.
    const dataDir = h.dataDir;
    const settings = h.settings;
    const sim = h.sim;
    await h.core.stop();
    second = await startHarness({ simulator: sim, dataDir, settings, deps: { now } });
    // The demo keeps its own folder (data/demo), as for the abandoned journal.
    await second.core.invoke('session:demo', undefined);
    const restored = await second.core.invoke('alerts:get', undefined);
    expect(restored.ok).toBe(true);
    const back = (restored as { data: { alerts: Alert[] } }).data.alerts.find((a) => a.id === first.id);
    expect(back).toMatchObject({ ack: { by: 'demo' }, clearedAt: null });

    // The callers answered, and 60 s of the figure back: cleared, off the list, in the history.
    control.answerCaller(again, { agentId: control.state().agents.find((a) => a.loggedIn && !a.callId)!.id });
    await second.until(() => (active(second!).find((a) => a.id === first.id)?.clearingSince ?? null) !== null, 'clearing after restart');
    skew += 61_000;
    await second.until(() => !active(second!).some((a) => a.id === first.id), 'cleared');
    const history = await second.core.invoke('alerts:history', undefined);
    expect((history as { data: Alert[] }).data.map((a) => a.id)).toContain(first.id);
  }, 30_000);

  it('queue kinds: callers waiting, no agent available, service level, abandon rate', async () => {
    h = await start([
      rule({ id: 'waiting', kind: 'waiting', threshold: 5 }),
      rule({ id: 'none-free', kind: 'available-agents', threshold: 1, severity: 'severe' }),
      rule({ id: 'sl', kind: 'service-level' }),
      rule({ id: 'abandon', kind: 'abandon-rate', threshold: 10 }),
    ]);
    const { control } = h.sim;
    for (const a of control.state().agents) if (a.loggedIn && a.status !== 'paused') control.pauseAgent(a.id, 'BREAK');
    const q1 = control.state().queues[0]!.uuid;
    const callers = Array.from({ length: 6 }, () => control.addCaller({ queueId: 1 }).callId);
    await settle(h, 'waiting > 5 and none free', () => ofRule(h!, 'waiting').some((a) => a.subject.id === q1) && ofRule(h!, 'none-free').some((a) => a.subject.id === q1));
    expect(ofRule(h, 'waiting').find((a) => a.subject.id === q1)!.figure).toBeGreaterThanOrEqual(6);
    expect(ofRule(h, 'none-free').find((a) => a.subject.id === q1)).toMatchObject({ figure: 0, threshold: 1, severity: 'severe' });
    // Half of them hang up: the day's level falls under the 80 % target, the abandon rate over 10 %.
    for (const id of callers.slice(0, 3)) control.abandonCaller(id);
    await settle(h, 'service level and abandon rate', () => ofRule(h!, 'sl').some((a) => a.subject.id === q1) && ofRule(h!, 'abandon').some((a) => a.subject.id === q1));
    expect(ofRule(h, 'sl').find((a) => a.subject.id === q1)!.threshold).toBe(80);
    expect(ofRule(h, 'abandon').find((a) => a.subject.id === q1)!.figure).toBeGreaterThan(10);
  }, 20_000);

  it('agent kinds: a pause over its limit (per reason), ringing too long, one call too long', async () => {
    h = await start([
      rule({ id: 'lunch', kind: 'agent-paused', pauseReason: 'LUNCH', threshold: 30 }),
      rule({ id: 'pause', kind: 'agent-paused' }),
      rule({ id: 'ringing', kind: 'agent-ringing', threshold: 20 }),
      rule({ id: 'call', kind: 'agent-on-call', threshold: 20 }),
    ]);
    const { control } = h.sim;
    const free = () => control.state().agents.filter((a) => a.loggedIn && a.status === 'available' && !a.callId);
    const [p, c] = free();
    control.pauseAgent(p!.id, 'BREAK');
    control.startCall(c!.id);
    // A queue caller routed to an idle agent rings (the scenario does not advance, so it keeps ringing).
    control.addCaller({ queueId: free()[0]!.queueIds[0]! });
    control.tick(1);
    await settle(h, 'the ringing agent seen', () => h!.of('floor:changed').some((cs) => cs.agents.upsert.some((a) => a.state === 'ringing')));
    skew = 21 * 60_000;
    await settle(h, 'agent alerts', () => ['pause', 'ringing', 'call'].every((id) => ofRule(h!, id).length > 0));
    const pause = ofRule(h, 'pause').find((a) => a.subject.id === p!.uuid);
    expect(pause).toMatchObject({ kind: 'agent-paused', subject: { type: 'agent' }, threshold: 15 });
    expect(ofRule(h, 'call').some((a) => a.figure! >= 21)).toBe(true);
    // The lunch rule is for lunch only, with its own 30 min.
    expect(ofRule(h, 'lunch').every((a) => a.detail === 'LUNCH')).toBe(true);
  }, 20_000);

  it('own phone unregistered, and a source stale for more than 10 s', async () => {
    h = await start([...only('own-phone'), ...only('stale-10')]);
    const { control } = h.sim;
    control.setRegistered(control.state().supervisorExtension, false);
    await settle(h, 'own phone alert', () => ofRule(h!, 'own-phone').length === 1);
    expect(ofRule(h, 'own-phone')[0]).toMatchObject({ severity: 'severe', subject: { type: 'own-extension', id: '900' } });
    control.addFault({ route: '/v3/agent/live', kind: 'status', status: 500 });
    await settle(h, 'the source failing', () => h!.of('sources:changed').at(-1)!.some((s) => s.state !== 'live'));
    skew = 11_000;
    await settle(h, 'the stale alert', () => ofRule(h!, 'stale-10').length > 0);
    expect(ofRule(h, 'stale-10')[0]!.figure).toBeGreaterThan(10);
    control.clearFaults();
    control.setRegistered(control.state().supervisorExtension, true);
    await settle(h, 'both clearing', () => active(h!).every((a) => a.clearingSince !== null));
  }, 20_000);
});
