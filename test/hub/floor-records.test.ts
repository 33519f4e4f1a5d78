// The day's call records read once per floor (issue 18 point 4), each part real: a hub core on the simulator
// reading the CDRs and sharing each pass (main/hub/floor-records.ts) over a real nats-server from
// deploy/nats-server.conf, consoles (real cores) on the hub folding them into their own day:
//   - the PBX's CDR requests are the hub's alone, the same with one console as with three;
//   - every console's Today figures are the hub's, a call that ends included;
//   - the records badge is the hub's reading (its state and age) while the console takes its passes;
//   - the hub silent: a console reads the CDRs itself again.
import { afterEach, describe, expect, it } from 'vitest';
import type { TodayState } from '../../common/domain';
import type { Harness } from '../core/core-harness';
import { eventually, hubOf, startTestFloor, type TestFloor } from './floor';

/** Records passes every 400 ms: a window of a few seconds sees several. */
const RECORDS_MS = 400;

let floor: TestFloor | null = null;

afterEach(async () => {
  await floor?.stop();
  floor = null;
});

async function startFloor(): Promise<void> {
  // A day already under way: the hub's first pass reads it whole.
  floor = await startTestFloor({ sim: { backfill: true }, records: { intervalMs: RECORDS_MS } });
}

const startConsole = (ownExtension: string): Promise<Harness> => floor!.startConsole(ownExtension);

const cdrRequests = (since: number) => floor!.hubCore.sim.control.requests(since).filter((r) => r.path.startsWith('/v2/cdr'));
const lastSeq = () => floor!.hubCore.sim.control.requests().at(-1)?.seq ?? 0;
const today = async (c: Harness): Promise<TodayState> => ((await c.core.invoke('today:get', {})) as { data: TodayState }).data;
/** The floor's day as Today shows it: records read, answered and abandoned per queue. */
const figures = (t: TodayState) => ({
  records: t.records,
  queues: t.queues.map((q) => ({ id: q.id, answered: q.day.answered, abandoned: q.day.abandoned })).sort((x, y) => x.id.localeCompare(y.id)),
});

describe('the day\'s call records on the hub', () => {
  it('reads the CDRs once for the floor (the same PBX load with one console as with three), every console with the hub\'s day', async () => {
    await startFloor();
    await eventually(() => today(floor!.hubCore), (t) => !t.catchingUp && t.records > 0, 'the hub\'s whole day');
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
    await startConsole('901');
    await startConsole('902');
    const withThree = await window();
    // Flat: each console adds no CDR request (the hub's passes vary by a request or two with its timing).
    expect(hubAlone).toBeGreaterThan(0);
    expect(withOne).toBeLessThanOrEqual(hubAlone + 2);
    expect(withThree).toBeLessThanOrEqual(hubAlone + 2);
    // Not one CDR request carried a console's token: every one was the hub's.
    const hubToken = cdrRequests(0)[0]!.headers.authorization;
    expect(cdrRequests(0).every((r) => r.headers.authorization === hubToken)).toBe(true);

    // A caller answered and hung up: its record reaches every console through the hub, the same day everywhere.
    const before = (await today(floor!.hubCore)).records;
    const { callId } = floor!.hubCore.sim.control.addCaller({ queueId: 1 });
    floor!.hubCore.sim.control.answerCaller(callId);
    floor!.hubCore.sim.control.hangupCall(callId);
    await eventually(() => today(floor!.hubCore), (t) => t.records > before, 'the call\'s record on the hub');
    for (const c of floor!.consoles) {
      await eventually(async () => [figures(await today(c)), figures(await today(floor!.hubCore))], ([mine, hubs]) => JSON.stringify(mine) === JSON.stringify(hubs), 'the hub\'s figures on a console');
    }
  }, 90_000);

  it('reads the CDRs itself while the hub is silent', async () => {
    await startFloor();
    const c = await startConsole('900');
    await eventually(() => today(c), (t) => t.records > 0 && !t.catchingUp, 'the day on the console');
    // The records badge: the hub's reading of the PBX (its state and age), not this console's folding.
    const recordsOf = (h: Harness) => (h.of('sources:changed').at(-1) ?? []).find((s) => s.id === 'records');
    await c.until(() => recordsOf(c)?.via === 'hub', 'the hub\'s records status on the console', 5000);
    const hubRead = recordsOf(floor!.hubCore)!.lastGoodAt!;
    expect(recordsOf(c)).toMatchObject({ state: recordsOf(floor!.hubCore)!.state });
    // Its health record is at most a beat old (0.5 s), and the two clocks are one machine's.
    expect(Math.abs(recordsOf(c)!.lastGoodAt! - hubRead)).toBeLessThan(1500);
    const hubToken = cdrRequests(0)[0]!.headers.authorization;
    const seq = lastSeq();
    await floor!.server.kill();
    await c.until(() => hubOf(c)?.source === 'own', 'the fall-back', 10_000);
    expect(recordsOf(c)?.via).toBeUndefined();
    await eventually(async () => cdrRequests(seq).filter((r) => r.headers.authorization !== hubToken).length, (n) => n > 0, 'the console\'s own CDR read');
  }, 60_000);
});
