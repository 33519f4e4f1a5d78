// The own phone's rules on their own (main/core/phone/own-phone.ts): registration from the own-extension
// source, the monitoring session's end conditions, and that a failing source ends nothing.
import { describe, expect, it } from 'vitest';
import type { ActiveCall, OwnLeg, SourceStatus } from '../../../common/domain';
import type { SourceData } from '../../../main/core/connectors/connector';
import { createOwnPhone } from '../../../main/core/phone/own-phone';

const T = 1_700_000_000_000;
const call = (id: string): ActiveCall => ({
  id, extension: '107', agentId: null, agentName: 'Bùi Hữu Hạnh', customerNumber: '0914237383', direction: 'inbound',
  state: 'on-call', startedAt: T - 60_000, queueId: null, queueName: null,
});
const leg = (callId: string): OwnLeg => ({ callId, state: 'on-call', direction: 'local', number: '0914237383', startedAt: T });
const status = (id: string, state: SourceStatus['state'] = 'live', lastError: SourceStatus['lastError'] = null): SourceStatus => ({
  id, state, lastGoodAt: T, lastError, failures: state === 'live' ? 0 : 2,
});
const calls = (list: ActiveCall[], legs: OwnLeg[] = []): SourceData => ({ calls: list, ownLegs: legs });
const registered = (yes: boolean): SourceData => ({ ownExtensionRegistered: yes });
const LIVE = [status('calls'), status('own-extension')];

describe('own phone', () => {
  it('reads the registration, and a 404 as an extension the PBX does not know', () => {
    const p = createOwnPhone({ extension: '101', now: () => T });
    expect(p.phone().registration).toBe('unknown');
    p.observe([registered(false)], LIVE);
    expect(p.phone().registration).toBe('not-registered');
    p.observe([registered(false)], [status('own-extension', 'backoff', { code: 'NOT_FOUND', message: 'Extension 101 does not exist' })]);
    expect(p.phone().registration).toBe('no-such-extension');
    p.observe([registered(true)], [status('own-extension', 'offline', { code: 'UNREACHABLE', message: 'x' })]);
    expect(p.phone().registration).toBe('unknown');
    expect(createOwnPhone({ extension: '', now: () => T }).phone().registration).toBe('not-set');
  });

  it('ends the session when the leg, once seen, is gone; not before it was seen', () => {
    const p = createOwnPhone({ extension: '900', now: () => T });
    p.startedMonitoring(call('c1'), 'listen');
    expect(p.phone()).toMatchObject({ monitoring: { callId: 'c1', mode: 'listen', legSeen: false }, busy: false });
    expect(p.observe([calls([call('c1')])], LIVE)).toBe(false); // no leg listed yet: nothing ends
    p.observe([calls([call('c1')], [leg('c1')])], LIVE);
    expect(p.phone()).toMatchObject({ monitoring: { legSeen: true }, busy: true, legs: [] });
    expect(p.observe([calls([call('c1')])], LIVE)).toBe(true);
    expect(p.phone()).toMatchObject({ monitoring: null, busy: false, ended: { callId: 'c1', mode: 'listen', agentName: 'Bùi Hữu Hạnh', reason: 'hung-up', at: T } });
  });

  it('ends the session when the call leaves the list or the phone unregisters', () => {
    const p = createOwnPhone({ extension: '900', now: () => T });
    p.startedMonitoring(call('c1'), 'barge');
    p.observe([calls([call('c2')])], LIVE);
    expect(p.phone()).toMatchObject({ monitoring: null, ended: { callId: 'c1', mode: 'barge', reason: 'call-ended' } });
    p.startedMonitoring(call('c2'), 'whisper');
    p.observe([calls([call('c2')]), registered(false)], LIVE);
    expect(p.phone()).toMatchObject({ monitoring: null, ended: { callId: 'c2', mode: 'whisper', reason: 'unregistered' } });
  });

  it('keeps the session while the calls source fails (its last good answer stands, checked once)', () => {
    const p = createOwnPhone({ extension: '900', now: () => T });
    const answer = calls([call('c1')], [leg('c1')]);
    p.observe([answer], LIVE);
    p.startedMonitoring(call('c1'), 'listen');
    p.observe([answer], [status('calls', 'offline'), status('own-extension', 'offline')]);
    expect(p.phone().monitoring).toMatchObject({ callId: 'c1' });
  });

  it("lists the phone's other legs (a call-back) and is busy with them", () => {
    let now = T;
    const p = createOwnPhone({ extension: '900', now: () => now });
    p.observe([calls([call('c1')], [leg('cb')])], LIVE);
    expect(p.phone()).toMatchObject({ legs: [{ callId: 'cb' }], busy: true, monitoring: null });
    p.hungUp();
    expect(p.phone()).toMatchObject({ legs: [], busy: false });
    // An answer already on its way when the console hung up still lists the leg: it stays hidden.
    p.observe([calls([call('c1')], [leg('cb')])], LIVE);
    expect(p.phone().legs).toEqual([]);
    // Should the PBX go on listing it (the hang-up did not work), it shows again after a few seconds.
    now += 6000;
    p.observe([calls([call('c1')], [leg('cb')])], LIVE);
    expect(p.phone().legs).toEqual([leg('cb')]);
  });
});
