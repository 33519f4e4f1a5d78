// Outbound campaigns (issue 19; TEL4VN seed 002 autodialer / autocall): the queue fields a supervisor fills,
// the customers of a call list, and what a load reports. Shared by main (connector, actions) and the
// renderer (the Outbound view). The CSV mapping of a list is in outbound-csv.ts.
import type { AppError } from './domain';

export type OutboundFamily = 'autodialer' | 'autocall';
export type OutboundQueueAction = 'start' | 'stop' | 'delete';

/** Issue 19's decision: at most 500 customers per POST, so a 1,000-row list takes at least two. */
export const OUTBOUND_BATCH_SIZE = 500;

/** Seed 002's number pattern (Post Customer's error), as written there; autocall refuses other numbers. */
export const SEED_PHONE_PATTERN = /^(84|0[3|5|7|8|9])+([0-9]{8})$/;

/** Autocall's collection fields (seed 002's `customers[]` beside id and mobiles), in the seed's order. */
export const AUTOCALL_COLLECTION_FIELDS = [
  'contract_number',
  'upcoming_due_date',
  'upcoming_amount',
  'due_date',
  'dpd',
  'number_of_ovd_inst',
  'total_ovd_amount',
] as const;
export type AutocallCollectionField = (typeof AUTOCALL_COLLECTION_FIELDS)[number];
/** The numeric ones: sent as JSON numbers, as the seed's example does. */
export const NUMERIC_COLLECTION_FIELDS: ReadonlySet<AutocallCollectionField> = new Set(['upcoming_amount', 'dpd', 'number_of_ovd_inst', 'total_ovd_amount']);

export interface OutboundCustomer {
  id: string;
  mobiles: string[];
  /** Autocall's collection fields that the list has (absent ones are not sent). */
  fields?: Partial<Record<AutocallCollectionField, string | number>>;
}

export interface AutodialerQueueFields {
  campaignId: string;
  queueCode: string;
  precallRatio: number;
  maxRecallCount: number;
  /** Seed 002 sends it ("5001") though its table does not list it; '' = not sent. */
  queueAgents: string;
}

export interface AutocallQueueFields {
  queueCode: string;
  template: string;
  concurrentCall?: number;
  maxRecallCount?: number;
  minRecallDuration?: number;
}

export type OutboundQueueFields =
  | ({ family: 'autodialer' } & AutodialerQueueFields)
  | ({ family: 'autocall' } & AutocallQueueFields);

/** One POST of a load. Autodialer answers per batch; autocall per customer. */
export interface OutboundBatchResult {
  /** Index in the list of the batch's first customer. */
  first: number;
  size: number;
  /** Customers the PBX took (autodialer: all of the batch when it succeeded). */
  succeeded: string[];
  /** Customers the PBX refused (autocall's data.fail, and any it did not mention). */
  failed: string[];
  /** Set when the whole batch failed; nothing after it was sent. */
  error?: AppError;
}

export interface OutboundLoadReport {
  family: OutboundFamily;
  queueCode: string;
  batches: OutboundBatchResult[];
  sent: number;
  succeeded: number;
  failed: number;
  /** Where a resumed load starts: every customer before it has a known answer, none after it was sent. */
  nextIndex: number;
  /** true when every customer was sent. */
  complete: boolean;
  cancelled: boolean;
}

// ---- what the console keeps and shows (the Outbound view; main/core/outbound) -------------------------

/**
 * The console's word for a queue. The seeds have no endpoint that lists outbound queues or their state, so
 * this is what the console did and was answered: `new` told about (a do-not-call list) but nothing loaded
 * yet, `loading` while batches go out, `load-paused` when a load
 * was cancelled or failed part way (resumable), `running` / `stopped` after the PBX took a load / start /
 * stop, `gone` after a delete or when the PBX answered "queue not found".
 */
type OutboundQueueState = 'new' | 'loading' | 'load-paused' | 'running' | 'stopped' | 'gone';

