// Every injected fault on every TEL4VN source, over real HTTP to the simulator: the poller reports the
// right state and code, keeps lastGoodAt, and recovers by itself soon after the fault is cleared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode, SourceState, SourceStatus } from '../../../common/domain';
import type { Connector } from '../../../main/core/connectors/connector';
import { createTel4vnConnector } from '../../../main/core/connectors/tel4vn/index';
import { createPoller, type Poller } from '../../../main/core/polling/poller';
import { startSimulator, type FaultSpec, type Simulator } from '../../../main/simulator/index';

const INTERVAL_MS = 50;
const MAX_BACKOFF_MS = 200;
const TIMEOUT_MS = 800;

const ROUTES: Record<string, string> = {
  calls: '/v3/monitor',
  queue: '/v3/monitor/callcenter/queue',
  agents: '/v3/agent/live',
  'own-extension': '/v3/extension/900/loggedin',
};

const FAULTS: { fault: Omit<FaultSpec, 'route'>; code: ErrorCode; states: SourceState[]; field?: boolean }[] = [
  { fault: { kind: 'status', status: 500 }, code: 'HTTP_ERROR', states: ['stale', 'backoff'] },
  { fault: { kind: 'status', status: 502 }, code: 'HTTP_ERROR', states: ['stale', 'backoff'] },
  { fault: { kind: 'delay', delayMs: 2000 }, code: 'TIMEOUT', states: ['stale', 'backoff'] },
  { fault: { kind: 'malformed' }, code: 'BAD_RESPONSE', states: ['stale', 'backoff'] },
  { fault: { kind: 'wrong-shape' }, code: 'BAD_RESPONSE', states: ['stale', 'backoff'], field: true },
  // A reset connection is a transport failure: UNREACHABLE, shown as offline.
  { fault: { kind: 'reset' }, code: 'UNREACHABLE', states: ['offline'] },
];

let sim: Simulator;
let connector: Connector;

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false, seed: 5 });
  connector = createTel4vnConnector({
    apiHost: sim.url,
    credentials: { username: 'demo', password: 'demo' },
    timezone: 'Asia/Ho_Chi_Minh',
    ownExtension: '900',
    requestTimeoutMs: TIMEOUT_MS,
  });
  await connector.connect();
});
afterAll(async () => {
  connector.close();
  await sim.close();
});

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('pollers under injected faults', () => {
  for (const { fault, code, states, field } of FAULTS) {
    const name = `${fault.kind}${fault.status ? ` ${fault.status}` : ''}`;
    it(`${name} on every source -> ${states.join('/')} with ${code}, data age kept, then live again`, async () => {
      const history = new Map<string, SourceStatus[]>();
      const pollers: Poller[] = connector.sources().map((source) => {
        history.set(source.id, []);
        return createPoller(source, {
          intervalMs: INTERVAL_MS,
          maxBackoffMs: MAX_BACKOFF_MS,
          onData: () => undefined,
          onStatus: (s) => history.get(source.id)?.push(s),
        });
      });
      try {
        for (const p of pollers) p.start();
        await until(() => pollers.every((p) => p.status().state === 'live'), 4000, 'all live');
        const goodAt = new Map(pollers.map((p) => [p.status().id, p.status().lastGoodAt]));

        for (const route of Object.values(ROUTES)) sim.control.addFault({ ...fault, route });
        // Until every source is in its last failure state (backoff: at least two failures in a row).
        const last = states.at(-1);
        await until(() => pollers.every((p) => p.status().state === last), 4000, `all ${last}`);
        sim.control.clearFaults();
        const clearedAt = performance.now();
        const eventsBefore = new Map([...history].map(([id, list]) => [id, list.length]));
        await until(() => pollers.every((p) => p.status().state === 'live'), 4000, 'recovery');
        const recoveryMs = performance.now() - clearedAt;
        // The first attempt after the fault succeeds: nothing but 'live' is reported once it is cleared.
        for (const [id, list] of history) {
          expect(list.slice(eventsBefore.get(id)).map((s) => s.state), id).toEqual(['live']);
        }
        // A request already waiting on a delay fault must time out first; then one backoff wait at most
        // (plus slack for a loaded 2-core machine).
        expect(recoveryMs).toBeLessThan(TIMEOUT_MS + MAX_BACKOFF_MS + INTERVAL_MS + 700);

        for (const [id, statuses] of history) {
          const failures = statuses.filter((s) => s.state !== 'live');
          // (A new error message in the same state is reported too: compare the sequence of states.)
          expect(failures.map((s) => s.state).filter((st, i, all) => st !== all[i - 1]), id).toEqual(states);
          // A poll sent just before the fault may still have succeeded: the data age kept through the
          // failures is the last success, at or after the snapshot, and it does not move while failing.
          const keptAt = failures[0]?.lastGoodAt ?? 0;
          expect(keptAt, id).toBeGreaterThanOrEqual(goodAt.get(id) ?? Infinity);
          for (const s of failures) {
            expect(s.lastError?.code, id).toBe(code);
            expect(s.lastGoodAt, id).toBe(keptAt);
            if (field) expect(s.lastError?.field, id).toBeTruthy();
          }
          expect(statuses.at(-1)?.state).toBe('live');
          expect(statuses.at(-1)?.lastGoodAt ?? 0).toBeGreaterThan(keptAt);
        }
      } finally {
        for (const p of pollers) p.stop();
        sim.control.clearFaults();
      }
    });
  }
});
