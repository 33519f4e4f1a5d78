// The simulated call-center floor, independent of any PBX dialect: agents (uuid AND small numeric id),
// queues (same), extensions, live calls, queue entries, CDRs, and the scenario that moves them.
// Dialects (dialects/*.ts) only read this model and call its operations; they never keep floor state.
//
// Time: `scenarioMs` advances by tick (timeScale compresses it); every timestamp stored here is real
// wall-clock ms (Date.now()), so "now - joinedAt" is right for a console.
//
// A caller's life (queue entry status):
//   Trying --routed--> (agent RINGING, still Trying) --picked up--> Answered --hangup--> gone (CDR)
//   Trying --patience runs out / abandon--> Abandoned --retention--> gone   (CDR at abandon)
//                                           Abandoned --rejoin--> Trying (same call id, rejoinedAt set)
import { personName, phoneNumber, queueName } from './names';
import { createRng, type Rng } from './prng';

export type AgentStatus = 'available' | 'paused';
export type CallDirection = 'inbound' | 'outbound' | 'local';
export type EntryStatus = 'Trying' | 'Answered' | 'Abandoned';
export type MonitorMode = 'listen' | 'whisper' | 'barge';

export interface SimAgent {
  id: number;
  uuid: string;
  /** Changes at each login (TEL4VN user_live_uuid). */
  liveUuid: string;
  username: string;
  firstName: string;
  middleName: string;
  lastName: string;
  extension: string;
  queueIds: number[];
  campaignUuid: string;
  loggedIn: boolean;
  status: AgentStatus;
  pauseCode: string;
  loginAt: number;
  updatedAt: number;
  /** Bumped whenever a dialect-visible field changes: dialects cache serialised rows by it. */
  rev: number;
}

export interface SimQueue {
  id: number;
  uuid: string;
  campaignUuid: string;
  name: string;
  extension: string;
  agentIds: number[];
  /** Call ids of Trying entries not yet routed to an agent, oldest first. */
  waiting: string[];
}

export interface SimExtension {
  number: string;
  uuid: string;
  registered: boolean;
  agentId: number | null;
  userAgent: string;
  networkIp: string;
  /** The call this extension is a party of (its own leg). */
  callId: string | null;
  /** The call this extension listens to / whispers into / barges into. */
  monitoring: { callId: string; mode: MonitorMode } | null;
}

export interface SimMonitor {
  ext: string;
  mode: MonitorMode;
  since: number;
}

export interface SimCall {
  id: string;
  direction: CallDirection;
  customerNumber: string;
  hotline: string;
  ext: string;
  agentId: number | null;
  queueId: number | null;
  state: 'ringing' | 'oncall';
  createdAt: number;
  answeredAt: number | null;
  customerId: string;
  /** Scenario ms when ringing stops (answered, or unanswered when `willAnswer` is false). */
  ringUntil: number;
  willAnswer: boolean;
  /** Scenario ms when the answered call ends. */
  endAt: number;
  monitors: SimMonitor[];
  rev: number;
}

export interface SimQueueEntry {
  callId: string;
  queueId: number;
  number: string;
  status: EntryStatus;
  agentId: number | null;
  joinedAt: number;
  bridgedAt: number | null;
  abandonedAt: number | null;
  rejoinedAt: number | null;
  /** Scenario ms: a Trying caller abandons then. */
  giveUpAt: number;
  /** Scenario ms: an Abandoned entry leaves the list then. */
  removeAt: number | null;
  /** Scenario ms: an Abandoned caller calls back then (null: never). */
  rejoinAt: number | null;
  rev: number;
}

export type CdrStatus = 'ANSWERED' | 'CANCEL' | 'NO_ANSWER' | 'BUSY';

export interface SimCdr {
  id: string;
  callId: string;
  direction: CallDirection;
  extension: string;
  fromNumber: string;
  toNumber: string;
  receiveDest: string;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number;
  status: CdrStatus;
  cause: string;
  customerId: string;
}

export interface PauseReason {
  id: number;
  code: string;
  name: string;
  /** Longest the pause should last, seconds (0: no limit). */
  limitSec: number;
  /** Mean length in the scenario, seconds of scenario time. */
  meanSec: number;
}

export interface AbandonRecord {
  callId: string;
  queueId: number;
  number: string;
  at: number;
}

