// Global shortcuts (registration, failure named by accelerator, the held-key guard, re-registration on a
// settings change) and the tray (health icon, unhandled count, mute menu, quit).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { formatTime } from '../../common/format';
import type { BridgeResult } from '../../common/contract';
import type { Selection } from '../../main/core/create-core';
import type { ShortcutProblem } from '../../main/electron/global-shortcuts';
import type { InsecureSecretsChoice } from '../../main/electron/tray';
import * as electron from './electron-mock';
import { abandonedCall, createFakeCore, type FakeCore, wholeAbandoned } from './fake-core';

vi.mock('electron', () => import('./electron-mock'));
const { followCoreState } = await import('../../main/electron/core-state');
const { createRepeatGuard, registerShortcuts } = await import('../../main/electron/global-shortcuts');
const { floorHealth, registerTray, HEALTH_COLOURS } = await import('../../main/electron/tray');

beforeEach(() => electron.reset());

async function startShortcuts(core: FakeCore, selection: Selection | null, clock = { t: 0 }) {
  const state = followCoreState(core);
  await state.refresh();
  const notes: { title: string; body: string }[] = [];
  const problems: ShortcutProblem[][] = [];
  const shown: number[] = [];
  const off = registerShortcuts({
    core,
    state,
    getSelection: () => selection,
    showWindow: () => shown.push(1),
    notify: (title, body) => notes.push({ title, body }),
    onProblems: (p) => problems.push(p),
    systemLocale: () => 'en-US',
    now: () => clock.t,
  });
  return { notes, problems, shown, off };
}

const callActs = (core: FakeCore) => core.calls.filter((c) => c.channel === 'call:act');

describe('global shortcuts', () => {
  it('registers the four default accelerators and acts on the selected call', async () => {
    const core = createFakeCore();
    const s = await startShortcuts(core, { panel: 'calls', id: 'call-9' });
    expect([...electron.globalShortcut.registered.keys()].sort()).toEqual(
      ['CommandOrControl+Alt+B', 'CommandOrControl+Alt+F', 'CommandOrControl+Alt+L', 'CommandOrControl+Alt+W'],
    );
    expect(s.problems).toEqual([[]]);
    electron.globalShortcut.press('CommandOrControl+Alt+L');
    expect(callActs(core)).toEqual([{ channel: 'call:act', payload: { callId: 'call-9', action: 'listen' }, origin: 'global-shortcut' }]);
    electron.globalShortcut.press('CommandOrControl+Alt+F');
    expect(s.shown).toEqual([1]);
  });

  it('says so when no call is selected, and does nothing', async () => {
    for (const selection of [null, { panel: 'agents', id: 'a1' } as const, { panel: 'calls', id: null } as const]) {
      electron.reset();
      const core = createFakeCore();
      const s = await startShortcuts(core, selection);
      electron.globalShortcut.press('CommandOrControl+Alt+B');
      expect(callActs(core)).toEqual([]);
      expect(s.notes).toEqual([{ title: 'No call selected', body: expect.stringContaining('barge') }]);
    }
  });

  it('names the accelerator that could not be registered (taken or invalid)', async () => {
    const core = createFakeCore();
    electron.globalShortcut.taken.add('CommandOrControl+Alt+W');
    core.settings = { ...core.settings, shortcuts: { ...core.settings.shortcuts, listen: 'Ctrl+Nope Key' } };
    const s = await startShortcuts(core, null);
    expect(s.problems).toEqual([[{ action: 'listen', accelerator: 'Ctrl+Nope Key' }, { action: 'whisper', accelerator: 'CommandOrControl+Alt+W' }]]);
    expect(s.notes.map((n) => n.body)).toEqual([
      expect.stringContaining('Ctrl+Nope Key (listen)'),
      expect.stringContaining('CommandOrControl+Alt+W (whisper)'),
    ]);
    expect([...electron.globalShortcut.registered.keys()].sort()).toEqual(['CommandOrControl+Alt+B', 'CommandOrControl+Alt+F']);
  });

  it('re-registers when the shortcuts change, releasing the old ones', async () => {
    const core = createFakeCore();
    const s = await startShortcuts(core, { panel: 'calls', id: 'c1' });
    await core.invoke('settings:update', { shortcuts: { ...core.settings.shortcuts, barge: 'F9', whisper: '' } });
    expect([...electron.globalShortcut.registered.keys()].sort()).toEqual(['CommandOrControl+Alt+F', 'CommandOrControl+Alt+L', 'F9']);
    await core.invoke('settings:update', { theme: 'dark' }); // unrelated change: no re-registration
    expect(s.problems).toHaveLength(2);
    s.off();
    expect(electron.globalShortcut.registered.size).toBe(0);
  });

  it('a held key (30 presses in 1 s) sends one action, and a later press sends the next', async () => {
    const core = createFakeCore();
    let finish: (r: BridgeResult<unknown>) => void = () => {};
    core.actResult = () => new Promise((resolve) => (finish = resolve));
    const clock = { t: 0 };
    await startShortcuts(core, { panel: 'calls', id: 'c1' }, clock);
    for (let i = 0; i < 30; i++) {
      clock.t = i * 33;
      electron.globalShortcut.press('CommandOrControl+Alt+B');
      if (i === 10) finish({ ok: true, data: null }); // the action completes while the key is still held
      await Promise.resolve();
    }
    expect(callActs(core)).toHaveLength(1);
    await new Promise((r) => setImmediate(r));
    clock.t = 33 * 29 + 1000;
    electron.globalShortcut.press('CommandOrControl+Alt+B');
    expect(callActs(core)).toHaveLength(2);
  });

  it('the guard refuses while in flight even after a quiet gap', () => {
    let t = 0;
    const guard = createRepeatGuard(600, () => t);
    expect(guard.tryPress()).toBe(true);
    t = 5000;
    expect(guard.tryPress()).toBe(false);
    guard.done();
    t = 5100;
    expect(guard.tryPress()).toBe(false); // still inside the quiet period of the refused press
    t = 5700;
    expect(guard.tryPress()).toBe(true);
  });
});

