// The threshold rules as one pure function over the floor picture: which conditions hold now. It runs once
// per floor tick, so it is one pass over the queues and one over the agents (only when an agent rule is on),
// whatever the number of rules: about a millisecond at 10,000 agents (`npm run bench` measures it).
// Hysteresis, acknowledgement and snooze are the tracker's (alert-tracker.ts), not this function's.
import {
  AGENT_KINDS,
  DEFAULT_PAUSE_LIMIT_MIN,
  QUEUE_KINDS,
  type Alert,
  type AlertRule,
} from '../../../common/alerts';
import type { Agent, EpochMs, QueueSummary, SourceStatus } from '../../../common/domain';
import { runSteps } from '../picture/steps';

/** A rule's condition holding now for one subject. */
export interface Condition extends Pick<Alert, 'ruleId' | 'kind' | 'severity' | 'subject' | 'queueIds' | 'figure' | 'threshold' | 'inMin' | 'detail'> {
  /** ruleId + subject: the same condition on the next tick has the same key. */
  key: string;
}

/** What the predictor says of one queue (predict-breach.ts). */
export interface BreachPrediction {
  /** The next 15 minutes' service level is predicted below target while today's is at or above it. */
  breach: boolean;
  nextSlPct: number | null;
  /** When today's level is expected to cross the target, minutes from now. */
  inMin: number | null;
}

export interface FloorFacts {
  now: EpochMs;
  agents: readonly Agent[];
  queues: readonly QueueSummary[];
  sources: readonly SourceStatus[];
  /** The own phone's registration: null when this system cannot tell or no own extension is set. */
  ownRegistered: boolean | null;
  ownExtension: string;
  /** The queue's service-level target, %. */
  serviceLevelTarget(queueId: string): number;
  predictions: ReadonlyMap<string, BreachPrediction>;
}

/**
 * At most this many agents are named one alert each per rule; the rest are one alert, "and N more agents".
 * A floor where hundreds break one rule at once (a training pause, a PBX that lost its clock) is one thing
 * to deal with, not hundreds of lines, and the tick's cost stays flat (docs/alerts.md, `npm run bench`).
 */
export const AGENT_ALERTS_PER_RULE = 20;

const sec = (ms: number): number => Math.floor(ms / 1000);
const min1 = (ms: number): number => Math.floor(ms / 6000) / 10;

function queueFigure(rule: AlertRule, q: QueueSummary, facts: FloorFacts, available: ReadonlyMap<string, number> | null): { figure: number | null; threshold: number | null; inMin?: number } | null {
  const t = rule.threshold;
  switch (rule.kind) {
    case 'longest-wait': {
      if (q.longestWaitSince === null || t === null) return null;
      const waited = sec(facts.now - q.longestWaitSince);
      return waited > t ? { figure: waited, threshold: t } : null;
    }
    case 'waiting':
      return t !== null && q.waiting > t ? { figure: q.waiting, threshold: t } : null;
    case 'available-agents': {
      if (t === null || q.waiting === 0) return null;
      const n = available?.get(q.id) ?? 0;
      return n < t ? { figure: n, threshold: t } : null;
    }
    case 'service-level': {
      if (q.serviceLevelPct === null) return null;
      const target = t ?? facts.serviceLevelTarget(q.id);
      return q.serviceLevelPct < target ? { figure: q.serviceLevelPct, threshold: target } : null;
    }
    case 'abandon-rate': {
      const outcomes = q.answered + q.abandoned;
      if (outcomes === 0 || t === null) return null;
      const rate = Math.round((q.abandoned / outcomes) * 1000) / 10;
      return rate > t ? { figure: rate, threshold: t } : null;
    }
    case 'predicted-breach': {
      const p = facts.predictions.get(q.id);
      if (!p?.breach) return null;
      return { figure: p.nextSlPct, threshold: facts.serviceLevelTarget(q.id), ...(p.inMin !== null ? { inMin: p.inMin } : {}) };
    }
    default:
      return null;
  }
}

