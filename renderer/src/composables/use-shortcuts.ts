// The console's keyboard map. Keys are ignored while typing in a field (except Esc), never with Ctrl /
// Alt / Meta (those belong to the browser and the desktop's global shortcuts), and an auto-repeated key
// (event.repeat) moves the selection but never re-sends an action.
import { onBeforeUnmount, onMounted } from 'vue';
import type { CallAction } from '../../../common/domain';
import { useActionsStore } from '../stores/actions';
import { useAlertsStore } from '../stores/alerts';
import { openWallboard } from '../lib/wallboard-link';
import { useFloorStore } from '../stores/floor';
import { useListsStore } from '../stores/lists';
import { useSessionStore } from '../stores/session';
import { PANELS, useUiStore, type PanelId } from '../stores/ui';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

const CALL_KEYS: Record<string, CallAction> = { l: 'listen', w: 'whisper', b: 'barge', t: 'transfer' };

export interface ShortcutHooks {
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

  function callAction(action: CallAction): void {
    const id = ui.selection.calls;
    if (!id || !floor.calls.has(id) || !session.capabilities.has('call-actions')) return;
    if (action === 'transfer') ui.transferCallId = id;
    else void actions.callAction(id, action);
  }

  function onKeydown(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const dialogOpen =
      ui.helpOpen || ui.settingsOpen || ui.transferCallId !== null || ui.pauseAgentId !== null || ui.adminAgentId !== null || ui.rosterOpen || alerts.open;
    if (e.key === 'Escape') {
      if (ui.transferCallId !== null) ui.transferCallId = null;
      else if (ui.pauseAgentId !== null) ui.pauseAgentId = null;
      else if (ui.adminAgentId !== null) ui.adminAgentId = null;
      else if (ui.rosterOpen) ui.rosterOpen = false;
      else if (alerts.open) alerts.open = false;
      else if (ui.settingsOpen) ui.settingsOpen = false;
      else if (ui.helpOpen) ui.helpOpen = false;
      else if (isTyping(e.target)) (e.target as HTMLElement).blur();
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
          const id = ui.selection.agents;
          if (id && floor.agents.has(id) && session.capabilities.has('agent-pause')) void actions.pauseOrAskReason(id);
        } else if (key === 'c') {
          const id = ui.selection.abandoned;
          if (id && session.capabilities.has('click-to-call')) void actions.callBack(id);
        } else if (key === 'h') {
          const id = ui.selection.abandoned;
          if (id) void actions.markHandled(id);
        } else return;
      }
    }
    e.preventDefault();
  }

  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
  return { onKeydown };
}
