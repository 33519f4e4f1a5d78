// TEL4VN's event hooks (seed 002 "Event"): the tenant's hooks (GET / POST / DELETE /v1/event, routes in
// dialects/tel4vn.ts) and their delivery: every ringing / answered / hangup / cdr moment of the floor is
// POSTed to each hook registered for it, in the seed's "Event Hook Data" shape and never with a field the
// seed does not send (hangup adds duration and billsec, cdr adds recording_url and status).
// Choices where the seed is silent (listed in docs/simulator.md):
//   - the hook's callback_apikey travels as `Authorization: Bearer <key>` (none when it was not given);
//   - an event name outside the four is stored (the seed says it is "not recognised") and never fires;
//   - only inbound and outbound calls are told (the seed's directions), not internal ('local') ones;
//   - one posting queue per callback URL, so a call's events arrive in order; a POST waits at most 3 s and
//     is never retried (a PBX's hook is fire-and-forget: the receiver's polling repairs what it missed);
//   - the cdr event carries the call's own id (the seed's one-mobile-one-extension case).
import { randomUUID } from 'node:crypto';
import type { Floor, SimCall, SimCallEvent, SimCdr } from './floor-types';

export const HOOK_EVENTS = ['ringing', 'answered', 'hangup', 'cdr'] as const;
const POST_TIMEOUT_MS = 3000;
const CDR_STATUS: Record<SimCdr['status'], string> = { ANSWERED: 'ANSWERED', CANCEL: 'CANCEL', NO_ANSWER: 'NO_ANSWER', BUSY: 'BUSY' };

/** One hook as GET /v1/event lists it. */
export interface EventHook {
  event_domain_uuid: string;
  domain_uuid: string;
  domain_name: string;
  event_name: string;
  callback_url: string;
  callback_apikey: string;
}

export interface HookDelivery {
  url: string;
  state: string;
  /** The receiver's HTTP status; 0 when it could not be reached or timed out. */
  status: number;
  at: number;
}

export interface EventHooks {
  list(): EventHook[];
  create(callbackUrl: string, apiKey: string, event: string): EventHook;
  remove(id: string): boolean;
  /** The last deliveries (newest last, at most 200): for tests and the control surface. */
  deliveries(): readonly HookDelivery[];
  /** Where the simulator serves its recordings (the cdr event's public recording_url). */
  setBaseUrl(url: string): void;
  close(): void;
}

export function createEventHooks(floor: Floor): EventHooks {
  const hooks: EventHook[] = [];
  const delivered: HookDelivery[] = [];
  // One posting queue per callback URL: a call's ringing never overtakes its answered.
  const queues = new Map<string, Promise<void>>();
  // The SIP call id of each call while its events are told (the floor's calls have none of their own).
  const sipIds = new Map<string, string>();
  let baseUrl = 'http://127.0.0.1';
  let closed = false;

  const sipIdOf = (callId: string): string => {
    let id = sipIds.get(callId);
    if (!id) {
      id = randomUUID();
      sipIds.set(callId, id);
    }
    return id;
  };

  /** Seed 002: from_number is the extension on an outbound call, to_number the extension on an inbound one. */
  const callBody = (call: SimCall, state: 'ringing' | 'answered' | 'hangup') => {
    const inbound = call.direction === 'inbound';
    return {
      call_id: call.id, sip_call_id: sipIdOf(call.id), domain: floor.options.domainName, direction: call.direction,
      from_number: inbound ? call.customerNumber : call.ext, to_number: inbound ? call.ext : call.customerNumber,
      hotline: call.hotline, state,
    };
  };

  const bodyOf = (event: SimCallEvent): Record<string, unknown> | null => {
    if (event.state === 'cdr') {
      const c = event.cdr;
      if (c.direction === 'local') return null;
      const inbound = c.direction === 'inbound';
      const ext = c.extension;
      const body = {
        call_id: c.callId, sip_call_id: sipIdOf(c.callId), domain: floor.options.domainName, direction: c.direction,
        from_number: inbound ? c.fromNumber : ext, to_number: inbound ? ext || c.toNumber : c.toNumber, hotline: floor.options.hotline,
        state: 'cdr', recording_url: c.answeredAt !== null ? `${baseUrl}/recordings/${c.id}.wav` : '', status: CDR_STATUS[c.status],
      };
      sipIds.delete(c.callId);
      return body;
    }
    if (event.call.direction === 'local') return null;
    const body = callBody(event.call, event.state);
    if (event.state !== 'hangup') return body;
    const { call, endedAt } = event;
    return {
      ...body,
      duration: Math.round((endedAt - call.createdAt) / 1000),
      billsec: call.answeredAt !== null ? Math.round((endedAt - call.answeredAt) / 1000) : 0,
    };
  };

  const post = async (hook: EventHook, body: string, state: string): Promise<void> => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (hook.callback_apikey) headers.Authorization = `Bearer ${hook.callback_apikey}`;
    let status = 0;
    try {
      const res = await fetch(hook.callback_url, { method: 'POST', headers, body, signal: AbortSignal.timeout(POST_TIMEOUT_MS) });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      // Unreachable or too slow: dropped, as a PBX's hook is (the receiver's polling repairs it).
    }
    delivered.push({ url: hook.callback_url, state, status, at: Date.now() });
    if (delivered.length > 200) delivered.splice(0, delivered.length - 200);
  };

  const unsubscribe = floor.onCallEvent((event) => {
    if (closed || hooks.length === 0) return;
    const targets = hooks.filter((h) => h.event_name === event.state);
    if (targets.length === 0) {
      if (event.state === 'cdr') sipIds.delete(event.cdr.callId);
      return;
    }
    const body = bodyOf(event);
    if (!body) return;
    const text = JSON.stringify(body);
    for (const hook of targets) {
      const next = (queues.get(hook.callback_url) ?? Promise.resolve()).then(() => post(hook, text, event.state));
      queues.set(hook.callback_url, next);
    }
  });

  return {
    list: () => hooks.map((h) => ({ ...h })),
    create(callbackUrl, apiKey, event) {
      const hook: EventHook = {
        event_domain_uuid: randomUUID(), domain_uuid: floor.domainUuid, domain_name: floor.options.domainName,
        event_name: event, callback_url: callbackUrl, callback_apikey: apiKey,
      };
      hooks.push(hook);
      return hook;
    },
    remove(id) {
      const at = hooks.findIndex((h) => h.event_domain_uuid === id);
      if (at < 0) return false;
      hooks.splice(at, 1);
      return true;
    },
    deliveries: () => delivered,
    setBaseUrl(url) {
      baseUrl = url;
    },
    close() {
      closed = true;
      unsubscribe();
    },
  };
}
