// Demo mode: the project's PBX simulator, started inside the main process on 127.0.0.1 with its demo
// credentials, so `npm start` with nothing configured opens a live floor to try every feature on.
import type { DemoPbx } from '../core/host';
import { DEMO_CREDENTIALS, startSimulator } from '../simulator';

export async function startDemoPbx(): Promise<DemoPbx> {
  const sim = await startSimulator();
  return {
    url: sim.url,
    username: DEMO_CREDENTIALS.username,
    password: DEMO_CREDENTIALS.password,
    close: () => sim.close(),
  };
}
