// `npm run simulator -- --port N [--seed S] [--agents N] [--time-scale X] [--token-lifetime S] [--surge 0..1]`:
// runs the PBX simulator until Ctrl+C and prints its URL and the demo credentials.
import { parseArgs } from 'node:util';
import { DEMO_CREDENTIALS, startSimulator } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string' },
    agents: { type: 'string' },
    'time-scale': { type: 'string' },
    'token-lifetime': { type: 'string' },
    surge: { type: 'string' },
  },
});
const num = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    console.error(`--${name} must be a number (got "${v}")`);
    process.exit(2);
  }
  return n;
};

try {
  const sim = await startSimulator({
    port: num('port', values.port), seed: num('seed', values.seed), agents: num('agents', values.agents),
    timeScale: num('time-scale', values['time-scale']), tokenLifetimeSec: num('token-lifetime', values['token-lifetime']),
    surge: num('surge', values.surge),
  });
  const state = sim.control.state();
  console.log(`Floorwatch PBX simulator (TEL4VN, Evolux, cc_agent) on ${sim.url}`);
  console.log(`  ${state.counts.agents} agents in ${state.queues.length} queues; supervisor extension ${state.supervisorExtension}`);
  console.log(`  username ${DEMO_CREDENTIALS.username}, password ${DEMO_CREDENTIALS.password}, api_key ${DEMO_CREDENTIALS.apiKey}`);
  console.log(`  control surface: ${sim.url}/_sim/state (see docs/simulator.md). Ctrl+C to stop.`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
}
