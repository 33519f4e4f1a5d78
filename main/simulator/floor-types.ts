// The simulated floor's shapes, independent of any PBX dialect: agents (uuid AND small numeric id), queues
// (same), extensions, live calls, queue entries, CDRs, the `Floor` every dialect reads and operates, and
// `FloorInternals`, the model's own state and operations that only the scenario (scenario.ts) and the
// starting picture (starting-picture.ts) use.
//
// Time: every timestamp stored here is real wall-clock ms (Date.now()), so "now - joinedAt" is right for a
// console; fields named "scenario ms" count the scenario's own compressed time.
import type { Rng } from './prng';

export type AgentStatus = 'available' | 'paused';
export type CallDirection = 'inbound' | 'outbound' | 'local';
type EntryStatus = 'Trying' | 'Answered' | 'Abandoned';
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

interface SimMonitor {
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
  /** More registered, idle extensions for other supervisors' phones (several screens on one floor). */
  otherSupervisorExtensions?: readonly string[];
  domainName: string;
  hotline: string;
  /** How far arrivals swell and ebb over 20 minutes, 0..1 (default 0.6; 0 = a steady floor). */
  surge?: number;
  /**
   * 'steady' (default): arrivals swell and ebb by `surge` all day. 'busy-morning': 08:00-12:00 of scenario
   * time, arrivals ramp up to a peak the floor cannot staff, unevenly across queues, with a wave of pauses
   * at its start (scenario.ts): the day issue 17's breach predictor is backtested on.
   */
  scenario?: 'steady' | 'busy-morning';
  /** The wall clock stamped on every time (default Date.now); the backtest runs a compressed day on its own. */
  clock?: () => number;
  /** The PBX-local midnight of today: the day so far is written as CDRs at start (backfill.ts). Absent: none. */
  backfillFrom?: number;
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

/**
 * A call's moment as a PBX tells its event hooks (TEL4VN seed 002 "Event Hook Data"): an extension starts
 * ringing, answers, hangs up; a CDR is written. Told after the floor has changed.
 */
export type SimCallEvent =
  | { state: 'ringing' | 'answered'; call: SimCall }
  | { state: 'hangup'; call: SimCall; endedAt: number }
  | { state: 'cdr'; cdr: SimCdr };

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
  /** The phone on `ext` hangs up: its monitoring leg ends (the call goes on), or the call it is a party of ends. */
  hangupExtension(ext: string): void;
  monitor(callId: string, ext: string, mode: MonitorMode): void;
  transfer(callId: string, ext: string): void;
  mutate(fraction: number): number;
  /** Advance the scenario by `dtMs` of scenario time; `random` false = only time-driven changes. */
  advance(dtMs: number, random?: boolean): void;
  /** Hear every call event (the event hooks); returns the unsubscribe. Costs nothing while nobody listens. */
  onCallEvent(listener: (event: SimCallEvent) => void): () => void;
}

/** The floor model's state and operations behind `Floor`, for the scenario and the starting picture. */
export interface FloorInternals {
  readonly options: FloorOptions;
  readonly rng: Rng;
  readonly agents: SimAgent[];
  readonly queues: SimQueue[];
  readonly entries: ReadonlyMap<string, SimQueueEntry>;
  /** Logged in, available, not on a call: who can take a queue call. Insertion order keeps it deterministic. */
  readonly idle: ReadonlySet<number>;
  readonly counters: Floor['counters'];
  readonly scenarioMs: number;
  addQueue(queue: SimQueue): void;
  addAgent(agent: SimAgent): void;
  addExtension(number: string, agentId: number | null, registered: boolean): SimExtension;
  refreshIdle(a: SimAgent): void;
  agentCall(a: SimAgent): SimCall | undefined;
  newCaller(queue: SimQueue, number: string): SimQueueEntry;
  /** Puts a waiting caller on an agent's extension: ringing (scenario routing) or answered at once. */
  route(entry: SimQueueEntry, agent: SimAgent, ringing: boolean): SimCall;
  startCall: Floor['startCall'];
  setLogin(a: SimAgent, loggedIn: boolean, status: AgentStatus, campaignUuid?: string): void;
  setPause(a: SimAgent, paused: boolean, code?: string): void;
  /** The starting picture is version 0: dialects see no change until the scenario moves. */
  resetVersion(): void;
}
