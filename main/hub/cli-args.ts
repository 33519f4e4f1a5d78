// The hub's command line: its own flags (--nats, --floor, --nats-creds) and, for the PBX, the web host's
// (--api-host, --system, --timezone, --ext, --demo, --data-dir and the FLOORWATCH_API_KEY / USERNAME /
// PASSWORD environment), read by the web host's own parser so the two hosts cannot drift apart. NATS
// credentials come from the environment (FLOORWATCH_NATS_USER / FLOORWATCH_NATS_PASSWORD) or a creds
// file, never a flag: a flag would leave them in the shell history and `ps`.
import { parseArgs } from 'node:util';
import { CliError, parseWebCli, type WebCliPlan } from '../web/cli-args';
import { NATS_URL } from '../../common/settings';
import { FLOOR_NAME } from './floor-names';

export { CliError };

export const HUB_USAGE = `Usage: npm run hub -- --nats nats://HOST:PORT --floor NAME [PBX options]

  --nats URL[,URL]   the NATS server (JetStream on, nats-server 2.9.10 or newer; deploy/nats-server.conf),
                     or a cluster's nodes separated by commas
  --floor NAME       the floor this hub publishes (letters, digits, '-' and '_')
  --nats-creds FILE  a NATS credentials file, instead of FLOORWATCH_NATS_USER / FLOORWATCH_NATS_PASSWORD
  --replicas N       copies of the floor's streams and buckets on a NATS cluster (1, 3 or 5; default 1)
  --webhook-url URL  the PBX's event hooks post to this URL (it must reach --webhook-port); TEL4VN
  --webhook-port N   the port the event hooks' callback listens on
  --webhook-bind IP  the address it listens on (default 0.0.0.0: the PBX calls from outside)
  --api-host URL     the PBX API (e.g. https://pbx.example.com); --demo: the built-in simulator
  --system ID        tel4vn | evolux | ccagent (default tel4vn)
  --timezone TZ      the PBX's IANA time zone (default Asia/Ho_Chi_Minh)
  --data-dir DIR     the hub core's folder (default ~/.config/floorwatch-hub/NAME)
  --help             this text

Two hubs may run for one floor: one is active (a lease in NATS), the other takes over when it dies.

Secrets come from the environment only:
  PBX:  FLOORWATCH_API_KEY, or FLOORWATCH_USERNAME and FLOORWATCH_PASSWORD (the floor's service account)
  NATS: FLOORWATCH_NATS_USER and FLOORWATCH_NATS_PASSWORD (or --nats-creds FILE)`;

type Env = Readonly<Record<string, string | undefined>>;

export interface HubCliPlan {
  help: boolean;
  natsUrl: string;
  floor: string;
  nats: { user: string; pass: string } | { credsFile: string };
  /** The cluster's nodes (one for a single server). */
  natsServers: string[];
  replicas: number;
  /** The PBX's event hooks into the picture (webhooks.ts); null: polling only. */
  webhook: { url: string; port: number; host: string } | null;
  dataDir: string | null;
  session: WebCliPlan['session'];
}

const HUB_FLAGS = new Set(['--nats', '--floor', '--nats-creds', '--replicas', '--webhook-url', '--webhook-port', '--webhook-bind']);

export function parseHubCli(argv: readonly string[], env: Env): HubCliPlan {
  // Split the hub's own flags (with their values) from the PBX flags the web host's parser reads.
  const own: string[] = [];
  const pbx: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.split('=')[0]!;
    if (HUB_FLAGS.has(name)) {
      own.push(arg);
      if (!arg.includes('=') && i + 1 < argv.length) own.push(argv[++i]!);
    } else if (name === '--port' || name === '--wallboard' || name === '--hub') {
      throw new CliError(`${name} is the web console's: the hub serves no page.`);
    } else pbx.push(arg);
  }
  const web = parseWebCli(pbx, env);
  const plan: HubCliPlan = {
    help: web.help, natsUrl: '', floor: '', nats: { user: '', pass: '' }, natsServers: [], replicas: 1, webhook: null, dataDir: web.dataDir, session: web.session,
  };
  if (plan.help) return plan;
  let values;
  try {
    ({ values } = parseArgs({
      args: own,
      strict: true,
      options: {
        nats: { type: 'string' }, floor: { type: 'string' }, 'nats-creds': { type: 'string' }, replicas: { type: 'string' },
        'webhook-url': { type: 'string' }, 'webhook-port': { type: 'string' }, 'webhook-bind': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (!values.nats) throw new CliError('--nats URL is required (e.g. nats://127.0.0.1:4222).');
  const servers = values.nats.split(',').map((u) => u.trim());
  for (const url of servers) if (!NATS_URL.test(url)) throw new CliError(`--nats must look like nats://HOST:PORT (commas between a cluster's nodes), not "${url}".`);
  if (!values.floor) throw new CliError('--floor NAME is required.');
  if (!FLOOR_NAME.test(values.floor)) throw new CliError(`--floor must be letters, digits, '-' or '_' (at most 32), not "${values.floor}".`);
  if (plan.session.kind === 'auto') throw new CliError('The hub needs a PBX: --api-host URL (or --demo for the simulator).');
  plan.natsUrl = values.nats;
  plan.natsServers = servers;
  plan.floor = values.floor;
  if (values.replicas !== undefined) {
    if (!/^[135]$/.test(values.replicas)) throw new CliError(`--replicas must be 1, 3 or 5 (JetStream's replica counts), not "${values.replicas}".`);
    plan.replicas = Number(values.replicas);
  }
  plan.webhook = readWebhook(values['webhook-url'], values['webhook-port'], values['webhook-bind']);
  const user = env.FLOORWATCH_NATS_USER || undefined;
  const pass = env.FLOORWATCH_NATS_PASSWORD || undefined;
  if (values['nats-creds']) {
    if (user || pass) throw new CliError('--nats-creds and FLOORWATCH_NATS_USER / FLOORWATCH_NATS_PASSWORD exclude each other.');
    plan.nats = { credsFile: values['nats-creds'] };
  } else if (user && pass) plan.nats = { user, pass };
  else throw new CliError('NATS credentials: set FLOORWATCH_NATS_USER and FLOORWATCH_NATS_PASSWORD, or pass --nats-creds FILE.');
  return plan;
}

function readWebhook(url: string | undefined, port: string | undefined, bind: string | undefined): HubCliPlan['webhook'] {
  if (url === undefined && port === undefined) {
    if (bind !== undefined) throw new CliError('--webhook-bind needs --webhook-url and --webhook-port.');
    return null;
  }
  if (url === undefined || port === undefined) throw new CliError('--webhook-url and --webhook-port go together (the URL the PBX posts to, the port it reaches).');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`--webhook-url must be a URL, not "${url}".`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CliError(`--webhook-url must be http(s), not "${url}".`);
  if (parsed.username || parsed.password) throw new CliError('--webhook-url must not carry credentials: the hub makes its own key.');
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw new CliError(`--webhook-port must be a port number (1-65535), not "${port}".`);
  return { url, port: Number(port), host: bind ?? '0.0.0.0' };
}
