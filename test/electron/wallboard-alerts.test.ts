// The desktop shell's part of issue 17, with vi.mock('electron'): the tray counts active unacknowledged
// alerts with the unhandled abandoned calls and opens the wallboard (in a window or kiosk); the wallboard's
// window is as locked down as the console's and may only read over IPC (an action answers FORBIDDEN and
// never reaches the core); a severe alert raises one native notification when raised, none for those
// already active at start, saying what tripped, about whom, the figure and the threshold in the user's
// language; the shell keeps the list from the core's change sets and reads it whole when one is missed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../common/alerts';
import * as electron from './electron-mock';
import { abandonedCall, createFakeCore } from './fake-core';

vi.mock('electron', () => import('./electron-mock'));
const { followCoreState } = await import('../../main/electron/core-state');
const { registerTray } = await import('../../main/electron/tray');
const { registerIpc } = await import('../../main/electron/ipc-bridge');
const { createWallboardWindow } = await import('../../main/electron/main-window');
const { registerNotifications, severeAlertText } = await import('../../main/electron/notifications');

const NOW = 1_700_000_000_000;
const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  id, ruleId: 'wait-60', kind: 'longest-wait', severity: 'warning', subject: { type: 'queue', id: 'q1', name: 'Sales' }, queueIds: ['q1'],
  figure: 75, threshold: 60, raisedAt: NOW - 1000, clearingSince: null, clearedAt: null, ack: null, snoozedUntil: null, ...over,
});

beforeEach(() => electron.reset());

describe('tray', () => {
  it('counts active unacknowledged alerts with the unhandled abandoned calls, and opens the wallboard', async () => {
    const core = createFakeCore();
    core.floor.abandoned = [abandonedCall(1)];
    const state = followCoreState(core);
    await state.refresh();
    const did: string[] = [];
    registerTray({
      core, state, systemLocale: () => 'en-US', showWindow: () => did.push('show'), quit: () => did.push('quit'),
      openWallboard: (kiosk) => did.push(kiosk ? 'kiosk' : 'window'), insecureSecrets: null, now: () => NOW,
    });
    const tray = electron.Tray.instances.at(-1)!;
    core.emit('alerts:changed', {
      seq: 1, reset: true, remove: [], forecasts: [],
      upsert: [alert('a1'), alert('a2', { ack: { by: 'maria', at: NOW } }), alert('a3', { snoozedUntil: NOW + 60_000 }), alert('a4', { severity: 'severe' })],
    });
    expect(tray.title).toBe('3');
    expect(tray.tooltip).toContain('2 active alerts');
    expect(tray.tooltip).toContain('1 abandoned call to handle');
    const item = (id: string) => tray.menu?.template.find((i) => i.id === id) as { click: () => void } | undefined;
    item('wallboard')?.click();
    item('wallboard-kiosk')?.click();
    expect(did).toEqual(['window', 'kiosk']);
  });
});