export interface FloorOptions {
  seed: number;
  agents: number;
  queues: number;
  retentionMs: number;
  supervisorExtension: string;
  domainName: string;
  hotline: string;
  /** How far arrivals swell and ebb over 20 minutes, 0..1 (default 0.6; 0 = a steady floor). */
  surge?: number;
}

/** An operation refused by the floor: `status` is the HTTP status the control surface answers with. */
export class SimError extends Error {
  constructor(public readonly status: number, message: string) {
    super(message);
    this.name = 'SimError';
  }
}

export const PAUSE_REASONS: readonly PauseReason[] = [
  { id: 1, code: 'LUNCH', name: 'Ăn trưa', limitSec: 3600, meanSec: 900 },
  { id: 2, code: 'BREAK', name: 'Giải lao', limitSec: 900, meanSec: 240 },
  { id: 3, code: 'TRAINING', name: 'Đào tạo', limitSec: 0, meanSec: 1200 },
  { id: 4, code: 'MEETING', name: 'Họp', limitSec: 0, meanSec: 900 },
];

// Scenario rates (per second of scenario time) and durations (seconds of scenario time).
const CALLS_PER_AGENT_PER_SEC = 0.0035; // ~0.6 occupancy at a 3-minute mean talk time
/** Arrivals swell and ebb (+-60 % over 20 minutes) so queues build up and callers abandon at the peaks. */
const DEFAULT_SURGE = 0.6;
const SURGE_PERIOD_SEC = 1200;
const MEAN_TALK_SEC = 180;
const MEAN_PATIENCE_SEC = 75;
const MIN_PATIENCE_SEC = 10;
const REJOIN_CHANCE = 0.3;
const MEAN_AVAILABLE_BEFORE_PAUSE_SEC = 1800;
const MEAN_LOGGED_OUT_SEC = 1800;
const MEAN_SHIFT_SEC = 4 * 3600;
const MEAN_OUTBOUND_GAP_SEC = 3600;
const OUTBOUND_ANSWER_CHANCE = 0.8;
const MAX_CDRS = 50_000;
const MAX_ABANDON_RECORDS = 100_000;

export interface Floor {
  readonly options: FloorOptions;
  readonly rng: Rng;
  readonly domainUuid: string;
  readonly agents: readonly SimAgent[];
  readonly queues: readonly SimQueue[];
  readonly extensions: ReadonlyMap<string, SimExtension>;
  readonly calls: ReadonlyMap<string, SimCall>;
  readonly entries: ReadonlyMap<string, SimQueueEntry>;
  readonly cdrs: readonly SimCdr[];
  readonly abandons: readonly AbandonRecord[];
  readonly pauseReasons: readonly PauseReason[];
  /** Bumped by every change: lets dialects cache serialised lists. */
  readonly version: number;
  readonly scenarioMs: number;
  counters: { answered: number; abandoned: number; rejoined: number; ended: number };

  agent(ref: number | string): SimAgent | undefined;
  queue(ref: number | string): SimQueue | undefined;
  extension(ref: string): SimExtension | undefined;
  cdr(ref: string): SimCdr | undefined;
  /** The agent's current call, if any. */
  agentCall(agent: SimAgent): SimCall | undefined;
  /** True when the extension is a party of a call or monitoring one. */
  extensionBusy(ext: SimExtension): boolean;

  addCaller(opts?: { queueId?: number | string; number?: string }): SimQueueEntry;
  answerCaller(callId: string, agentRef?: number | string): SimCall;
  abandonCaller(callId: string): SimQueueEntry;
  rejoinCaller(callId: string): SimQueueEntry;
  hangup(callId: string): void;
  login(agentRef: number | string, campaignUuid?: string): SimAgent;
  logout(agentRef: number | string): SimAgent;
  pause(agentRef: number | string, code?: string): SimAgent;
  resume(agentRef: number | string): SimAgent;
  /** Replace the queues the agent serves (Evolux PUT agents/{id}, cc_agent setQueues). */
  setQueues(agentRef: number | string, queueIds: readonly number[]): SimAgent;
  /** A call placed on an extension (click-to-call, an agent's own call). */
  startCall(ext: string, opts?: { number?: string; direction?: CallDirection; ringing?: boolean; customerId?: string }): SimCall;
  setRegistered(ext: string, registered: boolean): SimExtension;
  monitor(callId: string, ext: string, mode: MonitorMode): void;
  transfer(callId: string, ext: string): void;
  mutate(fraction: number): number;
  /** Advance the scenario by `dtMs` of scenario time; `random` false = only time-driven changes. */
  advance(dtMs: number, random?: boolean): void;
}

