// TEL4VN's customers and user status (seed 002 "Customer" and "User"), with the seed's shapes only:
//   GET  /v2/customer?campaign_id&limit&offset  {"code": 200, "content": "successfully", "data": [...], "limit", "offset", "total"}
//   GET  /v2/customer/{id}                      {"code": 200, ..., "data": {...}} | {"code": 404, "content": "Not Found", "error": "Not Found"}
//   POST /v2/customer                           {"code": 201, "content": "successfully", "id"} | 400 with the pattern error
//   GET  /v2/user/{id}/status and /v2/customer/user/{id}/status (issue 19: both paths the seed writes)
//                                               {"code": 200, "content": "successfully", "data": {...}} | {"code": 404, "content": "user is not existed", "error": "Not Found"}
// Choices where the seed is silent (docs/simulator.md):
// - The customers are the callers the floor has seen (live calls, queue callers, today's CDRs) and the ones
//   loaded into outbound queues or posted. About 7 in 10 callers are known, named from their number (the
//   same number always gets the same name); a loaded customer has no name (customer_name ""), as the load
//   carries none. Ordered by number; `total` counts them all.
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

  /** Every customer the PBX knows now, by customer_id. */
  function all(): Map<string, SimCustomer> {
    const out = new Map<string, SimCustomer>();
    const caller = (number: string, campaign: string): void => {
      const name = number ? callerName(number) : null;
      if (!name) return;
      const id = uuidOf(number);
      if (out.has(id)) return;
      out.set(id, {
        campaign_id: campaign, contract_number: '', created_at: seen(number), customer_code: `KH${number.slice(-6)}`, customer_id: id,
        customer_name: name, phone_number: number, status: 'NEW', updated_at: NEVER,
      });
    };
    const campaignOf = (queueId: number | null): string => (queueId === null ? '' : (floor.queue(queueId)?.campaignUuid ?? ''));
    for (const c of floor.calls.values()) caller(c.customerNumber, campaignOf(c.queueId));
    for (const e of floor.entries.values()) caller(e.number, campaignOf(Number(e.queueId)));
    for (const r of floor.cdrs) caller(r.direction === 'outbound' ? r.toNumber : r.fromNumber, '');
    for (const q of outbound.all()) {
      const running = new Set(outbound.dialable(q.family, q.code).map((c) => c.id));
      for (const c of q.customers.values()) {
        const id = uuidOf(`${q.family}:${q.code}:${c.id}`);
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
        const rows = [...all().values()].filter((c) => !campaign || c.campaign_id === campaign).sort((a, b) => a.phone_number.localeCompare(b.phone_number) || a.customer_id.localeCompare(b.customer_id));
        return json(200, { code: 200, content: 'successfully', data: rows.slice(offset, offset + limit), limit, offset, total: rows.length });
      },
    },
    { method: 'GET', pattern: '/v2/customer/user/:id/status', handle: userStatus },
    { method: 'GET', pattern: '/v2/user/:id/status', handle: userStatus },
    {
      method: 'GET', pattern: '/v2/customer/:id', handle: (_req, { id }) => {
        const c = all().get(decodeURIComponent(id ?? '').trim());
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
