// The demo PBX both hosts start when nothing is configured: the simulator on a random loopback port,
// with its demo credentials. Its shape matches the core's DemoPbx (main/core/host.ts) structurally, so the
// simulator stays free of core imports.
import { SimError } from './floor-types';
import { DEMO_CREDENTIALS, startSimulator } from './index';

export async function startDemoPbx(): Promise<{
  url: string; username: string; password: string; hangUp(extension: string): void; close(): Promise<void>;
}> {
  const sim = await startSimulator({ port: 0 });
  const { username, password } = DEMO_CREDENTIALS;
  return {
    url: sim.url, username, password,
    // The demo's "hang up your phone": a phone that is on no call has nothing to hang up.
    hangUp: (extension) => {
      try {
        sim.control.hangupExtension(extension);
      } catch (e) {
        if (!(e instanceof SimError && e.status === 409)) throw e;
      }
    },
    close: () => sim.close(),
  };
}
