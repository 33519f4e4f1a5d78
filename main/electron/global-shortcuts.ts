// System-wide hotkeys (settings.shortcuts): barge / listen / whisper on the call selected in the console,
// and one to bring the window forward. A held key auto-repeats (Windows sends a press every ~30 ms), so a
// guard here lets one action through per press-and-hold; the core also locks per call. Results reach the
// renderer through the core's 'action:done' event. A combination the OS refuses is reported by name.
import { globalShortcut } from 'electron';
import type { CallAction } from '../../common/domain';
import type { ConsoleSettings } from '../../common/settings';
import type { Selection } from '../core/create-core';
import type { Core } from '../core/host';
import type { CoreState } from './core-state';
import { resolveLocale } from '../../common/format';
import { messagesFor } from './messages';

type ShortcutAction = keyof ConsoleSettings['shortcuts'];
const SHORTCUT_ACTIONS = ['barge', 'listen', 'whisper', 'show'] as const satisfies readonly ShortcutAction[];

/** A new action needs the key released for this long: auto-repeat never leaves such a gap. */
const REPEAT_QUIET_MS = 600;

/**
 * In-flight lock plus quiet period: `tryPress()` is true only when no action is running and no press came
 * in the last `quietMs` (every press, accepted or not, restarts the quiet period).
 */
export function createRepeatGuard(quietMs: number, now: () => number): { tryPress(): boolean; done(): void } {
  let inFlight = false;
  let lastPress = -Infinity;
  return {
    tryPress() {
      const t = now();
      const accept = !inFlight && t - lastPress >= quietMs;
      lastPress = t;
      if (accept) inFlight = true;
      return accept;
    },
    done() {
      inFlight = false;
    },
  };
}

export interface ShortcutProblem {
  action: ShortcutAction;
  accelerator: string;
}

interface ShortcutDeps {
  core: Core;
  state: CoreState;
  /** The renderer's current selection, as the core last heard it ('ui:set-selection'). */
  getSelection: () => Selection | null;
  showWindow: () => void;
  /** A native notification (title, body). */
  notify: (title: string, body: string) => void;
  /** Told after each (re)registration which combinations could not be registered (empty when all did). */
  onProblems: (problems: ShortcutProblem[]) => void;
  systemLocale: () => string;
  now?: () => number;
}

export function registerShortcuts(deps: ShortcutDeps): () => void {
  const guard = createRepeatGuard(REPEAT_QUIET_MS, deps.now ?? Date.now);
  const messages = () => messagesFor(resolveLocale(deps.state.get().settings.locale, deps.systemLocale()));
  let registered: string[] = [];
  let current = '';

  const act = (action: CallAction): void => {
    if (!guard.tryPress()) return;
    const selection = deps.getSelection();
    if (!selection || selection.panel !== 'calls' || !selection.id) {
      const m = messages();
      deps.notify(m.selectCallFirst, m.selectCallFirstBody(m.actions[action as ShortcutAction]));
      guard.done();
      return;
    }
    void deps.core.invoke('call:act', { callId: selection.id, action }, 'global-shortcut').finally(() => guard.done());
  };

  const handlers: Record<ShortcutAction, () => void> = {
    barge: () => act('barge'),
    listen: () => act('listen'),
    whisper: () => act('whisper'),
    show: () => deps.showWindow(),
  };

  const apply = (shortcuts: ConsoleSettings['shortcuts']): void => {
    const key = JSON.stringify(shortcuts);
    if (key === current) return;
    current = key;
    for (const accelerator of registered) globalShortcut.unregister(accelerator);
    registered = [];
    const problems: ShortcutProblem[] = [];
    for (const action of SHORTCUT_ACTIONS) {
      const accelerator = shortcuts[action].trim();
      if (accelerator === '') continue; // the supervisor switched this one off
      let ok: boolean;
      try {
        ok = globalShortcut.register(accelerator, handlers[action]);
      } catch {
        ok = false; // Electron throws on a string it cannot parse as an accelerator
      }
      if (ok) registered.push(accelerator);
      else problems.push({ action, accelerator });
    }
    const m = messages();
    for (const p of problems) deps.notify(m.shortcutFailedTitle, m.shortcutFailedBody(p.accelerator, m.actions[p.action]));
    deps.onProblems(problems);
  };

  const off = deps.state.onChange((key, state) => {
    if (key === 'settings') apply(state.settings.shortcuts);
  });
  apply(deps.state.get().settings.shortcuts);
  return () => {
    off();
    for (const accelerator of registered) globalShortcut.unregister(accelerator);
    registered = [];
  };
}
