// A panel's view of time and health, provided by PanelFrame to every row inside it. While the panel's
// sources are live its clock is the console's one clock; while they are stale it stops at the moment its
// data was last good, so the durations on stale rows stop counting instead of pretending the calls still
// run, and the rows' action buttons are disabled (the PBX's answer to them could not be trusted).
// Outside a panel (the status bar) the clock is the console's, never stale.
import { computed, inject, provide, type ComputedRef, type InjectionKey } from 'vue';
import { useClockStore } from '../stores/clock';

interface PanelHealth {
  /** Any of the panel's sources is stale, retrying, offline or signed out. */
  stale: ComputedRef<boolean>;
  /** When the panel's oldest source was last good (null: never). */
  lastGoodAt: ComputedRef<number | null>;
}

const PANEL_HEALTH: InjectionKey<PanelHealth> = Symbol('panel-health');

export function providePanelHealth(health: PanelHealth): void {
  provide(PANEL_HEALTH, health);
}

/** Whether the surrounding panel's data is stale (false outside a panel). */
export function usePanelStale(): ComputedRef<boolean> {
  const health = inject(PANEL_HEALTH, null);
  return computed(() => health?.stale.value ?? false);
}

/** Epoch ms to count durations to: the clock, or the last good moment while the panel is stale. */
export function usePanelClock(): ComputedRef<number> {
  const clock = useClockStore();
  const health = inject(PANEL_HEALTH, null);
  if (!health) return computed(() => clock.now);
  return computed(() => (health.stale.value && health.lastGoodAt.value !== null ? health.lastGoodAt.value : clock.now));
}
