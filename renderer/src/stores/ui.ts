// What the supervisor is looking at: the focused panel, the selected row of each panel, the search text
// and open dialogs. Selections of calls, agents and abandoned calls are reported to main, whose global
// shortcuts act on them; main can ask for a selection too (a notification click).
import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef } from 'vue';
import { getBridge } from '../bridge';

export const PANELS = ['queues', 'calls', 'agents', 'abandoned'] as const;
export type PanelId = (typeof PANELS)[number];
export type Selection = Record<PanelId, string | null>;

export const useUiStore = defineStore('ui', () => {
  const bridge = getBridge();
  const activePanel = shallowRef<PanelId>('calls');
  const selection = shallowRef<Selection>({ queues: null, calls: null, agents: null, abandoned: null });
  const search = shallowRef('');
  /** Abandoned calls already handled stay listed (greyed) unless the supervisor hides them. */
  const showHandled = shallowRef(true);
  const helpOpen = shallowRef(false);
  const settingsOpen = shallowRef(false);
  /** The call the transfer picker is open for. */
  const transferCallId = shallowRef<string | null>(null);
  /** The agent the pause reason picker, or the agent menu, is open for; the roster editor is open. */
  const pauseAgentId = shallowRef<string | null>(null);
  const adminAgentId = shallowRef<string | null>(null);
  const rosterOpen = shallowRef(false);
  /** Bumped when something outside the keyboard (main, a notification) asks to focus a panel. */
  const focusRequest = shallowRef(0);

  function select(panel: PanelId, id: string | null, report = true): void {
    if (selection.value[panel] === id) return;
    selection.value = { ...selection.value, [panel]: id };
    if (report && panel !== 'queues') void bridge.setSelection({ panel, id });
  }

  function reveal(panel: PanelId, id: string): void {
    activePanel.value = panel;
    select(panel, id);
    focusRequest.value++;
  }

  const off = bridge.onSelect((req) => reveal(req.panel, req.id));
  onScopeDispose(off);

  return { activePanel, selection, search, showHandled, helpOpen, settingsOpen, transferCallId, pauseAgentId, adminAgentId, rosterOpen, focusRequest, select, reveal };
});
