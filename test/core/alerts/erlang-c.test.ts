// Erlang C against published values, and the predictor's pieces: the next interval's level, the crossing
// estimate and the new caller's wait band.
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, serviceLevel } from '../../../main/core/alerts/erlang-c';
import { minutesToCross, nextServiceLevel, staffedAgents, waitBand } from '../../../main/core/alerts/predict-breach';
import type { Agent } from '../../../common/domain';

describe('Erlang C', () => {
  it('matches the textbook example: A = 10 Erlang, N = 12, AHT 180 s, t = 20 s', () => {
    // Erlang B(12, 10) = 0.1197; C = 12 B / (12 - 10 (1 - B)) = 0.4493; SL = 1 - C e^(-2 * 20 / 180) = 0.6402 (64.0 %).
    expect(erlangB(10, 12)).toBeCloseTo(0.11974, 4);
    expect(erlangC(10, 12)).toBeCloseTo(0.44939, 4);
    expect(serviceLevel(10, 12, 180, 20)).toBeCloseTo(0.64016, 4);
  });

  it('matches more published points and the edges', () => {
    // A = 2 Erlang on 3 agents: P_wait = 4/9 (closed form 0.4444).
    expect(erlangC(2, 3)).toBeCloseTo(4 / 9, 6);
    // One agent: M/M/1, P_wait = rho.
    expect(erlangC(0.5, 1)).toBeCloseTo(0.5, 9);
    expect(erlangC(5, 5)).toBe(1);
    expect(erlangC(0, 3)).toBe(0);
    expect(serviceLevel(12, 10, 180, 20)).toBe(0);
    expect(serviceLevel(0, 0, 180, 20)).toBe(1);
    // More agents, better level; longer threshold, better level.
    expect(serviceLevel(10, 13, 180, 20)).toBeGreaterThan(serviceLevel(10, 12, 180, 20));
    expect(serviceLevel(10, 12, 180, 60)).toBeGreaterThan(serviceLevel(10, 12, 180, 20));
  });
});

describe('the predictor', () => {
  it('folds callers already waiting past the threshold into the next interval', () => {
    const calm = nextServiceLevel(10 / 180, 12, 180, 20, 0, 0);
    expect(calm.nextSlPct).toBeCloseTo(64.0, 0);
    expect(calm.erlangs).toBe(10);
    const late = nextServiceLevel(10 / 180, 12, 180, 20, 20, 90);
    expect(late.nextSlPct).toBeLessThan(calm.nextSlPct);
  });

  it('says when today’s level crosses the target if the next interval holds', () => {
    // 90 % of 100 outcomes, target 80 %, next 40 %, 2 outcomes a minute: 10 / (2 * 0.4) = 12.5 -> 13 min.
    expect(minutesToCross(90, 100, 80, 40, 2)).toBe(13);
    expect(minutesToCross(90, 100, 80, 85, 2)).toBeNull();
  });

  it('counts an agent in k queues 1/k in each, paused and offline not at all', () => {
    const agent = (id: string, state: Agent['state'], queues: string[]): Agent => ({
      id, name: id, username: id, extension: null, state, stateSince: null, pauseReason: null, pauseLimitSec: null, queues,
      campaign: null, callId: null, origin: 'pbx', answeredToday: null,
    });
    const n = staffedAgents([agent('a', 'available', ['1', '2']), agent('b', 'on-call', ['1']), agent('c', 'paused', ['1']), agent('d', 'offline', ['1'])]);
    expect(n.get('1')).toBe(1.5);
    expect(n.get('2')).toBe(0.5);
  });

  it('gives a band, not a number, and none when an agent is free', () => {
    expect(waitBand(0, 2, 5, 180)).toEqual({ low: 0, high: 0 });
    const b = waitBand(8, 0, 6, 180);
    expect(b.low).toBeLessThan(b.high);
    expect((b.low + b.high) / 2).toBeCloseTo((9 * 180) / 6, 0);
  });
});
