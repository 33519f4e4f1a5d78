// The bench's requests to the simulator's control surface survive a reset connection (one cut a
// 10,000-agent run short), and still fail on an HTTP error or on a simulator that keeps resetting.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTROL_ATTEMPTS, simControl } from '../../bench/lib/sim-process';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server that resets the first `resets` requests' connections, then answers `status` with `{ seen }`. */
async function serve(resets: number, status = 200): Promise<{ url: string; seen: () => number }> {
  let seen = 0;
  server = createServer((req, res) => {
    seen++;
    if (seen <= resets) {
      req.socket.destroy();
      return;
    }
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ seen }));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: () => seen };
}

describe('simControl', () => {
  it('sends again when the simulator resets the connection', async () => {
    const sim = await serve(2);
    expect(await simControl(`${sim.url}/_sim/mutate`, 'POST', { fraction: 0.01 })).toEqual({ seen: 3 });
    expect(sim.seen()).toBe(3);
  });

  it('gives up after its attempts when every one is reset', async () => {
    const sim = await serve(Number.POSITIVE_INFINITY);
    await expect(simControl(`${sim.url}/_sim/state`, 'GET')).rejects.toThrow(/fetch failed/);
    expect(sim.seen()).toBe(CONTROL_ATTEMPTS);
  });

  it('does not repeat a request the simulator answered with an error', async () => {
    const sim = await serve(0, 409);
    await expect(simControl(`${sim.url}/_sim/agents/1/pause`, 'POST', {})).rejects.toThrow(/409/);
    expect(sim.seen()).toBe(1);
  });
});
