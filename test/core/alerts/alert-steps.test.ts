// The alert pass a step at a time (alert-monitor.ts `steps`, run a turn apart by the live session) gives
// the very changes the whole tick gives, second after second; so does a pass whose walks over the agents
// are cut into slices (agentsPerStep), and one that follows a pass dropped half-way (a disconnect).
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

  it('slices its walks over the agents and still ends with what tick() answers, also after a dropped pass', () => {
    let now = START;
    const settings = alertSettingsSchema.parse({});
    const make = (agentsPerStep?: number) =>
      createAlertMonitor({ zone: () => 'UTC', now: () => now, log: () => {}, settings: () => settings, serviceLevelSec: () => 20, serviceLevelTarget: () => 80, ...(agentsPerStep ? { agentsPerStep } : {}) });
    const whole = make();
    const sliced = make(7);
    const queues = [
      { id: 'q1', name: 'Sales', waiting: 3, longestWaitSince: START - 90_000, answered: 40, abandoned: 9, avgWaitSec: 30, serviceLevelPct: 62, abandonedPct: 18, staffing: { available: 0, onCall: 2, paused: 20, ringing: 0 }, day: { basis: 'console' as const, countedSince: START } },
    ];
    for (let second = 0; second < 40; second++) {
      now = START + second * 30_000;
      const agents: Agent[] = Array.from({ length: 60 }, (_, i) =>
        agent(`a${i}`, String(1000 + i), {
          name: `Agent ${i}`,
          state: i <= second && i % 4 !== 0 ? 'paused' : i % 5 === 0 ? 'on-call' : 'available',
          callId: i % 5 === 0 ? `c${i}-${Math.floor(second / 3)}` : null,
          pauseReason: 'TRAINING',
          stateSince: START - i * 60_000,
          queues: [i % 2 ? 'q1' : 'q2'],
        }));
      const floor = { agents, calls: [], queues, sources: [], ownRegistered: false, ownExtension: '9000' };
      const expected = whole.tick(floor);
      if (second % 10 === 5) {
        // A pass dropped in the middle of a walk (the live session returns it on a disconnect).
        const dropped = sliced.steps(floor);
        for (let i = 0; i < 14; i++) dropped.next();
        dropped.return(null);
      }
      const run = sliced.steps(floor);
      let yields = 0;
      let r = run.next();
      while (!r.done) {
        yields++;
        r = run.next();
      }
      // Three walks over 60 agents, each yielding after every 7 (the forecasts' walk only when the list is new).
      expect(yields).toBe(3 + 3 * Math.floor(60 / 7));
      expect(r.value).toEqual(expected);
    }
    expect(sliced.state()).toEqual(whole.state());
    expect(whole.state().alerts.some((a) => a.kind === 'agent-paused')).toBe(true);
  });
});
