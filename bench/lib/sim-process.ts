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

/** Connection-level failures a retry can cure (the error's `cause.code` under undici's "fetch failed"). */
const RETRIED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
/** Attempts for one control request, and the pause before the first retry (doubled after each). */
export const CONTROL_ATTEMPTS = 4;
const RETRY_PAUSE_MS = 100;

const retriable = (error: unknown): boolean => {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return error instanceof TypeError && typeof cause?.code === 'string' && RETRIED_CODES.has(cause.code);
};

/**
 * One request to the simulator's control surface (or any of its routes), as JSON. A connection the
 * simulator resets is tried again: on a loaded machine Node's client may send on a kept-alive connection
 * at the moment the server closes it as idle (its 5 s keep-alive), and one such reset cut a 10,000-agent
 * run short. A request caught in that race never reached the simulator's handler; one reset later (the
 * answer cut) did, and the bench's control requests bear repeating (reads, a pause, a 1 % mutation, a
 * fault). An HTTP error answer is the simulator's word and is not retried.
 */
export async function simControl(url: string, method: string, body?: unknown): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (attempt >= CONTROL_ATTEMPTS || !retriable(error)) throw error;
      await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS * 2 ** (attempt - 1)));
      continue;
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} -> ${res.status} ${text}`);
    return text === '' ? null : (JSON.parse(text) as unknown);
  }
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
  const post = (path: string, body: unknown = {}): Promise<unknown> => simControl(url + path, 'POST', body);
  await post('/_sim/tick', { steps: SETTLE_SCENARIO_SEC });
  return {
    url,
    child,
    post,
    state: () => simControl(`${url}/_sim/state`, 'GET') as Promise<FloorStateView>,
    requests: (since = 0) => simControl(`${url}/_sim/requests?since=${since}`, 'GET') as Promise<RecordedRequest[]>,
    mutate: async (fraction) => ((await post('/_sim/mutate', { fraction })) as { changed: number }).changed,
    setRunning: async (running) => void (await post('/_sim/scenario', { running })),
    stop: () => child.stop(),
  };
}
