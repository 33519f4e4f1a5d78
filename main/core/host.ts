// The seam between the core and its hosts (Electron shell, web host, tests, bench).
// A host supplies storage and the demo PBX; the core answers bridge requests and emits bridge events.
// No Electron import here: the shell implements these interfaces with electron-store and safeStorage.
import type { Alert, QueueForecast } from '../../common/alerts';
import type { BridgeResult, EventChannel, EventPayloads } from '../../common/contract';
import type { AbandonedCall, AuditRecord, CallRecord, FloorClaim, Snapshot, SourceStatus } from '../../common/domain';
import type { FloorHubSettings } from '../../common/settings';
import type { SharedOutboundQueue } from '../../common/outbound';

/** Persistence of the public settings (electron-store in the shell, a JSON file or memory elsewhere). */
export interface SettingsStore {
  /** The stored value as found: the core validates and migrates it. */
  read(): unknown;
  write(value: unknown): void;
}

export type SecretName = 'password' | 'apiKey';

/** Secrets at rest: only ever through safeStorage in the shell; memory or environment in the web host. */
export interface SecretStore {
  /** False where the platform has no real encryption (Linux basic_text): then nothing is written. */
  readonly encrypted: boolean;
  get(name: SecretName): Promise<string | null>;
  set(name: SecretName, value: string): Promise<void>;
  clear(): Promise<void>;
}

/** The built-in simulator, started on 127.0.0.1 for demo mode. */
export interface DemoPbx {
  url: string;
  username: string;
  password: string;
  /** The simulated supervisor hangs up `extension`: its monitoring leg or call ends (demo control). */
  hangUp?(extension: string): void;
  close(): Promise<void>;
}

/** The floor hub's picture as a console receives it: the hub core's snapshot, and its abandoned journal. */
export interface HubPicture {
  snapshot: Snapshot;
  /** The floor's abandoned list (with a snapshot read whole; null with a change set). */
  abandoned: AbandonedCall[] | null;
}

/** The hub's heartbeat: `beat` moves whenever the hub wrote its health (a KV revision: no clock shared). */
interface HubBeat {
  beat: number;
  /** The hub's sources as it reported them, their ages at that moment. */
  sources: (SourceStatus & { ageMs: number | null })[];
}

/** The floor's alerts as its hub runs them, with every screen's acknowledgements and snoozes laid over. */
export interface SharedAlerts {
  alerts: Alert[];
  forecasts: QueueForecast[];
}

/** One supervisor's acknowledgement or snooze of a floor alert (`by`: as the console signs its acks). */
export type AlertMark =
  | { kind: 'ack'; id: string; by: string; at: number }
  | { kind: 'snooze'; id: string; by: string; until: number; at: number };

/** One pass of the PBX's call records (or part of one), as the floor hub shares it. */
export interface RecordPass {
  records: CallRecord[];
  /** The pass read everything up to its time (the day's figures are whole from then on). */
  complete: boolean;
}

/** A claim attempt: won, or held by another screen (null holder: it was released meanwhile). */
type ClaimAttempt = { ok: true; revision: number } | { ok: false; holder: FloorClaim | null };

/**
 * A console's link to its floor hub (issue 18; main/hub/console-link.ts implements it over NATS). The core
 * only sees this: the picture to follow, the heartbeat, the claims and the shared audit.
 */
