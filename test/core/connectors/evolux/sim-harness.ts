// TEMPORARY until the dialect router registers Evolux and cc_agent (after 06:55): the simulator's own
// parts, assembled with all three dialects. Replaced by startSimulator() then.
import type { AddressInfo } from 'node:net';
import { createControl, type SimulatorControl } from '../../../../main/simulator/control';
import { DEMO_CREDENTIALS } from '../../../../main/simulator/index';
import { createTel4vnDialect } from '../../../../main/simulator/dialects/tel4vn';
import { createEvoluxDialect } from '../../../../main/simulator/dialects/evolux';
import { createCcAgentDialect } from '../../../../main/simulator/dialects/ccagent';
import { createFaultRegistry } from '../../../../main/simulator/faults';
import { createFloor } from '../../../../main/simulator/floor';
import { createRecorder } from '../../../../main/simulator/recorder';
import { createSimServer } from '../../../../main/simulator/server';
import { createTimeFormat } from '../../../../main/simulator/time-format';
import { createTokenStore } from '../../../../main/simulator/tokens';

export interface Sim { url: string; control: SimulatorControl; close(): Promise<void> }

export async function startSim(options: { agents?: number; seed?: number } = {}): Promise<Sim> {
  const agents = options.agents ?? 24;
  const floor = createFloor({ seed: options.seed ?? 1, agents, queues: Math.min(40, Math.max(2, Math.round(agents / 8))), retentionMs: 60_000, supervisorExtension: '900', domainName: 'demo.tel4vn.com', hotline: '19001919' });
  const tokens = createTokenStore(3600);
  const faults = createFaultRegistry();
  const recorder = createRecorder();
  const ctx = { floor, time: createTimeFormat('Asia/Ho_Chi_Minh'), tokens, credentials: { ...DEMO_CREDENTIALS }, supervisorExtension: '900' };
  const dialects = [createTel4vnDialect, createEvoluxDialect, createCcAgentDialect].map((m) => m(ctx));
  const control = createControl({ floor, faults, tokens, recorder, supervisorExtension: '900', setRunning: () => {}, isRunning: () => false });
  const server = createSimServer({ dialects, control, faults, recorder });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    control,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}
