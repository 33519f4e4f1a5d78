// Acknowledgements and snoozes carried between the floor's alerts (the hub's, main/hub/floor-alerts.ts) and
// a console's own (its rules keep running unseen while it is on the hub: shown-alerts.ts) across a fall-back
// to its own polling and back (issue 18). Both lists name one condition (rule and subject,
// common/alerts.ts alertCondition) under different ids; a supervisor who acknowledged it on one has
// acknowledged it, and it must not come back unacknowledged (nor notify again) when the console switches:
//
//   on the hub:     floor alert acked (any screen) --> the console's own alert of that condition, same mark,
//                   in its journal (carryFloorMarks: while on the hub, so a fall-back shows it acked)
//   own polling:    own alert acked here --> kept as pending --> back on the hub: the floor alert of that
//                   condition gets the mark for every screen (pendingForFloor), shown at once meanwhile
//
// Decision: a mark carries only between alerts active at the same time (the same episode as far as either
// list knows); a condition cleared and raised again is a new alert and notifies again.
import { alertCondition, type Alert } from '../../../common/alerts';
import type { EpochMs } from '../../../common/domain';

/** A mark `to` lacks that an alert of the same condition has. */
export interface CarriedMark {
  to: Alert;
  ack: { by: string; at: EpochMs } | null;
  snooze: { until: EpochMs; by: string | undefined } | null;
}

/**
 * The marks of `from`'s alerts that `to`'s alerts of the same condition lack: an acknowledgement they do
 * not have, a snooze running later than theirs. Empty when nothing is to carry (the usual case).
 */
export function marksToCarry(from: readonly Alert[], to: readonly Alert[], now: EpochMs): CarriedMark[] {
  const marked = new Map<string, Alert>();
  for (const a of from) {
    if (a.clearedAt === null && (a.ack !== null || (a.snoozedUntil !== null && a.snoozedUntil > now))) marked.set(alertCondition(a), a);
  }
  if (marked.size === 0) return [];
  const out: CarriedMark[] = [];
  for (const t of to) {
    const f = t.clearedAt === null ? marked.get(alertCondition(t)) : undefined;
    if (!f) continue;
    const ack = f.ack !== null && t.ack === null ? f.ack : null;
    const snooze = f.snoozedUntil !== null && f.snoozedUntil > now && (t.snoozedUntil === null || f.snoozedUntil > t.snoozedUntil)
      ? { until: f.snoozedUntil, by: f.snoozedBy }
      : null;
    if (ack || snooze) out.push({ to: t, ack, snooze });
  }
  return out;
}

/** `alerts` with each carried mark laid over its alert (a copy of what changed; the rest as they are). */
export function withCarried(alerts: readonly Alert[], carried: readonly CarriedMark[]): Alert[] {
  if (carried.length === 0) return [...alerts];
  const byId = new Map(carried.map((c) => [c.to.id, c]));
  return alerts.map((a) => {
    const c = byId.get(a.id);
    if (!c) return a;
    const out: Alert = { ...a };
    if (c.ack) out.ack = c.ack;
    if (c.snooze) {
      out.snoozedUntil = c.snooze.until;
      if (c.snooze.by !== undefined) out.snoozedBy = c.snooze.by;
    }
    return out;
  });
}
