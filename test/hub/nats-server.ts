// Test helper: a real nats-server (Debian's 2.9.10 here) with JetStream, on an ephemeral loopback port and a
// temporary store folder, started from deploy/nats-server.conf (the sample the README points at) so the
// tests exercise the very permissions we ship. The port comes from the server's own ports file, so two
// test files never race for a port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SAMPLE_CONFIG = resolve(import.meta.dirname, '../../deploy/nats-server.conf');

/** The sample config's users and passwords. */
export const USERS = {
  hub: { user: 'hub', pass: 'hub-secret', inboxPrefix: '_INBOX' },
  'sup-a': { user: 'sup-a', pass: 'sup-a-secret', inboxPrefix: '_INBOX_sup-a' },
  'sup-b': { user: 'sup-b', pass: 'sup-b-secret', inboxPrefix: '_INBOX_sup-b' },
} as const;

export interface NatsServer {
  url: string;
  stop(): Promise<void>;
  /** Kill the server (SIGKILL: the hub and the consoles lose it at once), keeping its store. */
  kill(): Promise<void>;
  /** Start it again on the same port and store, after kill(). */
  restart(): Promise<void>;
}

/** `extra`: configuration appended to the sample's (a cluster block: startNatsCluster). */
export async function startNatsServer(config = SAMPLE_CONFIG, extra = ''): Promise<NatsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'floorwatch-nats-'));
  // The sample's own store_dir (a server path) swapped for the temp folder: -sd beside a config that names one
  // is refused as a duplicate.
  const conf = join(dir, 'nats-server.conf');
  writeFileSync(conf, readFileSync(config, 'utf8').replace(/store_dir:.*$/m, `store_dir: ${JSON.stringify(join(dir, 'store'))}`) + extra);
  let child: ChildProcess;
  let exited: Promise<void>;
  const launch = async (port: string): Promise<string> => {
    for (const name of readdirSync(dir)) if (name.endsWith('.ports')) rmSync(join(dir, name));
    const args = ['-c', conf, '-js', '-a', '127.0.0.1', '-p', port, '--ports_file_dir', dir];
    const proc: ChildProcess = spawn('nats-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    exited = new Promise<void>((done) => proc.once('exit', () => done()));
    const deadline = Date.now() + 10_000;
    let url: string | undefined;
    while (!url) {
      if (proc.exitCode !== null) throw new Error(`nats-server exited (${proc.exitCode}): ${stderr}`);
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`nats-server did not start in 10 s: ${stderr}`);
      }
      const file = readdirSync(dir).find((name) => name.endsWith('.ports'));
      if (file) {
        // The server may be writing the file still: a half-written one is read again on the next turn.
        try {
          url = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nats?: string[] }).nats?.[0];
        } catch {
          url = undefined;
        }
      }
      if (!url) await new Promise((r) => setTimeout(r, 50));
    }
    return url;
  };
  const url = await launch('-1');
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  return {
    url,
    async stop() {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => halt('SIGKILL'),
    async restart() {
      await launch(new URL(url).port);
    },
  };
}

/**
 * A free loopback port (the OS's pick, released at once) for a listener that must be named before it
 * starts: a cluster's routes here, the hub's webhook port in bench/hub.ts.
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface NatsCluster {
  nodes: NatsServer[];
  /** Every node's client URL (what a hub or console is given). */
  urls: string[];
  stop(): Promise<void>;
}

/**
 * `size` nodes of the sample config in one JetStream cluster on loopback: client ports ephemeral, route
 * ports picked free just before. A route port picked free can be taken before its node binds it (by another
 * test's server, or by an earlier node's ephemeral client port): the whole cluster then starts again on new
 * ports, up to three times. JetStream's meta leader is elected shortly after: callers retry their first
 * JetStream request.
 */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startClusterOnce(size);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('address already in use')) throw error;
    }
  }
}

async function startClusterOnce(size: number): Promise<NatsCluster> {
  const routePorts: number[] = [];
  for (let i = 0; i < size; i++) routePorts.push(await freePort());
  const nodes: NatsServer[] = [];
  try {
    for (let i = 0; i < size; i++) {
      const routes = routePorts.filter((_, j) => j !== i).map((p) => `"nats-route://127.0.0.1:${p}"`).join(', ');
      const extra = `\nserver_name: fw-node-${i + 1}\ncluster {\n  name: floorwatch-test\n  listen: "127.0.0.1:${routePorts[i]}"\n  routes: [${routes}]\n}\n`;
      nodes.push(await startNatsServer(SAMPLE_CONFIG, extra));
    }
  } catch (error) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw error;
  }
  return { nodes, urls: nodes.map((n) => n.url), stop: async () => void (await Promise.all(nodes.map((n) => n.stop()))) };
}
