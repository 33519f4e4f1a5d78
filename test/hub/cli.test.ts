// `npm run hub`: the command line (NATS credentials from the environment only, a floor name that cannot
// widen a subject, the web console's flags refused), and the real thing: the hub started on the simulator
// with the PBX key and the NATS user from the environment publishes floor A, a supervisor reads it, and
// SIGTERM stops it cleanly without printing a secret.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError, parseHubCli } from '../../main/hub/cli-args';
import { joinFloor } from '../../main/hub/floor-reader';
import { startSimulator } from '../../main/simulator/index';
import { startNatsServer, USERS } from './nats-server';

const ROOT = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'fw-hub-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const NATS_ENV = { FLOORWATCH_NATS_USER: 'hub', FLOORWATCH_NATS_PASSWORD: 'hub-secret' };
const BASE = ['--nats', 'nats://127.0.0.1:4222', '--floor', 'A'];

describe('the hub command line', () => {
  it('reads the NATS URL, the floor, the PBX flags and the credentials from the environment', () => {
    const plan = parseHubCli([...BASE, '--system', 'tel4vn', '--api-host', 'https://pbx.example.com', '--timezone', 'Asia/Ho_Chi_Minh'], { ...NATS_ENV, FLOORWATCH_API_KEY: 'k' });
    expect(plan).toMatchObject({ natsUrl: 'nats://127.0.0.1:4222', floor: 'A', nats: { user: 'hub', pass: 'hub-secret' } });
    expect(plan.session).toMatchObject({ kind: 'connect', request: { system: 'tel4vn', apiHost: 'https://pbx.example.com', apiKey: 'k', timezone: 'Asia/Ho_Chi_Minh' } });
    expect(parseHubCli([...BASE, '--demo', '--nats-creds', '/x.creds'], {}).nats).toEqual({ credsFile: '/x.creds' });
  });

  it('takes a cluster\'s nodes, the replicas, and the event hooks\' callback', () => {
    const plan = parseHubCli(['--nats', 'nats://a:4222,nats://b:4222, nats://c:4222', '--floor', 'A', '--demo', '--replicas', '3',
      '--webhook-url', 'https://hub.example.com/floorwatch/A/events', '--webhook-port', '8443'], NATS_ENV);
    expect(plan).toMatchObject({ natsServers: ['nats://a:4222', 'nats://b:4222', 'nats://c:4222'], replicas: 3 });
    expect(plan.webhook).toEqual({ url: 'https://hub.example.com/floorwatch/A/events', port: 8443, host: '0.0.0.0' });
    expect(parseHubCli([...BASE, '--demo', '--webhook-url', 'http://10.0.0.5:9000/e', '--webhook-port', '9000', '--webhook-bind', '10.0.0.5'], NATS_ENV).webhook)
      .toEqual({ url: 'http://10.0.0.5:9000/e', port: 9000, host: '10.0.0.5' });
    expect(parseHubCli([...BASE, '--demo'], NATS_ENV)).toMatchObject({ natsServers: ['nats://127.0.0.1:4222'], replicas: 1, webhook: null });
  });

  it('refuses what would be unsafe or meaningless, saying why', () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--floor', 'A', '--demo'], NATS_ENV, /--nats URL is required/],
      [['--nats', 'nats://h:1', '--demo'], NATS_ENV, /--floor NAME is required/],
      [['--nats', 'nats://h:1', '--floor', 'A.>', '--demo'], NATS_ENV, /--floor must be/],
      [[...BASE], NATS_ENV, /needs a PBX/],
      [[...BASE, '--demo'], {}, /FLOORWATCH_NATS_USER/],
      [[...BASE, '--demo', '--port', '8080'], NATS_ENV, /web console's/],
      [[...BASE, '--demo', '--password', 'x'], NATS_ENV, /never go on the command line/],
      [[...BASE, '--api-host', 'https://pbx.example.com'], NATS_ENV, /needs credentials/],
      [['--nats', 'nats://a:1,http://b:2', '--floor', 'A', '--demo'], NATS_ENV, /--nats must look like/],
      [[...BASE, '--demo', '--replicas', '2'], NATS_ENV, /--replicas must be 1, 3 or 5/],
      [[...BASE, '--demo', '--webhook-url', 'https://h/e'], NATS_ENV, /go together/],
      [[...BASE, '--demo', '--webhook-port', '80'], NATS_ENV, /go together/],
      [[...BASE, '--demo', '--webhook-bind', '0.0.0.0'], NATS_ENV, /needs --webhook-url/],
      [[...BASE, '--demo', '--webhook-url', 'ftp://h/e', '--webhook-port', '80'], NATS_ENV, /http\(s\)/],
      [[...BASE, '--demo', '--webhook-url', 'https://u:p@h/e', '--webhook-port', '80'], NATS_ENV, /credentials/],
      [[...BASE, '--demo', '--webhook-url', 'https://h/e', '--webhook-port', '70000'], NATS_ENV, /port number/],
    ];
    for (const [argv, env, message] of cases) {
      expect(() => parseHubCli(argv, env), argv.join(' ')).toThrow(CliError);
      expect(() => parseHubCli(argv, env), argv.join(' ')).toThrow(message);
    }
  });

  it('runs a hub on the simulator that a supervisor of the floor reads, and stops cleanly on SIGTERM', async () => {
    const server = await startNatsServer();
    const sim = await startSimulator({ autoRun: false, credentials: { username: 'sup', password: 'pw', apiKey: 'ak-env-only' } });
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/hub/cli.ts',
      '--nats', server.url, '--floor', 'A', '--system', 'tel4vn', '--api-host', sim.url, '--timezone', 'Asia/Ho_Chi_Minh', '--data-dir', dataDir], {
      cwd: ROOT,
      env: { ...process.env, FLOORWATCH_USERNAME: '', FLOORWATCH_PASSWORD: '', FLOORWATCH_API_KEY: 'ak-env-only', ...NATS_ENV },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const nc = await connect({ servers: server.url, ...USERS['sup-a'] });
    try {
      // Generous: a spawned tsx compiles the whole main tree, slow on a loaded 2-core machine.
      await expect.poll(() => output, { timeout: 40_000 }).toMatch(/Floorwatch hub for floor A/);
      // It holds the floor's lease (no other hub runs) and publishes.
      await expect.poll(() => output, { timeout: 20_000 }).toMatch(/floor A: this hub \(.+\) is active/);
      const reader = await joinFloor(nc, 'A');
      await expect.poll(() => reader.state().snapshot.agents.length, { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(async () => (await reader.health())?.sources.some((s) => s.state === 'live'), { timeout: 20_000 }).toBe(true);
      await reader.close();
      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
      expect(output).not.toContain('ak-env-only');
      expect(output).not.toContain('hub-secret');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await nc.close();
      await sim.close();
      await server.stop();
    }
  }, 90_000);
});