export interface FloorLink {
  readonly floor: string;
  /** The NATS user this screen signs its claims and audit records with. */
  readonly user: string;
  /** Take the floor's snapshot and follow its changes; rejects when the hub cannot be read. */
  follow(onPicture: (picture: HubPicture) => void, onError: (error: unknown) => void): Promise<{ stop(): Promise<void> }>;
  /** The hub's last heartbeat; null when it cannot be read (NATS away, no hub yet). */
  heartbeat(): Promise<HubBeat | null>;
  /** Claim an abandoned call's call-back: an exclusive create (or a take-over of a 'handled' one). */
  claim(claim: FloorClaim): Promise<ClaimAttempt>;
  /** Move a claim held at `revision` on (to 'handled'); false when it changed since. */
  finishClaim(claim: FloorClaim, revision: number): Promise<boolean>;
  /** Give a claim held at `revision` back; false when it changed since. */
  releaseClaim(callId: string, revision: number): Promise<boolean>;
  /** Every claim now, then again on each change, until the returned stop. */
  watchClaims(onClaims: (claims: FloorClaim[]) => void): Promise<() => void>;
  /** The floor's alerts (the hub's, marks laid over) now, then at each change, until the returned stop. */
  watchAlerts(onAlerts: (shared: SharedAlerts) => void): Promise<() => void>;
  /** An acknowledgement or snooze of a floor alert, for every screen (kept by the server). */
  markAlert(mark: AlertMark): Promise<void>;
  /** The hub's passes of the day's call records, all the stream holds then each new one, until the returned stop. */
  followRecords(onPass: (pass: RecordPass) => void): Promise<() => void>;
  /** This console's outbound queue onto the floor's shared list (KV outbound-<F>); null takes it off. */
  shareOutbound(key: string, queue: SharedOutboundQueue | null): Promise<void>;
  /** Every shared outbound queue now, then again on each change, until the returned stop. */
  watchOutbound(onQueues: (queues: SharedOutboundQueue[]) => void): Promise<() => void>;
  /** One audit record onto the floor's stream (besides the local log). */
  publishAudit(record: AuditRecord): Promise<void>;
  /** The floor's audit records from `sinceMs` on, oldest first, at most `limit` (the newest). */
  readAudit(sinceMs: number, limit: number): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

/** Opens the link for the settings' floor hub; the host holds the NATS credentials (never the core). */
export type FloorLinkOpener = (hub: FloorHubSettings) => Promise<FloorLink>;

export interface CoreDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  /** A folder of the host's (userData in Electron) for the audit log and the abandoned-call journal. */
  dataDir: string;
  startDemoPbx: () => Promise<DemoPbx>;
  host: 'electron' | 'web';
  version: string;
  nativeNotifications: boolean;
  globalShortcuts: boolean;
  now?: () => number;
  /** Poll cadence override in ms (tests and the benchmark poll faster than the 1 s settings minimum). */
  pollIntervalMs?: number;
  /** Timeout of each PBX request in ms (default 5 s; tests shorten it to exercise timeouts quickly). */
  requestTimeoutMs?: number;
  /**
   * The decode worker's entry file (main/core/decode/decode-worker.ts, or its build): the big PBX lists are
   * then decoded off the main thread. Absent: decoded inline (unit tests).
   */
  decodeWorker?: string | URL;
  /** The desktop shell opens the wallboard in its own window; absent (web host), the page opens a tab. */
  openWallboard?: () => void;
  /** The desktop shell saves a CSV where the supervisor chooses; absent (web host), the page downloads it. */
  saveCsv?: (name: string, text: string) => Promise<{ saved: boolean }>;
  /** Cadence of the call-record passes in ms (default 30 s; tests shorten it). */
  recordsIntervalMs?: number;
  /** Consoles on a floor hub (settings.floorHub): how this host reaches it. Absent: the host has no hub. */
  openFloorLink?: FloorLinkOpener;
  /**
   * Where the desktop keeps the floor hub's NATS password (safeStorage, beside the PBX secrets but apart
   * from them). Absent (web host): the password comes from the host's environment.
   */
  floorHubPassword?: { set(password: string): Promise<void> };
}

export type EventListener = <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => void;

/** Who asked for a request: recorded in the audit log. */
export type RequestOrigin = 'renderer' | 'global-shortcut' | 'notification' | 'tray';

export interface Core {
  /** Validate `payload` against the contract and run it. Never throws. */
  invoke(channel: string, payload: unknown, origin?: RequestOrigin): Promise<BridgeResult<unknown>>;
  subscribe(listener: EventListener): () => void;
  /**
   * A recording main fetched for the page, by the path `history:recording` gave (/recordings/<token>):
   * the host serves it from the app's own origin. Undefined for any other path.
   */
  readRecording(path: string): { bytes: Buffer; contentType: string } | undefined;
  /** Resume a remembered session, or start the demo when nothing is configured. */
  start(): Promise<void>;
  stop(): Promise<void>;
}
