// Localised formatting for live counters, times and numbers, and the console's locale: the one copy for
// the renderer (console, browser notifications) and the desktop shell (tray, native notifications), so a
// time reads the same everywhere ("14:05", 24-hour as on a call-center floor, in every language). Formatters
// are cached per locale because Intl constructors are slow and a 10,000-row floor formats on every tick.
import type { Locale } from './domain';
import type { ConsoleSettings } from './settings';

/** The setting's locale, or for 'auto' the closest to the system language (navigator.language, app.getLocale()). */
export function resolveLocale(setting: ConsoleSettings['locale'], systemLanguage: string): Locale {
  if (setting !== 'auto') return setting;
  const lang = systemLanguage.toLowerCase();
  if (lang.startsWith('vi')) return 'vi';
  if (lang.startsWith('pt')) return 'pt-BR';
  return 'en';
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => T,
): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** Elapsed seconds (a wait, a time in state) as m:ss, or h:mm:ss past an hour (the wallboard convention; digits need no locale). */
export function formatDuration(totalSec: number): string {
  const s = Math.max(0, Math.floor(totalSec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Seconds elapsed from `since` to `now` (both epoch ms), never negative (clock skew between hosts). */
export function elapsedSec(since: number, now: number): number {
  return Math.max(0, Math.floor((now - since) / 1000));
}

export function formatNumber(locale: string, n: number, maxFractionDigits = 0): string {
  return cached(`n:${locale}:${maxFractionDigits}`, () =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: maxFractionDigits }),
  ).format(n);
}

export function formatPercent(locale: string, pct: number): string {
  return cached(`p:${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })).format(
    pct / 100,
  );
}

/** Clock time of day (24 h, as on a call-center floor), in the console's own zone; PBX times arrive as UTC epoch ms. */
export function formatTime(locale: string, at: number, seconds = false): string {
  return cached(`t:${locale}:${seconds}`, () =>
    new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(seconds ? { second: '2-digit' } : {}) }),
  ).format(at);
}

/** "2 s ago" / "há 2 s" / "2 giây trước", from the platform's own translations. */
export function formatAge(locale: string, ageSec: number): string {
  const rtf = cached(`r:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'narrow' }));
  if (ageSec < 60) return rtf.format(-Math.max(0, Math.floor(ageSec)), 'second');
  if (ageSec < 3600) return rtf.format(-Math.floor(ageSec / 60), 'minute');
  return rtf.format(-Math.floor(ageSec / 3600), 'hour');
}
