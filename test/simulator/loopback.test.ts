// The control surface answers loopback peers only. The server listens on 127.0.0.1, so a foreign peer is
// simulated by handing the request listener a request whose socket reports another address.
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { createControl } from '../../main/simulator/control';
import { createFaultRegistry } from '../../main/simulator/faults';
import { createFloor } from '../../main/simulator/floor';
import { createRecorder } from '../../main/simulator/recorder';
import { createSimServer } from '../../main/simulator/server';
import { createTokenStore } from '../../main/simulator/tokens';

function fakeExchange(remoteAddress: string, method: string, url: string) {
  const req = Object.assign(new PassThrough(), { method, url, headers: {}, socket: { remoteAddress } });
  let status = 0;
  let body = '';
  const done = new Promise<void>((resolve) => {
    const res = {
      destroyed: false,
      writeHead: (s: number) => {
        status = s;
      },
      end: (b: Buffer) => {
        body = b.toString();
        resolve();
      },
    };
    const floor = createFloor({ seed: 1, agents: 10, queues: 2, retentionMs: 60_000, supervisorExtension: '900', domainName: 'd', hotline: '1' });
    const faults = createFaultRegistry();
    const tokens = createTokenStore(60);
    const recorder = createRecorder();
    const control = createControl({ floor, faults, tokens, recorder, supervisorExtension: '900', setRunning: () => undefined, isRunning: () => false });
    createSimServer({ dialects: [], control, faults, recorder }).emit('request', req, res);
  });
  req.end();
  return done.then(() => ({ status, body }));
}

it('refuses /_sim/ to a non-loopback peer with 403, answers a loopback one', async () => {
  expect(await fakeExchange('10.1.2.3', 'GET', '/_sim/state')).toMatchObject({ status: 403, body: expect.stringContaining('loopback') });
  const local = await fakeExchange('127.0.0.1', 'GET', '/_sim/state');
  expect(local.status).toBe(200);
  expect(JSON.parse(local.body).counts.agents).toBe(10);
});