describe('the wallboard window', () => {
  it('is sandboxed like the console, opens on #view=wallboard, kiosk and full screen when asked', () => {
    const win = createWallboardWindow('/preload.cjs', true) as unknown as electron.BrowserWindow;
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(win.loadedUrl).toMatch(/^app:\/\/.*#view=wallboard$/);
    const windowed = createWallboardWindow('/preload.cjs', false) as unknown as electron.BrowserWindow;
    expect(windowed.options).toMatchObject({ kiosk: false, fullscreen: false });
  });

  it('may only read over IPC: an action answers FORBIDDEN and never reaches the core', async () => {
    const core = createFakeCore();
    const console_ = new electron.BrowserWindow({});
    const wall = new electron.BrowserWindow({});
    const off = registerIpc(core, () => console_ as never, { readOnlyWindow: () => wall as never });
    const call = (channel: string, payload: unknown, frame: unknown) => electron.ipcMain.handlers.get(channel)!({ senderFrame: frame }, payload);
    expect(await call('call:act', { callId: 'c1', action: 'barge' }, wall.webContents.mainFrame)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('alerts:ack', { id: 'a1' }, wall.webContents.mainFrame)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(core.calls.map((c) => c.channel)).toEqual([]);
    expect(await call('floor:get', undefined, wall.webContents.mainFrame)).toMatchObject({ ok: true });
    // The console window still acts.
    expect(await call('call:act', { callId: 'c1', action: 'barge' }, console_.webContents.mainFrame)).toMatchObject({ ok: true });
    // Events reach both windows.
    core.emit('alerts:changed', { seq: 1, reset: true, upsert: [], remove: [], forecasts: [] });
    expect(wall.webContents.sent.some((s) => s.channel === 'alerts:changed')).toBe(true);
    off();
  });
});

describe('severe alert notifications', () => {
  it('one per severe alert when raised, from change sets; none for warnings or for those active at start', async () => {
    const core = createFakeCore();
    const state = followCoreState(core);
    await state.refresh();
    core.emit('alerts:changed', { seq: 1, reset: true, upsert: [alert('old', { severity: 'severe' })], remove: [], forecasts: [] });
    const shown: string[] = [];
    const selected: unknown[] = [];
    const before = electron.Notification.instances.length;
    registerNotifications({ state, dataDir: mkdtempSync(join(tmpdir(), 'fw-notes-')), systemLocale: () => 'en-US', showWindow: () => shown.push('w'), select: (r) => selected.push(r), now: () => NOW });
    const raised = alert('new', { severity: 'severe', ruleId: 'wait-180', figure: 192, threshold: 180, subject: { type: 'queue', id: 'q2', name: 'Support' }, raisedAt: Date.UTC(2026, 11, 6, 14, 5) });
    core.emit('alerts:changed', { seq: 2, reset: false, upsert: [raised, alert('warn')], remove: [], forecasts: null });
    // Its figure moves: no second notice.
    core.emit('alerts:changed', { seq: 3, reset: false, upsert: [{ ...raised, figure: 200 }], remove: ['old'], forecasts: null });
    expect(state.get().alerts.map((a) => a.id).sort()).toEqual(['new', 'warn']);
    const fresh = electron.Notification.instances.slice(before);
    // What tripped, about whom, the figure and the threshold, since when (the zone is the machine's: only the shape).
    expect(fresh.map((n) => n.options.title)).toEqual(['Severe alert: Queue Support']);
    expect(fresh[0]!.options.body).toMatch(/^Longest wait 3:12, over 3:00 \(since \d\d:\d\d\)$/);
    fresh[0]!.emit('click');
    expect(shown).toEqual(['w']);
    expect(selected).toEqual([]);
  });

  it('none when a floor hub\'s alert hands over to the console\'s own of the same condition (a fall-back and back), nor for one acknowledged', async () => {
    const core = createFakeCore();
    const state = followCoreState(core);
    await state.refresh();
    core.emit('alerts:changed', { seq: 1, reset: true, upsert: [], remove: [], forecasts: [] });
    const before = electron.Notification.instances.length;
    registerNotifications({ state, dataDir: mkdtempSync(join(tmpdir(), 'fw-notes-')), systemLocale: () => 'en-US', showWindow: () => undefined, select: () => undefined, now: () => NOW });
    const onHub = alert('hub-1', { severity: 'severe' });
    core.emit('alerts:changed', { seq: 2, reset: false, upsert: [onHub], remove: [], forecasts: null });
    // The fall-back: the console's own alert of that condition (another id) takes its place, not yet marked.
    core.emit('alerts:changed', { seq: 3, reset: false, upsert: [alert('own-1', { severity: 'severe', raisedAt: NOW - 900 })], remove: ['hub-1'], forecasts: null });
    // Back on the hub: the hub's again.
    core.emit('alerts:changed', { seq: 4, reset: false, upsert: [onHub], remove: ['own-1'], forecasts: null });
    // A new condition raised already acknowledged (carried from another list): no notice either.
    core.emit('alerts:changed', { seq: 5, reset: false, upsert: [alert('hub-2', { severity: 'severe', subject: { type: 'queue', id: 'q2', name: 'Support' }, ack: { by: 'maria', at: NOW } })], remove: [], forecasts: null });
    // A condition raised anew after it cleared is news again.
    core.emit('alerts:changed', { seq: 6, reset: false, upsert: [], remove: ['hub-1'], forecasts: null });
    core.emit('alerts:changed', { seq: 7, reset: false, upsert: [alert('hub-3', { severity: 'severe' })], remove: [], forecasts: null });
    expect(electron.Notification.instances.slice(before).map((n) => n.options.title)).toEqual(['Severe alert: Queue Sales', 'Severe alert: Queue Sales']);
  });

  it('a missed change makes the shell read the whole list again', async () => {
    const core = createFakeCore();
    const state = followCoreState(core);
    await state.refresh();
    core.emit('alerts:changed', { seq: 1, reset: true, upsert: [alert('a')], remove: [], forecasts: [] });
    core.emit('alerts:changed', { seq: 5, reset: false, upsert: [alert('b')], remove: [], forecasts: null });
    // The fake core's alerts:get answers an empty list at seq 0: the shell took it rather than guess.
    await vi.waitFor(() => expect(state.get().alerts).toEqual([]));
    expect(core.calls.filter((c) => c.channel === 'alerts:get').length).toBeGreaterThanOrEqual(2);
  });
});

describe('severe alert text', () => {
  const at = Date.UTC(2026, 11, 6, 7, 5);
  it.each([
    ['en', 'Severe alert: Agent Lan', 'Paused 22 min (TRAINING), over 15 min'],
    ['vi', 'Cảnh báo nghiêm trọng: Nhân viên Lan', 'Tạm nghỉ 22 phút (TRAINING), vượt 15 phút'],
    ['pt-BR', 'Alerta grave: Agente Lan', 'Em pausa há 22 min (TRAINING), acima de 15 min'],
  ] as const)('says what tripped, about whom, the figure and the threshold in %s', (locale, title, body) => {
    const a = alert('p', { kind: 'agent-paused', severity: 'severe', subject: { type: 'agent', id: '7', name: 'Lan' }, figure: 22, threshold: 15, detail: 'TRAINING', raisedAt: at });
    const text = severeAlertText(a, locale);
    expect(text.title).toBe(title);
    expect(text.body.startsWith(body)).toBe(true);
  });

  it('names a rule\'s overflow as "N more agents" with the first names, and the predicted breach in its own words', () => {
    const group = alert('g', { kind: 'agent-on-call', severity: 'severe', subject: { type: 'agents', id: 'call-20', name: 'Lan, Minh, Hoa' }, figure: 212, threshold: 20, raisedAt: at });
    expect(severeAlertText(group, 'en')).toMatchObject({ title: 'Severe alert: 212 more agents' });
    expect(severeAlertText(group, 'en').body).toMatch(/^212 more agents on one call over 20 min: Lan, Minh, Hoa…/);
    expect(severeAlertText(group, 'vi').title).toBe('Cảnh báo nghiêm trọng: 212 nhân viên khác');
    const predicted = alert('b', { kind: 'predicted-breach', severity: 'severe', figure: 61.5, threshold: 80, inMin: 9, raisedAt: at });
    expect(severeAlertText(predicted, 'pt-BR').body).toMatch(/^O nível de serviço vai cair abaixo da meta 80 % em cerca de 9 min \(próximos 15 min: 61,5 %\)/);
  });
});
