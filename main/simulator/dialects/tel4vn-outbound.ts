// TEL4VN's outbound endpoints (seed 002 "Autodialer" and "Autocall"): load a queue, start / stop / delete it,
// and autocall's do-not-call import, with the seed's two answer families:
//   autodialer: {"message": "successfully"} | {"message": "campaign is invalid" | "queue not found"}
//   autocall:   {"code": 200, "content": "successfully", data?} | {"code": 404, "content": "queue not found"}
//               | {"code": 400, "content": "import fail", "data": {"success": [], "fail": []}}
// Choices where the seed is silent are marked "choice:" and listed in docs/simulator.md.
import { json, type SimReply, type SimRequest } from '../dialect';
import type { Floor } from '../floor-types';
import { SEED_PHONE_PATTERN, type OutboundCustomer, type OutboundFamily, type OutboundQueues } from '../outbound/queues';

interface OutboundRoute {
  method: 'POST';
  pattern: string;
  handle(req: SimRequest): SimReply;
}

type Body = Record<string, unknown>;
const asBody = (v: unknown): Body | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : undefined);
/** A non-blank string or a number (the seed sends autodialer's numbers as strings, autocall's as numbers). */
const present = (v: unknown): boolean => (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v));
const code = (b: Body | undefined): string | undefined => (typeof b?.queue_code === 'string' && b.queue_code.trim() !== '' ? b.queue_code.trim() : undefined);
const mobilesOf = (c: Body): string[] | undefined => (Array.isArray(c.mobiles) ? c.mobiles.filter((m): m is string => typeof m === 'string').map((m) => m.trim()) : undefined);
const rest = (c: Body): Record<string, unknown> => {
  const { id: _id, mobiles: _m, ...fields } = c;
  return fields;
};
const params = (b: Body, names: readonly string[]): Record<string, unknown> => Object.fromEntries(names.filter((n) => n in b).map((n) => [n, b[n]]));

const AUTODIALER_PARAMS = ['campaign_id', 'precall_ratio', 'max_recall_count', 'queue_agents'] as const;
const AUTOCALL_PARAMS = ['template', 'concurrent_call', 'max_recall_count', 'min_recall_duration'] as const;

export function tel4vnOutboundRoutes(floor: Floor, queues: OutboundQueues): OutboundRoute[] {
  // ---- the two answer families ----
  // choice: HTTP status follows the body's meaning (400 invalid, 404 not found); the connector reads the
  // body whatever the status, since the seed says some errors come with 200.
  const dialer = (status: number, message: string): SimReply => json(status, { message });
  const autocall = (status: number, content: string): SimReply => json(status, { code: status, content });
  const importFail = (): SimReply => json(400, { code: 400, content: 'import fail', data: { success: [], fail: [] } });

  const lifecycle = (family: OutboundFamily, act: (code: string) => boolean): OutboundRoute['handle'] => (req) => {
    const q = code(asBody(req.body));
    // choice: a body without queue_code is 400 in the family's shape.
    if (req.bodyError || !q) return family === 'autodialer' ? dialer(400, 'queue_code is required') : autocall(400, 'queue_code is required');
    if (!act(q)) return family === 'autodialer' ? dialer(404, 'queue not found') : autocall(404, 'queue not found');
    return family === 'autodialer' ? dialer(200, 'successfully') : autocall(200, 'successfully');
  };

  const familyRoutes = (family: OutboundFamily): OutboundRoute[] => [
    { method: 'POST', pattern: `/v2/${family}/queue/start`, handle: lifecycle(family, (q) => queues.setState(family, q, 'running')) },
    { method: 'POST', pattern: `/v2/${family}/queue/stop`, handle: lifecycle(family, (q) => queues.setState(family, q, 'stopped')) },
    { method: 'POST', pattern: `/v2/${family}/queue/delete`, handle: lifecycle(family, (q) => queues.remove(family, q)) },
  ];

  return [
    {
      method: 'POST', pattern: '/v2/autodialer/queue', handle: (req) => {
        const b = asBody(req.body);
        if (req.bodyError || !b) return dialer(400, 'invalid request body');
        const campaign = typeof b.campaign_id === 'string' ? b.campaign_id.trim() : '';
        // The campaign must be one of the floor's (the ones /v3/agent/login accepts); a missing one is invalid too.
        if (!campaign || !floor.queues.some((q) => q.campaignUuid === campaign)) return dialer(400, 'campaign is invalid');
        const q = code(b);
        if (!q) return dialer(400, 'queue_code is required');
        for (const name of ['precall_ratio', 'max_recall_count'] as const) if (!present(b[name])) return dialer(400, `${name} is required`);
        // choice: autodialer answers per batch (its answer has only `message`), so one customer without an id
        // or without a mobile refuses the whole batch; numbers are not checked against the pattern here.
        const raw = Array.isArray(b.customers) ? b.customers.map(asBody) : [];
        const customers: OutboundCustomer[] = [];
        for (const c of raw) {
          const mobiles = c ? mobilesOf(c) : undefined;
          if (!c || typeof c.id !== 'string' || c.id.trim() === '' || !mobiles || mobiles.length === 0) return dialer(400, 'customers is invalid');
          customers.push({ id: c.id.trim(), mobiles, fields: rest(c) });
        }
        if (customers.length === 0) return dialer(400, 'customers is invalid');
        queues.load('autodialer', q, params(b, AUTODIALER_PARAMS), campaign, customers);
        return dialer(200, 'successfully');
      },
    },
    ...familyRoutes('autodialer'),
    {
      method: 'POST', pattern: '/v2/autocall/queue', handle: (req) => {
        const b = asBody(req.body);
        const q = code(b);
        // Issue 19's decision: a body without queue_code, template or customers[] is "import fail".
        if (req.bodyError || !b || !q || !present(b.template) || !Array.isArray(b.customers) || b.customers.length === 0) return importFail();
        const success: string[] = [];
        const fail: string[] = [];
        const customers: OutboundCustomer[] = [];
        for (const item of b.customers) {
          const c = asBody(item);
          const id = c && typeof c.id === 'string' ? c.id.trim() : '';
          // choice: a customer without an id cannot be named in data.fail, so the whole body is "import fail".
          if (!c || id === '') return importFail();
          // Issue 19's decision: a customer fails (in data.fail, code 200) with no mobiles or no number matching
          // the seed's pattern; numbers that do not match are dropped from one that has a good one.
          const good = (mobilesOf(c) ?? []).filter((m) => SEED_PHONE_PATTERN.test(m));
          if (good.length === 0) {
            fail.push(id);
            continue;
          }
          success.push(id);
          customers.push({ id, mobiles: good, fields: rest(c) });
        }
        // choice: a load whose customers all fail still answers code 200 (the failure is per customer) and
        // creates no queue.
        if (customers.length > 0) queues.load('autocall', q, params(b, AUTOCALL_PARAMS), null, customers);
        return json(200, { code: 200, content: 'successfully', data: { fail, success } });
      },
    },
    ...familyRoutes('autocall'),
    {
      method: 'POST', pattern: '/v2/autocall/queue/dnc', handle: (req) => {
        const b = asBody(req.body);
        const q = code(b);
        // choice: a DNC body without queue_code or customers[] is "import fail" like the load.
        if (req.bodyError || !b || !q || !Array.isArray(b.customers)) return importFail();
        const ids = b.customers.map(asBody).map((c) => (c && typeof c.id === 'string' ? c.id.trim() : '')).filter((id) => id !== '');
        if (!queues.addDnc(q, ids)) return autocall(404, 'queue not found');
        return autocall(200, 'successfully');
      },
    },
  ];
}
