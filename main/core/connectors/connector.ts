// One interface for every PBX family (TEL4VN, Evolux, cc_agent), with declared capabilities.
// The core polls a connector's sources and calls its action methods; it never sees vendor JSON.
// An optional method is present exactly when the matching capability is declared.
import type {
  ActiveCall,
  Agent,
  CallAction,
  CallDirection,
  CallRecord,
  EpochMs,
  Capability,
  OwnLeg,
  PauseReason,
  PbxExtension,
  QueueEntry,
  QueueSummary,
  Roster,
  SystemId,
} from '../../../common/domain';
import type {
  AutocallQueueFields,
  AutodialerQueueFields,
  OutboundBatchResult,
  OutboundCustomer,
  OutboundFamily,
  OutboundLoadReport,
  OutboundQueueAction,
} from '../../../common/outbound';
import type { CustomerName, UserStatus } from '../../../common/customers';
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
  /** Call records read by one pass (new and already seen alike: the day's ledger keeps each id once). */
  callRecords?: { records: CallRecord[]; complete: boolean };
  /** The queues as the floor hub summarised them (its day's figures): taken as they are, not summarised again. */
  queues?: QueueSummary[];
}

export interface PollSource {
  /** e.g. 'calls', 'queue', 'agents', 'own-extension': shown in the UI with its state and data age. */
  id: string;
  /** A cadence of its own (the call records: every 30 s), not the live poll interval setting. */
  intervalMs?: number;
  /** Longest backoff after failures (a slow source backs off past its own cadence). */
  maxBackoffMs?: number;
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

/** What the day's record pass needs to know to read only what is new (see connectors/tel4vn/cdr.ts). */
export interface RecordPassHints {
  /** The PBX-local midnight: nothing before it is read. */
  dayStart: EpochMs;
  /** The newest start time among the records the day already holds; null: the first pass of the day. */
  newestStartedAt: EpochMs | null;
  /** The oldest call start the pass must reach back to (calls ended since the last pass; 0: as far as allowed); null: the minimum overlap. */
  coverFrom: EpochMs | null;
  /**
   * Whether the day's ledger already holds a record: such records are left out of the pass as each page is
   * read (absent: every record read is returned; session/records-source.ts says when).
   */
  folded?: (id: string) => boolean;
}

export interface RecordSearch {
  /** PBX-local dates, "YYYY-MM-DD" or with a time. */
  startDate: string;
  endDate: string;
  phone?: string;
  extension?: string;
  direction?: CallDirection;
}

/** The PBX's call detail records ('call-history'). */
export interface CallRecordsApi {
  /** One polite pass of the day (bounded requests); `complete` false when a page cap stopped it. */
  pass(hints: RecordPassHints, signal?: AbortSignal): Promise<{ records: CallRecord[]; complete: boolean; requests: number }>;
  search(query: RecordSearch, page: number, pageSize: number, signal?: AbortSignal): Promise<{ records: CallRecord[]; total: number | null }>;
  get(id: string, signal?: AbortSignal): Promise<CallRecord>;
  /** The recording's bytes, fetched by main (null when the record has none). */
  recording(id: string, signal?: AbortSignal): Promise<{ bytes: Buffer; contentType: string } | null>;
}

export interface OutboundLoadOptions {
  /** Resume: the index of the first customer to send (a report's `nextIndex`). */
  startAt?: number;
  /** Checked between batches only, so every batch sent has a known answer and nothing is sent twice. */
  signal?: AbortSignal;
  onBatch?: (result: OutboundBatchResult, report: OutboundLoadReport) => void;
  batchSize?: number;
}

/** Outbound campaign lists (TEL4VN autodialer / autocall); present with the 'outbound-queues' capability. */
export interface OutboundConnector {
  loadAutodialer(queue: AutodialerQueueFields, customers: readonly OutboundCustomer[], options?: OutboundLoadOptions): Promise<OutboundLoadReport>;
  loadAutocall(queue: AutocallQueueFields, customers: readonly OutboundCustomer[], options?: OutboundLoadOptions): Promise<OutboundLoadReport>;
  queueAction(family: OutboundFamily, action: OutboundQueueAction, queueCode: string): Promise<void>;
  importDnc(queueCode: string, customerIds: readonly string[]): Promise<void>;
}

/** Customer names (TEL4VN /v2/customer), user status and agent login; present with 'customer-directory' / 'agent-login'. */
export interface CustomersApi {
  /** One page of the PBX's customers: the rows with a number and a name, rows read, the PBX's total. */
  page(offset: number, limit: number, signal?: AbortSignal): Promise<{ rows: CustomerName[]; read: number; total: number | null }>;
  userStatus(agent: Agent): Promise<UserStatus>;
  loginAgent(extension: string, campaignId: string): Promise<void>;
}

/** What a PBX event hook tells (TEL4VN seed 002 "Event Hook Data"), read and checked. */
export type PushEventKind = 'ringing' | 'answered' | 'hangup' | 'cdr';
export interface PushEvent {
  kind: PushEventKind;
  /** The call's id as the live calls list names it (for ringing / answered / hangup: the extension's leg). */
  callId: string;
  direction: CallDirection;
  /** The extension the event is about: to_number of an inbound call, from_number of an outbound one. */
  extension: string;
  /** The other party: from_number of an inbound call, to_number of an outbound one. */
  customerNumber: string;
}

/** One event hook registered at the PBX. */
export interface EventHook {
  id: string;
  event: string;
  callbackUrl: string;
  /** The key the PBX sends with each event ('' when the hook has none). */
  apiKey: string;
}

/** The PBX's event hooks (TEL4VN GET / POST / DELETE /v1/event) and the reader of what they post. */
export interface PushEventsApi {
  list(): Promise<EventHook[]>;
  create(event: PushEventKind, callbackUrl: string, apiKey: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** One posted body -> a PushEvent; throws a ConnectorError (BAD_RESPONSE naming the field) on anything else. */
  read(body: unknown): PushEvent;
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
  /** Present exactly when 'call-history' is declared. */
  callRecords?: CallRecordsApi;
  outbound?: OutboundConnector;
  customers?: CustomersApi;
  /** The PBX pushes call events to a URL of ours (the floor hub serves it: main/hub/webhooks.ts). */
  pushEvents?: PushEventsApi;
  /** Stop timers (token refresh) and abort requests in flight. */
  close(): void;
}
