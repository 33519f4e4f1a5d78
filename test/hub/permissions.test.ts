// deploy/nats-server.conf keeps floors apart (issue 18 point 5): a supervisor of floor A reads floor A, and
// every route to floor B is refused by the server as a permissions violation, not "not found": subscribing
// to its subjects, creating a consumer on its streams or buckets, direct get and STREAM.MSG.GET.
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFloorStores } from '../../main/hub/floor-streams';
import { floorNames } from '../../main/hub/floor-names';
import { startNatsServer, USERS, type NatsServer } from './nats-server';

let server: NatsServer;
let hub: NatsConnection;
let supA: NatsConnection;

const login = (url: string, who: keyof typeof USERS) => connect({ servers: url, ...USERS[who] });

beforeAll(async () => {
  server = await startNatsServer();
  hub = await login(server.url, 'hub');
  for (const floor of ['A', 'B']) {
    const { picture, claims } = await ensureFloorStores(hub, floor);
    await picture.put('snapshot', `picture of ${floor}`);
    await claims.put('call-1', `claim on ${floor}`);
    await jetstream(hub).publish(floorNames(floor).changesSubject, `change on ${floor}`);
  }
  supA = await login(server.url, 'sup-a');
});

afterAll(async () => {
  await supA?.close();
  await hub?.close();
  await server?.stop();
});

/** A raw request on supA: the server's answer, or the error it was refused with. */
async function request(subject: string, body = ''): Promise<{ data?: string; error?: Error }> {
  try {
    const m = await supA.request(subject, body, { timeout: 2000 });
    return { data: m.string() };
  } catch (error) {
    return { error: error as Error };
  }
}

const PERMISSION = /permissions? violation/i;

