// Alerts in the Activity view's rows (issue 17): what tripped, about whom, who acknowledged it and whether
// it cleared, under the one 'alert' kind of the filter.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts';
import { filterActivity, fromAlert } from '../../renderer/src/lib/activity';

const alert: Alert = {
  id: 'wait-60|queue|q1:1', ruleId: 'wait-60', kind: 'longest-wait', severity: 'severe', subject: { type: 'queue', id: 'q1', name: 'Sales' },
  queueIds: ['q1'], figure: 75, threshold: 60, raisedAt: Date.UTC(2026, 11, 6, 8, 0), clearingSince: null,
  clearedAt: Date.UTC(2026, 11, 6, 8, 30), ack: { by: 'maria', at: Date.UTC(2026, 11, 6, 8, 5) }, snoozedUntil: null,
};

describe('alerts as activity rows', () => {
  it('says what tripped, about whom, who acknowledged it and that it cleared', () => {
    const e = fromAlert(alert);
    expect(e).toMatchObject({ source: 'alert', kind: 'alert', at: alert.raisedAt, ok: null, by: 'maria' });
    expect(e.who).toContain('Queue Sales');
    expect(e.who).toContain('Longest wait 1:15, over 1:00');
    expect(e.result).toMatch(/Acknowledged by maria at \d\d:\d\d · cleared at \d\d:\d\d/);
    expect(filterActivity([e], { text: 'sales', kind: 'alert', result: 'all' })).toHaveLength(1);
    expect(filterActivity([e], { text: '', kind: 'alert', result: 'ok' })).toHaveLength(0);
  });
});
