// Every supervisor action goes through here: it shows as pending on its row and in a toast, then done or
// the PBX's error. One action per target at a time, so a double press cannot send twice (main also
// guards per call). Results of actions started elsewhere (global shortcut, notification) arrive as
// 'action:done' events and are shown the same way. An action on a panel whose data is stale is refused
// here, before anything is sent, with the reason in the toast (the row's buttons are disabled meanwhile);
// so are listen / whisper / barge / call-back while the supervisor's own phone is not registered or is
// known to be on a call (which call, and to hang up first).
// A pause and a "mark handled" can be undone from their toast (its button, or U) for a few seconds.
import { defineStore } from 'pinia';
import { computed, onScopeDispose, shallowRef, triggerRef, type ComputedRef } from 'vue';
import type { BridgeResult } from '../../../common/contract';
import type { ActionKind, ActionOutcome, AppError, CallAction } from '../../../common/domain';
import { getBridge } from '../bridge';
import { i18n } from '../i18n';
import { callerKey } from '../lib/abandoned-groups';
import type { AgentAdminKind, AgentAdminRequest } from '../lib/agent-admin';
import { describeError } from '../lib/errors';
import { elapsedSec, formatAge } from '../../../common/format';
import { panelStaleness } from '../lib/sources';
import { useFloorStore } from './floor';
import { usePhoneStore } from './phone';
import { useUiStore, type PanelId } from './ui';

export type UiActionKind = ActionKind | 'handled' | 'unhandled';
type ActionPhase = 'pending' | 'done' | 'error';

export interface RowAction {
  kind: UiActionKind;
  phase: ActionPhase;
  error: AppError | null;
}

export interface Toast {
  id: number;
  phase: ActionPhase;
  text: string;
  /** Takes the action back (the toast's Undo button, or U). */
  undo?: () => void;
}

const DONE_TOAST_MS = 4000;
/** Long enough to read the toast, see the mistake and press U. */
const UNDO_TOAST_MS = 8000;
const ERROR_TOAST_MS = 9000;
const ROW_STATE_MS = 5000;

/** The actions that ring the supervisor's own phone first. */
const RINGS_OWN_PHONE: ReadonlySet<UiActionKind> = new Set(['listen', 'whisper', 'barge', 'call-back']);

/** The actions a row's buttons offer (calls, agents, abandoned callers): their refusals are shown on every row. */
const ROW_KINDS: readonly UiActionKind[] = ['listen', 'whisper', 'barge', 'transfer', 'pause', 'call-back'];

/** The panel whose rows an action acts on: its data must be live. Mark handled is local: always allowed. */
function panelOf(kind: UiActionKind): PanelId | null {
  switch (kind) {
    case 'listen':
    case 'whisper':
    case 'barge':
    case 'transfer':
      return 'calls';
    case 'call-back':
      return 'abandoned';
    case 'handled':
    case 'unhandled':
      return null;
    default:
      return 'agents';
  }
}

