// The web CLI as a user runs it (tsx main/web/cli.ts): refuses a secret flag with exit code 2; in demo
// mode prints an address that serves the console; with --api-host it logs in with the environment's
// credentials; Ctrl+C (SIGINT) closes it cleanly with exit code 0.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator';

const ROOT = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'fw-web-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  // Node itself with tsx's loader, not the tsx command: that one relays Ctrl+C and, when the child has not
  // acknowledged it within 30 ms (a loaded machine), sends it a second one, which cli.ts rightly reads as
  // "quit now" (exit 130).
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, FLOORWATCH_API_KEY: '', FLOORWATCH_USERNAME: '', FLOORWATCH_PASSWORD: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

/** The address the CLI prints once it is up. */
function printedUrl(p: ReturnType<typeof run>): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#s=[\w-]+)/.exec(p.out());
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    void p.exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`exited early (${code}): ${p.err()}`));
    });
  });
}

describe('npm run web', () => {
  it('refuses --password with exit code 2, pointing to the environment', async () => {
    const p = run(['--password', 'hunter2']);
    expect(await p.exited).toBe(2);
    expect(p.err()).toMatch(/FLOORWATCH_PASSWORD/);
    expect(p.err()).not.toContain('hunter2');
  }, 30_000);

  it('serves the console in demo mode and closes cleanly on Ctrl+C', async () => {
    const p = run(['--demo', '--data-dir', dataDir]);
    const url = await printedUrl(p);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="app">');
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    // Generous: a spawned tsx compiles the whole main tree, slow on a loaded 2-core machine.
  }, 60_000);

  it('--wallboard prints exactly one address, the read-only wallboard one', async () => {
    const p = run(['--demo', '--wallboard', '--data-dir', dataDir]);
    await expect.poll(() => /Open http/.test(p.out()), { timeout: 50_000 }).toBe(true);
    const urls = p.out().match(/https?:\/\/\S+/g) ?? [];
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#s=[\w-]{43}&view=wallboard$/);
    expect((await fetch(urls[0]!)).status).toBe(200);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
  }, 60_000);

  it('connects to --api-host with the username and password from the environment, printing neither secret', async () => {
    const sim = await startSimulator({ autoRun: false, credentials: { username: 'sup', password: 'pw-env-only', apiKey: 'ak-env-only' } });
    try {
      const p = run(['--api-host', sim.url, '--ext', '900', '--data-dir', dataDir], {
        FLOORWATCH_USERNAME: 'sup',
        FLOORWATCH_PASSWORD: 'pw-env-only',
      });
      await printedUrl(p);
      const tokenRequests = () => sim.control.requests().filter((r) => r.method === 'POST' && r.path === '/v2/auth/token');
      await expect.poll(() => tokenRequests().length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(sim.control.requests().find((r) => r.path === '/v1/auth')?.body).toEqual({ username: 'sup', password: 'pw-env-only' });
      p.child.kill('SIGINT');
      expect(await p.exited).toBe(0);
      for (const text of [p.out(), p.err()]) {
        expect(text).not.toContain('pw-env-only');
        expect(text).not.toContain('ak-env-only');
      }
    } finally {
      await sim.close();
    }
  }, 60_000);
});
