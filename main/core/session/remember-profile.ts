// After a connect to a real PBX: the connection's non-secret profile kept with the settings (resumed at the
// next start), a zone or own extension typed on the Connect screen made the settings', and the password or
// api_key kept in the secret store only when the supervisor asked to remember it (otherwise any kept is cleared).
import type { EventChannel, EventPayloads, RequestOf } from '../../../common/contract';
import type { ConsoleSettings } from '../../../common/settings';
import type { SecretStore } from '../host';
import type { SettingsService } from '../settings/settings-service';

interface RememberDeps {
  settings: SettingsService;
  secrets: SecretStore;
  emit: <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => void;
  log: (message: string) => void;
}

export async function rememberProfile(
  request: RequestOf<'session:connect'>, timezone: string, ownExtension: string, deps: RememberDeps,
): Promise<void> {
  const { settings, secrets } = deps;
  const patch: Partial<ConsoleSettings> = {};
  if (request.timezone !== undefined && request.timezone !== settings.get().timezone) patch.timezone = request.timezone;
  if (request.ownExtension !== undefined && request.ownExtension !== settings.get().ownExtension) patch.ownExtension = request.ownExtension;
  if (Object.keys(patch).length > 0) {
    const updated = settings.update(patch);
    if (updated.ok) deps.emit('settings:changed', updated.data);
  }
  settings.setProfile({
    system: request.system, apiHost: request.apiHost, username: request.username ?? null, timezone, ownExtension,
    authMode: request.apiKey !== undefined ? 'apiKey' : 'password',
  });
  try {
    if (request.remember) {
      await secrets.clear();
      if (request.apiKey !== undefined) await secrets.set('apiKey', request.apiKey);
      else await secrets.set('password', request.password as string);
    } else {
      await secrets.clear();
    }
  } catch (e) {
    deps.log(`secret store: ${(e as Error).message}`);
  }
}
