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

  --nats URL         the NATS server (JetStream on, nats-server 2.9.10 or newer; deploy/nats-server.conf)
  --floor NAME       the floor this hub publishes (letters, digits, '-' and '_')
  --nats-creds FILE  a NATS credentials file, instead of FLOORWATCH_NATS_USER / FLOORWATCH_NATS_PASSWORD
  --api-host URL     the PBX API (e.g. https://pbx.example.com); --demo: the built-in simulator
  --system ID        tel4vn | evolux | ccagent (default tel4vn)
  --timezone TZ      the PBX's IANA time zone (default Asia/Ho_Chi_Minh)
  --data-dir DIR     the hub core's folder (default ~/.config/floorwatch-hub/NAME)
  --help             this text

Secrets come from the environment only:
  PBX:  FLOORWATCH_API_KEY, or FLOORWATCH_USERNAME and FLOORWATCH_PASSWORD (the floor's service account)
  NATS: FLOORWATCH_NATS_USER and FLOORWATCH_NATS_PASSWORD (or --nats-creds FILE)`;

type Env = Readonly<Record<string, string | undefined>>;

export interface HubCliPlan {
  help: boolean;
  natsUrl: string;
  floor: string;
  nats: { user: string; pass: string } | { credsFile: string };
  dataDir: string | null;
  session: WebCliPlan['session'];
}

const HUB_FLAGS = new Set(['--nats', '--floor', '--nats-creds']);

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
  const plan: HubCliPlan = { help: web.help, natsUrl: '', floor: '', nats: { user: '', pass: '' }, dataDir: web.dataDir, session: web.session };
  if (plan.help) return plan;
  let values;
  try {
    ({ values } = parseArgs({
      args: own,
      strict: true,
      options: { nats: { type: 'string' }, floor: { type: 'string' }, 'nats-creds': { type: 'string' } },
    }));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (!values.nats) throw new CliError('--nats URL is required (e.g. nats://127.0.0.1:4222).');
  if (!NATS_URL.test(values.nats)) throw new CliError(`--nats must look like nats://HOST:PORT, not "${values.nats}".`);
  if (!values.floor) throw new CliError('--floor NAME is required.');
  if (!FLOOR_NAME.test(values.floor)) throw new CliError(`--floor must be letters, digits, '-' or '_' (at most 32), not "${values.floor}".`);
  if (plan.session.kind === 'auto') throw new CliError('The hub needs a PBX: --api-host URL (or --demo for the simulator).');
  plan.natsUrl = values.nats;
  plan.floor = values.floor;
  const user = env.FLOORWATCH_NATS_USER || undefined;
  const pass = env.FLOORWATCH_NATS_PASSWORD || undefined;
  if (values['nats-creds']) {
    if (user || pass) throw new CliError('--nats-creds and FLOORWATCH_NATS_USER / FLOORWATCH_NATS_PASSWORD exclude each other.');
    plan.nats = { credsFile: values['nats-creds'] };
  } else if (user && pass) plan.nats = { user, pass };
  else throw new CliError('NATS credentials: set FLOORWATCH_NATS_USER and FLOORWATCH_NATS_PASSWORD, or pass --nats-creds FILE.');
  return plan;
}
