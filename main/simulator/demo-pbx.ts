// The demo PBX both hosts start when nothing is configured: the simulator on a random loopback port,
// with its demo credentials. Its shape matches the core's DemoPbx (main/core/host.ts) structurally, so the
// simulator stays free of core imports.
import { SimError } from './floor-types';
import { DEMO_CREDENTIALS, startSimulator, type Simulator } from './index';

interface DemoPbxOfSimulator {
  url: string;
  username: string;
  password: string;
  hangUp(extension: string): void;
  close(): Promise<void>;
}

/** A running simulator as the demo PBX (`close` closes it); the end-to-end tests wrap their own this way. */
export function demoPbxOf(sim: Simulator, close: () => Promise<void> = () => sim.close()): DemoPbxOfSimulator {
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
    close,
  };
}

export async function startDemoPbx(): Promise<DemoPbxOfSimulator> {
  return demoPbxOf(await startSimulator({ port: 0 }));
}
