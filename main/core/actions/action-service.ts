// The supervisor's actions on calls, agents and abandoned callers, in the order that makes them safe:
//   connected? -> capability -> own extension set -> target on the floor   (refused locally, not audited)
//   -> guard: one in flight per target, cooldown per target + kind          (refused at once, never sent)
//   -> own extension registered (listen / whisper / barge / call-back) -> the connector's one POST
//   -> audit record, fsync'd -> result.
// The registration check sits inside the guard so an auto-repeating key costs one GET, not thirty.
import type { BridgeResult } from '../../../common/contract';
import type {
  AbandonedCall,
  ActionKind,
  ActionOutcome,
  ActiveCall,
  Agent,
  AppError,
  CallAction,
  Capability,
  EpochMs,
  SystemId,
} from '../../../common/domain';
import { ConnectorError, type CheckInOptions, type Connector } from '../connectors/connector';
import type { RequestOrigin } from '../host';
import type { ActionGuard } from './action-guard';
import type { AuditLog } from './audit-log';

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
  findCall(id: string): ActiveCall | undefined;
  findAgent(id: string): Agent | undefined;
  findAbandoned(id: string): AbandonedCall | undefined;
  /** The abandoned caller was dialled: record calledBackAt. */
  markCalledBack(id: string): void;
}

export interface ActionServiceDeps {
  context: () => ActionContext | null;
  guard: ActionGuard;
  audit: AuditLog;
  now: () => EpochMs;
  log: (message: string) => void;
}

export type AgentActionKind = 'pause' | 'resume' | 'logoff' | 'check-in' | 'check-out' | 'set-queues' | 'wrap-up';

export interface AgentActionRequest {
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

interface Attempt {
  ctx: ActionContext;
  kind: ActionKind;
  /** Guard key: 'call:<id>', 'agent:<id>', 'abandoned:<id>'. */
  lockKey: string;
  target: string;
  detail: string;
  origin: RequestOrigin;
  /** Own extension that must be registered first (listen / whisper / barge / call-back). */
  mustBeRegistered?: string;
  run: () => Promise<Partial<ActionOutcome> | void>;
}

export function createActionService(deps: ActionServiceDeps): ActionService {
  async function attempt(a: Attempt): Promise<BridgeResult<ActionOutcome>> {
    const lock = deps.guard.acquire(a.lockKey, a.kind);
    if (!lock.ok) return lock;
    let result: BridgeResult<ActionOutcome>;
    try {
      const seen = a.mustBeRegistered === a.ctx.ownExtension && a.ctx.ownExtensionSeenRegistered();
      if (a.mustBeRegistered !== undefined && a.ctx.connector.isExtensionRegistered && !seen) {
        const registered = await a.ctx.connector.isExtensionRegistered(a.mustBeRegistered);
        if (!registered) {
          throw new ConnectorError({
            code: 'USER_NOT_REGISTERED',
            message: `Your extension ${a.mustBeRegistered} is not registered: log in your softphone first.`,
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
      });
    } catch (err) {
      // The action happened (or failed) at the PBX either way: report it, and say the trace is missing.
      deps.log(`audit log write failed: ${(err as Error).message}`);
    } finally {
      lock.release();
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
      if (!ctx.findCall(request.callId)) {
        return fail('UNKNOWN_CALL', 'This call is no longer on the floor (it may just have ended).');
      }
      const ext = monitoring ? ctx.ownExtension : (request.target as string);
      return attempt({
        ctx,
        kind: request.action,
        lockKey: `call:${request.callId}`,
        target: request.callId,
        detail: ext,
        origin,
        ...(monitoring ? { mustBeRegistered: ext } : {}),
        run: () => c.callAction!(request.action, request.callId, ext),
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
      const result = await attempt({
        ctx,
        kind: 'call-back',
        lockKey: `abandoned:${id}`,
        target: id,
        detail: `${ext} -> ${call.number}`,
        origin,
        mustBeRegistered: ext,
        run: () => c.clickToCall!(ext, call.number),
      });
      if (result.ok) ctx.markCalledBack(id);
      return result;
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
