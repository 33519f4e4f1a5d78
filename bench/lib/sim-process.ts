// The PBX simulator in its own process (`main/simulator/cli.ts`, the same CLI as `npm run simulator`),
// driven over its /_sim/ control surface: its scenario ticks and its HTTP answers never run on the
// event loop being measured.
import type { FloorStateView, RecordedRequest } from '../../main/simulator';
import { spawnTs, type Child } from './child';

export interface SimProcess {
  url: string;
  child: Child;
  post(path: string, body?: unknown): Promise<unknown>;
  state(): Promise<FloorStateView>;
  requests(since?: number): Promise<RecordedRequest[]>;
  /** round(fraction x agents) agents change state at once. */
  mutate(fraction: number): Promise<number>;
  setRunning(running: boolean): Promise<void>;
  stop(): Promise<void>;
}

async function call(url: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} -> ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/**
 * Scenario seconds run before anything is measured: a steady floor (no surge) settles in about nine
 * minutes from the simulator's starting picture (calls, queue entries and waiting callers then hold
 * within a few per cent), so minute 1 and minute 10 of the memory figure see a floor of the same size.
 */
const SETTLE_SCENARIO_SEC = 720;

/** The benchmark's floor: the simulator at `agents`, arrivals steady (`--surge 0`), settled before use. */
export async function startSimProcess(agents: number, seed = 1): Promise<SimProcess> {
  const { child, match } = await spawnTs(
    'main/simulator/cli.ts',
    ['--agents', String(agents), '--seed', String(seed), '--surge', '0'],
    /on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  const url = match[1] as string;
  const post = (path: string, body: unknown = {}): Promise<unknown> => call(url + path, 'POST', body);
  await post('/_sim/tick', { steps: SETTLE_SCENARIO_SEC });
  return {
    url,
    child,
    post,
    state: () => call(`${url}/_sim/state`, 'GET') as Promise<FloorStateView>,
    requests: (since = 0) => call(`${url}/_sim/requests?since=${since}`, 'GET') as Promise<RecordedRequest[]>,
    mutate: async (fraction) => ((await post('/_sim/mutate', { fraction })) as { changed: number }).changed,
    setRunning: async (running) => void (await post('/_sim/scenario', { running })),
    stop: () => child.stop(),
  };
}
