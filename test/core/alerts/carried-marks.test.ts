// Marks carried between the floor hub's alerts and a console's own (core/alerts/carried-marks.ts): by the
// condition (rule and subject), only between active alerts, an ack never over one, a snooze only later.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../common/alerts';
import { marksToCarry, withCarried } from '../../../main/core/alerts/carried-marks';

const NOW = 1_700_000_000_000;
const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  id, ruleId: 'wait-60', kind: 'longest-wait', severity: 'severe', subject: { type: 'queue', id: 'q1', name: 'Sales' }, queueIds: ['q1'],
  figure: 75, threshold: 60, raisedAt: NOW - 1000, clearingSince: null, clearedAt: null, ack: null, snoozedUntil: null, ...over,
});
const ack = { by: 'demo (ext 900)', at: NOW - 500 };

describe('carried marks', () => {
  it('carries an ack and a later snooze to the alert of the same condition, and nothing else', () => {
    const floor = [alert('hub-1', { ack }), alert('hub-2', { subject: { type: 'queue', id: 'q2', name: 'Support' }, snoozedUntil: NOW + 60_000, snoozedBy: 'maria' })];
    const own = [alert('own-1'), alert('own-2', { subject: { type: 'queue', id: 'q2', name: 'Support' } }), alert('own-3', { ruleId: 'other' })];
    const carried = marksToCarry(floor, own, NOW);
    expect(carried.map((c) => [c.to.id, c.ack, c.snooze])).toEqual([
      ['own-1', ack, null],
      ['own-2', null, { until: NOW + 60_000, by: 'maria' }],
    ]);
    const shown = withCarried(own, carried);
    expect(shown.map((a) => [a.id, a.ack?.by ?? null, a.snoozedBy ?? null])).toEqual([['own-1', 'demo (ext 900)', null], ['own-2', null, 'maria'], ['own-3', null, null]]);
    // The alerts given are not changed.
    expect(own[0]!.ack).toBeNull();
  });

  it('keeps an alert\'s own ack, a later snooze, and carries nothing from or to a cleared alert or an ended snooze', () => {
    expect(marksToCarry([alert('h', { ack })], [alert('o', { ack: { by: 'lan', at: NOW } })], NOW)).toEqual([]);
    expect(marksToCarry([alert('h', { snoozedUntil: NOW + 1000 })], [alert('o', { snoozedUntil: NOW + 5000 })], NOW)).toEqual([]);
    expect(marksToCarry([alert('h', { snoozedUntil: NOW - 1 })], [alert('o')], NOW)).toEqual([]);
    expect(marksToCarry([alert('h', { ack, clearedAt: NOW - 10 })], [alert('o')], NOW)).toEqual([]);
    expect(marksToCarry([alert('h', { ack })], [alert('o', { clearedAt: NOW - 10 })], NOW)).toEqual([]);
  });
});
