// The bridge contract: every channel between the main-process core and the renderer, in one place.
// The Electron preload, the ipcMain handlers, the web host's WebSocket and its browser client are all
// built from `invokeChannels` and `eventChannels`, so a channel cannot exist on one side only.
// Requests are validated by the schemas here (main distrusts the renderer); responses and events are typed.
import { z } from 'zod';
import type {
  AbandonedCall,
  ActionOutcome,
  AgentToday,
  AppError,
  AuditRecord,
  CallRecord,
  ChangeSet,
  EpochMs,
  FloorClaim,
  FloorEvent,
  OwnPhone,
  PauseReason,
  PbxExtension,
  Roster,
  RosterInfo,
  SessionStatus,
  Snapshot,
  SourceStatus,
  TodayState,
} from './domain';
import { API_GLOBAL, eventChannels, invokeFunctions } from './channels';
import { CALL_ACTIONS, CALL_RECORD_STATUSES, SYSTEMS } from './domain';
import type { AbandonedChange } from './abandoned-change';
import { SNOOZE_MINUTES, type Alert, type AlertsChange, type AlertsState } from './alerts';
import type { CustomerNames, UserStatus } from './customers';
import {
  MAX_LIST_BYTES,
  MAX_XLSX_BYTES,
  type OutboundPreview,
  type OutboundQueueInfo,
  type OutboundState,
} from './outbound';
import { settingsPatchSchema, type ConsoleSettings } from './settings';

/** The channel names live in ./channels (no zod: the preload imports only them). */
export { API_GLOBAL, eventChannels, invokeFunctions };

/**
 * What a read-only session (the wallboard's) may ask: reading only. Every other channel answers FORBIDDEN
 * before it reaches the core, so it reaches no PBX.
 */
export const READ_ONLY_CHANNELS: ReadonlySet<string> = new Set([
  'session:get', 'floor:get', 'settings:get', 'app:info', 'alerts:get',
]);

/** Every answer across the bridge: never a thrown error. */
export type BridgeResult<T> = { ok: true; data: T } | { ok: false; error: AppError };

// --- request schemas -------------------------------------------------------------------------

/** Call ids are PBX uuids or similar tokens: no slashes, spaces or dots that could bend a URL path. */
const callIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, 'call id');
const agentIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/, 'agent id');
export const extensionSchema = z.string().regex(/^\d{1,15}$/, 'extension (digits only)');
const noRequest = z.undefined();

export const connectRequestSchema = z
  .object({
    system: z.enum(SYSTEMS),
    apiHost: z.url({ protocol: /^https?$/ }).max(2048),
    username: z.string().min(1).max(256).optional(),
    password: z.string().min(1).max(1024).optional(),
    apiKey: z.string().min(1).max(1024).optional(),
    ownExtension: z.union([extensionSchema, z.literal('')]).optional(),
    timezone: z.string().min(1).max(64).optional(),
    /** Keep the secret (encrypted) for the next start. */
    remember: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.apiKey !== undefined || (r.username !== undefined && r.password !== undefined), {
    message: 'either apiKey, or username and password',
  });
export type ConnectRequest = z.infer<typeof connectRequestSchema>;

const callActionRequestSchema = z
  .object({
    callId: callIdSchema,
    action: z.enum(CALL_ACTIONS),
    /** transfer only: the target extension. listen / whisper / barge use the supervisor's own extension. */
    target: extensionSchema.optional(),
  })
  .strict()
  .refine((r) => (r.action === 'transfer') === (r.target !== undefined), {
    message: 'transfer needs a target extension; listen, whisper and barge take none',
    path: ['target'],
  });

const agentRequest = z.object({ agentId: agentIdSchema }).strict();
/** PBX-local "YYYY-MM-DD" or "YYYY-MM-DD HH:mm[:ss]" (start_date / end_date of GET /v2/cdr). */
const pbxDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/, 'date (YYYY-MM-DD[ HH:mm[:ss]])');
/** A CDR id as the PBX spells it (uuid-like; the seed's ends in a stray space, trimmed on reading). */
const recordIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'record id');
const historySearchSchema = z
  .object({
    /** Calling or called number. */
    phone: z.string().regex(/^\+?\d{1,20}$/, 'phone number').optional(),
    extension: extensionSchema.optional(),
    direction: z.enum(['inbound', 'outbound', 'local']).optional(),
    /** Status and queue (receive_dest) are filtered by main, which pages the matches (GET /v2/cdr has neither filter). */
    status: z.enum(CALL_RECORD_STATUSES).optional(),
    queue: z.string().trim().min(1).max(128).optional(),
    from: pbxDateSchema,
    to: pbxDateSchema,
    page: z.number().int().min(1).max(100_000),
    pageSize: z.number().int().min(1).max(500),
  })
  .strict();
