// The simulator's pooled list bodies: a buffer is written again only once no response sends it and it is no
// longer served, checked on the pool itself and over real HTTP with a reader slower than the floor's changes.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBodyPool } from '../../main/simulator/body-pool';
import { startClient, type Client } from './helpers';

const fill = (text: string) => (target: Buffer) => void target.write(text);

describe('the body pool', () => {
  it('writes a retired body nobody holds into the same buffer again', () => {
    const pool = createBodyPool();
    const first = pool.write(5, fill('first'));
    first.retire();
    const second = pool.write(6, fill('second'));
    expect(second.bytes.buffer).toBe(first.bytes.buffer);
    expect(second.bytes.toString()).toBe('second');
  });

  it('keeps a body while it is served or held, and frees it once both are over', () => {
    const pool = createBodyPool();
    const served = pool.write(5, fill('alpha'));
    // Still the body served: a next one takes another buffer.
    const other = pool.write(5, fill('bravo'));
    expect(other.bytes.buffer).not.toBe(served.bytes.buffer);
    const release = served.hold();
    served.retire();
    const meanwhile = pool.write(5, fill('delta'));
    expect(meanwhile.bytes.buffer).not.toBe(served.bytes.buffer);
    expect(served.bytes.toString()).toBe('alpha');
    release();
    release();
    const after = pool.write(5, fill('gamma'));
    expect(after.bytes.buffer).toBe(served.bytes.buffer);
    // Released twice, given back once: the next body does not share it.
    expect(pool.write(5, fill('hotel')).bytes.buffer).not.toBe(served.bytes.buffer);
  });

  it('gives a body the smallest free buffer that fits', () => {
    const pool = createBodyPool();
    const big = pool.write(4000, (t) => void t.fill(1));
    const small = pool.write(10, (t) => void t.fill(2));
    big.retire();
    small.retire();
    expect(pool.write(8, (t) => void t.fill(3)).bytes.buffer).toBe(small.bytes.buffer);
    expect(pool.write(3000, (t) => void t.fill(4)).bytes.buffer).toBe(big.bytes.buffer);
  });
});

describe('pooled bodies over HTTP', () => {
  let client: Client;
  beforeAll(async () => {
    client = await startClient({ agents: 10_000 });
  }, 60_000);
  afterAll(async () => {
    await client.sim.close();
  });

  /** GET `path`, reading the first chunk, then nothing until `resume` is called; resolves with every byte. */
  function slowGet(path: string): { firstChunk: Promise<void>; resume: () => void; body: Promise<Buffer> } {
    let resume = (): void => {};
    let firstChunk = (): void => {};
    const first = new Promise<void>((r) => (firstChunk = r));
    const body = new Promise<Buffer>((resolve, reject) => {
      const req = request(client.sim.url + path, { headers: { Authorization: `Bearer ${client.token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          if (chunks.length === 1) {
            res.pause();
            resume = () => res.resume();
            firstChunk();
          }
        });
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    return { firstChunk: first, resume: () => resume(), body };
  }

  it('sends a slow reader the body it asked for while later polls of a changed floor are served', async () => {
    const path = '/v3/agent/live';
    const before = await client.get(path);
    const slow = slowGet(path);
    await slow.firstChunk;
    // The floor changes and is polled twice while the slow answer is still being sent.
    expect(client.sim.control.mutate(0.05).changed).toBeGreaterThan(0);
    const changed = await client.get(path);
    client.sim.control.mutate(0.05);
    const again = await client.get(path);
    expect(changed.text).not.toBe(before.text);
    expect(again.text).not.toBe(changed.text);
    slow.resume();
    const bytes = await slow.body;
    // Megabytes, more than the socket buffers hold: the slow answer was still being sent meanwhile.
    expect(bytes.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(bytes.toString('utf8')).toBe(before.text);
  }, 60_000);
});
