// The simulator's control surface: the same operations in-process (`SimulatorControl`) and over HTTP under
// /_sim/ (loopback only, no auth) for tests in another process, the benchmark and demos.
import type { TokenStore } from './dialect';
import { matchPath } from './dialect';
import type { FaultRegistry, FaultSpec } from './faults';
import { SimError, type AbandonRecord, type CallDirection, type Floor, type PauseReason } from './floor-types';
import type { RecordedRequest, RequestRecorder } from './recorder';

export interface FloorStateView {
  now: number;
  scenarioMs: number;
  running: boolean;
  version: number;
  supervisorExtension: string;
  counts: {
    agents: number; loggedIn: number; available: number; paused: number; onCall: number; calls: number;
    waiting: number; answered: number; abandoned: number; cdrs: number;
    /** Totals since start (the scenario's own record). */
    answeredTotal: number; abandonedTotal: number; rejoinedTotal: number; endedTotal: number;
  };
  agents: Array<{
    id: number; uuid: string; username: string; name: string; extension: string; queueIds: number[]; loggedIn: boolean;
    status: 'available' | 'paused'; pauseCode: string; callId: string | null; registered: boolean; loginAt: number; updatedAt: number;
  }>;
  queues: Array<{ id: number; uuid: string; campaignUuid: string; name: string; extension: string; agentIds: number[]; waiting: number }>;
  calls: Array<{
    id: string; direction: CallDirection; state: 'ringing' | 'oncall'; ext: string; agentId: number | null; queueId: number | null;
    customerNumber: string; createdAt: number; answeredAt: number | null; monitors: Array<{ ext: string; mode: string; since: number }>;
  }>;
  queueEntries: Array<{
    callId: string; queueId: number; number: string; status: string; agentId: number | null; joinedAt: number;
    bridgedAt: number | null; abandonedAt: number | null; rejoinedAt: number | null;
  }>;
  monitors: Array<{ callId: string; ext: string; mode: string; since: number }>;
  extensions: Array<{ number: string; uuid: string; registered: boolean; agentId: number | null; callId: string | null }>;
  /** Every abandon so far (callId, queue, number, wall time), oldest first. */
  abandons: AbandonRecord[];
  pauseReasons: readonly PauseReason[];
}

export interface SimulatorControl {
  /** A queue's name, as the PBX shows it from now on (long names for layout tests: the wallboard). */
  renameQueue(queueId: number, name: string): void;
  /** A caller joins a queue (default: the first) and is Trying. */
  addCaller(opts?: { queueId?: number | string; number?: string }): { callId: string };
  /** Answer a Trying caller now, by the given agent or any available one (ONCALL at once). */
  answerCaller(callId: string, opts?: { agentId?: number | string }): { callId: string; agentId: number | null; ext: string };
  abandonCaller(callId: string): void;
  rejoinCaller(callId: string): void;
  /** End a live call (an answered caller, an outbound call). */
  hangupCall(callId: string): void;
  pauseAgent(agentId: number | string, code?: string): void;
  resumeAgent(agentId: number | string): void;
  loginAgent(agentId: number | string): void;
  logoutAgent(agentId: number | string): void;
  /** A call on that agent's extension, ONCALL at once (default outbound to a random mobile). */
  startCall(agentId: number | string, opts?: { number?: string; direction?: CallDirection }): { callId: string };
  setRegistered(ext: string, registered: boolean): void;
  /** The phone on `ext` hangs up (a supervisor ending a monitoring leg or a call-back). */
  hangupExtension(ext: string): void;
  addFault(fault: FaultSpec): { id: number };
  clearFaults(): void;
  /** Every token issued so far is now expired. */
  expireTokens(): void;
  requests(since?: number): RecordedRequest[];
  clearRequests(): void;
  /** Advance the scenario by `steps` seconds of scenario time (default 1). */
  tick(steps?: number): void;
  setRunning(running: boolean): void;
  readonly running: boolean;
  state(): FloorStateView;
  /** Change about `fraction` of agents' state at once; returns how many changed. */
  mutate(fraction: number): { changed: number };
}

interface ControlDeps {
  floor: Floor;
  faults: FaultRegistry;
  tokens: TokenStore;
  recorder: RequestRecorder;
  supervisorExtension: string;
  setRunning(running: boolean): void;
  isRunning(): boolean;
  /** After each scenario step (the outbound dialler). */
  afterAdvance?: () => void;
}

/** Milliseconds of scenario time per tick step. */
const STEP_MS = 1000;

