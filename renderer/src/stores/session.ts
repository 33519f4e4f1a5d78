// The session, the host's facts and the console settings: what the connect screen and the status bar show.
// Subscriptions to the bridge live as long as the store and end with its scope.
import { defineStore } from 'pinia';
import { computed, onScopeDispose, shallowRef } from 'vue';
import type { AppInfo, ConnectRequest } from '../../../common/contract';
import type { AppError, Capability, SessionStatus } from '../../../common/domain';
import { defaultSettings, type ConsoleSettings, type SettingsPatch } from '../../../common/settings';
import { getBridge } from '../bridge';

const NO_SESSION: SessionStatus = {
  state: 'disconnected',
  system: null,
  apiHost: null,
  user: null,
  ownExtension: null,
  demo: false,
  capabilities: [],
  error: null,
};

export const useSessionStore = defineStore('session', () => {
  const bridge = getBridge();
  const session = shallowRef<SessionStatus>(NO_SESSION);
  const appInfo = shallowRef<AppInfo | null>(null);
  const settings = shallowRef<ConsoleSettings>(defaultSettings());
  /** The last failed connect attempt's error (the session's own error is shown too). */
  const connectError = shallowRef<AppError | null>(null);
  const busy = shallowRef(false);
  const loaded = shallowRef(false);

  const capabilities = computed(() => new Set<Capability>(session.value.capabilities));
  const connected = computed(() => session.value.state === 'connected');

  const unsubscribe = [
    bridge.onSession((s) => {
      session.value = s;
      // A later attempt (the core retrying a PBX in trouble) has the newer word: the session's own error.
      if (!busy.value) connectError.value = null;
    }),
    bridge.onSettings((s) => {
      settings.value = s;
      void refreshAppInfo(); // e.g. which global shortcuts the OS accepted after a change
    }),
  ];

  async function refreshAppInfo(): Promise<void> {
    const info = await bridge.getAppInfo();
    if (info.ok) appInfo.value = info.data;
  }
  onScopeDispose(() => unsubscribe.forEach((off) => off()));

  async function load(): Promise<void> {
    const [s, info, set] = await Promise.all([bridge.getSession(), bridge.getAppInfo(), bridge.getSettings()]);
    if (s.ok) session.value = s.data;
    if (info.ok) appInfo.value = info.data;
    if (set.ok) settings.value = set.data;
    loaded.value = true;
  }

  async function settle(run: () => ReturnType<typeof bridge.connectDemo>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    connectError.value = null;
    try {
      const r = await run();
      if (r.ok) {
        session.value = r.data;
        if (r.data.error) connectError.value = r.data.error;
        return r.data.state === 'connected';
      }
      connectError.value = r.error;
      return false;
    } finally {
      busy.value = false;
    }
  }

  const connect = (request: ConnectRequest) => settle(() => bridge.connect(request));
  const connectDemo = () => settle(() => bridge.connectDemo());

  async function disconnect(): Promise<void> {
    const r = await bridge.disconnect();
    if (r.ok) session.value = r.data;
  }

  /** Persist a settings change; the answer (or a later 'settings:changed') is the truth, a refusal undoes it. */
  async function updateSettings(patch: SettingsPatch): Promise<AppError | null> {
    const before = settings.value;
    settings.value = { ...before, ...patch }; // show the choice at once (theme, language)
    const r = await bridge.updateSettings(patch);
    settings.value = r.ok ? r.data : before;
    return r.ok ? null : r.error;
  }

  return { session, appInfo, settings, connectError, busy, loaded, capabilities, connected, load, connect, connectDemo, disconnect, updateSettings };
});
