// The live picture of a call-center floor, in the console's own terms.
// Every PBX connector maps its vendor JSON into these types; the renderer only ever sees these.
// Pure types and constants: no Node, DOM or Electron import (enforced by ESLint).

/** The PBX families Floorwatch can drive (see ../shared/seeds). */
export const SYSTEMS = ['tel4vn', 'evolux', 'ccagent'] as const;
export type SystemId = (typeof SYSTEMS)[number];

/** Epoch milliseconds (UTC). Zone-less PBX times are converted with the PBX time-zone setting. */
export type EpochMs = number;

export type AgentState = 'available' | 'paused' | 'ringing' | 'on-call' | 'wrap-up' | 'offline';

export interface Agent {
  /** Stable PBX id: TEL4VN user_uuid, Evolux agent id, cc_agent user_id. */
  id: string;
  name: string;
  username: string;
  extension: string | null;
  state: AgentState;
  /** When the agent entered `state`; null when the PBX does not say. */
  stateSince: EpochMs | null;
  pauseReason: string | null;
  /** Longest allowed pause in seconds when the PBX declares one (Evolux limit_duration). */
  pauseLimitSec: number | null;
  queues: string[];
  campaign: string | null;
  /** The call the agent is on, joined by extension. */
  callId: string | null;
  /** 'pbx': read back from the PBX. 'console': the last state this console set (cc_agent lists nothing). */
  origin: 'pbx' | 'console';
  /**
   * Queue callers this agent answered today, as counted by the console (see QueueSummary.day); null where
   * the PBX has no queue monitor to count from.
   */
  answeredToday: number | null;
}

export type CallDirection = 'inbound' | 'outbound' | 'local';
export type CallState = 'ringing' | 'on-call';

export interface ActiveCall {
  id: string;
  extension: string;
  agentId: string | null;
  agentName: string;
  customerNumber: string;
  direction: CallDirection;
  state: CallState;
  startedAt: EpochMs;
  /**
   * The queue the call came through; null for outbound and internal calls, and while unknown. TEL4VN's
   * monitor never says: the core derives it from the queue monitor (main/core/picture/queue-derivation.ts).
   */
  queueId: string | null;
  queueName: string | null;
}

export type QueueEntryStatus = 'waiting' | 'answered' | 'abandoned';

/** One caller's visit to an inbound queue (TEL4VN /v3/monitor/callcenter/queue). */
export interface QueueEntry {
  /** The call's uuid. */
  id: string;
  queueId: string;
  queueName: string;
  number: string;
  status: QueueEntryStatus;
  /** Start of the current wait: the rejoin time when the caller rejoined, else the join time. */
  joinedAt: EpochMs;
  bridgedAt: EpochMs | null;
  abandonedAt: EpochMs | null;
  agentName: string | null;
}

export interface QueueSummary {
  id: string;
  name: string;
  waiting: number;
  /** joinedAt of the longest waiting caller, so the renderer can tick it; null when nobody waits. */
  longestWaitSince: EpochMs | null;
  answered: number;
  abandoned: number;
  /** Mean wait of answered and abandoned callers, in seconds. */
  avgWaitSec: number | null;
  /** Share of answered-or-abandoned callers answered within the service-level threshold, 0-100. */
  serviceLevelPct: number | null;
  /** Share of today's answered-or-abandoned callers who abandoned, 0-100; null before the first outcome. */
  abandonedPct: number | null;
  /** The queue's agents now (agents whose queues name it). Wrap-up counts as on a call: not free to answer. */
  staffing: QueueStaffing;
  /**
   * What today's figures (answered, abandoned, the percentages, average wait) are counted from. 'console':
   * the visits this console saw in the queue monitor since `countedSince` (when it started watching today;
   * null when not known); 'cdr': the PBX's own records of the whole day.
   */
  day: { basis: 'console' | 'cdr'; countedSince: EpochMs | null };
}

export interface QueueStaffing {
  available: number;
  onCall: number;
  paused: number;
  ringing: number;
}

