// The floor's repeated strings are held once: sharing never changes a value, and the table of shared
// strings stays bounded whatever the PBX puts in a field.
import { describe, expect, it } from 'vitest';
import { createSharedStrings, MAX_VALUES } from '../../renderer/src/lib/shared-strings';
import { agent, call, entry } from './fake-bridge';

describe('shared strings', () => {
  it('leaves every row equal to what arrived', () => {
    const strings = createSharedStrings();
    const rows = {
      agents: [agent(1, { campaign: 'Retention', pauseReason: 'Lunch', queues: ['q1', 'q2'] }), agent(2)],
      calls: [call(1), call(2, { queueName: null })],
      queueEntries: [entry(1), entry(2, { status: 'answered' })],
    };
    const before = structuredClone(rows);
    strings.rows(rows);
    strings.rows(structuredClone(before));
    expect(rows).toEqual(before);
    // Each distinct value once, however many rows and times it arrived.
    expect(strings.size()).toBe(new Set(['available', 'pbx', 'Retention', 'Lunch', 'q1', 'q2', 'inbound', 'on-call', 'Sales', 'waiting', 'answered']).size);
  });

  it('reads a queues array the agents of a change set share once, not once per agent', () => {
    const strings = createSharedStrings();
    let reads = 0;
    const shared = new Proxy(Array.from({ length: 20 }, (_, i) => `q${i}`), {
      get: (target, key, receiver) => (typeof key === 'string' && /^\d+$/.test(key) && reads++, Reflect.get(target, key, receiver)),
    });
    const agents = Array.from({ length: 1000 }, (_, i) => agent(i, { queues: shared }));
    strings.rows({ agents, calls: [], queueEntries: [] });
    // Before: 20 for each of the 1,000 agents.
    expect(reads).toBe(20);
    expect(agents[999]?.queues).toEqual(Array.from({ length: 20 }, (_, i) => `q${i}`));
  });

  it('stays bounded when a field turns out to hold a new value per row', () => {
    const strings = createSharedStrings();
    const agents = Array.from({ length: 2 * MAX_VALUES }, (_, i) => agent(i, { campaign: `campaign ${i}` }));
    strings.rows({ agents, calls: [], queueEntries: [] });
    expect(strings.size()).toBeLessThanOrEqual(MAX_VALUES);
    expect(agents.every((a, i) => a.campaign === `campaign ${i}`)).toBe(true);
  });
});
