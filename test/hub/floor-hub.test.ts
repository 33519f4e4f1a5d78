// A hub on the simulator publishes the floor picture on a real nats-server; a console that joins late gets
// the snapshot once and then only change sets, and ends with the very picture the hub's core holds. The
// health record names the sources with their ages, the last poll and the hub's version.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FloorState } from '../../common/contract';
import type { ChangeSet, Snapshot } from '../../common/domain';
import { startFloorHub, type FloorHub } from '../../main/hub/floor-hub';
import { joinFloor, type FloorReader } from '../../main/hub/floor-reader';
import { ensureFloorStores } from '../../main/hub/floor-streams';
import { startHarness, type Harness } from '../core/core-harness';
import { SAMPLE_CONFIG, startNatsServer, USERS, type NatsServer } from './nats-server';

let server: NatsServer | null = null;
let h: Harness | null = null;
let hub: FloorHub | null = null;
let reader: FloorReader | null = null;
const connections: NatsConnection[] = [];

afterEach(async () => {
  await reader?.close();
  await hub?.stop();
  for (const nc of connections.splice(0)) await nc.close();
  await h?.close();
  await server?.stop();
  reader = hub = h = server = null;
});

const login = async (who: keyof typeof USERS) => {
  const nc = await connect({ servers: server!.url, ...USERS[who] });
  connections.push(nc);
  return nc;
};

/** The picture without its timestamps' order: rows sorted by id, so two equal pictures compare equal. */
const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
const comparable = (s: Snapshot) => ({ seq: s.seq, agents: byId(s.agents), calls: byId(s.calls), queueEntries: byId(s.queueEntries), queues: byId(s.queues) });

