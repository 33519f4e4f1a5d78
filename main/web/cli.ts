// `npm run web -- [--port N] [--demo] [--api-host URL] [--ext EXT] [--system tel4vn] [--timezone TZ]
// [--data-dir DIR] [--wallboard] [--hub nats://HOST:PORT --floor NAME]`: builds the renderer if needed, starts
// the core and the web host on 127.0.0.1 and prints the address to open (it carries this run's secret).
// With --hub the console reads the floor from its floor hub (docs/hub.md), the NATS user and password from
// the environment, held here in memory only. Ctrl+C closes everything cleanly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../core/create-core';
import { CliError, USAGE, parseWebCli, type WebCliPlan } from './cli-args';
import { createWebCoreDeps, defaultDataDir } from './host-deps';
import { PROJECT_ROOT, RENDERER_OUT_DIR, ensureRendererBuilt } from './renderer-build';
import { createWebHost } from './web-host';
import { floorLinkOpener } from '../hub/console-link';

function readPlan(): WebCliPlan {
  try {
    return parseWebCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(`floorwatch web: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const plan = readPlan();
  if (plan.help) {
    console.log(USAGE);
    return;
  }
  if (await ensureRendererBuilt()) console.log('Built the renderer into out/renderer.');

  const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const dataDir = plan.dataDir ?? defaultDataDir();
  // The NATS credentials (environment) serve whichever floor hub the settings name (--hub, or Settings).
  const nats = plan.nats;
  const core = createCore(createWebCoreDeps({ dataDir, version, openFloorLink: floorLinkOpener(async () => nats) }));
  if (plan.hub) {
    const stored = await core.invoke('settings:update', { floorHub: plan.hub }, 'renderer');
    if (!stored.ok) console.error(`The floor hub was not taken: ${stored.error.message}`);
  }
  const host = await createWebHost({ core, port: plan.port, staticDir: RENDERER_OUT_DIR });

  let closing = false;
  const shutdown = (): void => {
    if (closing) process.exit(130); // a second Ctrl+C does not wait
    closing = true;
    console.log('\nClosing...');
    void Promise.allSettled([host.close(), core.stop()]).then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  // --wallboard: exactly one URL, the read-only one (a TV must not hold the console's full key).
  if (plan.wallboard) console.log(`Floorwatch wallboard, read-only (data in ${dataDir})\n\n  Open ${host.wallboardUrl}\n\nCtrl+C to stop.`);
  else console.log(`Floorwatch web console (data in ${dataDir})\n\n  Open ${host.url}\n\nCtrl+C to stop.`);
  if (plan.session.kind === 'connect') {
    const result = await core.invoke('session:connect', plan.session.request, 'renderer');
    if (!result.ok) console.error(`Could not connect to ${plan.session.request.apiHost}: ${result.error.message}`);
  } else if (plan.session.kind === 'demo') {
    const result = await core.invoke('session:demo', undefined, 'renderer');
    if (!result.ok) console.error(`Could not start the demo: ${result.error.message}`);
  } else {
    await core.start();
  }
}

main().catch((error: unknown) => {
  console.error('floorwatch web: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
