// Where the renderer's bridge comes from: the preload's `window.floorwatch` in Electron, else the web
// host's WebSocket client (created once per page).
import { API_GLOBAL, type FloorwatchApi } from '../../../common/contract';
import { createWebSocketApi } from './web-socket-api';

let webSocketApi: FloorwatchApi | null = null;

export function getBridge(): FloorwatchApi {
  const exposed = (window as unknown as Record<string, FloorwatchApi | undefined>)[API_GLOBAL];
  if (exposed) return exposed;
  webSocketApi ??= createWebSocketApi();
  return webSocketApi;
}
