// The floor's shared audit on a real nats-server: each supervisor writes its records on its own subject,
// any supervisor of the floor reads all of the floor's, and floor B's stream stays closed to floor A.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../common/domain';
import { publishAudit, readFloorAudit } from '../../main/hub/floor-audit';
import { ensureFloorStores } from '../../main/hub/floor-streams';
import { startNatsServer, USERS, type NatsServer } from './nats-server';

let server: NatsServer;
const connections: NatsConnection[] = [];
const login = async (who: keyof typeof USERS) => {
  const nc = await connect({ servers: server.url, ...USERS[who] });
  connections.push(nc);
  return nc;
};

const record = (user: string, target: string, at: number): AuditRecord => ({
  at, user, system: 'tel4vn', kind: 'listen', target, detail: '721', ok: true, error: null, origin: 'renderer',
});

beforeAll(async () => {
  server = await startNatsServer();
  const hub = await login('hub');
  await ensureFloorStores(hub, 'A');
  await ensureFloorStores(hub, 'B');
});

afterAll(async () => {
  for (const nc of connections) await nc.close();
  await server?.stop();
});

describe('the floor audit stream', () => {
  it('collects every supervisor\'s records for the floor, in order, and reads them back from a time', async () => {
    const start = Date.now();
    const supA = await login('sup-a');
    const supB = await login('sup-b');
    await publishAudit(supA, 'A', 'sup-a', record('Nguyễn Văn A', 'call-1', start));
    await publishAudit(supA, 'A', 'sup-a', record('Nguyễn Văn A', 'call-2', start + 1));
    await publishAudit(supB, 'B', 'sup-b', record('Trần Thị B', 'call-9', start + 2));
    const floorA = await readFloorAudit(await login('sup-a'), 'A', start - 1000);
    expect(floorA.map((r) => r.target)).toEqual(['call-1', 'call-2']);
    expect(floorA[0]!.user).toBe('Nguyễn Văn A');
    expect(await readFloorAudit(supA, 'A', Date.now() + 60_000)).toEqual([]);
  });

  it('refuses writing as another user and reading another floor (permissions violation)', async () => {
    const supA = await login('sup-a');
    await expect(publishAudit(supA, 'A', 'sup-b', record('x', 'y', 1))).rejects.toThrow(/permissions? violation/i);
    await expect(readFloorAudit(supA, 'B', 0)).rejects.toThrow(/permissions? violation/i);
  });
});
