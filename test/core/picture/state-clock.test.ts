// Time in state: the PBX's time on first sight, the console's observation on a change it sees, the PBX's
// time again only when it is later (issue 14 point 3).
import { describe, expect, it } from 'vitest';
import { createSourceMerger } from '../../../main/core/picture/merge-sources';
import { createStateClock } from '../../../main/core/picture/state-clock';
import { agent, call } from './fixtures';

const MIN = 60_000;

describe('state clock', () => {
  it('takes the PBX time on first sight and restarts on a change it observes', () => {
    const clock = createStateClock();
    const resumedAt = 1_000_000;
    const a = agent('a', '101', { stateSince: resumedAt });
    expect(clock.apply([a], resumedAt + 30 * MIN)[0]).toBe(a);
    const onCall = agent('a', '101', { state: 'on-call', stateSince: resumedAt + 31 * MIN, callId: 'c1' });
    expect(clock.apply([onCall], resumedAt + 31 * MIN + 500)[0]?.stateSince).toBe(resumedAt + 31 * MIN);
    // The call ends: the PBX still says "RESUME since the morning"; the console saw the change.
    const endedAt = resumedAt + 34 * MIN;
    const back = agent('a', '101', { stateSince: resumedAt });
    const seen = clock.apply([back], endedAt)[0];
    expect(seen).toMatchObject({ state: 'available', stateSince: endedAt });
    // Later ticks keep the observed time (and the same row object).
    expect(clock.apply([back], endedAt + 5000)[0]).toBe(seen);
  });

  it('adopts a later PBX time in the same state (a change between two polls)', () => {
    const clock = createStateClock();
    clock.apply([agent('a', '101', { state: 'paused', stateSince: 1000 })], 5000);
    expect(clock.apply([agent('a', '101', { state: 'paused', stateSince: 900 })], 6000)[0]?.stateSince).toBe(1000);
    expect(clock.apply([agent('a', '101', { state: 'paused', stateSince: 5500 })], 7000)[0]?.stateSince).toBe(5500);
  });

  it('forgets an agent who leaves the list: back again, the PBX time stands', () => {
    const clock = createStateClock();
    clock.apply([agent('a', '101', { stateSince: 1000 }), agent('b', '102', { stateSince: 1000 })], 2000);
    clock.apply([agent('a', '101', { state: 'paused', stateSince: 1000 })], 3000);
    clock.apply([agent('a', '101', { state: 'paused', stateSince: 1000 })], 4000);
    const b = agent('b', '102', { state: 'paused', stateSince: 3500 });
    expect(clock.apply([b], 5000)[0]).toBe(b);
  });

  it('runs in the merge: on call -> available restarts at the tick that saw it', () => {
    let now = 10_000_000;
    const merge = createSourceMerger(() => now);
    const a = agent('a', '101', { stateSince: now - 30 * MIN });
    expect(merge([{ agents: [a], calls: [call('c1', '101', 'on-call', now - 2 * MIN)] }]).agents[0]).toMatchObject({ state: 'on-call', stateSince: now - 2 * MIN });
    now += 5000;
    expect(merge([{ agents: [a], calls: [] }]).agents[0]).toMatchObject({ state: 'available', stateSince: now });
  });
});
