// A list answered with HTTP 200 but carrying a failure marker (issue 13, point 1), at the core's level over
// real HTTP, with the lists decoded in the real decode worker: in every shape the seeds show, each of the
// three TEL4VN lists keeps its last good rows, its source leaves `live` with the PBX's own words, and it is
// live again with the same rows once the PBX answers. `"data": null` alone is an empty list (the decision
// noted in tel4vn/normalise.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { FloorState } from '../../common/contract';
import type { ChangeSet, SourceStatus } from '../../common/domain';
import type { BodyShape } from '../../main/simulator/index';
import { startHarness, type Harness } from './core-harness';

const WORKER = new URL('../../main/core/decode/decode-worker.ts', import.meta.url);

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const floorOf = async (x: Harness) => ((await x.core.invoke('floor:get', undefined)) as { ok: true; data: FloorState }).data;

const LISTS = [
  { source: 'calls', route: '/v3/monitor', rows: (f: FloorState) => f.snapshot.calls.length, removed: (c: ChangeSet) => c.calls.remove },
  { source: 'agents', route: '/v3/agent/live', rows: (f: FloorState) => f.snapshot.agents.length, removed: (c: ChangeSet) => c.agents.remove },
  {
    source: 'queue', route: '/v3/monitor/callcenter/queue',
    rows: (f: FloorState) => f.snapshot.queueEntries.length, removed: (c: ChangeSet) => c.queueEntries.remove,
  },
] as const;

const SHAPES: { shape: BodyShape; words: string }[] = [
  { shape: 'status-fail', words: 'database timeout' },
  { shape: 'error', words: 'database timeout' },
  { shape: 'code-content', words: 'Lỗi hệ thống' },
];

async function started(): Promise<Harness> {
  const x = await startHarness({ sim: { agents: 40, seed: 3 }, deps: { decodeWorker: WORKER } });
  // Calls on the floor and callers in the queues before the first poll, so each list has rows to keep.
  const idle = x.sim.control.state().agents.filter((a) => a.loggedIn && a.callId === null).slice(0, 3);
  for (const a of idle) x.sim.control.startCall(a.id);
  x.sim.control.addCaller({ queueId: 1 });
  x.sim.control.addCaller({ queueId: 2 });
  await x.core.invoke('session:demo', undefined);
  // The first answers wait for three decode workers to start (tsx in each): on a loaded machine that alone
  // can take seconds, so the start gets longer than the harness's 5 s.
  await x.until(() => (x.of('sources:changed').at(-1) ?? []).length === 5 && x.of('sources:changed').at(-1)!.every((s) => s.state === 'live'), 'every source live', 12_000);
  const filled = async (): Promise<boolean> => {
    const f = await floorOf(x);
    return LISTS.every((list) => list.rows(f) > 0);
  };
  for (let i = 0; i < 300 && !(await filled()); i++) await new Promise((r) => setTimeout(r, 10));
  expect(await filled()).toBe(true);
  return x;
}

describe('a list answered 200 with a failure marker', () => {
  it.each(LISTS)('keeps the last good $source rows, goes stale with the PBX\'s words, and recovers', async (list) => {
    h = await started();
    const x = h;
    const before = list.rows(await floorOf(x));
    expect(before).toBeGreaterThan(0);
    for (const { shape, words } of SHAPES) {
      const mark = x.events.length;
      const statuses = (): SourceStatus[] =>
        x.events.slice(mark).filter((e) => e.channel === 'sources:changed').map((e) => (e.payload as SourceStatus[]).find((s) => s.id === list.source)!);
      x.sim.control.addFault({ route: list.route, kind: 'body', shape });
      await x.until(() => statuses().some((s) => s.state !== 'live'), `${shape} on ${list.route} to show`);
      const failing = statuses().find((s) => s.state !== 'live')!;
      expect(['stale', 'backoff']).toContain(failing.state);
      expect(failing.lastError).toMatchObject({ code: 'PBX_ERROR', pbxMessage: expect.stringContaining(words) });
      expect(failing.lastGoodAt).toEqual(expect.any(Number));
      // A few more failed polls: the rows stay, whatever the answer's `data` says.
      await new Promise((r) => setTimeout(r, 300));
      expect(list.rows(await floorOf(x))).toBe(before);
      x.sim.control.clearFaults();
      await x.until(() => statuses().at(-1)?.state === 'live', `recovery from ${shape} on ${list.route}`);
      expect(list.rows(await floorOf(x))).toBe(before);
    }
    // No change set ever removed a row of this list: the failures never showed as an empty one.
    expect(x.of('floor:changed').flatMap(list.removed)).toEqual([]);
    expect(x.of('session:changed').at(-1)?.state).toBe('connected');
  });

  it('reads "data": null with no failure marker as an empty list (Go\'s nil slice), live', async () => {
    h = await started();
    const x = h;
    expect((await floorOf(x)).snapshot.calls.length).toBeGreaterThan(0);
    x.sim.control.addFault({ route: '/v3/monitor', kind: 'body', shape: 'data-null' });
    await x.until(() => x.of('floor:changed').some((c) => c.calls.remove.length > 0), 'the calls to be removed');
    await floorOf(x).then((f) => expect(f.snapshot.calls).toEqual([]));
    const calls = x.of('sources:changed').at(-1)!.find((s) => s.id === 'calls')!;
    expect(calls.state).toBe('live');
  });
});
