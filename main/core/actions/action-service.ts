// The supervisor's actions on calls, agents and abandoned callers, in the order that makes them safe:
//   connected? -> capability -> own extension set -> target on the floor   (refused locally, not audited)
//   -> guard: one in flight per target, cooldown per target + kind          (refused at once, never sent)
//   -> own extension registered (listen / whisper / barge / call-back) -> the connector's one POST
//   -> audit record, fsync'd -> result.
// Listen / whisper / barge / call-back ring the supervisor's own phone: while the console knows that phone
// is on a call (a monitoring leg or a call-back the PBX lists) they are refused locally, OWN_PHONE_BUSY,
// saying which call it is on and to hang up first; a PBX's own USER_BUSY for them is the same error. A
// monitoring request that succeeds starts the phone's monitoring session (phone/own-phone.ts).
// Each audit record names who and what it was about (agent, extension, customer number) as the floor showed
// them when the action was asked, not only the PBX's ids, so the Activity view reads without today's floor.
// The registration check sits inside the guard so an auto-repeating key costs one GET, not thirty.
import type { BridgeResult } from '../../../common/contract';
import type {
  AbandonedCall,
  ActionKind,
  ActionOutcome,
  ActiveCall,
  Agent,
  AppError,
  AuditSubject,
  CallAction,
  Capability,
  EpochMs,
  MonitorMode,
  OwnPhone,
  SystemId,
} from '../../../common/domain';
import { ConnectorError, type CheckInOptions, type Connector } from '../connectors/connector';
import type { RequestOrigin } from '../host';
import type { ActionGuard } from './action-guard';
import type { AuditLog } from './audit-log';
import type { ClaimKeeper } from '../session/claim-keeper';

/** What an action needs to know of the live session; null when not connected. */
export interface ActionContext {
  connector: Connector;
  user: string;
  system: SystemId;
  ownExtension: string;
  /**
   * The own-extension poll said "registered" within the last couple of intervals. Then an action skips its
   * own check (one round trip less between the key and the POST); the PBX still refuses an extension that
   * unregistered since, in its own words (USER_NOT_REGISTERED).
   */
  ownExtensionSeenRegistered(): boolean;
  /** The supervisor's own phone as last seen: its monitoring session and other legs. */
  phone(): OwnPhone;
  /** The PBX accepted listen / whisper / barge on `call`. */
  startedMonitoring(call: ActiveCall, mode: MonitorMode): void;
  findCall(id: string): ActiveCall | undefined;
  findAgent(id: string): Agent | undefined;
  findAgentByExtension(extension: string): Agent | undefined;
  findAbandoned(id: string): AbandonedCall | undefined;
  /** The abandoned caller was dialled: record calledBackAt. */
  markCalledBack(id: string): void;
  /** On a floor hub: the floor's call-back claims (claim-keeper.ts); null otherwise. */
  claims: ClaimKeeper | null;
}

interface ActionServiceDeps {
  context: () => ActionContext | null;
  guard: ActionGuard;
  audit: AuditLog;
  now: () => EpochMs;
  log: (message: string) => void;
}

export type AgentActionKind = 'pause' | 'resume' | 'logoff' | 'check-in' | 'check-out' | 'set-queues' | 'wrap-up';

interface AgentActionRequest {
  agentId: string;
  reasonId?: string;
  deviceId?: string;
  force?: boolean;
  queueIds?: string[];
  seconds?: number;
}

export interface ActionService {
  onCall(request: { callId: string; action: CallAction; target?: string }, origin: RequestOrigin): Promise<BridgeResult<ActionOutcome>>;
  onAgent(kind: AgentActionKind, request: AgentActionRequest, origin: RequestOrigin): Promise<BridgeResult<ActionOutcome>>;
  callBack(abandonedId: string, origin: RequestOrigin): Promise<BridgeResult<ActionOutcome>>;
  /** TEL4VN /v3/agent/login: the agent of `extension` into a campaign (issue 19). */
  loginAgent(request: { extension: string; campaignId: string }, origin: RequestOrigin): Promise<BridgeResult<ActionOutcome>>;
}

const fail = (code: AppError['code'], message: string): { ok: false; error: AppError } => ({ ok: false, error: { code, message } });

const notConnected = fail('NOT_CONNECTED', 'Not connected to a PBX: connect first.');

