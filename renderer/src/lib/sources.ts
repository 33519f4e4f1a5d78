// Which poll sources feed which panel, and what counts as stale. Source ids are the connectors' own
// ('calls', 'queue', 'agents', 'roster', 'own-extension'); a panel with no known source is never greyed.
import type { SourceState, SourceStatus } from '../../../common/domain';
import type { PanelId } from '../stores/ui';

const PANEL_SOURCES: Record<PanelId, readonly string[]> = {
  queues: ['queue'],
  calls: ['calls'],
  agents: ['agents', 'roster'],
  abandoned: ['queue'],
};

const STALE: ReadonlySet<SourceState> = new Set(['stale', 'backoff', 'offline', 'unauthorized']);
const DOWN: ReadonlySet<SourceState> = new Set(['backoff', 'offline', 'unauthorized']);

export const isStale = (s: SourceStatus) => STALE.has(s.state);

/** The panel's sources when any is stale, with the oldest last good time (null: never had data). */
export function panelStaleness(panel: PanelId, sources: readonly SourceStatus[]): { stale: boolean; lastGoodAt: number | null } {
  const mine = sources.filter((s) => PANEL_SOURCES[panel].includes(s.id));
  const stale = mine.some(isStale);
  let lastGoodAt: number | null = null;
  for (const s of mine) {
    if (s.lastGoodAt !== null && (lastGoodAt === null || s.lastGoodAt < lastGoodAt)) lastGoodAt = s.lastGoodAt;
  }
  return { stale, lastGoodAt };
}

/**
 * The call records are read every 30 s: they would keep "live" for up to a pass after the PBX went away, so
 * whether the PBX is out of reach is told by the sources polled every few seconds.
 */
const SLOW_SOURCES: ReadonlySet<string> = new Set(['records']);

/** Every (fast) source is failing hard: the PBX (or the host) is out of reach. */
export function allDown(sources: readonly SourceStatus[]): boolean {
  const fast = sources.filter((s) => !SLOW_SOURCES.has(s.id));
  return fast.length > 0 && fast.every((s) => DOWN.has(s.state));
}

/**
 * What the header says about the link, beyond the session's state:
 * - 'host-unreachable': this page lost the Floorwatch host itself (the web client marks every source
 *   offline with HOST_UNREACHABLE): nothing is wrong with the PBX as far as anyone knows;
 * - 'pbx-unreachable': every source is failing hard (retrying, offline, signed out);
 * - 'partial': some floor source is behind (stale), the rest live (the own-extension poll is the phone's
 *   line in the status bar, not floor data);
 * - 'ok': every source live (or none yet).
 */
export type LinkState = 'ok' | 'partial' | 'pbx-unreachable' | 'host-unreachable';

export function linkState(sources: readonly SourceStatus[]): LinkState {
  if (sources.length === 0) return 'ok';
  if (sources.every((s) => s.lastError?.code === 'HOST_UNREACHABLE')) return 'host-unreachable';
  if (allDown(sources)) return 'pbx-unreachable';
  return sources.some((s) => s.id !== 'own-extension' && isStale(s)) ? 'partial' : 'ok';
}

/**
 * When a source's data was last known good. The core re-sends sources only when a state changes, so a
 * live source's lastGoodAt ages on screen; the newest change set (`floorAt`) is at least that fresh.
 */
export function lastGood(s: SourceStatus, floorAt: number | null): number | null {
  // The call records are read every 30 s (or by the floor hub): their age is that of their last read.
  if (s.state !== 'live' || floorAt === null || SLOW_SOURCES.has(s.id)) return s.lastGoodAt;
  return Math.max(s.lastGoodAt ?? 0, floorAt);
}
