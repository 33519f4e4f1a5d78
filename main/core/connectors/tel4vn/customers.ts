// TEL4VN's customers and users (seed 002 "Customer" and "Get User Status") and agent login (seed 000
// "Post Agent Login Into Campaign"), read whatever the HTTP status since some failures come with 200:
//   GET /v2/customer?limit=&offset=   {"code": 200, "content": "successfully", "data": [...], "limit", "offset", "total"}
//   GET /v2/user/{id}/status          {"code": 200, "content": "successfully", "data": {agent_name, ext_loggedin, ...}}
//                                     error {"code": 404, "content": "user is not existed", "error": "Not Found"}
//   POST /v3/agent/login              {"data": {...}, "message": "success"} | {"error": "user is already logged in"}
// Choices where the seed is vague (noted here and in docs/core-connectors.md):
// - The customer list has no number filter: the directory reads it in pages (customer-directory.ts).
// - A row without a usable phone_number or name is skipped, not an error (names are a courtesy); ids and
//   numbers are trimmed (TEL4VN ids arrive with stray spaces); a null customer_name is no name.
// - The seed writes the user status path twice (/v2/user/{id}/status in the example, /v2/customer/user/{id}/status
//   under HTTP Request): the first is asked, the second when the first answers 404 without TEL4VN's own body.
// - ext_loggedin arrives as the string "false" in the seed: "true"/"false" and booleans are read, others null.
import type { Agent } from '../../../../common/domain';
import { customerNumberKey, type CustomerName, type UserStatus } from '../../../../common/customers';
import { ConnectorError, type CustomersApi } from '../connector';
import type { HttpResponse } from '../../http/http-client';
import { badShape, failureInBody, listFailure, okJson, pbxMessageOf, statusError } from '../../http/http-errors';
import { isObject } from '../../http/json-fields';
import { expectActionSuccess } from './actions';

interface CustomerSession {
  get(path: string, signal?: AbortSignal): Promise<HttpResponse>;
  post(path: string, body: unknown): Promise<HttpResponse>;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const count = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/** One page of GET /v2/customer: the rows with a number and a name, and the PBX's total (null if none). */
export function readCustomerPage(res: HttpResponse): { rows: CustomerName[]; read: number; total: number | null } {
  const json = okJson(res);
  const failed = failureInBody(json);
  if (failed) throw listFailure(res, json, failed);
  if (!isObject(json)) throw badShape(res.request, '(body)', 'is not an object');
  // A page past the end may come as data: null.
  const data = json.data === null ? [] : json.data;
  if (!Array.isArray(data)) throw badShape(res.request, 'data', 'is not a list');
  const rows: CustomerName[] = [];
  for (const row of data) {
    if (!isObject(row)) continue;
    const number = customerNumberKey(text(row.phone_number));
    const name = text(row.customer_name);
    if (number.length < 3 || name === '') continue;
    rows.push({ number, name, code: text(row.customer_code) });
  }
  return { rows, read: data.length, total: count(json.total) };
}

/** GET /v2/user/{id}/status's answer, or NOT_FOUND for TEL4VN's "user is not existed". */
export function readUserStatus(res: HttpResponse, userId: string, at: number): UserStatus {
  const body = res.json;
  const failed = failureInBody(body);
  if (failed || res.status < 200 || res.status > 299) {
    if (failed?.code === 404 || res.status === 404) {
      const pbxMessage = pbxMessageOf(body, res.redact);
      throw new ConnectorError({ code: 'NOT_FOUND', message: `The PBX has no user ${userId}.`, ...(pbxMessage ? { pbxMessage } : {}) });
    }
    if (failed) throw listFailure(res, body, failed);
    throw statusError(res);
  }
  if (!isObject(body) || !isObject(body.data)) throw badShape(res.request, 'data', 'is not an object');
  const d = body.data;
  const loggedIn = typeof d.ext_loggedin === 'boolean' ? d.ext_loggedin : text(d.ext_loggedin).toLowerCase();
  return {
    userId,
    username: text(d.username),
    agentName: text(d.agent_name),
    extension: text(d.extension),
    extLoggedIn: loggedIn === true || loggedIn === 'true' ? true : loggedIn === false || loggedIn === 'false' ? false : null,
    userUuid: text(d.user_uuid),
    at,
  };
}

export function createTel4vnCustomers(s: CustomerSession, now: () => number): CustomersApi {
  return {
    async page(offset, limit, signal) {
      return readCustomerPage(await s.get(`/v2/customer?limit=${limit}&offset=${offset}`, signal));
    },
    async userStatus(agent: Agent) {
      // The seed's example takes the username or the uuid; the username reads better in the PBX's logs.
      const id = agent.username || agent.id;
      const path = (prefix: string): string => `${prefix}/user/${encodeURIComponent(id)}/status`;
      let res = await s.get(path('/v2'));
      if (res.status === 404 && !isObject(res.json)) res = await s.get(path('/v2/customer'));
      return readUserStatus(res, id, now());
    },
    async loginAgent(extension, campaignId) {
      const res = await s.post('/v3/agent/login', { campaign_uuid: campaignId, extension });
      const body = res.json;
      // Seed 000: {"data": {...}, "message": "success"}; its errors are {"error": "..."} (HTTP 200 or not).
      if (isObject(body) && typeof body.error === 'string' && /already logged in/i.test(body.error)) {
        throw new ConnectorError({ code: 'CONFLICT', message: `The agent of extension ${extension} is already logged in.`, pbxMessage: body.error.trim() });
      }
      if (isObject(body) && typeof body.error === 'string' && /campaign/i.test(body.error)) {
        throw new ConnectorError({ code: 'PBX_ERROR', message: `The PBX does not know campaign ${campaignId}.`, pbxMessage: body.error.trim() });
      }
      if (res.status >= 200 && res.status <= 299 && isObject(body) && text(body.message).toLowerCase() === 'success' && body.error === undefined) return;
      expectActionSuccess(res, `log extension ${extension} into the campaign`, extension, 'target');
      throw new ConnectorError({ code: 'BAD_RESPONSE', message: `The PBX's answer to ${res.request} does not say the login succeeded.`, field: 'message' });
    },
  };
}
