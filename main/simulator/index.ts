// The PBX simulator: a seeded, living call-center floor spoken to over HTTP on 127.0.0.1 in the seeds'
// dialects (TEL4VN now; Evolux and cc_agent plug in as dialect modules). Demo mode, every test and the
// benchmark use it. See docs/simulator.md.
import type { AddressInfo } from 'node:net';
import { createControl, type SimulatorControl } from './control';
import { createEventHooks, type EventHooks } from './event-hooks';
import type { Credentials, DialectContext } from './dialect';
import { DIALECTS } from './dialects';
import { createFaultRegistry } from './faults';
import { createFloor } from './floor';
import { createOutboundDialler, type OutboundDialler } from './outbound/dialler';
import { createOutboundQueues, type OutboundQueues } from './outbound/queues';
import { createRecorder } from './recorder';
import { createSimServer } from './server';
import { createTimeFormat } from './time-format';
import { createTokenStore } from './tokens';

export type { FloorStateView, SimulatorControl } from './control';
export type { BodyShape, FaultKind, FaultSpec } from './faults';
export type { RecordedRequest } from './recorder';
export type { OutboundCustomer, OutboundQueue, OutboundQueues } from './outbound/queues';
export type { EventHook, EventHooks, HookDelivery } from './event-hooks';
export type { Dialect, DialectContext, DialectFactory, SimReply, SimRequest } from './dialect';
export { SimError } from './floor-types';

export interface SimulatorOptions {
  /** 0 (default) = random free port. */
  port?: number;
  /** Same seed, same floor (default 1). */
  seed?: number;
  /** 10..10000 (default 24). */
  agents?: number;
  /** Default: about one per 8 agents, 2..40. */
  queues?: number;
  /** Scenario speed: a 3-minute call lasts 3 min / timeScale (default 1). */
  timeScale?: number;
  /** The scenario ticks by itself (default true); false = tests drive it with control.tick(). */
  autoRun?: boolean;
  /** expired_in given by /v2/auth/token, real seconds (default 3600). */
  tokenLifetimeSec?: number;
  /** PBX local zone for zone-less times (default 'Asia/Ho_Chi_Minh'). */
  timezone?: string;
  /** Default demo / demo / demo-key. */
  credentials?: Credentials;
  /** A registered, idle extension for the supervisor (default '900'). */
  supervisorExtension?: string;
  /** More supervisors' registered, idle extensions (several screens on one floor hub; default none). */
  otherSupervisorExtensions?: string[];
  /** Seconds of scenario time an abandoned caller stays listed (default 60). */
  abandonRetentionSec?: number;
  /** How far arrivals swell and ebb over 20 minutes, 0..1 (default 0.6, so queues build up at the peaks; 0 = steady). */
  surge?: number;
  /** Write the day so far (since the PBX-local midnight) as CDRs at start (default true). */
  backfill?: boolean;
}

export interface Simulator {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  control: SimulatorControl;
  /** The outbound queues loaded over HTTP (autodialer / autocall), for tests and the dialler. */
  outbound: OutboundQueues;
  /** Dials the running queues' customers on the floor with each scenario step. */
  dialler: OutboundDialler;
  /** The TEL4VN event hooks registered over HTTP and what was delivered to them. */
  eventHooks: EventHooks;
  close(): Promise<void>;
}

export const DEMO_CREDENTIALS: Readonly<Credentials> = { username: 'demo', password: 'demo', apiKey: 'demo-key' };
/** Real milliseconds between automatic ticks. */
const AUTO_TICK_MS = 200;

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`startSimulator: ${message}`);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const agents = options.agents ?? 24;
  const queues = options.queues ?? Math.min(40, Math.max(2, Math.round(agents / 8)));
  const timeScale = options.timeScale ?? 1;
  const tokenLifetimeSec = options.tokenLifetimeSec ?? 3600;
  const retentionSec = options.abandonRetentionSec ?? 60;
  const supervisorExtension = options.supervisorExtension ?? '900';
  check(Number.isInteger(agents) && agents >= 10 && agents <= 10_000, `agents must be an integer 10..10000 (got ${agents})`);
  check(Number.isInteger(queues) && queues >= 1 && queues <= 40, `queues must be an integer 1..40 (got ${queues})`);
  check(timeScale > 0 && timeScale <= 10_000, `timeScale must be > 0 and <= 10000 (got ${timeScale})`);
  check(tokenLifetimeSec > 0, `tokenLifetimeSec must be > 0 (got ${tokenLifetimeSec})`);
  check(retentionSec > 0, `abandonRetentionSec must be > 0 (got ${retentionSec})`);
  const surge = options.surge ?? 0.6;
  check(surge >= 0 && surge <= 1, `surge must be 0..1 (got ${surge})`);
  check(/^\d{2,10}$/.test(supervisorExtension), `supervisorExtension must be 2..10 digits (got "${supervisorExtension}")`);
  for (const ext of options.otherSupervisorExtensions ?? []) check(/^\d{2,10}$/.test(ext), `otherSupervisorExtensions must be 2..10 digits (got "${ext}")`);
  const port = options.port ?? 0;
  check(Number.isInteger(port) && port >= 0 && port <= 65535, `port must be 0..65535 (got ${port})`);

  const time = createTimeFormat(options.timezone ?? 'Asia/Ho_Chi_Minh');
  const floor = createFloor({
    seed: options.seed ?? 1, agents, queues, retentionMs: retentionSec * 1000, supervisorExtension,
    ...(options.otherSupervisorExtensions ? { otherSupervisorExtensions: options.otherSupervisorExtensions } : {}),
    domainName: 'demo.tel4vn.com', hotline: '19001919', surge,
    ...(options.backfill === false ? {} : { backfillFrom: time.parseLocal(time.local(Date.now()).slice(0, 10)) }),
  });
  const tokens = createTokenStore(tokenLifetimeSec);
  const faults = createFaultRegistry();
  const recorder = createRecorder();
  const outbound = createOutboundQueues();
  const dialler = createOutboundDialler(floor, outbound);
  const eventHooks = createEventHooks(floor);
  const ctx: DialectContext = { floor, time, tokens, credentials: { ...(options.credentials ?? DEMO_CREDENTIALS) }, supervisorExtension, outbound, eventHooks };
  const dialects = DIALECTS.map((make) => make(ctx));

  let timer: NodeJS.Timeout | null = null;
  const setRunning = (running: boolean): void => {
    if (running && !timer) {
      timer = setInterval(() => {
        try {
          floor.advance(AUTO_TICK_MS * timeScale);
          dialler.step();
        } catch (e) {
          // A scenario bug must not take the host process (the Electron main in demo mode) down with it.
          console.error('[simulator] scenario tick failed:', e);
        }
      }, AUTO_TICK_MS);
      timer.unref();
    } else if (!running && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  const control = createControl({
    floor, faults, tokens, recorder, supervisorExtension, setRunning, isRunning: () => timer !== null, afterAdvance: () => dialler.step(),
  });
  const server = createSimServer({ dialects, control, faults, recorder });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  setRunning(options.autoRun ?? true);
  const actualPort = (server.address() as AddressInfo).port;
  eventHooks.setBaseUrl(`http://127.0.0.1:${actualPort}`);
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    control,
    outbound,
    dialler,
    eventHooks,
    close: () => {
      setRunning(false);
      eventHooks.close();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