describe('tray', () => {
  async function startTray(core: FakeCore, now = 1_000_000, insecureSecrets: InsecureSecretsChoice | null = null) {
    const state = followCoreState(core);
    await state.refresh();
    const did: string[] = [];
    registerTray({
      core, state, systemLocale: () => 'en-US', showWindow: () => did.push('show'), quit: () => did.push('quit'),
      openWallboard: (kiosk) => did.push(kiosk ? 'wallboard-kiosk' : 'wallboard'), insecureSecrets, now: () => now,
    });
    const tray = electron.Tray.instances[0];
    if (!tray) throw new Error('no tray');
    const item = (id: string) => tray.menu?.template.find((i) => i.id === id) as { label: string; enabled?: boolean; click: () => void } | undefined;
    return { tray, did, item };
  }
  /** An icon is identified by its 16 px PNG bytes. */
  const iconBytes = (image: unknown) => (image as { representations: { buffer: Buffer }[] }).representations[0]?.buffer.toString('base64');

  it('health: live, stale and offline from the session and sources', () => {
    const live = { id: 'calls', state: 'live', lastGoodAt: 0, lastError: null, failures: 0 } as const;
    const connected = createFakeCore().session;
    expect(floorHealth(connected, [live])).toBe('live');
    expect(floorHealth(connected, [live, { ...live, state: 'stale' }])).toBe('stale');
    expect(floorHealth(connected, [{ ...live, state: 'offline' }])).toBe('offline');
    expect(floorHealth({ ...connected, state: 'disconnected' }, [live])).toBe('offline');
    expect(floorHealth(null, [])).toBe('offline');
    expect(Object.keys(HEALTH_COLOURS)).toEqual(['live', 'stale', 'offline']);
  });

  it('shows health as three different icons and the unhandled count in tooltip and title', async () => {
    const core = createFakeCore();
    const { tray } = await startTray(core);
    const liveIcon = iconBytes(tray.image);
    expect(tray.tooltip).toBe('Floorwatch: Live');
    core.emit('sources:changed', [{ id: 'calls', state: 'stale', lastGoodAt: 0, lastError: null, failures: 1 }]);
    const staleIcon = iconBytes(tray.image);
    core.emit('session:changed', { ...core.session, state: 'disconnected' });
    const offlineIcon = iconBytes(tray.image);
    expect(new Set([liveIcon, staleIcon, offlineIcon]).size).toBe(3);
    expect((tray.image as { representations: { scaleFactor: number }[] }).representations.map((r) => r.scaleFactor)).toEqual([1, 2]);

    core.emit('abandoned:changed', wholeAbandoned([abandonedCall(1), abandonedCall(2), abandonedCall(3, { handled: true })]));
    expect(tray.tooltip).toBe('Floorwatch: Offline\n2 abandoned calls to handle');
    expect(tray.title).toBe('2');
  });

  it('menu: status line, show, mute 15 min / 1 h, unmute, quit', async () => {
    const core = createFakeCore();
    const now = 1_000_000;
    const { item, did, tray } = await startTray(core, now);
    expect(item('status')).toMatchObject({ label: 'Live: http://127.0.0.1:9', enabled: false });
    expect(item('unmute')?.enabled).toBe(false);
    item('mute-15')?.click();
    await Promise.resolve();
    expect(core.calls.at(-1)).toEqual({ channel: 'settings:update', payload: { notifications: { enabled: true, muteUntil: now + 15 * 60_000 } }, origin: 'tray' });
    expect(item('unmute')?.enabled).toBe(true);
    // The console's clock (24-hour), not "12:16 AM".
    expect(item('muted')?.label).toBe(`Notifications muted until ${formatTime('en', now + 15 * 60_000)}`);
    expect(item('muted')?.label).toMatch(/until \d{2}:\d{2}$/);
    item('mute-60')?.click();
    expect(core.calls.at(-1)?.payload).toEqual({ notifications: { enabled: true, muteUntil: now + 60 * 60_000 } });
    item('unmute')?.click();
    expect(core.calls.at(-1)?.payload).toEqual({ notifications: { enabled: true, muteUntil: null } });
    item('show')?.click();
    tray.emit('click');
    item('quit')?.click();
    expect(did).toEqual(['show', 'show', 'quit']);
  });

  it('offers the "remember without a keyring" choice only where secrets cannot be encrypted', async () => {
    const plain = await startTray(createFakeCore());
    expect(plain.item('insecure-secrets')).toBeUndefined();
    electron.reset();
    let allowed = false;
    const core = createFakeCore();
    const { item } = await startTray(core, 1_000_000, { allowed: () => allowed, set: (v) => (allowed = v) });
    expect(item('insecure-secrets')).toMatchObject({ type: 'checkbox', checked: false, label: expect.stringContaining('not encrypted') });
    item('insecure-secrets')?.click();
    expect(allowed).toBe(true);
  });
});
