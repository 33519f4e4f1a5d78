// TEL4VN's customers and user status (seed 002 "Customer" and "User"), with the seed's shapes only:
//   GET  /v2/customer?campaign_id&limit&offset  {"code": 200, "content": "successfully", "data": [...], "limit", "offset", "total"}
//   GET  /v2/customer/{id}                      {"code": 200, ..., "data": {...}} | {"code": 404, "content": "Not Found", "error": "Not Found"}
//   POST /v2/customer                           {"code": 201, "content": "successfully", "id"} | 400 with the pattern error
//   GET  /v2/user/{id}/status and /v2/customer/user/{id}/status (issue 19: both paths the seed writes)
//                                               {"code": 200, "content": "successfully", "data": {...}} | {"code": 404, "content": "user is not existed", "error": "Not Found"}
// Choices where the seed is silent (docs/simulator.md):
// - The customers are the callers the floor has shown since it started (live calls, queue callers, CDRs;
//   a caller's campaign is the queue's where it was first seen) and the ones loaded into outbound queues or
//   posted. About 7 in 10 callers are known, named from their number (the same number always gets the same
//   name); a loaded customer has no name (customer_name ""), as the load carries none. Ordered by number;
//   `total` counts them all.
// - A caller's customer_code is "KH" and the number's last 6 digits; a loaded one's is its id.
// - status is "NEW", or "QUEUE" once loaded into a running queue (the floor does not track call outcomes per customer).
// - updated_at is the seed's "0001-01-01T00:00:00Z" (never updated); created_at is when the floor first saw it.
import { createHash } from 'node:crypto';
import { json, type SimReply, type SimRequest } from '../dialect';
import type { Floor } from '../floor-types';
import { SEED_PHONE_PATTERN, type OutboundQueues } from '../outbound/queues';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Ngọc', 'Thanh', 'Đức', 'Thu'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Trang', 'Tuấn', 'Vy'];
const NEVER = '0001-01-01T00:00:00Z';

interface SimCustomer {
  campaign_id: string;
  contract_number: string;
  created_at: string;
  customer_code: string;
  customer_id: string;
  customer_name: string;
  phone_number: string;
  status: string;
  updated_at: string;
}