export interface AbandonedCall {
  /** callId + ':' + joinedAt, so a rejoin that is abandoned again is a new record. */
  id: string;
  callId: string;
  number: string;
  queueId: string;
  queueName: string;
  waitedSec: number;
  joinedAt: EpochMs;
  abandonedAt: EpochMs;
  handled: boolean;
  handledAt: EpochMs | null;
  calledBackAt: EpochMs | null;
  /** Found in the PBX's records, not seen live: it happened while the console (or the PBX link) was away. */
  whileAway?: boolean;
  /** The caller got through later (an answered call from or to the same number): shown as reached. */
  reachedAt?: EpochMs | null;
}

/** How a call ended, from the PBX's record (seed 002's status table, in any letter case or spelling). */
export const CALL_RECORD_STATUSES = ['answered', 'busy', 'no-answered', 'cancel', 'not-available', 'invalid', 'other'] as const;
export type CallRecordStatus = (typeof CALL_RECORD_STATUSES)[number];

/** One call detail record (TEL4VN GET /v2/cdr), in the console's terms. Never carries the recording's URL. */
export interface CallRecord {
  /** The CDR id, trimmed (the seed has one with a stray space). */
  id: string;
  /** null when the PBX sent a direction this console does not know. */
  direction: CallDirection | null;
  /** The agent's extension that took or placed the call ('' when none). */
  extension: string;
  /** Calling and called numbers ('' when the mapping does not carry them: flex has no caller). */
  from: string;
  to: string;
  /** receive_dest: the queue or ring group that received the call; null when none (or flex mapping). */
  destination: string | null;
  startedAt: EpochMs;
  answeredAt: EpochMs | null;
  endedAt: EpochMs;
  durationSec: number;
  /** Connected time (billsec, else ended - answered); 0 when never answered. */
  talkSec: number;
  status: CallRecordStatus;
  /** The PBX's own status word, e.g. "NO_ANSWER". */
  statusText: string;
  cause: string | null;
  customerId: string | null;
  hasRecording: boolean;
}

/** Today's figures of one queue (or of the floor, id ''), over the day or one 30-minute interval. */
export interface TodayFigures {
  /** Closed visits (answered + abandoned) plus, for the day and the current interval, the callers waiting now. */
  offered: number;
  answered: number;
  abandoned: number;
  /** Abandoned within the short-abandon cut-off (counted in `abandoned`, left out of the service level). */
  shortAbandoned: number;
  answeredInSl: number;
  /** answeredInSl / (answered + abandoned - shortAbandoned) x 100; null with no such visit. */
  serviceLevelPct: number | null;
  /** Average speed of answer: mean wait of the answered visits, seconds. */
  asaSec: number | null;
  /** Average handle (talk) time of the answered visits whose record has closed, seconds. */
  ahtSec: number | null;
  /** (abandoned - shortAbandoned) / (answered + abandoned - shortAbandoned) x 100. */
  abandonRatePct: number | null;
  waiting: number;
}

export interface TodayQueue {
  /** The queue monitor's queue id ('' = the whole floor). */
  id: string;
  name: string;
  /** Threshold of this queue's service level, seconds. */
  serviceLevelSec: number;
  day: TodayFigures;
  /** 48 half hours of the PBX-local day, from midnight; future ones are all zeros. */
  intervals: TodayFigures[];
}

export interface AgentToday {
  extension: string;
  agentId: string | null;
  name: string;
  /** Calls connected on the agent's extension (inbound and outbound). */
  answered: number;
  /** Inbound calls that rang the agent and were not answered (status no-answered). */
  missed: number;
  talkSec: number;
  ahtSec: number | null;
  lastCallAt: EpochMs | null;
  /** Pauses today as this console saw them in the agents list (the one in progress included), and their time. */
  pauses: number;
  pausedSec: number;
}

/** The day on the floor, reconciled: PBX records for what has closed, the live queue for what is happening. */
export interface TodayState {
  /** PBX-local "YYYY-MM-DD". */
  day: string;
  dayStart: EpochMs;
  at: EpochMs;
  /** The floor (id '') first, then each queue by name. */
  queues: TodayQueue[];
  shortAbandonSec: number;
  /** When the record source last read the PBX (null: never this day): the figures' age. */
  recordsAt: EpochMs | null;
  /** Records of the day read so far. */
  records: number;
  /** The first pass of the day is still reading (figures are a lower bound until it ends). */
  catchingUp: boolean;
  /** The floor whose hub read these records (issue 18; `recordsAt` is then the hub's last read); absent: this console's own. */
  recordsHub?: string;
}

