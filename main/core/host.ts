// The seam between the core and its hosts (Electron shell, web host, tests, bench).
// A host supplies storage and the demo PBX; the core answers bridge requests and emits bridge events.
// No Electron import here: the shell implements these interfaces with electron-store and safeStorage.
import type { BridgeResult, EventChannel, EventPayloads } from '../../common/contract';

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
  /** Cadence of the call-record passes in ms (default 30 s; tests shorten it). */
  recordsIntervalMs?: number;
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
