// Erlang C, the textbook queue of call centers (M/M/N): with traffic A = arrival rate x average handle
// time (Erlang) offered to N agents, the probability that a caller waits at all, and the share answered
// within t seconds. Pure arithmetic; test/core/alerts/erlang-c.test.ts checks it against published values.

/** Erlang B by the stable recursion B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)). */
export function erlangB(traffic: number, agents: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
  return b;
}

/** P(wait > 0) for `traffic` Erlang on `agents` agents (an integer); 1 when the queue cannot keep up (N <= A). */
export function erlangC(traffic: number, agents: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  const b = erlangB(traffic, agents);
  return (agents * b) / (agents - traffic * (1 - b));
}

/** SL(t) = 1 - P_wait e^(-(N - A) t / AHT): the share of callers answered within `tSec`, 0..1. */
export function serviceLevel(traffic: number, agents: number, ahtSec: number, tSec: number): number {
  if (traffic <= 0) return 1;
  if (agents <= traffic) return 0;
  return 1 - erlangC(traffic, agents) * Math.exp((-(agents - traffic) * tSec) / ahtSec);
}
