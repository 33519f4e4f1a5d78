// The web host's command line and environment, read into one plan: which PBX to connect to (or the
// demo), on which port, with which data folder. Secrets come only from the environment: a flag would
// leave them in the shell history and in `ps` output for every user of the machine.
import { parseArgs } from 'node:util';
import { connectRequestSchema, extensionSchema, type ConnectRequest } from '../../common/contract';
import { SYSTEMS, type SystemId } from '../../common/domain';
import { FLOOR_NAME, NATS_SERVERS, type FloorHubSettings } from '../../common/settings';

export const USAGE = `Usage: npm run web -- [options]

  --port N          port on 127.0.0.1 (default: any free port)
  --demo            connect to the built-in simulator (the default when nothing is configured)
  --api-host URL    the PBX API to connect to (e.g. https://pbx.example.com)
  --system ID       ${SYSTEMS.join(' | ')} (default tel4vn)
  --ext EXT         your own extension (it receives listen / whisper / barge)
  --timezone TZ     the PBX's IANA time zone (default Asia/Ho_Chi_Minh)
  --data-dir DIR    settings, audit log and journals (default ~/.config/floorwatch-web)
  --wallboard       print only the wallboard's address: a read-only view for a TV (no action possible)
  --hub URL         read the floor from its floor hub (nats://HOST:PORT, a cluster's nodes with commas;
                    docs/hub.md) instead of polling it
  --floor NAME      the floor on that hub (with --hub)
  --nats-creds FILE a NATS credentials file for FLOORWATCH_NATS_USER, instead of FLOORWATCH_NATS_PASSWORD
  --help            this text

Secrets come from the environment only:
  FLOORWATCH_API_KEY, or FLOORWATCH_USERNAME and FLOORWATCH_PASSWORD
  FLOORWATCH_NATS_USER and FLOORWATCH_NATS_PASSWORD (the floor hub's NATS user)`;

const ENV_HINT = 'set FLOORWATCH_API_KEY, or FLOORWATCH_USERNAME and FLOORWATCH_PASSWORD, in the environment';
/** Flags someone might try for a secret; refused with a pointer to the environment. */
const SECRET_FLAG = /^--?(password|passwd|pass|pwd|api-?key|api_key|key|token|secret|user|username)(=|$)/i;

export class CliError extends Error {}

export interface WebCliPlan {
  help: boolean;
  port: number;
  dataDir: string | null;
  /** Print the read-only wallboard address instead of the console's (exactly one URL). */
  wallboard: boolean;
  /** What to do once the host is up: connect to a PBX, start the demo, or let the core decide (start()). */
  session: { kind: 'connect'; request: ConnectRequest } | { kind: 'demo' } | { kind: 'auto' };
  /** --hub URL --floor NAME: the floor hub to read the floor from (stored with the settings), or null. */
  hub: FloorHubSettings | null;
  /** The NATS credentials from the environment (or --nats-creds), for whichever hub the settings name. */
  nats: NatsCredentials | null;
}

/** A NATS user signs in with a password, or with a credentials file made for it. */
export type NatsCredentials = { user: string; pass: string } | { user: string; credsFile: string };

/**
 * FLOORWATCH_NATS_USER with FLOORWATCH_NATS_PASSWORD, or with `--nats-creds FILE` (the user still named: it
 * is the console's inbox prefix and audit subject); null when none is set. Never a flag for the password.
 */
function natsCredentialsFrom(env: Env, credsFile: string | undefined): NatsCredentials | null {
  const user = env.FLOORWATCH_NATS_USER || undefined;
  const pass = env.FLOORWATCH_NATS_PASSWORD || undefined;
  if (user !== undefined && !FLOOR_NAME.test(user)) throw new CliError(`FLOORWATCH_NATS_USER must be letters, digits, '-' or '_', not "${user}".`);
  if (credsFile) {
    if (pass) throw new CliError('--nats-creds and FLOORWATCH_NATS_PASSWORD exclude each other.');
    if (!user) throw new CliError('--nats-creds needs FLOORWATCH_NATS_USER: the user the file is for.');
    return { user, credsFile };
  }
  if (user && pass) return { user, pass };
  if (user || pass) throw new CliError('FLOORWATCH_NATS_USER and FLOORWATCH_NATS_PASSWORD go together.');
  return null;
}

type Env = Readonly<Record<string, string | undefined>>;