export const useActionsStore = defineStore('actions', () => {
  const bridge = getBridge();
  const floor = useFloorStore();
  const ui = useUiStore();
  const phoneStore = usePhoneStore();
  /** Row id -> its latest action. */
  const rows = shallowRef(new Map<string, RowAction>());
  const toasts = shallowRef<Toast[]>([]);
  let nextToast = 1;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  function later(ms: number, fn: () => void): void {
    const h = setTimeout(() => {
      timers.delete(h);
      fn();
    }, ms);
    timers.add(h);
  }

  function setRow(id: string, state: RowAction): void {
    rows.value.set(id, state);
    triggerRef(rows);
  }

  function showToast(phase: ActionPhase, text: string, id = nextToast++, undo?: () => void): number {
    const others = toasts.value.filter((t) => t.id !== id);
    toasts.value = [...others, { id, phase, text, ...(undo ? { undo } : {}) }].slice(-5);
    if (phase !== 'pending') later(undo ? UNDO_TOAST_MS : phase === 'error' ? ERROR_TOAST_MS : DONE_TOAST_MS, () => dismiss(id));
    return id;
  }

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  /** A word for the supervisor that is not an action's result (a key pressed with nothing to act on). */
  function notice(text: string): void {
    showToast('error', text);
  }

  /** Undo the newest toast that offers it (U); false when none does. */
  function undoLatest(): boolean {
    const toast = toasts.value.findLast((t) => t.undo);
    if (!toast?.undo) return false;
    dismiss(toast.id);
    toast.undo();
    return true;
  }

  const label = (kind: UiActionKind, what?: string) => {
    const name = i18n.global.t(`action.${kind}`);
    return what ? `${name} · ${what}` : name;
  };

  function isPending(id: string): boolean {
    return rows.value.get(id)?.phase === 'pending';
  }

  /**
   * Why `kind` cannot be sent now, in the supervisor's words, or null. A panel whose sources are stale shows
   * the last data received: acting on it (a call that may have ended, an agent who may have moved) waits
   * until the PBX answers again.
   */
  function refusal(kind: UiActionKind): string | null {
    const panel = panelOf(kind);
    if (panel === null) return null;
    const { t, locale } = i18n.global;
    const { stale, lastGoodAt } = panelStaleness(panel, floor.sources);
    if (stale) {
      const age = lastGoodAt === null ? t('status.never') : formatAge(locale.value, elapsedSec(lastGoodAt, Date.now()));
      return t('gate.stale', { panel: t(`panel.${panel}`), age });
    }
    return RINGS_OWN_PHONE.has(kind) ? phoneRefusal(kind) : null;
  }

  /** Why the supervisor's own phone cannot take `kind`'s leg, or null (unknown states are left to main). */
  function phoneRefusal(kind: UiActionKind): string | null {
    const { t } = i18n.global;
    const p = phoneStore.phone;
    const ext = p.extension ?? '';
    if (p.registration === 'not-registered') return t('phone.notRegisteredTitle', { ext });
    if (p.registration === 'no-such-extension') return t('phone.noSuchExtensionTitle', { ext });
    if (!p.busy) return null;
    const m = p.monitoring;
    const leg = p.legs[0];
    const what = m
      ? t(`phone.doing.${m.mode}`, { agent: m.agentName || m.agentExtension })
      : t('phone.doing.call', { number: leg?.number ?? '' });
    return t('phone.busy', { ext, what, action: t(`action.${kind}`).toLowerCase() });
  }

  /**
   * Run `invoke` for row `id` unless an action on it is still pending. `what` names the row for the toast
   * (a number or an agent name). Resolves true when the PBX accepted it.
   */
  /**
   * What the rows' buttons say: refusal() and phoneRefusal() of each row action, worked out once per change
   * of the sources, the phone or the language rather than once per button per row render (at 10,000 agents
   * those translated sentences were the largest part of a change set's render in the page). A stale
   * panel's age in them is as of the sources' last change, as a row's title was as of its last render.
   */
  const shownRefusals = new Map<UiActionKind, ComputedRef<string | null>>(ROW_KINDS.map((k) => [k, computed(() => refusal(k))]));
  const shownPhoneRefusals = new Map<UiActionKind, ComputedRef<string | null>>(ROW_KINDS.map((k) => [k, computed(() => phoneRefusal(k))]));
  const refusalShown = (kind: UiActionKind): string | null => shownRefusals.get(kind)?.value ?? null;
  const phoneRefusalShown = (kind: UiActionKind): string | null => shownPhoneRefusals.get(kind)?.value ?? null;

  async function run<T>(
    kind: UiActionKind,
    id: string,
    what: string | undefined,
    invoke: () => Promise<BridgeResult<T>>,
    /** What takes a success back, offered in its toast. */
    undo?: (data: T) => () => void,
  ): Promise<BridgeResult<T> | null> {
    if (isPending(id)) return null;
    const refused = refusal(kind);
    if (refused !== null) {
      showToast('error', i18n.global.t('action.failed', { action: label(kind, what), error: refused }));
      return null;
    }
    setRow(id, { kind, phase: 'pending', error: null });
    const toastId = showToast('pending', i18n.global.t('action.pending', { action: label(kind, what) }));
    const result = await invoke().catch(
      (e: unknown): BridgeResult<T> => ({ ok: false, error: { code: 'INTERNAL', message: String(e) } }),
    );
    settle(kind, id, what, result, toastId, result.ok && undo ? undo(result.data) : undefined);
    return result;
  }

  function settle(
    kind: UiActionKind, id: string, what: string | undefined, result: BridgeResult<unknown>, toastId?: number, undo?: () => void,
  ): void {
    if (result.ok) {
      setRow(id, { kind, phase: 'done', error: null });
      showToast('done', i18n.global.t('action.done', { action: label(kind, what) }), toastId, undo);
    } else {
      setRow(id, { kind, phase: 'error', error: result.error });
      // Main refused because the own phone is on a call: say which call, as the phone line shows it.
      const busy = result.error.code === 'OWN_PHONE_BUSY' ? phoneRefusal(kind) : null;
      showToast('error', i18n.global.t('action.failed', { action: label(kind, what), error: busy ?? describeError(result.error) }), toastId);
    }
    later(ROW_STATE_MS, () => {
      if (rows.value.get(id)?.phase !== 'pending') {
        rows.value.delete(id);
        triggerRef(rows);
      }
    });
  }

  function callAction(callId: string, action: CallAction, target?: string) {
    const call = floor.calls.get(callId);
    return run(action, callId, call?.customerNumber, () =>
      bridge.actOnCall(target === undefined ? { callId, action } : { callId, action, target }),
    );
  }

  /**
   * `reasonId`: one of getPauseReasons() (Evolux asks for one); without it the PBX's default pause. The
   * toast offers to resume the agent again: a pause sent to the wrong agent costs them calls.
   */
  function pause(agentId: string, reasonId?: string) {
    const name = floor.agents.get(agentId)?.name;
    return run('pause', agentId, name, () => bridge.pauseAgent(reasonId === undefined ? { agentId } : { agentId, reasonId }),
      () => () => void resume(agentId));
  }

  function resume(agentId: string) {
    return run('resume', agentId, floor.agents.get(agentId)?.name, () => bridge.resumeAgent({ agentId }));
  }

  function pauseOrResume(agentId: string) {
    return floor.agents.get(agentId)?.state === 'paused' ? resume(agentId) : pause(agentId);
  }

  /**
   * P or the row's button. A pause is never one key: the pause dialog asks for a reason where the system
   * has them (Evolux, cc_agent's roster) and for Enter where it has none (TEL4VN's pause takes only the
   * extension). Resuming an agent puts them back to work: it goes at once.
   */
  function pauseOrAskReason(agentId: string) {
    if (floor.agents.get(agentId)?.state !== 'paused') {
      ui.pauseAgentId = agentId;
      return Promise.resolve(null);
    }
    return pauseOrResume(agentId);
  }

  /** The agent menu's actions (AgentAdminMenu): log off, check in / out, queues, wrap-up, resume. */
  function agentAdmin(kind: AgentAdminKind, agentId: string, r: AgentAdminRequest): Promise<BridgeResult<ActionOutcome> | null> {
    const name = floor.agents.get(agentId)?.name;
    const label: UiActionKind = kind === 'check-in' && r.deviceId !== undefined ? 'check-in-device' : kind;
    return run(label, agentId, name, () => {
      switch (kind) {
        case 'logoff':
          return bridge.logoffAgent({ agentId });
        case 'check-in':
          return bridge.checkInAgent({ agentId, ...(r.deviceId !== undefined ? { deviceId: r.deviceId } : {}), ...(r.force ? { force: true } : {}) });
        case 'check-out':
          return bridge.checkOutAgent({ agentId });
        case 'set-queues':
          return bridge.setAgentQueues({ agentId, queueIds: r.queueIds ?? [] });
        case 'wrap-up':
          return bridge.setAgentWrapUp(r.seconds !== undefined ? { agentId, seconds: r.seconds } : { agentId });
        default:
          return bridge.resumeAgent({ agentId });
      }
    });
  }

  /** The newest record of the caller `key` (lib/abandoned-groups.ts): main reaches the caller's others. */
  const latestOf = (key: string) => floor.abandoned.filter((a) => callerKey(a) === key).sort((a, b) => b.abandonedAt - a.abandonedAt)[0];

  /** Call back the abandoned caller `key`; main marks every record of that number called back. */
  function callBack(key: string) {
    const latest = latestOf(key);
    if (!latest) return Promise.resolve(null);
    return run('call-back', key, latest.number, () => bridge.callBack({ id: latest.id }));
  }

  /** Mark the caller `key` handled (every unhandled record of the number); the toast can undo exactly that. */
  async function markHandled(key: string) {
    const latest = latestOf(key);
    if (!latest) return null;
    const r = await run('handled', key, latest.number, () => bridge.markHandled({ id: latest.id }),
      (changed) => () => void unmarkHandled(key, changed.map((c) => c.id)));
    if (r?.ok) floor.replaceAbandoned(r.data);
    return r;
  }

  async function unmarkHandled(key: string, ids: string[]) {
    const r = await run('unhandled', key, latestOf(key)?.number, () => bridge.unmarkHandled({ ids }));
    if (r?.ok) floor.replaceAbandoned(r.data);
    return r;
  }

  /** A shortcut's or a notification's call-back names a record: its row is the caller's. */
  const rowOf = (kind: UiActionKind, target: string): string => {
    const record = kind === 'call-back' ? floor.abandoned.find((a) => a.id === target) : undefined;
    return record ? callerKey(record) : target;
  };
  const off = bridge.onActionDone((e) => settle(e.kind, rowOf(e.kind, e.target), undefined, e.result));
  onScopeDispose(() => {
    off();
    timers.forEach(clearTimeout);
  });

  return { rows, toasts, isPending, refusal, phoneRefusal, refusalShown, phoneRefusalShown, dismiss, notice, undoLatest, callAction, pause, resume, pauseOrResume, pauseOrAskReason, agentAdmin, callBack, markHandled };
});
