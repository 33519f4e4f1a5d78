// TEL4VN outbound (seed 002 Autodialer / Autocall): load a list in batches, start / stop / delete a queue,
// import autocall's do-not-call list. Two answer families, each read whatever the HTTP status (the seed
// says some errors arrive with 200):
//   autodialer {"message": "successfully" | "campaign is invalid" | "queue not found"}
//   autocall   {"code": 200|400|404, "content": ..., "data"?: {"success": [...], "fail": [...]}}
// and the generic failure bodies every family may send ({"error"}, {"status":"fail"}, HTTP 401 / 5xx).
import {
  NUMERIC_COLLECTION_FIELDS,
  OUTBOUND_BATCH_SIZE,
  type OutboundBatchResult,
  type OutboundCustomer,
  type OutboundFamily,
  type OutboundLoadReport,
} from '../../../../common/outbound';
import { ConnectorError, type OutboundConnector, type OutboundLoadOptions } from '../connector';
import type { HttpResponse } from '../../http/http-client';
import { pbxMessageOf, statusError } from '../../http/http-errors';
import { isObject } from '../../http/json-fields';

interface OutboundPoster {
  post(path: string, body: unknown): Promise<HttpResponse>;
}

const same = (v: unknown, word: string): boolean => typeof v === 'string' && v.trim().toLowerCase() === word;
/** TEL4VN's `code` as a number, whether sent as 200 or "200". */
const codeOf = (body: unknown): number | undefined => {
  if (!isObject(body)) return undefined;
  const n = typeof body.code === 'number' ? body.code : typeof body.code === 'string' && /^\d+$/.test(body.code.trim()) ? Number(body.code) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

function failureOf(res: HttpResponse, what: string, queueCode: string): ConnectorError {
  const body = res.json;
  const pbxMessage = pbxMessageOf(body, res.redact);
  const said = (word: string): boolean => isObject(body) && (same(body.message, word) || same(body.content, word) || same(body.error, word));
  // Only the PBX's own words name a missing queue: a bare 404 may be a PBX without this API ("not found").
  if (said('queue not found')) {
    return new ConnectorError({ code: 'NOT_FOUND', message: `The PBX has no outbound queue "${queueCode}" (it may have been deleted).`, ...(pbxMessage ? { pbxMessage } : {}) });
  }
  if (said('campaign is invalid')) {
    return new ConnectorError({ code: 'PBX_ERROR', message: `The PBX refused the campaign of queue "${queueCode}": it does not know that campaign id.`, ...(pbxMessage ? { pbxMessage } : {}) });
  }
  if (said('import fail')) {
    return new ConnectorError({ code: 'PBX_ERROR', message: `The PBX refused the list for queue "${queueCode}" (import fail): check the queue code, template and customers.`, ...(pbxMessage ? { pbxMessage } : {}) });
  }
  if (res.status === 401 || res.status < 200 || res.status > 299) return statusError(res);
  return new ConnectorError({ code: 'PBX_ERROR', message: `The PBX did not ${what}${pbxMessage ? `: ${pbxMessage}` : '.'}`, ...(pbxMessage ? { pbxMessage } : {}) });
}

/** Autodialer: success only as {"message": "successfully"} with a 2xx; anything else throws. */
export function readAutodialerAnswer(res: HttpResponse, what: string, queueCode: string): void {
  const body = res.json;
  const ok = res.status >= 200 && res.status <= 299 && isObject(body) && same(body.message, 'successfully') && body.error === undefined && body.status !== 'fail';
  if (!ok) throw failureOf(res, what, queueCode);
}

/** Autocall lifecycle and DNC: success only as code 200 (number or string) with a 2xx. */
export function readAutocallAnswer(res: HttpResponse, what: string, queueCode: string): void {
  const body = res.json;
  const ok = res.status >= 200 && res.status <= 299 && codeOf(body) === 200 && body !== undefined && isObject(body) && body.error === undefined && body.status !== 'fail';
  if (!ok) throw failureOf(res, what, queueCode);
}

/**
 * Autocall load: per customer from data.success / data.fail (ids trimmed: TEL4VN ids arrive with stray
 * spaces). A customer the answer names in neither list counts as failed: the console must not claim it.
 */
export function readAutocallLoad(res: HttpResponse, queueCode: string, sentIds: readonly string[]): { succeeded: string[]; failed: string[] } {
  readAutocallAnswer(res, `take the list for queue "${queueCode}"`, queueCode);
  const data = (res.json as Record<string, unknown>).data;
  const ids = (v: unknown): string[] | null => (Array.isArray(v) ? v.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number').map((x) => String(x).trim()) : v === null ? [] : null);
  const success = isObject(data) ? ids(data.success) : null;
  const fail = isObject(data) ? ids(data.fail) : null;
  if (success === null || fail === null) {
    throw new ConnectorError({ code: 'BAD_RESPONSE', message: `The PBX's answer to ${res.request} has no data.success / data.fail list.`, field: 'data.success' });
  }
  const took = new Set(success);
  const succeeded = sentIds.filter((id) => took.has(id));
  const failed = sentIds.filter((id) => !took.has(id));
  return { succeeded, failed };
}

function autocallCustomer(c: OutboundCustomer): Record<string, unknown> {
  const out: Record<string, unknown> = { id: c.id, mobiles: c.mobiles };
  for (const [k, v] of Object.entries(c.fields ?? {})) {
    // The seed's example sends the amounts and counts as JSON numbers.
    out[k] = NUMERIC_COLLECTION_FIELDS.has(k as never) && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out;
}

export function createTel4vnOutbound(s: OutboundPoster): OutboundConnector {
  async function load(
    family: OutboundFamily,
    queueCode: string,
    customers: readonly OutboundCustomer[],
    options: OutboundLoadOptions,
    send: (batch: readonly OutboundCustomer[]) => Promise<{ succeeded: string[]; failed: string[] }>,
  ): Promise<OutboundLoadReport> {
    const size = Math.max(1, Math.min(options.batchSize ?? OUTBOUND_BATCH_SIZE, OUTBOUND_BATCH_SIZE));
    const start = Math.max(0, Math.min(options.startAt ?? 0, customers.length));
    const report: OutboundLoadReport = { family, queueCode, batches: [], sent: 0, succeeded: 0, failed: 0, nextIndex: start, complete: start >= customers.length, cancelled: false };
    while (report.nextIndex < customers.length) {
      if (options.signal?.aborted) {
        report.cancelled = true;
        break;
      }
      const first = report.nextIndex;
      const batch = customers.slice(first, first + size);
      let result: OutboundBatchResult;
      try {
        result = { first, size: batch.length, ...(await send(batch)) };
      } catch (err) {
        if (!(err instanceof ConnectorError)) throw err;
        // The whole batch failed: stop here, so a resume starts with this batch and nothing after it was sent.
        result = { first, size: batch.length, succeeded: [], failed: batch.map((c) => c.id), error: err.error };
        report.batches.push(result);
        options.onBatch?.(result, report);
        break;
      }
      report.batches.push(result);
      report.sent += batch.length;
      report.succeeded += result.succeeded.length;
      report.failed += result.failed.length;
      report.nextIndex = first + batch.length;
      report.complete = report.nextIndex >= customers.length;
      options.onBatch?.(result, report);
    }
    return report;
  }

  return {
    loadAutodialer: (queue, customers, options = {}) =>
      load('autodialer', queue.queueCode, customers, options, async (batch) => {
        // The seed sends the numbers as strings ("150"); queue_agents only when given.
        const body = {
          campaign_id: queue.campaignId,
          queue_code: queue.queueCode,
          precall_ratio: String(queue.precallRatio),
          max_recall_count: String(queue.maxRecallCount),
          ...(queue.queueAgents ? { queue_agents: queue.queueAgents } : {}),
          customers: batch.map((c) => ({ id: c.id, mobiles: c.mobiles })),
        };
        const res = await s.post('/v2/autodialer/queue', body);
        readAutodialerAnswer(res, `take the list for queue "${queue.queueCode}"`, queue.queueCode);
        return { succeeded: batch.map((c) => c.id), failed: [] };
      }),
    loadAutocall: (queue, customers, options = {}) =>
      load('autocall', queue.queueCode, customers, options, async (batch) => {
        const body = {
          queue_code: queue.queueCode,
          template: queue.template,
          ...(queue.concurrentCall !== undefined ? { concurrent_call: queue.concurrentCall } : {}),
          ...(queue.maxRecallCount !== undefined ? { max_recall_count: queue.maxRecallCount } : {}),
          ...(queue.minRecallDuration !== undefined ? { min_recall_duration: queue.minRecallDuration } : {}),
          customers: batch.map(autocallCustomer),
        };
        const res = await s.post('/v2/autocall/queue', body);
        return readAutocallLoad(res, queue.queueCode, batch.map((c) => c.id));
      }),
    async queueAction(family, action, queueCode) {
      const res = await s.post(`/v2/${family}/queue/${action}`, { queue_code: queueCode });
      const what = `${action} queue "${queueCode}"`;
      if (family === 'autodialer') readAutodialerAnswer(res, what, queueCode);
      else readAutocallAnswer(res, what, queueCode);
    },
    async importDnc(queueCode, customerIds) {
      const res = await s.post('/v2/autocall/queue/dnc', { queue_code: queueCode, customers: customerIds.map((id) => ({ id })) });
      readAutocallAnswer(res, `import the do-not-call list into queue "${queueCode}"`, queueCode);
    },
  };
}
