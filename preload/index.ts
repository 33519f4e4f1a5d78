// The sandboxed preload: exposes window.floorwatch, an API generated from the bridge contract. Each invoke
// channel becomes its intent-named function, each event channel an `onX(listener)` that returns its own
// unsubscribe. No raw ipcRenderer, no generic send: the renderer can reach exactly the contract's channels.
// Only 'electron' is required at runtime (the build inlines the rest into one CJS file).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_GLOBAL, eventChannels, invokeFunctions } from '../common/channels';
import type { FloorwatchApi } from '../common/contract';

type IpcLike = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

function buildApi(ipc: IpcLike): FloorwatchApi {
  const api: Record<string, unknown> = {};
  for (const [channel, fn] of Object.entries(invokeFunctions)) {
    // Main validates the payload; only the one argument crosses, never the caller's extra arguments.
    api[fn] = (request?: unknown) => ipc.invoke(channel, request);
  }
  for (const [channel, { fn }] of Object.entries(eventChannels)) {
    api[fn] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${fn} needs a listener function`);
      // The renderer never sees the IpcRendererEvent (it carries sender details and ports).
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipc.on(channel, wrapped);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(channel, wrapped);
      };
    };
  }
  return Object.freeze(api) as FloorwatchApi;
}

contextBridge.exposeInMainWorld(API_GLOBAL, buildApi(ipcRenderer));
