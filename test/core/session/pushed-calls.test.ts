// The pushed call events laid over the polled calls (main/core/session/pushed-calls.ts): a call's events only
// move forward, a replay or a late event changes nothing, and a poll begun after an event settles it.
import { describe, expect, it } from 'vitest';
import type { ActiveCall } from '../../../common/domain';
import type { PushEvent } from '../../../main/core/connectors/connector';
import { createPushedCalls } from '../../../main/core/session/pushed-calls';

const event = (kind: 'ringing' | 'answered' | 'hangup', callId = 'c1', extension = '101'): PushEvent & { kind: typeof kind } => ({
  kind, callId, direction: 'inbound', extension, customerNumber: '0912000111',
});
const polledCall = (id: string, state: ActiveCall['state']): ActiveCall => ({
  id, extension: '102', agentId: 'a2', agentName: 'B', customerNumber: '0900', direction: 'inbound', state, startedAt: 1, queueId: 'q', queueName: 'Q',
});

describe('pushed calls', () => {
  it('adds a ringing call, answers it, takes it away; the polled array itself while nothing stands', () => {
    const p = createPushedCalls();
    const polled: ActiveCall[] = [polledCall('other', 'on-call')];
    expect(p.over(polled)).toBe(polled);
    expect(p.apply(event('ringing'), polled, 1000)).toBe('applied');
    const withRinging = p.over(polled);
    expect(withRinging).toHaveLength(2);
    expect(withRinging[1]).toMatchObject({ id: 'c1', extension: '101', state: 'ringing', startedAt: 1000, agentId: null });
    expect(p.over(polled)).toBe(withRinging); // cached while nothing moved
    expect(p.apply(event('answered'), polled, 1500)).toBe('applied');
    expect(p.over(polled)[1]).toMatchObject({ id: 'c1', state: 'on-call', startedAt: 1500 });
    expect(p.apply(event('hangup'), polled, 2000)).toBe('applied');
    expect(p.over(polled).map((c) => c.id)).toEqual(['other']);
  });

  it('ignores a replay, an event behind the call, and a ringing event for a call the poll shows on call', () => {
    const p = createPushedCalls();
    const polled = [polledCall('c2', 'on-call')];
    expect(p.apply(event('ringing', 'c2'), polled, 1000)).toBe('ignored');
    expect(p.apply(event('answered'), [], 1000)).toBe('applied');
    expect(p.apply(event('answered'), [], 1001)).toBe('ignored');
    expect(p.apply(event('ringing'), [], 1002)).toBe('ignored');
    expect(p.apply(event('hangup'), [], 1003)).toBe('applied');
    expect(p.apply(event('ringing'), [], 1004)).toBe('ignored');
    expect(p.over([])).toEqual([]);
    // A hangup of a call never seen takes nothing out, and still refuses its replayed ringing.
    expect(p.apply(event('hangup', 'c3'), [], 1005)).toBe('ignored');
    expect(p.apply(event('ringing', 'c3'), [], 1006)).toBe('ignored');
  });

  it('keeps the polled call\'s own fields when an event moves it, and hands the polled list back once a later poll lands', () => {
    const p = createPushedCalls();
    const polled = [polledCall('c4', 'ringing')];
    expect(p.apply(event('answered', 'c4'), polled, 5000)).toBe('applied');
    expect(p.over(polled)[0]).toMatchObject({ id: 'c4', agentId: 'a2', queueId: 'q', extension: '102', state: 'on-call' });
    p.reconciled(4000); // a poll that began before the event: it stands
    expect(p.size).toBe(1);
    p.reconciled(6000); // one that began after it: the poll's word is the truth
    expect(p.size).toBe(0);
    expect(p.over(polled)).toBe(polled);
  });
});
