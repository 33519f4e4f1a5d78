// The tracker alone: hysteresis with a configurable time, a rule switched off clears at once, and the
// journal read back after a torn last line (a power cut mid-write) with nothing else lost.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAlertTracker } from '../../../main/core/alerts/alert-tracker';
import type { Condition } from '../../../main/core/alerts/rule-eval';

const cond = (figure: number): Condition => ({
  key: 'w|queue|q1', ruleId: 'w', kind: 'longest-wait', severity: 'warning', subject: { type: 'queue', id: 'q1', name: 'Sales' },
  queueIds: ['q1'], figure, threshold: 60,
});

describe('alert tracker', () => {
  it('raises one alert for a hovering figure and clears it only after clearAfter', () => {
    let t = 1_000_000;
    const tracker = createAlertTracker({ zone: () => 'UTC', now: () => t, log: () => {} });
    const rules = new Set(['w']);
    for (let i = 0; i <= 50; i++) {
      // Over, under, over...: one alert.
      tracker.update(i % 2 === 0 ? [cond(61)] : [], rules, 30_000);
      t += 1000;
    }
    expect(tracker.active()).toHaveLength(1);
    tracker.update([], rules, 30_000);
    t += 29_000;
    tracker.update([], rules, 30_000);
    expect(tracker.active()).toHaveLength(1);
    t += 2000;
    const cleared = tracker.active()[0]!.id;
    // Only what moved: the cleared alert's id, nothing else.
    expect(tracker.update([], rules, 30_000)).toEqual({ upsert: [], remove: [cleared] });
    expect(tracker.update([], rules, 30_000)).toBeNull();
    expect(tracker.active()).toHaveLength(0);
    expect(tracker.cleared()).toHaveLength(1);
  });

  it('clears at once the alerts of a rule switched off', () => {
    const tracker = createAlertTracker({ zone: () => 'UTC', now: () => 5, log: () => {} });
    tracker.update([cond(61)], new Set(['w']), 60_000);
    tracker.update([], new Set(), 60_000);
    expect(tracker.active()).toEqual([]);
  });

  it('reads its journal back after a torn last line, and the next append starts on a new line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fw-alerts-')), 'alerts.jsonl');
    let t = Date.UTC(2026, 11, 6, 8);
    const logs: string[] = [];
    const a = createAlertTracker({ file, zone: () => 'UTC', now: () => t, log: (m) => logs.push(m) });
    a.update([cond(61)], new Set(['w']), 60_000);
    const id = a.active()[0]!.id;
    a.acknowledge(id, 'maria');
    appendFileSync(file, '{"t":"snooze","id":"' + id + '","unt');
    t += 1000;
    const b = createAlertTracker({ file, zone: () => 'UTC', now: () => t, log: (m) => logs.push(m) });
    expect(b.active()).toMatchObject([{ id, ack: { by: 'maria' } }]);
    expect(logs.some((m) => m.includes('unreadable line 3'))).toBe(true);
    b.snooze(id, 15);
    const c = createAlertTracker({ file, zone: () => 'UTC', now: () => t, log: () => {} });
    expect(c.active()[0]!.snoozedUntil).toBe(t + 15 * 60_000);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });
});
