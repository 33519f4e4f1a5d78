// Abandoned-call notifications: one per call, never repeated (also after a restart with the same userData),
// click shows the window and selects the call, mute and "off" respected, bursts grouped, localised text.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatTime } from '../../common/format';
import type { SelectRequest } from '../../common/contract';
import * as electron from './electron-mock';
import { abandonedCall, createFakeCore, type FakeCore, wholeAbandoned } from './fake-core';

vi.mock('electron', () => import('./electron-mock'));
const { followCoreState } = await import('../../main/electron/core-state');
const { BURST_WINDOW_MS, NOTIFIED_LOG_FILE, announcementText, caughtUpText, registerNotifications } = await import('../../main/electron/notifications');

const NOW = 1_700_000_100_000;

async function start(core: FakeCore, dataDir: string, locale = 'en-US') {
  const state = followCoreState(core);
  await state.refresh();
  const shown: string[] = [];
  const selected: SelectRequest[] = [];
  const off = registerNotifications({
    state,
    dataDir,
    systemLocale: () => locale,
    showWindow: () => shown.push('window'),
    select: (r) => selected.push(r),
    now: () => NOW,
  });
  return { state, shown, selected, off };
}

const titles = () => electron.Notification.instances.map((n) => n.options.title);

beforeEach(() => {
  electron.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('abandoned-call notifications', () => {
  it('shows one notification per call with queue, number and wait, and never the same call twice', async () => {
    const core = createFakeCore();
    const dir = mkdtempSync(join(tmpdir(), 'fw-notify-'));
    await start(core, dir);
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(1)]));
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(1)]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(2, { queueName: 'Support', queueId: 'q2', waitedSec: 5 }), abandonedCall(1)]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    expect(electron.Notification.instances.map((n) => n.options)).toEqual([
      { title: 'Abandoned call in Sales', body: expect.stringMatching(/^0900000001 hung up after waiting 1:23 \(at \d\d:\d\d/) },
      { title: 'Abandoned call in Support', body: expect.stringMatching(/^0900000002 hung up after waiting 0:05/) },
    ]);
    expect(electron.Notification.instances.every((n) => n.shown)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, NOTIFIED_LOG_FILE), 'utf8'))).toEqual([abandonedCall(1).id, abandonedCall(2).id]);
  });

  it('announces only the callers of my queues while scoped to them', async () => {
    const core = createFakeCore();
    core.settings = { ...core.settings, queueFilter: ['q2'], queueScope: 'mine' };
    await start(core, mkdtempSync(join(tmpdir(), 'fw-notify-')));
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(1), abandonedCall(2, { queueName: 'Support', queueId: 'q2' })]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    expect(titles()).toEqual(['Abandoned call in Support']);
  });

  it('does not repeat after a restart that replays the journal (same userData)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-notify-'));
    const first = createFakeCore();
    const a = await start(first, dir);
    first.emit('abandoned:changed', wholeAbandoned([abandonedCall(1), abandonedCall(2)]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    a.off();
    expect(electron.Notification.instances).toHaveLength(2);

    const second = createFakeCore();
    second.floor.abandoned = [abandonedCall(2), abandonedCall(1)];
    await start(second, dir);
    second.emit('abandoned:changed', wholeAbandoned([abandonedCall(3), abandonedCall(2), abandonedCall(1)]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    expect(titles()).toHaveLength(3);
    expect(electron.Notification.instances[2]?.options.body).toContain('0900000003');
  });

  it('skips calls already handled', async () => {
    const core = createFakeCore();
    await start(core, mkdtempSync(join(tmpdir(), 'fw-notify-')));
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(1, { handled: true, handledAt: NOW })]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    expect(electron.Notification.instances).toHaveLength(0);
  });

  it('a click shows the window and selects the call', async () => {
    const core = createFakeCore();
    const s = await start(core, mkdtempSync(join(tmpdir(), 'fw-notify-')));
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(7)]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    electron.Notification.instances[0]?.emit('click');
    expect(s.shown).toEqual(['window']);
    expect(s.selected).toEqual([{ panel: 'abandoned', id: abandonedCall(7).id }]);
  });

  it('respects mute and "off", and does not replay the muted calls on unmute', async () => {
    const core = createFakeCore();
    core.settings = { ...core.settings, notifications: { enabled: true, muteUntil: NOW + 60_000 } };
    await start(core, mkdtempSync(join(tmpdir(), 'fw-notify-')));
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(1)]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    expect(electron.Notification.instances).toHaveLength(0);

    core.emit('settings:changed', { ...core.settings, notifications: { enabled: false, muteUntil: null } });
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(2), abandonedCall(1)]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    expect(electron.Notification.instances).toHaveLength(0);

    core.emit('settings:changed', { ...core.settings, notifications: { enabled: true, muteUntil: NOW - 1 } });
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(3), abandonedCall(2), abandonedCall(1)]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    expect(electron.Notification.instances).toHaveLength(1);
    expect(electron.Notification.instances[0]?.options.body).toContain('0900000003');
  });

  it('groups more than 3 calls within 2 s in one queue into one notification, per queue', async () => {
    const core = createFakeCore();
    const s = await start(core, mkdtempSync(join(tmpdir(), 'fw-notify-')));
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(1), abandonedCall(2)]));
    vi.advanceTimersByTime(500);
    const list = [1, 2, 3, 4, 5].map((n) => abandonedCall(n));
    const support = [6, 7].map((n) => abandonedCall(n, { queueId: 'q2', queueName: 'Support' }));
    core.emit('abandoned:changed', wholeAbandoned([...list, ...support]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    expect(titles().sort()).toEqual(['5 calls abandoned in Sales', 'Abandoned call in Support', 'Abandoned call in Support']);
    const burst = electron.Notification.instances.find((n) => n.options.title.startsWith('5'));
    expect(burst?.options.body).toBe('0900000001, 0900000002, 0900000003, 0900000004 and 1 more');
    burst?.emit('click');
    expect(s.selected).toEqual([{ panel: 'abandoned', id: abandonedCall(5).id }]);
  });

  it('speaks the locale of the settings, or of the OS when set to auto', async () => {
    const core = createFakeCore();
    await start(core, mkdtempSync(join(tmpdir(), 'fw-notify-')), 'vi-VN');
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(1)]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    core.emit('settings:changed', { ...core.settings, locale: 'pt-BR' });
    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(2), abandonedCall(1)]));
    vi.advanceTimersByTime(BURST_WINDOW_MS);
    expect(titles()).toEqual(['Cuộc gọi nhỡ trong Sales', 'Chamada abandonada em Sales']);
  });
});