/**
 * How far the PBX got with a list, from today's call records whose customer_id is one of the list's ids
 * (seed 002's CDR carries customer_id): dialled = customers with at least one call, answered = customers
 * with an answered call, failed = dialled but never answered, remaining = taken by the PBX and not dialled.
 */
interface OutboundProgress {
  dialled: number;
  answered: number;
  failed: number;
  remaining: number;
}

export interface OutboundQueueInfo {
  /** `${family}:${queueCode}`: the two families are separate name spaces at the PBX. */
  key: string;
  family: OutboundFamily;
  queueCode: string;
  fields: OutboundQueueFields;
  state: OutboundQueueState;
  /** When the console last changed or learnt the state. */
  updatedAt: number;
  /** Customers in the list being sent (after the do-not-call check). */
  rows: number;
  sent: number;
  /** Customers the PBX took / refused. */
  succeeded: number;
  failed: number;
  /** Rows of the file left out because their id is on the queue's do-not-call list. */
  dncDropped: number;
  /** Where the load stands (resume starts here). */
  nextIndex: number;
  /** A load part way whose list the console still holds (cancelled, failed, or interrupted by a restart). */
  resumable: boolean;
  progress: OutboundProgress;
  lastError: AppError | null;
  /** Ids on the queue's do-not-call list kept by the console. */
  dnc: number;
  /** Autocall: when the list was last imported into the PBX's own DNC (null: never, or autodialer). */
  dncSentAt: number | null;
  /**
   * On a floor hub: the screen that loaded this queue and keeps its list, when it is another console's. Its
   * figures are that console's (its records pass counts the progress); this console only shows them.
   */
  sharedBy?: OutboundScreen;
}

/** A console's screen on the floor hub: its NATS user, the supervisor's PBX user, their own extension. */
export interface OutboundScreen {
  user: string;
  name: string;
  extension: string | null;
}

/** A queue on the floor hub's shared list (KV outbound-<F>), as the console that keeps it last counted it. */
export interface SharedOutboundQueue {
  info: OutboundQueueInfo;
  by: OutboundScreen;
  at: number;
}

export interface OutboundState {
  queues: OutboundQueueInfo[];
}

/**
 * Why a list row is refused (error) or sent without something (warning), as data: the renderer words it in
 * the supervisor's language, the core in English for its logs and errors (listReasonText in outbound-csv.ts).
 */
export type ListRowReason =
  | { code: 'no-id' }
  /** An id the PBX would not take (spaces, slashes, longer than 128): CUSTOMER_ID_PATTERN. */
  | { code: 'bad-id' }
  | { code: 'duplicate-id'; line: number }
  | { code: 'no-number' }
  /** Every number of the row misses the seed's pattern; `numbers` as the file wrote them. */
  | { code: 'no-valid-number'; numbers: string }
  | { code: 'not-a-number'; field: string; value: string }
  | { code: 'not-a-date'; field: string; value: string }
  /** Warning: some of the row's numbers miss the pattern and are left out. */
  | { code: 'numbers-left-out'; numbers: string; count: number }
  /** Warning: the number is another row's too. */
  | { code: 'shared-number'; number: string; id: string; line: number };

/** Why a whole file cannot be read (nothing of it is sent). */
export type ListFileReason =
  | { code: 'no-columns'; line: number; missing: string; found: string }
  | { code: 'open-quote'; line: number }
  | { code: 'text-after-quote'; line: number }
  | { code: 'too-many-rows'; max: number }
  | { code: 'empty' }
  /** An .xlsx that is no spreadsheet, or one the reader could not open. */
  | { code: 'not-xlsx' }
  /** The sheet asked for is not in the workbook (a file picked again with other sheets). */
  | { code: 'no-sheet'; sheet: string }
  | { code: 'too-large'; maxMiB: number };