export type HistorySearch = z.infer<typeof historySearchSchema>;
const idRequest = z.object({ id: z.string().min(1).max(300) }).strict();

// Outbound (issue 19): a queue code goes into JSON bodies only, never a path, but is kept to what the seed's
// examples use ("Autodialer", "Autocall-Q1").
const queueCodeSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'queue code (letters, digits, _ . -)');
const outboundFamilySchema = z.enum(['autodialer', 'autocall']);
const outboundQueueRef = z.object({ family: outboundFamilySchema, queueCode: queueCodeSchema }).strict();
const campaignIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'campaign id');
const smallCount = (max: number) => z.number().int().min(0).max(max);
const outboundQueueFieldsSchema = z.discriminatedUnion('family', [
  z.object({
    family: z.literal('autodialer'),
    campaignId: campaignIdSchema,
    queueCode: queueCodeSchema,
    precallRatio: smallCount(1000),
    maxRecallCount: smallCount(100),
    /** Seed 002 sends it ("5001"): extensions, comma-separated; '' = not sent. */
    queueAgents: z.string().regex(/^(\d{1,15}(,\d{1,15}){0,199})?$/, 'queue agents (extensions, comma-separated)'),
  }).strict(),
  z.object({
    family: z.literal('autocall'),
    queueCode: queueCodeSchema,
    template: z.string().trim().min(1).max(128),
    concurrentCall: smallCount(1000).optional(),
    maxRecallCount: smallCount(100).optional(),
    minRecallDuration: smallCount(86_400).optional(),
  }).strict(),
]);
const listText = z.string().min(1).max(MAX_LIST_BYTES);
/** A call list: CSV text, or an .xlsx workbook's bytes as base64 (common/outbound.ts ListFile); exactly one. */
const listFile = {
  csv: listText.optional(),
  xlsx: z.string().min(1).max(Math.ceil(MAX_XLSX_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64').optional(),
  /** An .xlsx's sheet by name (Excel caps names at 31 characters; other writers may not). */
  sheet: z.string().min(1).max(255).optional(),
};
const oneListFile = [
  (r: { csv?: string; xlsx?: string; sheet?: string }) => (r.csv === undefined) !== (r.xlsx === undefined) && (r.sheet === undefined || r.xlsx !== undefined),
  { message: 'a list is csv or xlsx, exactly one; a sheet only with xlsx' },
] as const;

// --- channels ----------------------------------------------------------------------------------

const requestSchemas = {
  'session:get': noRequest,
  'session:connect': connectRequestSchema,
  'session:demo': noRequest,
  'session:disconnect': noRequest,
  'floor:get': noRequest,
  'call:act': callActionRequestSchema,
  'agent:pause': agentRequest.extend({ reasonId: z.string().min(1).max(64).optional() }).strict(),
  'agent:resume': agentRequest,
  'agent:logoff': agentRequest,
  'agent:pause-reasons': agentRequest,
  'agent:check-in': agentRequest
    .extend({ deviceId: z.string().regex(/^\d{1,12}$/).optional(), force: z.boolean().optional() })
    .strict(),
  'agent:check-out': agentRequest,
  'agent:set-queues': agentRequest.extend({ queueIds: z.array(z.string().regex(/^\d{1,12}$/)).max(200) }).strict(),
  'agent:wrap-up': agentRequest.extend({ seconds: z.number().int().min(0).max(86400).optional() }).strict(),
  'abandoned:call-back': idRequest,
  'abandoned:mark-handled': idRequest,
  /** Undo a mark: the ids the mark answered with. */
  'abandoned:unmark-handled': z.object({ ids: z.array(z.string().min(1).max(300)).min(1).max(200) }).strict(),
  'settings:get': noRequest,
  'settings:update': settingsPatchSchema,
  'roster:get': noRequest,
  'roster:import': z.object({ csv: z.string().max(1_000_000) }).strict(),
  'audit:list': z.object({ limit: z.number().int().min(1).max(1000) }).strict(),
  'app:info': noRequest,
  /** The renderer tells main what is selected, so global shortcuts act on it. */
  'ui:set-selection': z
    .object({ panel: z.enum(['abandoned', 'calls', 'agents']), id: z.string().min(1).max(300).nullable() })
    .strict(),
  'alerts:get': noRequest,
  'alerts:history': noRequest,
  'alerts:ack': z.object({ id: z.string().min(1).max(600) }).strict(),
  'alerts:snooze': z
    .object({ id: z.string().min(1).max(600), minutes: z.union(SNOOZE_MINUTES.map((m) => z.literal(m))) })
    .strict(),
  'phone:get': noRequest,
  /** Demo only: the simulated supervisor hangs up their phone (ends its monitoring leg or call-back). */
  'phone:demo-hang-up': noRequest,
  'wallboard:open': noRequest,
  /** Every extension of the PBX (the transfer picker's targets), from a short cache. */
  'extensions:list': noRequest,
  /** `queueId`: the queue whose half hours come with the floor's ('' or absent: the floor's only). */
  'today:get': z.object({ queueId: z.string().max(128).optional() }).strict(),
  'today:agents': noRequest,
  'history:search': historySearchSchema,
  'history:record': z.object({ id: recordIdSchema }).strict(),
  'history:recording': z.object({ id: recordIdSchema }).strict(),
  'outbound:get': noRequest,
  /** What the list (`csv` or `xlsx`) would send to the queue (read and DNC-checked in main's decode worker); nothing is sent. */
  'outbound:preview': outboundQueueRef.extend(listFile).strict().refine(...oneListFile),
  /** Read, DNC-check and send the list in batches; answers once the load has started (progress: outbound:changed). */
  'outbound:load': z.object({ queue: outboundQueueFieldsSchema, ...listFile }).strict().refine(...oneListFile),
  'outbound:cancel': outboundQueueRef,
  'outbound:resume': outboundQueueRef,
  'outbound:act': outboundQueueRef.extend({ action: z.enum(['start', 'stop', 'delete']) }).strict(),
  /** Add ids to the queue's do-not-call list (one a line, or a CSV with an id column). */
  'outbound:dnc-import': outboundQueueRef.extend({ text: listText }).strict(),
  'outbound:dnc-clear': outboundQueueRef,
  /** Stop remembering a queue (nothing is sent to the PBX). */
  'outbound:forget': outboundQueueRef,
  /** Names of the numbers shown (answered from the cache at once; late finds come as customers:changed). */
  'customers:names': z.object({ numbers: z.array(z.string().regex(/^\+?\d{3,20}$/, 'phone number')).max(500) }).strict(),
  /** Log the agent of `extension` into a campaign (TEL4VN /v3/agent/login): a row's agent or any extension. */
  'agent:login': z.object({ extension: extensionSchema, campaignId: campaignIdSchema }).strict(),
  'agent:user-status': agentRequest,
  'claims:get': noRequest,
  /** The desktop shell asks where and writes it; elsewhere NOT_SUPPORTED (the page downloads it itself). */
  'file:save-csv': z.object({ name: z.string().regex(/^[A-Za-z0-9._-]{1,100}\.csv$/, 'file name'), text: z.string().max(50_000_000) }).strict(),
  /** The desktop's NATS password for the floor hub: to main only, kept there with safeStorage. */
  'hub:set-password': z.object({ password: z.string().min(1).max(256) }).strict(),
} as const satisfies { [C in keyof typeof invokeFunctions]: z.ZodType };

/** Each invoke channel: its intent-named function and its request schema. */
export const invokeChannels = Object.fromEntries(
  Object.entries(invokeFunctions).map(([channel, fn]) => [
    channel,
    { fn, request: requestSchemas[channel as keyof typeof invokeFunctions] },
  ]),
) as {
  readonly [C in keyof typeof invokeFunctions]: {
    readonly fn: (typeof invokeFunctions)[C];
    readonly request: (typeof requestSchemas)[C];
  };
};

/** The full picture a renderer needs when it (re)connects. */
export interface FloorState {
  snapshot: Snapshot;
  sources: SourceStatus[];
  abandoned: AbandonedCall[];
  /** The seq of the last 'abandoned:changed' this list includes (common/abandoned-change.ts). */
  abandonedSeq: number;
}

export interface InvokeResponses {
  'session:get': SessionStatus;
  'session:connect': SessionStatus;
  'session:demo': SessionStatus;
  'session:disconnect': SessionStatus;
  'floor:get': FloorState;
  'call:act': ActionOutcome;
  'agent:pause': ActionOutcome;
  'agent:resume': ActionOutcome;
  'agent:logoff': ActionOutcome;
  'agent:pause-reasons': PauseReason[];
  'agent:check-in': ActionOutcome;
  'agent:check-out': ActionOutcome;
  'agent:set-queues': ActionOutcome;
  'agent:wrap-up': ActionOutcome;
  'abandoned:call-back': ActionOutcome;
  /** Every record the mark changed: the one asked for and the same caller's other unhandled ones. */
  'abandoned:mark-handled': AbandonedCall[];
  'abandoned:unmark-handled': AbandonedCall[];
  'settings:get': ConsoleSettings;
  'settings:update': ConsoleSettings;
  'roster:get': RosterInfo;
  'roster:import': Roster;
  'audit:list': AuditRecord[];
  'app:info': AppInfo;
  'ui:set-selection': null;
  'alerts:get': AlertsState;
  /** Today's cleared alerts, newest first (the Activity view). */
  'alerts:history': Alert[];
  'alerts:ack': Alert;
  'alerts:snooze': Alert;
  'phone:get': OwnPhone;
  'phone:demo-hang-up': OwnPhone;
  /** True when the host opened its own wallboard window (desktop); false: the page opens it itself. */
  'wallboard:open': boolean;
  'extensions:list': PbxExtension[];
  'today:get': TodayState;
  'today:agents': AgentToday[];
  'history:search': HistoryPage;
  'history:record': CallRecord;
  'history:recording': RecordingRef;
  'outbound:get': OutboundState;
  'outbound:preview': OutboundPreview;
  'outbound:load': OutboundQueueInfo;
  'outbound:cancel': OutboundQueueInfo;
  'outbound:resume': OutboundQueueInfo;
  'outbound:act': ActionOutcome;
  'outbound:dnc-import': OutboundQueueInfo & { added: number; bad: Array<{ line: number; text: string }> };
  'outbound:dnc-clear': OutboundQueueInfo;
  'outbound:forget': OutboundState;
  'customers:names': CustomerNames;
  'agent:login': ActionOutcome;
  'agent:user-status': UserStatus;
  /** The floor's call-back claims on a floor hub; [] when not on one. */
  'claims:get': FloorClaim[];
  /** saved: false when the supervisor cancelled the dialog. */
  'file:save-csv': { saved: boolean };
  'hub:set-password': null;
}

export interface HistoryPage {
  records: CallRecord[];
  /** The PBX's count of records matching the search (null when it gave none). */
  total: number | null;
  /** The page answered (a page past the last one read is the next one to read). */
  page: number;
  pageSize: number;
  /** A further page exists (or may: not read that far yet). */
  more: boolean;
  /** With a status or queue filter: the PBX records main read for this page (null without one). */
  scanned: number | null;
}

/**
 * Where the page plays a recording from: a path on the app's own origin (app:// in the desktop shell, the
 * web host's origin in the browser) that main answers with the bytes it fetched, so the CSP keeps
 * media-src 'self' and no PBX URL or secret reaches the page. Valid for this run only.
 */
export interface RecordingRef {
  url: string;
  contentType: string;
  bytes: number;
}

/** What the host around the core does, so the renderer does not do it twice. */
export interface AppInfo {
  host: 'electron' | 'web';
  version: string;
  /** The host shows a native notification per abandoned call; the renderer must not add its own. */
  nativeNotifications: boolean;
  globalShortcuts: boolean;
  /** Secrets can be kept encrypted at rest (false on Linux basic_text and in the web host). */
  secretsEncrypted: boolean;
  /**
   * Electron only: global shortcuts the OS refused (taken by another app, or not a valid combination).
   * The Settings panel names them; re-read app:info after a settings change to see the new state.
   */
  shortcutProblems?: { action: 'barge' | 'listen' | 'whisper' | 'show'; accelerator: string }[];
}

/** A selection the main process asks the renderer to make (notification click, global shortcut). */
export interface SelectRequest {
  panel: 'abandoned' | 'calls' | 'agents';
  id: string;
}

export interface EventPayloads {
  'session:changed': SessionStatus;
  'floor:reset': FloorState;
  'floor:changed': ChangeSet;
  'floor:events': FloorEvent[];
  'sources:changed': SourceStatus[];
  /** Today's abandoned calls that are new or changed, numbered; the whole list on a reset (common/abandoned-change.ts). */
  'abandoned:changed': AbandonedChange;
  /** An action finished that the renderer did not start itself (global shortcut, notification). */
  'action:done': { kind: ActionOutcome['kind']; target: string; result: BridgeResult<ActionOutcome> };
  'settings:changed': ConsoleSettings;
  'ui:select': SelectRequest;
  /** What changed in the active alerts and the queues' forecasts (common/alerts.ts applyAlertsChange). */
  'alerts:changed': AlertsChange;
  /** The supervisor's own phone changed: registration, monitoring session, call-back legs. */
  'phone:changed': OwnPhone;
  'today:changed': { at: EpochMs; day: string };
  'outbound:changed': OutboundState;
  'customers:changed': CustomerNames;
  'claims:changed': FloorClaim[];
}

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type RequestOf<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['request']>;

type InvokeFn<C extends InvokeChannel> = [RequestOf<C>] extends [undefined]
  ? () => Promise<BridgeResult<InvokeResponses[C]>>
  : (request: RequestOf<C>) => Promise<BridgeResult<InvokeResponses[C]>>;

/** The API the renderer holds: intent-named functions; every subscription returns its unsubscribe. */
export type FloorwatchApi = {
  [C in InvokeChannel as (typeof invokeChannels)[C]['fn']]: InvokeFn<C>;
} & {
  [E in EventChannel as (typeof eventChannels)[E]['fn']]: (
    listener: (payload: EventPayloads[E]) => void,
  ) => () => void;
};


/**
 * Validate a request for `channel`. Returns the parsed request, or an INVALID_PAYLOAD error that names
 * the first failing field. An unknown channel is an error too.
 */
export function validateRequest(
  channel: string,
  payload: unknown,
): { ok: true; channel: InvokeChannel; request: unknown } | { ok: false; error: AppError } {
  if (!Object.hasOwn(invokeChannels, channel)) {
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Unknown channel "${channel}"` } };
  }
  const def = invokeChannels[channel as InvokeChannel];
  const parsed = def.request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
    return {
      ok: false,
      error: {
        code: 'INVALID_PAYLOAD',
        message: `Invalid request for ${channel}${field ? ` at "${field}"` : ''}: ${issue?.message ?? 'invalid'}`,
        ...(field ? { field } : {}),
      },
    };
  }
  return { ok: true, channel: channel as InvokeChannel, request: parsed.data };
}