export function createFloor(options: FloorOptions): Floor {
  const rng = createRng(options.seed);
  const surgeAmplitude = options.surge ?? DEFAULT_SURGE;
  const domainUuid = rng.uuid();
  const agents: SimAgent[] = [];
  const queues: SimQueue[] = [];
  const extensions = new Map<string, SimExtension>();
  const extByUuid = new Map<string, SimExtension>();
  const agentByUuid = new Map<string, SimAgent>();
  const queueByUuid = new Map<string, SimQueue>();
  const calls = new Map<string, SimCall>();
  const entries = new Map<string, SimQueueEntry>();
  let cdrs: SimCdr[] = [];
  const cdrById = new Map<string, SimCdr>();
  let abandons: AbandonRecord[] = [];
  /** Logged in, available, not on a call: who can take a queue call. Insertion order keeps it deterministic. */
  const idle = new Set<number>();
  let version = 0;
  let scenarioMs = 0;
  const counters = { answered: 0, abandoned: 0, rejoined: 0, ended: 0 };
  const touch = (): void => {
    version++;
  };
  /** Marks a row changed (and the floor with it). */
  const bump = (row: { rev: number }): void => {
    row.rev = ++version;
  };
  const ms = (sec: number): number => Math.round(sec * 1000);

  const refreshIdle = (a: SimAgent): void => {
    const ext = extensions.get(a.extension);
    if (a.loggedIn && a.status === 'available' && ext && !extensionBusy(ext)) idle.add(a.id);
    else idle.delete(a.id);
  };
  const extensionBusy = (ext: SimExtension): boolean => ext.callId !== null || ext.monitoring !== null;

  const addExtension = (number: string, agentId: number | null, registered: boolean): SimExtension => {
    const ext: SimExtension = {
      number, uuid: rng.uuid(), registered, agentId, callId: null, monitoring: null,
      userAgent: rng.pick(['Pitel/3.20.5', 'MicroSIP/3.21.3', 'Zoiper rv2.10.19', 'Yealink SIP-T31P 124.86.0.40']),
      networkIp: `113.22.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    };
    if (extensions.has(number)) throw new Error(`extension ${number} is defined twice (supervisorExtension collides with an agent's)`);
    extensions.set(number, ext);
    extByUuid.set(ext.uuid, ext);
    return ext;
  };

  // ---- build the seeded floor -------------------------------------------------------------------------
  for (let q = 0; q < options.queues; q++) {
    const queue: SimQueue = { id: q + 1, uuid: rng.uuid(), campaignUuid: rng.uuid(), name: queueName(q), extension: String(5001 + q), agentIds: [], waiting: [] };
    queues.push(queue);
    queueByUuid.set(queue.uuid, queue);
  }
  const extBase = options.agents <= 700 ? 100 : 10_000;
  const now0 = Date.now();
  for (let i = 1; i <= options.agents; i++) {
    const name = personName(rng, i);
    const home = queues[(i - 1) % queues.length] as SimQueue;
    const queueIds = [home.id];
    if (queues.length > 1 && rng.chance(0.3)) {
      const other = rng.pick(queues);
      if (other.id !== home.id) queueIds.push(other.id);
    }
    const loggedIn = rng.chance(0.85);
    const paused = loggedIn && rng.chance(0.15);
    const loginAt = now0 - ms(rng.int(600, 6 * 3600));
    const agent: SimAgent = {
      id: i, uuid: rng.uuid(), liveUuid: rng.uuid(), ...name, extension: String(extBase + i), queueIds,
      campaignUuid: home.campaignUuid, loggedIn, status: paused ? 'paused' : 'available',
      pauseCode: paused ? rng.pick(PAUSE_REASONS).code : '', loginAt,
      updatedAt: loggedIn ? now0 - ms(rng.int(5, 1800)) : loginAt, rev: 0,
    };
    agents.push(agent);
    agentByUuid.set(agent.uuid, agent);
    for (const qid of queueIds) queues[qid - 1]?.agentIds.push(i);
    addExtension(agent.extension, i, loggedIn || rng.chance(0.5));
  }
  addExtension(options.supervisorExtension, null, true);
  for (const a of agents) refreshIdle(a);

  // ---- lookups ------------------------------------------------------------------------------------------
  const agentRef = (ref: number | string): SimAgent | undefined => {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) return agents[Number(ref) - 1];
    return agentByUuid.get(ref);
  };
  const mustAgent = (ref: number | string): SimAgent => {
    const a = agentRef(ref);
    if (!a) throw new SimError(404, `agent ${ref} not found`);
    return a;
  };
  const queueRef = (ref: number | string): SimQueue | undefined => {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) return queues[Number(ref) - 1];
    return queueByUuid.get(ref);
  };
  const extRef = (ref: string): SimExtension | undefined => extensions.get(ref) ?? extByUuid.get(ref);
  const mustEntry = (callId: string): SimQueueEntry => {
    const e = entries.get(callId);
    if (!e) throw new SimError(404, `caller ${callId} not found`);
    return e;
  };
  const agentCall = (a: SimAgent): SimCall | undefined => {
    const id = extensions.get(a.extension)?.callId;
    return id ? calls.get(id) : undefined;
  };

  // ---- CDRs -------------------------------------------------------------------------------------------
  const addCdr = (c: Omit<SimCdr, 'id'>): void => {
    const cdr: SimCdr = { id: rng.uuid(), ...c };
    cdrs.push(cdr);
    cdrById.set(cdr.id, cdr);
    if (cdrs.length > MAX_CDRS * 1.2) {
      // Amortised trim: keep the newest MAX_CDRS.
      for (const old of cdrs.slice(0, cdrs.length - MAX_CDRS)) cdrById.delete(old.id);
      cdrs = cdrs.slice(cdrs.length - MAX_CDRS);
    }
  };

  // ---- calls ------------------------------------------------------------------------------------------
  const releaseMonitors = (call: SimCall): void => {
    for (const m of call.monitors) {
      const ext = extensions.get(m.ext);
      if (!ext) continue;
      ext.monitoring = null;
      // An agent's extension used for monitoring is free to take calls again.
      const a = ext.agentId !== null ? agents[ext.agentId - 1] : undefined;
      if (a) refreshIdle(a);
    }
    call.monitors = [];
  };
  const freeExtension = (extNumber: string): void => {
    const ext = extensions.get(extNumber);
    if (!ext) return;
    ext.callId = null;
    const a = ext.agentId !== null ? agents[ext.agentId - 1] : undefined;
    if (a) refreshIdle(a);
  };
  const occupy = (ext: SimExtension, callId: string): void => {
    ext.callId = callId;
    if (ext.agentId !== null) idle.delete(ext.agentId);
  };

  /** Ends a call: CDR, queue entry gone, parties freed. */
  const endCall = (call: SimCall, status: CdrStatus, cause: string): void => {
    const now = Date.now();
    calls.delete(call.id);
    releaseMonitors(call);
    freeExtension(call.ext);
    const queue = call.queueId !== null ? queues[call.queueId - 1] : undefined;
    if (queue) entries.delete(call.id);
    const inbound = call.direction === 'inbound';
    addCdr({
      callId: call.id, direction: call.direction, extension: call.ext,
      fromNumber: inbound ? call.customerNumber : call.direction === 'local' ? call.ext : call.hotline,
      toNumber: inbound ? call.hotline : call.customerNumber, receiveDest: queue?.name ?? '',
      startedAt: call.createdAt, answeredAt: call.answeredAt, endedAt: now, status, cause, customerId: call.customerId,
    });
    counters.ended++;
    touch();
  };

  const pickUp = (call: SimCall): void => {
    const now = Date.now();
    call.state = 'oncall';
    call.answeredAt = now;
    call.endAt = scenarioMs + ms(Math.max(15, rng.exp(MEAN_TALK_SEC)));
    const entry = entries.get(call.id);
    if (entry) {
      entry.status = 'Answered';
      entry.bridgedAt = now;
      entry.agentId = call.agentId;
      counters.answered++;
      bump(entry);
    }
    bump(call);
  };

  /** Puts a waiting caller on an agent's extension: ringing (scenario routing) or answered at once. */
  const route = (entry: SimQueueEntry, agent: SimAgent, ringing: boolean): SimCall => {
    const queue = queues[entry.queueId - 1] as SimQueue;
    const at = queue.waiting.indexOf(entry.callId);
    if (at >= 0) queue.waiting.splice(at, 1);
    const ext = extensions.get(agent.extension) as SimExtension;
    const call: SimCall = {
      id: entry.callId, direction: 'inbound', customerNumber: entry.number, hotline: options.hotline, ext: agent.extension,
      agentId: agent.id, queueId: entry.queueId, state: 'ringing', createdAt: entry.rejoinedAt ?? entry.joinedAt,
      answeredAt: null, customerId: '', ringUntil: scenarioMs + ms(rng.int(2, 6)), willAnswer: true, endAt: Infinity, monitors: [], rev: 0,
    };
    calls.set(call.id, call);
    occupy(ext, call.id);
    if (!ringing) pickUp(call);
    touch();
    return call;
  };

  const abandon = (entry: SimQueueEntry, mayRejoin: boolean): void => {
    const now = Date.now();
    const queue = queues[entry.queueId - 1] as SimQueue;
    const at = queue.waiting.indexOf(entry.callId);
    if (at >= 0) queue.waiting.splice(at, 1);
    const ringingCall = calls.get(entry.callId);
    let extension = '';
    if (ringingCall) {
      // Caller hung up while an agent's phone rang.
      calls.delete(ringingCall.id);
      releaseMonitors(ringingCall);
      freeExtension(ringingCall.ext);
      extension = ringingCall.ext;
    }
    entry.status = 'Abandoned';
    entry.abandonedAt = now;
    entry.agentId = null;
    entry.removeAt = scenarioMs + options.retentionMs;
    entry.rejoinAt = mayRejoin && rng.chance(REJOIN_CHANCE) ? scenarioMs + ms(rng.int(5, Math.max(6, Math.floor(options.retentionMs / 1000) - 5))) : null;
    abandons.push({ callId: entry.callId, queueId: entry.queueId, number: entry.number, at: now });
    if (abandons.length > MAX_ABANDON_RECORDS * 1.2) abandons = abandons.slice(abandons.length - MAX_ABANDON_RECORDS);
    counters.abandoned++;
    bump(entry);
    addCdr({
      callId: entry.callId, direction: 'inbound', extension, fromNumber: entry.number, toNumber: options.hotline,
      receiveDest: queue.name, startedAt: entry.rejoinedAt ?? entry.joinedAt, answeredAt: null, endedAt: now,
      status: 'CANCEL', cause: 'ORIGINATOR_CANCEL', customerId: '',
    });
    touch();
  };

  const rejoin = (entry: SimQueueEntry): void => {
    entry.status = 'Trying';
    entry.rejoinedAt = Date.now();
    entry.giveUpAt = scenarioMs + ms(MIN_PATIENCE_SEC + rng.exp(MEAN_PATIENCE_SEC));
    entry.removeAt = null;
    entry.rejoinAt = null;
    (queues[entry.queueId - 1] as SimQueue).waiting.push(entry.callId);
    counters.rejoined++;
    bump(entry);
  };

  const newCaller = (queue: SimQueue, number: string): SimQueueEntry => {
    const entry: SimQueueEntry = {
      callId: rng.uuid(), queueId: queue.id, number, status: 'Trying', agentId: null, joinedAt: Date.now(),
      bridgedAt: null, abandonedAt: null, rejoinedAt: null, giveUpAt: scenarioMs + ms(MIN_PATIENCE_SEC + rng.exp(MEAN_PATIENCE_SEC)),
      removeAt: null, rejoinAt: null, rev: 0,
    };
    entries.set(entry.callId, entry);
    queue.waiting.push(entry.callId);
    touch();
    return entry;
  };

  const startCall: Floor['startCall'] = (extNumber, opts = {}) => {
    const ext = extRef(extNumber);
    if (!ext) throw new SimError(404, `extension ${extNumber} not found`);
    if (extensionBusy(ext)) throw new SimError(409, `extension ${ext.number} is busy`);
    const direction = opts.direction ?? 'outbound';
    const ringing = opts.ringing ?? false;
    const call: SimCall = {
      id: rng.uuid(), direction, customerNumber: opts.number ?? phoneNumber(rng), hotline: options.hotline, ext: ext.number,
      agentId: ext.agentId, queueId: null, state: 'ringing', createdAt: Date.now(), answeredAt: null, customerId: opts.customerId ?? '',
      ringUntil: scenarioMs + ms(rng.int(3, 9)), willAnswer: !ringing || rng.chance(OUTBOUND_ANSWER_CHANCE), endAt: Infinity, monitors: [], rev: 0,
    };
    calls.set(call.id, call);
    occupy(ext, call.id);
    if (!ringing) pickUp(call);
    touch();
    return call;
  };

  // ---- agent state --------------------------------------------------------------------------------------
  const setLogin = (a: SimAgent, loggedIn: boolean, status: AgentStatus, campaignUuid?: string): void => {
    const now = Date.now();
    a.loggedIn = loggedIn;
    a.status = status;
    a.pauseCode = '';
    a.updatedAt = now;
    if (loggedIn) {
      a.loginAt = now;
      a.liveUuid = rng.uuid();
      if (campaignUuid) a.campaignUuid = campaignUuid;
      const ext = extensions.get(a.extension);
      if (ext) ext.registered = true;
    }
    refreshIdle(a);
    bump(a);
  };
  const setPause = (a: SimAgent, paused: boolean, code = ''): void => {
    a.status = paused ? 'paused' : 'available';
    a.pauseCode = paused ? code : '';
    a.updatedAt = Date.now();
    refreshIdle(a);
    bump(a);
  };

  // ---- the scenario -----------------------------------------------------------------------------------
  const randomAgents = (dtSec: number): void => {
    const pLogin = dtSec / MEAN_LOGGED_OUT_SEC;
    const pLogout = dtSec / MEAN_SHIFT_SEC;
    const pPause = dtSec / MEAN_AVAILABLE_BEFORE_PAUSE_SEC;
    const pOutbound = dtSec / MEAN_OUTBOUND_GAP_SEC;
    for (const a of agents) {
      const r = rng.next();
      if (!a.loggedIn) {
        if (r < pLogin) setLogin(a, true, 'available');
        continue;
      }
      if (!idle.has(a.id)) {
        if (a.status === 'paused' && agentCall(a) === undefined) {
          const reason = PAUSE_REASONS.find((p) => p.code === a.pauseCode);
          if (r < dtSec / (reason?.meanSec ?? 300)) setPause(a, false);
        }
        continue;
      }
      if (r < pLogout) setLogin(a, false, 'available');
      else if (r < pLogout + pPause) setPause(a, true, rng.pick(PAUSE_REASONS).code);
      else if (r < pLogout + pPause + pOutbound) startCall(a.extension, { ringing: true });
    }
  };

  const arrivals = (dtSec: number): void => {
    const surge = 1 + surgeAmplitude * Math.sin((2 * Math.PI * scenarioMs) / 1000 / SURGE_PERIOD_SEC);
    const n = rng.poisson(agents.length * CALLS_PER_AGENT_PER_SEC * surge * dtSec);
    for (let i = 0; i < n; i++) newCaller(rng.pick(queues), phoneNumber(rng));
  };

  /** Idle agents take the oldest waiting caller among their queues. */
  const routeWaiting = (): void => {
    if (!queues.some((q) => q.waiting.length > 0)) return;
    for (const id of [...idle]) {
      const a = agents[id - 1] as SimAgent;
      let best: SimQueueEntry | undefined;
      for (const qid of a.queueIds) {
        const head = queues[qid - 1]?.waiting[0];
        const e = head !== undefined ? entries.get(head) : undefined;
        if (e && (!best || (e.rejoinedAt ?? e.joinedAt) < (best.rejoinedAt ?? best.joinedAt))) best = e;
      }
      if (best) route(best, a, true);
    }
  };

  const advance = (dtMs: number, random = true): void => {
    scenarioMs += dtMs;
    for (const call of calls.values()) {
      if (call.state === 'ringing' && scenarioMs >= call.ringUntil) {
        if (call.willAnswer) pickUp(call);
        else endCall(call, 'NO_ANSWER', 'NO_ANSWER');
      } else if (call.state === 'oncall' && scenarioMs >= call.endAt) {
        endCall(call, 'ANSWERED', 'NORMAL_CLEARING');
      }
    }
    for (const e of entries.values()) {
      if (e.status === 'Trying' && scenarioMs >= e.giveUpAt) abandon(e, random);
      else if (e.status === 'Abandoned') {
        if (e.rejoinAt !== null && scenarioMs >= e.rejoinAt) rejoin(e);
        else if (e.removeAt !== null && scenarioMs >= e.removeAt) {
          entries.delete(e.callId);
          touch();
        }
      }
    }
    if (random) {
      randomAgents(dtMs / 1000);
      arrivals(dtMs / 1000);
    }
    routeWaiting();
  };

  // ---- a realistic starting picture: calls in progress, callers waiting -----------------------------------
  for (const id of [...idle]) {
    if (!rng.chance(0.55)) continue;
    const a = agents[id - 1] as SimAgent;
    const entry = newCaller(queues[(a.queueIds[0] as number) - 1] as SimQueue, phoneNumber(rng));
    entry.joinedAt = now0 - ms(rng.int(20, 400));
    const call = route(entry, a, false);
    call.createdAt = entry.joinedAt;
    call.answeredAt = entry.bridgedAt = entry.joinedAt + ms(rng.int(3, 15));
  }
  for (let i = 0; i < Math.max(1, Math.round(options.agents * 0.05)); i++) {
    const entry = newCaller(rng.pick(queues), phoneNumber(rng));
    entry.joinedAt = now0 - ms(rng.int(1, 40));
  }
  counters.answered = 0;
  version = 0;

  const floor: Floor = {
    options, rng, domainUuid, agents, queues, extensions, calls, entries, abandons: [], cdrs: [], pauseReasons: PAUSE_REASONS,
    version: 0, scenarioMs: 0, counters,
    agent: agentRef,
    queue: queueRef,
    extension: extRef,
    cdr: (ref) => cdrById.get(ref) ?? [...cdrs].reverse().find((c) => c.callId === ref),
    agentCall,
    extensionBusy,
    addCaller: (opts = {}) => {
      let queue: SimQueue | undefined = queues[0];
      if (opts.queueId !== undefined) {
        queue = queueRef(opts.queueId);
        if (!queue) throw new SimError(404, `queue ${opts.queueId} not found`);
      }
      return newCaller(queue as SimQueue, opts.number ?? phoneNumber(rng));
    },
    answerCaller: (callId, ref) => {
      const entry = mustEntry(callId);
      if (entry.status !== 'Trying') throw new SimError(409, `caller ${callId} is ${entry.status}, not Trying`);
      const ringingCall = calls.get(callId);
      if (ringingCall) {
        if (ref !== undefined && mustAgent(ref).id !== ringingCall.agentId) throw new SimError(409, `caller ${callId} is ringing on another agent`);
        pickUp(ringingCall);
        return ringingCall;
      }
      let agent: SimAgent | undefined;
      if (ref !== undefined) {
        agent = mustAgent(ref);
        const ext = extensions.get(agent.extension) as SimExtension;
        if (extensionBusy(ext)) throw new SimError(409, `agent ${agent.id} is busy`);
      } else {
        const inQueue = (queues[entry.queueId - 1] as SimQueue).agentIds;
        const id = inQueue.find((i) => idle.has(i)) ?? idle.values().next().value;
        if (id === undefined) throw new SimError(409, 'no agent is available');
        agent = agents[id - 1] as SimAgent;
      }
      return route(entry, agent, false);
    },
    abandonCaller: (callId) => {
      const entry = mustEntry(callId);
      if (entry.status !== 'Trying') throw new SimError(409, `caller ${callId} is ${entry.status}, not Trying`);
      abandon(entry, false);
      return entry;
    },
    rejoinCaller: (callId) => {
      const entry = mustEntry(callId);
      if (entry.status !== 'Abandoned') throw new SimError(409, `caller ${callId} is ${entry.status}, not Abandoned`);
      rejoin(entry);
      return entry;
    },
    hangup: (callId) => {
      const call = calls.get(callId);
      if (!call) throw new SimError(404, `call ${callId} not found`);
      const entry = entries.get(callId);
      // A queue caller who hangs up while the agent's phone rings has abandoned.
      if (call.state !== 'oncall' && entry) abandon(entry, false);
      else if (call.state !== 'oncall') endCall(call, 'CANCEL', 'ORIGINATOR_CANCEL');
      else endCall(call, 'ANSWERED', 'NORMAL_CLEARING');
    },
    login: (ref, campaignUuid) => {
      const a = mustAgent(ref);
      if (a.loggedIn) throw new SimError(409, 'user is already logged in');
      // TEL4VN's /v3/agent/login answers PAUSE: a freshly logged-in agent takes no call until resumed.
      setLogin(a, true, 'paused', campaignUuid);
      return a;
    },
    logout: (ref) => {
      const a = mustAgent(ref);
      if (!a.loggedIn) throw new SimError(409, 'user is not logged in');
      setLogin(a, false, 'available');
      return a;
    },
    pause: (ref, code = '') => {
      const a = mustAgent(ref);
      if (!a.loggedIn) throw new SimError(409, 'user is not logged in');
      setPause(a, true, code);
      return a;
    },
    resume: (ref) => {
      const a = mustAgent(ref);
      if (!a.loggedIn) throw new SimError(409, 'user is not logged in');
      setPause(a, false);
      return a;
    },
    setQueues: (ref, queueIds) => {
      const a = mustAgent(ref);
      const unknown = queueIds.find((id) => !queues[id - 1]);
      if (unknown !== undefined) throw new SimError(404, `queue ${unknown} not found`);
      for (const id of a.queueIds) {
        const q = queues[id - 1] as SimQueue;
        q.agentIds = q.agentIds.filter((x) => x !== a.id);
      }
      a.queueIds = [...new Set(queueIds)];
      for (const id of a.queueIds) (queues[id - 1] as SimQueue).agentIds.push(a.id);
      a.updatedAt = Date.now();
      refreshIdle(a);
      bump(a);
      return a;
    },
    startCall,
    setRegistered: (ref, registered) => {
      const ext = extRef(ref);
      if (!ext) throw new SimError(404, `extension ${ref} not found`);
      ext.registered = registered;
      touch();
      return ext;
    },
    monitor: (callId, extNumber, mode) => {
      const call = calls.get(callId);
      const ext = extRef(extNumber);
      if (!call) throw new SimError(404, 'CALL_NOT_FOUND');
      if (!ext || !ext.registered) throw new SimError(409, 'USER_NOT_REGISTERED');
      if (extensionBusy(ext)) throw new SimError(409, 'USER_BUSY');
      ext.monitoring = { callId, mode };
      if (ext.agentId !== null) idle.delete(ext.agentId);
      call.monitors.push({ ext: ext.number, mode, since: Date.now() });
      bump(call);
    },
    transfer: (callId, extNumber) => {
      const call = calls.get(callId);
      const target = extRef(extNumber);
      if (!call) throw new SimError(404, 'CALL_NOT_FOUND');
      if (!target || !target.registered) throw new SimError(409, 'USER_NOT_REGISTERED');
      if (extensionBusy(target)) throw new SimError(409, 'USER_BUSY');
      freeExtension(call.ext);
      call.ext = target.number;
      call.agentId = target.agentId;
      occupy(target, call.id);
      const entry = entries.get(call.id);
      if (entry && entry.status === 'Answered') {
        entry.agentId = target.agentId;
        bump(entry);
      }
      bump(call);
    },
    mutate: (fraction) => {
      const k = Math.max(0, Math.min(agents.length, Math.round(agents.length * fraction)));
      // Partial Fisher-Yates over a sparse permutation: k distinct agents in O(k).
      const swapped = new Map<number, number>();
      for (let i = 0; i < k; i++) {
        const j = rng.int(i, agents.length - 1);
        const vi = swapped.get(i) ?? i;
        const vj = swapped.get(j) ?? j;
        swapped.set(j, vi);
        const a = agents[vj] as SimAgent;
        if (!a.loggedIn) setLogin(a, true, 'available');
        else if (a.status === 'paused') setPause(a, false);
        else setPause(a, true, rng.pick(PAUSE_REASONS).code);
      }
      return k;
    },
    advance,
  };
  // Live views of the mutable fields.
  Object.defineProperties(floor, {
    version: { get: () => version, enumerable: true },
    scenarioMs: { get: () => scenarioMs, enumerable: true },
    cdrs: { get: () => cdrs, enumerable: true },
    abandons: { get: () => abandons, enumerable: true },
  });
  return floor;
}
