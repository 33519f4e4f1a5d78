// The preload exposes exactly the contract's functions on window.floorwatch, invoking only contract
// channels; each subscription's unsubscribe removes exactly its own listener.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_GLOBAL, eventChannels, invokeChannels, type FloorwatchApi } from '../../common/contract';
import * as electron from '../electron/electron-mock';

vi.mock('electron', () => import('../electron/electron-mock'));

let api: FloorwatchApi;
beforeAll(async () => {
  electron.reset();
  await import('../../preload/index');
  api = electron.contextBridge.exposed.get(API_GLOBAL) as FloorwatchApi;
});

describe('preload', () => {
  it('exposes one object under API_GLOBAL with exactly the contract functions, frozen', () => {
    expect([...electron.contextBridge.exposed.keys()]).toEqual([API_GLOBAL]);
    const expected = [...Object.values(invokeChannels), ...Object.values(eventChannels)].map((d) => d.fn).sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(Object.values(api).every((f) => typeof f === 'function')).toBe(true);
    expect(Object.isFrozen(api)).toBe(true);
    expect(api).not.toHaveProperty('send');
    expect(api).not.toHaveProperty('invoke');
  });

  it('each invoke function calls its own channel with just the one request argument', async () => {
    for (const [channel, { fn }] of Object.entries(invokeChannels)) {
      electron.ipcRenderer.invoked.length = 0;
      const f = (api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[fn];
      await expect(f?.({ probe: fn }, 'extra-argument')).resolves.toEqual({ ok: true, data: channel });
      expect(electron.ipcRenderer.invoked).toEqual([{ channel, args: [{ probe: fn }] }]);
    }
  });

  it('subscriptions deliver the payload without the IPC event, and unsubscribe removes only their listener', () => {
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = api.onSelect(first);
    api.onSelect(second);
    electron.ipcRenderer.emit('ui:select', { sender: 'secret' }, { panel: 'calls', id: 'c1' });
    expect(first).toHaveBeenCalledWith({ panel: 'calls', id: 'c1' });
    expect(first.mock.calls[0]).toHaveLength(1);
    offFirst();
    offFirst(); // a second call must not remove the other listener
    electron.ipcRenderer.emit('ui:select', {}, { panel: 'calls', id: 'c2' });
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
    expect(electron.ipcRenderer.listenerCount('ui:select')).toBe(1);
  });

  it('every event function subscribes to its own channel', () => {
    for (const [channel, { fn }] of Object.entries(eventChannels)) {
      const before = electron.ipcRenderer.listenerCount(channel);
      const off = (api as unknown as Record<string, (l: () => void) => () => void>)[fn]?.(() => {});
      expect(electron.ipcRenderer.listenerCount(channel), channel).toBe(before + 1);
      off?.();
      expect(electron.ipcRenderer.listenerCount(channel), channel).toBe(before);
    }
    expect(() => api.onSession('nope' as never)).toThrow(TypeError);
  });
});