function agentFigure(rule: AlertRule, a: Agent, now: EpochMs): { figure: number; threshold: number; detail?: string } | null {
  if (a.stateSince === null) return null;
  const inState = now - a.stateSince;
  switch (rule.kind) {
    case 'agent-paused': {
      if (a.state !== 'paused') return null;
      if (rule.pauseReason !== null && (a.pauseReason ?? '').toLowerCase() !== rule.pauseReason.toLowerCase()) return null;
      // The rule's own limit; else the limit the PBX declares for the reason (Evolux); else 15 min.
      const limit = rule.threshold ?? (a.pauseLimitSec !== null && a.pauseLimitSec > 0 ? a.pauseLimitSec / 60 : DEFAULT_PAUSE_LIMIT_MIN);
      const m = min1(inState);
      return m > limit ? { figure: Math.floor(m), threshold: limit, ...(a.pauseReason ? { detail: a.pauseReason } : {}) } : null;
    }
    case 'agent-ringing': {
      if (a.state !== 'ringing' || rule.threshold === null) return null;
      const s = sec(inState);
      return s > rule.threshold ? { figure: s, threshold: rule.threshold } : null;
    }
    case 'agent-on-call': {
      if (a.state !== 'on-call' || rule.threshold === null) return null;
      const m = min1(inState);
      return m > rule.threshold ? { figure: Math.floor(m), threshold: rule.threshold } : null;
    }
    default:
      return null;
  }
}

/** How many of the agents beyond those named one by one are named in the "more agents" alert. */
const REST_NAMED = 3;

/** Longer in state first, then by id (code units: any stable order will do). */
const inStateOrder = (x: { agent: Agent }, y: { agent: Agent }): number =>
  (x.agent.stateSince ?? 0) - (y.agent.stateSince ?? 0) || (x.agent.id < y.agent.id ? -1 : x.agent.id > y.agent.id ? 1 : 0);

