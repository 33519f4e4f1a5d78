// "My queues": which queues the supervisor is scoped to, read the same way by every panel, the title and
// tray counts, the notifications (renderer, Electron shell) and the alerts. Pure, settings in, answer out.
import type { ConsoleSettings } from './settings';

type ScopeSettings = Pick<ConsoleSettings, 'queueFilter' | 'queueScope' | 'showUnqueued'>;

/** The queue ids scoped to, or null for the whole floor ("All", or no queue chosen). */
export function scopedQueueIds(settings: ScopeSettings): ReadonlySet<string> | null {
  if (settings.queueScope === 'all' || settings.queueFilter.length === 0) return null;
  return new Set(settings.queueFilter);
}

/**
 * Whether a row of `queueId` is in scope. A row with no queue (an outbound or internal call, an agent whose
 * queues are not known yet) stays in scope while `showUnqueued`: scoping never silently hides it.
 */
export function inQueueScope(scope: ReadonlySet<string> | null, showUnqueued: boolean, queueId: string | null): boolean {
  if (scope === null) return true;
  return queueId === null ? showUnqueued : scope.has(queueId);
}

/** The same for a row with several queues (an agent): in scope when any of them is. */
export function anyInQueueScope(scope: ReadonlySet<string> | null, showUnqueued: boolean, queueIds: readonly string[]): boolean {
  if (scope === null) return true;
  if (queueIds.length === 0) return showUnqueued;
  return queueIds.some((id) => scope.has(id));
}
