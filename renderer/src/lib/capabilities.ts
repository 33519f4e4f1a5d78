// What each panel and action needs from the connected system (SessionStatus.capabilities).
import type { Capability } from '../../../common/domain';
import type { PanelId } from '../stores/ui';

const PANEL_CAPABILITY: Record<PanelId, Capability> = {
  queues: 'queue-monitor',
  calls: 'live-calls',
  agents: 'live-agents',
  abandoned: 'queue-monitor',
};

/** cc_agent lists nothing but the console keeps a roster: its agents panel shows that instead. */
export function panelAvailable(panel: PanelId, caps: ReadonlySet<Capability>): boolean {
  if (panel === 'agents') return caps.has('live-agents') || caps.has('roster');
  return caps.has(PANEL_CAPABILITY[panel]);
}