export interface ListProblem {
  /** The file line the row starts on (1 = the header); a spreadsheet's row number. */
  line: number;
  /** The row's id ('' when it has none). */
  id: string;
  /** error: the row is not sent; warning: it is sent, without what the reason names. */
  severity: 'error' | 'warning';
  reason: ListRowReason;
}

/**
 * A call list as the supervisor picked it: CSV text, or an .xlsx workbook's bytes as base64 (the bridge
 * carries strings) and the sheet to read, by name (the first sheet when none is named). Parsed and checked
 * in the decode worker.
 */
export type ListFile = { csv: string; xlsx?: never; sheet?: never } | { xlsx: string; csv?: never; sheet?: string };

/** A workbook's sheet as the preview offers it: its name and its rows under the header row. */
export interface ListSheet {
  name: string;
  rows: number;
}

/** What a file would send, before anything is sent (outbound:preview). */
export interface OutboundPreview {
  /** Data rows read. */
  rows: number;
  /** Rows that would be sent (valid, not on the DNC list). */
  sendable: number;
  /** The first rows that would be sent. */
  first: Array<{ line: number; id: string; mobiles: string[] }>;
  /** Problems (errors and warnings) by file line, the first PREVIEW_PROBLEMS of them. */
  problems: ListProblem[];
  /** All problems (errors + warnings) and the errors among them (rows refused). */
  problemCount: number;
  refused: number;
  /** Rows left out because their id is on the queue's do-not-call list (first PREVIEW_PROBLEMS). */
  dnc: Array<{ line: number; id: string }>;
  dncCount: number;
  fileError: ListFileReason | null;
  /** How the file was read: a CSV's delimiter, or 'xlsx'. */
  delimiter: ',' | ';' | 'xlsx';
  ignoredColumns: string[];
  /** An .xlsx: every sheet of the workbook in its order ([] for a CSV), and the one read (null for a CSV). */
  sheets: ListSheet[];
  sheet: string | null;
}

export const PREVIEW_FIRST_ROWS = 10;
export const PREVIEW_PROBLEMS = 200;
/** A call list's size across the bridge: 100,000 rows of id, two numbers and the collection fields. */
export const MAX_LIST_BYTES = 32 * 1024 * 1024;
/** An .xlsx list's bytes (base64 across the bridge): 100,000 rows with the collection fields take about 4 MiB. */
export const MAX_XLSX_BYTES = 16 * 1024 * 1024;
/** Ids on one queue's do-not-call list. */
export const MAX_DNC_IDS = 200_000;

export const outboundKey = (family: OutboundFamily, queueCode: string): string => `${family}:${queueCode}`;

/** Customer ids as the seed's examples write them ("TEL4VN_Test", "KH_01", uuids): no spaces or slashes. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;

/**
 * A do-not-call file: one id a line, or a CSV whose id column is named id / customer_id (else the first
 * column). Blank lines and a header are skipped; a line that is no id is named.
 */
export function parseDncList(text: string): { ids: string[]; bad: Array<{ line: number; text: string }> } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  const first = lines.find((l) => l.trim() !== '') ?? '';
  const sep = first.includes(';') ? ';' : ',';
  const header = first.split(sep).map((h) => h.trim().toLowerCase().replace(/^"|"$/g, ''));
  const named = header.findIndex((h) => h === 'id' || h === 'customer_id' || h === 'customers.id');
  const column = Math.max(0, named);
  const ids: string[] = [];
  const seen = new Set<string>();
  const bad: Array<{ line: number; text: string }> = [];
  let headerSkipped = named < 0;
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    if (!headerSkipped) {
      headerSkipped = true;
      return;
    }
    const cell = (raw.split(sep)[column] ?? '').trim().replace(/^"|"$/g, '').trim();
    if (!CUSTOMER_ID_PATTERN.test(cell)) bad.push({ line: i + 1, text: raw.slice(0, 60) });
    else if (!seen.has(cell)) {
      seen.add(cell);
      ids.push(cell);
    }
  });
  return { ids, bad };
}
