// Decoding the big TEL4VN lists in the decode worker (a real worker_threads thread running
// main/core/decode/decode-worker.ts) and inline, over real HTTP to the simulator: the same rows as the
// normalisers, unchanged rows keep their objects, no list outlives the next, bad answers lose nothing, a lost
// worker is replaced, and the bytes reach the worker the same through the byte ring, beside it when it is
// full, or all transferred in a runtime without shared memory.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Agent } from '../../../common/domain';
import type { Connector, ConnectorOptions, SourceData } from '../../../main/core/connectors/connector';
import { createTel4vnConnector } from '../../../main/core/connectors/tel4vn/index';

import { createTel4vnSession } from '../../../main/core/connectors/tel4vn/session';
import type { DecodeTimings } from '../../../main/core/decode/decode-jobs';
import { createListDecoder, type ListDecoder } from '../../../main/core/decode/list-decoder';
import { createHttpClient } from '../../../main/core/http/http-client';
import { startSimulator, type Simulator } from '../../../main/simulator/index';
import { failure } from '../connector-failure';
import { normaliseAgents } from '../fixtures/read-whole';
import { collect } from '../../fixtures/collect';

const WORKER = new URL('../../../main/core/decode/decode-worker.ts', import.meta.url);

let sim: Simulator;
const open: { close(): void }[] = [];

function connector(decoder: ListDecoder, patch: Partial<ConnectorOptions> = {}): Connector {
  const c = createTel4vnConnector({
    apiHost: sim.url, credentials: { username: 'demo', password: 'demo' }, timezone: 'Asia/Ho_Chi_Minh', ownExtension: '900',
    requestTimeoutMs: 5000, decoder, ...patch,
  });
  open.push(c);
  return c;
}

function decoderOf(mode: 'worker' | 'inline', log?: (line: string) => void): ListDecoder {
  const d = createListDecoder(mode === 'worker' ? { workerFile: WORKER, log } : { log });
  open.push(d);
  return d;
}

async function fetchAgents(c: Connector): Promise<Agent[]> {
  const source = c.sources().find((s) => s.id === 'agents');
  const data: SourceData = await (source as NonNullable<typeof source>).fetch(new AbortController().signal);
  return data.agents as Agent[];
}

/** The agents the normaliser reads from the same answer, fetched apart (the reference). */
async function referenceAgents(): Promise<Agent[]> {
  const http = createHttpClient({ baseUrl: sim.url, timeoutMs: 5000 });
  const session = createTel4vnSession({ http, credentials: { username: 'demo', password: 'demo' } });
  try {
    await session.login();
    return normaliseAgents((await session.get('/v3/agent/live')).json);
  } finally {
    session.close();
    http.close();
  }
}

const byId = (rows: Agent[]): Map<string, Agent> => new Map(rows.map((r) => [r.id, r]));

