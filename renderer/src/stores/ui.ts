// What the supervisor is looking at: the focused panel, the selected row of each panel, the search text
// and open dialogs. Actions act on the focused panel's selection (issue 14 point 10), so main hears the
// focused panel's selection whenever the focus or that selection moves: its global shortcuts act on what
// the supervisor is looking at (an agent stands for the call that agent is on; main resolves it). Main can
// ask for a selection too (a notification click).
import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef, watch } from 'vue';
import { getBridge } from '../bridge';
import { callerKey } from '../lib/abandoned-groups';
import { useFloorStore } from './floor';
import { DEFAULT_AGENT_SORT, nextAgentSort, type AgentSort, type AgentSortKey } from '../lib/agent-sort';

export const PANELS = ['queues', 'calls', 'agents', 'abandoned'] as const;
/** What fills the console under the status bar: the live floor, the day's figures (D), the call history (R). */
export const VIEWS = ['floor', 'today', 'history', 'outbound'] as const;
export type ViewId = (typeof VIEWS)[number];
export type PanelId = (typeof PANELS)[number];
/** Per panel: a call id, an agent id, a waiting caller's entry id, an abandoned caller's key (lib/abandoned-groups.ts). */
export type Selection = Record<PanelId, string | null>;

export const useUiStore = defineStore('ui', () => {
  const bridge = getBridge();
  const floor = useFloorStore();
  const activePanel = shallowRef<PanelId>('calls');
  const selection = shallowRef<Selection>({ queues: null, calls: null, agents: null, abandoned: null });
  const search = shallowRef('');
  /** Callers already handled are hidden unless the supervisor asks to see them (the list grows all day). */
  const showHandled = shallowRef(false);
  const helpOpen = shallowRef(false);
  const settingsOpen = shallowRef(false);
  /** The call the transfer picker is open for. */
  const transferCallId = shallowRef<string | null>(null);
  /** The agent the pause reason picker, or the agent menu, is open for; the roster editor is open. */
  const pauseAgentId = shallowRef<string | null>(null);
  const adminAgentId = shallowRef<string | null>(null);
  const rosterOpen = shallowRef(false);
  /** The campaign login picker for agents who are logged out (TEL4VN). */
  const campaignLoginOpen = shallowRef(false);
  /** The Agents panel's order (lib/agent-sort.ts); the default puts the longest pause first. */
  const agentSort = shallowRef<AgentSort>(DEFAULT_AGENT_SORT);
  function sortAgents(key: AgentSortKey): void {
    agentSort.value = nextAgentSort(agentSort.value, key);
  }
  /** The Activity view (V): the audit trail. */
  const activityOpen = shallowRef(false);
  /** The view shown: the floor's four panels, Today, History or Outbound (the status bar's view switcher). */
  const view = shallowRef<ViewId>('floor');
  /** Bumped when something outside the keyboard (main, a notification) asks to focus a panel. */
  const focusRequest = shallowRef(0);

  function select(panel: PanelId, id: string | null): void {
    if (selection.value[panel] === id) return;
    selection.value = { ...selection.value, [panel]: id };
  }

  // The focused panel's selection, reported once per change (waiting callers are nothing main acts on).
  watch(
    () => [activePanel.value, selection.value[activePanel.value]] as const,
    ([panel, id]) => {
      if (panel !== 'queues') void bridge.setSelection({ panel, id });
    },
  );

  /** Main names abandoned calls by record id: the panel's row is the caller's. */
  function reveal(panel: PanelId, id: string): void {
    const record = panel === 'abandoned' ? floor.abandoned.find((a) => a.id === id) : undefined;
    activePanel.value = panel;
    select(panel, record ? callerKey(record) : id);
    focusRequest.value++;
  }

  const off = bridge.onSelect((req) => reveal(req.panel, req.id));
  onScopeDispose(off);

  return { activePanel, selection, search, showHandled, helpOpen, settingsOpen, transferCallId, pauseAgentId, adminAgentId, rosterOpen, campaignLoginOpen, activityOpen, view, focusRequest, agentSort, sortAgents, select, reveal };
});
