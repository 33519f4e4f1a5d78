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
