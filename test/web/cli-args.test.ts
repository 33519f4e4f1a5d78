// The web CLI: secrets only from the environment (a flag is refused without echoing its value), and
// clear errors for everything else that is wrong on the command line.
import { describe, expect, it } from 'vitest';
import { CliError, parseWebCli } from '../../main/web/cli-args';

const parse = (argv: string[], env: Record<string, string> = {}) => parseWebCli(argv, env);
const errorOf = (argv: string[], env: Record<string, string> = {}): string => {
  try {
    parse(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  throw new Error('expected a CliError');
};

describe('parseWebCli', () => {
  it('defaults to any port and lets the core decide (demo when nothing is remembered)', () => {
    expect(parse([])).toEqual({ help: false, port: 0, dataDir: null, wallboard: false, session: { kind: 'auto' }, hub: null, nats: null });
    expect(parse(['--wallboard']).wallboard).toBe(true);
    expect(parse(['--demo', '--port', '8090', '--data-dir', '/tmp/fw'])).toEqual({
      help: false,
      port: 8090,
      wallboard: false,
      dataDir: '/tmp/fw',
      session: { kind: 'demo' },
      hub: null,
      nats: null,
    });
  });

  it('reads the floor hub from --hub and --floor, its NATS user and password from the environment only', () => {
    const env = { FLOORWATCH_API_KEY: 'k', FLOORWATCH_NATS_USER: 'sup-a', FLOORWATCH_NATS_PASSWORD: 'nats-pw' };
    const plan = parse(['--api-host', 'https://pbx.example.com', '--hub', 'nats://10.0.0.9:4222', '--floor', 'A'], env);
    expect(plan.hub).toEqual({ url: 'nats://10.0.0.9:4222', floor: 'A', user: 'sup-a' });
    expect(plan.nats).toEqual({ user: 'sup-a', pass: 'nats-pw' });
    const creds = parse(['--hub', 'tls://hub.example:4222', '--floor', 'B-2', '--nats-creds', '/etc/fw/sup.creds'], { FLOORWATCH_NATS_USER: 'sup-b' });
    expect(creds.nats).toEqual({ user: 'sup-b', credsFile: '/etc/fw/sup.creds' });
    // A three-node cluster: every node, commas between.
    expect(parse(['--api-host', 'https://pbx.example.com', '--hub', 'nats://n1:4222,nats://n2:4222,nats://n3:4222', '--floor', 'A'], env).hub?.url).toBe('nats://n1:4222,nats://n2:4222,nats://n3:4222');
    // Without --hub the environment's NATS user still serves a hub named later in Settings.
    expect(parse([], { FLOORWATCH_NATS_USER: 'sup-a', FLOORWATCH_NATS_PASSWORD: 'x' })).toMatchObject({ hub: null, nats: { user: 'sup-a' } });
    expect(errorOf(['--hub', 'nats://h:4222'], env)).toMatch(/--hub URL and --floor NAME go together/);
    expect(errorOf(['--hub', 'http://h:4222', '--floor', 'A'], env)).toMatch(/nats:\/\/HOST:PORT/);
    expect(errorOf(['--hub', 'nats://h:4222', '--floor', 'A.>'], env)).toMatch(/--floor must be/);
    expect(errorOf(['--hub', 'nats://h:4222', '--floor', 'A'])).toMatch(/needs NATS credentials/);
    expect(errorOf([], { FLOORWATCH_NATS_USER: 'sup-a' })).toMatch(/go together/);
    expect(errorOf(['--nats-creds', 'f'], { FLOORWATCH_NATS_USER: 'sup-a', FLOORWATCH_NATS_PASSWORD: 'x' })).toMatch(/exclude/);
    expect(errorOf(['--nats-pass', 'x'])).toMatch(/secrets never go on the command line|nats-pass/);
  });

  it('connects to --api-host with an api key or username + password from the environment', () => {
    const withKey = parse(['--api-host', 'https://pbx.example.com', '--ext', '900', '--timezone', 'America/Sao_Paulo'], {
      FLOORWATCH_API_KEY: 'k-123',
    });
    expect(withKey.session).toEqual({
      kind: 'connect',
      request: { system: 'tel4vn', apiHost: 'https://pbx.example.com', apiKey: 'k-123', ownExtension: '900', timezone: 'America/Sao_Paulo' },
    });
    const withPassword = parse(['--api-host=http://10.0.0.5:8080', '--system', 'tel4vn'], {
      FLOORWATCH_USERNAME: 'sup',
      FLOORWATCH_PASSWORD: 'pw',
    });
    expect(withPassword.session).toMatchObject({ kind: 'connect', request: { username: 'sup', password: 'pw' } });
  });

  it.each([['--password', 'hunter2'], ['--password=hunter2'], ['--api-key', 'k-123'], ['--apikey=k-123'], ['--token', 't'], ['--username', 'sup']])(
    'refuses the secret flag %s, points to the environment and never echoes the value',
    (...argv) => {
      const message = errorOf(['--api-host', 'https://pbx.example.com', ...argv]);
      expect(message).toMatch(/never go on the command line.*FLOORWATCH_API_KEY/);
      expect(message).not.toMatch(/hunter2|k-123/);
    },
  );

  it('explains every other mistake', () => {
    expect(errorOf(['--api-host', 'https://pbx.example.com'])).toMatch(/needs credentials.*FLOORWATCH_API_KEY/);
    expect(errorOf(['--api-host', 'ftp://pbx'], { FLOORWATCH_API_KEY: 'k' })).toMatch(/http\(s\) URL/);
    expect(errorOf(['--demo', '--api-host', 'https://pbx.example.com'], { FLOORWATCH_API_KEY: 'k' })).toMatch(/exclude/);
    expect(errorOf([], { FLOORWATCH_USERNAME: 'sup' })).toMatch(/go together/);
    expect(errorOf([], { FLOORWATCH_API_KEY: 'k' })).toMatch(/no --api-host/);
    expect(errorOf(['--port', '70000'])).toMatch(/--port/);
    expect(errorOf(['--port', 'abc'])).toMatch(/--port/);
    expect(errorOf(['--system', 'asterisk', '--api-host', 'https://p.example'], { FLOORWATCH_API_KEY: 'k' })).toMatch(/--system must be one of tel4vn, evolux, ccagent/);
    expect(errorOf(['--ext', '9a', '--api-host', 'https://p.example'], { FLOORWATCH_API_KEY: 'k' })).toMatch(/digits only/);
    expect(errorOf(['--timezone', 'Mars/Base', '--api-host', 'https://p.example'], { FLOORWATCH_API_KEY: 'k' })).toMatch(/IANA/);
    expect(errorOf(['--demo', '--ext', '900'])).toMatch(/go with --api-host/);
    expect(errorOf(['--verbose'])).toMatch(/verbose/);
  });

  it('answers --help without checking anything else', () => {
    expect(parse(['--help']).help).toBe(true);
  });
});
