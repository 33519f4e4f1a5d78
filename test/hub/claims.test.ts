// Abandoned-call claims on a real nats-server (issue 18 point 4): two supervisors claiming the same call at
// the same moment get exactly one winner and the loser sees who has it; a change is a compare-and-set on
// the revision; a released call can be claimed again; floor B's supervisor cannot claim on floor A.
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimKey, floorClaims, type Claimer, type FloorClaims } from '../../main/hub/claims';
import { ensureFloorStores } from '../../main/hub/floor-streams';
import { startNatsServer, USERS, type NatsServer } from './nats-server';

let server: NatsServer;
const connections: NatsConnection[] = [];
let claimsA1: FloorClaims;
let claimsA2: FloorClaims;

const login = async (who: keyof typeof USERS) => {
  const nc = await connect({ servers: server.url, ...USERS[who] });
  connections.push(nc);
  return nc;
};

const nguyen: Claimer = { user: 'sup-a', name: 'Nguyễn Văn A', extension: '721' };
const tran: Claimer = { user: 'sup-a', name: 'Trần Thị B', extension: '722' };

beforeAll(async () => {
  server = await startNatsServer();
  await ensureFloorStores(await login('hub'), 'A');
  // Two consoles on floor A, each with its own connection (as two supervisors' machines).
  claimsA1 = floorClaims(await new Kvm(await login('sup-a')).open('claims-A'));
  claimsA2 = floorClaims(await new Kvm(await login('sup-a')).open('claims-A'));
});

afterAll(async () => {
  for (const nc of connections) await nc.close();
  await server?.stop();
});

describe('abandoned-call claims', () => {
  it('gives one winner when two claim the same call at the same moment, and the loser sees who', async () => {
    for (let round = 0; round < 20; round++) {
      const callId = `call-${round}`;
      const [a, b] = await Promise.all([claimsA1.claim(callId, nguyen, 1000), claimsA2.claim(callId, tran, 1000)]);
      expect([a.ok, b.ok].filter(Boolean), callId).toHaveLength(1);
      const winner = a.ok ? a : b;
      const loser = a.ok ? b : a;
      if (!winner.ok || loser.ok) throw new Error('unreachable');
      expect(loser.holder).toEqual(winner.claim);
      expect(loser.revision).toBe(winner.revision);
      expect((await claimsA1.get(callId))?.claim.by.name).toBe(winner.claim.by.name);
    }
  });

  it('changes a claim only at the revision last seen', async () => {
    const won = await claimsA1.claim('call-x', nguyen, 2000);
    if (!won.ok) throw new Error('the first claim must win');
    const handled = await claimsA1.change('call-x', won.revision, { by: nguyen, state: 'handled', at: 3000 });
    expect(handled.ok).toBe(true);
    // A change from the stale revision loses, and shows the current holder.
    const stale = await claimsA2.change('call-x', won.revision, { by: tran, state: 'calling-back', at: 3001 });
    expect(stale).toMatchObject({ ok: false, holder: { state: 'handled', by: { name: 'Nguyễn Văn A' } } });
  });

  it('lets another supervisor claim a released call, and refuses a stale release', async () => {
    const won = await claimsA1.claim('call-r', nguyen, 4000);
    if (!won.ok) throw new Error('the first claim must win');
    expect(await claimsA1.release('call-r', won.revision - 1)).toBe(false);
    expect(await claimsA1.release('call-r', won.revision)).toBe(true);
    expect(await claimsA2.get('call-r')).toBeNull();
    const again = await claimsA2.claim('call-r', tran, 5000);
    expect(again).toMatchObject({ ok: true, claim: { by: { name: 'Trần Thị B' } } });
  });

  it('keys any call id, Vietnamese names and dots included, without collisions', async () => {
    expect(claimKey('1699.123')).toBe('1699=2E123');
    expect(claimKey('a b')).not.toBe(claimKey('a_b'));
    const won = await claimsA1.claim(' 1699.77 đ ', nguyen, 6000);
    expect(won.ok).toBe(true);
    expect((await claimsA2.get(' 1699.77 đ '))?.claim.callId).toBe(' 1699.77 đ ');
  });

  it('refuses floor B\'s supervisor a claim on floor A (permissions violation)', async () => {
    const fromB = floorClaims(await new Kvm(await login('sup-b')).open('claims-A'));
    await expect(fromB.claim('call-b', { user: 'sup-b', name: 'B', extension: null }, 7000)).rejects.toThrow(/permissions? violation/i);
  });
});
