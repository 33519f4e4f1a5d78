// The alert pass a step at a time (alert-monitor.ts `steps`, run a turn apart by the live session) gives
// the very changes the whole tick gives, second after second.
import { describe, expect, it } from 'vitest';
import { alertSettingsSchema, type AlertsChange } from '../../../common/alerts';
import type { Agent } from '../../../common/domain';
import { createAlertMonitor } from '../../../main/core/alerts/alert-monitor';
import { agent } from '../picture/fixtures';

const START = Date.UTC(2026, 11, 6, 9, 0);

describe('alert monitor steps', () => {
  it('yields between its parts and ends with what tick() answers', () => {
    let now = START;
    const settings = alertSettingsSchema.parse({});
    const make = () => createAlertMonitor({ zone: () => 'UTC', now: () => now, log: () => {}, settings: () => settings, serviceLevelSec: () => 20, serviceLevelTarget: () => 80 });
    const whole = make();
    const stepped = make();
    let yields = 0;
    for (let second = 0; second < 40; second++) {
      now = START + second * 30_000;
      // Agents pause one after another; some resume: the pause rule trips and clears.
      const agents: Agent[] = Array.from({ length: 60 }, (_, i) =>
        agent(`a${i}`, String(1000 + i), {
          name: `Agent ${i}`,
          state: i <= second && i % 4 !== 0 ? 'paused' : 'available',
          pauseReason: 'TRAINING',
          stateSince: START - i * 60_000,
          queues: [i % 2 ? 'q1' : 'q2'],
        }));
      const floor = { agents, calls: [], queues: [], sources: [], ownRegistered: false, ownExtension: '9000' };
      const expected: AlertsChange | null = whole.tick(floor);
      const run = stepped.steps(floor);
      let r = run.next();
      while (!r.done) {
        yields++;
        r = run.next();
      }
      expect(r.value).toEqual(expected);
    }
    expect(yields).toBe(40 * 3);
    expect(stepped.state()).toEqual(whole.state());
    expect(whole.state().alerts.length).toBeGreaterThan(0);
  });
});