export interface Snapshot {
  /** Increases by one for every published picture. */
  seq: number;
  at: EpochMs;
  agents: Agent[];
  calls: ActiveCall[];
  queueEntries: QueueEntry[];
  queues: QueueSummary[];
}

export interface RowChanges<T> {
  upsert: T[];
  remove: string[];
}

/** What changed between snapshot `baseSeq` and snapshot `seq`: rows keyed by `id`. */
export interface ChangeSet {
  seq: number;
  baseSeq: number;
  at: EpochMs;
  agents: RowChanges<Agent>;
  calls: RowChanges<ActiveCall>;
  queueEntries: RowChanges<QueueEntry>;
  queues: RowChanges<QueueSummary>;
}

export type FloorEvent =
  | { type: 'call-started'; at: EpochMs; call: ActiveCall }
  | { type: 'call-answered'; at: EpochMs; call: ActiveCall }
  | { type: 'call-ended'; at: EpochMs; callId: string }
  | { type: 'agent-state'; at: EpochMs; agentId: string; from: AgentState | null; to: AgentState }
  | { type: 'call-abandoned'; at: EpochMs; call: AbandonedCall }
  /** Abandons found in the PBX's records that nobody was told of: one summary, never one per old call. */
  | { type: 'abandoned-caught-up'; at: EpochMs; calls: AbandonedCall[] };

/**
 * A poll source's state machine:
 *
 *   connecting --ok--> live --fail--> stale --fail again--> backoff --ok--> live
 *        |                                 \--401 after refresh+replay--> unauthorized
 *        \--unreachable--> offline --ok--> live
 */
export type SourceState = 'connecting' | 'live' | 'stale' | 'backoff' | 'unauthorized' | 'offline';

export interface SourceStatus {
  /** Connector-defined, e.g. 'calls', 'queue', 'agents', 'own-extension'. */
  id: string;
  state: SourceState;
  lastGoodAt: EpochMs | null;
  lastError: AppError | null;
  failures: number;
  /**
   * 'hub': the floor hub's reading of the PBX (its state and age, as its health record says), not this
   * console's own poll: the day's call records while a console takes the hub's passes (issue 18).
   */
  via?: 'hub';
}

export type ErrorCode =
  | 'INVALID_PAYLOAD'
  | 'FORBIDDEN_SENDER'
  /** A read-only session (the wallboard's) asked for something other than reading. */
  | 'FORBIDDEN'
  | 'NOT_CONNECTED'
  | 'NOT_SUPPORTED'
  | 'BAD_CREDENTIALS'
  | 'UNREACHABLE'
  /** The browser lost its connection to the Floorwatch web host itself (not the PBX); it reconnects. */
  | 'HOST_UNREACHABLE'
  | 'NOT_A_PBX'
  | 'TIMEOUT'
  | 'HTTP_ERROR'
  | 'BAD_RESPONSE'
  | 'UNAUTHORIZED'
  /** An action met the PBX's expired token: nothing was done, the token is renewed, the session stays; press again. */
  | 'TOKEN_RENEWED'
  | 'USER_NOT_REGISTERED'
  | 'USER_BUSY'
  /** The supervisor's own phone is already on a call (monitoring, a call-back): hang it up first. */
  | 'OWN_PHONE_BUSY'
  | 'UNKNOWN_CALL'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** Another screen on the floor holds this abandoned caller's call-back (a floor hub's claim). */
  | 'CLAIMED'
  | 'OWN_EXTENSION_NOT_SET'
  | 'ACTION_IN_FLIGHT'
  | 'COOLDOWN'
  | 'PBX_ERROR'
  | 'SETTINGS_INVALID'
  | 'INTERNAL';

export interface AppError {
  code: ErrorCode;
  /** A sentence for the supervisor (English; the renderer translates by `code` where it can). */
  message: string;
  /** The PBX's own words, when it gave any (never a secret). */
  pbxMessage?: string;
  /** The vendor field that failed validation, for BAD_RESPONSE. */
  field?: string;
  /**
   * Whose extension the error is about, so the words name the right party: 'own' the supervisor's phone
   * (listen / whisper / barge / call-back), 'target' the extension a transfer goes to. With `extension`.
   */
  party?: 'own' | 'target';
  extension?: string;
  /** CLAIMED: who holds the caller ("Nguyễn Văn A (ext 721)"), for the translated sentence. */
  holder?: string;
}

