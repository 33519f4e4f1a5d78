// `npm run hub -- --nats nats://HOST:PORT --floor NAME --system tel4vn --api-host URL --timezone ZONE`:
// the floor hub, a third host of the core (beside the desktop app and the web host) with no UI. It runs
// the floor's pollers once with the PBX service account and publishes the picture on NATS (docs/hub.md).
// It polls only while it holds the floor's lease (lease.ts): a second hub for the floor waits and takes over
// when the first dies. With --webhook-url / --webhook-port the active hub also takes the PBX's pushed events
// (webhooks.ts). It also runs the floor's alert rules and reads the day's call records once for every console
// (floor-alerts.ts, floor-records.ts). Ctrl+C (or SIGTERM) writes a last snapshot, deletes its event hooks, gives the lease up
// and closes cleanly.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { createCore } from '../core/create-core';
import { createWebCoreDeps } from '../web/host-deps';
import { CliError, HUB_USAGE, parseHubCli, type HubCliPlan } from './cli-args';
import { publishFloorAlerts } from './floor-alerts';
import { shareRecordPasses } from './floor-records';
import { startFloorHub, type FloorHub } from './floor-hub';
import { runWithLease } from './lease';
import { startWebhooks, type Webhooks } from './webhooks';

function readPlan(): HubCliPlan {
  try {
    return parseHubCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(`floorwatch hub: ${error.message}\n\n${HUB_USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const plan = readPlan();
  if (plan.help) {
    console.log(HUB_USAGE);
    return;
  }
  const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
  const dataDir = plan.dataDir ?? join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'floorwatch-hub', plan.floor);
  const auth = 'credsFile' in plan.nats
    ? { authenticator: credsAuthenticator(readFileSync(plan.nats.credsFile)) }
    : { user: plan.nats.user, pass: plan.nats.pass };
  // maxReconnectAttempts -1: a hub outlives NATS restarts (and a cluster's lost node); the client buffers
  // while it reconnects.
  const nc = await connect({ servers: plan.natsServers, name: `floorwatch-hub-${plan.floor}`, maxReconnectAttempts: -1, ...auth });

  // The web host's core deps (settings file, secrets in memory only, the decode worker): the same core.
  const core = createCore(createWebCoreDeps({ dataDir, version }));
  const log = (message: string): void => console.log(`Floorwatch hub: ${message}`);
  // The callback is served only by the active hub (a standby answers nothing: its port is closed).
  const lease = await runWithLease({
    nc,
    floor: plan.floor,
    holder: `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`,
    replicas: plan.replicas,
    log,
    async onActive() {
      // The day's call records, read here once for every console (floor-records.ts): following the core
      // before it connects (its first pass is the whole day), published once the floor's streams exist.
      let storesReady: () => void = () => undefined;
      const records = shareRecordPasses({
        nc, floor: plan.floor, core, ready: new Promise<void>((r) => (storesReady = r)),
        onError: (e) => log(`the floor's call records: ${e instanceof Error ? e.message : String(e)}`),
      });
      const session = plan.session.kind === 'connect'
        ? await core.invoke('session:connect', plan.session.request, 'renderer')
        : await core.invoke('session:demo', undefined, 'renderer');
      if (!session.ok) {
        // The core would keep retrying by itself: a hub that gives its lease up must not poll.
        await core.invoke('session:disconnect', undefined, 'renderer');
        await records.stop();
        throw new Error(`could not reach the PBX: ${session.error.message}`);
      }
      let webhooks: Webhooks | null = null;
      // Each applied call event goes out on its own at once (floor-hub.ts publishEvent), once the hub publishes,
      // on a connection of its own: not behind a snapshot's 14 MB of chunks in the main connection's socket.
      let publishing: FloorHub | null = null;
      let eventsNc: NatsConnection | null = null;
      if (plan.webhook) {
        eventsNc = await connect({ servers: plan.natsServers, name: `floorwatch-hub-${plan.floor}-events`, maxReconnectAttempts: -1, ...auth });
        webhooks = await startWebhooks({
          pushEvents: () => core.pushEvents(), callbackUrl: plan.webhook.url, port: plan.webhook.port, host: plan.webhook.host, log,
          onCall: (callId, call) => publishing?.publishEvent(callId, call),
        });
        await webhooks.register();
        const stats = webhooks.stats();
        log(stats.error ? `event hooks: ${stats.error} (polling only)` : `event hooks registered for ${plan.webhook.url}`);
      }
      const hooks = webhooks;
      // The consoles judge the hub alive by its health record moving: written at every tick, and at least
      // twice a poll interval when nothing moves, so a console's silence rule (1.5 intervals) never fires on a
      // quiet floor.
      const settings = await core.invoke('settings:get', undefined);
      const pollMs = settings.ok ? (settings.data as { pollIntervalSec: number }).pollIntervalSec * 1000 : 1000;
      const hub = await startFloorHub({
        nc, floor: plan.floor, core, version, healthEveryMs: pollMs / 2, replicas: plan.replicas, ...(hooks ? { pushStats: () => hooks.stats() } : {}),
        ...(eventsNc ? { eventsNc } : {}),
      });
      publishing = hub;
      storesReady();
      // The floor's alerts: the rules run here once for every screen (floor-alerts.ts).
      const alerts = publishFloorAlerts({ kv: hub.stores.picture, core, onError: (e) => log(`the floor's alerts: ${e instanceof Error ? e.message : String(e)}`) });
      return async (lost) => {
        await records.stop();
        await alerts.stop();
        // Lost: the other hub may be publishing already, so no last snapshot; its hooks stay for it to adopt.
        // It stops following the core at once; its pollers stop before its queue (a publish may be waiting
        // out a timeout) is drained, so the floor never has two pollers for longer than that.
        const stopping = hub.stop(!lost);
        if (lost) await core.invoke('session:disconnect', undefined, 'renderer');
        await stopping;
        if (hooks) await (lost ? hooks.close() : hooks.stop());
        await eventsNc?.drain().catch(() => undefined);
        if (!lost) await core.invoke('session:disconnect', undefined, 'renderer');
      };
    },
  });
  console.log(`Floorwatch hub for floor ${plan.floor} on ${plan.natsUrl} (data in ${dataDir}). Ctrl+C to stop.`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    // A second Ctrl+C quits at once; a repeated SIGTERM (a service manager, or tsx's loader relaying the
    // same one, seen in the tests) waits for the clean stop.
    if (closing) {
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    closing = true;
    void lease.stop()
      .finally(() => Promise.allSettled([core.stop(), nc.drain()]))
      .then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('floorwatch hub: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