describe('floor permissions in deploy/nats-server.conf', () => {
  it('lets sup-a read floor A by KV get, direct get, STREAM.MSG.GET and a consumer', async () => {
    const kv = await new Kvm(supA).open('floor-A');
    expect((await kv.get('snapshot'))?.string()).toBe('picture of A');
    const claims = await new Kvm(supA).open('claims-A');
    expect((await claims.get('call-1'))?.string()).toBe('claim on A');

    const direct = await request('$JS.API.DIRECT.GET.KV_floor-A', JSON.stringify({ last_by_subj: '$KV.floor-A.snapshot' }));
    expect(direct.data).toBe('picture of A');
    const msg = await request('$JS.API.STREAM.MSG.GET.FLOOR_A', JSON.stringify({ seq: 1 }));
    expect(JSON.parse(msg.data!).message.subject).toBe('floor.A.changes');

    const consumer = await jetstream(supA).consumers.get('FLOOR_A', { filter_subjects: 'floor.A.changes' });
    const first = await consumer.next({ expires: 2000 });
    expect(first?.string()).toBe('change on A');
    await consumer.delete();
  });

  it('lets sup-a write a claim, an alert\'s acknowledgement and an outbound queue on floor A', async () => {
    const claims = await new Kvm(supA).open('claims-A');
    expect(await claims.create('call-2', 'mine')).toBeGreaterThan(0);
    const marks = await new Kvm(supA).open('alerts-A');
    expect(await marks.put('ack.x', 'mine')).toBeGreaterThan(0);
    expect((await marks.get('ack.x'))?.string()).toBe('mine');
    const outbound = await new Kvm(supA).open('outbound-A');
    expect(await outbound.put('autocall.Q-1', 'queue')).toBeGreaterThan(0);
    expect((await outbound.get('autocall.Q-1'))?.string()).toBe('queue');
  });

  it('refuses sup-a every route to floor B as a permissions violation', async () => {
    const routes: [string, string][] = [
      ['$JS.API.DIRECT.GET.KV_floor-B', JSON.stringify({ last_by_subj: '$KV.floor-B.snapshot' })],
      ['$JS.API.DIRECT.GET.KV_floor-B.$KV.floor-B.snapshot', ''],
      ['$JS.API.DIRECT.GET.KV_claims-B', JSON.stringify({ last_by_subj: '$KV.claims-B.call-1' })],
      ['$JS.API.DIRECT.GET.KV_alerts-B', JSON.stringify({ last_by_subj: '$KV.alerts-B.ack.x' })],
      ['$JS.API.CONSUMER.CREATE.KV_alerts-B', JSON.stringify({ stream_name: 'KV_alerts-B', config: { deliver_policy: 'all' } })],
      ['$JS.API.DIRECT.GET.KV_outbound-B', JSON.stringify({ last_by_subj: '$KV.outbound-B.autocall.Q-1' })],
      ['$JS.API.CONSUMER.CREATE.KV_outbound-B', JSON.stringify({ stream_name: 'KV_outbound-B', config: { deliver_policy: 'all' } })],
      ['$JS.API.STREAM.MSG.GET.KV_floor-B', JSON.stringify({ last_by_subj: '$KV.floor-B.snapshot' })],
      ['$JS.API.STREAM.MSG.GET.FLOOR_B', JSON.stringify({ seq: 1 })],
      ['$JS.API.CONSUMER.CREATE.FLOOR_B', JSON.stringify({ stream_name: 'FLOOR_B', config: { deliver_policy: 'all' } })],
      ['$JS.API.CONSUMER.CREATE.KV_floor-B', JSON.stringify({ stream_name: 'KV_floor-B', config: { deliver_policy: 'all' } })],
      ['$JS.API.CONSUMER.CREATE.KV_floor-B.spy.$KV.floor-B.>', JSON.stringify({ stream_name: 'KV_floor-B', config: { name: 'spy', filter_subject: '$KV.floor-B.>' } })],
      ['$JS.API.CONSUMER.DURABLE.CREATE.FLOOR_B.spy', JSON.stringify({ stream_name: 'FLOOR_B', config: { durable_name: 'spy' } })],
      ['$JS.API.STREAM.INFO.KV_floor-B', ''],
      // Another user's inbox: the replies meant for sup-b.
      ['_INBOX_sup-b.x', ''],
    ];
    for (const [subject, body] of routes) {
      const answer = await request(subject, body);
      expect(answer.data, subject).toBeUndefined();
      expect(answer.error?.message, subject).toMatch(PERMISSION);
    }
  });

  it('refuses sup-a the KV and consumer APIs on floor B through the clients too', async () => {
    // open() itself asks nothing of the server; the first read is refused.
    const kv = await new Kvm(supA).open('floor-B').then((b) => b.get('snapshot')).catch((e: Error) => e);
    expect(kv).toBeInstanceOf(Error);
    expect((kv as Error).message).toMatch(PERMISSION);
    const watch = await new Kvm(supA).open('floor-B').then((b) => b.watch()).catch((e: Error) => e);
    expect(watch).toBeInstanceOf(Error);
    expect((watch as Error).message).toMatch(PERMISSION);
    const consumer = await jetstream(supA).consumers.get('FLOOR_B').catch((e: Error) => e);
    expect(consumer).toBeInstanceOf(Error);
    expect((consumer as Error).message).toMatch(PERMISSION);
  });

  it('refuses sup-a a subscription to floor B, and writing floor B or another user\'s audit', async () => {
    for (const subject of ['floor.B.changes', 'floor.B.events', '$KV.floor-B.>', '$KV.claims-B.>', '$KV.alerts-B.>', '$KV.outbound-B.>', '_INBOX_sup-b.>', '$JS.API.>']) {
      const sub = supA.subscribe(subject);
      // The subscription ends with the server's refusal as its value.
      const ended = await sub.closed;
      expect(ended, subject).toBeInstanceOf(Error);
      expect((ended as Error).message, subject).toMatch(PERMISSION);
    }
    for (const subject of ['$KV.claims-B.call-9', '$KV.alerts-B.ack.x', '$KV.outbound-B.autocall.Q-1', '$KV.floor-A.snapshot', '$KV.floor-A.alerts', 'floor.A.audit.sup-b', 'floor.B.audit.sup-a']) {
      const answer = await request(subject, 'x');
      expect(answer.error?.message, subject).toMatch(PERMISSION);
    }
  });
});
