// One interface for every PBX family (TEL4VN, Evolux, cc_agent), with declared capabilities.
// The core polls a connector's sources and calls its action methods; it never sees vendor JSON.
// An optional method is present exactly when the matching capability is declared.
import type {
  ActiveCall,
  Agent,
  CallAction,
  Capability,
  OwnLeg,
  PauseReason,
  PbxExtension,
  QueueEntry,
  Roster,
  SystemId,
} from '../../../common/domain';
import type { ListDecoder } from '../decode/list-decoder';

// The connectors' one error lives at the bottom layer, where HTTP and decoding raise it too.
export { ConnectorError } from '../http/connector-error';

/** What one successful poll of one source contributes to the picture (whole lists, replaced per source). */
export interface SourceData {
  agents?: Agent[];
  calls?: ActiveCall[];
  queueEntries?: QueueEntry[];
  /** The supervisor's own extension is registered (softphone or IP phone logged in). */
  ownExtensionRegistered?: boolean;
  /** The calls the supervisor's own extension is a party of (kept out of `calls`); with `calls`. */
  ownLegs?: OwnLeg[];
}

export interface PollSource {
  /** e.g. 'calls', 'queue', 'agents', 'own-extension': shown in the UI with its state and data age. */
  id: string;
  /** Fetch and normalise once. Rejects with a ConnectorError (code + message naming the failing field). */
  fetch(signal: AbortSignal): Promise<SourceData>;
}

export type Credentials = { username: string; password: string } | { apiKey: string };

export interface ConnectorOptions {
  apiHost: string;
  credentials: Credentials;
  /** IANA zone of the PBX, for zone-less times. */
  timezone: string;
  /** The supervisor's own extension ('' when not set). */
  ownExtension: string;
  /** Timeout of every HTTP request. */
  requestTimeoutMs: number;
  /** The supervisor's roster (ids and names), for systems that list nothing themselves (cc_agent). */
  roster?: () => Roster;
  /** Decodes the big lists off the main thread (main/core/decode); without one they are decoded inline. */
  decoder?: ListDecoder;
  /** Hears every secret the connector obtains (an api_key from a login, each token), for redaction. */
  onSecret?: (secret: string) => void;
}

export interface CheckInOptions {
  deviceId?: string;
  force?: boolean;
}

export interface Connector {
  readonly system: SystemId;
  readonly capabilities: ReadonlySet<Capability>;
  /** Authenticate (and learn who we are). Rejects with a ConnectorError: BAD_CREDENTIALS, UNREACHABLE, NOT_A_PBX... */
  connect(): Promise<{ user: string }>;
  /** The live sources to poll, in the order they matter. */
  sources(): PollSource[];
  callAction?(action: CallAction, callId: string, ext: string): Promise<void>;
  isExtensionRegistered?(ext: string): Promise<boolean>;
  pauseAgent?(agent: Agent, reasonId?: string): Promise<void>;
  resumeAgent?(agent: Agent): Promise<void>;
  logoffAgent?(agent: Agent): Promise<void>;
  pauseReasons?(agent: Agent): Promise<PauseReason[]>;
  clickToCall?(ext: string, phone: string): Promise<void>;
  /** Every extension of the PBX, all pages (transfer targets beyond the logged-in agents). */
  listExtensions?(): Promise<PbxExtension[]>;
  checkIn?(agent: Agent, options: CheckInOptions): Promise<{ dialCode?: string }>;
  checkOut?(agent: Agent): Promise<void>;
  setQueues?(agent: Agent, queueIds: string[]): Promise<void>;
  wrapUp?(agent: Agent, seconds: number | undefined): Promise<void>;
  /** Stop timers (token refresh) and abort requests in flight. */
  close(): void;
}
