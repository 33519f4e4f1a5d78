// A campaign's progress on every console of a floor hub (issue 19 on issue 18's hub): two real cores on the
// simulator, following a real hub core over a real nats-server started from deploy/nats-server.conf, the
// hub sharing its passes of the day's call records as `npm run hub` does. The console that loaded a list
// counts its progress from those records and puts the queue on the floor's shared list (KV outbound-A); the
// other console shows it, read-only, naming whose screen, with the progress moving as the simulator dials;
// a queue forgotten leaves the other screen too.
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboundQueueInfo, OutboundState } from '../../common/outbound';
import type { Harness } from '../core/core-harness';
import { startTestFloor, type TestFloor } from './floor';

let floor: TestFloor | null = null;

afterEach(async () => {
  await floor?.stop();
  floor = null;
});

async function startFloor(): Promise<void> {
  // The day's call records as `npm run hub` shares them: the consoles count a campaign's progress from them.
  floor = await startTestFloor({ sim: { seed: 19 }, records: {} });
}

const startConsole = (ownExtension: string): Promise<Harness> => floor!.startConsole(ownExtension);

const queueOf = (c: Harness, key: string): OutboundQueueInfo | undefined => (c.of('outbound:changed').at(-1) as OutboundState | undefined)?.queues.find((q) => q.key === key);

function list(n: number): string {
  const lines = ['id,mobiles'];
  for (let i = 0; i < n; i++) lines.push(`H${i},09${String(30_000_000 + i)}`);
  return lines.join('\n');
}

describe('outbound queues on the floor hub', () => {
  it("shows the queue another console loaded, naming its screen, with its progress moving as the simulator dials", async () => {
    await startFloor();
    const a = await startConsole('900');
    const b = await startConsole('901');
    const key = 'autocall:AC-HUB';
    const loaded = await a.core.invoke('outbound:load', { queue: { family: 'autocall', queueCode: 'AC-HUB', template: 'IVR-1', concurrentCall: 3 }, csv: list(40) });
    expect(loaded.ok).toBe(true);
    await a.until(() => queueOf(a, key)?.state === 'running', 'the load on console A', 15_000);
    // B sees A's queue, read-only, whose screen it is on.
    await b.until(() => queueOf(b, key)?.state === 'running', "A's queue on console B", 15_000);
    expect(queueOf(b, key)).toMatchObject({ succeeded: 40, sharedBy: { user: 'sup-a', name: 'demo', extension: '900' } });
    expect(queueOf(a, key)?.sharedBy).toBeUndefined();
    // The simulator dials: A counts the progress from its records; B shows the same figures.
    const sim = floor!.hubCore.sim;
    for (let i = 0; i < 120 && (queueOf(a, key)?.progress.dialled ?? 0) < 2; i++) {
      sim.control.tick(10);
      await new Promise((r) => setTimeout(r, 250));
    }
    const progress = queueOf(a, key)!.progress;
    expect(progress.dialled).toBeGreaterThanOrEqual(2);
    await b.until(() => (queueOf(b, key)?.progress.dialled ?? 0) >= progress.dialled, "A's progress on console B", 15_000);
    expect(queueOf(b, key)!.progress.remaining).toBe(40 - queueOf(b, key)!.progress.dialled);
    // B's state holds A's queue beside its own (outbound:get too), and nothing of it is B's to act on.
    const got = await b.core.invoke('outbound:get', undefined);
    expect(got.ok && (got.data as OutboundState).queues.map((q) => q.key)).toEqual([key]);
    const stop = await b.core.invoke('outbound:cancel', { family: 'autocall', queueCode: 'AC-HUB' });
    expect(stop.ok ? null : stop.error.code).toBe('NOT_FOUND');
    // A deletes then forgets the queue: it leaves B's screen too.
    expect((await a.core.invoke('outbound:act', { family: 'autocall', queueCode: 'AC-HUB', action: 'delete' })).ok).toBe(true);
    expect((await a.core.invoke('outbound:forget', { family: 'autocall', queueCode: 'AC-HUB' })).ok).toBe(true);
    await b.until(() => queueOf(b, key) === undefined, 'the queue gone from console B', 15_000);
  });
});