describe('the floor hub', () => {
  it('gives a late joiner the snapshot once, then only change sets, ending at the core\'s picture', async () => {
    server = await startNatsServer();
    h = await startHarness({ sim: { agents: 30 }, pollIntervalMs: 50 });
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.of('floor:changed').length > 0, 'the first picture');
    hub = await startFloorHub({ nc: await login('hub'), floor: 'A', core: h.core, version: '9.9.9-test', snapshotEveryMs: 300, healthEveryMs: 200 });

    // The floor moves before the console joins: callers arrive, some are answered.
    // (Waits for a change set after the moves, not for a count: how many change sets the moves make depends
    // on how the polls fall between them.)
    const { control } = h.sim;
    const before = h.of('floor:changed').length;
    for (let i = 0; i < 5; i++) control.addCaller({ queueId: 1 });
    control.tick(3);
    await h.until(() => h!.of('floor:changed').length > before, 'changes before the join', 10_000);
    await hub.flush();

    const snapshots: FloorState[] = [];
    const changes: ChangeSet[] = [];
    reader = await joinFloor(await login('sup-a'), 'A', { onSnapshot: (s) => snapshots.push(s), onChanges: (c) => changes.push(c) });
    expect(snapshots).toHaveLength(1);
    const joinedAt = snapshots[0]!.snapshot.seq;
    expect(joinedAt).toBeGreaterThan(0);

    // The floor keeps moving after the join.
    for (let i = 0; i < 5; i++) {
      const { callId } = control.addCaller({ queueId: 2 });
      if (i % 2 === 0) control.abandonCaller(callId);
      control.tick(1);
      await new Promise((r) => setTimeout(r, 60));
    }
    await h.until(() => changes.length >= 3, 'change sets after the join', 10_000);

    // Then the core's picture and the reader's agree: the hub published every change, in order.
    const coreState = async () => ((await h!.core.invoke('floor:get', undefined)) as { data: FloorState }).data;
    const deadline = Date.now() + 5000;
    let core = await coreState();
    while (reader.state().snapshot.seq !== core.snapshot.seq && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      core = await coreState();
    }
    expect(comparable(reader.state().snapshot)).toEqual(comparable(core.snapshot));

    // Only changes after the join: each starts where the one before ended, the first where the snapshot stood.
    expect(reader.snapshotsRead).toBe(1);
    expect(changes[0]!.baseSeq).toBe(joinedAt);
    for (let i = 1; i < changes.length; i++) expect(changes[i]!.baseSeq).toBe(changes[i - 1]!.seq);

    const health = await reader.health();
    expect(health).toMatchObject({ floor: 'A', version: '9.9.9-test' });
    expect(health!.lastPollAt).toBeGreaterThan(0);
    expect(health!.sources.length).toBeGreaterThan(0);
    for (const source of health!.sources) {
      expect(source.state).toBe('live');
      expect(source.ageMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('sends a change set larger than a NATS message may be as a reset and a chunked snapshot, and the reader still ends at the core\'s picture', async () => {
    // A server whose messages may carry 64 KB: most agents changing at once make a larger change set.
    const dir = mkdtempSync(join(tmpdir(), 'fw-small-payload-'));
    const conf = join(dir, 'small.conf');
    writeFileSync(conf, readFileSync(SAMPLE_CONFIG, 'utf8').replace(/^max_payload:.*$/m, 'max_payload: 64KB'));
    server = await startNatsServer(conf);
    rmSync(dir, { recursive: true, force: true });
    h = await startHarness({ sim: { agents: 300 }, pollIntervalMs: 100 });
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.of('floor:changed').length > 0, 'the first picture');
    const errors: unknown[] = [];
    hub = await startFloorHub({ nc: await login('hub'), floor: 'A', core: h.core, version: 't', snapshotEveryMs: 60_000, onError: (e) => errors.push(e) });
    await hub.flush();
    const snapshots: FloorState[] = [];
    reader = await joinFloor(await login('sup-a'), 'A', { onSnapshot: (s) => snapshots.push(s) });
    const before = h.of('floor:changed').length;
    h.sim.control.mutate(0.9);
    await h.until(() => h!.of('floor:changed').slice(before).some((c) => JSON.stringify(c).length > 64 * 1024), 'a change set over 64 KB', 10_000);
    await h.until(() => snapshots.length >= 2, 'the reader taking the picture whole again', 10_000);
    const coreState = async () => ((await h!.core.invoke('floor:get', undefined)) as { data: FloorState }).data;
    await expect.poll(async () => reader!.state().snapshot.seq === (await coreState()).snapshot.seq, { timeout: 10_000 }).toBe(true);
    expect(comparable(reader.state().snapshot)).toEqual(comparable((await coreState()).snapshot));
    // Nothing was refused by the server on the way (no message over its max_payload).
    expect(errors).toEqual([]);
  });

  it('says each failure in one line while its server is away, and publishes again when it is back', async () => {
    server = await startNatsServer();
    h = await startHarness({ sim: { agents: 10 }, pollIntervalMs: 50 });
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.of('floor:changed').length > 0, 'the first picture');
    const hubNc = await connect({ servers: server.url, ...USERS.hub, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    connections.push(hubNc);
    // The default report (stderr), as an operator reads it.
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    try {
      hub = await startFloorHub({ nc: hubNc, floor: 'A', core: h.core, version: 't', snapshotEveryMs: 60_000, healthEveryMs: 100 });
      await hub.flush();
      reader = await joinFloor(await login('sup-a'), 'A');
      // Away for longer than a publish waits (5 s): a change set and health records are not published.
      await server.kill();
      h.sim.control.mutate(0.5);
      await h.until(() => lines.some((l) => l.includes('health record')) && lines.some((l) => l.includes('floor was not published')), 'failed writes', 30_000);
      for (const line of lines) {
        expect(line).not.toContain('\n');
        expect(line).toMatch(/^Floorwatch hub: the (health record|floor) was not (written|published); .* \(\w+Error: .+\)$/);
      }
      // Back: the hub owes the readers the picture it could not publish, and gives it whole.
      await server.restart();
      h.sim.control.mutate(0.5);
      const coreState = async () => ((await h!.core.invoke('floor:get', undefined)) as { data: FloorState }).data;
      await expect.poll(async () => reader!.state().snapshot.seq === (await coreState()).snapshot.seq && reader!.snapshotsRead >= 2, { timeout: 30_000 }).toBe(true);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  it('tries the reset it owes at most once a second while JetStream refuses each publish at once, then catches up', async () => {
    server = await startNatsServer();
    h = await startHarness({ sim: { agents: 10 }, pollIntervalMs: 50 });
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.of('floor:changed').length > 0, 'the first picture');
    const hubNc = await login('hub');
    const owed: number[] = [];
    hub = await startFloorHub({
      nc: hubNc, floor: 'A', core: h.core, version: 't', snapshotEveryMs: 60_000, healthEveryMs: 60_000,
      onError: (_e, what) => void (what.startsWith('the floor was not published') && owed.push(Date.now())),
    });
    await hub.flush();
    // The changes stream gone: each publish is refused at once ("no responders"), as by a cluster node whose
    // stream has no leader yet (node-loss.test.ts saw "jetstream is not enabled" for seconds).
    const jsm = await jetstreamManager(hubNc);
    await jsm.streams.delete('FLOOR_A');
    const before = h.of('floor:changed').length;
    const mover = setInterval(() => h!.sim.control.mutate(0.5), 50);
    const from = Date.now();
    try {
      await h.until(() => owed.length >= 4, 'failed publishes', 20_000);
    } finally {
      clearInterval(mover);
    }
    const seconds = (Date.now() - from) / 1000;
    const changeSets = h.of('floor:changed').length - before;
    // Many change sets came meanwhile; one failed publish, then one reset tried a second at most (each one
    // more failure), not one per change set.
    expect(changeSets).toBeGreaterThan(3 * owed.length);
    expect(owed.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    for (let i = 2; i < owed.length; i++) expect(owed[i]! - owed[i - 1]!).toBeGreaterThanOrEqual(950);
    // The stream back: the reset goes out with a change a second after the last failure, then the change sets
    // again, and a console joining now ends at the core's picture.
    await ensureFloorStores(hubNc, 'A');
    await expect.poll(async () => {
      h!.sim.control.mutate(0.5);
      return (await jsm.streams.info('FLOOR_A')).state.last_seq;
    }, { timeout: 15_000, interval: 200 }).toBeGreaterThan(1);
    await hub.flush();
    reader = await joinFloor(await login('sup-a'), 'A');
    const coreSeq = async () => ((await h!.core.invoke('floor:get', undefined)) as { data: FloorState }).data.snapshot.seq;
    await expect.poll(async () => {
      h!.sim.control.mutate(0.5);
      await hub!.flush();
      return reader!.state().snapshot.seq === (await coreSeq());
    }, { timeout: 15_000, interval: 300 }).toBe(true);
  }, 60_000);

  it('takes the snapshot again when the core starts a new picture (reset)', async () => {
    server = await startNatsServer();
    h = await startHarness({ sim: { agents: 10 }, pollIntervalMs: 50 });
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.of('floor:changed').length > 0, 'the first picture');
    hub = await startFloorHub({ nc: await login('hub'), floor: 'A', core: h.core, version: 't', snapshotEveryMs: 60_000 });
    await hub.flush();
    const snapshots: FloorState[] = [];
    reader = await joinFloor(await login('sup-a'), 'A', { onSnapshot: (s) => snapshots.push(s) });
    // Disconnecting empties the picture: the core emits floor:reset, the hub marks it on the stream.
    await h.core.invoke('session:disconnect', undefined);
    await h.until(() => snapshots.length === 2, 'the reset reaching the reader', 10_000);
    expect(snapshots[1]!.snapshot.agents).toEqual([]);
    expect(reader.state().snapshot.agents).toEqual([]);
  });
});