describe('notification text', () => {
  it('says the time as the console shows it (24-hour) in every language', () => {
    const call = abandonedCall(1, { abandonedAt: new Date(2026, 10, 24, 14, 5).getTime(), waitedSec: 83 });
    const body = (locale: 'en' | 'vi' | 'pt-BR') => announcementText({ kind: 'single', call }, locale).body;
    expect(body('en')).toBe('0900000001 hung up after waiting 1:23 (at 14:05)');
    expect(body('vi')).toBe('0900000001 đã gác máy sau 1:23 chờ (lúc 14:05)');
    expect(body('pt-BR')).toBe('0900000001 desligou após esperar 1:23 (às 14:05)');
    expect(formatTime('en', call.abandonedAt)).toBe('14:05');
  });
});

describe('catch-up summary (issue 16)', () => {
  it('names N for two or more calls and the caller for one, in each language', () => {
    const a = abandonedCall(1, { id: 'cdr:1', number: '0901000001', abandonedAt: 1000, whileAway: true });
    const b = abandonedCall(2, { id: 'cdr:2', number: '0901000002', abandonedAt: 2000, whileAway: true });
    expect(caughtUpText([a, b], 'en')).toMatchObject({ title: '2 calls abandoned while Floorwatch was away', selectId: 'cdr:2' });
    expect(caughtUpText([a, b], 'en')?.body).toContain('0901000001, 0901000002');
    expect(caughtUpText([a], 'en')?.title).toBe('0901000001 abandoned while Floorwatch was away');
    expect(caughtUpText([a, b], 'vi')?.title).toBe('2 cuộc gọi nhỡ khi Floorwatch vắng mặt');
    expect(caughtUpText([a, b], 'pt-BR')?.title).toContain('2 chamadas abandonadas');
    expect(caughtUpText([], 'en')).toBeNull();
  });
});
