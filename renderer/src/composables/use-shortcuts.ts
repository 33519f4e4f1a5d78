// The console's keyboard map. Keys are ignored while typing in a field (except Esc), never with Ctrl /
// Alt / Meta (those belong to the browser and the desktop's global shortcuts), and an auto-repeated key
// (event.repeat) moves the selection but never re-sends an action.
// Actions act on the focused panel's selection, never on a row selected in a panel the supervisor left:
// L W B T on a call (Live calls) or on the call of the selected agent (Agents); P on an agent (Agents) or on
// the agent of the selected call (Live calls); C H on a caller (Abandoned calls). With nothing there to act
// on, a toast says what to select instead of acting elsewhere.
// D and R open the Today and History views; there the floor's action keys do nothing (1 - 4 and Esc go
// back to the floor), the view's own controls take the arrows.
import { onBeforeUnmount, onMounted } from 'vue';
import type { CallAction } from '../../../common/domain';
import { i18n } from '../i18n';
import { useQueueFilter } from './use-queue-filter';
import { useActionsStore } from '../stores/actions';
import { useAlertsStore } from '../stores/alerts';
import { openWallboard } from '../lib/wallboard-link';
import { useFloorStore } from '../stores/floor';
import { useListsStore } from '../stores/lists';
import { useSessionStore } from '../stores/session';
import { useTodayStore } from '../stores/today';
import { PANELS, useUiStore, type PanelId } from '../stores/ui';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

const CALL_KEYS: Record<string, CallAction> = { l: 'listen', w: 'whisper', b: 'barge', t: 'transfer' };

interface ShortcutHooks {
  focusPanel(panel: PanelId): void;
  focusSearch(): void;
}

