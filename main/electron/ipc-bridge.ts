// The ipcMain side of the bridge: one handler per contract channel, generated from `invokeChannels`, each
// checking who sent it (the main window's top frame on app://) and validating the payload before the core
// sees it. Answers are BridgeResults; nothing thrown crosses the bridge. Core events go to that window, and
// to the wallboard's window when one is open (it may only read: READ_ONLY_CHANNELS, else FORBIDDEN).
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { READ_ONLY_CHANNELS, invokeChannels, validateRequest, type AppInfo, type BridgeResult, type InvokeChannel } from '../../common/contract';
import type { Core } from '../core/host';
import { isAppUrl } from './app-protocol';

type WindowRef = () => BrowserWindow | null;

interface IpcOptions {
  /** What only the shell knows, added to the core's app:info answer (refused global shortcuts). */
  decorateAppInfo?: (info: AppInfo) => AppInfo;
  /** The wallboard's window: it may read (READ_ONLY_CHANNELS), anything else answers FORBIDDEN. */
  readOnlyWindow?: WindowRef;
}

/** The sender is trusted only when it is the top frame of our live main window, showing our own origin. */
function isTrustedSender(frame: WebFrameMain | null | undefined, win: BrowserWindow | null): boolean {
  if (!frame || !win || win.isDestroyed()) return false;
  if (frame !== win.webContents.mainFrame) return false;
  return isAppUrl(frame.url);
}

async function handleInvoke(
  core: Core,
  getWindow: WindowRef,
  channel: InvokeChannel,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  payload: unknown,
  options: IpcOptions = {},
): Promise<BridgeResult<unknown>> {
  if (!isTrustedSender(event.senderFrame, getWindow())) {
    if (!isTrustedSender(event.senderFrame, options.readOnlyWindow?.() ?? null)) {
      return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: `Refused ${channel}: not sent by the console window` } };
    }
    if (!READ_ONLY_CHANNELS.has(channel)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: `Refused ${channel}: the wallboard can only read.` } };
    }
  }
  const valid = validateRequest(channel, payload);
  if (!valid.ok) return valid;
  try {
    const result = await core.invoke(channel, valid.request, 'renderer');
    if (channel === 'app:info' && result.ok && options.decorateAppInfo) {
      return { ok: true, data: options.decorateAppInfo(result.data as AppInfo) };
    }
    return result;
  } catch (err) {
    // The core promises not to throw; if it ever does, the renderer still gets an answer.
    return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
  }
}

/** Register every contract channel and forward core events; returns the undo (for tests and shutdown). */
export function registerIpc(core: Core, getWindow: WindowRef, options: IpcOptions = {}): () => void {
  const channels = Object.keys(invokeChannels) as InvokeChannel[];
  for (const channel of channels) {
    ipcMain.handle(channel, (event, payload: unknown) => handleInvoke(core, getWindow, channel, event, payload, options));
  }
  const unsubscribe = core.subscribe((channel, payload) => {
    for (const win of [getWindow(), options.readOnlyWindow?.() ?? null]) {
      if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
    }
  });
  return () => {
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