function credentialsFrom(env: Env): { apiKey: string } | { username: string; password: string } | null {
  const apiKey = env.FLOORWATCH_API_KEY || undefined;
  const username = env.FLOORWATCH_USERNAME || undefined;
  const password = env.FLOORWATCH_PASSWORD || undefined;
  if (apiKey) return { apiKey };
  if (username && password) return { username, password };
  if (username || password) {
    throw new CliError(`FLOORWATCH_USERNAME and FLOORWATCH_PASSWORD go together: ${ENV_HINT}.`);
  }
  return null;
}

/** Read argv (without node and the script) and the environment into a plan, or throw a CliError. */
export function parseWebCli(argv: readonly string[], env: Env): WebCliPlan {
  const secretFlag = argv.find((arg) => SECRET_FLAG.test(arg));
  if (secretFlag) {
    throw new CliError(`${secretFlag.split('=')[0]} is not accepted: secrets never go on the command line; ${ENV_HINT}.`);
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        demo: { type: 'boolean' },
        'api-host': { type: 'string' },
        system: { type: 'string' },
        ext: { type: 'string' },
        timezone: { type: 'string' },
        'data-dir': { type: 'string' },
        wallboard: { type: 'boolean' },
        hub: { type: 'string' },
        floor: { type: 'string' },
        'nats-creds': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const plan: WebCliPlan = {
    help: values.help ?? false, port: 0, dataDir: values['data-dir'] ?? null, wallboard: values.wallboard ?? false, session: { kind: 'auto' },
    hub: null, nats: null,
  };
  if (plan.help) return plan;

  if (values.hub !== undefined || values.floor !== undefined) {
    if (!values.hub || !values.floor) throw new CliError('--hub URL and --floor NAME go together.');
    if (!NATS_SERVERS.test(values.hub)) throw new CliError(`--hub must look like nats://HOST:PORT (commas between a cluster's nodes), not "${values.hub}".`);
    if (!FLOOR_NAME.test(values.floor)) throw new CliError(`--floor must be letters, digits, '-' or '_' (at most 32), not "${values.floor}".`);
  }
  plan.nats = natsCredentialsFrom(env, values['nats-creds']);
  if (values.hub && values.floor) {
    if (!plan.nats) throw new CliError('--hub needs NATS credentials: set FLOORWATCH_NATS_USER and FLOORWATCH_NATS_PASSWORD (or --nats-creds FILE).');
    plan.hub = { url: values.hub, floor: values.floor, user: plan.nats.user };
  }

  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, not "${values.port}".`);
    plan.port = port;
  }
  const system = (values.system ?? 'tel4vn') as SystemId;
  if (!SYSTEMS.includes(system)) throw new CliError(`--system must be one of ${SYSTEMS.join(', ')}, not "${values.system}".`);
  if (values.ext !== undefined && !extensionSchema.safeParse(values.ext).success) {
    throw new CliError(`--ext must be digits only (an extension such as 900), not "${values.ext}".`);
  }
  if (values.timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: values.timezone });
    } catch {
      throw new CliError(`--timezone must be an IANA time zone such as Asia/Ho_Chi_Minh, not "${values.timezone}".`);
    }
  }

  const credentials = credentialsFrom(env);
  const apiHost = values['api-host'];
  if (apiHost === undefined) {
    if (values.demo) plan.session = { kind: 'demo' };
    const stray = (['ext', 'timezone', 'system'] as const).filter((k) => values[k] !== undefined);
    if (stray.length > 0) throw new CliError(`--${stray.join(', --')} go with --api-host (the demo brings its own).`);
    if (credentials) throw new CliError('Credentials are set in the environment but no --api-host says where to use them.');
    return plan;
  }
  if (values.demo) throw new CliError('--demo and --api-host exclude each other.');
  if (!credentials) throw new CliError(`--api-host needs credentials: ${ENV_HINT}.`);
  const parsed = connectRequestSchema.safeParse({
    system,
    apiHost,
    ...credentials,
    ...(values.ext !== undefined ? { ownExtension: values.ext } : {}),
    ...(values.timezone !== undefined ? { timezone: values.timezone } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      issue?.path[0] === 'apiHost'
        ? `--api-host must be an http(s) URL such as https://pbx.example.com, not "${apiHost}".`
        : `Invalid connection settings: ${issue?.message ?? 'invalid'}.`,
    );
  }
  plan.session = { kind: 'connect', request: parsed.data };
  return plan;
}
