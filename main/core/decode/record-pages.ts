// One page of call records (GET /v2/cdr, seed 002) read in the decode worker: its bytes -> UTF-8 -> JSON ->
// the failure-inside-a-200 check -> every row read and checked (cdr-rows.ts). A day's first read at 10,000
// agents is some 430 pages of 500 records, each about 45 ms of the main thread when read there
// (BENCHMARKS.md, call records), while actions and the bridge waited behind it. A page is read whole and
// once: no stream, no rows kept, no diff (the day's ledger deduplicates). Pure: the worker and the inline
// fallback run the same function.
import { TextDecoder } from 'node:util';
import { readCdrPage, type CdrPage } from '../connectors/tel4vn/cdr-rows';
import { failureInBody } from '../http/http-errors';
import { FieldError, isObject } from '../http/json-fields';
import { failureWords, type DecodeFailure } from './decode-jobs';

/** The page's bytes, as they arrived (transferred to the worker once it is up). */
export interface CdrPageJob {
  type: 'cdr-page';
  job: number;
  /** The PBX's zone, for the zone-less times. */
  zone: string;
  chunks: Uint8Array[];
}

export type CdrPageReply = { job: number; ok: true; page: CdrPage } | DecodeFailure;

export function readCdrPageJob(message: CdrPageJob): CdrPageReply {
  const { job } = message;
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for (const bytes of message.chunks) text += decoder.decode(bytes, { stream: true });
  text += decoder.decode();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { job, ok: false, problem: 'not-json' };
  }
  // `{"data": null, "status": "fail", ...}` is a failed read, not an empty page: the pass stops there and
  // the next one goes on from the same offset, nothing skipped.
  if (isObject(body) && failureInBody(body)) return { job, ok: false, problem: 'failed', body: failureWords(body) };
  try {
    return { job, ok: true, page: readCdrPage(body, message.zone) };
  } catch (e) {
    if (e instanceof FieldError) return { job, ok: false, problem: 'shape', field: e.field, detail: e.problem };
    return { job, ok: false, problem: 'internal', detail: (e as Error).message };
  }
}
