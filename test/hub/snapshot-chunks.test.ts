// The floor's snapshot in chunks (main/hub/snapshot-chunks.ts) on a real nats-server left at the default
// max_payload (1 MB): a picture of 10,000 agents' size (13 MB) is written and read back whole; a reader that
// meets a slot rewritten under it starts over from the manifest; the bucket does not grow with each write.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../common/domain';
import type { PublishedSnapshot } from '../../main/hub/picture';
import { CHUNK_BYTES, readChunkedSnapshot, snapshotWriter } from '../../main/hub/snapshot-chunks';
import { SAMPLE_CONFIG, startNatsServer, USERS, type NatsServer } from './nats-server';

let server: NatsServer;
let dir: string;
let nc: NatsConnection;

beforeAll(async () => {
  // The sample without its max_payload line: the server's default, 1 MB.
  dir = mkdtempSync(join(tmpdir(), 'fw-chunks-'));
  const conf = join(dir, 'default-payload.conf');
  writeFileSync(conf, readFileSync(SAMPLE_CONFIG, 'utf8').replace(/^max_payload:.*$/m, ''));
  server = await startNatsServer(conf);
  nc = await connect({ servers: server.url, ...USERS.hub });
});
afterAll(async () => {
  await nc.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

function bigPicture(agents: number, seq: number): PublishedSnapshot {
  const rows: Agent[] = Array.from({ length: agents }, (_, i) => ({
    id: `agent-${i}-${'x'.repeat(36)}`, username: `user${i}`, name: `Nguyễn Văn Agent ${i} với một cái tên dài`, extension: String(10_000 + i),
    state: 'available', stateSince: 1_700_000_000_000 + i, pauseReason: null, callId: null, queueIds: ['q1', 'q2'],
  } as unknown as Agent));
  return {
    state: { snapshot: { seq, at: 1, agents: rows, calls: [], queueEntries: [], queues: [] }, sources: [], abandoned: [] } as unknown as PublishedSnapshot['state'],
    changesStreamSeq: seq,
  };
}

describe('the chunked snapshot', () => {
  it('carries a 13 MB picture through a server whose max_payload is 1 MB, and reads it back whole', async () => {
    expect(nc.info?.max_payload).toBe(1024 * 1024);
    const kv = await new Kvm(nc).create('floor-C', { history: 1, allow_direct: true });
    const writer = snapshotWriter(kv);
    const picture = bigPicture(52_000, 7);
    const bytes = await writer.write(picture);
    expect(bytes).toBeGreaterThan(13 * 1024 * 1024);
    const back = await readChunkedSnapshot(kv);
    expect(back?.changesStreamSeq).toBe(7);
    expect(back?.state.snapshot.agents).toHaveLength(52_000);
    expect(back).toEqual(picture);

    // Rewritten many times, the bucket holds two slots' chunks and the manifest, no more.
    for (let i = 8; i < 14; i++) await writer.write(bigPicture(52_000, i));
    const info = await (await jetstreamManager(nc)).streams.info('KV_floor-C');
    const chunks = Math.ceil(bytes / CHUNK_BYTES);
    expect(info.state.messages).toBeLessThanOrEqual(2 * chunks + 1);
    expect((await readChunkedSnapshot(kv))?.changesStreamSeq).toBe(13);
  }, 60_000);

  it('writes the picture a slice at a time into chunks of the server\'s size, a character split between two chunks read back whole', async () => {
    const kv = await new Kvm(nc).create('floor-E', { history: 1, allow_direct: true });
    // A server whose messages may carry 20 KB: 4 KB chunks, and the agents' Vietnamese names cut across them.
    const writer = snapshotWriter(kv, 20 * 1024);
    const first = bigPicture(3_000, 1);
    const bytes = await writer.write(first);
    expect(bytes).toBe(Buffer.byteLength(JSON.stringify(first), 'utf8'));
    expect(await readChunkedSnapshot(kv)).toEqual(first);
    // The next picture: one agent changed, one gone, the rest the same rows.
    const agents = [...first.state.snapshot.agents];
    agents[3] = { ...agents[3]!, state: 'on-call' } as Agent;
    agents.splice(10, 1);
    const second: PublishedSnapshot = { state: { ...first.state, snapshot: { ...first.state.snapshot, seq: 2, agents } }, changesStreamSeq: 2 };
    await writer.write(second);
    expect(await readChunkedSnapshot(kv)).toEqual(second);
  });

  it('starts over when the slot it reads was rewritten under it, and says when there is no snapshot', async () => {
    const kv = await new Kvm(nc).create('floor-D', { history: 1, allow_direct: true });
    expect(await readChunkedSnapshot(kv)).toBeNull();
    const writer = snapshotWriter(kv);
    await writer.write(bigPicture(2_000, 1));
    // A reader slower than two snapshots: it took the first manifest, then the hub wrote twice.
    const realGet = kv.get.bind(kv);
    let manifestsRead = 0;
    kv.get = async (key: string) => {
      const entry = await realGet(key);
      if (key === 'snapshot' && ++manifestsRead === 1) {
        await writer.write(bigPicture(2_000, 2));
        await writer.write(bigPicture(2_000, 3));
      }
      return entry;
    };
    const back = await readChunkedSnapshot(kv);
    expect(manifestsRead).toBe(2);
    expect(back?.changesStreamSeq).toBe(3);
  });
});