/** What a connected PBX family can do; the UI shows only these. */
export const CAPABILITIES = [
  'live-agents',
  'live-calls',
  'queue-monitor',
  'call-actions',
  'agent-pause',
  'agent-pause-reasons',
  'agent-logoff',
  'queue-membership',
  'wrap-up',
  'check-in',
  'click-to-call',
  'call-history',
  'own-extension-status',
  'roster',
  /** Autodialer / autocall lists, their start / stop / delete and do-not-call (TEL4VN, issue 19). */
  'outbound-queues',
  /** Customer names by number (TEL4VN /v2/customer). */
  'customer-directory',
  /** Log an agent into a campaign (TEL4VN /v3/agent/login) and read a user's status (/v2/user/{id}/status). */
  'agent-login',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export type SessionState = 'disconnected' | 'connecting' | 'connected' | 'unauthorized' | 'error';

/** All the renderer learns of the session: never a token, api_key or password. */
export interface SessionStatus {
  state: SessionState;
  system: SystemId | null;
  apiHost: string | null;
  user: string | null;
  ownExtension: string | null;
  demo: boolean;
  capabilities: Capability[];
  error: AppError | null;
  /**
   * In state `error`: when the core tries to connect again by itself (epoch ms), because the PBX was
   * unreachable or in trouble rather than refusing the credentials; absent when it will not.
   */
  retryAt?: number;
  /** On a floor hub (issue 18): where the picture comes from now; absent or null when not on a hub. */
  hub?: HubLinkStatus | null;
}

/**
 * A console on a floor hub (docs/hub.md): its picture is the hub's while the hub speaks; when the hub goes
 * silent for longer than 1.5 poll intervals the console polls the PBX itself ('own') until the hub is back.
 * The header says which, in words: a supervisor must know whose picture they act on.
 */
interface HubLinkStatus {
  floor: string;
  /** 'hub': the floor hub's picture; 'own': the console's own polling (the hub silent or not reached yet). */
  source: 'hub' | 'own';
  /** Since when (epoch ms). */
  since: EpochMs;
}

/**
 * Who is calling back an abandoned caller, shared by every screen on the floor (KV claims-<F>): "Nguyễn
 * Văn A (ext 721) is calling back". `callId` is the abandoned call's id (AbandonedCall.id).
 */
export interface FloorClaim {
  callId: string;
  by: { user: string; name: string; extension: string | null };
  /** 'calling-back' holds the caller; 'handled' the call-back ended (anyone may claim it again). */
  state: 'calling-back' | 'handled';
  at: EpochMs;
}

/** "Nguyễn Văn A (ext 721)": a claim's holder, in main's refusal (CLAIMED) and on every screen. */
export const claimHolder = (c: FloorClaim): string => (c.by.extension ? `${c.by.name} (ext ${c.by.extension})` : c.by.name);

export const CALL_ACTIONS = ['listen', 'whisper', 'barge', 'transfer'] as const;
export type CallAction = (typeof CALL_ACTIONS)[number];
export type MonitorMode = Exclude<CallAction, 'transfer'>;

/**
 * A call the supervisor's own extension is a party of, kept apart from the floor's calls: a call-back
 * ringing or talking, the leg of a monitoring session. Never a target of listen / whisper / barge.
 */
export interface OwnLeg {
  callId: string;
  state: CallState;
  direction: CallDirection;
  /** The other party's number as the PBX gives it (the customer a call-back dials). */
  number: string;
  startedAt: EpochMs;
}

/** The call the supervisor's phone listens to, whispers into or barges into. */
export interface MonitoringSession {
  callId: string;
  mode: MonitorMode;
  agentId: string | null;
  agentName: string;
  agentExtension: string;
  customerNumber: string;
  /** When the PBX accepted the request. */
  since: EpochMs;
  /** The PBX has listed the own extension's leg on this call at least once. */
  legSeen: boolean;
}

/** Why a monitoring session ended: the call ended, the supervisor hung up, or the phone unregistered. */
export type MonitoringEndReason = 'call-ended' | 'hung-up' | 'unregistered';

/** The last monitoring session that ended, so the console can say so and why. */
interface MonitoringEnd {
  callId: string;
  mode: MonitorMode;
  agentName: string;
  reason: MonitoringEndReason;
  at: EpochMs;
}

/**
 * The own extension's registration as the own-extension poll last read it: 'unknown' before the first
 * answer or while the poll fails, 'no-such-extension' when the PBX does not know it, 'not-set' without one.
 */
export type PhoneRegistration = 'registered' | 'not-registered' | 'no-such-extension' | 'unknown' | 'not-set';

/** The supervisor's own phone: registration, the monitoring session, its other legs. */
export interface OwnPhone {
  extension: string | null;
  /** As last read (its age: the own-extension source's lastGoodAt). */
  registration: PhoneRegistration;
  monitoring: MonitoringSession | null;
  /** Own legs other than the monitoring one (a call-back in progress). */
  legs: OwnLeg[];
  /** The last monitoring session that ended (null: none yet on this connection). */
  ended: MonitoringEnd | null;
  /**
   * The phone is known to be on a call (a leg the PBX lists, or a monitoring session whose leg it listed):
   * listen / whisper / barge / call-back would only be refused as busy.
   */
  busy: boolean;
}

export type ActionKind =
  | CallAction
  | 'pause'
  | 'resume'
  | 'logoff'
  | 'call-back'
  | 'check-in'
  | 'check-out'
  | 'check-in-device'
  | 'set-queues'
  | 'wrap-up'
  /** TEL4VN /v3/agent/login: an agent logged into a campaign by the supervisor (issue 19). */
  | 'agent-login'
  /** Outbound queues (issue 19): a list loaded, a queue started / stopped / deleted, a DNC list imported. */
  | 'outbound-load'
  | 'outbound-start'
  | 'outbound-stop'
  | 'outbound-delete'
  | 'outbound-dnc';

export interface ActionOutcome {
  kind: ActionKind;
  /** Call id, agent id or abandoned-call id the action was on. */
  target: string;
  at: EpochMs;
  /** For check-in: the number the agent must dial to finish (cc_agent). */
  dialCode?: string;
}

export interface AuditRecord {
  at: EpochMs;
  user: string;
  system: SystemId;
  kind: ActionKind;
  target: string;
  /** Extension or queue ids the action carried. */
  detail: string;
  ok: boolean;
  error: AppError | null;
  /** 'renderer' | 'global-shortcut' | 'notification' */
  origin: string;
  /** Who and what the action was on, as the floor showed it then (records before this field lack it). */
  subject?: AuditSubject;
  /** The supervisor's own extension then: which screen did it, on a floor hub's shared audit. */
  ownExtension?: string;
}

/** The people and numbers behind an audit record's target id, so the trail reads without the floor. */
export interface AuditSubject {
  /** The agent on the call, or the agent acted on. */
  agentName: string | null;
  /** That agent's extension. */
  extension: string | null;
  /** The customer's number (the caller on the call, or the abandoned caller called back). */
  number: string | null;
  /** Transfer: the extension the call was sent to. */
  toExtension?: string;
  /** Outbound actions: the queue (`family:code`) and how many rows the action carried. */
  queue?: string;
  rows?: number;
}

/** One extension of the PBX, logged in as an agent or not (TEL4VN /v3/agent/extension): transfer targets. */
export interface PbxExtension {
  extension: string;
  /** The user the extension belongs to ('' when none). */
  userId: string;
  username: string;
  enabled: boolean;
}

export interface PauseReason {
  id: string;
  name: string;
  limitSec: number | null;
}

/** cc_agent lists nothing, so the supervisor keeps these ids and names. */
export interface Roster {
  agents: { id: string; name: string; extension: string | null }[];
  pauseReasons: { id: string; name: string }[];
  queues: { id: string; name: string }[];
  devices: { id: string; name: string }[];
}

/** A stored roster that could not be read at start, kept aside under `file` (a name in the data folder). */
export interface RosterSetAside {
  file: string;
  at: EpochMs;
  reason: string;
}

/** `roster:get`: the roster, and the damaged one set aside at start (until a good import replaces it). */
export interface RosterInfo {
  roster: Roster;
  setAside: RosterSetAside | null;
}

export type Locale = 'en' | 'vi' | 'pt-BR';
