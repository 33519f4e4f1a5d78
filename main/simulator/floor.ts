// The simulated call-center floor model, independent of any PBX dialect: its state (agents, queues,
// extensions, live calls, queue entries, CDRs; shapes in floor-types.ts) and the operations that change it.
// The scenario that moves it (scenario.ts) and the picture it starts from (starting-picture.ts) stand apart.
// Dialects (dialects/*.ts) only read this model and call its operations; they never keep floor state.
//
// Time: `scenarioMs` advances by tick (timeScale compresses it); every timestamp stored here is real
// wall-clock ms (clock()), so "now - joinedAt" is right for a console.
//
// A caller's life (queue entry status):
//   Trying --routed--> (agent RINGING, still Trying) --picked up--> Answered --hangup--> gone (CDR)
//   Trying --patience runs out / abandon--> Abandoned --retention--> gone   (CDR at abandon)
//                                           Abandoned --rejoin--> Trying (same call id, rejoinedAt set)
import { phoneNumber } from './names';
import { createRng } from './prng';
import {
  PAUSE_REASONS, SimError,
  type AbandonRecord, type AgentStatus, type CdrStatus, type Floor, type FloorInternals, type FloorOptions, type SimAgent,
  type SimCall, type SimCallEvent, type SimCdr, type SimExtension, type SimQueue, type SimQueueEntry,
} from './floor-types';
import { createScenario, MEAN_PATIENCE_SEC, MEAN_TALK_SEC, MIN_PATIENCE_SEC, OUTBOUND_ANSWER_CHANCE, REJOIN_CHANCE } from './scenario';
import { backfillDay } from './backfill';
import { buildStartingPicture } from './starting-picture';

/** A whole day of records at 10,000 agents (about 200,000) with room for the live hours on top. */
const MAX_CDRS = 400_000;
const MAX_ABANDON_RECORDS = 100_000;