/** The first `k` of `list` in that order, without sorting the whole list. */
function firstInState<T extends { agent: Agent }>(list: readonly T[], k: number): T[] {
  const top: T[] = [];
  for (const item of list) {
    if (top.length === k && inStateOrder(item, top[k - 1] as T) >= 0) continue;
    let i = top.length === k ? k - 1 : top.length;
    while (i > 0 && inStateOrder(item, top[i - 1] as T) < 0) i--;
    top.splice(i, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}

const STALE_STATES = new Set(['stale', 'backoff', 'offline', 'unauthorized']);

/** Every condition that holds now, for the enabled rules. */
export function evaluateRules(rules: readonly AlertRule[], facts: FloorFacts): Condition[] {
  return runSteps(evaluateRuleSteps(rules, facts, Infinity));
}

/**
 * The same, yielding after every `slice` agents of the agent rules' pass (the alert pass's steps, a turn of
 * the loop each); `facts` must not change meanwhile (a snapshot's lists never do).
 */
export function* evaluateRuleSteps(rules: readonly AlertRule[], facts: FloorFacts, slice: number): Generator<void, Condition[]> {
  const out: Condition[] = [];
  const enabled = rules.filter((r) => r.enabled);
  const queueRules = enabled.filter((r) => QUEUE_KINDS.has(r.kind));
  const agentRules = enabled.filter((r) => AGENT_KINDS.has(r.kind));

  // Available agents per queue: the summary's staffing counts them the same way (an agent available, once
  // in each of its queues; picture/queue-summary.ts), kept from tick to tick, where counting them here again
  // walked some 100,000 agent-queue pairs a second at 10,000 agents.
  let available: Map<string, number> | null = null;
  if (queueRules.some((r) => r.kind === 'available-agents')) available = new Map(facts.queues.map((q) => [q.id, q.staffing.available]));

  for (const q of facts.queues) {
    for (const rule of queueRules) {
      if (rule.queueId !== null && rule.queueId !== q.id) continue;
      const hit = queueFigure(rule, q, facts, available);
      if (!hit) continue;
      out.push({
        key: `${rule.id}|queue|${q.id}`, ruleId: rule.id, kind: rule.kind, severity: rule.severity,
        subject: { type: 'queue', id: q.id, name: q.name }, queueIds: [q.id], ...hit,
      });
    }
  }

  if (agentRules.length > 0) {
    const hits = new Map<AlertRule, { agent: Agent; hit: NonNullable<ReturnType<typeof agentFigure>> }[]>();
    let n = 0;
    // An index, not for..of: inside a generator each step of an array's iterator is an object (row-tally.ts).
    for (let i = 0; i < facts.agents.length; i++) {
      const a = facts.agents[i] as Agent;
      if (++n % slice === 0) yield;
      // Most agents are available or offline: no agent rule applies to them.
      if (a.state !== 'paused' && a.state !== 'ringing' && a.state !== 'on-call') continue;
      for (const rule of agentRules) {
        if (rule.queueId !== null && !a.queues.includes(rule.queueId)) continue;
        const hit = agentFigure(rule, a, facts.now);
        if (!hit) continue;
        let list = hits.get(rule);
        if (!list) hits.set(rule, (list = []));
        list.push({ agent: a, hit });
      }
    }
    for (const [rule, list] of hits) {
      // The longest in their state first: a stable order (an agent who trips later goes to the end), so the
      // agents named one by one stay the same from tick to tick and the rest are one alert. Only the first
      // few are put in order (a pause rule can hold thousands of agents, every second).
      const first = firstInState(list, AGENT_ALERTS_PER_RULE + REST_NAMED);
      for (const { agent: a, hit } of first.slice(0, AGENT_ALERTS_PER_RULE)) {
        out.push({
          key: `${rule.id}|agent|${a.id}`, ruleId: rule.id, kind: rule.kind, severity: rule.severity,
          subject: { type: 'agent', id: a.id, name: a.name }, queueIds: a.queues, ...hit,
        });
      }
      if (list.length <= AGENT_ALERTS_PER_RULE) continue;
      const named = new Set(first.slice(0, AGENT_ALERTS_PER_RULE));
      // Agents of a campaign share one queue list (picture/queue-derivation.ts): each list is read once.
      const lists = new Set<readonly string[]>();
      for (const item of list) if (!named.has(item)) lists.add(item.agent.queues);
      const queueIds = new Set<string>();
      for (const queues of lists) for (const q of queues) queueIds.add(q);
      // "and 212 more agents": one alert for the rest, its figure their number (the first few named).
      out.push({
        key: `${rule.id}|agents|${rule.id}`, ruleId: rule.id, kind: rule.kind, severity: rule.severity,
        subject: { type: 'agents', id: rule.id, name: first.slice(AGENT_ALERTS_PER_RULE).map((r) => r.agent.name).join(', ') },
        queueIds: [...queueIds].sort(), figure: list.length - AGENT_ALERTS_PER_RULE, threshold: rule.threshold,
      });
    }
  }

  for (const rule of enabled) {
    if (rule.kind === 'own-unregistered') {
      if (facts.ownRegistered !== false) continue;
      out.push({
        key: `${rule.id}|own-extension|${facts.ownExtension}`, ruleId: rule.id, kind: rule.kind, severity: rule.severity,
        subject: { type: 'own-extension', id: facts.ownExtension, name: facts.ownExtension }, queueIds: [], figure: null, threshold: null,
      });
    } else if (rule.kind === 'source-stale' && rule.threshold !== null) {
      for (const s of facts.sources) {
        if (!STALE_STATES.has(s.state)) continue;
        // Never good since connecting: stale from the start, with no age to show.
        const age = s.lastGoodAt === null ? null : sec(facts.now - s.lastGoodAt);
        if (age !== null && age <= rule.threshold) continue;
        out.push({
          key: `${rule.id}|source|${s.id}`, ruleId: rule.id, kind: rule.kind, severity: rule.severity,
          subject: { type: 'source', id: s.id, name: s.id }, queueIds: [], figure: age, threshold: rule.threshold,
        });
      }
    }
  }
  return out;
}