export function useShortcuts(hooks: ShortcutHooks) {
  const ui = useUiStore();
  const lists = useListsStore();
  const floor = useFloorStore();
  const session = useSessionStore();
  const actions = useActionsStore();
  const alerts = useAlertsStore();
  const queueFilter = useQueueFilter();
  const today = useTodayStore();

  function move(delta: number | 'first' | 'last'): void {
    const panel = ui.activePanel;
    const ids = lists.idsOf(panel);
    if (ids.length === 0) return;
    const current = ui.selection[panel];
    const at = current === null ? -1 : ids.indexOf(current);
    let next: number;
    if (delta === 'first') next = 0;
    else if (delta === 'last') next = ids.length - 1;
    else next = at === -1 ? (delta > 0 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, at + delta));
    ui.select(panel, ids[next] ?? null);
  }

  const t = (key: string, values: Record<string, unknown> = {}) => i18n.global.t(key, values);

  /** The call the focused panel's selection stands for: the selected call, or the selected agent's call. */
  function focusedCall(action: CallAction): string | null {
    if (ui.activePanel === 'calls') {
      const id = ui.selection.calls;
      if (id && floor.calls.has(id)) return id;
    } else if (ui.activePanel === 'agents') {
      const agent = ui.selection.agents ? floor.agents.get(ui.selection.agents) : undefined;
      if (agent?.callId && floor.calls.has(agent.callId)) return agent.callId;
      if (agent) {
        actions.notice(t('gate.notOnCall', { name: agent.name, action: t(`action.${action}`).toLowerCase() }));
        return null;
      }
    }
    actions.notice(t('gate.noCall', { action: t(`action.${action}`).toLowerCase() }));
    return null;
  }

  /** The agent the focused panel's selection stands for: the selected agent, or the selected call's agent. */
  function focusedAgent(): string | null {
    let id: string | null = null;
    if (ui.activePanel === 'agents') id = ui.selection.agents;
    else if (ui.activePanel === 'calls' && ui.selection.calls) id = floor.calls.get(ui.selection.calls)?.agentId ?? null;
    if (id && floor.agents.has(id)) return id;
    actions.notice(t('gate.noAgent'));
    return null;
  }

  function focusedCaller(): string | null {
    const id = ui.activePanel === 'abandoned' ? ui.selection.abandoned : null;
    if (!id) actions.notice(t('gate.noCaller'));
    return id;
  }

  function openView(view: 'today' | 'history' | 'outbound'): void {
    if (view === 'today' && ui.view === 'floor' && ui.activePanel === 'agents' && ui.selection.agents) today.agentPane = ui.selection.agents;
    ui.view = view;
  }

  function callAction(action: CallAction): void {
    if (!session.capabilities.has('call-actions')) return;
    const id = focusedCall(action);
    if (!id) return;
    if (action === 'transfer') ui.transferCallId = id;
    else void actions.callAction(id, action);
  }

  function onKeydown(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const dialogOpen =
      ui.helpOpen || ui.settingsOpen || ui.transferCallId !== null || ui.pauseAgentId !== null || ui.adminAgentId !== null || ui.rosterOpen || ui.campaignLoginOpen || ui.activityOpen || alerts.open;
    if (e.key === 'Escape') {
      if (ui.transferCallId !== null) ui.transferCallId = null;
      else if (ui.pauseAgentId !== null) ui.pauseAgentId = null;
      else if (ui.adminAgentId !== null) ui.adminAgentId = null;
      else if (ui.rosterOpen) ui.rosterOpen = false;
      else if (ui.campaignLoginOpen) ui.campaignLoginOpen = false;
      else if (ui.activityOpen) ui.activityOpen = false;
      else if (alerts.open) alerts.open = false;
      else if (ui.settingsOpen) ui.settingsOpen = false;
      else if (ui.helpOpen) ui.helpOpen = false;
      else if (isTyping(e.target)) (e.target as HTMLElement).blur();
      else if (today.agentPane !== null && ui.view === 'today') today.agentPane = null;
      else if (ui.view !== 'floor') hooks.focusPanel(ui.activePanel); // back to the floor
      else return;
      e.preventDefault();
      return;
    }
    if (isTyping(e.target)) return;
    if (e.key === '?') {
      if (!e.repeat) ui.helpOpen = !ui.helpOpen;
      e.preventDefault();
      return;
    }
    if (dialogOpen) return;
    // The alert list (!) and the wallboard (Shift+W; plain W whispers).
    if ((e.key === '!' || (e.key === 'W' && e.shiftKey)) && !e.repeat) {
      if (e.key === '!') alerts.open = true;
      else openWallboard();
      e.preventDefault();
      return;
    }

    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    // Today (D: on the Agents panel with an agent selected, that agent's today) and History (R).
    // Outbound (O): a view of its own; on a system without outbound queues it says why in one line.
    if ((key === 'd' || key === 'r' || key === 'o') && !e.shiftKey) {
      if (!e.repeat) openView(key === 'd' ? 'today' : key === 'r' ? 'history' : 'outbound');
      e.preventDefault();
      return;
    }
    // Another view has the screen: the floor's keys stay with the floor (1 - 4 bring it back).
    if (ui.view !== 'floor' && !/^[1-4]$/.test(key) && key !== 'v' && key !== 'q') return;
    switch (key) {
      case 'ArrowDown':
      case 'j':
        move(1);
        break;
      case 'ArrowUp':
      case 'k':
        move(-1);
        break;
      case 'Home':
        move('first');
        break;
      case 'End':
        move('last');
        break;
      case '/':
        hooks.focusSearch();
        break;
      case '1':
      case '2':
      case '3':
      case '4':
        hooks.focusPanel(PANELS[Number(key) - 1]!);
        break;
      default: {
        if (e.repeat) return; // a held key sends its action once
        if (key in CALL_KEYS) callAction(CALL_KEYS[key]!);
        else if (key === 'p') {
          if (!session.capabilities.has('agent-pause')) return;
          const id = focusedAgent();
          if (id) void actions.pauseOrAskReason(id);
        } else if (key === 'c') {
          if (!session.capabilities.has('click-to-call')) return;
          const id = focusedCaller();
          if (id) void actions.callBack(id);
        } else if (key === 'h') {
          const id = focusedCaller();
          if (id) void actions.markHandled(id);
        } else if (key === 'v') {
          ui.activityOpen = true;
        } else if (key === 'u') {
          if (!actions.undoLatest()) return;
        } else if (key === 'q') queueFilter.toggleScope(); // my queues <-> all
        else return;
      }
    }
    e.preventDefault();
  }

  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
  return { onKeydown };
}
