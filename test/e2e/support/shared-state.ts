// What one end-to-end test may change that the tests after it would meet: the console's settings (language,
// theme, scope, alert rules...), the simulator's faults, its phones' registrations, and the supervisor's phone
// left on a monitoring leg or a call. `restoreAfterEach` notes them before each test and puts back what
// changed after it, pass or fail, so one failure (or a timeout half-way) never cascades into the next tests.
import { afterEach, beforeEach } from 'vitest';
import type { ConsoleSettings } from '../../../common/settings';
import type { E2eStack } from './stack';

/** Written by a connect (the profile it used): putting them back would reconnect, so they are left alone. */
const CONNECTION_KEYS: ReadonlySet<string> = new Set(['timezone', 'ownExtension']);

interface Noted {
  settings: ConsoleSettings | null;
  registered: Map<string, boolean>;
  /** 'ext|callId' of each monitoring leg and supervisor call there was before the test. */
  legs: Set<string>;
}

/** The supervisor phones' legs (extensions no agent owns): monitoring legs and calls. */
function supervisorLegs(stack: E2eStack): Map<string, string> {
  const state = stack.sim.control.state();
  const legs = new Map<string, string>();
  for (const m of state.monitors) legs.set(`${m.ext}|${m.callId}`, m.ext);
  for (const e of state.extensions) if (e.agentId === null && e.callId !== null) legs.set(`${e.number}|${e.callId}`, e.number);
  return legs;
}

async function settingsOf(stack: E2eStack): Promise<ConsoleSettings | null> {
  const r = await stack.core.invoke('settings:get', undefined);
  return r.ok ? (r.data as ConsoleSettings) : null;
}

/**
 * Register the hooks: `stack` is read at each test (the file's beforeAll starts it). A file whose tests build
 * on the settings the one before chose (the theme a later screenshot shows, an alert rule the wallboard then
 * shows) passes `settings: false`: its faults, registrations and phone legs are still put back.
 */
export function restoreAfterEach(stack: () => E2eStack | undefined, options: { settings?: boolean } = {}): void {
  const restoreSettings = options.settings ?? true;
  let noted: Noted | null = null;
  beforeEach(async () => {
    const s = stack();
    if (!s) return;
    noted = {
      settings: restoreSettings ? await settingsOf(s) : null,
      registered: new Map(s.sim.control.state().extensions.map((e) => [e.number, e.registered])),
      legs: new Set(supervisorLegs(s).keys()),
    };
  });
  afterEach(async () => {
    const s = stack();
    const before = noted;
    noted = null;
    if (!s || !before) return;
    s.sim.control.clearFaults();
    for (const e of s.sim.control.state().extensions) {
      const was = before.registered.get(e.number);
      if (was !== undefined && was !== e.registered) s.sim.control.setRegistered(e.number, was);
    }
    for (const [key, ext] of supervisorLegs(s)) if (!before.legs.has(key)) s.sim.control.hangupExtension(ext);
    const now = restoreSettings ? await settingsOf(s) : null;
    if (before.settings && now) {
      const patch: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(before.settings)) {
        if (!CONNECTION_KEYS.has(key) && JSON.stringify(value) !== JSON.stringify(now[key as keyof ConsoleSettings])) patch[key] = value;
      }
      if (Object.keys(patch).length > 0) await s.core.invoke('settings:update', patch);
    }
  });
}