beforeAll(async () => {
  sim = await startSimulator({ autoRun: false, seed: 11, agents: 300 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.control.clearFaults();
  for (const x of open.splice(0)) x.close();
});

describe.each(['worker', 'inline'] as const)('decoding the agents list (%s)', (mode) => {
  it('gives the normaliser\'s rows, keeps unchanged rows\' objects and the whole array when nothing changed', async () => {
    const decoder = decoderOf(mode);
    expect(decoder.mode).toBe(mode);
    const c = connector(decoder);
    await c.connect();
    const first = await fetchAgents(c);
    expect(byId(first)).toEqual(byId(await referenceAgents()));
    expect(first.length).toBeGreaterThan(200);

    expect(await fetchAgents(c)).toBe(first);

    const { changed } = sim.control.mutate(0.05);
    expect(changed).toBeGreaterThan(0);
    const second = await fetchAgents(c);
    const reference = byId(await referenceAgents());
    expect(byId(second)).toEqual(reference);
    const before = byId(first);
    let kept = 0;
    let renewed = 0;
    for (const row of second) {
      const old = before.get(row.id);
      if (old === row) kept++;
      else renewed++;
    }
    expect(kept).toBeGreaterThan(second.length / 2);
    expect(renewed).toBeGreaterThan(0);
    expect(renewed).toBeLessThan(second.length / 4);
  });

  it('keeps no list but its last one alive, answer after answer', async () => {
    const c = connector(decoderOf(mode));
    await c.connect();
    // Only WeakRefs are kept here: what holds a list before the last is the decoder or its word of change.
    const lists: WeakRef<Agent[]>[] = [];
    for (let i = 0; i < 8; i++) {
      sim.control.mutate(0.05);
      lists.push(new WeakRef(await fetchAgents(c)));
    }
    await collect();
    const alive = lists.map((ref) => ref.deref() !== undefined);
    expect(alive).toEqual([false, false, false, false, false, false, false, true]);
  });

  it('turns a malformed or misshapen answer into a clear error and keeps the last good rows for the next delta', async () => {
    const c = connector(decoderOf(mode));
    await c.connect();
    const good = await fetchAgents(c);

    sim.control.addFault({ route: '/v3/agent/live', kind: 'malformed', times: 1 });
    const notJson = await failure(fetchAgents(c));
    expect(notJson.error.code).toBe('BAD_RESPONSE');
    expect(notJson.message).toMatch(/GET \/v3\/agent\/live is not JSON/);

    sim.control.addFault({ route: '/v3/agent/live', kind: 'wrong-shape', times: 1 });
    const shape = await failure(fetchAgents(c));
    expect(shape.error.code).toBe('BAD_RESPONSE');
    expect(shape.error.field).toBeTruthy();

    sim.control.addFault({ route: '/v3/agent/live', kind: 'status', status: 503, times: 1 });
    expect((await failure(fetchAgents(c))).error.code).toBe('HTTP_ERROR');

    // A failure answered with HTTP 200 in each TEL4VN shape is caught in the decode job, before any row.
    for (const shape of ['status-fail', 'error', 'code-content'] as const) {
      sim.control.addFault({ route: '/v3/agent/live', kind: 'body', shape, times: 1 });
      const failed = await failure(fetchAgents(c));
      expect(failed.error).toMatchObject({ code: 'PBX_ERROR', pbxMessage: expect.stringMatching(/database timeout|Lỗi hệ thống/) });
      expect(failed.message).toMatch(/GET \/v3\/agent\/live with a failure/);
    }

    // Nothing changed on the floor meanwhile: the next good answer is the very list of before.
    expect(await fetchAgents(c)).toBe(good);
  });
});

describe('answers decoded while they arrive', () => {
  it('matches the rows in the worker as the chunks come, parses only the changed ones, and skips an answer whose bytes did not change', async () => {
    const timings: DecodeTimings[] = [];
    const decoder = createListDecoder({ workerFile: WORKER, onTimings: (_kind, t) => timings.push(t) });
    open.push(decoder);
    const c = connector(decoder);
    await c.connect();
    const first = await fetchAgents(c); // starts the worker: this answer goes whole
    const second = await fetchAgents(c); // streamed to the running worker; the floor did not move
    expect(second).toBe(first);
    expect(timings.map((t) => t.unchanged)).toEqual([false, true]);
    expect(timings[1]).toMatchObject({ decodeMs: 0, parseMs: 0, readMs: 0, diffMs: 0 });

    sim.control.mutate(0.05);
    const third = await fetchAgents(c);
    expect(byId(third)).toEqual(byId(await referenceAgents()));
    const t = timings[2] as DecodeTimings;
    expect(t.unchanged).toBe(false);
    // Only the rows whose bytes changed were decoded and parsed (all of them after the last byte).
    expect(timings[0]?.rowsParsed).toBe(first.length);
    expect(t.rowsParsed).toBeGreaterThan(0);
    expect(t.rowsParsed).toBeLessThan(third.length / 4);
    expect(t.tailDecodeMs).toBeLessThanOrEqual(t.decodeMs);
  });

  it.each([
    // 32 KB of ring against socket chunks of up to 64 KB: some go through the ring, some beside it.
    { how: 'when the byte ring is too small for some chunks (those go transferred, in order)', options: { ringBytes: 32 * 1024 }, shared: true },
    { how: 'where the runtime has no shared memory (every chunk transferred)', options: {}, shared: false },
  ])('gives the same rows $how', async ({ options, shared }) => {
    if (!shared) vi.stubGlobal('SharedArrayBuffer', undefined);
    try {
      const decoder = createListDecoder({ workerFile: WORKER, ...options });
      open.push(decoder);
      const c = connector(decoder);
      await c.connect();
      for (let round = 0; round < 3; round++) {
        sim.control.mutate(0.1);
        expect(byId(await fetchAgents(c)), `round ${round}`).toEqual(byId(await referenceAgents()));
      }
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('the decode worker', () => {
  it('is replaced after it is lost: the answer in flight fails clearly, the next one gives the whole list', async () => {
    const http = createHttpClient({ baseUrl: sim.url, timeoutMs: 5000 });
    const session = createTel4vnSession({ http, credentials: { username: 'demo', password: 'demo' } });
    open.push(session, http);
    await session.login();
    const answer = () => session.get('/v3/agent/live', undefined, true);
    const logged: string[] = [];
    const decoder = decoderOf('worker', (line) => logged.push(line));
    const stream = decoder.open('tel4vn/agents', { timezone: 'Asia/Ho_Chi_Minh', ownExtension: '900' });
    const first = await stream.decode(await answer());

    // decode() posts the job before it returns: closing the decoder at once loses the worker mid-job.
    const next = await answer();
    const inFlight = stream.decode(next);
    decoder.close();
    const lost = await failure(inFlight);
    expect(lost.error.code).toBe('INTERNAL');
    expect(lost.message).toMatch(/GET \/v3\/agent\/live/);
    // Closing is not a fault: the console shutting down logs no failed decode.
    expect(logged).toEqual([]);

    sim.control.mutate(0.05);
    const after = await stream.decode(await answer());
    expect(byId(after)).toEqual(byId(await referenceAgents()));
    // Rows from the new worker are all new objects: none is mixed up with the old worker's.
    const old = new Set(first);
    expect(after.some((row) => old.has(row))).toBe(false);
  });

  it('falls back to decoding inline, losing no answer, when the worker cannot start', async () => {
    const http = createHttpClient({ baseUrl: sim.url, timeoutMs: 5000 });
    const session = createTel4vnSession({ http, credentials: { username: 'demo', password: 'demo' } });
    open.push(session, http);
    await session.login();
    const logged: string[] = [];
    const decoder = createListDecoder({ workerFile: new URL('./no-such-worker.cjs', import.meta.url), log: (m) => logged.push(m) });
    open.push(decoder);
    expect(decoder.mode).toBe('worker');
    const stream = decoder.open('tel4vn/agents', { timezone: 'Asia/Ho_Chi_Minh', ownExtension: '900' });
    const rows = await stream.decode(await session.get('/v3/agent/live', undefined, true));
    expect(byId(rows)).toEqual(byId(await referenceAgents()));
    expect(decoder.mode).toBe('inline');
    expect(logged).toEqual([expect.stringMatching(/could not start .*decoding on the main thread instead/)]);
    // And on from there, with the inline decoder's own rows.
    expect(await stream.decode(await session.get('/v3/agent/live', undefined, true))).toBe(rows);
  });
});