function unsupported(system: SystemId, what: string): { ok: false; error: AppError } {
  return fail('NOT_SUPPORTED', `${system.toUpperCase()} does not support ${what} from the console.`);
}

/** A ConnectorError keeps its code and words; anything else is INTERNAL with a safe message. */
function toAppError(err: unknown, log: (m: string) => void): AppError {
  if (err instanceof ConnectorError) return err.error;
  log(`action failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { code: 'INTERNAL', message: 'The action failed unexpectedly; see the log for details.' };
}

const MODE_VERB: Record<MonitorMode, string> = { listen: 'listening to', whisper: 'whispering into', barge: 'barged into' };

/** Why the own phone cannot take another leg, or null when it is free as far as the console knows. */
function phoneBusy(phone: OwnPhone, ext: string, what: string): AppError | null {
  if (!phone.busy) return null;
  const m = phone.monitoring;
  const on = m
    ? `is ${MODE_VERB[m.mode]} ${m.agentName || m.agentExtension}'s call${m.customerNumber ? ` with ${m.customerNumber}` : ''}`
    : `is on a call${phone.legs[0]?.number ? ` with ${phone.legs[0].number}` : ''}`;
  // The seeds offer no way to move a monitoring leg to another mode: a new request means a new leg.
  return { code: 'OWN_PHONE_BUSY', message: `Your phone (${ext}) ${on}: hang up your phone first, then ${what} again.` };
}

/** The PBX's USER_BUSY for an action that rings the own phone is about that phone. */
function ownPhoneBusyFrom(err: unknown, phone: OwnPhone, ext: string, what: string): unknown {
  if (!(err instanceof ConnectorError) || err.error.code !== 'USER_BUSY') return err;
  const known = phoneBusy({ ...phone, busy: true }, ext, what);
  const message = phone.monitoring || phone.legs.length > 0 ? known!.message : `Your phone (${ext}) is on another call: hang up your phone first, then ${what} again.`;
  return new ConnectorError({ code: 'OWN_PHONE_BUSY', message, ...(err.error.pbxMessage ? { pbxMessage: err.error.pbxMessage } : {}) });
}

interface Attempt {
  ctx: ActionContext;
  kind: ActionKind;
  /** Guard key: 'call:<id>', 'agent:<id>', 'abandoned:<id>'. */
  lockKey: string;
  target: string;
  detail: string;
  subject: AuditSubject;
  origin: RequestOrigin;
  /** Own extension that must be registered first (listen / whisper / barge / call-back). */
  mustBeRegistered?: string;
  /**
   * A refusal known locally once the guard let the attempt in (the own phone is busy): nothing is sent or
   * audited. After the guard, so a held key is refused as a repeat (not news) rather than as this.
   */
  refuse?: () => AppError | null;
  run: () => Promise<Partial<ActionOutcome> | void>;
}

export function createActionService(deps: ActionServiceDeps): ActionService {
  async function attempt(a: Attempt): Promise<BridgeResult<ActionOutcome>> {
    const lock = deps.guard.acquire(a.lockKey, a.kind);
    if (!lock.ok) return lock;
    const refused = a.refuse?.();
    if (refused) {
      lock.abandon();
      return { ok: false, error: refused };
    }
    let result: BridgeResult<ActionOutcome>;
    try {
      const seen = a.mustBeRegistered === a.ctx.ownExtension && a.ctx.ownExtensionSeenRegistered();
      if (a.mustBeRegistered !== undefined && a.ctx.connector.isExtensionRegistered && !seen) {
        const registered = await a.ctx.connector.isExtensionRegistered(a.mustBeRegistered);
        if (!registered) {
          throw new ConnectorError({
            code: 'USER_NOT_REGISTERED',
            message: `Your extension ${a.mustBeRegistered} is not registered: log in your softphone first.`,
            party: 'own',
            extension: a.mustBeRegistered,
          });
        }
      }
      const extra = (await a.run()) ?? {};
      result = { ok: true, data: { kind: a.kind, target: a.target, at: deps.now(), ...extra } };
    } catch (err) {
      result = { ok: false, error: toAppError(err, deps.log) };
    }
    try {
      await deps.audit.append({
        at: deps.now(),
        user: a.ctx.user,
        system: a.ctx.system,
        kind: a.kind,
        target: a.target,
        detail: a.detail,
        ok: result.ok,
        error: result.ok ? null : result.error,
        origin: a.origin,
        subject: a.subject,
        ...(a.ctx.ownExtension ? { ownExtension: a.ctx.ownExtension } : {}),
      });
    } catch (err) {
      // The action happened (or failed) at the PBX either way: report it, and say the trace is missing.
      deps.log(`audit log write failed: ${(err as Error).message}`);
    } finally {
      // The PBX refused an expired token: nothing happened there, so pressing again right away must go
      // through (no cooldown): the token is already renewed.
      if (!result.ok && result.error.code === 'TOKEN_RENEWED') lock.abandon();
      else lock.release();
    }
    return result;
  }

  function requireCapability(ctx: ActionContext, cap: Capability, present: unknown, what: string): { ok: false; error: AppError } | null {
    return ctx.connector.capabilities.has(cap) && present ? null : unsupported(ctx.system, what);
  }

  return {
    async onCall(request, origin) {
      const ctx = deps.context();
      if (!ctx) return notConnected;
      const c = ctx.connector;
      const refused = requireCapability(ctx, 'call-actions', c.callAction, `${request.action} on calls`);
      if (refused) return refused;
      const monitoring = request.action !== 'transfer';
      if (monitoring && ctx.ownExtension === '') {
        return fail('OWN_EXTENSION_NOT_SET', `Set your own extension in Settings first: the PBX rings it to ${request.action}.`);
      }
      const call = ctx.findCall(request.callId);
      if (!call) {
        return fail('UNKNOWN_CALL', 'This call is no longer on the floor (it may just have ended).');
      }
      const ext = monitoring ? ctx.ownExtension : (request.target as string);
      const subject: AuditSubject = {
        agentName: call.agentName || null, extension: call.extension || null, number: call.customerNumber || null,
        ...(monitoring ? {} : { toExtension: ext }),
      };
      return attempt({
        ctx,
        kind: request.action,
        lockKey: `call:${request.callId}`,
        target: request.callId,
        detail: ext,
        subject,
        origin,
        ...(monitoring ? { mustBeRegistered: ext, refuse: () => phoneBusy(ctx.phone(), ext, request.action) } : {}),
        run: async () => {
          if (!monitoring) return c.callAction!(request.action, request.callId, ext);
          const mode = request.action as MonitorMode;
          try {
            await c.callAction!(mode, request.callId, ext);
          } catch (err) {
            throw ownPhoneBusyFrom(err, ctx.phone(), ext, mode);
          }
          ctx.startedMonitoring(call, mode);
        },
      });
    },

    async onAgent(kind, request, origin) {
      const ctx = deps.context();
      if (!ctx) return notConnected;
      const c = ctx.connector;
      const spec = agentActions[kind];
      const refused = requireCapability(ctx, spec.capability, c[spec.method], spec.what);
      if (refused) return refused;
      const agent = ctx.findAgent(request.agentId);
      if (!agent) return fail('NOT_FOUND', `No agent with id ${request.agentId} is on the floor.`);
      const effectiveKind: ActionKind = kind === 'check-in' && request.deviceId !== undefined ? 'check-in-device' : kind;
      return attempt({
        ctx,
        kind: effectiveKind,
        lockKey: `agent:${agent.id}`,
        target: agent.id,
        detail: spec.detail(request),
        subject: { agentName: agent.name, extension: agent.extension, number: (agent.callId && ctx.findCall(agent.callId)?.customerNumber) || null },
        origin,
        run: () => spec.run(c, agent, request),
      });
    },

    async callBack(id, origin) {
      const ctx = deps.context();
      if (!ctx) return notConnected;
      const c = ctx.connector;
      const refused = requireCapability(ctx, 'click-to-call', c.clickToCall, 'calling back');
      if (refused) return refused;
      if (ctx.ownExtension === '') {
        return fail('OWN_EXTENSION_NOT_SET', 'Set your own extension in Settings first: the PBX rings it, then dials the caller.');
      }
      const call = ctx.findAbandoned(id);
      if (!call) return fail('NOT_FOUND', 'This abandoned call is not in today\'s list.');
      const ext = ctx.ownExtension;
      // On a floor hub: the caller's claim first, so two screens never call the same caller back.
      const claimed = ctx.claims ? await ctx.claims.take(id, call.number) : null;
      if (claimed) return { ok: false, error: claimed };
      const result = await attempt({
        ctx,
        kind: 'call-back',
        lockKey: `abandoned:${id}`,
        target: id,
        detail: `${ext} -> ${call.number}`,
        subject: { agentName: null, extension: ext, number: call.number },
        origin,
        mustBeRegistered: ext,
        refuse: () => phoneBusy(ctx.phone(), ext, 'call back'),
        run: () => c.clickToCall!(ext, call.number).catch((err: unknown) => {
          throw ownPhoneBusyFrom(err, ctx.phone(), ext, 'call back');
        }),
      });
      if (result.ok) ctx.markCalledBack(id);
      // Not placed: the caller is free again (a refused repeat is the first click's, which still holds it).
      else if (result.error.code !== 'ACTION_IN_FLIGHT' && result.error.code !== 'COOLDOWN') void ctx.claims?.giveBack(id);
      return result;
    },

    async loginAgent(request, origin) {
      const ctx = deps.context();
      if (!ctx) return notConnected;
      const c = ctx.connector;
      const refused = requireCapability(ctx, 'agent-login', c.customers, 'logging agents into a campaign');
      if (refused) return refused;
      // The extension's agent as the floor shows it, when it does (a logged-out agent is not on TEL4VN's live list).
      const agent = ctx.findAgentByExtension(request.extension);
      return attempt({
        ctx,
        kind: 'agent-login',
        lockKey: `extension:${request.extension}`,
        target: request.extension,
        detail: request.campaignId,
        subject: { agentName: agent?.name ?? null, extension: request.extension, number: null },
        origin,
        run: () => c.customers!.loginAgent(request.extension, request.campaignId),
      });
    },
  };
}

type AgentMethod = 'pauseAgent' | 'resumeAgent' | 'logoffAgent' | 'checkIn' | 'checkOut' | 'setQueues' | 'wrapUp';

interface AgentActionSpec {
  capability: Capability;
  method: AgentMethod;
  what: string;
  detail: (r: AgentActionRequest) => string;
  run: (c: Connector, agent: Agent, r: AgentActionRequest) => Promise<Partial<ActionOutcome> | void>;
}

// Each connector method is present exactly when its capability is declared (connector.ts); both are checked.
const agentActions: Record<AgentActionKind, AgentActionSpec> = {
  pause: {
    capability: 'agent-pause',
    method: 'pauseAgent',
    what: 'pausing agents',
    detail: (r) => r.reasonId ?? '',
    run: (c, agent, r) => c.pauseAgent!(agent, r.reasonId),
  },
  resume: {
    capability: 'agent-pause',
    method: 'resumeAgent',
    what: 'resuming agents',
    detail: () => '',
    run: (c, agent) => c.resumeAgent!(agent),
  },
  logoff: {
    capability: 'agent-logoff',
    method: 'logoffAgent',
    what: 'logging agents off',
    detail: () => '',
    run: (c, agent) => c.logoffAgent!(agent),
  },
  'check-in': {
    capability: 'check-in',
    method: 'checkIn',
    what: 'checking agents in',
    detail: (r) => r.deviceId ?? '',
    run: async (c, agent, r) => {
      const options: CheckInOptions = {};
      if (r.deviceId !== undefined) options.deviceId = r.deviceId;
      if (r.force !== undefined) options.force = r.force;
      const { dialCode } = await c.checkIn!(agent, options);
      return dialCode !== undefined ? { dialCode } : {};
    },
  },
  'check-out': {
    capability: 'check-in',
    method: 'checkOut',
    what: 'checking agents out',
    detail: () => '',
    run: (c, agent) => c.checkOut!(agent),
  },
  'set-queues': {
    capability: 'queue-membership',
    method: 'setQueues',
    what: 'changing queue membership',
    detail: (r) => (r.queueIds ?? []).join(','),
    run: (c, agent, r) => c.setQueues!(agent, r.queueIds ?? []),
  },
  'wrap-up': {
    capability: 'wrap-up',
    method: 'wrapUp',
    what: 'wrap-up',
    detail: (r) => (r.seconds !== undefined ? String(r.seconds) : ''),
    run: (c, agent, r) => c.wrapUp!(agent, r.seconds),
  },
};