export function createFloor(options: FloorOptions): Floor {
  const clock = options.clock ?? Date.now;
  const rng = createRng(options.seed);
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
  const callListeners = new Set<(event: SimCallEvent) => void>();
  const tell = (event: SimCallEvent): void => {
    for (const listener of callListeners) {
      try {
        listener(event);
      } catch (e) {
        console.error('[simulator] a call event listener failed:', e);
      }
    }
  };

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
  const addCdr = (c: Omit<SimCdr, 'id'>): SimCdr => {
    const cdr: SimCdr = { id: rng.uuid(), ...c };
    cdrs.push(cdr);
    cdrById.set(cdr.id, cdr);
    if (cdrs.length > MAX_CDRS * 1.2) {
      // Amortised trim: keep the newest MAX_CDRS.
      for (const old of cdrs.slice(0, cdrs.length - MAX_CDRS)) cdrById.delete(old.id);
      cdrs = cdrs.slice(cdrs.length - MAX_CDRS);
    }
    return cdr;
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
    const now = clock();
    calls.delete(call.id);
    releaseMonitors(call);
    freeExtension(call.ext);
    const queue = call.queueId !== null ? queues[call.queueId - 1] : undefined;
    if (queue) entries.delete(call.id);
    const inbound = call.direction === 'inbound';
    const cdr = addCdr({
      callId: call.id, direction: call.direction, extension: call.ext,
      fromNumber: inbound ? call.customerNumber : call.direction === 'local' ? call.ext : call.hotline,
      toNumber: inbound ? call.hotline : call.customerNumber, receiveDest: queue?.name ?? '',
      startedAt: call.createdAt, answeredAt: call.answeredAt, endedAt: now, status, cause, customerId: call.customerId,
    });
    counters.ended++;
    touch();
    if (callListeners.size > 0) {
      tell({ state: 'hangup', call, endedAt: now });
      tell({ state: 'cdr', cdr });
    }
  };

  const pickUp = (call: SimCall): void => {
    const now = clock();
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
    if (callListeners.size > 0) tell({ state: 'answered', call });
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
    if (callListeners.size > 0) tell({ state: 'ringing', call });
    if (!ringing) pickUp(call);
    touch();
    return call;
  };

  const abandon = (entry: SimQueueEntry, mayRejoin: boolean): void => {
    const now = clock();
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
    const cdr = addCdr({
      callId: entry.callId, direction: 'inbound', extension, fromNumber: entry.number, toNumber: options.hotline,
      receiveDest: queue.name, startedAt: entry.rejoinedAt ?? entry.joinedAt, answeredAt: null, endedAt: now,
      status: 'CANCEL', cause: 'ORIGINATOR_CANCEL', customerId: '',
    });
    touch();
    if (callListeners.size > 0) {
      // A caller who gives up while an agent's phone rings hangs that extension's leg up; one still in the
      // queue rang no extension, so only the CDR is told.
      if (ringingCall) tell({ state: 'hangup', call: ringingCall, endedAt: now });
      tell({ state: 'cdr', cdr });
    }
  };

  const rejoin = (entry: SimQueueEntry): void => {
    entry.status = 'Trying';
    entry.rejoinedAt = clock();
    entry.giveUpAt = scenarioMs + ms(MIN_PATIENCE_SEC + rng.exp(MEAN_PATIENCE_SEC));
    entry.removeAt = null;
    entry.rejoinAt = null;
    (queues[entry.queueId - 1] as SimQueue).waiting.push(entry.callId);
    counters.rejoined++;
    bump(entry);
  };

  const newCaller = (queue: SimQueue, number: string): SimQueueEntry => {
    const entry: SimQueueEntry = {
      callId: rng.uuid(), queueId: queue.id, number, status: 'Trying', agentId: null, joinedAt: clock(),
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
      agentId: ext.agentId, queueId: null, state: 'ringing', createdAt: clock(), answeredAt: null, customerId: opts.customerId ?? '',
      ringUntil: scenarioMs + ms(rng.int(3, 9)), willAnswer: !ringing || rng.chance(OUTBOUND_ANSWER_CHANCE), endAt: Infinity, monitors: [], rev: 0,
    };
    calls.set(call.id, call);
    occupy(ext, call.id);
    if (callListeners.size > 0) tell({ state: 'ringing', call });
    if (!ringing) pickUp(call);
    touch();
    return call;
  };

  // ---- agent state --------------------------------------------------------------------------------------
  const setLogin = (a: SimAgent, loggedIn: boolean, status: AgentStatus, campaignUuid?: string): void => {
    const now = clock();
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
    a.updatedAt = clock();
    refreshIdle(a);
    bump(a);
  };

  // ---- time: rings end, calls end, callers give up, call back or leave the list; then the scenario --------
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
    if (random) scenario.randomStep(dtMs / 1000);
    scenario.routeWaiting();
  };

  const internals: FloorInternals = {
    options, rng, agents, queues, entries, idle, counters,
    get scenarioMs() {
      return scenarioMs;
    },
    addQueue: (queue) => {
      queues.push(queue);
      queueByUuid.set(queue.uuid, queue);
    },
    addAgent: (agent) => {
      agents.push(agent);
      agentByUuid.set(agent.uuid, agent);
    },
    addExtension, refreshIdle, agentCall, newCaller, route, startCall, setLogin, setPause,
    resetVersion: () => {
      version = 0;
    },
  };
  const scenario = createScenario(internals);
  buildStartingPicture(internals);
  if (options.backfillFrom !== undefined) {
    const day = backfillDay({ seed: options.seed, agents, queues, hotline: options.hotline, dayStart: options.backfillFrom, now: clock() });
    for (const cdr of day) {
      cdrs.push(cdr);
      cdrById.set(cdr.id, cdr);
    }
  }

  const floor: Floor = {
    options, rng, domainUuid, agents, queues, extensions, calls, entries, abandons: [], cdrs: [], pauseReasons: PAUSE_REASONS,
    version: 0, scenarioMs: 0, counters,
    agent: agentRef,
    queue: queueRef,
    extension: extRef,
    cdr: (ref) => {
      const byId = cdrById.get(ref);
      if (byId) return byId;
      for (let i = cdrs.length - 1; i >= 0; i--) if ((cdrs[i] as SimCdr).callId === ref) return cdrs[i];
      return undefined;
    },
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
      a.updatedAt = clock();
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
    hangupExtension: (ref) => {
      const ext = extRef(ref);
      if (!ext) throw new SimError(404, `extension ${ref} not found`);
      const m = ext.monitoring;
      if (m) {
        // The monitoring leg ends; the monitored call goes on.
        ext.monitoring = null;
        const call = calls.get(m.callId);
        if (call) {
          call.monitors = call.monitors.filter((x) => x.ext !== ext.number);
          bump(call);
        }
        const a = ext.agentId !== null ? agents[ext.agentId - 1] : undefined;
        if (a) refreshIdle(a);
        touch();
        return;
      }
      if (ext.callId === null) throw new SimError(409, `extension ${ext.number} is not on a call`);
      floor.hangup(ext.callId);
    },
    monitor: (callId, extNumber, mode) => {
      const call = calls.get(callId);
      const ext = extRef(extNumber);
      if (!call) throw new SimError(404, 'CALL_NOT_FOUND');
      if (!ext || !ext.registered) throw new SimError(409, 'USER_NOT_REGISTERED');
      if (extensionBusy(ext)) throw new SimError(409, 'USER_BUSY');
      ext.monitoring = { callId, mode };
      if (ext.agentId !== null) idle.delete(ext.agentId);
      call.monitors.push({ ext: ext.number, mode, since: clock() });
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
    onCallEvent(listener) {
      callListeners.add(listener);
      return () => {
        callListeners.delete(listener);
      };
    },
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
