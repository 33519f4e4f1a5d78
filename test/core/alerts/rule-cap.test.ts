// A rule that hundreds of agents break at once (a training pause, a PBX that lost its clock) names the first
// AGENT_ALERTS_PER_RULE agents (the longest in their state: a stable order) and folds the rest into one
// "and N more agents" alert; and the tracker sends only what changed, not the list.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../../common/alerts';
import type { Agent } from '../../../common/domain';
import { createAlertTracker } from '../../../main/core/alerts/alert-tracker';
import { AGENT_ALERTS_PER_RULE, evaluateRules, type FloorFacts } from '../../../main/core/alerts/rule-eval';
import { agent } from '../picture/fixtures';

const NOW = Date.UTC(2026, 11, 6, 9, 0);
const rules = DEFAULT_ALERT_RULES.filter((r) => r.id === 'pause-limit');
const paused = (i: number, minutes: number): Agent =>
  agent(`a${i}`, String(1000 + i), { name: `Agent ${i}`, state: 'paused', pauseReason: 'TRAINING', stateSince: NOW - minutes * 60_000 - i * 1000, queues: [i % 2 ? 'q1' : 'q2'] });
const facts = (agents: Agent[], now = NOW): FloorFacts => ({
  now, agents, queues: [], sources: [], ownRegistered: true, ownExtension: '9000', serviceLevelTarget: () => 80, predictions: new Map(),
});

describe('agent alerts per rule', () => {
  it('names the longest-paused agents one by one and the rest as one alert, "N more agents"', () => {
    // 500 agents over the 15-minute limit; the one paused longest is a499 (its stateSince is the oldest).
    const agents = Array.from({ length: 500 }, (_, i) => paused(i, 20));
    const conditions = evaluateRules(rules, facts(agents));
    const named = conditions.filter((c) => c.subject.type === 'agent');
    expect(named).toHaveLength(AGENT_ALERTS_PER_RULE);
    expect(named[0]!.subject.id).toBe('a499');
    const group = conditions.filter((c) => c.subject.type === 'agents');
    expect(group).toHaveLength(1);
    expect(group[0]).toMatchObject({ kind: 'agent-paused', figure: 480, threshold: null, subject: { id: 'pause-limit', name: 'Agent 479, Agent 478, Agent 477' } });
    expect(new Set(group[0]!.queueIds)).toEqual(new Set(['q1', 'q2']));
    // Under the cap: every agent by name, no group.
    expect(evaluateRules(rules, facts(agents.slice(0, AGENT_ALERTS_PER_RULE))).every((c) => c.subject.type === 'agent')).toBe(true);
  });

  it('keeps the same agents named as others trip, and sends only what changed', () => {
    const tracker = createAlertTracker({ zone: () => 'UTC', now: () => t, log: () => {} });
    let t = NOW;
    const enabled = new Set(['pause-limit']);
    const agents = Array.from({ length: 300 }, (_, i) => paused(i, 20));
    const first = tracker.update(evaluateRules(rules, facts(agents, t)), enabled, 60_000);
    expect(first?.upsert).toHaveLength(AGENT_ALERTS_PER_RULE + 1);
    const named = tracker.active().filter((a) => a.subject.type === 'agent').map((a) => a.id).sort();

    // A minute later 50 more agents trip (paused later: they go to the end), the figures tick on.
    t += 60_000;
    const more = [...agents, ...Array.from({ length: 50 }, (_, i) => paused(300 + i, 16))];
    const next = tracker.update(evaluateRules(rules, facts(more, t)), enabled, 60_000)!;
    expect(tracker.active().filter((a) => a.subject.type === 'agent').map((a) => a.id).sort()).toEqual(named);
    expect(tracker.active().find((a) => a.subject.type === 'agents')?.figure).toBe(330);
    // Only the group moved (the named agents' minutes moved too): never 350 rows.
    expect(next.remove).toEqual([]);
    expect(next.upsert.length).toBeLessThanOrEqual(AGENT_ALERTS_PER_RULE + 1);
    expect(next.upsert.some((a) => a.subject.type === 'agents' && a.figure === 330)).toBe(true);
    // Nothing moved (the same floor looked at again): nothing to send.
    expect(tracker.update(evaluateRules(rules, facts(more, t)), enabled, 60_000)).toBeNull();
  });
});
