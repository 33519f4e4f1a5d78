// "My queues" in the desktop shell: the tray's count of callers to call back follows the same scope as the
// window title (common/queue-scope.ts), and "All" counts the whole floor again.
import { describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../common/settings';
import { abandonedCall } from './fake-core';

vi.mock('electron', () => import('./electron-mock'));
const { unhandledCount } = await import('../../main/electron/tray');

describe('tray count under a queue scope', () => {
  const calls = [abandonedCall(1), abandonedCall(2, { queueId: 'q2' }), abandonedCall(3, { queueId: 'q2', handled: true })];

  it('counts my queues only, and the whole floor under All or with no queue chosen', () => {
    const mine = { ...defaultSettings(), queueFilter: ['q2'], queueScope: 'mine' as const };
    expect(unhandledCount(calls, mine)).toBe(1);
    expect(unhandledCount(calls, { ...mine, queueScope: 'all' })).toBe(2);
    expect(unhandledCount(calls, defaultSettings())).toBe(2);
  });
});
