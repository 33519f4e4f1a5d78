// The ipcMain side of the bridge: a handler for every contract channel, each refusing a foreign sender
// and a bad payload before the core hears of it; core events reach only the main window.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../../common/contract';
import * as electron from './electron-mock';
import { createFakeCore } from './fake-core';

vi.mock('electron', () => import('./electron-mock'));
const { registerIpc } = await import('../../main/electron/ipc-bridge');

/** A payload each channel's schema refuses. */
const badPayloads: Record<InvokeChannel, unknown> = {
  'session:get': { x: 1 },
  'session:connect': { system: 'tel4vn', apiHost: 'file:///etc/passwd', apiKey: 'k' },
  'session:demo': 'please',
  'session:disconnect': 1,
  'floor:get': [],
  'call:act': { callId: '../auth', action: 'barge' },
  'agent:pause': { agentId: 'a1', reasonId: '' },
  'agent:resume': { agentId: '' },
  'agent:logoff': {},
  'agent:pause-reasons': { agentId: 'a/b' },
  'agent:check-in': { agentId: 'a1', deviceId: 'x' },
  'agent:check-out': { agentId: 'a1', extra: true },
  'agent:set-queues': { agentId: 'a1', queueIds: ['x'] },
  'agent:wrap-up': { agentId: 'a1', seconds: -1 },
  'abandoned:call-back': { id: '' },
  'abandoned:mark-handled': {},
  'abandoned:unmark-handled': { ids: [] },
  'settings:get': null,
  'settings:update': { theme: 'neon' },
  'roster:get': { all: true },
  'roster:import': { csv: 5 },
  'audit:list': { limit: 0 },
  'app:info': { secrets: true },
  'ui:set-selection': { panel: 'elsewhere', id: 'x' },
  'alerts:get': { all: true },
  'alerts:history': 1,
  'alerts:ack': { id: '' },
  'alerts:snooze': { id: 'a', minutes: 10 },
  'phone:get': { ext: '900' },
  'phone:demo-hang-up': { ext: '900' },
  'wallboard:open': { kiosk: 'yes' },
  'extensions:list': { x: 1 },
  'today:get': { queueId: 5 },
  'today:agents': { all: true },
  'history:search': { from: 'yesterday', to: '2026-01-01', page: 1, pageSize: 50 },
  'history:record': { id: '../etc' },
  'history:recording': { id: 'a b' },
  'outbound:get': { all: true },
  'outbound:preview': { family: 'autocall', queueCode: 'Q 1', csv: 'id,mobiles' },
  'outbound:load': { queue: { family: 'autodialer', queueCode: 'Q1', campaignId: 'c', precallRatio: -1, maxRecallCount: 2, queueAgents: '' }, csv: 'x' },
  'outbound:cancel': { family: 'predictive', queueCode: 'Q1' },
  'outbound:resume': { family: 'autocall' },
  'outbound:act': { family: 'autocall', queueCode: 'Q1', action: 'pause' },
  'outbound:dnc-import': { family: 'autocall', queueCode: 'Q1', text: '' },
  'outbound:dnc-clear': { family: 'autocall', queueCode: '../Q1' },
  'outbound:forget': { family: 'autocall', queueCode: 'Q1', extra: 1 },
  'customers:names': { numbers: ['09x'] },
  'agent:login': { extension: '10a', campaignId: 'c' },
  'agent:user-status': { agentId: 'a/b' },
  'claims:get': { mine: true },
  'file:save-csv': { name: '../etc/passwd', text: 'x' },
  'hub:set-password': { password: '' },
};

function setup() {
  const core = createFakeCore();
  const win = new electron.BrowserWindow({});
  const off = registerIpc(core, () => win as never);
  const call = (channel: string, payload: unknown, frame: unknown = win.webContents.mainFrame) => {
    const handler = electron.ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ senderFrame: frame }, payload) as Promise<unknown>;
  };
  return { core, win, off, call };
}

beforeEach(() => electron.reset());

describe('ipc bridge', () => {
  it('registers exactly one handler per contract channel, and removes them on dispose', () => {
    const { off } = setup();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    off();
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('passes a valid request from the main window to the core, marked as from the renderer', async () => {
    const { core, call } = setup();
    await expect(call('call:act', { callId: 'abc-1', action: 'listen' })).resolves.toMatchObject({ ok: true });
    expect(core.calls).toEqual([{ channel: 'call:act', payload: { callId: 'abc-1', action: 'listen' }, origin: 'renderer' }]);
  });

  it.each(Object.keys(invokeChannels) as InvokeChannel[])('%s refuses a bad payload and foreign senders', async (channel) => {
    const { core, win, call } = setup();
    await expect(call(channel, badPayloads[channel])).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });

    const subframe = new electron.MockWebFrameMain('app://floorwatch/index.html');
    const foreignOrigin = win.webContents.mainFrame;
    for (const frame of [subframe, null, new electron.BrowserWindow({}).webContents.mainFrame]) {
      await expect(call(channel, undefined, frame)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    foreignOrigin.url = 'https://evil.example/';
    await expect(call(channel, undefined, foreignOrigin)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(core.calls).toEqual([]);
  });

  it('refuses everything once the window is destroyed', async () => {
    const { win, call } = setup();
    win.destroyed = true;
    await expect(call('floor:get', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('answers INTERNAL instead of throwing if the core throws', async () => {
    const { core, call } = setup();
    core.invoke = () => Promise.reject(new Error('boom'));
    await expect(call('floor:get', undefined)).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });

  it('forwards core events to the main window only, and stops after dispose', () => {
    const { core, win, off } = setup();
    const other = new electron.BrowserWindow({});
    core.emit('ui:select', { panel: 'calls', id: 'c1' });
    expect(win.webContents.sent).toEqual([{ channel: 'ui:select', payload: { panel: 'calls', id: 'c1' } }]);
    expect(other.webContents.sent).toEqual([]);
    off();
    core.emit('ui:select', { panel: 'calls', id: 'c2' });
    expect(win.webContents.sent).toHaveLength(1);
  });
});
