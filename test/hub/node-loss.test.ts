// A floor hub on a three-node nats-server cluster (R3 streams and buckets) loses a node, and the floor keeps
// flowing to the console. The node killed is the one that holds the console's changes consumer (an ordered
// consumer has one replica): the client library does not make such a consumer again by itself (it waits on
// the lost consumer's info), so the reader's own watchdog must (main/hub/floor-reader.ts). And the hub,
// whose publishes time out while the stream elects a leader, takes up publishing again with one reset at
// most, not one per change set queued behind the failed publish (main/hub/floor-hub.ts).
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { KIND_HEADER, startFloorHub, type FloorHub } from '../../main/hub/floor-hub';
import { joinFloor, type FloorReader } from '../../main/hub/floor-reader';
import { startHarness, type Harness } from '../core/core-harness';
import { startNatsCluster, USERS, type NatsCluster } from './nats-server';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(get: () => T | null | false | Promise<T | null | false>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve(get()).catch(() => null);
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('a floor hub on a three-node cluster losing a node', () => {
  it('keeps the console\'s picture moving when the node holding its changes consumer dies', async () => {
    const cluster: NatsCluster = await startNatsCluster(3);
    cleanups.push(() => cluster.stop());
    const h: Harness = await startHarness({ sim: { agents: 20 }, pollIntervalMs: 100 });
    cleanups.push(() => h.close());
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h.of('floor:changed').length > 0, 'the first picture', 20_000);
    // The floor keeps moving: a few agents change every 200 ms.
    const mover = setInterval(() => h.sim.control.mutate(0.2), 200);
    cleanups.push(() => clearInterval(mover));

    const open = async (who: keyof typeof USERS): Promise<NatsConnection> => {
      const nc = await connect({ servers: cluster.urls, ...USERS[who], maxReconnectAttempts: -1 });
      cleanups.push(() => nc.close());
      return nc;
    };
    const hubNc = await open('hub');
    // The cluster's JetStream meta leader is elected shortly after it starts: the first requests are retried.
    // What happened when, told if the test fails.
    const t0 = Date.now();
    const timeline: string[] = [];
    const note = (what: string) => timeline.push(`${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);
    const hub: FloorHub = await until(() => startFloorHub({ nc: hubNc, floor: 'A', core: h.core, version: 't', replicas: 3, healthEveryMs: 500, onError: (e, what) => note(`hub: ${what} (${String(e)})`) }), 'the hub publishing', 30_000);
    cleanups.push(() => hub.stop(false));

    let readerError: unknown = null;
    const sup = await open('sup-a');
    const reader: FloorReader = await until(() => joinFloor(sup, 'A', {
      onError: (e) => (readerError = e),
      onSnapshot: (s) => note(`console: snapshot at ${s.snapshot.seq}`),
      onChanges: (c) => note(`console: changes to ${c.seq}`),
    }), 'the console reading the floor', 30_000);
    cleanups.push(() => reader.close());
    const moving = async (what: string, timeoutMs: number) => {
      const seq = reader.state().snapshot.seq;
      await until(() => reader.state().snapshot.seq > seq, what, timeoutMs);
    };
    await moving('the floor moving', 20_000);

    // The node that holds the console's consumer (the only one on the stream: the hub only publishes).
    const jsm = await jetstreamManager(await open('hub'));
    const consumerNode = await until(async () => {
      for await (const ci of jsm.consumers.list('FLOOR_A')) if (ci.cluster?.leader) return ci.cluster.leader;
      return null;
    }, 'the console\'s consumer', 10_000);
    const node = cluster.nodes[Number(consumerNode.replace('fw-node-', '')) - 1]!;
    // Every reset marker the hub publishes from now on, seen as it goes out (no JetStream request: the
    // cluster answers those slowly while it elects).
    let resets = 0;
    (await open('hub')).subscribe('floor.A.changes', {
      callback: (_e, m) => {
        if (m.headers?.get(KIND_HEADER) === 'reset') resets++;
      },
    });
    const streamLeader = await jsm.streams.info('FLOOR_A').then((si) => si.cluster?.leader ?? '?', () => '?');
    await node.kill();
    const killedAt = performance.now();
    note(`${consumerNode} killed (the stream's leader: ${streamLeader})`);

    // Within the reader's stall window, a consumer made again and the cluster's election: seconds, with room
    // for a loaded machine. Without the watchdog it never moves again.
    try {
      await moving('the floor moving after the consumer\'s node died', 30_000);
      // The pause the console saw (docs/hub.md quotes it): the stall window, the new consumer, the election.
      console.log(`node-loss: the console's picture moved again ${((performance.now() - killedAt) / 1000).toFixed(2)} s after ${consumerNode} was killed:\n${timeline.slice(timeline.findIndex((t) => t.includes('killed')) - 1).slice(0, 12).join('\n')}`);
      await moving('the floor still moving', 20_000);
    } catch (error) {
      const stream = await jsm.streams.info('FLOOR_A').then((si) => `stream at ${si.state.last_seq}, leader ${si.cluster?.leader}`, (e: unknown) => String(e));
      throw new Error(`${(error as Error).message}; ${stream}; the core at ${h.of('floor:changed').at(-1)?.seq}:\n${timeline.slice(-40).join('\n')}`, { cause: error });
    }
    expect(readerError).toBeNull();

    // The hub's publishing took up again without a reset for each change set queued behind a failed publish.
    expect(resets).toBeLessThanOrEqual(2);
  }, 120_000);
});
