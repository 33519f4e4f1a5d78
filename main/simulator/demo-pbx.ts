// The demo PBX both hosts start when nothing is configured: the simulator on a random loopback port,
// with its demo credentials. Its shape matches the core's DemoPbx (main/core/host.ts) structurally, so the
// simulator stays free of core imports.
import { DEMO_CREDENTIALS, startSimulator } from './index';

export async function startDemoPbx(): Promise<{ url: string; username: string; password: string; close(): Promise<void> }> {
  const sim = await startSimulator({ port: 0 });
  const { username, password } = DEMO_CREDENTIALS;
  return { url: sim.url, username, password, close: () => sim.close() };
}