export function createControl(d: ControlDeps): SimulatorControl {
  const { floor } = d;
  const control: SimulatorControl = {
    renameQueue: (queueId, name) => {
      const queue = floor.queues[queueId - 1];
      if (!queue) throw new Error(`no queue ${queueId}`);
      // Seen with the next change of the floor (the lists are served per version).
      queue.name = name;
    },
    addCaller: (opts) => ({ callId: floor.addCaller(opts).callId }),
    answerCaller: (callId, opts = {}) => {
      const call = floor.answerCaller(callId, opts.agentId);
      return { callId: call.id, agentId: call.agentId, ext: call.ext };
    },
    abandonCaller: (callId) => void floor.abandonCaller(callId),
    rejoinCaller: (callId) => void floor.rejoinCaller(callId),
    hangupCall: (callId) => floor.hangup(callId),
    pauseAgent: (id, code = 'BREAK') => void floor.pause(id, code),
    resumeAgent: (id) => void floor.resume(id),
    loginAgent: (id) => void floor.login(id),
    logoutAgent: (id) => void floor.logout(id),
    startCall: (id, opts = {}) => {
      const a = floor.agent(id);
      if (!a) throw new SimError(404, `agent ${id} not found`);
      return { callId: floor.startCall(a.extension, { ...opts, ringing: false }).id };
    },
    setRegistered: (ext, registered) => void floor.setRegistered(ext, registered),
    hangupExtension: (ext) => floor.hangupExtension(ext),
    addFault: (fault) => d.faults.add(fault),
    clearFaults: () => d.faults.clear(),
    expireTokens: () => d.tokens.expireAll(),
    requests: (since) => d.recorder.since(since),
    clearRequests: () => d.recorder.clear(),
    tick: (steps = 1) => {
      if (!Number.isInteger(steps) || steps < 1 || steps > 100_000) throw new SimError(400, 'steps must be an integer 1..100000');
      for (let i = 0; i < steps; i++) {
        floor.advance(STEP_MS);
        d.afterAdvance?.();
      }
    },
    setRunning: (running) => d.setRunning(running),
    get running() {
      return d.isRunning();
    },
    state: () => stateView(floor, d.isRunning(), d.supervisorExtension),
    mutate: (fraction) => {
      if (!(fraction >= 0 && fraction <= 1)) throw new SimError(400, 'fraction must be a number in 0..1');
      return { changed: floor.mutate(fraction) };
    },
  };
  return control;
}

function stateView(floor: Floor, running: boolean, supervisorExtension: string): FloorStateView {
  const agents = floor.agents.map((a) => {
    const ext = floor.extension(a.extension);
    return {
      id: a.id, uuid: a.uuid, username: a.username, name: [a.lastName, a.middleName, a.firstName].join(' '), extension: a.extension,
      queueIds: [...a.queueIds], loggedIn: a.loggedIn, status: a.status, pauseCode: a.pauseCode, callId: ext?.callId ?? null,
      registered: ext?.registered ?? false, loginAt: a.loginAt, updatedAt: a.updatedAt,
    };
  });
  const calls = [...floor.calls.values()].map((c) => ({
    id: c.id, direction: c.direction, state: c.state, ext: c.ext, agentId: c.agentId, queueId: c.queueId, customerNumber: c.customerNumber,
    createdAt: c.createdAt, answeredAt: c.answeredAt, monitors: c.monitors.map((m) => ({ ...m })),
  }));
  const queueEntries = [...floor.entries.values()].map((e) => ({
    callId: e.callId, queueId: e.queueId, number: e.number, status: e.status, agentId: e.agentId, joinedAt: e.joinedAt,
    bridgedAt: e.bridgedAt, abandonedAt: e.abandonedAt, rejoinedAt: e.rejoinedAt,
  }));
  const loggedIn = agents.filter((a) => a.loggedIn);
  return {
    now: Date.now(), scenarioMs: floor.scenarioMs, running, version: floor.version, supervisorExtension,
    counts: {
      agents: agents.length, loggedIn: loggedIn.length, available: loggedIn.filter((a) => a.status === 'available').length,
      paused: loggedIn.filter((a) => a.status === 'paused').length, onCall: agents.filter((a) => a.callId !== null).length,
      calls: calls.length, waiting: queueEntries.filter((e) => e.status === 'Trying').length,
      answered: queueEntries.filter((e) => e.status === 'Answered').length, abandoned: queueEntries.filter((e) => e.status === 'Abandoned').length,
      cdrs: floor.cdrs.length, answeredTotal: floor.counters.answered, abandonedTotal: floor.counters.abandoned,
      rejoinedTotal: floor.counters.rejoined, endedTotal: floor.counters.ended,
    },
    agents,
    queues: floor.queues.map((q) => ({ id: q.id, uuid: q.uuid, campaignUuid: q.campaignUuid, name: q.name, extension: q.extension, agentIds: [...q.agentIds], waiting: q.waiting.length })),
    calls,
    queueEntries,
    monitors: calls.flatMap((c) => c.monitors.map((m) => ({ callId: c.id, ...m }))),
    extensions: [...floor.extensions.values()].map((e) => ({ number: e.number, uuid: e.uuid, registered: e.registered, agentId: e.agentId, callId: e.callId })),
    abandons: [...floor.abandons],
    pauseReasons: floor.pauseReasons,
  };
}

