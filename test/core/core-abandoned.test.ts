// Abandoned-call detection through the whole core, against the simulator's own record: 1,000 callers,
// many abandoning (some between two polls, never seen waiting), some rejoining and abandoning again.
// Every abandon must be reported exactly once, and a restart on the same data folder reports none again.
import { afterEach, describe, expect, it } from 'vitest';
import type { AbandonedCall, FloorEvent } from '../../common/domain';
import { startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
let second: Harness | null = null;
afterEach(async () => {
  await second?.close();
  second = null;
  await h?.close();
  h = null;
});

const CALLERS = 1000;
const tick = () => new Promise((r) => setTimeout(r, 15));

function abandonedEvents(x: Harness): AbandonedCall[] {
  return x.of('floor:events').flat().filter((e): e is Extract<FloorEvent, { type: 'call-abandoned' }> => e.type === 'call-abandoned').map((e) => e.call);
}

function countBy(ids: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

describe('abandoned calls through the core', () => {
  it('reports every abandon exactly once over 1,000 callers, and none again after a restart', async () => {
    // Abandoned callers stay listed for an hour of scenario time (the scenario does not tick here).
    // The records pass runs once, at connect: this is about what the live monitor catches (under a heavy
    // load a live poll can lag past the catch-up's grace, and the records would rightly take the visit).
    h = await startHarness({ sim: { agents: 20, abandonRetentionSec: 3600 }, pollIntervalMs: 50, deps: { recordsIntervalMs: 600_000 } });
    const { control } = h.sim;
    // The simulator starts with calls in progress: their answered visits count today too.
    const answeredAtStart = control.state().queueEntries.filter((e) => e.status === 'Answered').length;
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.of('floor:changed').length > 0, 'the first picture');

    // Deterministic choices (no Math.random): caller i's fate by i.
    const waiting: string[] = [];
    const lastJoin = new Map<string, number>();
    let added = 0;
    let betweenPolls = 0;
    let rejoins = 0;
    let answered = 0;
    const answeredLive = () => control.state().calls.filter((c) => c.state === 'oncall' && c.queueId !== null).length;
    // Until every caller has had their fate, and enough rejoins happened (they wait for the console to
    // have seen the first abandon, which a loaded machine slows down): bounded, so a stuck core still fails.
    const deadline = Date.now() + 30_000;
    while ((added < CALLERS || waiting.length > 0 || answeredLive() > 0 || rejoins < 40) && Date.now() < deadline) {
      for (let k = 0; k < 20 && added < CALLERS; k++, added++) {
        const { callId } = control.addCaller({ queueId: (added % 3) + 1 });
        lastJoin.set(callId, Date.now());
        if (added % 7 === 0) {
          // Joined and hung up between two polls: first seen already Abandoned.
          control.abandonCaller(callId);
          betweenPolls++;
        } else waiting.push(callId);
      }
      // Of the callers already seen waiting: about half hang up, some are answered (and hung up later).
      for (const callId of waiting.splice(0, Math.ceil(waiting.length * 0.6))) {
        if (callId.charCodeAt(0) % 3 === 0) {
          try {
            control.answerCaller(callId);
            answered++;
            continue;
          } catch {
            // No agent free: this caller gives up instead.
          }
        }
        control.abandonCaller(callId);
      }
      // Answered calls end once the console has seen them answered (a visit that ends between two polls
      // never shows in the queue monitor, and so cannot count).
      const seenAnswered = new Set(h.of('floor:changed').flatMap((c) => c.queueEntries.upsert.filter((e) => e.status === 'answered').map((e) => e.id)));
      for (const call of control.state().calls) if (call.state === 'oncall' && seenAnswered.has(call.id)) control.hangupCall(call.id);
      // Some abandoned callers ring back (once the console has seen them abandoned, at least 1.1 s after
      // their last join so the PBX's whole-second times tell the two visits apart) and wait again.
      const seen = new Set(abandonedEvents(h).map((c) => c.callId));
      for (const e of control.state().queueEntries) {
        if (e.status !== 'Abandoned' || !seen.has(e.callId) || Date.now() - (lastJoin.get(e.callId) ?? 0) < 1100) continue;
        if (e.callId.charCodeAt(1) % 4 !== 0 || rejoins >= 150) continue;
        control.rejoinCaller(e.callId);
        lastJoin.set(e.callId, Date.now());
        waiting.push(e.callId);
        rejoins++;
      }
      await tick();
    }

    const record = control.state().abandons;
    expect(record.length).toBeGreaterThan(450);
    expect(betweenPolls).toBeGreaterThan(100);
    expect(rejoins).toBeGreaterThanOrEqual(40);
    expect(answered).toBeGreaterThan(20);
    await h.until(() => abandonedEvents(h!).length >= record.length, `${record.length} abandoned events`, 10_000);
    // Let a few more polls pass: nothing more may come.
    const settledAt = h.sim.control.requests().length;
    await h.until(() => h!.sim.control.requests().length > settledAt + 12, 'a few more polls');

    const events = abandonedEvents(h);
    expect(events).toHaveLength(record.length);
    expect(new Set(events.map((c) => c.id)).size).toBe(events.length);
    expect(countBy(events.map((c) => c.callId))).toEqual(countBy(record.map((r) => r.callId)));
    // The list the renderer gets holds the same calls, newest first.
    const list = h.abandoned();
    expect(list).toHaveLength(record.length);
    expect(list.every((c, i) => i === 0 || list[i - 1]!.abandonedAt >= c.abandonedAt)).toBe(true);
    // ...told as changes, not the day: after the first (the whole list, at connect) each carries only the
    // records it made or flagged (the whole list went out on every abandon before: tens of thousands of rows).
    const changes = h.of('abandoned:changed');
    expect(changes[0]!.reset).toBe(true);
    expect(changes.slice(1).every((c) => !c.reset && c.remove.length === 0)).toBe(true);
    const flagged = list.filter((c) => c.reachedAt != null).length;
    expect(changes.reduce((n, c) => n + c.upsert.length, 0)).toBeLessThanOrEqual(record.length + flagged);
    // A mark sends the records it changed, the next seq.
    const target = list.find((c) => !c.handled)!;
    const marked = (await h.core.invoke('abandoned:mark-handled', { id: target.id })) as { ok: true; data: AbandonedCall[] };
    const last = h.of('abandoned:changed').at(-1)!;
    expect(last).toMatchObject({ seq: changes.at(-1)!.seq + 1, reset: false, remove: [] });
    expect(last.upsert.map((c) => c.id).sort()).toEqual(marked.data.map((c) => c.id).sort());
    expect(h.abandoned().find((c) => c.id === target.id)?.handled).toBe(true);
    // Queue figures count each visit's outcome once.
    const floor = (await h.core.invoke('floor:get', undefined)) as { ok: true; data: { snapshot: { queues: { abandoned: number; answered: number }[] } } };
    expect(floor.data.snapshot.queues.reduce((n, q) => n + q.abandoned, 0)).toBe(record.length);
    expect(floor.data.snapshot.queues.reduce((n, q) => n + q.answered, 0)).toBe(answeredAtStart + answered);

    // A restart on the same data folder, with the same callers still listed: nothing is reported again.
    await h.core.stop();
    second = await startHarness({ simulator: h.sim, dataDir: h.dataDir, pollIntervalMs: 50, deps: { recordsIntervalMs: 600_000 } });
    await second.core.invoke('session:demo', undefined);
    await second.until(() => second!.of('floor:changed').some((c) => c.queueEntries.upsert.length > 0), 'the restarted picture');
    const restarted = (await second.core.invoke('floor:get', undefined)) as { ok: true; data: { abandoned: AbandonedCall[]; snapshot: { queues: { abandoned: number }[] } } };
    expect(abandonedEvents(second)).toEqual([]);
    expect(restarted.data.abandoned).toHaveLength(record.length);
    expect(restarted.data.snapshot.queues.reduce((n, q) => n + q.abandoned, 0)).toBe(record.length);
  });

  it('sends a caller reached by a live answered visit in that tick, not with the next change of another kind', async () => {
    h = await startHarness({ sim: { agents: 20, abandonRetentionSec: 3600 }, pollIntervalMs: 50, deps: { recordsIntervalMs: 600_000 } });
    const { control } = h.sim;
    await h.core.invoke('session:demo', undefined);
    await h.until(() => h!.of('floor:changed').length > 0, 'the first picture');
    const { callId } = control.addCaller({ queueId: 1 });
    await h.until(() => h!.of('floor:changed').some((c) => c.queueEntries.upsert.some((e) => e.id === callId)), 'the caller waiting');
    control.abandonCaller(callId);
    await h.until(() => abandonedEvents(h!).some((c) => c.callId === callId), 'the abandon');
    const gaveUp = abandonedEvents(h).find((c) => c.callId === callId)!;
    // Whole-second PBX times: the second visit must start in a later second than the abandon.
    await new Promise((r) => setTimeout(r, 1100));
    control.rejoinCaller(callId);
    control.answerCaller(callId);
    // Nothing else changes the journal: only this tick's own change can carry the reached record.
    await h.until(() => h!.of('abandoned:changed').some((c) => c.upsert.some((x) => x.id === gaveUp.id && x.reachedAt != null)), 'the reached record sent', 10_000);
    expect(h.abandoned().find((c) => c.id === gaveUp.id)?.reachedAt).toEqual(expect.any(Number));
  });
});
