// The real web host over the real core on a large, quiet simulated floor, in its own process so a test can
// read its RSS: node --import tsx test/web/support/large-floor-host.ts <agents>. Prints one JSON line
// {"url": ...} once the floor is loaded (the decode worker's first start under tsx takes a few seconds);
// runs until killed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeResult, FloorState } from '../../../common/contract';
import { createCore } from '../../../main/core/create-core';
import { DEMO_CREDENTIALS, startSimulator } from '../../../main/simulator';
import { createWebCoreDeps } from '../../../main/web/host-deps';
import { createWebHost } from '../../../main/web/web-host';

const agents = Number(process.argv[2] ?? 2000);
const sim = await startSimulator({ seed: 7, agents, autoRun: false });
const dataDir = mkdtempSync(join(tmpdir(), 'fw-large-floor-'));
const staticDir = mkdtempSync(join(tmpdir(), 'fw-large-floor-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
const core = createCore({
  ...createWebCoreDeps({ dataDir, version: '0.0.0-test' }),
  startDemoPbx: async () => ({ url: sim.url, username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password ?? '', close: async () => {} }),
});
const host = await createWebHost({ core, staticDir });
await core.invoke('session:demo', undefined);
for (;;) {
  const floor = (await core.invoke('floor:get', undefined)) as BridgeResult<FloorState>;
  // Logged-out agents are not listed: most of the floor is enough.
  if (floor.ok && floor.data.snapshot.agents.length >= agents / 2) break;
  await new Promise((r) => setTimeout(r, 100));
}
process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);
