// The whole console in one process for end-to-end tests and the benchmark: a PBX simulator, the real core
// (temp data folder, the web host's storage), the web host serving the built renderer, and helpers to
// read what the simulator received.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../../main/core/create-core';
import type { Core } from '../../../main/core/host';
import { startSimulator, type RecordedRequest, type Simulator, type SimulatorOptions } from '../../../main/simulator';
import { demoPbxOf } from '../../../main/simulator/demo-pbx';
import { createWebCoreDeps } from '../../../main/web/host-deps';
import { RENDERER_OUT_DIR, ensureRendererBuilt } from '../../../main/web/renderer-build';
import { createWebHost, type WebHost } from '../../../main/web/web-host';

export interface E2eStack {
  sim: Simulator;
  core: Core;
  host: WebHost;
  dataDir: string;
  /** PBX-API requests the simulator received with this method and a path matching `path`. */
  requestsTo(method: string, path: RegExp): RecordedRequest[];
  close(): Promise<void>;
}

/** Build the renderer if stale, then start simulator, core and host. The core is not connected yet. */
export async function startStack(
  simOptions: SimulatorOptions = {},
  options: { demoIsThisSimulator?: boolean; /** Call-record passes this often (default: the core's 30 s). */ recordsIntervalMs?: number } = {},
): Promise<E2eStack> {
  await ensureRendererBuilt();
  const sim = await startSimulator({ seed: 7, autoRun: false, ...simOptions });
  const dataDir = mkdtempSync(join(tmpdir(), 'fw-e2e-data-'));
  const deps = createWebCoreDeps({ dataDir, version: '0.0.0-e2e' });
  if (options.recordsIntervalMs !== undefined) deps.recordsIntervalMs = options.recordsIntervalMs;
  // "Try the demo" then connects to this (paused, demo-credentialed) simulator, so a test knows its floor.
  if (options.demoIsThisSimulator) deps.startDemoPbx = async () => demoPbxOf(sim, async () => {});
  const core = createCore(deps);
  // A simulator in a zone of its own (a PBX where it is afternoon, say): the console reads its zone-less
  // times in that zone, as a supervisor would set it for their PBX.
  if (simOptions.timezone !== undefined) {
    const set = await core.invoke('settings:update', { timezone: simOptions.timezone });
    if (!set.ok) throw new Error(`the console's zone ${simOptions.timezone}: ${set.error.message}`);
  }
  const host = await createWebHost({ core, staticDir: RENDERER_OUT_DIR });
  return {
    sim,
    core,
    host,
    dataDir,
    requestsTo: (method, path) => sim.control.requests().filter((r) => r.method === method && path.test(r.path)),
    async close() {
      await host.close();
      await core.stop();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