type Body = Record<string, unknown>;
interface ControlRoute {
  method: string;
  pattern: string;
  run(c: SimulatorControl, params: Record<string, string>, body: Body, query: URLSearchParams): unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const ok = { ok: true };

const ROUTES: ControlRoute[] = [
  { method: 'POST', pattern: '/_sim/callers', run: (c, _p, b) => c.addCaller({ queueId: str(b.queueId), number: str(b.number) }) },
  { method: 'POST', pattern: '/_sim/callers/:id/answer', run: (c, p, b) => c.answerCaller(p.id as string, { agentId: str(b.agentId) }) },
  { method: 'POST', pattern: '/_sim/callers/:id/abandon', run: (c, p) => (c.abandonCaller(p.id as string), ok) },
  { method: 'POST', pattern: '/_sim/callers/:id/rejoin', run: (c, p) => (c.rejoinCaller(p.id as string), ok) },
  { method: 'POST', pattern: '/_sim/callers/:id/hangup', run: (c, p) => (c.hangupCall(p.id as string), ok) },
  { method: 'POST', pattern: '/_sim/agents/:id/pause', run: (c, p, b) => (c.pauseAgent(p.id as string, str(b.code)), ok) },
  { method: 'POST', pattern: '/_sim/agents/:id/resume', run: (c, p) => (c.resumeAgent(p.id as string), ok) },
  { method: 'POST', pattern: '/_sim/agents/:id/login', run: (c, p) => (c.loginAgent(p.id as string), ok) },
  { method: 'POST', pattern: '/_sim/agents/:id/logout', run: (c, p) => (c.logoutAgent(p.id as string), ok) },
  {
    method: 'POST', pattern: '/_sim/agents/:id/call', run: (c, p, b) => {
      const direction = str(b.direction);
      if (direction !== undefined && !['inbound', 'outbound', 'local'].includes(direction)) throw new SimError(400, 'direction must be inbound, outbound or local');
      return c.startCall(p.id as string, { number: str(b.number), direction: direction as CallDirection | undefined });
    },
  },
  {
    method: 'POST', pattern: '/_sim/extensions/:ext', run: (c, p, b) => {
      if (typeof b.registered !== 'boolean') throw new SimError(400, 'registered must be true or false');
      return (c.setRegistered(p.ext as string, b.registered), ok);
    },
  },
  { method: 'POST', pattern: '/_sim/extensions/:ext/hangup', run: (c, p) => (c.hangupExtension(p.ext as string), ok) },
  { method: 'POST', pattern: '/_sim/faults', run: (c, _p, b) => c.addFault(b as unknown as FaultSpec) },
  { method: 'DELETE', pattern: '/_sim/faults', run: (c) => (c.clearFaults(), ok) },
  { method: 'POST', pattern: '/_sim/tokens/expire', run: (c) => (c.expireTokens(), ok) },
  {
    method: 'GET', pattern: '/_sim/requests', run: (c, _p, _b, q) => {
      const since = q.has('since') ? Number(q.get('since')) : 0;
      if (!Number.isFinite(since)) throw new SimError(400, 'since must be a number');
      return c.requests(since);
    },
  },
  { method: 'DELETE', pattern: '/_sim/requests', run: (c) => (c.clearRequests(), ok) },
  { method: 'POST', pattern: '/_sim/tick', run: (c, _p, b) => (c.tick(b.steps === undefined ? 1 : Number(b.steps)), ok) },
  {
    method: 'POST', pattern: '/_sim/scenario', run: (c, _p, b) => {
      if (typeof b.running !== 'boolean') throw new SimError(400, 'running must be true or false');
      return (c.setRunning(b.running), ok);
    },
  },
  { method: 'GET', pattern: '/_sim/state', run: (c) => c.state() },
  { method: 'POST', pattern: '/_sim/mutate', run: (c, _p, b) => c.mutate(Number(b.fraction)) },
];

/** Runs a /_sim/ request; SimError becomes its status with {error}. */
export function handleControl(control: SimulatorControl, method: string, path: string, query: URLSearchParams, body: unknown): { status: number; body: unknown } {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const params = matchPath(r.pattern, path);
    if (!params) continue;
    try {
      const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Body;
      return { status: 200, body: r.run(control, params, b, query) ?? ok };
    } catch (e) {
      if (e instanceof SimError) return { status: e.status, body: { error: e.message } };
      throw e;
    }
  }
  return { status: 404, body: { error: `no control route ${method} ${path}` } };
}