interface CustomerRoute {
  method: 'GET' | 'POST';
  pattern: string;
  handle(req: SimRequest, params: Record<string, string>): SimReply;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const uuidOf = (s: string): string => {
  const h = digest(`customer:${s}`).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The name the number's customer has, or null for the 3 in 10 numbers no customer has. */
export function callerName(number: string): string | null {
  const d = digest(`name:${number}`);
  if ((d[0] as number) % 10 >= 7) return null;
  return `${FAMILY[(d[1] as number) % FAMILY.length]} ${MIDDLE[(d[2] as number) % MIDDLE.length]} ${GIVEN[(d[3] as number) % GIVEN.length]}`;
}

export function tel4vnCustomerRoutes(floor: Floor, outbound: OutboundQueues, now: () => number = Date.now): CustomerRoute[] {
  const posted = new Map<string, SimCustomer>();
  const firstSeen = new Map<string, number>();

  const seen = (number: string): string => {
    let at = firstSeen.get(number);
    if (at === undefined) firstSeen.set(number, (at = now()));
    return new Date(at).toISOString();
  };

  // The callers' customers, kept as the floor shows new numbers: each number is looked at once (two
  // digests), and the new ones are sorted in after each look (a sorted list with a few rows appended: one
  // merge). Rebuilt per request (every call, queue entry and CDR of the day digested, then a
  // locale sort of the lot), a page of the directory cost hundreds of milliseconds at 10,000 agents, and
  // the console's directory reads a page a second or so: the simulator took most of a core beside the
  // console it is there to measure.
  const callers = new Map<string, SimCustomer>();
  /** `callers` in the list's order: by number, then id. */
  const callerOrder: SimCustomer[] = [];
  const numbersLookedAt = new Set<string>();
  /** A loaded customer's customer_id by family, queue code and id: digested once, not at every read. */
  const loadedIds = new Map<string, string>();
  /** The newest CDR read (the CDRs only grow at their end; the oldest are dropped from the front). */
  let lastCdr: unknown;

  // Numbers and uuids are digits and hex: code-unit order is their order, and far cheaper than a collator.
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const byNumber = (a: SimCustomer, b: SimCustomer): number => byText(a.phone_number, b.phone_number) || byText(a.customer_id, b.customer_id);

  function noteCaller(number: string, campaign: string): void {
    if (!number || numbersLookedAt.has(number)) return;
    numbersLookedAt.add(number);
    const name = callerName(number);
    if (!name) return;
    const id = uuidOf(number);
    const customer: SimCustomer = {
      campaign_id: campaign, contract_number: '', created_at: seen(number), customer_code: `KH${number.slice(-6)}`, customer_id: id,
      customer_name: name, phone_number: number, status: 'NEW', updated_at: NEVER,
    };
    callers.set(id, customer);
    callerOrder.push(customer);
  }

  /** The callers the floor has shown since the last look: live calls, queue callers, the CDRs added since. */
  function lookAtFloor(): void {
    const known = callerOrder.length;
    const campaignOf = (queueId: number | null): string => (queueId === null ? '' : (floor.queue(queueId)?.campaignUuid ?? ''));
    for (const c of floor.calls.values()) noteCaller(c.customerNumber, campaignOf(c.queueId));
    for (const e of floor.entries.values()) noteCaller(e.number, campaignOf(Number(e.queueId)));
    const cdrs = floor.cdrs;
    let from = cdrs.length;
    // Back to the last one read; if it is gone (dropped past MAX_CDRS), all of them (a number is looked at
    // once anyway).
    while (from > 0 && cdrs[from - 1] !== lastCdr) from--;
    for (let i = from; i < cdrs.length; i++) {
      const r = cdrs[i] as (typeof cdrs)[number];
      noteCaller(r.direction === 'outbound' ? r.toNumber : r.fromNumber, '');
    }
    lastCdr = cdrs.at(-1);
    if (callerOrder.length > known) callerOrder.sort(byNumber);
  }

  /** The customers loaded into outbound queues and the ones posted, by customer_id. */
  function loadedAndPosted(): Map<string, SimCustomer> {
    const out = new Map<string, SimCustomer>();
    for (const q of outbound.all()) {
      const running = new Set(outbound.dialable(q.family, q.code).map((c) => c.id));
      for (const c of q.customers.values()) {
        const key = `${q.family}:${q.code}:${c.id}`;
        let id = loadedIds.get(key);
        if (id === undefined) loadedIds.set(key, (id = uuidOf(key)));
        out.set(id, {
          campaign_id: q.campaignId ?? '', contract_number: typeof c.fields.contract_number === 'string' ? c.fields.contract_number : '',
          created_at: seen(`${q.code}:${c.id}`), customer_code: c.id, customer_id: id, customer_name: '', phone_number: c.mobiles[0] ?? '',
          status: running.has(c.id) ? 'QUEUE' : 'NEW', updated_at: NEVER,
        });
      }
    }
    for (const [id, c] of posted) out.set(id, c);
    return out;
  }

  /** Every customer the PBX knows now, in the list's order. */
  function ordered(): SimCustomer[] {
    lookAtFloor();
    const extra = loadedAndPosted();
    if (extra.size === 0) return callerOrder;
    // A loaded or posted customer with a caller's id replaces it; two sorted runs merge in one pass.
    return [...callerOrder.filter((c) => !extra.has(c.customer_id)), ...[...extra.values()].sort(byNumber)].sort(byNumber);
  }

  const int = (v: string | null, fallback: number, max: number): number => {
    const n = v === null || v.trim() === '' ? fallback : Number(v);
    return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : -1;
  };

  const userStatus = (_req: SimRequest, { id }: Record<string, string>): SimReply => {
    const key = decodeURIComponent(id ?? '').trim();
    const agent = floor.agents.find((a) => a.username === key || a.uuid === key);
    if (!agent) return json(404, { code: 404, content: 'user is not existed', error: 'Not Found' });
    const ext = floor.extension(agent.extension);
    return json(200, {
      code: 200, content: 'successfully',
      data: {
        agent_name: `${agent.lastName} ${agent.middleName} ${agent.firstName}`,
        // The seed sends it as a string.
        ext_loggedin: String(ext?.registered ?? false),
        extension: agent.extension,
        user_uuid: agent.uuid,
        username: agent.username,
      },
    });
  };

  return [
    {
      method: 'GET', pattern: '/v2/customer', handle: (req) => {
        const limit = int(req.query.get('limit'), 10, 500);
        const offset = int(req.query.get('offset'), 0, Number.MAX_SAFE_INTEGER);
        if (limit < 0 || offset < 0) return json(400, { code: 400, content: 'limit and offset must be whole numbers', error: 'Bad Request' });
        const campaign = req.query.get('campaign_id')?.trim();
        const everyone = ordered();
        const rows = campaign ? everyone.filter((c) => c.campaign_id === campaign) : everyone;
        return json(200, { code: 200, content: 'successfully', data: rows.slice(offset, offset + limit), limit, offset, total: rows.length });
      },
    },
    { method: 'GET', pattern: '/v2/customer/user/:id/status', handle: userStatus },
    { method: 'GET', pattern: '/v2/user/:id/status', handle: userStatus },
    {
      method: 'GET', pattern: '/v2/customer/:id', handle: (_req, { id }) => {
        const key = decodeURIComponent(id ?? '').trim();
        lookAtFloor();
        const c = loadedAndPosted().get(key) ?? callers.get(key);
        return c ? json(200, { code: 200, content: 'successfully', data: c }) : json(404, { code: 404, content: 'Not Found', error: 'Not Found' });
      },
    },
    {
      method: 'POST', pattern: '/v2/customer', handle: (req) => {
        const b = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
        const str = (k: string): string => (typeof b[k] === 'string' ? (b[k] as string).trim() : '');
        const phone = str('phone_number');
        const missing = ['campaign_id', 'customer_code', 'phone_number', 'contract_number'].filter((k) => str(k) === '');
        if (req.bodyError || missing.length > 0) return json(400, { code: 400, content: missing.map((k) => ({ [k]: 'is required' })), error: 'Bad Request' });
        if (!SEED_PHONE_PATTERN.test(phone)) {
          return json(400, { code: 400, content: [{ phone_number: "Does not match pattern '^(84|0[3|5|7|8|9])+([0-9]{8})$'" }], error: 'Bad Request' });
        }
        const id = uuidOf(`posted:${str('customer_code')}:${phone}`);
        posted.set(id, {
          campaign_id: str('campaign_id'), contract_number: str('contract_number'), created_at: new Date(now()).toISOString(), customer_code: str('customer_code'),
          customer_id: id, customer_name: str('customer_name'), phone_number: phone, status: 'NEW', updated_at: NEVER,
        });
        return json(201, { code: 201, content: 'successfully', id });
      },
    },
  ];
}
