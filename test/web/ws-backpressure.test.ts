// Backpressure per socket on the real web host (own process, real core, a large simulated floor): a page
// that sends 600 floor:get and never reads must not grow the host's memory by one answer per request (it
// once took the host from 160 MB to 760 MB RSS); once it reads again, every answer arrives.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PATH, offeredProtocols, secretFromHash } from '../../common/ws-protocol';

const ROOT = join(import.meta.dirname, '../..');
const AGENTS = 1200;
const REQUESTS = 600;

let child: ChildProcess | null = null;
afterAll(() => {
  child?.kill('SIGKILL');
});

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startHost(): Promise<{ url: string; pid: number }> {
  child = spawn(process.execPath, ['--import', 'tsx', 'test/web/support/large-floor-host.ts', String(AGENTS)], { cwd: ROOT });
  const c = child;
  let out = '';
  let err = '';
  c.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    c.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ url: (JSON.parse(line) as { url: string }).url, pid: c.pid as number });
    });
    c.on('exit', (code) => reject(new Error(`host exited (${code}): ${err}`)));
  });
}

describe.runIf(process.platform === 'linux')('WebSocket backpressure on the web host', () => {
  it('a page that never reads 600 large answers costs bounded memory, and gets every answer once it reads', async () => {
    const { url, pid } = await startHost();
    const page = new URL(url);
    const ws = new WebSocket(`ws://${page.host}${WS_PATH}`, offeredProtocols(secretFromHash(page.hash) ?? ''), { origin: page.origin });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    // One answer first, to know its size and to warm the host up.
    const first = new Promise<string>((resolve) => {
      const onFirst = (d: Buffer): void => {
        if (!d.subarray(0, 32).toString().startsWith('{"t":"result"')) return;
        ws.off('message', onFirst);
        resolve(d.toString());
      };
      ws.on('message', onFirst);
    });
    ws.send(JSON.stringify({ t: 'invoke', id: 0, channel: 'floor:get' }));
    const answerMb = (await first).length / 1024 / 1024;
    expect(answerMb).toBeGreaterThan(0.25);
    await sleep(500);
    const before = rssMb(pid);

    // Stop reading (TCP then fills), and ask 600 times.
    const answers: number[] = [];
    let closedWith: number | null = null;
    // Each answer's id read from its head, not by parsing a megabyte of JSON in the test.
    ws.on('message', (d: Buffer) => {
      const head = /^\{"t":"result","id":(\d+)/.exec(d.subarray(0, 64).toString());
      if (head) answers.push(Number(head[1]));
    });
    ws.on('close', (code) => (closedWith = code));
    ws.pause();
    for (let i = 1; i <= REQUESTS; i++) ws.send(JSON.stringify({ t: 'invoke', id: i, channel: 'floor:get' }));
    let peak = before;
    for (let i = 0; i < 30; i++) {
      await sleep(100);
      peak = Math.max(peak, rssMb(pid));
    }
    const grewMb = peak - before;
    // Unbounded, this is REQUESTS x answerMb (about 350 MB here); bounded, a few answers' worth.
    expect(grewMb, `RSS grew ${grewMb.toFixed(0)} MB for answers of ${answerMb.toFixed(2)} MB`).toBeLessThan(Math.max(80, 25 * answerMb));

    ws.resume();
    const deadline = Date.now() + 60_000;
    while (answers.length < REQUESTS && closedWith === null && Date.now() < deadline) await sleep(50);
    expect(closedWith).toBeNull();
    expect(new Set(answers).size).toBe(REQUESTS);
    ws.close();
  }, 120_000);
});
