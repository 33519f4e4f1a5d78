// Today's abandoned calls on the bridge as changes, not the whole day: 'abandoned:changed' carries the
// records that are new or changed since the last change (a mark handled: the caller's records; a new
// abandon: that one) and the ids that left (a new day), numbered so a listener that missed one reads the
// whole list again (floor:get, whose FloorState carries the list and its seq). The core's first change
// after a (re)connect is a reset: the whole list. At 10,000 agents a busy day holds thousands of records and
// the whole list went to every listener (parsed, compared row by row, grouped again) on each abandon.
import { z } from 'zod';
import type { AbandonedCall } from './domain';

export interface AbandonedChange {
  /** One more than the last change's; a reset starts the count again for its listener. */
  seq: number;
  /** true: `upsert` is the whole list, newest first (after (re)connecting, a new data folder). */
  reset: boolean;
  /** New or changed records, whole. */
  upsert: AbandonedCall[];
  /** Ids no longer in today's list (yesterday's, after midnight). */
  remove: string[];
}

// Times as the core normalised them (whole ms, but nothing here depends on it).
const epochMs = z.number();
const abandonedCallSchema = z
  .object({
    id: z.string().min(1).max(300),
    callId: z.string().max(300),
    number: z.string().max(300),
    queueId: z.string().max(300),
    queueName: z.string().max(300),
    waitedSec: z.number().nonnegative(),
    joinedAt: epochMs,
    abandonedAt: epochMs,
    handled: z.boolean(),
    handledAt: epochMs.nullable(),
    calledBackAt: epochMs.nullable(),
    whileAway: z.boolean().optional(),
    reachedAt: epochMs.nullable().optional(),
  })
  .strict();

/** The event's shape, checked where it is applied: a change that fails is not applied (the list is read again). */
export const abandonedChangeSchema = z
  .object({ seq: z.number().int().nonnegative(), reset: z.boolean(), upsert: z.array(abandonedCallSchema), remove: z.array(z.string().min(1).max(300)) })
  .strict();

/** Newest first, as the list is kept and shown. */
const newestFirst = (a: AbandonedCall, b: AbandonedCall): number => b.abandonedAt - a.abandonedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The list after `change`, newest first; null when the change does not follow `seq` (one was missed: read
 * the whole list again). Unchanged records keep their objects. One code for the console, the desktop
 * shell and the floor hub.
 */
export function applyAbandonedChange(list: readonly AbandonedCall[], seq: number, change: AbandonedChange): AbandonedCall[] | null {
  if (change.reset) return [...change.upsert].sort(newestFirst);
  if (change.seq !== seq + 1) return null;
  if (change.upsert.length === 0 && change.remove.length === 0) return list as AbandonedCall[];
  const replaced = new Set<string>(change.remove);
  for (const c of change.upsert) replaced.add(c.id);
  // The held list is in order: keep what stays, then merge in the (few) upserted records by one pass.
  const kept = list.filter((c) => !replaced.has(c.id));
  const added = [...change.upsert].sort(newestFirst);
  const out: AbandonedCall[] = [];
  let i = 0;
  for (const c of added) {
    while (i < kept.length && newestFirst(kept[i] as AbandonedCall, c) <= 0) out.push(kept[i++] as AbandonedCall);
    out.push(c);
  }
  while (i < kept.length) out.push(kept[i++] as AbandonedCall);
  return out;
}
