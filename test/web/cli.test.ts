// The web CLI as a user runs it (tsx main/web/cli.ts): refuses a secret flag with exit code 2; in demo
// mode prints an address that serves the console, and Ctrl+C (SIGINT) closes it cleanly with exit code 0.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const dataDir = mkdtempSync(join(tmpdir(), 'fw-web-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(args: string[]) {
  const child = spawn(TSX, ['main/web/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, FLOORWATCH_API_KEY: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
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
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#s=[\w-]+)/.exec(p.out());
        if (match?.[1]) {
          clearInterval(timer);
          resolve(match[1]);
        }
      }, 50);
      void p.exited.then((code) => reject(new Error(`exited early (${code}): ${p.err()}`)));
    });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="app">');
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    // Generous: a spawned tsx compiles the whole main tree, slow on a loaded 2-core machine.
  }, 60_000);
});
