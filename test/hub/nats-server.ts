// Test helper: a real nats-server (Debian's 2.9.10 here) with JetStream, on an ephemeral loopback port and a
// temporary store folder, started from deploy/nats-server.conf (the sample the README points at) so the
// tests exercise the very permissions we ship. The port comes from the server's own ports file, so two
// test files never race for a port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SAMPLE_CONFIG = resolve(__dirname, '../../deploy/nats-server.conf');

/** The sample config's users and passwords. */
export const USERS = {
  hub: { user: 'hub', pass: 'hub-secret', inboxPrefix: '_INBOX' },
  'sup-a': { user: 'sup-a', pass: 'sup-a-secret', inboxPrefix: '_INBOX_sup-a' },
  'sup-b': { user: 'sup-b', pass: 'sup-b-secret', inboxPrefix: '_INBOX_sup-b' },
} as const;

export interface NatsServer {
  url: string;
  stop(): Promise<void>;
}

export async function startNatsServer(config = SAMPLE_CONFIG): Promise<NatsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'floorwatch-nats-'));
  // The sample's own store_dir (a server path) swapped for the temp folder: -sd beside a config that names one
  // is refused as a duplicate.
  const conf = join(dir, 'nats-server.conf');
  writeFileSync(conf, readFileSync(config, 'utf8').replace(/store_dir:.*$/m, `store_dir: ${JSON.stringify(join(dir, 'store'))}`));
  const args = ['-c', conf, '-js', '-a', '127.0.0.1', '-p', '-1', '--ports_file_dir', dir];
  const child: ChildProcess = spawn('nats-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 10_000;
  let url: string | undefined;
  while (!url) {
    if (child.exitCode !== null) throw new Error(`nats-server exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nats-server did not start in 10 s: ${stderr}`);
    }
    const file = readdirSync(dir).find((name) => name.endsWith('.ports'));
    if (file) {
      const ports = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nats?: string[] };
      url = ports.nats?.[0];
    }
    if (!url) await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
